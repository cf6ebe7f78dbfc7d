#pragma once

#include <QList>
#include <QString>
#include <functional>

namespace td {

class SqlSession;

// Copies a whole TrialDesk database into an empty one on another backend (SQLite
// to PostgreSQL for `trialdesk-server migrate-to`): every table row for row with
// its ids, then checks counts and the audit hash chain on the copy.
namespace DatabaseCopy {

struct TableCount {
    QString table;
    qint64 source = 0;
    qint64 target = 0;
};

struct Report {
    QList<TableCount> tables;
    qint64 auditEntries = 0;
    QString error; // empty: copied and verified
};

// `source` and `target` are at the latest schema version (Database::open and
// Migrations::apply); `target` must hold no data. The copy runs in one target
// transaction that commits only after the copy verified, so any failure leaves
// the target as it was. `progress` gets a line per table.
Report copy(SqlSession &source, SqlSession &target, const std::function<void(const QString &)> &progress);

// The tables copied, parents before children (foreign keys).
const QStringList &tables();

} // namespace DatabaseCopy
} // namespace td
