#include "SubmissionStore.h"

#include "PageCursor.h"
#include "SqlSession.h"
#include "SubjectStore.h"
#include "Timestamps.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace td::SubmissionStore {

namespace {

const QString kSubmissionSelect = u"SELECT q.id, q.subject_id, p.code, q.questionnaire, q.answers, q.submit_at, "
                                  "q.received_at, q.review_status, q.review_comment, q.query_status, q.reviewed_by, "
                                  "q.reviewed_at, q.signed_by, q.signed_at, q.signature_meaning, q.definition_version, "
                                  "q.entry_day, q.entry_state "
                                  "FROM questionnaire_submissions q "
                                  "JOIN projects p ON p.id = q.project_id "_s;

const QString kVitalSelect = u"SELECT id, subject_id, type, value, value2, entered_value, entered_unit, "
                             "measured_at, received_at FROM vital_signs "_s;

QuestionnaireSubmission submissionFromRow(const QSqlQuery &q)
{
    QuestionnaireSubmission s;
    s.id = q.value(0).toLongLong();
    s.subjectId = q.value(1).toString();
    s.projectCode = q.value(2).toString();
    s.questionnaire = textOrEmpty(q.value(3));
    s.answers = QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object();
    s.submitAt = parseTimestamp(q.value(5).toString()).value_or(QDateTime());
    s.receivedAt = parseTimestamp(q.value(6).toString()).value_or(QDateTime());
    SubmissionReview &r = s.review;
    r.status = q.value(7).toString();
    r.comment = textOrEmpty(q.value(8));
    r.queryStatus = textOrEmpty(q.value(9));
    r.reviewedBy = textOrEmpty(q.value(10));
    r.reviewedAt = parseTimestamp(textOrEmpty(q.value(11)));
    r.signedBy = textOrEmpty(q.value(12));
    r.signedAt = parseTimestamp(textOrEmpty(q.value(13)));
    r.signatureMeaning = textOrEmpty(q.value(14));
    if (!q.value(15).isNull())
        s.definitionVersion = q.value(15).toInt();
    if (!q.value(16).isNull())
        s.entryDay = q.value(16).toInt();
    s.entryState = textOrEmpty(q.value(17));
    return s;
}

VitalSign vitalFromRow(const QSqlQuery &q)
{
    VitalSign v;
    v.id = q.value(0).toLongLong();
    v.subjectId = q.value(1).toString();
    v.type = VitalSign::typeFromName(q.value(2).toString()).value_or(VitalSign::Type::HeartRate);
    v.value = q.value(3).toDouble();
    if (!q.value(4).isNull())
        v.value2 = q.value(4).toDouble();
    if (!q.value(5).isNull()) {
        v.enteredValue = q.value(5).toDouble();
        v.enteredUnit = textOrEmpty(q.value(6));
    }
    v.measuredAt = parseTimestamp(q.value(7).toString()).value_or(QDateTime());
    v.receivedAt = parseTimestamp(q.value(8).toString()).value_or(QDateTime());
    return v;
}

qint64 returnedId(QSqlQuery &q)
{
    if (!q.next())
        throw StorageError("INSERT ... RETURNING returned no row");
    const qint64 id = q.value(0).toLongLong();
    q.finish();
    return id;
}

QVariant nullableDouble(const std::optional<double> &v)
{
    return v ? QVariant(*v) : QVariant(QMetaType::fromType<double>());
}

} // namespace

qint64 insertSubmission(SqlSession &session, qint64 projectId, const QuestionnaireSubmission &s,
                        const QByteArray &answersText, const std::optional<EntryMatch> &entry)
{
    const QString answers =
        QString::fromUtf8(answersText.isNull() ? QJsonDocument(s.answers).toJson(QJsonDocument::Compact) : answersText);
    const QVariant entryDay =
        entry && entry->day ? QVariant(*entry->day) : QVariant(QMetaType::fromType<int>()); // NULL: no entry
    const QVariant entryState = entry ? QVariant(EntryMatch::kindName(entry->kind)) : nullIfEmpty(QString());
    return returnedId(
        session.exec(u"INSERT INTO questionnaire_submissions (subject_id, project_id, questionnaire, "
                     "answers, submit_at, received_at, definition_version, entry_day, entry_state) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
                     {s.subjectId, projectId, nullIfEmpty(s.questionnaire), answers, formatTimestamp(s.submitAt),
                      formatTimestamp(s.receivedAt),
                      s.definitionVersion ? QVariant(*s.definitionVersion) : QVariant(QMetaType::fromType<int>()),
                      entryDay, entryState}));
}

