// The details panel says how intake matched the submission to its schedule (issue
// #15), without a server: duplicates and unscheduled ones explained for the reviewer.

#include "review/SubmissionDetailsPanel.h"

#include <QLabel>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using td::SubmissionDetailsPanel;

class TestSubmissionDetailsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void entryLine_data();
    void entryLine();
};

void TestSubmissionDetailsPanel::entryLine_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<int>("day"); // -1: none
    QTest::addColumn<QString>("line");

    QTest::newRow("received") << u"received"_s << 5 << u"Entry: Received (day 5)"_s;
    QTest::newRow("late") << u"late"_s << 4 << u"Entry: Late (day 4)"_s;
    QTest::newRow("duplicate") << u"duplicate"_s << 5
                               << u"Entry: duplicate – the entry was already fulfilled; stored, but not counted"_s;
    QTest::newRow("unscheduled") << u"unscheduled"_s << -1
                                 << u"Entry: unscheduled – no entry was due or open when it was filled in"_s;
    QTest::newRow("no schedule") << QString() << -1 << QString();
}

void TestSubmissionDetailsPanel::entryLine()
{
    QFETCH(QString, state);
    QFETCH(int, day);
    QFETCH(QString, line);
    td::QuestionnaireSubmission s;
    s.id = 42;
    s.subjectId = u"S-1"_s;
    s.projectCode = u"P-1"_s;
    s.questionnaire = u"diary"_s;
    s.answers = QJsonObject{{u"q1"_s, 1}};
    s.submitAt = QDateTime(QDate(2026, 5, 1), QTime(8, 30), QTimeZone::utc());
    s.receivedAt = s.submitAt;
    s.entryState = state;
    if (day >= 0)
        s.entryDay = day;
    SubmissionDetailsPanel panel;
    panel.setSubmission(&s);
    const QStringList lines = panel.findChild<QLabel *>(u"detailsLabel"_s)->text().split(u'\n');
    const QStringList entryLines = lines.filter(u"Entry:"_s);
    QCOMPARE(entryLines, line.isEmpty() ? QStringList() : QStringList{line});
}

QTEST_MAIN(TestSubmissionDetailsPanel)
#include "tst_submissiondetailspanel.moc"
