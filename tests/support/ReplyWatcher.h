#pragma once

#include <QList>
#include <QObject>
#include <QRegularExpression>
#include <QString>

namespace td::test {

// Sees every QNetworkReply the application's QNetworkAccessManagers create, even
// ones private to the code under test (ApiClient), and records when each finished.
// It connects to a reply's finished() after the code that sent the request did (that
// code awaits the reply as soon as it is created), so once a reply counts as finished
// here, the code under test has already handled its answer, its error or its abort.
// That turns "a late answer changes nothing" into a check with an end: release the
// answer, wait until its reply finished, then look.
class ReplyWatcher : public QObject
{
    Q_OBJECT
public:
    struct Finished {
        QString target; // path and query
        bool aborted = false;
    };

    // Watches from construction to destruction.
    explicit ReplyWatcher(QObject *parent = nullptr);
    ~ReplyWatcher() override;

    QList<Finished> finished() const { return m_finished; }
    // How many requests other than GET and HEAD have gone out. Code under test
    // creates its reply before it first waits, so right after the action that would
    // send, settle() and this tell whether it sent: "nothing was sent" has an end too.
    int writesStarted() const { return m_writesStarted; }
    // Looks at the replies created so far (they are looked at one event-loop turn later).
    void settle();
    // How many replies to requests whose target matches `pattern` have finished.
    int finishedCount(const QRegularExpression &pattern) const;
    bool waitForFinished(const QRegularExpression &pattern, int atLeast = 1, int timeoutMs = 30'000) const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void track(QObject *child);

    QList<Finished> m_finished;
    int m_writesStarted = 0;
};

} // namespace td::test
