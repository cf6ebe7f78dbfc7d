#include "LiveIndicator.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace td {

LiveIndicator::LiveIndicator(EventStream &stream, QWidget *parent)
    : QWidget(parent)
    , m_stream(stream)
    , m_dot(new QLabel(this))
    , m_label(new QLabel(this))
{
    setObjectName(u"liveIndicator"_s);
    m_dot->setObjectName(u"liveIndicatorDot"_s);
    m_label->setObjectName(u"liveIndicatorLabel"_s);
    m_dot->setTextFormat(Qt::PlainText);
    m_label->setTextFormat(Qt::PlainText);
    // A symbol, the same in every language.
    m_dot->setText(u"\u25CF"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(4);
    layout->addWidget(m_dot);
    layout->addWidget(m_label);
    connect(&m_stream, &EventStream::stateChanged, this, &LiveIndicator::update);
    connect(&m_stream, &EventStream::eventReceived, this, &LiveIndicator::update);
    update();
}

QString LiveIndicator::text() const
{
    return m_label->text();
}

QString LiveIndicator::stateText(EventStream::State state)
{
    switch (state) {
    case EventStream::State::Live:
        //: Status bar: updates from the server arrive as they happen.
        return tr("Live");
    case EventStream::State::Connecting:
        return tr("Connecting…");
    case EventStream::State::Reconnecting:
        return tr("Reconnecting…");
    case EventStream::State::Unauthorized:
        //: Status bar: the server refused the session for live updates.
        return tr("Signed out");
    case EventStream::State::Disconnected:
        break;
    }
    return tr("Offline");
}

void LiveIndicator::update()
{
    const EventStream::State state = m_stream.state();
    m_label->setText(stateText(state));
    QColor colour(0x9e, 0x9e, 0x9e); // grey: offline
    if (state == EventStream::State::Live)
        colour = QColor(0x1b, 0x7a, 0x2e);
    else if (state == EventStream::State::Connecting || state == EventStream::State::Reconnecting)
        colour = QColor(0xb0, 0x60, 0x00);
    else if (state == EventStream::State::Unauthorized)
        colour = QColor(0xb0, 0x00, 0x20);
    QPalette palette = m_dot->palette();
    palette.setColor(QPalette::WindowText, colour);
    m_dot->setPalette(palette);
    const QDateTime last = m_stream.lastEventTime();
    const QString tip =
        last.isValid()
            ? tr("Last update from the server: %1").arg(QLocale().toString(last.toLocalTime(), QLocale::LongFormat))
            : tr("No updates from the server yet.");
    QString explanation;
    if (state == EventStream::State::Unauthorized)
        explanation = tr("The server no longer accepts this session: sign in again for live updates.");
    else if (state == EventStream::State::Reconnecting)
        explanation = tr("The connection to the server was lost; trying again.");
    setToolTip(explanation.isEmpty() ? tip : explanation + u'\n' + tip);
}

void LiveIndicator::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        update();
    QWidget::changeEvent(event);
}

} // namespace td
