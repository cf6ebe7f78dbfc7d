// libFuzzer target over the JSON decoders and validators of the shared library.
//
// Every input is one request body. It goes through td::parseJsonObject exactly as
// the server reads it and, when that accepts it, through every decoder a body can
// reach. Besides "no crash, no sanitizer report" the target checks invariants:
//   - a refusal is always an ApiError of kind Invalid with a code and a message,
//     and that error survives the trip through its JSON form;
//   - the raw-byte depth check agrees with the depth of what Qt actually parsed;
//   - whatever a decoder accepts satisfies its documented bounds, re-encodes with
//     toJson(), formats non-empty timestamps that parse back to the same instant,
//     and is accepted again (unchanged) when sent back as a request.
// The raw text is also fed to parseTimestamp, parseDate and PageCursor::decode.
//
// Build and run: tests/fuzz/run-fuzz.sh (or see tests/fuzz/CMakeLists.txt).

#include "ApiError.h"
#include "JsonInput.h"
#include "PageCursor.h"
#include "Project.h"
#include "ProjectPatch.h"
#include "QuestionnaireSubmission.h"
#include "Subject.h"
#include "Timestamps.h"
#include "VitalSign.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTimeZone>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace {

[[noreturn]] void violated(const char *condition, int line)
{
    std::fprintf(stderr, "fuzz_decoders.cpp:%d: invariant violated: %s\n", line, condition);
    std::abort(); // libFuzzer reports a deadly signal and saves the input
}

#define FUZZ_ASSERT(condition)                                                                                         \
    do {                                                                                                               \
        if (!(condition))                                                                                              \
            violated(#condition, __LINE__);                                                                            \
    } while (false)

// A fixed clock, so that a crash reproduces no matter when it is replayed.
const QDateTime &now()
{
    static const QDateTime instant(QDate(2026, 5, 1), QTime(12, 0), QTimeZone::utc());
    return instant;
}

const QString kPathSubjectId = u"S-0001"_s;

// The stored project every PATCH body is applied to.
const td::Project &currentProject()
{
    static const td::Project project = [] {
        td::Project p;
        p.code = u"FUZZ-1"_s;
        p.title = u"Fuzzed study"_s;
        p.phase = u"II"_s;
        p.status = u"active"_s;
        p.sponsor = u"Acme"_s;
        p.startDate = QDate(2024, 1, 1);
        p.endDate = QDate(2024, 12, 31);
        p.targetEnrollment = 120;
        p.sites = QStringList{u"Beijing"_s, u"Shanghai"_s};
        p.createdAt = p.updatedAt = now().addDays(-30);
        return p;
    }();
    return project;
}

int depthOf(const QJsonValue &value)
{
    int deepest = 0;
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            deepest = std::max(deepest, depthOf(item));
        return deepest + 1;
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            deepest = std::max(deepest, depthOf(it.value()));
        return deepest + 1;
    }
    return 0;
}

void checkError(const td::ApiError &error)
{
    static const QRegularExpression codePattern(u"^[a-z][a-z_]*\\z"_s);
    FUZZ_ASSERT(error.kind == td::ApiError::Kind::Invalid);
    FUZZ_ASSERT(codePattern.match(error.code).hasMatch());
    FUZZ_ASSERT(!error.message.trimmed().isEmpty());
    for (auto it = error.fields.cbegin(); it != error.fields.cend(); ++it)
        FUZZ_ASSERT(!it.value().isEmpty());
    // What the server sends must parse back into the same error.
    const QByteArray wire = QJsonDocument(error.toJson()).toJson(QJsonDocument::Compact);
    QJsonParseError parseError;
    const QJsonDocument back = QJsonDocument::fromJson(wire, &parseError);
    FUZZ_ASSERT(parseError.error == QJsonParseError::NoError && back.isObject());
    const td::ApiError decoded = td::ApiError::fromJson(back.object(), 400);
    FUZZ_ASSERT(decoded.kind == error.kind);
    FUZZ_ASSERT(decoded.code == error.code);
    FUZZ_ASSERT(decoded.message == error.message);
    // Field names are echoed from the request; Qt's parser drops a U+FEFF that
    // starts a string, so compare what does not depend on the names.
    FUZZ_ASSERT(decoded.fields.isEmpty() == error.fields.isEmpty());
}

void checkInstant(const QDateTime &instant)
{
    FUZZ_ASSERT(instant.isValid());
    const QString text = td::formatTimestamp(instant);
    FUZZ_ASSERT(!text.isEmpty());
    FUZZ_ASSERT(text.size() == 24); // "2026-05-01T00:00:00.000Z": fixed width sorts as text
    const auto back = td::parseTimestamp(text);
    FUZZ_ASSERT(back.has_value());
    FUZZ_ASSERT(*back == instant);
    FUZZ_ASSERT(td::formatTimestamp(*back) == text);
}

