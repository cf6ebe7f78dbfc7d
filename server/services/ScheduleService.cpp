#include "ScheduleService.h"

#include "AuditTrail.h"
#include "ScheduleCalendar.h"
#include "Timestamps.h"
#include "auth/NotFound.h"
#include "storage/DbExecutor.h"
#include "storage/EventStore.h"
#include "storage/ProjectStore.h"
#include "storage/QuestionnaireStore.h"
#include "storage/ReminderStore.h"
#include "storage/ScheduleStore.h"
#include "storage/SubjectStore.h"

#include <QDateTime>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace td {

namespace {

ApiError scheduleNotFound(const QString &code, const QString &questionnaire)
{
    return ApiError::notFound(u"schedule_not_found"_s,
                              u"Study '%1' has no schedule for '%2'."_s.arg(code.left(64), questionnaire.left(64)));
}

QJsonValue entryJson(const std::optional<ExpectedEntry> &e)
{
    if (!e)
        return QJsonValue::Null;
    return QJsonObject{{u"day"_s, e->day},
                       {u"localDate"_s, formatDate(e->localDate)},
                       {u"opensAt"_s, formatTimestamp(e->opensAt)},
                       {u"closesAt"_s, formatTimestamp(e->closesAt)}};
}

bool isLocalizedText(const QJsonObject &o)
{
    if (o.isEmpty())
        return false;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if ((it.key() != u"en"_s && it.key() != u"zh_CN"_s) || !it->isString())
            return false;
    }
    return true;
}

// The definition's JSON with every LocalizedText ({"en","zh_CN"}, nowhere else an
// object of only those keys) replaced by its text in `language`: the patient app
// renders it as it comes, without knowing the definition's text model.
QJsonValue localized(const QJsonValue &v, const QString &language)
{
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &e : v.toArray())
            out.append(localized(e, language));
        return out;
    }
    if (!v.isObject())
        return v;
    const QJsonObject o = v.toObject();
    if (isLocalizedText(o))
        return LocalizedText{o.value(u"en"_s).toString(), o.value(u"zh_CN"_s).toString()}.text(language);
    QJsonObject out;
    for (auto it = o.begin(); it != o.end(); ++it)
        out.insert(it.key(), localized(*it, language));
    return out;
}

} // namespace

void ScheduleService::invalidate(qint64 projectId)
{
    QMutexLocker lock(&m_mutex);
    m_cache.remove(projectId);
}

void ScheduleService::invalidateAll()
{
    QMutexLocker lock(&m_mutex);
    m_cache.clear();
}

std::shared_ptr<ScheduleService::Fulfilments> ScheduleService::fulfilmentsOf(qint64 projectId)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QMutexLocker lock(&m_mutex);
    std::shared_ptr<Fulfilments> &entry = m_fulfilments[projectId];
    const auto forgotten = m_fulfilmentsForgottenAtMs.constFind(projectId);
    // Built while a reader could still see the rows as they were before a re-match:
    // trusted only until the window has passed.
    if (entry && forgotten != m_fulfilmentsForgottenAtMs.cend() && entry->builtAtMs < *forgotten + kCacheSeconds * 1000
        && now >= *forgotten + kCacheSeconds * 1000)
        entry.reset();
    if (!entry) {
        entry = std::make_shared<Fulfilments>();
        entry->builtAtMs = now;
    }
    return entry;
}

void ScheduleService::forgetFulfilments(qint64 projectId)
{
    QMutexLocker lock(&m_mutex);
    m_fulfilments.remove(projectId);
    m_fulfilmentsForgottenAtMs.insert(projectId, QDateTime::currentMSecsSinceEpoch());
}

