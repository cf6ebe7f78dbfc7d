#include "HoldingProxy.h"
#include "TestServer.h"
#include "app/LanguageManager.h"
#include "net/ApiClient.h"
#include "review/ReviewPage.h"
#include "review/SubmissionQueueModel.h"
#include "vitals/VitalsChartView.h"
#include "vitals/VitalsPage.h"

#include <QAbstractButton>
#include <QAction>
#include <QChart>
#include <QComboBox>
#include <QCoroTask>
#include <QDateEdit>
#include <QDateTimeAxis>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMap>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QValueAxis>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::LanguageManager;
using td::VitalSign;
using td::test::HoldingProxy;
using td::test::TestServer;

namespace {

// Where a text is shown ("QLabel statusLabel #12 text") → the text.
using Texts = QMap<QString, QString>;

// Every text a user can see on `root` and its visible children: labels, buttons,
// placeholders, combo box items, tooltips, table headers, the page's actions, and a
// chart's title, axis titles and legend. Widgets named in `dataWidgets` show data
// (study titles from the server, subject ids) and are left out.
Texts visibleTexts(QWidget *root, const QStringList &dataWidgets)
{
    Texts texts;
    const auto add = [&texts](const QString &where, const QString &text) {
        if (!text.isEmpty())
            texts.insert(where, text);
    };
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (qsizetype i = 0; i < widgets.size(); ++i) {
        QWidget *w = widgets.at(i);
        if (!w->isVisible() || dataWidgets.contains(w->objectName()))
            continue;
        const QString where =
            u"%1 %2 #%3 "_s.arg(QString::fromLatin1(w->metaObject()->className()), w->objectName()).arg(i);
        add(where + u"toolTip"_s, w->toolTip());
        if (auto *label = qobject_cast<QLabel *>(w)) {
            add(where + u"text"_s, label->text());
        } else if (auto *button = qobject_cast<QAbstractButton *>(w)) {
            add(where + u"text"_s, button->text());
        } else if (auto *edit = qobject_cast<QLineEdit *>(w)) {
            add(where + u"placeholderText"_s, edit->placeholderText());
        } else if (auto *group = qobject_cast<QGroupBox *>(w)) {
            add(where + u"title"_s, group->title());
        } else if (auto *combo = qobject_cast<QComboBox *>(w)) {
            for (int item = 0; item < combo->count(); ++item)
                add(where + u"item %1"_s.arg(item), combo->itemText(item));
        } else if (auto *table = qobject_cast<QTableView *>(w); table && table->model()) {
            if (table->horizontalHeader()->isVisible())
                for (int column = 0; column < table->model()->columnCount(); ++column)
                    add(where + u"header %1"_s.arg(column),
                        table->model()->headerData(column, Qt::Horizontal).toString());
        } else if (auto *chartView = qobject_cast<QChartView *>(w)) {
            QChart *chart = chartView->chart();
            add(where + u"chart title"_s, chart->title());
            const QList<QAbstractAxis *> axes = chart->axes();
            for (qsizetype axis = 0; axis < axes.size(); ++axis)
                if (axes.at(axis)->isVisible())
                    add(where + u"axis %1 title"_s.arg(axis), axes.at(axis)->titleText());
            const QList<QAbstractSeries *> series = chart->series();
            for (qsizetype s = 0; s < series.size(); ++s)
                if (series.at(s)->isVisible())
                    add(where + u"series %1 name"_s.arg(s), series.at(s)->name());
        }
    }
    const QList<QAction *> actions = root->actions();
    for (const QAction *action : actions) {
        add(u"action %1 text"_s.arg(action->objectName()), action->text());
        add(u"action %1 toolTip"_s.arg(action->objectName()), action->toolTip());
    }
    return texts;
}

// Texts that read the same in every language: numbers, dates and punctuation (no
// Latin letters), and the units of measurement (SI and medical symbols).
bool languageNeutral(const QString &text)
{
    static const QRegularExpression letters(u"[A-Za-z]"_s);
    static const QRegularExpression unit(u"^(mmHg|mmol/L|mg/dL|bpm|kg|°C|%)$"_s);
    return !letters.match(text).hasMatch() || unit.match(text).hasMatch();
}

bool hasChinese(const QString &text)
{
    static const QRegularExpression han(u"\\p{Han}"_s);
    return han.match(text).hasMatch();
}

// A page under test, in a state worth switching language in.
struct Fixture {
    std::unique_ptr<QWidget> widget;
    // What the user is working on (selection, loaded data, zoom): the same before and after.
    std::function<QString()> state;
    QStringList dataWidgets;
};

QList<VitalSign> syntheticBloodPressure(const QDateTime &start)
{
    QList<VitalSign> list;
    const QList<double> systolic{128, 150, 135, 142, 119};
    const QList<double> diastolic{82, 95, 85, 91, 76};
    for (qsizetype i = 0; i < systolic.size(); ++i) {
        VitalSign v;
        v.id = i + 1;
        v.subjectId = u"SYN1"_s;
        v.type = VitalSign::Type::BloodPressure;
        v.value = systolic.at(i);
        v.value2 = diastolic.at(i);
        v.measuredAt = start.addSecs(i * 3600);
        list << v;
    }
    return list;
}

} // namespace

