#include "AdminCommands.h"

#include "MigrateCommand.h"
#include "OperationsCommands.h"
#include "auth/AuthService.h"
#include "auth/PasswordHasher.h"
#include "storage/AccountStore.h"
#include "storage/AuditStore.h"
#include "storage/Database.h"
#include "storage/MembershipStore.h"
#include "storage/SqlSession.h"

#include <QTextStream>

using namespace Qt::StringLiterals;

namespace td::AdminCommands {

namespace {

// "all (admin)", "3, all studies (from upgrade)", "none" or "NCT007 crc [Beijing]; NCT010 monitor".
QString membershipSummary(SqlSession &session, const AccountStore::User &user)
{
    if (user.role == Role::Admin)
        return u"all (admin)"_s;
    const QList<StudyMembership> memberships = MembershipStore::forUser(session, user.username);
    if (memberships.isEmpty())
        return u"none"_s;
    const int fromUpgrade = MembershipStore::fromUpgradeCount(session, user.username);
    if (fromUpgrade == memberships.size())
        return u"%1, all studies (from upgrade)"_s.arg(memberships.size());
    QStringList parts;
    for (const StudyMembership &m : memberships) {
        QString part = m.projectCode % u' ' % roleName(m.studyRole);
        if (!m.sites.isEmpty())
            part += u" ["_s % m.sites.join(u", "_s) % u']';
        parts << part;
    }
    return parts.join(u"; "_s);
}

QString readPassword(FILE *in)
{
    QTextStream stream(in);
    return stream.readLine();
}

int usage(FILE *err)
{
    std::fputs(
        "usage: trialdesk-server [--data-dir DIR] users add NAME --role ROLE --password-stdin [--display-name N]\n"
        "       trialdesk-server [--data-dir DIR] users list\n"
        "       trialdesk-server [--data-dir DIR] users disable|enable NAME\n"
        "       trialdesk-server [--data-dir DIR] users set-password NAME --password-stdin\n"
        "       trialdesk-server [--data-dir DIR] audit verify\n"
        "       trialdesk-server [--data-dir DIR] migrate-to [postgresql://user:password@host:port/dbname]\n"
        "       trialdesk-server [--config FILE] [--data-dir DIR] backup --to FILE | restore --from FILE | check\n",
        err);
    return 2;
}

// Runs `body` in one transaction on a direct connection.
template<typename F>
int inTransaction(SqlSession &session, FILE *err, F body)
{
    session.beginWrite();
    int code = 1;
    try {
        code = body();
    } catch (const std::exception &e) {
        session.execRaw(u"ROLLBACK"_s);
        std::fprintf(err, "trialdesk-server: %s\n", e.what());
        return 1;
    }
    session.execRaw(code == 0 ? u"COMMIT"_s : u"ROLLBACK"_s);
    return code;
}

int fail(FILE *err, const ApiError &error)
{
    std::fprintf(err, "trialdesk-server: %s\n", qPrintable(error.message));
    return 1;
}

} // namespace

int run(const ServerConfig &config, FILE *in, FILE *out, FILE *err)
{
    if (!OperationsCommands::checkUser(config, err))
        return 1;
    if (const auto code = OperationsCommands::run(config, out, err))
        return *code;
    const QStringList &cmd = config.command;
    const QString group = cmd.value(0);
    const QString verb = cmd.value(1);
    if (group == u"migrate-to"_s) // SQLite in the data dir to PostgreSQL (MigrateCommand.cpp)
        return MigrateCommand::run(config, out, err);
    Database database({config.dataDir, 1, 1}, config.database);
    std::unique_ptr<SqlSession> session;
    try {
        database.open();
        session = database.openSession(u"td-admin"_s);
    } catch (const std::exception &e) {
        std::fprintf(err, "trialdesk-server: %s\n", e.what());
        return 1;
    }
    database.close(); // only the direct session is needed
    const QString actor = u"cli"_s;
    const QString actorRole = u"admin"_s;

    if (group == u"users"_s && verb == u"list"_s && cmd.size() == 2) {
        // One tab-separated line per account (scripts read it), then what it may reach.
        for (const auto &u : AccountStore::listUsers(*session)) {
            std::fprintf(out, "%s\t%s\t%s\t%s\n", qPrintable(u.username), qPrintable(roleName(u.role)),
                         u.disabled ? "disabled" : "active", qPrintable(u.displayName));
            std::fprintf(out, "  studies: %s\n", qPrintable(membershipSummary(*session, u)));
        }
        return 0;
    }
    if (group == u"users"_s && verb == u"add"_s && cmd.size() == 3) {
        const auto role = roleFromName(config.role);
        if (!role || *role == Role::Subject) {
            std::fprintf(err, "trialdesk-server: --role must be one of: %s\n",
                         qPrintable(staffRoleNames().join(u", "_s)));
            return 2;
        }
        if (!config.passwordFromStdin)
            return usage(err);
        const QString password = readPassword(in);
        if (auto weak = AuthService::checkPassword(password))
            return fail(err, *weak);
        const QString hash = PasswordHasher::hash(password);
        return inTransaction(*session, err, [&] {
            const auto user =
                AuthService::createUser(*session, actor, actorRole, cmd.at(2), config.displayName, *role, hash);
            if (!user)
                return fail(err, user.error());
            std::fprintf(out, "created %s (%s)\n", qPrintable(user->username), qPrintable(roleName(user->role)));
            return 0;
        });
    }
    if (group == u"users"_s && (verb == u"disable"_s || verb == u"enable"_s || verb == u"set-password"_s)
        && cmd.size() == 3) {
        AuthService::UserChange change;
        if (verb == u"set-password"_s) {
            if (!config.passwordFromStdin)
                return usage(err);
            const QString password = readPassword(in);
            if (auto weak = AuthService::checkPassword(password))
                return fail(err, *weak);
            change.passwordHash = PasswordHasher::hash(password);
        } else {
            change.disabled = verb == u"disable"_s;
        }
        return inTransaction(*session, err, [&] {
            const auto user = AuthService::changeUser(*session, actor, actorRole, cmd.at(2), change);
            if (!user)
                return fail(err, user.error());
            std::fprintf(out, "%s: %s\n", qPrintable(user->username), qPrintable(verb));
            return 0;
        });
    }
    if (group == u"audit"_s && verb == u"verify"_s && cmd.size() == 2) {
        const auto result = AuditStore::verify(*session);
        if (result.firstBrokenId) {
            std::fprintf(err, "audit trail BROKEN at entry %lld: %s (%lld entries read)\n",
                         static_cast<long long>(*result.firstBrokenId), qPrintable(result.problem),
                         static_cast<long long>(result.entries));
            return 3;
        }
        std::fprintf(out, "audit trail intact: %lld entries\n", static_cast<long long>(result.entries));
        return 0;
    }
    return usage(err);
}

} // namespace td::AdminCommands