void checkDate(const QDate &date)
{
    FUZZ_ASSERT(date.isValid());
    const QString text = td::formatDate(date);
    FUZZ_ASSERT(text.size() == 10);
    FUZZ_ASSERT(td::parseDate(text) == date);
}

// What a client reads back: the object as the server writes it, parsed again (the
// desktop app decodes with Qt, and JSON columns are stored as text the same way).
QJsonObject overTheWire(const QJsonObject &object)
{
    QJsonParseError parseError;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact), &parseError);
    FUZZ_ASSERT(parseError.error == QJsonParseError::NoError && doc.isObject());
    return doc.object();
}

void checkText(const QString &text, int maxLength, bool allowNewlines = false)
{
    FUZZ_ASSERT(text.size() <= maxLength);
    FUZZ_ASSERT(!td::hasForbiddenCharacters(text, allowNewlines));
}

// ---- projects --------------------------------------------------------------------

bool sameProject(const td::Project &a, const td::Project &b)
{
    return a.code == b.code && a.title == b.title && a.phase == b.phase && a.status == b.status
           && a.sponsor == b.sponsor && a.principalInvestigator == b.principalInvestigator && a.startDate == b.startDate
           && a.endDate == b.endDate && a.targetEnrollment == b.targetEnrollment && a.sites == b.sites;
}

void checkProject(const td::Project &p)
{
    FUZZ_ASSERT(td::Project::isValidCode(p.code));
    FUZZ_ASSERT(!p.title.trimmed().isEmpty());
    checkText(p.title, 200);
    FUZZ_ASSERT(td::Project::phases().contains(p.phase));
    FUZZ_ASSERT(td::Project::statuses().contains(p.status));
    checkText(p.sponsor, 200);
    checkText(p.principalInvestigator, 200);
    if (p.startDate)
        checkDate(*p.startDate);
    if (p.endDate)
        checkDate(*p.endDate);
    if (p.startDate && p.endDate)
        FUZZ_ASSERT(*p.startDate <= *p.endDate);
    if (p.targetEnrollment)
        FUZZ_ASSERT(*p.targetEnrollment >= 0 && *p.targetEnrollment <= 10'000'000);
    FUZZ_ASSERT(p.sites.size() <= 500);
    for (const QString &site : p.sites) {
        FUZZ_ASSERT(!site.trimmed().isEmpty());
        checkText(site, 100);
        FUZZ_ASSERT(p.sites.count(site) == 1);
    }

    // The stored form (timestamps are the server's) re-encodes and decodes unchanged.
    td::Project stored = p;
    stored.createdAt = stored.updatedAt = now();
    const QJsonObject json = stored.toJson();
    FUZZ_ASSERT(!json.value(u"createdAt"_s).toString().isEmpty());
    checkInstant(stored.createdAt);
    const td::Project decoded = td::Project::fromJson(overTheWire(json));
    FUZZ_ASSERT(sameProject(decoded, stored));
    FUZZ_ASSERT(decoded.createdAt == stored.createdAt);

    // Sending an accepted project back as a create request gives the same project.
    QJsonObject request = json;
    request.remove(u"enrolledCount"_s);
    request.remove(u"createdAt"_s);
    request.remove(u"updatedAt"_s);
    td::ApiError error;
    const auto again = td::Project::fromCreateRequest(request, &error);
    FUZZ_ASSERT(again.has_value());
    FUZZ_ASSERT(sameProject(*again, p));
}

// What the server does with a PATCH body: decode it, then apply it to the stored study.
std::optional<td::Project> applyPatch(const td::Project &current, const QJsonObject &body, td::ApiError *error)
{
    const auto patch = td::ProjectPatch::fromJson(body, error);
    return patch ? patch->applyTo(current, error) : std::nullopt;
}

void fuzzProjects(const QJsonObject &body)
{
    td::ApiError error;
    if (const auto created = td::Project::fromCreateRequest(body, &error))
        checkProject(*created);
    else
        checkError(error);

    const td::Project &current = currentProject();
    td::ApiError patchError;
    if (const auto patched = applyPatch(current, body, &patchError)) {
        FUZZ_ASSERT(patched->code == current.code);
        FUZZ_ASSERT(patched->createdAt == current.createdAt);
        checkProject(*patched);
        // A PATCH is idempotent: applying it again changes nothing more.
        td::ApiError againError;
        const auto again = applyPatch(*patched, body, &againError);
        FUZZ_ASSERT(again.has_value());
        FUZZ_ASSERT(sameProject(*again, *patched));
    } else {
        checkError(patchError);
    }
}

// ---- subjects --------------------------------------------------------------------

