#include "AuthService.h"

#include "NotFound.h"
#include "PasswordHasher.h"
#include "Timestamps.h"
#include "storage/AccountStore.h"
#include "storage/AuditStore.h"
#include "storage/DbExecutor.h"
#include "storage/EventStore.h"
#include "storage/MembershipStore.h"
#include "storage/ProjectStore.h"
#include "storage/SubjectStore.h"
#include "storage/WebhookStore.h"

#include <QCoroFuture>
#include <QJsonObject>
#include <QPromise>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace td {

namespace {

ApiError unauthorized(const QString &message = u"Sign in first: this request needs a valid bearer token."_s)
{
    return {ApiError::Kind::Unauthorized, u"unauthorized"_s, message, {}};
}

ApiError badCredentials()
{
    return {ApiError::Kind::Unauthorized, u"invalid_credentials"_s, u"Wrong username or password."_s, {}};
}

// What the audit trail records of an account: its identity and standing, never the
// password hash (which toJson() leaves out anyway) nor its timestamps.
QJsonObject auditedUser(const AccountStore::User &u)
{
    QJsonObject json = u.toJson();
    for (const QString &key : {u"createdAt"_s, u"updatedAt"_s, u"lockedUntil"_s})
        json.remove(key);
    return json;
}

} // namespace

AuthService::AuthService(DbExecutor &db, Options options)
    : m_db(db)
    , m_options(options)
{
    m_hashing.setMaxThreadCount(2);
    m_hashing.setExpiryTimeout(-1);
}

bool AuthService::isValidUsername(const QString &username)
{
    static const QRegularExpression re(u"^[A-Za-z0-9._@-]{2,64}\\z"_s);
    return re.match(username).hasMatch();
}

std::optional<ApiError> AuthService::checkPassword(const QString &password)
{
    if (password.size() < PasswordHasher::kMinimumLength || password.size() > PasswordHasher::kMaximumLength)
        return ApiError::invalid(
            u"weak_password"_s,
            u"Passwords must be %1 to %2 characters long."_s.arg(PasswordHasher::kMinimumLength)
                .arg(PasswordHasher::kMaximumLength),
            {{u"password"_s, u"must be at least %1 characters"_s.arg(PasswordHasher::kMinimumLength)}});
    return std::nullopt;
}

QFuture<bool> AuthService::verifyOffThread(const QString &storedHash, const QString &password)
{
    auto promise = std::make_shared<QPromise<bool>>();
    promise->start();
    QFuture<bool> future = promise->future();
    m_hashing.start([promise, storedHash, password] {
        bool ok = false;
        if (storedHash.isEmpty())
            PasswordHasher::burnVerifyTime(password);
        else
            ok = PasswordHasher::verify(storedHash, password);
        promise->addResult(ok);
        promise->finish();
    });
    return future;
}

namespace {

std::optional<ObjectLocation> locate(SqlSession &s, ScopeTarget target, const QString &argument)
{
    std::optional<SubjectStore::Location> found;
    switch (target) {
    case ScopeTarget::None:
        return std::nullopt;
    case ScopeTarget::Study:
        return ProjectStore::exists(s, argument) ? std::optional<ObjectLocation>(ObjectLocation{argument, QString()})
                                                 : std::nullopt;
    case ScopeTarget::Subject:
        found = SubjectStore::locateSubject(s, argument);
        break;
    case ScopeTarget::Submission:
        if (const auto id = recordId(argument))
            found = SubjectStore::locateSubmission(s, *id);
        break;
    case ScopeTarget::Vital:
        if (const auto id = recordId(argument))
            found = SubjectStore::locateVital(s, *id);
        break;
    case ScopeTarget::Webhook:
    case ScopeTarget::Delivery: {
        const auto id = recordId(argument);
        const auto code = !id                              ? std::nullopt
                          : target == ScopeTarget::Webhook ? WebhookStore::projectOfWebhook(s, *id)
                                                           : WebhookStore::projectOfDelivery(s, *id);
        return code ? std::optional<ObjectLocation>(ObjectLocation{*code, QString()}) : std::nullopt;
    }
    }
    return found ? std::optional<ObjectLocation>(ObjectLocation{found->projectCode, found->site}) : std::nullopt;
}

} // namespace

