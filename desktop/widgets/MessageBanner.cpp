#include "MessageBanner.h"

#include "ApiError.h"

#include <QEvent>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// Selected by the "kind" property; Info stays a plain line in the palette's colours.
const QString BannerStyle = uR"(
td--MessageBanner[kind="success"] { background: #e8f5e9; color: #1b5e20; border: 1px solid #a5d6a7;
                                    border-radius: 3px; padding: 4px 8px; }
td--MessageBanner[kind="warning"] { background: #fff4e0; color: #8a5a00; border: 1px solid #e8c27a;
                                    border-radius: 3px; padding: 4px 8px; }
td--MessageBanner[kind="error"] { background: #fdecea; color: #8a1c12; border: 1px solid #e0a39c;
                                  border-radius: 3px; padding: 4px 8px; }
)"_s;

QString kindName(MessageBanner::Kind kind)
{
    switch (kind) {
    case MessageBanner::Kind::Info:
        return u"info"_s;
    case MessageBanner::Kind::Success:
        return u"success"_s;
    case MessageBanner::Kind::Warning:
        return u"warning"_s;
    case MessageBanner::Kind::Error:
        return u"error"_s;
    }
    return {};
}

} // namespace

MessageBanner::MessageBanner(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setStyleSheet(BannerStyle);
    setKind(Kind::Info);
    hide();
}

void MessageBanner::showMessage(Text text, Kind kind)
{
    m_text = std::move(text);
    setKind(kind);
    const QString shown = m_text ? m_text() : QString();
    setText(shown);
    setVisible(!shown.isEmpty());
}

void MessageBanner::clearMessage()
{
    showMessage({});
}

void MessageBanner::setKind(Kind kind)
{
    m_kind = kind;
    setProperty("kind", kindName(kind));
    // A property selector is only re-evaluated on a new polish.
    style()->unpolish(this);
    style()->polish(this);
}

void MessageBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange && m_text)
        setText(m_text());
    QLabel::changeEvent(event);
}

void MessageBanner::showApiError(const ApiError &error, Text forbidden, Text notFound)
{
    switch (error.kind) {
    case ApiError::Kind::Unauthorized:
        showError([] { return tr("Your session has expired. Sign in again, then click Refresh."); });
        return;
    case ApiError::Kind::Forbidden:
        showError(std::move(forbidden));
        return;
    case ApiError::Kind::NotFound:
        if (notFound) {
            showError(std::move(notFound));
            return;
        }
        break;
    case ApiError::Kind::Network:
        showError([] { return tr("The server cannot be reached. Check the connection, then click Refresh."); });
        return;
    default:
        break;
    }
    const QString message = error.message;
    //: %1 is the server's explanation (in English).
    showError([message] { return tr("The server refused: %1").arg(message); });
}

} // namespace td