void fuzzSubject(const QJsonObject &body)
{
    static const QRegularExpression storedPhone(u"^\\+?[0-9]{1,31}\\z"_s);
    td::ApiError error;
    const auto subject = td::Subject::fromEnrolRequest(body, now(), &error);
    if (!subject) {
        checkError(error);
        return;
    }
    const td::Subject &s = *subject;
    FUZZ_ASSERT(s.subjectId.isEmpty() || td::Subject::isValidSubjectId(s.subjectId));
    checkText(s.name, 100);
    FUZZ_ASSERT(s.name == s.name.trimmed());
    FUZZ_ASSERT(s.phone.isEmpty() || storedPhone.match(s.phone).hasMatch());
    checkText(s.site, 100);
    FUZZ_ASSERT(s.sex.isEmpty() || td::Subject::sexes().contains(s.sex));
    if (s.birthYear)
        FUZZ_ASSERT(*s.birthYear >= 1900 && *s.birthYear <= now().date().year());
    FUZZ_ASSERT(s.enrolledAt <= now().addSecs(300));
    checkInstant(s.enrolledAt);

    td::Subject stored = s;
    stored.subjectId = s.subjectId.isEmpty() ? kPathSubjectId : s.subjectId;
    stored.projectCode = currentProject().code;
    const td::Subject decoded = td::Subject::fromJson(overTheWire(stored.toJson()));
    FUZZ_ASSERT(decoded.subjectId == stored.subjectId && decoded.name == stored.name && decoded.phone == stored.phone
                && decoded.site == stored.site && decoded.sex == stored.sex && decoded.birthYear == stored.birthYear
                && decoded.enrolledAt == stored.enrolledAt);

    // Masking never leaves half a surrogate pair or a longer phone number behind.
    const td::Subject masked = stored.masked();
    FUZZ_ASSERT(!td::hasForbiddenCharacters(masked.name, false));
    FUZZ_ASSERT(masked.phone.size() == stored.phone.size());
    FUZZ_ASSERT(!stored.toProfileJson().isEmpty());
}

// ---- questionnaire submissions ---------------------------------------------------

void fuzzSubmission(const QJsonObject &body, const QString &pathSubjectId)
{
    td::ApiError error;
    const auto submission = td::QuestionnaireSubmission::fromSubmitRequest(body, pathSubjectId, now(), &error);
    if (!submission) {
        checkError(error);
        return;
    }
    const td::QuestionnaireSubmission &s = *submission;
    FUZZ_ASSERT(s.subjectId == pathSubjectId);
    FUZZ_ASSERT(!s.answers.isEmpty() && s.answers.size() <= 500);
    FUZZ_ASSERT(s.submitAt <= now().addSecs(300));
    FUZZ_ASSERT(s.receivedAt == now());
    checkInstant(s.submitAt);
    checkInstant(s.receivedAt);
    checkText(s.questionnaire, 64);

    td::QuestionnaireSubmission stored = s;
    stored.id = 1;
    stored.projectCode = currentProject().code;
    const QJsonObject json = stored.toJson();
    FUZZ_ASSERT(!json.value(u"submitAt"_s).toString().isEmpty());
    FUZZ_ASSERT(!json.value(u"receivedAt"_s).toString().isEmpty());
    // The answers are stored as JSON text and read back: that must be lossless.
    FUZZ_ASSERT(overTheWire(s.answers) == s.answers);
    const td::QuestionnaireSubmission decoded = td::QuestionnaireSubmission::fromJson(overTheWire(json));
    FUZZ_ASSERT(decoded.subjectId == s.subjectId && decoded.questionnaire == s.questionnaire
                && decoded.answers == s.answers && decoded.submitAt == s.submitAt && decoded.id == 1);

    // Sent again, the stored form is accepted as the same submission.
    QJsonObject request{
        {u"subjectId"_s, s.subjectId}, {u"answers"_s, s.answers}, {u"submitAt"_s, json.value(u"submitAt"_s)}};
    if (!s.questionnaire.isEmpty())
        request.insert(u"questionnaire"_s, s.questionnaire);
    td::ApiError againError;
    const auto again = td::QuestionnaireSubmission::fromSubmitRequest(request, pathSubjectId, now(), &againError);
    FUZZ_ASSERT(again.has_value());
    FUZZ_ASSERT(again->answers == s.answers && again->submitAt == s.submitAt
                && again->questionnaire == s.questionnaire);
}

// ---- vital signs -----------------------------------------------------------------