QCoro::Task<Result<Principal>> AuthService::authenticate(QByteArray authorization, ScopeTarget target, QString argument)
{
    if (!authorization.startsWith("Bearer ") || authorization.size() > 200)
        co_return unauthorized();
    const QString token = QString::fromLatin1(authorization.mid(7).trimmed());
    // Every request checks its token in the database (a primary-key read on a
    // reader thread), so a revocation, even by the command line, takes effect at once.
    const QString hash = TokenGenerator::hashOf(token);
    std::function<Result<Principal>(SqlSession &)> job = [hash, target, argument](SqlSession &s) -> Result<Principal> {
        const auto token = AccountStore::findToken(s, hash);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (!token || token->revokedAt || (token->expiresAt && *token->expiresAt <= now))
            return unauthorized(u"The token is unknown, expired or revoked: sign in again."_s);
        Principal p;
        p.name = token->principal;
        p.tokenHash = hash;
        p.expiresAt = token->expiresAt.value_or(QDateTime());
        if (token->kind == u"subject"_s) {
            p.role = Role::Subject;
            return p;
        }
        const auto user = AccountStore::findUser(s, token->principal);
        if (!user || user->disabled)
            return unauthorized(u"This account is disabled."_s);
        p.role = p.globalRole = user->role;
        p.displayName = user->displayName;
        if (user->role != Role::Admin) {
            p.scope = MembershipStore::scopeOf(s, p.name);
            p.target = locate(s, target, argument);
        }
        return p;
    };
    auto future = m_db.read<Principal>(job);
    co_return co_await future;
}

QCoro::Task<Result<AuthService::Session>> AuthService::login(QString username, QString password, QString remoteAddress)
{
    const Options options = m_options;
    std::function<Result<AccountStore::User>(SqlSession &)> lookup =
        [username](SqlSession &s) -> Result<AccountStore::User> {
        if (auto user = AccountStore::findUser(s, username))
            return *user;
        return AccountStore::User{};
    };
    auto lookupFuture = m_db.read<AccountStore::User>(lookup);
    const Result<AccountStore::User> user = co_await lookupFuture;
    if (!user)
        co_return user.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (user->lockedUntil && *user->lockedUntil > now) {
        const qint64 wait = now.secsTo(*user->lockedUntil) + 1;
        std::function<Result<Done>(SqlSession &)> record = [username, remoteAddress](SqlSession &s) -> Result<Done> {
            AuditStore::record(s, username, u"none"_s, u"login_failed"_s, u"user"_s, username, {},
                               {{u"remoteAddress"_s, remoteAddress}, {u"reason"_s, u"locked"_s}});
            return Done{};
        };
        auto recordFuture = m_db.write<Done>(record);
        co_await recordFuture;
        co_return ApiError{ApiError::Kind::TooManyRequests,
                           u"account_locked"_s,
                           u"Too many failed sign-ins: this account is locked for %1 more seconds."_s.arg(wait),
                           {{u"retryAfter"_s, QString::number(wait)}}};
    }
    auto verifyFuture = verifyOffThread(user->disabled ? QString() : user->passwordHash, password);
    const bool verified = co_await verifyFuture;
    const bool exists = !user->username.isEmpty();

    std::function<Result<Session>(SqlSession &)> record = [=](SqlSession &s) -> Result<Session> {
        const QDateTime at = QDateTime::currentDateTimeUtc();
        if (!verified || !exists || user->disabled) {
            AuditStore::record(s, username.left(64), u"none"_s, u"login_failed"_s, u"user"_s, username.left(64), {},
                               {{u"remoteAddress"_s, remoteAddress}});
            if (exists) {
                AccountStore::recordLoginFailure(s, username, remoteAddress, at);
                if (AccountStore::loginFailuresSince(s, username, at.addSecs(-60 * options.lockMinutes))
                    >= options.maxFailures) {
                    auto locked = *AccountStore::findUser(s, username);
                    locked.lockedUntil = at.addSecs(60 * options.lockMinutes);
                    locked.updatedAt = at;
                    AccountStore::updateUser(s, locked);
                    AccountStore::clearLoginFailures(s, username);
                    AuditStore::record(s, u"system"_s, u"system"_s, u"lock"_s, u"user"_s, username, {},
                                       {{u"lockedUntil"_s, formatTimestamp(*locked.lockedUntil)}});
                }
            }
            // The failure must be stored even though the request fails: answer via
            // a successful job result carrying an empty session.
            return Session{};
        }
        Session session;
        session.token = TokenGenerator::newToken();
        session.expiresAt = at.addSecs(60 * options.tokenLifetimeMinutes);
        session.user = user.value();
        AccountStore::insertToken(s, TokenGenerator::hashOf(session.token),
                                  {u"staff"_s, username, at, session.expiresAt, std::nullopt});
        AccountStore::clearLoginFailures(s, username);
        AuditStore::record(s, username, roleName(user->role), u"login"_s, u"user"_s, username, {},
                           {{u"remoteAddress"_s, remoteAddress}, {u"expiresAt"_s, formatTimestamp(session.expiresAt)}});
        return session;
    };
    auto recordFuture = m_db.write<Session>(record);
    const Result<Session> session = co_await recordFuture;
    if (!session)
        co_return session.error();
    if (session->token.isEmpty())
        co_return badCredentials();
    co_return session;
}

