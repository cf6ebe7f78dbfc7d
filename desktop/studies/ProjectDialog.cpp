#include "ProjectDialog.h"

#include "studies/ProjectTableModel.h"
#include "widgets/EditForm.h"
#include "widgets/FormErrors.h"
#include "widgets/TimeZoneCombo.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace td {

namespace {

constexpr int NoTarget = -1; // the spin box's "Not set" value

QStringList sitesFrom(const QString &text)
{
    QStringList sites;
    const QStringList lines = text.split(u'\n');
    for (const QString &line : lines) {
        if (const QString site = line.trimmed(); !site.isEmpty())
            sites << site;
    }
    return sites;
}

} // namespace

ProjectDialog::ProjectDialog(ApiClient &api, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
{
    buildUi();
    fill(Project{});
    m_codeEdit->setFocus();
}

ProjectDialog::ProjectDialog(ApiClient &api, const Project &project, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_original(project)
{
    buildUi();
    fill(project);
    m_codeEdit->setReadOnly(true);
    m_titleEdit->setFocus();
}

void ProjectDialog::buildUi()
{
    setObjectName(u"projectDialog"_s);
    m_codeEdit = new QLineEdit(this);
    m_codeEdit->setObjectName(u"codeEdit"_s);
    m_codeEdit->setMaxLength(32);
    m_titleEdit = new QLineEdit(this);
    m_titleEdit->setObjectName(u"titleEdit"_s);
    m_titleEdit->setMaxLength(200);
    m_phaseCombo = new QComboBox(this);
    m_phaseCombo->setObjectName(u"phaseCombo"_s);
    for (const QString &phase : Project::phases())
        m_phaseCombo->addItem(phase, phase);
    m_statusCombo = new QComboBox(this);
    m_statusCombo->setObjectName(u"statusCombo"_s);
    for (const QString &status : Project::statuses())
        m_statusCombo->addItem(QString(), status);
    m_sponsorEdit = new QLineEdit(this);
    m_sponsorEdit->setObjectName(u"sponsorEdit"_s);
    m_sponsorEdit->setMaxLength(200);
    m_piEdit = new QLineEdit(this);
    m_piEdit->setObjectName(u"principalInvestigatorEdit"_s);
    m_piEdit->setMaxLength(200);

    auto dateRow = [this](QCheckBox *&check, QDateEdit *&edit, const QString &name) {
        auto *row = new QWidget(this);
        auto *layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        check = new QCheckBox(row);
        check->setObjectName(name + u"Check"_s);
        edit = new QDateEdit(row);
        edit->setObjectName(name + u"Edit"_s);
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(u"yyyy-MM-dd"_s);
        edit->setDate(QDate::currentDate());
        edit->setEnabled(false);
        connect(check, &QCheckBox::toggled, edit, &QWidget::setEnabled);
        layout->addWidget(check);
        layout->addWidget(edit, 1);
        return row;
    };
    QWidget *startRow = dateRow(m_startDateCheck, m_startDateEdit, u"startDate"_s);
    QWidget *endRow = dateRow(m_endDateCheck, m_endDateEdit, u"endDate"_s);

    m_targetSpin = new QSpinBox(this);
    m_targetSpin->setObjectName(u"targetEnrollmentSpin"_s);
    m_targetSpin->setRange(NoTarget, 10'000'000);
    m_targetSpin->setAccelerated(true);
    m_sitesEdit = new QPlainTextEdit(this);
    m_sitesEdit->setObjectName(u"sitesEdit"_s);
    m_sitesEdit->setTabChangesFocus(true);
    m_sitesEdit->setFixedHeight(m_sitesEdit->fontMetrics().lineSpacing() * 4 + 12);
    m_timeZoneCombo = new TimeZoneCombo(this);
    m_timeZoneCombo->setObjectName(u"timeZoneCombo"_s);

    const QList<EditForm::Row> rows = {
        {u"code"_s, m_codeEdit},
        {u"title"_s, m_titleEdit},
        {u"phase"_s, m_phaseCombo},
        {u"status"_s, m_statusCombo},
        {u"sponsor"_s, m_sponsorEdit},
        {u"principalInvestigator"_s, m_piEdit},
        {u"startDate"_s, startRow, m_startDateCheck},
        {u"endDate"_s, endRow, m_endDateCheck},
        {u"targetEnrollment"_s, m_targetSpin},
        {u"sites"_s, m_sitesEdit},
        {u"timeZone"_s, m_timeZoneCombo},
    };
    m_form = new EditForm(this, rows, {u"projectMessageLabel"_s, u"saveButton"_s},
                          [this](const QString &key) { return fieldName(key); });
    connect(m_form->saveButton(), &QPushButton::clicked, this, [this] { save(); });

    retranslateUi();
    setMinimumWidth(520);
}

void ProjectDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

QString ProjectDialog::fieldName(const QString &key) const
{
    if (key == u"code"_s)
        return tr("Code");
    if (key == u"title"_s)
        return tr("Title");
    if (key == u"phase"_s)
        return tr("Phase");
    if (key == u"status"_s)
        return tr("Status");
    if (key == u"sponsor"_s)
        return tr("Sponsor");
    if (key == u"principalInvestigator"_s)
        return tr("Principal investigator");
    if (key == u"startDate"_s)
        return tr("Start date");
    if (key == u"endDate"_s)
        return tr("End date");
    if (key == u"targetEnrollment"_s)
        return tr("Target enrolment");
    if (key == u"sites"_s)
        return tr("Sites");
    if (key == u"timeZone"_s)
        return tr("Time zone");
    return key;
}

void ProjectDialog::retranslateUi()
{
    setWindowTitle(isEditing() ? tr("Edit Study %1").arg(m_original->code) : tr("New Study"));
    m_form->introLabel()->setText(isEditing() ? tr("Change the study's details. The code cannot be changed.")
                                              : tr("Code and title are required; everything else can be added later."));
    m_form->fieldLabel(u"code"_s)->setText(tr("&Code:"));
    m_form->fieldLabel(u"title"_s)->setText(tr("&Title:"));
    m_form->fieldLabel(u"phase"_s)->setText(tr("P&hase:"));
    m_form->fieldLabel(u"status"_s)->setText(tr("St&atus:"));
    m_form->fieldLabel(u"sponsor"_s)->setText(tr("S&ponsor:"));
    m_form->fieldLabel(u"principalInvestigator"_s)->setText(tr("Principal &investigator:"));
    m_form->fieldLabel(u"startDate"_s)->setText(tr("Sta&rt date:"));
    m_form->fieldLabel(u"endDate"_s)->setText(tr("&End date:"));
    m_form->fieldLabel(u"targetEnrollment"_s)->setText(tr("Tar&get enrolment:"));
    m_form->fieldLabel(u"sites"_s)->setText(tr("Site&s:"));
    m_form->fieldLabel(u"timeZone"_s)->setText(tr("Time &zone:"));
    m_timeZoneCombo->setToolTip(tr("Questionnaire schedules run in this zone for subjects without one of their own."));
    m_codeEdit->setPlaceholderText(tr("Letters, digits, '.', '_' or '-', e.g. NCT900"));
    m_sitesEdit->setPlaceholderText(tr("One site per line"));
    m_startDateCheck->setText(tr("Set"));
    m_endDateCheck->setText(tr("Set"));
    //: Target enrolment not given.
    m_targetSpin->setSpecialValueText(tr("Not set"));
    for (int i = 0; i < m_statusCombo->count(); ++i)
        m_statusCombo->setItemText(i, ProjectTableModel::statusText(m_statusCombo->itemData(i).toString()));
    m_form->saveButton()->setText(tr("&Save"));
}

void ProjectDialog::fill(const Project &project)
{
    m_codeEdit->setText(project.code);
    m_titleEdit->setText(project.title);
    m_phaseCombo->setCurrentIndex(qMax(0, m_phaseCombo->findData(project.phase)));
    m_statusCombo->setCurrentIndex(qMax(0, m_statusCombo->findData(project.status)));
    m_sponsorEdit->setText(project.sponsor);
    m_piEdit->setText(project.principalInvestigator);
    m_startDateCheck->setChecked(project.startDate.has_value());
    if (project.startDate)
        m_startDateEdit->setDate(*project.startDate);
    m_endDateCheck->setChecked(project.endDate.has_value());
    if (project.endDate)
        m_endDateEdit->setDate(*project.endDate);
    m_targetSpin->setValue(project.targetEnrollment.value_or(NoTarget));
    m_sitesEdit->setPlainText(project.sites.join(u'\n'));
    m_timeZoneCombo->setZoneId(project.timeZone);
}

bool ProjectDialog::validateLocally()
{
    bool ok = true;
    if (!isEditing()) {
        const QString code = m_codeEdit->text().trimmed();
        if (code.isEmpty()) {
            m_form->errors()->showFieldError(u"code"_s, tr("is required"));
            ok = false;
        } else if (!Project::isValidCode(code)) {
            m_form->errors()->showFieldError(u"code"_s,
                                             tr("may only contain letters, digits, '.', '_' and '-' (at most 32)"));
            ok = false;
        }
    }
    if (m_titleEdit->text().trimmed().isEmpty()) {
        m_form->errors()->showFieldError(u"title"_s, tr("is required"));
        ok = false;
    }
    if (m_startDateCheck->isChecked() && m_endDateCheck->isChecked()
        && m_endDateEdit->date() < m_startDateEdit->date()) {
        m_form->errors()->showFieldError(u"endDate"_s, tr("must not be before the start date"));
        ok = false;
    }
    if (!m_timeZoneCombo->hasValidZone() || m_timeZoneCombo->currentText().trimmed().isEmpty()) {
        m_form->errors()->showFieldError(u"timeZone"_s, tr("is not a known time zone, e.g. Asia/Shanghai"));
        ok = false;
    }
    return ok;
}

Project ProjectDialog::formProject() const
{
    Project project;
    project.code = m_codeEdit->text().trimmed();
    project.title = m_titleEdit->text().trimmed();
    project.phase = m_phaseCombo->currentData().toString();
    project.status = m_statusCombo->currentData().toString();
    project.sponsor = m_sponsorEdit->text().trimmed();
    project.principalInvestigator = m_piEdit->text().trimmed();
    if (m_startDateCheck->isChecked())
        project.startDate = m_startDateEdit->date();
    if (m_endDateCheck->isChecked())
        project.endDate = m_endDateEdit->date();
    if (m_targetSpin->value() != NoTarget)
        project.targetEnrollment = m_targetSpin->value();
    project.sites = sitesFrom(m_sitesEdit->toPlainText());
    project.timeZone = m_timeZoneCombo->zoneId().value_or(Project::defaultTimeZone());
    return project;
}

void ProjectDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_form->setBusy(busy, busy ? tr("Saving…") : tr("&Save"));
}

QCoro::Task<> ProjectDialog::save()
{
    if (m_busy)
        co_return;
    m_form->errors()->clear();
    if (!validateLocally())
        co_return;
    const Project edited = formProject();
    // An edit sends only what changed; null clears an optional field.
    const ProjectPatch patch = isEditing() ? ProjectPatch::between(*m_original, edited) : ProjectPatch();
    if (isEditing() && patch.isEmpty()) {
        m_saved = *m_original;
        accept();
        co_return;
    }

    setBusy(true);
    QPointer<ProjectDialog> self(this);
    Result<Project> result;
    if (isEditing()) {
        const QString code = m_original->code;
        result = co_await m_api.updateProject(code, patch);
    } else {
        result = co_await m_api.createProject(edited);
    }
    if (!self)
        co_return;
    setBusy(false);

    if (result) {
        m_saved = result.value();
        Q_EMIT projectSaved(m_saved);
        accept();
        co_return;
    }
    m_form->errors()->showRefusal(
        result.error(), {tr("The study was not saved. Please correct the fields marked in red."),
                         tr("Your session has expired. Sign in again, then click Save: your entries are kept."),
                         tr("Your role may not create or change studies."),
                         tr("The server cannot be reached; the study was not saved. Try again."),
                         tr("This study no longer exists on the server."),
                         //: %1 is the server's explanation (in English).
                         tr("The study was not saved: %1")});
}

} // namespace td
