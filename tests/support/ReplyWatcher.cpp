#include "ReplyWatcher.h"

#include <QChildEvent>
#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QTest>

namespace td::test {

ReplyWatcher::ReplyWatcher(QObject *parent)
    : QObject(parent)
{
    QCoreApplication::instance()->installEventFilter(this);
}

ReplyWatcher::~ReplyWatcher()
{
    QCoreApplication::instance()->removeEventFilter(this);
}

bool ReplyWatcher::eventFilter(QObject *watched, QEvent *event)
{
    // A manager is the parent of the replies it creates. The child is still being
    // constructed here, so it is looked at once the event loop runs again: before
    // any answer can reach it (those come through the same event loop, later).
    if (event->type() == QEvent::ChildAdded && qobject_cast<QNetworkAccessManager *>(watched)) {
        const QPointer<QObject> child = static_cast<QChildEvent *>(event)->child();
        QMetaObject::invokeMethod(
            this, [this, child] { track(child); }, Qt::QueuedConnection);
    }
    return QObject::eventFilter(watched, event);
}

void ReplyWatcher::track(QObject *child)
{
    auto *reply = qobject_cast<QNetworkReply *>(child);
    if (!reply)
        return;
    if (reply->operation() != QNetworkAccessManager::GetOperation
        && reply->operation() != QNetworkAccessManager::HeadOperation)
        ++m_writesStarted;
    const auto record = [this, reply] {
        const QUrl url = reply->url();
        m_finished.append({url.path() + (url.hasQuery() ? u'?' + url.query(QUrl::FullyEncoded) : QString()),
                           reply->error() == QNetworkReply::OperationCanceledError});
    };
    if (reply->isFinished())
        record();
    else
        connect(reply, &QNetworkReply::finished, this, record);
}

void ReplyWatcher::settle()
{
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

int ReplyWatcher::finishedCount(const QRegularExpression &pattern) const
{
    return int(std::count_if(m_finished.cbegin(), m_finished.cend(),
                             [&](const Finished &f) { return pattern.match(f.target).hasMatch(); }));
}

bool ReplyWatcher::waitForFinished(const QRegularExpression &pattern, int atLeast, int timeoutMs) const
{
    return QTest::qWaitFor([&] { return finishedCount(pattern) >= atLeast; }, timeoutMs);
}

} // namespace td::test