std::optional<QuestionnaireSubmission> findSubmission(SqlSession &session, qint64 id)
{
    QSqlQuery &q = session.exec(kSubmissionSelect % u"WHERE q.id = ?"_s, {id});
    std::optional<QuestionnaireSubmission> found;
    if (q.next())
        found = submissionFromRow(q);
    q.finish();
    return found;
}

Page<QuestionnaireSubmission> listSubmissions(SqlSession &session, const SubmissionFilter &filter,
                                              const PageRequest &page)
{
    QString sql = kSubmissionSelect;
    QVariantList values;
    if (!filter.subjectId.isEmpty()) {
        sql += u"WHERE q.subject_id = ?"_s;
        values << filter.subjectId;
    } else {
        sql += u"WHERE q.project_id = ?"_s;
        values << filter.projectId;
        if (!filter.sites.isEmpty()) {
            sql += u" AND q.subject_id IN (SELECT s.subject_id FROM subjects s WHERE s.project_id = ?"_s;
            values << filter.projectId;
            sql += SubjectStore::siteFilter(u"s.site"_s, filter.sites, values) % u")"_s;
        }
    }
    if (!filter.questionnaire.isEmpty()) {
        sql += u" AND q.questionnaire = ?"_s;
        values << filter.questionnaire;
    }
    if (!filter.reviewStatus.isEmpty()) {
        sql += u" AND q.review_status = ?"_s;
        values << filter.reviewStatus;
    }
    if (filter.since) {
        sql += u" AND q.submit_at >= ?"_s;
        values << formatTimestamp(*filter.since);
    }
    if (filter.until) {
        sql += u" AND q.submit_at < ?"_s;
        values << formatTimestamp(*filter.until);
    }
    if (!page.after.isEmpty()) {
        sql += u" AND (q.submit_at < ? OR (q.submit_at = ? AND q.id < ?))"_s;
        values << page.after.at(0) << page.after.at(0) << page.after.at(1).toLongLong();
    }
    sql += u" ORDER BY q.submit_at DESC, q.id DESC LIMIT ?"_s;
    values << page.limit + 1;
    QSqlQuery &q = session.exec(sql, values);
    Page<QuestionnaireSubmission> result;
    while (q.next()) {
        if (result.items.size() == page.limit) {
            const QuestionnaireSubmission &last = result.items.constLast();
            result.nextCursor = PageCursor::encode({formatTimestamp(last.submitAt), QString::number(last.id)});
            break;
        }
        result.items << submissionFromRow(q);
    }
    q.finish();
    return result;
}

void updateReview(SqlSession &session, qint64 id, const SubmissionReview &r)
{
    auto time = [](const std::optional<QDateTime> &t) {
        return t ? QVariant(formatTimestamp(*t)) : QVariant(QMetaType::fromType<QString>());
    };
    session.exec(u"UPDATE questionnaire_submissions SET review_status = ?, review_comment = ?, query_status = ?, "
                 "reviewed_by = ?, reviewed_at = ?, signed_by = ?, signed_at = ?, signature_meaning = ? WHERE id = ?"_s,
                 {r.status, nullIfEmpty(r.comment), nullIfEmpty(r.queryStatus), nullIfEmpty(r.reviewedBy),
                  time(r.reviewedAt), nullIfEmpty(r.signedBy), time(r.signedAt), nullIfEmpty(r.signatureMeaning), id});
}