void fuzzVital(const QJsonObject &body, const QString &pathSubjectId)
{
    td::ApiError error;
    const auto vital = td::VitalSign::fromSubmitRequest(body, pathSubjectId, now(), &error);
    if (!vital) {
        checkError(error);
        return;
    }
    const td::VitalSign &v = *vital;
    FUZZ_ASSERT(v.subjectId == pathSubjectId);
    FUZZ_ASSERT(std::isfinite(v.value));
    if (v.type == td::VitalSign::Type::BloodPressure) {
        FUZZ_ASSERT(v.value2.has_value() && std::isfinite(*v.value2));
        FUZZ_ASSERT(v.value >= 40 && v.value <= 300 && *v.value2 >= 40 && *v.value2 <= 300);
        FUZZ_ASSERT(*v.value2 < v.value);
    } else {
        FUZZ_ASSERT(!v.value2.has_value());
    }
    if (v.enteredValue) {
        FUZZ_ASSERT(v.type == td::VitalSign::Type::Glucose && v.enteredUnit == u"mg/dL"_s);
        FUZZ_ASSERT(std::isfinite(*v.enteredValue));
    }
    FUZZ_ASSERT(v.measuredAt <= now().addSecs(300));
    checkInstant(v.measuredAt);
    checkInstant(v.receivedAt);

    td::VitalSign stored = v;
    stored.id = 1;
    const QJsonObject json = stored.toJson();
    FUZZ_ASSERT(!json.value(u"measuredAt"_s).toString().isEmpty());
    FUZZ_ASSERT(json.value(u"unit"_s).toString() == td::VitalSign::canonicalUnit(v.type));
    const td::VitalSign decoded = td::VitalSign::fromJson(overTheWire(json));
    FUZZ_ASSERT(decoded.type == v.type && decoded.value == v.value && decoded.measuredAt == v.measuredAt);
    if (v.value2)
        FUZZ_ASSERT(decoded.value2 == v.value2);

    // The canonical form (value in the canonical unit) is accepted again unchanged.
    QJsonObject request = json;
    request.remove(u"id"_s);
    request.remove(u"receivedAt"_s);
    request.remove(u"enteredValue"_s);
    request.remove(u"enteredUnit"_s);
    td::ApiError againError;
    const auto again = td::VitalSign::fromSubmitRequest(request, pathSubjectId, now(), &againError);
    FUZZ_ASSERT(again.has_value());
    FUZZ_ASSERT(again->type == v.type && again->value == v.value && again->value2 == v.value2
                && again->measuredAt == v.measuredAt);
}

// ---- raw text: timestamps, dates, cursors ------------------------------------------

void fuzzText(const QString &text)
{
    if (const auto ts = td::parseTimestamp(text)) {
        FUZZ_ASSERT(ts->timeSpec() == Qt::UTC);
        FUZZ_ASSERT(ts->date().year() >= 1 && ts->date().year() <= 9999);
        checkInstant(*ts);
    }
    if (const auto date = td::parseDate(text)) {
        checkDate(*date);
        FUZZ_ASSERT(td::formatDate(*date) == text);
    }
    for (int parts = 1; parts <= 3; ++parts) {
        const auto key = td::PageCursor::decode(text, parts);
        if (!key)
            continue;
        FUZZ_ASSERT(key->size() == parts);
        const QString cursor = td::PageCursor::encode(*key);
        if (cursor.size() <= 512)
            FUZZ_ASSERT(td::PageCursor::decode(cursor, parts) == key);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // The server refuses bodies over kMaxBodyBytes before parsing.
    if (size > std::size_t(td::kMaxBodyBytes))
        return -1;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));

    fuzzText(QString::fromUtf8(bytes));

    td::ApiError error;
    const auto body = td::parseJsonObject(bytes, &error);

    // The depth check runs on raw bytes; it must agree with what Qt parses.
    QJsonParseError qtError;
    const QJsonDocument qtDoc = QJsonDocument::fromJson(bytes, &qtError);
    const bool qtObject = qtError.error == QJsonParseError::NoError && qtDoc.isObject();
    if (!body) {
        checkError(error);
        FUZZ_ASSERT(error.code == u"invalid_json"_s || error.code == u"too_deep"_s);
        // invalid_json may be text Qt's lenient parser accepts ("\q", "70.", raw
        // control characters): the strict RFC 8259 check refuses it on purpose.
        if (error.code == u"too_deep"_s && qtObject)
            FUZZ_ASSERT(depthOf(qtDoc.object()) > td::kMaxJsonDepth);
        return 0;
    }
    FUZZ_ASSERT(qtObject && qtDoc.object() == *body);
    FUZZ_ASSERT(depthOf(*body) <= td::kMaxJsonDepth);

    fuzzProjects(*body);
    fuzzSubject(*body);
    fuzzSubmission(*body, kPathSubjectId);
    fuzzVital(*body, kPathSubjectId);
    // Also with the path naming the body's own subject, to get past the mismatch check.
    const QJsonValue ownId = body->value(u"subjectId"_s);
    if (ownId.isString() && ownId.toString() != kPathSubjectId) {
        fuzzSubmission(*body, ownId.toString());
        fuzzVital(*body, ownId.toString());
    }
    return 0;
}
