#pragma once

#include "StaffAccount.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace td {

class SqlSession;

// SQL for staff accounts, access tokens (staff and subject) and failed logins.
namespace AccountStore {

// The model's account type, under the name this store's functions use.
using User = StaffAccount;

struct Token {
    QString kind;      // "staff" or "subject"
    QString principal; // username or subject id
    QDateTime createdAt;
    std::optional<QDateTime> expiresAt; // none: until revoked
    std::optional<QDateTime> revokedAt;
};

std::optional<User> findUser(SqlSession &session, const QString &username);
QList<User> listUsers(SqlSession &session);
void insertUser(SqlSession &session, const User &user);
void updateUser(SqlSession &session, const User &user);

void insertToken(SqlSession &session, const QString &tokenHash, const Token &token);
std::optional<Token> findToken(SqlSession &session, const QString &tokenHash);
void revokeToken(SqlSession &session, const QString &tokenHash, const QDateTime &at);
// Revokes every live token of a principal; returns how many.
int revokeTokensOf(SqlSession &session, const QString &kind, const QString &principal, const QDateTime &at);

void recordLoginFailure(SqlSession &session, const QString &username, const QString &remoteAddress,
                        const QDateTime &at);
int loginFailuresSince(SqlSession &session, const QString &username, const QDateTime &since);
void clearLoginFailures(SqlSession &session, const QString &username);

} // namespace AccountStore
} // namespace td