void ScheduleService::rematchSubjects(SqlSession &session, qint64 projectId, const QStringList &subjectIds)
{
    // Read fresh, not cached: this transaction may be the one that changed things.
    const QList<QuestionnaireSchedule> schedules = ScheduleStore::forProject(session, projectId);
    if (!schedules.isEmpty()) {
        ScheduleCalendar calendar;
        for (const QString &subjectId : subjectIds) {
            const auto subject = ScheduleStore::subject(session, subjectId);
            if (!subject)
                continue;
            for (const QuestionnaireSchedule &schedule : schedules) {
                QSet<int> done;
                for (const auto &row : ScheduleStore::submissionsOf(session, subjectId, schedule.questionnaire)) {
                    const QList<ExpectedEntry> around =
                        calendar.entriesAround(schedule, subject->timeline, row.submitAt);
                    const EntryMatch match = EntryMatcher::match(around, done, row.submitAt);
                    if (match.day && (match.kind == EntryMatch::Kind::Received || match.kind == EntryMatch::Kind::Late))
                        done.insert(*match.day);
                    ScheduleStore::setEntry(session, row.id, match);
                }
            }
        }
    }
    // The subjects' entries moved: their pending reminders go, planning makes new ones.
    for (const QString &subjectId : subjectIds)
        ReminderStore::dropPendingOf(session, subjectId);
    planningNeeded(projectId, subjectIds);
    forgetFulfilments(projectId);
    QMutexLocker lock(&m_mutex);
    m_uncommittedRematches.insert(projectId);
}

void ScheduleService::planningNeeded(qint64 projectId, const QStringList &subjectIds)
{
    if (m_planningListener)
        m_planningListener(projectId, subjectIds);
}

DbFuture<Result<QJsonObject>> ScheduleService::reminders(const QString &subjectId, const QString &state, int limit)
{
    return m_db.read<QJsonObject>([subjectId, state, limit](SqlSession &s) -> Result<QJsonObject> {
        if (!SubjectStore::exists(s, subjectId))
            return subjectNotFound(subjectId);
        const auto timestamp = [](const QDateTime &t) {
            return t.isValid() ? QJsonValue(formatTimestamp(t)) : QJsonValue();
        };
        QJsonArray items;
        for (const ReminderStore::Row &r : ReminderStore::ofSubject(s, subjectId, state, limit)) {
            items.append(QJsonObject{{u"id"_s, QString::number(r.id)},
                                     {u"questionnaire"_s, r.questionnaire},
                                     {u"entryDay"_s, r.entryDay},
                                     {u"kind"_s, r.kind},
                                     {u"dueAt"_s, timestamp(r.dueAt)},
                                     {u"closesAt"_s, timestamp(r.closesAt)},
                                     {u"state"_s, r.state},
                                     {u"sentAt"_s, timestamp(r.sentAt)},
                                     {u"cancelledAt"_s, timestamp(r.cancelledAt)}});
        }
        return QJsonObject{{u"reminders"_s, items}};
    });
}

void ScheduleService::rematchesCommitted()
{
    QSet<qint64> projects;
    {
        QMutexLocker lock(&m_mutex);
        projects.swap(m_uncommittedRematches);
    }
    for (qint64 projectId : std::as_const(projects))
        forgetFulfilments(projectId);
}

void ScheduleService::warmUp()
{
    // Nobody awaits the answer: the job only fills the index.
    (void)m_db.read<Done>([this](SqlSession &s) -> Result<Done> {
        for (qint64 projectId : ScheduleStore::projectsWithSchedules(s)) {
            const std::shared_ptr<Fulfilments> fulfilled = fulfilmentsOf(projectId);
            QMutexLocker lock(&fulfilled->mutex);
            fulfilled->lastId = ScheduleStore::addFulfilments(s, projectId, fulfilled->lastId, fulfilled->index);
        }
        return Done{};
    });
}

QList<QuestionnaireSchedule> ScheduleService::cachedSchedules(SqlSession &session, qint64 projectId)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_cache.constFind(projectId);
        if (it != m_cache.cend() && now - it->loadedAtMs < kCacheSeconds * 1000)
            return it->schedules;
    }
    // Read outside the lock: the other threads keep using what is cached meanwhile.
    QList<QuestionnaireSchedule> schedules = ScheduleStore::forProject(session, projectId);
    QMutexLocker lock(&m_mutex);
    m_cache.insert(projectId, {schedules, now});
    return schedules;
}

DbFuture<Result<QList<QuestionnaireSchedule>>> ScheduleService::schedules(const QString &projectCode)
{
    return m_db.read<QList<QuestionnaireSchedule>>(
        [this, projectCode](SqlSession &s) -> Result<QList<QuestionnaireSchedule>> {
            const auto projectId = ProjectStore::findId(s, projectCode);
            if (!projectId)
                return projectNotFound(projectCode);
            return cachedSchedules(s, *projectId);
        });
}