class TestLanguageSwitch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void pagesFollowTheLanguage_data();
    void pagesFollowTheLanguage();

private:
    Fixture reviewPage(bool withMessage);
    Fixture vitalsPage(bool cancelled);
    Fixture vitalsChart();

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<HoldingProxy> m_proxy;
    std::unique_ptr<ApiClient> m_proxiedApi;
    std::unique_ptr<LanguageManager> m_languages;
};

void TestLanguageSwitch::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--demo"_s, u"--no-request-log"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    m_api = std::make_unique<ApiClient>();
    m_api->setBaseUrl(m_server->url(QString()));
    // Signed in like the app does: the role decides which review actions the page offers.
    QVERIFY(QCoro::waitFor(
        m_api->login(QString::fromUtf16(td::test::kAdminUser), QString::fromUtf16(td::test::kTestPassword))));
    m_proxy = std::make_unique<HoldingProxy>(m_server->url(QString()));
    QVERIFY(m_proxy->listen());
    m_proxiedApi = std::make_unique<ApiClient>();
    m_proxiedApi->setBaseUrl(m_proxy->url());
    m_proxiedApi->setToken(m_api->token());
    m_languages = std::make_unique<LanguageManager>();
    QVERIFY(m_languages->applyLanguage(LanguageManager::English));
}

void TestLanguageSwitch::cleanup()
{
    QVERIFY(m_languages->applyLanguage(LanguageManager::English));
    // A failed row must not leave answers held for the next one.
    m_proxy->holdNothing();
    m_proxy->release(QRegularExpression(u".*"_s));
}

Fixture TestLanguageSwitch::reviewPage(bool withMessage)
{
    auto page = std::make_unique<td::ReviewPage>(*m_api);
    page->resize(1280, 720);
    page->show();
    auto *study = page->findChild<QComboBox *>(u"studyCombo"_s);
    auto *table = page->findChild<QTableView *>(u"queueView"_s);
    td::SubmissionQueueModel *model = page->queueModel();
    if (!QTest::qWaitFor([&] { return study->findData(u"NCT007"_s) >= 0; }, 30000))
        return {};
    study->setCurrentIndex(study->findData(u"NCT007"_s));
    if (!QTest::qWaitFor(
            [&] {
                return model->query().projectCode == u"NCT007"_s && !model->isLoading() && model->rowCount() > 2
                       && table->currentIndex().isValid();
            },
            30000))
        return {};
    table->selectRow(2); // not the default: the selection must survive
    if (withMessage) {
        auto *message = page->findChild<QLabel *>(u"messageLabel"_s);
        page->findChild<QAction *>(u"markReviewedAction"_s)->trigger();
        if (!QTest::qWaitFor([&] { return message->isVisible(); }, 30000))
            return {};
    }
    Fixture fixture;
    fixture.state = [page = page.get(), table, model] {
        const td::QuestionnaireSubmission &s = model->submission(table->currentIndex().row());
        return u"row %1 of %2: submission %3, %4"_s.arg(table->currentIndex().row())
            .arg(model->rowCount())
            .arg(s.id)
            .arg(page->findChild<QComboBox *>(u"reviewStatusCombo"_s)->currentData().toString());
    };
    fixture.dataWidgets = {u"studyCombo"_s};
    fixture.widget = std::move(page);
    return fixture;
}

Fixture TestLanguageSwitch::vitalsPage(bool cancelled)
{
    auto page = std::make_unique<td::VitalsPage>(*m_proxiedApi);
    QSignalSpy loaded(page.get(), &td::VitalsPage::vitalsLoaded); // before show(): it loads the first subject
    page->resize(1200, 700);
    page->show();
    auto *subject = page->findChild<QComboBox *>(u"subjectCombo"_s);
    auto *type = page->findChild<QComboBox *>(u"typeCombo"_s);
    // The demo's first study and subject: the page shows NCT007's SUB123 by itself.
    if (!QTest::qWaitFor(
            [&] {
                return !loaded.isEmpty() && subject->currentData() == u"SUB123"_s
                       && !page->findChild<QPushButton *>(u"cancelVitalsButton"_s)->isVisible();
            },
            30000))
        return {};
    type->setCurrentIndex(type->findData(u"heart_rate"_s)); // not the default: it must stay
    if (cancelled) {
        const QRegularExpression vitals(u"/vitals\\?"_s);
        m_proxy->hold(vitals);
        page->findChild<QDateEdit *>(u"fromEdit"_s)->setDate(QDate::currentDate().addDays(-60));
        if (!m_proxy->waitFor(vitals, {HoldingProxy::State::Held}))
            return {};
        QTest::mouseClick(page->findChild<QPushButton *>(u"cancelVitalsButton"_s), Qt::LeftButton);
        m_proxy->release(vitals);
    }
    Fixture fixture;
    fixture.state = [page = page.get(), subject, type] {
        return u"%1, %2, %3 readings, %4 charted"_s
            .arg(subject->currentData().toString(), type->currentData().toString())
            .arg(page->vitals().size())
            .arg(page->chartView()->readingCount());
    };
    fixture.dataWidgets = {u"studyCombo"_s, u"subjectCombo"_s};
    fixture.widget = std::move(page);
    return fixture;
}

