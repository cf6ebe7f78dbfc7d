#pragma once

#include "AuditEntry.h"
#include "Page.h"
#include "Queries.h"
#include "StudyMembership.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace td {

class SqlSession;

// The append-only audit trail. Each entry's hash covers its own content and the
// previous entry's hash, so editing or deleting any row in the database file
// breaks the chain from that row on. Nothing here updates or deletes entries.
namespace AuditStore {

// The model's entry and query types, under the names this store's functions use.
using Entry = AuditEntry;
using Filter = AuditQuery;

// Appends `entry` (its id, prevHash and hash are filled in) in the caller's transaction.
void append(SqlSession &session, Entry &entry);
// Appends the entry these fields make: the form sign-in and the services write with.
void record(SqlSession &session, const QString &actor, const QString &actorRole, const QString &action,
            const QString &entityType, const QString &entityId, const QJsonObject &before = {},
            const QJsonObject &after = {});
// `scope` (a staff account's memberships that may read the trail) limits the entries
// to those about its studies' projects, subjects (and their tokens), submissions and
// vital signs, at the members' sites; nullopt: every entry.
Page<Entry> list(SqlSession &session, const Filter &filter, const PageRequest &page, const StudyScope &scope = {});

struct Verification {
    qint64 entries = 0;
    std::optional<qint64> firstBrokenId; // the first entry whose content or link does not match
    QString problem;
};
Verification verify(SqlSession &session);

QString computeHash(const Entry &entry);

} // namespace AuditStore
} // namespace td
