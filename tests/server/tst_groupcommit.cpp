#include "TestServer.h"
#include "services/AuditTrail.h"
#include "storage/AuditStore.h"
#include "storage/Database.h"
#include "storage/DbStats.h"

#include <QTest>
#include <future>

using namespace Qt::StringLiterals;
using td::test::TestServer;

// The group-commit writer from the inside (DbExecutor in this process, on a real
// database): a refused job in a batch is undone alone, whether it had changed
// something or not, and the audit hash chain, whose head the writer keeps between the
// jobs of a batch, stays whole across it.
class TestGroupCommit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusedJobsAreUndoneAloneAndTheChainHolds_data();
    void refusedJobsAreUndoneAloneAndTheChainHolds();
};

enum class Refusal { BeforeAnyChange, AfterAChange, AfterAFailedStatement };
Q_DECLARE_METATYPE(Refusal)

void TestGroupCommit::refusedJobsAreUndoneAloneAndTheChainHolds_data()
{
    QTest::addColumn<Refusal>("refusal");
    QTest::addColumn<quint64>("reruns"); // batches run again with savepoints

    // Nothing to undo: the batch commits as it ran.
    QTest::newRow("refused before any change") << Refusal::BeforeAnyChange << quint64(0);
    // Its audit entry must go: the batch runs again, each job in a savepoint.
    QTest::newRow("refused after a change") << Refusal::AfterAChange << quint64(1);
    // PostgreSQL refuses the rest of a transaction after a failed statement.
    QTest::newRow("a statement failed") << Refusal::AfterAFailedStatement << quint64(1);
}

void TestGroupCommit::refusedJobsAreUndoneAloneAndTheChainHolds()
{
    QFETCH(Refusal, refusal);
    QFETCH(quint64, reruns);

    TestServer owner; // not started: lends its data dir, or in the _pg variant a fresh database
    if (TestServer::usesPostgres() && !owner.databaseFile().startsWith(u"postgresql://"_s))
        QFAIL("the _pg variant needs TRIALDESK_TEST_PG (eval \"$(scripts/pg-test-cluster start)\")");
    td::Database database({owner.dataDir(), 1, 100}, TestServer::usesPostgres() ? owner.databaseFile() : QString());
    database.open();
    td::DbExecutor &db = database.executor();

    const auto chain = [&db] {
        return db
            .read<td::AuditStore::Verification>(
                [](td::SqlSession &s) -> td::Result<td::AuditStore::Verification> { return td::AuditStore::verify(s); })
            .waitForResult();
    };
    const qint64 before = chain()->entries;

    // Hold the writer inside a job, so that the jobs queued meanwhile commit as one batch.
    std::promise<void> entered, release;
    auto gate = db.write<int>([&entered, released = release.get_future().share()](td::SqlSession &) -> td::Result<int> {
        entered.set_value();
        released.wait();
        return 0;
    });
    entered.get_future().wait();

    // The even jobs append an audit entry and are kept; the odd ones misbehave.
    const quint64 rerunsBefore = td::DbStats::instance().batchReruns.load();
    std::vector<td::DbFuture<td::Result<int>>> jobs;
    for (int i = 0; i < 8; ++i) {
        jobs.push_back(db.write<int>([i, refusal](td::SqlSession &s) -> td::Result<int> {
            const bool odd = i % 2 == 1;
            if (odd && refusal == Refusal::BeforeAnyChange)
                return td::ApiError::conflict(u"refused"_s, u"refused before changing anything"_s);
            if (odd && refusal == Refusal::AfterAFailedStatement)
                s.exec(u"SELECT no_such_column FROM audit_log"_s); // throws
            td::recordAudit(s, u"test"_s, u"admin"_s, u"create"_s, u"probe"_s, QString::number(i), {}, {{u"i"_s, i}});
            if (odd)
                return td::ApiError::conflict(u"refused"_s, u"refused after its audit entry"_s);
            return i;
        }));
    }
    release.set_value();
    QVERIFY(gate.waitForResult().ok());
    for (int i = 0; i < 8; ++i) {
        const auto result = jobs[i].waitForResult();
        QCOMPARE(result.ok(), i % 2 == 0);
    }

    const auto after = chain();
    QVERIFY2(!after->firstBrokenId, qPrintable(after->problem));
    QCOMPARE(after->entries, before + 4);
    QCOMPARE(td::DbStats::instance().batchReruns.load() - rerunsBefore, reruns);
    const auto kept = db.read<QStringList>([](td::SqlSession &s) -> td::Result<QStringList> {
                            td::AuditStore::Filter filter;
                            filter.entityType = u"probe"_s;
                            QStringList ids;
                            for (const auto &e : td::AuditStore::list(s, filter, td::PageRequest{100, {}}).items)
                                ids << e.entityId;
                            return ids;
                        }).waitForResult();
    QVERIFY(kept.ok());
    QCOMPARE(kept.value(), (QStringList{u"0"_s, u"2"_s, u"4"_s, u"6"_s}));
}

QTEST_GUILESS_MAIN(TestGroupCommit)
#include "tst_groupcommit.moc"