Fixture TestLanguageSwitch::vitalsChart()
{
    auto view = std::make_unique<td::VitalsChartView>();
    view->resize(900, 500);
    view->show();
    const QDateTime start(QDate(2026, 11, 27), QTime(8, 0));
    view->setVitals(VitalSign::Type::BloodPressure, syntheticBloodPressure(start), start, start.addDays(1));
    view->zoomTime(2); // a zoomed view stays zoomed
    Fixture fixture;
    fixture.state = [view = view.get()] {
        return u"%1 readings, %2 flagged, zoomed %3: %4 – %5"_s.arg(view->readingCount())
            .arg(view->outOfRangeCount())
            .arg(view->isZoomed())
            .arg(view->timeAxis()->min().toString(Qt::ISODateWithMs),
                 view->timeAxis()->max().toString(Qt::ISODateWithMs));
    };
    fixture.widget = std::move(view);
    return fixture;
}

void TestLanguageSwitch::pagesFollowTheLanguage_data()
{
    QTest::addColumn<QString>("page");
    QTest::newRow("review page") << u"review"_s;
    QTest::newRow("review page with a message") << u"review message"_s;
    QTest::newRow("vitals page") << u"vitals"_s;
    QTest::newRow("vitals page, loading cancelled") << u"vitals cancelled"_s;
    QTest::newRow("vitals chart") << u"chart"_s;
}

// Settings → Language switches the open window at once: after switching to Chinese
// no text the user sees may still be English, and switching back restores every
// text exactly, without losing what the user was working on.
void TestLanguageSwitch::pagesFollowTheLanguage()
{
    QFETCH(QString, page);
    Fixture fixture = page == u"review"_s             ? reviewPage(false)
                      : page == u"review message"_s   ? reviewPage(true)
                      : page == u"vitals"_s           ? vitalsPage(false)
                      : page == u"vitals cancelled"_s ? vitalsPage(true)
                                                      : vitalsChart();
    QVERIFY2(fixture.widget, qPrintable(u"the page did not come up:\n"_s + m_proxy->describe()));
    QWidget *widget = fixture.widget.get();
    QVERIFY(QTest::qWaitForWindowExposed(widget));

    const QString state = fixture.state();
    const Texts english = visibleTexts(widget, fixture.dataWidgets);
    QVERIFY(english.size() > 3);

    QVERIFY(m_languages->applyLanguage(LanguageManager::SimplifiedChinese));
    // Installing a translator posts LanguageChange to each window; deliver it now.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
    const Texts chinese = visibleTexts(widget, fixture.dataWidgets);
    QStringList stillEnglish;
    for (auto it = english.cbegin(); it != english.cend(); ++it) {
        if (languageNeutral(it.value()))
            continue;
        const QString now = chinese.value(it.key());
        if (now == it.value() || !hasChinese(now))
            stillEnglish << it.key() + u": \""_s + now + u'"';
    }
    QVERIFY2(stillEnglish.isEmpty(), qPrintable(u"English after switching to Chinese:\n"_s + stillEnglish.join(u'\n')));
    QCOMPARE(fixture.state(), state);

    QVERIFY(m_languages->applyLanguage(LanguageManager::English));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
    const Texts back = visibleTexts(widget, fixture.dataWidgets);
    QStringList changed;
    for (auto it = english.cbegin(); it != english.cend(); ++it) {
        if (back.value(it.key()) != it.value())
            changed << it.key() + u": \""_s + back.value(it.key()) + u"\" instead of \""_s + it.value() + u'"';
    }
    QVERIFY2(changed.isEmpty(), qPrintable(u"Not the same English after switching back:\n"_s + changed.join(u'\n')));
    QCOMPARE(back.size(), english.size());
    QCOMPARE(fixture.state(), state);
}

QTEST_MAIN(TestLanguageSwitch)
#include "tst_languageswitch.moc"
