#include "FormErrors.h"

#include "widgets/MessageBanner.h"

#include <QLabel>
#include <QPalette>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

FormErrors::FormErrors(MessageBanner *banner, std::function<QString(const QString &key)> fieldName, QObject *parent)
    : QObject(parent)
    , m_banner(banner)
    , m_fieldName(std::move(fieldName))
{}

QWidget *FormErrors::addField(QWidget *field, const QString &key, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    auto *error = new QLabel(box);
    error->setObjectName(key + u"ErrorLabel"_s);
    // The same red as the error banner's text; a palette rather than another style sheet.
    QPalette palette = error->palette();
    palette.setColor(QPalette::WindowText, QColor(0x8a, 0x1c, 0x12));
    error->setPalette(palette);
    error->setWordWrap(true);
    error->setTextFormat(Qt::PlainText);
    error->setVisible(false);
    layout->addWidget(error);
    m_errorLabels.insert(key, error);
    m_fields.insert(key, field);
    return box;
}

void FormErrors::clear()
{
    for (QLabel *label : std::as_const(m_errorLabels)) {
        label->clear();
        label->setVisible(false);
    }
    m_banner->clearMessage();
}

void FormErrors::showFieldError(const QString &key, const QString &problem)
{
    QLabel *label = m_errorLabels.value(key);
    if (!label) {
        // A field this form does not have: say it in the general message.
        showMessage(tr("%1: %2").arg(key, problem));
        return;
    }
    //: Shown under a form field: %1 is the field's name, %2 the problem ("is already in use").
    label->setText(tr("%1 %2.").arg(m_fieldName(key), problem));
    label->setVisible(true);
}

void FormErrors::showMessage(const QString &text)
{
    m_banner->showMessage([text] { return text; }, MessageBanner::Kind::Error);
}

bool FormErrors::showFields(const ApiError &error, const QString &summary)
{
    if (error.fields.isEmpty())
        return false;
    for (auto it = error.fields.cbegin(); it != error.fields.cend(); ++it)
        showFieldError(it.key(), it.value());
    if (message().isEmpty())
        showMessage(summary);
    if (QWidget *field = m_fields.value(error.fields.firstKey()))
        field->setFocus();
    return true;
}

QString FormErrors::fieldError(const QString &key) const
{
    const QLabel *label = m_errorLabels.value(key);
    return label && !label->isHidden() ? label->text() : QString();
}

bool FormErrors::showRefusal(const ApiError &error, const RefusalTexts &texts)
{
    if (showFields(error, texts.fieldsSummary))
        return true;
    switch (error.kind) {
    case ApiError::Kind::Unauthorized:
        showMessage(texts.unauthorized);
        break;
    case ApiError::Kind::Forbidden:
        showMessage(texts.forbidden);
        break;
    case ApiError::Kind::Network:
        showMessage(texts.network);
        break;
    default:
        if (error.kind == ApiError::Kind::NotFound && !texts.notFound.isEmpty())
            showMessage(texts.notFound);
        else
            showMessage(texts.other.arg(error.message));
        break;
    }
    return false;
}

QString FormErrors::message() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

} // namespace td
