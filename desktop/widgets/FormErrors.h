#pragma once

#include "ApiError.h"

#include <QMap>
#include <QObject>
#include <functional>

class QLabel;
class QWidget;

namespace td {

class MessageBanner;

// What is wrong with a form's entries: a line in red under each input concerned
// ("Title is required.") and a banner for the form as a whole. The server's
// per-field problems (ApiError::fields) land under the inputs with the same keys;
// a key the form has no input for goes to the banner.
class FormErrors : public QObject
{
    Q_OBJECT

public:
    // `fieldName` gives the translated name of a field key for the messages.
    FormErrors(MessageBanner *banner, std::function<QString(const QString &key)> fieldName, QObject *parent);

    // `field` with an (empty) error line under it, to put in the form instead of `field`.
    QWidget *addField(QWidget *field, const QString &key, QWidget *parent);
    QList<QWidget *> fields() const { return m_fields.values(); }

    void clear();
    void showFieldError(const QString &key, const QString &problem);
    void showMessage(const QString &text);
    // Shows the server's per-field problems, with `summary` in the banner unless it
    // says something already, and focuses the first input concerned. False when the
    // error names no fields (the caller explains it instead).
    bool showFields(const ApiError &error, const QString &summary);

    // What a dialog says when the server did not save its entries, each text already
    // translated in the dialog's own words.
    struct RefusalTexts {
        QString fieldsSummary; // with the fields marked in red
        QString unauthorized;
        QString forbidden;
        QString network;
        QString notFound; // empty: `other`
        QString other;    // %1: the server's explanation (in English)
    };
    // Shows `error` as the fields concerned or the one message that fits its kind.
    // True when it named fields.
    bool showRefusal(const ApiError &error, const RefusalTexts &texts);

    QString fieldError(const QString &key) const;
    QString message() const;

private:
    MessageBanner *m_banner;
    std::function<QString(const QString &key)> m_fieldName;
    QMap<QString, QWidget *> m_fields;
    QMap<QString, QLabel *> m_errorLabels;
};

} // namespace td