DbFuture<Result<ScheduleService::ScheduleSet>>
ScheduleService::setSchedule(const Principal &actor, const QString &projectCode, QuestionnaireSchedule schedule)
{
    return m_db.write<ScheduleSet>([this, actor, projectCode, schedule](SqlSession &s) -> Result<ScheduleSet> {
        const auto projectId = ProjectStore::findId(s, projectCode);
        if (!projectId)
            return projectNotFound(projectCode);
        const auto before = ScheduleStore::find(s, *projectId, schedule.questionnaire);
        ScheduleStore::upsert(s, *projectId, schedule, QDateTime::currentDateTimeUtc(), actor.auditName());
        recordAudit(s, actor, before ? u"update"_s : u"create"_s, u"schedule"_s,
                    projectCode % u'/' % schedule.questionnaire, before ? before->toJson() : QJsonObject(),
                    schedule.toJson());
        // Later jobs of this batch (intake) see the change; the API invalidates again
        // once it is committed, in case a reader re-cached the old one meanwhile.
        invalidate(*projectId);
        EventStore::append(s, {0, StudyEvent::ScheduleChanged, projectCode, {}, schedule.questionnaire, {}});
        // Pending reminders of the old schedule go; planning makes those of the new one.
        ReminderStore::dropPending(s, *projectId, schedule.questionnaire);
        planningNeeded(*projectId, {});
        return ScheduleSet{schedule, !before};
    });
}

DbFuture<Result<Done>> ScheduleService::removeSchedule(const Principal &actor, const QString &projectCode,
                                                       const QString &questionnaire)
{
    return m_db.write<Done>([this, actor, projectCode, questionnaire](SqlSession &s) -> Result<Done> {
        const auto projectId = ProjectStore::findId(s, projectCode);
        if (!projectId)
            return projectNotFound(projectCode);
        const auto before = ScheduleStore::find(s, *projectId, questionnaire);
        if (!before)
            return scheduleNotFound(projectCode, questionnaire);
        ScheduleStore::remove(s, *projectId, questionnaire);
        recordAudit(s, actor, u"delete"_s, u"schedule"_s, projectCode % u'/' % questionnaire, before->toJson(), {});
        invalidate(*projectId);
        EventStore::append(s, {0, StudyEvent::ScheduleChanged, projectCode, {}, questionnaire, {}});
        ReminderStore::dropPending(s, *projectId, questionnaire);
        return Done{};
    });
}

DbFuture<Result<ComplianceTally>> ScheduleService::compliance(const QString &projectCode, QDate from, QDate to,
                                                              const QDateTime &now, const QStringList &sites)
{
    return m_db.read<ComplianceTally>(
        [this, projectCode, from, to, now, sites](SqlSession &s) -> Result<ComplianceTally> {
            const auto projectId = ProjectStore::findId(s, projectCode);
            if (!projectId)
                return projectNotFound(projectCode);
            const QList<QuestionnaireSchedule> schedules = cachedSchedules(s, *projectId);
            const QList<ComplianceSubject> subjects = ScheduleStore::subjects(s, *projectId, sites);
            ScheduleCalendar calendar;
            if (schedules.isEmpty())
                return ComplianceTally::compute(subjects, schedules, FulfilmentIndex(), from, to, now, &calendar);
            const std::shared_ptr<Fulfilments> fulfilled = fulfilmentsOf(*projectId);
            QMutexLocker lock(&fulfilled->mutex);
            fulfilled->lastId = ScheduleStore::addFulfilments(s, *projectId, fulfilled->lastId, fulfilled->index);
            return ComplianceTally::compute(subjects, schedules, fulfilled->index, from, to, now, &calendar);
        });
}

