#include "Migrations.h"

#include "SqlSession.h"
#include "Timestamps.h"

#include <QDateTime>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace td::Migrations {

namespace {

struct Migration {
    int version;
    const char *description;
    QStringList statements; // portable DDL with {{ID}}/{{REAL}}/{{JSON}} placeholders
};

const QList<Migration> &migrations()
{
    static const QList<Migration> list = {
        {1,
         "projects, subjects, questionnaire submissions, vital signs, idempotency keys",
         {
             uR"(CREATE TABLE projects (
                id {{ID}},
                code TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                phase TEXT NOT NULL,
                status TEXT NOT NULL,
                sponsor TEXT,
                principal_investigator TEXT,
                start_date TEXT,
                end_date TEXT,
                target_enrollment INTEGER,
                sites {{JSON}} NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL))"_s,
             u"CREATE INDEX projects_status ON projects (status, code)"_s,
             uR"(CREATE TABLE subjects (
                id {{ID}},
                subject_id TEXT NOT NULL UNIQUE,
                project_id BIGINT NOT NULL REFERENCES projects (id),
                name TEXT,
                phone TEXT,
                site TEXT,
                sex TEXT,
                birth_year INTEGER,
                enrolled_at TEXT NOT NULL,
                last_submission_at TEXT,
                created_at TEXT NOT NULL))"_s,
             u"CREATE INDEX subjects_project ON subjects (project_id, id)"_s,
             uR"(CREATE TABLE questionnaire_submissions (
                id {{ID}},
                subject_id TEXT NOT NULL REFERENCES subjects (subject_id),
                project_id BIGINT NOT NULL REFERENCES projects (id),
                questionnaire TEXT,
                answers {{JSON}} NOT NULL,
                submit_at TEXT NOT NULL,
                received_at TEXT NOT NULL))"_s,
             u"CREATE INDEX submissions_subject ON questionnaire_submissions (subject_id, id)"_s,
             u"CREATE INDEX submissions_project ON questionnaire_submissions (project_id, id)"_s,
             uR"(CREATE TABLE vital_signs (
                id {{ID}},
                subject_id TEXT NOT NULL REFERENCES subjects (subject_id),
                type TEXT NOT NULL,
                value {{REAL}} NOT NULL,
                value2 {{REAL}},
                entered_value {{REAL}},
                entered_unit TEXT,
                measured_at TEXT NOT NULL,
                received_at TEXT NOT NULL))"_s,
             u"CREATE INDEX vitals_subject_time ON vital_signs (subject_id, measured_at, id)"_s,
             uR"(CREATE TABLE idempotency_keys (
                subject_id TEXT NOT NULL,
                idem_key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                resource_type TEXT NOT NULL,
                resource_id BIGINT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (subject_id, idem_key)))"_s,
         }},
        {2,
         "staff accounts, access tokens, login failures, audit trail, submission review and signatures",
         {
             uR"(CREATE TABLE users (
                id {{ID}},
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                disabled INTEGER NOT NULL DEFAULT 0,
                locked_until TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL))"_s,
             uR"(CREATE TABLE access_tokens (
                token_hash TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                principal TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT,
                revoked_at TEXT))"_s,
             u"CREATE INDEX access_tokens_principal ON access_tokens (kind, principal)"_s,
             uR"(CREATE TABLE login_failures (
                id {{ID}},
                username TEXT NOT NULL,
                remote_address TEXT,
                at TEXT NOT NULL))"_s,
             u"CREATE INDEX login_failures_user ON login_failures (username, at)"_s,
             uR"(CREATE TABLE audit_log (
                id {{ID}},
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                actor_role TEXT NOT NULL,
                action TEXT NOT NULL,
                entity_type TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                before_value TEXT,
                after_value TEXT,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL))"_s,
             u"CREATE INDEX audit_entity ON audit_log (entity_type, entity_id, id)"_s,
             u"CREATE INDEX audit_actor ON audit_log (actor, id)"_s,
             // Case-insensitive search beyond ASCII: the folded text is computed by Qt
             // (SQL LOWER() only folds ASCII) and stored next to what it folds.
             u"ALTER TABLE projects ADD COLUMN search_text TEXT"_s,
             u"UPDATE projects SET search_text = LOWER(code || ' ' || title)"_s,
             // Lists are ordered by when the patient submitted, newest first.
             u"DROP INDEX submissions_subject"_s,
             u"DROP INDEX submissions_project"_s,
             u"CREATE INDEX submissions_subject_time ON questionnaire_submissions (subject_id, submit_at, id)"_s,
             u"CREATE INDEX submissions_project_time ON questionnaire_submissions (project_id, submit_at, id)"_s,
             u"ALTER TABLE questionnaire_submissions ADD COLUMN review_status TEXT NOT NULL DEFAULT 'pending'"_s,
             u"ALTER TABLE questionnaire_submissions ADD COLUMN review_comment TEXT"_s,
             u"ALTER TABLE questionnaire_submissions ADD COLUMN query_status TEXT"_s,
             u"ALTER TABLE questionnaire_submissions ADD COLUMN reviewed_by TEXT"_s,
             u"ALTER TABLE questionnaire_submissions ADD COLUMN reviewed_at TEXT"_s,
             u"ALTER TABLE questionnaire_submissions ADD COLUMN signed_by TEXT"_s,
             u"ALTER TABLE questionnaire_submissions ADD COLUMN signed_at TEXT"_s,
             u"ALTER TABLE questionnaire_submissions ADD COLUMN signature_meaning TEXT"_s,
         }},
        {3,
         "study memberships: staff access scoped to studies and sites",
         {
             // sites: a JSON array of the study's sites the member is limited to; [] = all.
             // from_upgrade: made by this migration, not by an administrator.
             uR"(CREATE TABLE study_members (
                project_id BIGINT NOT NULL REFERENCES projects (id),
                username TEXT NOT NULL REFERENCES users (username),
                study_role TEXT NOT NULL,
                sites TEXT NOT NULL,
                from_upgrade INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                PRIMARY KEY (project_id, username)))"_s,
             u"CREATE INDEX study_members_user ON study_members (username, project_id)"_s,
             // Before #14 every staff account saw every study with its global role: keep
             // exactly that until an administrator narrows it (the server logs a reminder).
             uR"(INSERT INTO study_members (project_id, username, study_role, sites, from_upgrade, created_at, created_by)
                SELECT p.id, u.username, u.role, '[]', 1, {{NOW}}, 'upgrade' FROM projects p CROSS JOIN users u
                WHERE u.role IN ('pm', 'crc', 'monitor'))"_s,
         }},
        {4,
         "questionnaire definitions: versions per study and key (drafts, published and signed), and the "
         "definition version each submission was validated against",
         {
             // One row per version. A draft is edited in place; a published row never
             // changes again (the server refuses it), so content_hash is what was signed.
             uR"(CREATE TABLE questionnaire_versions (
                id {{ID}},
                project_id BIGINT NOT NULL REFERENCES projects (id),
                questionnaire_key TEXT NOT NULL,
                version INTEGER NOT NULL,
                status TEXT NOT NULL,
                definition {{JSON}} NOT NULL,
                content_hash TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_by TEXT,
                updated_at TEXT,
                published_by TEXT,
                published_at TEXT,
                signature_meaning TEXT,
                UNIQUE (project_id, questionnaire_key, version)))"_s,
             // The definition cache reloads by status: published rows only.
             u"CREATE INDEX questionnaire_versions_status ON questionnaire_versions (status, project_id)"_s,
             // NULL: stored before #15, or in a study without published questionnaires.
             u"ALTER TABLE questionnaire_submissions ADD COLUMN definition_version INTEGER"_s,
         }},
        {5,
         "questionnaire schedules; study and subject time zones, anchor dates; submissions matched to entries",
         {
             // schedule: the QuestionnaireSchedule JSON (shared/QuestionnaireSchedule.h).
             uR"(CREATE TABLE questionnaire_schedules (
                id {{ID}},
                project_id BIGINT NOT NULL REFERENCES projects (id),
                questionnaire TEXT NOT NULL,
                schedule {{JSON}} NOT NULL,
                updated_at TEXT NOT NULL,
                updated_by TEXT NOT NULL,
                UNIQUE (project_id, questionnaire)))"_s,
             // IANA zone ids. Every study so far ran in China; a subject without its own
             // zone uses the study's.
             u"ALTER TABLE projects ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai'"_s,
             u"ALTER TABLE subjects ADD COLUMN time_zone TEXT"_s,
             // Day 0 of `subjectDate` schedules (e.g. the surgery date), YYYY-MM-DD.
             u"ALTER TABLE subjects ADD COLUMN anchor_date TEXT"_s,
             // The expected entry a submission was matched to at intake, and how:
             // received / late / duplicate / unscheduled (NULL: no schedule applied).
             u"ALTER TABLE questionnaire_submissions ADD COLUMN entry_day INTEGER"_s,
             u"ALTER TABLE questionnaire_submissions ADD COLUMN entry_state TEXT"_s,
             // Intake asks "is this entry already fulfilled?" on every scheduled submission.
             uR"(CREATE INDEX submissions_entry
                ON questionnaire_submissions (subject_id, questionnaire, entry_day))"_s,
         }},
        {6,
         "event outbox: one row per change staff or integrations follow, numbered gap-free in commit order",
         {
             // seq comes from event_counter, not an identity column: the counter row is
             // locked by the UPDATE that takes the numbers until the transaction commits,
             // so the next writer waits and numbers commit in order, without gaps
             // (docs/events.md). Ids only, never personal data.
             uR"(CREATE TABLE events (
                seq BIGINT NOT NULL PRIMARY KEY,
                project TEXT NOT NULL,
                site TEXT,
                type TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                occurred_at TEXT NOT NULL))"_s,
             u"CREATE TABLE event_counter (id INTEGER NOT NULL PRIMARY KEY, last_seq BIGINT NOT NULL)"_s,
             u"INSERT INTO event_counter (id, last_seq) VALUES (1, 0)"_s,
         }},
        // 7 is taken by another branch (reminders); versions need not be consecutive.
        {8,
         "outgoing webhooks of a study, their deliveries (one per webhook and event) and the attempts' log",
         {
             // secret: what the server signs with (docs/security.md). cursor_seq: the
             // last event seq fanned out into deliveries for this webhook.
             uR"(CREATE TABLE webhooks (
                id {{ID}},
                project_id BIGINT NOT NULL REFERENCES projects (id),
                url TEXT NOT NULL,
                event_types {{JSON}} NOT NULL,
                description TEXT NOT NULL,
                enabled INTEGER NOT NULL,
                secret TEXT NOT NULL,
                cursor_seq BIGINT NOT NULL,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                updated_at TEXT NOT NULL))"_s,
             u"CREATE INDEX webhooks_project ON webhooks (project_id, id)"_s,
             // Times the dispatcher compares (next attempt, lease) are milliseconds since
             // the epoch; what the API shows is text like everywhere else.
             uR"(CREATE TABLE webhook_deliveries (
                id {{ID}},
                webhook_id BIGINT NOT NULL REFERENCES webhooks (id),
                event_seq BIGINT NOT NULL,
                event_type TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                next_attempt_ms BIGINT,
                lease_until_ms BIGINT,
                last_attempt_at TEXT,
                delivered_at TEXT,
                last_status INTEGER,
                last_error TEXT,
                last_latency_ms INTEGER,
                UNIQUE (webhook_id, event_seq)))"_s,
             u"CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_ms)"_s,
             u"CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, state, id)"_s,
             uR"(CREATE TABLE webhook_attempts (
                id {{ID}},
                delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries (id),
                at TEXT NOT NULL,
                status INTEGER,
                latency_ms INTEGER NOT NULL,
                error TEXT))"_s,
             u"CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id)"_s,
         }},
    };
    return list;
}

