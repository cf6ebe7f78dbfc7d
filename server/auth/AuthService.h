#pragma once

#include "ObjectScope.h"
#include "Principal.h"
#include "Result.h"
#include "Session.h"
#include "StaffAccount.h"
#include "storage/DbFuture.h"

#include <QCoroTask>
#include <QFuture>
#include <QThreadPool>

namespace td {

class DbExecutor;
class SqlSession;

// Logins, bearer tokens and staff accounts. Password hashing runs on its own small
// thread pool so it never stalls an HTTP thread or the database writer.
class AuthService
{
public:
    struct Options {
        int tokenLifetimeMinutes = 12 * 60;
        int maxFailures = 5; // failed logins within lockMinutes lock the account
        int lockMinutes = 15;
    };

    using Session = td::Session;

    AuthService(DbExecutor &db, Options options);

    // "Bearer td_..." -> who it is; 401 for a missing, unknown, expired or revoked token.
    // A staff account other than admin comes with its study memberships (its scope) and,
    // when `target` is not None, where the object `argument` names is (Principal::target),
    // all in the token's one database read: a change takes effect on the next request.
    QCoro::Task<Result<Principal>> authenticate(QByteArray authorization, ScopeTarget target = ScopeTarget::None,
                                                QString argument = {});
    // 401 bad credentials (same answer whether or not the account exists),
    // 429 account_locked with the seconds to wait in `fields.retryAfter`.
    QCoro::Task<Result<Session>> login(QString username, QString password, QString remoteAddress);
    DbFuture<Result<Done>> logout(const Principal &principal);
    // Re-checks a signed-in user's password (e-signatures); audits a failure.
    QCoro::Task<Result<Done>> confirmPassword(Principal principal, QString password, QString purpose);
    // Issues a new token for a subject, revoking earlier ones.
    DbFuture<Result<QString>> issueSubjectToken(const Principal &actor, const QString &subjectId);

    // Account administration: used by the users API (through the writer) and by the
    // command line (directly). Validates, hashes, writes and audits.
    // Passwords arrive here already checked (checkPassword) and hashed.
    struct UserChange {
        std::optional<QString> displayName;
        std::optional<Role> role;
        std::optional<QString> passwordHash;
        std::optional<bool> disabled;
    };
    static Result<StaffAccount> createUser(SqlSession &session, const QString &actor, const QString &actorRole,
                                           const QString &username, const QString &displayName, Role role,
                                           const QString &passwordHash);
    static Result<StaffAccount> changeUser(SqlSession &session, const QString &actor, const QString &actorRole,
                                           const QString &username, const UserChange &change);
    static std::optional<ApiError> checkPassword(const QString &password);
    static bool isValidUsername(const QString &username);

    QCoro::Task<Result<StaffAccount>> createUser(Principal actor, QString username, QString displayName, Role role,
                                                 QString password);
    // `password`, when set, replaces the account's password.
    QCoro::Task<Result<StaffAccount>> changeUser(Principal actor, QString username, UserChange change,
                                                 std::optional<QString> password);
    DbFuture<Result<QList<StaffAccount>>> users();

private:
    QFuture<bool> verifyOffThread(const QString &storedHash, const QString &password);
    QFuture<QString> hashOffThread(const QString &password);

    DbExecutor &m_db;
    Options m_options;
    QThreadPool m_hashing;
};

} // namespace td