std::optional<ScheduleService::StudyDays> ScheduleService::studyDays(SqlSession &s, qint64 projectId, QDate first,
                                                                     QDate last, const QDateTime &now,
                                                                     const QStringList &sites)
{
    const QList<QuestionnaireSchedule> schedules = cachedSchedules(s, projectId);
    if (schedules.isEmpty())
        return std::nullopt;
    const QList<ComplianceSubject> subjects = ScheduleStore::subjects(s, projectId, sites);
    ScheduleCalendar calendar;
    const std::shared_ptr<Fulfilments> fulfilled = fulfilmentsOf(projectId);
    QMutexLocker lock(&fulfilled->mutex);
    fulfilled->lastId = ScheduleStore::addFulfilments(s, projectId, fulfilled->lastId, fulfilled->index);
    StudyDays out{ComplianceTally::compute(subjects, schedules, fulfilled->index, first, last, now, &calendar), {}};
    // Entries belong to the local date they open on; a day either side in UTC covers
    // every zone's offset.
    const QDateTime fromUtc(last.addDays(-1), QTime(0, 0), QTimeZone::utc());
    const QDateTime toUtc(last.addDays(2), QTime(0, 0), QTimeZone::utc());
    const QStringList &keys = fulfilled->index.questionnaires();
    for (const ComplianceSubject &subject : subjects) {
        const std::vector<FulfilmentIndex::Entry> &done = fulfilled->index.entriesOf(subject.subjectId);
        for (const QuestionnaireSchedule &schedule : schedules) {
            const qsizetype key = keys.indexOf(schedule.questionnaire);
            for (const ExpectedEntry &e : calendar.expand(schedule, subject.timeline, fromUtc, toUtc)) {
                if (e.localDate != last)
                    continue;
                std::optional<EntryState> fulfilment;
                for (const FulfilmentIndex::Entry &f : done) {
                    if (f.questionnaire == key && f.day == e.day)
                        fulfilment = f.state;
                }
                out.lastDayEntries << ScheduledEntry{subject.subjectId, e, e.stateAt(now, fulfilment)};
            }
        }
    }
    std::stable_sort(
        out.lastDayEntries.begin(), out.lastDayEntries.end(),
        [](const ScheduledEntry &a, const ScheduledEntry &b) { return a.entry.opensAt < b.entry.opensAt; });
    return out;
}

DbFuture<Result<QJsonObject>> ScheduleService::tasks(const QString &subjectId, const QDateTime &now,
                                                     const QString &language)
{
    return m_db.read<QJsonObject>([this, subjectId, now, language](SqlSession &s) -> Result<QJsonObject> {
        const auto subject = ScheduleStore::subject(s, subjectId);
        if (!subject)
            return subjectNotFound(subjectId);
        ScheduleCalendar calendar;
        QJsonArray tasks;
        for (const QuestionnaireSchedule &schedule : cachedSchedules(s, subject->projectId)) {
            const QList<ExpectedEntry> around = calendar.entriesAround(schedule, subject->timeline, now);
            std::optional<ExpectedEntry> open;
            std::optional<ExpectedEntry> next;
            for (const ExpectedEntry &e : around) {
                if (e.opensAt > now) {
                    next = e;
                } else if (now < e.closesAt
                           && ScheduleStore::fulfilledDays(s, subjectId, schedule.questionnaire, {e.day}).isEmpty()) {
                    open = e; // not offered again once fulfilled: no reminder after completion
                }
            }
            const auto published =
                QuestionnaireStore::newest(s, subject->projectId, schedule.questionnaire, /*publishedOnly=*/true);
            tasks.append(QJsonObject{
                {u"questionnaire"_s, schedule.questionnaire},
                {u"open"_s, entryJson(open)},
                {u"next"_s, entryJson(next)},
                {u"definitionVersion"_s, published ? QJsonValue(published->version) : QJsonValue()},
                {u"definition"_s, published ? localized(published->definition.toJson(), language) : QJsonValue()}});
        }
        return QJsonObject{{u"subjectId"_s, subjectId}, {u"language"_s, language}, {u"tasks"_s, tasks}};
    });
}

