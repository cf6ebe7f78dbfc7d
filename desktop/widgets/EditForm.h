#pragma once

#include <QList>
#include <QMap>
#include <QObject>
#include <functional>

class QDialog;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QWidget;

namespace td {

class FormErrors;
class MessageBanner;

// The frame every editing dialog shares (a study, an enrolment, a membership): an
// intro line, one labelled row per field with its error line under it (FormErrors),
// the message banner, and Save / Cancel. The dialog makes its fields, hands them
// over, writes the texts, and connects saveButton() to its own save.
class EditForm : public QObject
{
    Q_OBJECT

public:
    struct Row {
        QString key;              // the API field name: "code", "site", ...
        QWidget *field;           // what goes in the form
        QWidget *buddy = nullptr; // what the label's mnemonic focuses (default: field)
    };
    struct Names {
        QString banner; // object names, which tests look for
        QString saveButton;
    };

    // Lays `rows` out in `dialog` (which must have no layout yet); Cancel rejects it.
    EditForm(QDialog *dialog, const QList<Row> &rows, const Names &names,
             std::function<QString(const QString &key)> fieldName);

    QLabel *introLabel() const { return m_introLabel; }
    QLabel *fieldLabel(const QString &key) const { return m_fieldLabels.value(key); }
    FormErrors *errors() const { return m_errors; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    QPushButton *saveButton() const { return m_saveButton; }
    // While a save is on its way: Save (with `saveText`) and the fields are disabled.
    void setBusy(bool busy, const QString &saveText);

private:
    QLabel *m_introLabel;
    MessageBanner *m_banner;
    FormErrors *m_errors;
    QDialogButtonBox *m_buttons;
    QPushButton *m_saveButton;
    QMap<QString, QLabel *> m_fieldLabels;
};

} // namespace td
