#include "EnrolDialog.h"

#include "widgets/AnchorDateField.h"
#include "widgets/EditForm.h"
#include "widgets/FormErrors.h"
#include "widgets/TimeZoneCombo.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDate>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace td {

namespace {

constexpr int FirstBirthYear = 1900;
constexpr int NoBirthYear = FirstBirthYear - 1; // the spin box's "not recorded"

} // namespace

EnrolDialog::EnrolDialog(ApiClient &api, const Project &project, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_project(project)
{
    setObjectName(u"enrolDialog"_s);
    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(u"nameEdit"_s);
    m_nameEdit->setMaxLength(100);
    m_phoneEdit = new QLineEdit(this);
    m_phoneEdit->setObjectName(u"phoneEdit"_s);
    m_phoneEdit->setMaxLength(32);
    m_phoneEdit->setInputMethodHints(Qt::ImhDialableCharactersOnly);
    m_siteCombo = new QComboBox(this);
    m_siteCombo->setObjectName(u"siteCombo"_s);
    // Only the sites the user works at (issue #14): a CRC of one hospital sees that
    // one, chosen already. The server refuses the others anyway.
    const QStringList mySites = m_api.sitesIn(m_project.code);
    for (const QString &site : std::as_const(m_project.sites)) {
        if (mySites.isEmpty() || mySites.contains(site))
            m_siteCombo->addItem(site, site);
    }
    m_sexCombo = new QComboBox(this);
    m_sexCombo->setObjectName(u"sexCombo"_s);
    m_sexCombo->addItem(QString(), QString());
    for (const QString &sex : Subject::sexes())
        m_sexCombo->addItem(QString(), sex);
    m_birthYearSpin = new QSpinBox(this);
    m_birthYearSpin->setObjectName(u"birthYearSpin"_s);
    m_birthYearSpin->setRange(NoBirthYear, QDate::currentDate().year());
    m_birthYearSpin->setValue(NoBirthYear);
    m_subjectIdEdit = new QLineEdit(this);
    m_subjectIdEdit->setObjectName(u"subjectIdEdit"_s);
    m_subjectIdEdit->setMaxLength(64);
    m_subjectIdEdit->setValidator(
        new QRegularExpressionValidator(QRegularExpression(u"[A-Za-z0-9_-]{0,64}"_s), m_subjectIdEdit));

    m_timeZoneCombo = new TimeZoneCombo(this);
    m_timeZoneCombo->setObjectName(u"timeZoneCombo"_s);
    m_timeZoneCombo->setStudyZone(m_project.timeZone);
    m_timeZoneCombo->setZoneId(std::nullopt);
    // Only schedules anchored on the subject's date (e.g. surgery) need it.
    m_anchorDate = new AnchorDateField(this);

    const QList<EditForm::Row> rows = {
        {u"name"_s, m_nameEdit},           {u"phone"_s, m_phoneEdit},
        {u"site"_s, m_siteCombo},          {u"sex"_s, m_sexCombo},
        {u"birthYear"_s, m_birthYearSpin}, {u"subjectId"_s, m_subjectIdEdit},
        {u"timeZone"_s, m_timeZoneCombo},  {u"anchorDate"_s, m_anchorDate, m_anchorDate->checkBox()},
    };
    m_form = new EditForm(this, rows, {u"enrolMessageLabel"_s, u"enrolSaveButton"_s},
                          [this](const QString &key) { return fieldName(key); });
    connect(m_form->saveButton(), &QPushButton::clicked, this, [this] { save(); });
    setMinimumWidth(460);
    retranslateUi();
    m_nameEdit->setFocus();
}

QString EnrolDialog::fieldName(const QString &key) const
{
    if (key == u"name"_s)
        return tr("Name");
    if (key == u"phone"_s)
        return tr("Phone");
    if (key == u"site"_s)
        return tr("Site");
    if (key == u"sex"_s)
        return tr("Sex");
    if (key == u"birthYear"_s)
        return tr("Birth year");
    if (key == u"subjectId"_s)
        return tr("Subject ID");
    if (key == u"timeZone"_s)
        return tr("Time zone");
    if (key == u"anchorDate"_s)
        return tr("Anchor date");
    return key;
}

void EnrolDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void EnrolDialog::retranslateUi()
{
    setWindowTitle(tr("Enrol Subject"));
    //: %1 is the study code, %2 its title.
    m_form->introLabel()->setText(tr("Enrol a subject into %1 – %2.").arg(m_project.code, m_project.title));
    m_form->fieldLabel(u"name"_s)->setText(tr("&Name:"));
    m_form->fieldLabel(u"phone"_s)->setText(tr("&Phone:"));
    m_form->fieldLabel(u"site"_s)->setText(tr("S&ite:"));
    m_form->fieldLabel(u"sex"_s)->setText(tr("Se&x:"));
    m_form->fieldLabel(u"birthYear"_s)->setText(tr("&Birth year:"));
    m_form->fieldLabel(u"subjectId"_s)->setText(tr("Subject &ID:"));
    m_form->fieldLabel(u"timeZone"_s)->setText(tr("Time &zone:"));
    m_form->fieldLabel(u"anchorDate"_s)->setText(tr("&Anchor date:"));
    m_sexCombo->setItemText(0, tr("Not recorded"));
    for (int i = 1; i < m_sexCombo->count(); ++i) {
        const QString sex = m_sexCombo->itemData(i).toString();
        m_sexCombo->setItemText(i, sex == u"female"_s  ? tr("Female")
                                   : sex == u"male"_s  ? tr("Male")
                                   : sex == u"other"_s ? tr("Other")
                                                       : tr("Unknown"));
    }
    m_birthYearSpin->setSpecialValueText(tr("Not recorded"));
    m_subjectIdEdit->setPlaceholderText(tr("Optional: the server assigns one when empty"));
    m_phoneEdit->setPlaceholderText(tr("e.g. 13812345678"));
    setBusy(m_busy);
}

bool EnrolDialog::validateLocally()
{
    bool ok = true;
    if (m_nameEdit->text().trimmed().isEmpty()) {
        m_form->errors()->showFieldError(u"name"_s, tr("is required"));
        ok = false;
    }
    if (m_siteCombo->currentIndex() < 0) {
        m_form->errors()->showFieldError(u"site"_s, tr("is required; add sites to the study first"));
        ok = false;
    }
    if (!m_timeZoneCombo->hasValidZone()) {
        m_form->errors()->showFieldError(u"timeZone"_s, tr("is not a known time zone, e.g. Asia/Shanghai"));
        ok = false;
    }
    return ok;
}

Subject EnrolDialog::formSubject() const
{
    Subject subject;
    subject.subjectId = m_subjectIdEdit->text().trimmed();
    subject.name = m_nameEdit->text().trimmed();
    subject.phone = m_phoneEdit->text().trimmed();
    if (m_siteCombo->currentIndex() >= 0)
        subject.site = m_siteCombo->currentData().toString();
    subject.sex = m_sexCombo->currentData().toString();
    if (m_birthYearSpin->value() != NoBirthYear)
        subject.birthYear = m_birthYearSpin->value();
    subject.timeZone = m_timeZoneCombo->zoneId();
    subject.anchorDate = m_anchorDate->anchorDate();
    return subject;
}

void EnrolDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_form->setBusy(busy, busy ? tr("Enrolling…") : tr("&Enrol"));
}

QCoro::Task<> EnrolDialog::save()
{
    if (m_busy)
        co_return;
    m_form->errors()->clear();
    if (!validateLocally())
        co_return;
    const Subject subject = formSubject();
    const QString code = m_project.code;
    setBusy(true);
    QPointer<EnrolDialog> self(this);
    const Result<ApiClient::Enrolment> result = co_await m_api.enrol(code, subject);
    if (!self)
        co_return;
    setBusy(false);

    if (result) {
        m_enrolment = result.value();
        Q_EMIT enrolled(m_enrolment);
        accept();
        co_return;
    }
    const ApiError &error = result.error();
    const bool fields = m_form->errors()->showRefusal(
        error, {tr("The subject was not enrolled. Please correct the fields marked in red."),
                tr("Your session has expired. Sign in again, then click Enrol: your entries are kept."),
                tr("Your role may not enrol subjects."),
                tr("The server cannot be reached; the subject was not enrolled. Try again."), QString(),
                //: %1 is the server's explanation (in English).
                tr("The subject was not enrolled: %1")});
    if (fields)
        resize(size().expandedTo(sizeHint())); // room for the error lines
}

} // namespace td
