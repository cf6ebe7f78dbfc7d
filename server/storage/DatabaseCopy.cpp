#include "DatabaseCopy.h"

#include "AuditStore.h"
#include "SqlSession.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace td::DatabaseCopy {

namespace {

// Rows per multi-row INSERT: one round trip per batch instead of per row, well
// below PostgreSQL's 65535 parameters with the widest table.
constexpr int kBatchRows = 200;

qint64 countRows(SqlSession &session, const QString &table)
{
    QSqlQuery &q = session.exec(u"SELECT COUNT(*) FROM "_s + table);
    const qint64 n = q.next() ? q.value(0).toLongLong() : -1;
    q.finish();
    return n;
}

// The source's own table names (SQLite or PostgreSQL), without the migration log.
QStringList tablesIn(SqlSession &session)
{
    const bool pg = session.dialect().kind == SqlDialect::Kind::PostgreSQL;
    QSqlQuery &q =
        session.exec(pg ? u"SELECT table_name FROM information_schema.tables WHERE table_schema = "
                          "current_schema() AND table_type = 'BASE TABLE'"_s
                        : u"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"_s);
    QStringList names;
    while (q.next())
        names << q.value(0).toString();
    q.finish();
    names.removeAll(u"schema_migrations"_s);
    return names;
}

QStringList columnsOf(SqlSession &session, const QString &table)
{
    QSqlQuery &q = session.exec(u"SELECT * FROM "_s + table + u" WHERE 1 = 0"_s);
    const QSqlRecord record = q.record();
    q.finish();
    QStringList names;
    for (int i = 0; i < record.count(); ++i)
        names << record.fieldName(i);
    return names;
}

QString insertStatement(const QString &table, const QStringList &columns, int rows)
{
    QString one = u"("_s;
    for (int i = 0; i < columns.size(); ++i)
        one += i == 0 ? u"?"_s : u", ?"_s;
    one += u')';
    QStringList values;
    for (int r = 0; r < rows; ++r)
        values << one;
    return u"INSERT INTO %1 (%2) VALUES %3"_s.arg(table, columns.join(u", "_s), values.join(u", "_s));
}

void copyTable(SqlSession &source, SqlSession &target, const QString &table)
{
    const QStringList columns = columnsOf(source, table);
    // Both schemas were made by the same migrations; anything else is not ours to copy.
    QStringList sourceSorted = columns;
    QStringList targetSorted = columnsOf(target, table);
    sourceSorted.sort();
    targetSorted.sort();
    if (sourceSorted != targetSorted)
        throw StorageError(u"table %1 differs between the databases: %2 vs %3"_s
                               .arg(table, sourceSorted.join(u','), targetSorted.join(u','))
                               .toStdString());
    // Id order keeps ids and the audit chain's order as they were.
    const bool hasId = columns.contains(u"id"_s);
    QSqlQuery &rows =
        source.exec(u"SELECT %1 FROM %2%3"_s.arg(columns.join(u", "_s), table, hasId ? u" ORDER BY id"_s : QString()));
    // Streams: the source query stays open while batches go to the other session.
    QVariantList batch;
    int batchRows = 0;
    auto flush = [&] {
        if (batchRows == 0)
            return;
        target.exec(insertStatement(table, columns, batchRows), batch);
        batch.clear();
        batchRows = 0;
    };
    while (rows.next()) {
        for (int i = 0; i < columns.size(); ++i)
            batch << rows.value(i);
        if (++batchRows == kBatchRows)
            flush();
    }
    rows.finish();
    flush();
    // Ids were copied, not generated: the next generated id must follow them.
    if (hasId && target.dialect().kind == SqlDialect::Kind::PostgreSQL)
        target
            .exec(u"SELECT setval(pg_get_serial_sequence('%1', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM %1"_s.arg(
                table))
            .finish();
}

// Empty when the copy in `target` matches `source`: the same number of rows in
// every table and an audit chain that verifies with as many entries.
QString verifyCopy(SqlSession &source, SqlSession &target, Report *report)
{
    for (const QString &table : tables()) {
        report->tables.append({table, countRows(source, table), countRows(target, table)});
        const TableCount &t = report->tables.constLast();
        if (t.source != t.target)
            return u"table %1: %2 rows in the source, %3 in the copy"_s.arg(t.table).arg(t.source).arg(t.target);
    }
    const AuditStore::Verification sourceAudit = AuditStore::verify(source);
    const AuditStore::Verification audit = AuditStore::verify(target);
    report->auditEntries = audit.entries;
    if (audit.firstBrokenId)
        return u"the copied audit trail does not verify at entry %1: %2%3"_s.arg(*audit.firstBrokenId)
            .arg(audit.problem, sourceAudit.firstBrokenId ? u" (the original's does not verify either)"_s : QString());
    if (audit.entries != sourceAudit.entries)
        return u"audit trail: %1 entries in the source, %2 verified in the copy"_s.arg(sourceAudit.entries)
            .arg(audit.entries);
    return {};
}

} // namespace

const QStringList &tables()
{
    // In foreign-key order: study_members names projects and users.
    static const QStringList list = {u"projects"_s,
                                     u"questionnaire_versions"_s,
                                     u"questionnaire_schedules"_s,
                                     u"subjects"_s,
                                     u"questionnaire_submissions"_s,
                                     u"vital_signs"_s,
                                     u"idempotency_keys"_s,
                                     u"users"_s,
                                     u"study_members"_s,
                                     u"access_tokens"_s,
                                     u"login_failures"_s,
                                     u"audit_log"_s,
                                     u"events"_s,
                                     u"webhooks"_s,
                                     u"webhook_deliveries"_s,
                                     u"webhook_attempts"_s};
    return list;
}

Report copy(SqlSession &source, SqlSession &target, const std::function<void(const QString &)> &progress)
{
    Report report;
    // Every table of the source must be known here: a table added by a later
    // migration and missing from the list would otherwise be silently left behind.
    for (const QString &table : tablesIn(source)) {
        // The outbox's one-row counter is set from the copied events, not copied.
        if (!tables().contains(table) && table != u"event_counter"_s) {
            report.error = u"table %1 is not known to the copy; refusing to migrate"_s.arg(table);
            return report;
        }
    }
    for (const QString &table : tables()) {
        if (countRows(target, table) != 0) {
            report.error =
                u"the target database is not empty (table %1 has rows); migrate into a new database"_s.arg(table);
            return report;
        }
    }

    // One snapshot of the source (SQLite: a read transaction) and one target
    // transaction that also holds the writer lock, so no server writes meanwhile.
    // The copy is checked inside that transaction and committed only when it
    // verifies: on any failure the target is left as it was.
    source.execRaw(u"BEGIN"_s);
    target.beginWrite();
    try {
        for (const QString &table : tables()) {
            copyTable(source, target, table);
            if (progress)
                progress(u"copied %1"_s.arg(table));
        }
        target.exec(u"UPDATE event_counter SET last_seq = (SELECT COALESCE(MAX(seq), 0) FROM events)"_s);
        report.error = verifyCopy(source, target, &report);
    } catch (const std::exception &e) {
        report.error = QString::fromUtf8(e.what());
    }
    source.execRaw(u"ROLLBACK"_s);
    target.execRaw(report.error.isEmpty() ? u"COMMIT"_s : u"ROLLBACK"_s);
    return report;
}

} // namespace td::DatabaseCopy