DbFuture<Result<Done>> AuthService::logout(const Principal &principal)
{
    return m_db.write<Done>([principal](SqlSession &s) -> Result<Done> {
        AccountStore::revokeToken(s, principal.tokenHash, QDateTime::currentDateTimeUtc());
        AuditStore::record(s, principal.auditName(), roleName(principal.role), u"logout"_s, u"token"_s,
                           principal.tokenHash.left(12));
        return Done{};
    });
}

QCoro::Task<Result<Done>> AuthService::confirmPassword(Principal principal, QString password, QString purpose)
{
    std::function<Result<QString>(SqlSession &)> lookup = [principal](SqlSession &s) -> Result<QString> {
        const auto user = AccountStore::findUser(s, principal.name);
        return user ? user->passwordHash : QString();
    };
    auto lookupFuture = m_db.read<QString>(lookup);
    const Result<QString> stored = co_await lookupFuture;
    if (!stored)
        co_return stored.error();
    auto verifyFuture = verifyOffThread(stored.value(), password);
    const bool ok = co_await verifyFuture;
    if (ok)
        co_return Done{};
    std::function<Result<Done>(SqlSession &)> record = [principal, purpose](SqlSession &s) -> Result<Done> {
        AuditStore::record(s, principal.auditName(), roleName(principal.role), u"signature_failed"_s, u"user"_s,
                           principal.name, {}, {{u"purpose"_s, purpose}});
        return Done{};
    };
    auto recordFuture = m_db.write<Done>(record);
    co_await recordFuture;
    co_return ApiError{ApiError::Kind::Forbidden,
                       u"invalid_password"_s,
                       u"The password does not match: the signature was not recorded."_s,
                       {{u"password"_s, u"does not match"_s}}};
}

DbFuture<Result<QString>> AuthService::issueSubjectToken(const Principal &actor, const QString &subjectId)
{
    return m_db.write<QString>([actor, subjectId](SqlSession &s) -> Result<QString> {
        if (!SubjectStore::exists(s, subjectId))
            return subjectNotFound(subjectId);
        const QDateTime at = QDateTime::currentDateTimeUtc();
        const int revoked = AccountStore::revokeTokensOf(s, u"subject"_s, subjectId, at);
        if (revoked > 0) {
            AuditStore::record(s, actor.auditName(), roleName(actor.role), u"token_revoke"_s, u"token"_s, subjectId, {},
                               {{u"revoked"_s, revoked}});
        }
        const QString token = TokenGenerator::newToken();
        AccountStore::insertToken(s, TokenGenerator::hashOf(token),
                                  {u"subject"_s, subjectId, at, std::nullopt, std::nullopt});
        AuditStore::record(s, actor.auditName(), roleName(actor.role), u"token_issue"_s, u"token"_s, subjectId);
        const auto location = SubjectStore::locateSubject(s, subjectId);
        EventStore::append(s,
                           {0, StudyEvent::SubjectTokenReissued, location->projectCode, location->site, subjectId, {}});
        return token;
    });
}

