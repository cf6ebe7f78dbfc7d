#pragma once

#include <QLabel>
#include <functional>

namespace td {

struct ApiError;

// The message line of a page or dialog: a plain status line (Info), or a coloured
// box for a success, a warning or an error, all from one style sheet so every
// screen looks the same. The text is kept as the way to write it, so a language
// switch rewrites it in the new language; an empty text hides the banner.
class MessageBanner : public QLabel
{
    Q_OBJECT

public:
    enum class Kind { Info, Success, Warning, Error };
    using Text = std::function<QString()>;

    explicit MessageBanner(QWidget *parent = nullptr);

    void showMessage(Text text, Kind kind = Kind::Info);
    void showError(Text text) { showMessage(std::move(text), Kind::Error); }
    // What a page says when the server refuses a request or cannot be reached: the
    // same words on every page (session expired, no connection, the server's own
    // message), but for who may do this (`forbidden`) and, where the page gives
    // one, what no longer exists (`notFound`).
    void showApiError(const ApiError &error, Text forbidden, Text notFound = {});
    // Hides the banner and forgets its text.
    void clearMessage();
    Kind kind() const { return m_kind; }
    bool isError() const { return m_kind == Kind::Error && m_text; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void setKind(Kind kind);

    Text m_text;
    Kind m_kind = Kind::Info;
};

} // namespace td
