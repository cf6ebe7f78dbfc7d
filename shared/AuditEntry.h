#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace td {

// One entry of the append-only audit trail (GET /api/v1/audit, the server's
// audit_log table). The hash chain over the entries is the storage's business.
struct AuditEntry {
    qint64 id = 0;
    QDateTime at;
    QString actor;      // username, or "subject:<id>", or "system"
    QString actorRole;  // role name
    QString action;     // create, update, review, sign, token_issue, token_revoke, login, login_failed, ...
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
    static AuditEntry fromJson(const QJsonObject &json);
};

} // namespace td
