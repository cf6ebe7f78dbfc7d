#include "ReviewFilterBar.h"

#include "widgets/StudyChooser.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

using namespace Qt::StringLiterals;

namespace td {

ReviewFilterBar::ReviewFilterBar(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_layout(new QHBoxLayout(this))
    , m_studyLabel(new QLabel(this))
    , m_questionnaireLabel(new QLabel(this))
    , m_statusLabel(new QLabel(this))
    , m_studyCombo(new StudyChooser(api, this))
    , m_questionnaireEdit(new QLineEdit(this))
    , m_statusCombo(new QComboBox(this))
    , m_sinceCheck(new QCheckBox(this))
    , m_sinceEdit(new QDateEdit(QDate::currentDate().addDays(-30), this))
    , m_untilCheck(new QCheckBox(this))
    , m_untilEdit(new QDateEdit(QDate::currentDate(), this))
{
    m_studyCombo->setObjectName(u"studyCombo"_s);
    m_questionnaireEdit->setObjectName(u"questionnaireEdit"_s);
    m_questionnaireEdit->setClearButtonEnabled(true);
    m_statusCombo->setObjectName(u"reviewStatusCombo"_s);
    for (const QString &status : {u"pending"_s, u"reviewed"_s, u"queried"_s, QString()})
        m_statusCombo->addItem(QString(), status); // texts in retranslateUi()
    m_sinceCheck->setObjectName(u"sinceCheck"_s);
    m_untilCheck->setObjectName(u"untilCheck"_s);
    for (QDateEdit *edit : {m_sinceEdit, m_untilEdit}) {
        edit->setCalendarPopup(true);
        edit->setEnabled(false);
    }
    m_sinceEdit->setObjectName(u"sinceEdit"_s);
    m_untilEdit->setObjectName(u"untilEdit"_s);

    m_studyLabel->setBuddy(m_studyCombo);
    m_questionnaireLabel->setBuddy(m_questionnaireEdit);
    m_statusLabel->setBuddy(m_statusCombo);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->addWidget(m_studyLabel);
    m_layout->addWidget(m_studyCombo, 2);
    m_layout->addWidget(m_questionnaireLabel);
    m_layout->addWidget(m_questionnaireEdit, 1);
    m_layout->addWidget(m_statusLabel);
    m_layout->addWidget(m_statusCombo);
    m_layout->addWidget(m_sinceCheck);
    m_layout->addWidget(m_sinceEdit);
    m_layout->addWidget(m_untilCheck);
    m_layout->addWidget(m_untilEdit);

    connect(m_studyCombo, &QComboBox::currentIndexChanged, this, &ReviewFilterBar::emitChanged);
    connect(m_studyCombo, &StudyChooser::studiesLoaded, this, &ReviewFilterBar::emitChanged);
    connect(m_statusCombo, &QComboBox::currentIndexChanged, this, &ReviewFilterBar::emitChanged);
    connect(m_questionnaireEdit, &QLineEdit::editingFinished, this, [this] {
        if (m_questionnaireEdit->text().trimmed() != m_appliedQuestionnaire)
            emitChanged();
    });
    connect(m_sinceCheck, &QCheckBox::toggled, m_sinceEdit, &QWidget::setEnabled);
    connect(m_untilCheck, &QCheckBox::toggled, m_untilEdit, &QWidget::setEnabled);
    connect(m_sinceCheck, &QCheckBox::toggled, this, &ReviewFilterBar::emitChanged);
    connect(m_untilCheck, &QCheckBox::toggled, this, &ReviewFilterBar::emitChanged);
    connect(m_sinceEdit, &QDateEdit::dateChanged, this, &ReviewFilterBar::emitChanged);
    connect(m_untilEdit, &QDateEdit::dateChanged, this, &ReviewFilterBar::emitChanged);
    retranslateUi();
}

ApiClient::SubmissionQuery ReviewFilterBar::query() const
{
    ApiClient::SubmissionQuery query;
    query.projectCode = m_studyCombo->currentCode();
    query.questionnaire = m_questionnaireEdit->text().trimmed();
    query.reviewStatus = m_statusCombo->currentData().toString();
    if (m_sinceCheck->isChecked())
        query.since = m_sinceEdit->date().startOfDay();
    if (m_untilCheck->isChecked())
        query.until = m_untilEdit->date().addDays(1).startOfDay(); // the whole "to" day
    return query;
}

void ReviewFilterBar::addTrailingWidget(QWidget *widget)
{
    m_layout->addWidget(widget);
}

void ReviewFilterBar::emitChanged()
{
    m_appliedQuestionnaire = m_questionnaireEdit->text().trimmed();
    Q_EMIT filtersChanged();
}

void ReviewFilterBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ReviewFilterBar::retranslateUi()
{
    m_studyLabel->setText(tr("S&tudy:"));
    m_questionnaireLabel->setText(tr("Q&uestionnaire:"));
    m_statusLabel->setText(tr("Stat&us:"));
    m_questionnaireEdit->setPlaceholderText(tr("All questionnaires"));
    m_sinceCheck->setText(tr("&From"));
    m_untilCheck->setText(tr("&To"));
    // Item texts only: the chosen filters, the queue and its selection stay as they are.
    for (int i = 0; i < m_statusCombo->count(); ++i) {
        const QString status = m_statusCombo->itemData(i).toString();
        m_statusCombo->setItemText(i, status.isEmpty()          ? tr("All")
                                      : status == u"pending"_s  ? tr("Pending")
                                      : status == u"reviewed"_s ? tr("Reviewed")
                                                                : tr("Queried"));
    }
}

} // namespace td
