#include "AccountStore.h"

#include "SqlSession.h"
#include "Timestamps.h"

using namespace Qt::StringLiterals;

namespace td::AccountStore {

namespace {

const QString kUserColumns = u"username, display_name, role, password_hash, disabled, locked_until, created_at, "
                             "updated_at FROM users "_s;

User userFromRow(const QSqlQuery &q)
{
    User u;
    u.username = q.value(0).toString();
    u.displayName = q.value(1).toString();
    u.role = roleFromName(q.value(2).toString()).value_or(Role::Monitor);
    u.passwordHash = q.value(3).toString();
    u.disabled = q.value(4).toInt() != 0;
    u.lockedUntil = parseTimestamp(textOrEmpty(q.value(5)));
    u.createdAt = parseTimestamp(q.value(6).toString()).value_or(QDateTime());
    u.updatedAt = parseTimestamp(q.value(7).toString()).value_or(QDateTime());
    return u;
}

QVariant optionalTimestamp(const std::optional<QDateTime> &t)
{
    return t ? QVariant(formatTimestamp(*t)) : QVariant(QMetaType::fromType<QString>());
}

} // namespace

std::optional<User> findUser(SqlSession &session, const QString &username)
{
    QSqlQuery &q = session.exec(u"SELECT "_s % kUserColumns % u"WHERE username = ?"_s, {username});
    std::optional<User> found;
    if (q.next())
        found = userFromRow(q);
    q.finish();
    return found;
}

QList<User> listUsers(SqlSession &session)
{
    QSqlQuery &q = session.exec(u"SELECT "_s % kUserColumns % u"ORDER BY username"_s);
    QList<User> users;
    while (q.next())
        users << userFromRow(q);
    q.finish();
    return users;
}

void insertUser(SqlSession &session, const User &u)
{
    session.exec(u"INSERT INTO users (username, display_name, role, password_hash, disabled, locked_until, "
                 "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s,
                 {u.username, u.displayName, roleName(u.role), u.passwordHash, u.disabled ? 1 : 0,
                  optionalTimestamp(u.lockedUntil), formatTimestamp(u.createdAt), formatTimestamp(u.updatedAt)});
}

void updateUser(SqlSession &session, const User &u)
{
    session.exec(u"UPDATE users SET display_name = ?, role = ?, password_hash = ?, disabled = ?, locked_until = ?, "
                 "updated_at = ? WHERE username = ?"_s,
                 {u.displayName, roleName(u.role), u.passwordHash, u.disabled ? 1 : 0, optionalTimestamp(u.lockedUntil),
                  formatTimestamp(u.updatedAt), u.username});
}

void insertToken(SqlSession &session, const QString &tokenHash, const Token &t)
{
    session.exec(u"INSERT INTO access_tokens (token_hash, kind, principal, created_at, expires_at, revoked_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)"_s,
                 {tokenHash, t.kind, t.principal, formatTimestamp(t.createdAt), optionalTimestamp(t.expiresAt),
                  optionalTimestamp(t.revokedAt)});
}

std::optional<Token> findToken(SqlSession &session, const QString &tokenHash)
{
    QSqlQuery &q = session.exec(u"SELECT kind, principal, created_at, expires_at, revoked_at FROM access_tokens "
                                "WHERE token_hash = ?"_s,
                                {tokenHash});
    std::optional<Token> found;
    if (q.next()) {
        found = Token{q.value(0).toString(), q.value(1).toString(),
                      parseTimestamp(q.value(2).toString()).value_or(QDateTime()),
                      parseTimestamp(textOrEmpty(q.value(3))), parseTimestamp(textOrEmpty(q.value(4)))};
    }
    q.finish();
    return found;
}

void revokeToken(SqlSession &session, const QString &tokenHash, const QDateTime &at)
{
    session.exec(u"UPDATE access_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL"_s,
                 {formatTimestamp(at), tokenHash});
}

int revokeTokensOf(SqlSession &session, const QString &kind, const QString &principal, const QDateTime &at)
{
    QSqlQuery &q = session.exec(u"UPDATE access_tokens SET revoked_at = ? WHERE kind = ? AND principal = ? "
                                "AND revoked_at IS NULL"_s,
                                {formatTimestamp(at), kind, principal});
    return q.numRowsAffected();
}

void recordLoginFailure(SqlSession &session, const QString &username, const QString &remoteAddress, const QDateTime &at)
{
    session.exec(u"INSERT INTO login_failures (username, remote_address, at) VALUES (?, ?, ?)"_s,
                 {username, remoteAddress, formatTimestamp(at)});
}

int loginFailuresSince(SqlSession &session, const QString &username, const QDateTime &since)
{
    QSqlQuery &q = session.exec(u"SELECT COUNT(*) FROM login_failures WHERE username = ? AND at >= ?"_s,
                                {username, formatTimestamp(since)});
    const int n = q.next() ? q.value(0).toInt() : 0;
    q.finish();
    return n;
}

void clearLoginFailures(SqlSession &session, const QString &username)
{
    session.exec(u"DELETE FROM login_failures WHERE username = ?"_s, {username});
}

} // namespace td::AccountStore