DbFuture<Result<QJsonObject>> ScheduleService::entries(const QString &subjectId, std::optional<QDate> from,
                                                       std::optional<QDate> to, const QDateTime &now)
{
    return m_db.read<QJsonObject>([this, subjectId, from, to, now](SqlSession &s) -> Result<QJsonObject> {
        const auto subject = ScheduleStore::subject(s, subjectId);
        if (!subject)
            return subjectNotFound(subjectId);
        // The defaults depend on the subject's zone, known only here.
        const QTimeZone &zone = subject->timeline.zone;
        const QDate today = now.toTimeZone(zone).date();
        const QDate first = from.value_or(today.addDays(-kEntriesDaysBack));
        const QDate last = to.value_or(today.addDays(kEntriesDaysAhead));
        if (first > last)
            return ApiError::invalid(u"invalid_parameter"_s, u"Invalid entries parameters."_s,
                                     {{u"from"_s, u"must not be after to"_s}});
        if (first.daysTo(last) >= kMaxEntriesDays)
            return ApiError::invalid(u"invalid_parameter"_s, u"Invalid entries parameters."_s,
                                     {{u"from"_s, u"the range must be at most %1 days"_s.arg(kMaxEntriesDays)}});

        // Entries belong to the local date they open on; a day either side in UTC
        // covers every zone's offset, the local dates are filtered below.
        const QDateTime fromUtc(first.addDays(-1), QTime(0, 0), QTimeZone::utc());
        const QDateTime toUtc(last.addDays(2), QTime(0, 0), QTimeZone::utc());
        const QHash<QString, QHash<int, EntryState>> fulfilled = ScheduleStore::fulfilmentsOf(s, subjectId);
        ScheduleCalendar calendar;
        QList<ExpectedEntry> all;
        for (const QuestionnaireSchedule &schedule : cachedSchedules(s, subject->projectId)) {
            for (const ExpectedEntry &e : calendar.expand(schedule, subject->timeline, fromUtc, toUtc)) {
                if (e.localDate >= first && e.localDate <= last)
                    all << e;
            }
        }
        std::stable_sort(all.begin(), all.end(), [](const ExpectedEntry &a, const ExpectedEntry &b) {
            return a.opensAt < b.opensAt || (a.opensAt == b.opensAt && a.questionnaire < b.questionnaire);
        });
        QJsonArray entries;
        for (const ExpectedEntry &e : all) {
            const auto &days = fulfilled.value(e.questionnaire);
            const auto found = days.constFind(e.day);
            const std::optional<EntryState> fulfilment =
                found == days.cend() ? std::nullopt : std::optional<EntryState>(*found);
            entries.append(QJsonObject{{u"questionnaire"_s, e.questionnaire},
                                       {u"day"_s, e.day},
                                       {u"localDate"_s, formatDate(e.localDate)},
                                       {u"opensAt"_s, formatTimestamp(e.opensAt)},
                                       {u"closesAt"_s, formatTimestamp(e.closesAt)},
                                       {u"state"_s, entryStateName(e.stateAt(now, fulfilment))}});
        }
        return QJsonObject{{u"subjectId"_s, subjectId},
                           {u"timeZone"_s, QString::fromUtf8(zone.id())},
                           {u"from"_s, formatDate(first)},
                           {u"to"_s, formatDate(last)},
                           {u"entries"_s, entries}};
    });
}

std::optional<EntryMatch> ScheduleService::matchSubmission(SqlSession &session, const SubjectStore::Membership &subject,
                                                           const QString &subjectId, const QString &questionnaire,
                                                           const QDateTime &at)
{
    if (questionnaire.isEmpty())
        return std::nullopt;
    const QList<QuestionnaireSchedule> schedules = cachedSchedules(session, subject.projectId);
    const auto schedule = std::find_if(schedules.cbegin(), schedules.cend(),
                                       [&](const auto &s) { return s.questionnaire == questionnaire; });
    if (schedule == schedules.cend())
        return std::nullopt; // the common case without schedules costs no query
    // Only the writer thread matches: its calendar and zones cache across submissions.
    thread_local ScheduleCalendar calendar;
    thread_local QHash<QString, QTimeZone> zones;
    const SubjectTimeline timeline = ScheduleStore::timelineOf(subject.timeline, zones);
    const QList<ExpectedEntry> around = calendar.entriesAround(*schedule, timeline, at);
    const EntryMatch probe = EntryMatcher::match(around, {}, at);
    if (!probe.day)
        return probe;
    const QSet<int> done = ScheduleStore::fulfilledDays(session, subjectId, questionnaire, {*probe.day});
    return EntryMatcher::match(around, done, at);
}

} // namespace td