Result<AccountStore::User> AuthService::createUser(SqlSession &s, const QString &actor, const QString &actorRole,
                                                   const QString &username, const QString &displayName, Role role,
                                                   const QString &passwordHash)
{
    if (!isValidUsername(username))
        return ApiError::invalid(u"invalid_value"_s, u"Usernames are 2 to 64 of letters, digits, . _ @ -."_s,
                                 {{u"username"_s, u"2 to 64 of letters, digits, . _ @ -"_s}});
    if (role == Role::Subject)
        return ApiError::invalid(u"invalid_value"_s, u"Staff accounts cannot have the subject role."_s,
                                 {{u"role"_s, u"must be one of: "_s % staffRoleNames().join(u", "_s)}});
    if (AccountStore::findUser(s, username))
        return ApiError::conflict(u"duplicate_username"_s, u"An account named '%1' already exists."_s.arg(username),
                                  {{u"username"_s, u"is already in use"_s}});
    AccountStore::User u;
    u.username = username;
    u.displayName = displayName.isEmpty() ? username : displayName;
    u.role = role;
    u.passwordHash = passwordHash;
    u.createdAt = u.updatedAt = QDateTime::currentDateTimeUtc();
    AccountStore::insertUser(s, u);
    AuditStore::record(s, actor, actorRole, u"create"_s, u"user"_s, username, {}, auditedUser(u));
    return u;
}

Result<AccountStore::User> AuthService::changeUser(SqlSession &s, const QString &actor, const QString &actorRole,
                                                   const QString &username, const UserChange &change)
{
    auto current = AccountStore::findUser(s, username);
    if (!current)
        return ApiError::notFound(u"user_not_found"_s, u"No account named '%1'."_s.arg(username.left(64)));
    AccountStore::User u = *current;
    if (change.displayName)
        u.displayName = *change.displayName;
    if (change.role) {
        if (*change.role == Role::Subject)
            return ApiError::invalid(u"invalid_value"_s, u"Staff accounts cannot have the subject role."_s,
                                     {{u"role"_s, u"must be one of: "_s % staffRoleNames().join(u", "_s)}});
        u.role = *change.role;
    }
    if (change.passwordHash) {
        u.passwordHash = *change.passwordHash;
        u.lockedUntil.reset();
    }
    if (change.disabled)
        u.disabled = *change.disabled;
    u.updatedAt = QDateTime::currentDateTimeUtc();
    AccountStore::updateUser(s, u);
    const QDateTime at = u.updatedAt;
    if (u.disabled || change.passwordHash || change.role)
        AccountStore::revokeTokensOf(s, u"staff"_s, username, at); // old sessions must sign in again
    QJsonObject after = auditedUser(u);
    if (change.passwordHash)
        after.insert(u"passwordChanged"_s, true);
    AuditStore::record(s, actor, actorRole, u"update"_s, u"user"_s, username, auditedUser(*current), after);
    return u;
}

QFuture<QString> AuthService::hashOffThread(const QString &password)
{
    auto promise = std::make_shared<QPromise<QString>>();
    promise->start();
    QFuture<QString> future = promise->future();
    m_hashing.start([promise, password] {
        promise->addResult(PasswordHasher::hash(password));
        promise->finish();
    });
    return future;
}

QCoro::Task<Result<AccountStore::User>> AuthService::createUser(Principal actor, QString username, QString displayName,
                                                                Role role, QString password)
{
    if (auto weak = checkPassword(password))
        co_return *weak;
    auto hashFuture = hashOffThread(password);
    const QString hash = co_await hashFuture;
    std::function<Result<AccountStore::User>(SqlSession &)> job = [=](SqlSession &s) {
        return createUser(s, actor.auditName(), roleName(actor.role), username, displayName, role, hash);
    };
    auto future = m_db.write<AccountStore::User>(job);
    co_return co_await future;
}

QCoro::Task<Result<AccountStore::User>> AuthService::changeUser(Principal actor, QString username, UserChange change,
                                                                std::optional<QString> password)
{
    if (password) {
        if (auto weak = checkPassword(*password))
            co_return *weak;
        auto hashFuture = hashOffThread(*password);
        change.passwordHash = co_await hashFuture;
    }
    std::function<Result<AccountStore::User>(SqlSession &)> job = [=](SqlSession &s) {
        return changeUser(s, actor.auditName(), roleName(actor.role), username, change);
    };
    auto future = m_db.write<AccountStore::User>(job);
    co_return co_await future;
}

DbFuture<Result<QList<AccountStore::User>>> AuthService::users()
{
    return m_db.read<QList<AccountStore::User>>(
        [](SqlSession &s) -> Result<QList<AccountStore::User>> { return AccountStore::listUsers(s); });
}

} // namespace td