// Memberships made by migration 3 give every account every study, as before #14:
// tell the administrator to narrow them.
void reportUpgradedMemberships(SqlSession &session)
{
    QSqlQuery &q = session.exec(u"SELECT COUNT(*), COUNT(DISTINCT username) FROM study_members"_s);
    const int memberships = q.next() ? q.value(0).toInt() : 0;
    const int accounts = memberships > 0 ? q.value(1).toInt() : 0;
    q.finish();
    if (memberships > 0)
        qWarning("access is now scoped to studies and sites: %d staff account(s) were made members of every existing "
                 "study with their global role (%d memberships); narrow them with PUT/DELETE "
                 "/api/v1/projects/{code}/members/{username} (see `trialdesk-server users list`)",
                 accounts, memberships);
}

} // namespace

int currentVersion(SqlSession &session)
{
    session.execRaw(uR"(CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        description TEXT NOT NULL,
        applied_at TEXT NOT NULL))"_s);
    QSqlQuery &q = session.exec(u"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"_s);
    const int version = q.next() ? q.value(0).toInt() : 0;
    q.finish();
    return version;
}

int latestVersion()
{
    return migrations().constLast().version;
}

int apply(SqlSession &session, int targetVersion)
{
    int version = currentVersion(session);
    if (version > latestVersion())
        throw StorageError("the database was created by a newer TrialDesk (schema version " + std::to_string(version)
                           + "); refusing to start");
    for (const Migration &m : migrations()) {
        if (m.version <= version || m.version > targetVersion)
            continue;
        session.beginWrite();
        try {
            const QString now = u"'"_s % formatTimestamp(QDateTime::currentDateTimeUtc()) % u"'"_s;
            for (const QString &statement : m.statements)
                session.execRaw(session.dialect().expand(statement).replace(u"{{NOW}}"_s, now));
            session.exec(
                u"INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)"_s,
                {m.version, QString::fromUtf8(m.description), formatTimestamp(QDateTime::currentDateTimeUtc())});
            if (m.version == 3)
                reportUpgradedMemberships(session);
            session.execRaw(u"COMMIT"_s);
        } catch (...) {
            session.execRaw(u"ROLLBACK"_s);
            throw;
        }
        version = m.version;
    }
    return version;
}

namespace {

int applyPending(SqlSession &session)
{
    return apply(session, latestVersion());
}

} // namespace

int apply(SqlSession &session)
{
    if (session.dialect().kind == SqlDialect::Kind::SQLite)
        return applyPending(session);
    // Several instances may start at once against one PostgreSQL database: one of
    // them migrates, the others wait here and then find nothing left to do.
    session.execRaw(u"SELECT pg_advisory_lock(7464000)"_s);
    int version = 0;
    try {
        version = applyPending(session);
    } catch (...) {
        session.execRaw(u"SELECT pg_advisory_unlock(7464000)"_s);
        throw;
    }
    session.execRaw(u"SELECT pg_advisory_unlock(7464000)"_s);
    return version;
}

} // namespace td::Migrations
