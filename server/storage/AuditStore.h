#pragma once

#include "Page.h"

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

struct Entry {
    qint64 id = 0;
    QDateTime at;
    QString actor;     // username, or "subject:<id>", or "system"
    QString actorRole; // role name
    QString action;    // create, update, review, sign, token_issue, token_revoke, login, login_failed, ...
    QString entityType; // project, subject, submission, vital, user, token
    QString entityId;
    QJsonObject before; // empty when not applicable
    QJsonObject after;
    // When set, the compact JSON text of `after`, already encoded by the caller (who
    // may also send it as a response): stored and hashed as is, instead of `after`.
    QByteArray afterText;
    QString prevHash;
    QString hash;

    QJsonObject toJson() const;
    static Entry fromJson(const QJsonObject &json);
};

struct Filter {
    QString entityType;
    QString entityId;
    QString actor;
    std::optional<QDateTime> since;
};

// Appends `entry` (its id, prevHash and hash are filled in) in the caller's transaction.
void append(SqlSession &session, Entry &entry);
Page<Entry> list(SqlSession &session, const Filter &filter, const PageRequest &page);

struct Verification {
    qint64 entries = 0;
    std::optional<qint64> firstBrokenId; // the first entry whose content or link does not match
    QString problem;
};
Verification verify(SqlSession &session);

QString computeHash(const Entry &entry);

} // namespace AuditStore
} // namespace td