QList<QPair<QString, QDateTime>> submissionTimes(SqlSession &session, qint64 projectId, const QDateTime &since,
                                                 const QStringList &sites)
{
    QVariantList values{projectId, formatTimestamp(since)};
    QString sql =
        u"SELECT subject_id, submit_at FROM questionnaire_submissions WHERE project_id = ? AND submit_at >= ?"_s;
    if (!sites.isEmpty()) {
        sql += u" AND subject_id IN (SELECT s.subject_id FROM subjects s WHERE s.project_id = ?"_s;
        values << projectId;
        sql += SubjectStore::siteFilter(u"s.site"_s, sites, values) % u")"_s;
    }
    QSqlQuery &q = session.exec(sql, values);
    QList<QPair<QString, QDateTime>> out;
    while (q.next())
        out.append({q.value(0).toString(), parseTimestamp(q.value(1).toString()).value_or(QDateTime())});
    q.finish();
    return out;
}

qint64 insertVital(SqlSession &session, const VitalSign &v)
{
    return returnedId(session.exec(
        u"INSERT INTO vital_signs (subject_id, type, value, value2, entered_value, "
        "entered_unit, measured_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
        {v.subjectId, VitalSign::typeName(v.type), v.value, nullableDouble(v.value2), nullableDouble(v.enteredValue),
         nullIfEmpty(v.enteredUnit), formatTimestamp(v.measuredAt), formatTimestamp(v.receivedAt)}));
}

std::optional<VitalSign> findVital(SqlSession &session, qint64 id)
{
    QSqlQuery &q = session.exec(kVitalSelect % u"WHERE id = ?"_s, {id});
    std::optional<VitalSign> found;
    if (q.next())
        found = vitalFromRow(q);
    q.finish();
    return found;
}

Page<VitalSign> listVitals(SqlSession &session, const VitalFilter &filter, const PageRequest &page)
{
    QString sql = kVitalSelect % u"WHERE subject_id = ?"_s;
    QVariantList values{filter.subjectId};
    if (filter.type) {
        sql += u" AND type = ?"_s;
        values << VitalSign::typeName(*filter.type);
    }
    if (filter.from) {
        sql += u" AND measured_at >= ?"_s;
        values << formatTimestamp(*filter.from);
    }
    if (filter.to) {
        sql += u" AND measured_at <= ?"_s;
        values << formatTimestamp(*filter.to);
    }
    if (!page.after.isEmpty()) {
        sql += u" AND (measured_at > ? OR (measured_at = ? AND id > ?))"_s;
        values << page.after.at(0) << page.after.at(0) << page.after.at(1).toLongLong();
    }
    sql += u" ORDER BY measured_at, id LIMIT ?"_s;
    values << page.limit + 1;
    QSqlQuery &q = session.exec(sql, values);
    Page<VitalSign> result;
    while (q.next()) {
        if (result.items.size() == page.limit) {
            const VitalSign &last = result.items.constLast();
            result.nextCursor = PageCursor::encode({formatTimestamp(last.measuredAt), QString::number(last.id)});
            break;
        }
        result.items << vitalFromRow(q);
    }
    q.finish();
    return result;
}

std::optional<IdempotencyRecord> findKey(SqlSession &session, const QString &subjectId, const QString &key)
{
    QSqlQuery &q = session.exec(u"SELECT request_hash, resource_type, resource_id FROM idempotency_keys "
                                "WHERE subject_id = ? AND idem_key = ?"_s,
                                {subjectId, key});
    std::optional<IdempotencyRecord> found;
    if (q.next())
        found = IdempotencyRecord{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()};
    q.finish();
    return found;
}

void insertKey(SqlSession &session, const QString &subjectId, const QString &key, const IdempotencyRecord &record)
{
    session.exec(u"INSERT INTO idempotency_keys (subject_id, idem_key, request_hash, resource_type, resource_id, "
                 "created_at) VALUES (?, ?, ?, ?, ?, ?)"_s,
                 {subjectId, key, record.requestHash, record.resourceType, record.resourceId,
                  formatTimestamp(QDateTime::currentDateTimeUtc())});
}

} // namespace td::SubmissionStore
