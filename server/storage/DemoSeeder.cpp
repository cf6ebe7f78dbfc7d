#include "DemoSeeder.h"

#include "AccountStore.h"
#include "EntryMatcher.h"
#include "MembershipStore.h"
#include "ProjectStore.h"
#include "QuestionnaireStore.h"
#include "ScheduleCalendar.h"
#include "ScheduleStore.h"
#include "SqlSession.h"
#include "SubjectStore.h"
#include "SubmissionStore.h"

#include <QJsonArray>
#include <QSet>
#include <random>

using namespace Qt::StringLiterals;

namespace td::DemoSeeder {

namespace {

struct StudyTemplate {
    const char *code;
    const char *title;
    const char *phase;
    const char *status;
    const char *sponsor;
    bool glucose; // metabolic study: patients also report glucose
};

// clang-format off
const StudyTemplate kStudies[] = {
    {"NCT007", "Once-daily TD-0117 in mild to moderate hypertension", "III", "active", "Huaxia Pharma", false},
    {"NCT10234", "Glycaemic control with TD-2201 in type 2 diabetes", "III", "active", "Huaxia Pharma", true},
    {"NCT10388", "Home blood pressure telemonitoring after stroke", "N/A", "active", "Beijing Neuro Centre", false},
    {"NCT10412", "TD-0305 versus placebo in heart failure with preserved EF", "II", "active", "CardioGen", false},
    {"NCT10577", "Continuous glucose monitoring in gestational diabetes", "N/A", "active", "Shanghai Women's Hospital", true},
    {"NCT10620", "Low-dose TD-0117 in elderly hypertension", "IV", "active", "Huaxia Pharma", false},
    {"NCT10731", "Weight management programme with TD-4410", "II", "active", "Metabolix", true},
    {"NCT10805", "Post-COVID fatigue and exercise tolerance", "N/A", "active", "Wuhan Union Hospital", false},
    {"NCT10869", "TD-5120 in chronic kidney disease stage 3", "II", "active", "RenalCure", false},
    {"NCT10944", "Remote follow-up after cardiac surgery", "N/A", "active", "Fuwai Hospital", false},
    {"NCT11002", "TD-2201 add-on to metformin", "III", "active", "Huaxia Pharma", true},
    {"NCT11057", "Sleep quality and blood pressure in shift workers", "N/A", "active", "Guangzhou CDC", false},
    {"NCT11113", "Atrial fibrillation screening with wearables", "N/A", "active", "CardioGen", false},
    {"NCT11190", "TD-7002 in COPD exacerbation prevention", "II", "active", "AirWay Bio", false},
    {"NCT09871", "TD-0117 dose finding", "II", "completed", "Huaxia Pharma", false},
    {"NCT09902", "Dietary sodium reduction pilot", "N/A", "completed", "Chengdu Nutrition Institute", false},
    {"NCT09955", "TD-2201 first in human", "I", "completed", "Huaxia Pharma", true},
    {"NCT11250", "TD-8800 in resistant hypertension", "II", "suspended", "CardioGen", false},
    {"NCT11301", "Digital therapeutics for insulin titration", "III", "planning", "Metabolix", true},
    {"NCT11342", "Long-term safety of TD-0305", "IV", "planning", "CardioGen", false},
};
// clang-format on

const QStringList kSurnames = {u"王"_s, u"李"_s, u"张"_s, u"刘"_s, u"陈"_s, u"杨"_s, u"黄"_s,
                               u"赵"_s, u"吴"_s, u"周"_s, u"徐"_s, u"孙"_s, u"马"_s, u"朱"_s,
                               u"胡"_s, u"郭"_s, u"何"_s, u"高"_s, u"林"_s, u"罗"_s};
const QStringList kGivenNames = {u"伟"_s, u"芳"_s,   u"娜"_s, u"敏"_s, u"静"_s, u"丽"_s,   u"强"_s,   u"磊"_s,
                                 u"军"_s, u"洋"_s,   u"勇"_s, u"艳"_s, u"杰"_s, u"娟"_s,   u"涛"_s,   u"明"_s,
                                 u"超"_s, u"秀兰"_s, u"霞"_s, u"平"_s, u"刚"_s, u"桂英"_s, u"建华"_s, u"晓东"_s};
const QStringList kSites = {u"Beijing"_s, u"Shanghai"_s, u"Guangzhou"_s, u"Chengdu"_s, u"Wuhan"_s};
const QStringList kMoods = {u"good"_s, u"fair"_s, u"poor"_s};
const QStringList kSideEffects = {u"headache"_s, u"dizziness"_s, u"nausea"_s, u"fatigue"_s, u"cough"_s};

LocalizedText texts(const QString &en, const QString &zhCN)
{
    return {en, zhCN};
}

QuestionnaireItem demoItem(const QString &key, QuestionnaireItem::Type type, const LocalizedText &label)
{
    QuestionnaireItem item;
    item.key = key;
    item.type = type;
    item.required = true;
    item.label = label;
    return item;
}

// What the demo's patients answer every morning (seedDay), in both languages.
QuestionnaireDefinition dailySymptoms()
{
    using Type = QuestionnaireItem::Type;
    QuestionnaireDefinition d;
    d.key = u"daily-symptoms"_s;
    d.title = texts(u"Daily symptoms"_s, u"每日症状"_s);
    d.description = texts(u"Please answer every morning before taking your medication."_s, u"请每天早上服药前填写。"_s);
    QuestionnaireItem pain =
        demoItem(u"pain"_s, Type::RatingScale, texts(u"Pain in the last 24 hours"_s, u"过去24小时的疼痛程度"_s));
    pain.min = 0;
    pain.max = 10;
    pain.minAnchor = texts(u"No pain"_s, u"无痛"_s);
    pain.maxAnchor = texts(u"Worst pain imaginable"_s, u"难以忍受的疼痛"_s);
    QuestionnaireItem sleep =
        demoItem(u"sleepHours"_s, Type::Decimal, texts(u"Hours of sleep last night"_s, u"昨晚睡眠时长"_s));
    sleep.min = 0;
    sleep.max = 24;
    sleep.unit = u"h"_s;
    QuestionnaireItem mood = demoItem(u"mood"_s, Type::SingleChoice, texts(u"Mood today"_s, u"今天的情绪"_s));
    mood.choices = {{u"good"_s, texts(u"Good"_s, u"好"_s)},
                    {u"fair"_s, texts(u"Fair"_s, u"一般"_s)},
                    {u"poor"_s, texts(u"Poor"_s, u"差"_s)}};
    QuestionnaireItem effects = demoItem(u"sideEffects"_s, Type::MultipleChoice,
                                         texts(u"Side effects since yesterday"_s, u"自昨天以来的不良反应"_s));
    effects.help = texts(u"Leave it empty if you had none."_s, u"如无不良反应，请不要勾选。"_s);
    effects.choices = {{u"headache"_s, texts(u"Headache"_s, u"头痛"_s)},
                       {u"dizziness"_s, texts(u"Dizziness"_s, u"头晕"_s)},
                       {u"nausea"_s, texts(u"Nausea"_s, u"恶心"_s)},
                       {u"fatigue"_s, texts(u"Fatigue"_s, u"乏力"_s)},
                       {u"cough"_s, texts(u"Cough"_s, u"咳嗽"_s)}};
    QuestionnaireItem medication =
        demoItem(u"tookMedication"_s, Type::Boolean,
                 texts(u"Did you take your study medication yesterday?"_s, u"您昨天服用研究药物了吗？"_s));
    d.items = {pain, sleep, mood, effects, medication};
    return d;
}

QuestionnaireItem vitalItem(const QString &key, VitalSign::Type type, const LocalizedText &label, bool required)
{
    QuestionnaireItem item = demoItem(key,
                                      type == VitalSign::Type::Glucose || type == VitalSign::Type::Weight
                                              || type == VitalSign::Type::Temperature
                                          ? QuestionnaireItem::Type::Decimal
                                          : QuestionnaireItem::Type::Integer,
                                      label);
    item.required = required;
    item.unit = VitalSign::canonicalUnit(type);
    const VitalSign::Range range = VitalSign::plausibleRange(type);
    item.min = range.low;
    item.max = range.high;
    return item;
}

// The vital signs a demo study collects at home, described as a definition so that
// the protocol, the patient app and the exports' data dictionary (issue #18) read
// one description. The readings themselves arrive through POST .../vitals, whose
// bounds these items repeat (VitalSign::plausibleRange); item keys are the names
// that route uses. Blood pressure and heart rate daily, glucose in the metabolic
// studies, weight weekly, temperature and SpO2 when the patient has a reason to.
QuestionnaireDefinition homeVitals(bool glucose)
{
    using Type = VitalSign::Type;
    QuestionnaireDefinition d;
    d.key = u"home-vitals"_s;
    d.title = texts(u"Home vital signs"_s, u"居家生命体征"_s);
    d.description = texts(u"Measure seated, after five minutes of rest, before breakfast."_s,
                          u"请在早餐前、静坐休息五分钟后测量。"_s);
    d.items = {vitalItem(u"systolic"_s, Type::BloodPressure, texts(u"Systolic blood pressure"_s, u"收缩压"_s), true),
               vitalItem(u"diastolic"_s, Type::BloodPressure, texts(u"Diastolic blood pressure"_s, u"舒张压"_s), true),
               vitalItem(u"heart_rate"_s, Type::HeartRate, texts(u"Heart rate"_s, u"心率"_s), true)};
    if (glucose)
        d.items << vitalItem(u"glucose"_s, Type::Glucose, texts(u"Fasting blood glucose"_s, u"空腹血糖"_s), true);
    QuestionnaireItem weight = vitalItem(u"weight"_s, Type::Weight, texts(u"Weight"_s, u"体重"_s), false);
    weight.help = texts(u"Once a week, on the same scale."_s, u"每周一次，使用同一台体重秤。"_s);
    d.items << weight << vitalItem(u"temperature"_s, Type::Temperature, texts(u"Body temperature"_s, u"体温"_s), false)
            << vitalItem(u"spo2"_s, Type::SpO2, texts(u"Oxygen saturation"_s, u"血氧饱和度"_s), false);
    return d;
}

// Version 1 of a definition, published when the study was set up.
void seedDefinition(SqlSession &session, qint64 projectId, const Project &p, const QuestionnaireDefinition &definition)
{
    QuestionnaireVersion v;
    v.projectCode = p.code;
    v.version = 1;
    v.status = QuestionnaireVersion::Status::Published;
    v.definition = definition;
    v.contentHash = v.definition.contentHash();
    v.createdBy = v.publishedBy = u"demo"_s;
    v.createdAt = p.createdAt;
    v.publishedAt = p.createdAt.addSecs(3600);
    v.signatureMeaning = u"Approved for use in the study"_s;
    QuestionnaireStore::insert(session, projectId, v);
}

// The demo studies keep projects.time_zone's default: their patients live in China.
const QByteArray kDemoZone = QByteArrayLiteral("Asia/Shanghai");

// daily-symptoms every morning at 08:00 local with a two-hour window, from enrolment
// on: what a study team would PUT /schedules/daily-symptoms.
QuestionnaireSchedule dailySymptomsSchedule()
{
    QuestionnaireSchedule schedule;
    schedule.questionnaire = u"daily-symptoms"_s;
    schedule.rule = QuestionnaireSchedule::Rule::Daily;
    schedule.at = QTime(8, 0);
    schedule.windowMinutes = 120;
    schedule.anchor = QuestionnaireSchedule::Anchor::Enrolment;
    schedule.startDay = 0;
    return schedule;
}

class Generator
{
public:
    explicit Generator(unsigned seed)
        : m_rng(seed)
    {}
    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(m_rng); }
    double normal(double mean, double sd) { return std::normal_distribution<double>(mean, sd)(m_rng); }
    bool chance(double p) { return std::bernoulli_distribution(p)(m_rng); }
    template<typename T>
    const T &pick(const QList<T> &list)
    {
        return list.at(uniform(0, int(list.size()) - 1));
    }

private:
    std::mt19937 m_rng;
};

double clamp1(double v, double lo, double hi)
{
    return std::round(std::clamp(v, lo, hi) * 10) / 10;
}

struct Patient {
    QString subjectId;
    bool glucose;
    double baseSystolic;
    double baseHeartRate;
    double baseGlucose;
    double baseWeight;
    double adherence; // chance of submitting on a given day
};

// One submission of daily-symptoms made at `submitAt`, matched to its entry as
// intake matches it (ScheduleService::matchSubmission: entriesAround + EntryMatcher),
// with the subject's fulfilled days kept here instead of read back.
void seedDay(SqlSession &session, Generator &g, const Patient &p, qint64 projectId, const QDateTime &submitAt,
             int dayIndex, const std::optional<EntryMatch> &entry, Summary &summary)
{
    QuestionnaireSubmission q;
    q.subjectId = p.subjectId;
    q.questionnaire = u"daily-symptoms"_s;
    QJsonArray effects;
    if (g.chance(0.2))
        effects.append(g.pick(kSideEffects));
    q.answers = {{u"pain"_s, g.uniform(0, 6)},
                 {u"sleepHours"_s, g.uniform(4, 9)},
                 {u"mood"_s, g.pick(kMoods)},
                 {u"sideEffects"_s, effects},
                 {u"tookMedication"_s, g.chance(0.93)}};
    q.definitionVersion = 1; // seedDefinition's
    q.submitAt = submitAt;
    q.receivedAt = q.submitAt.addSecs(g.uniform(0, 3));
    SubmissionStore::insertSubmission(session, projectId, q, {}, entry);
    ++summary.submissions;

    auto vital = [&](VitalSign::Type type, double value, std::optional<double> value2 = std::nullopt) {
        VitalSign v;
        v.subjectId = p.subjectId;
        v.type = type;
        v.value = value;
        v.value2 = value2;
        v.measuredAt = q.submitAt.addSecs(-g.uniform(60, 900));
        v.receivedAt = q.receivedAt;
        SubmissionStore::insertVital(session, v);
        ++summary.vitals;
    };
    const double trend = -0.15 * dayIndex; // treatment slowly lowers blood pressure
    const double sys = clamp1(p.baseSystolic + trend + g.normal(0, 7), 85, 210);
    const double dia = clamp1(sys * 0.62 + g.normal(0, 4), 45, sys - 15);
    vital(VitalSign::Type::BloodPressure, std::round(sys), std::round(dia));
    vital(VitalSign::Type::HeartRate, std::round(clamp1(p.baseHeartRate + g.normal(0, 6), 40, 160)));
    if (p.glucose)
        vital(VitalSign::Type::Glucose, clamp1(p.baseGlucose + g.normal(0, 1.2), 2.5, 25));
    if (dayIndex % 7 == 0)
        vital(VitalSign::Type::Weight, clamp1(p.baseWeight + g.normal(0, 0.4), 35, 180));
    if (g.chance(0.25)) {
        vital(VitalSign::Type::Temperature, clamp1(36.6 + g.normal(0, 0.35), 35, 40.5));
        vital(VitalSign::Type::SpO2, std::round(clamp1(97.5 + g.normal(0, 1.3), 86, 100)));
    }
}

// Memberships for the accounts that exist when the demo is seeded (scripts/run makes
// them first). The README's accounts (pm, nurse, monitor) stay members of every demo
// study with their global role, so the demo shows everything; two accounts, if
// present, show narrower access: `site-nurse` is a CRC of NCT007 at its first site
// only, `cra` a monitor of NCT007 and NCT10234.
void seedMemberships(SqlSession &session, const QDateTime &now)
{
    QList<StudyMembership> memberships;
    for (const StaffAccount &account : AccountStore::listUsers(session)) {
        if (account.role == Role::Admin)
            continue;
        if (account.username == u"site-nurse"_s) {
            const auto nct007 = ProjectStore::find(session, u"NCT007"_s);
            memberships << StudyMembership{u"NCT007"_s, account.username, {}, Role::Crc, {nct007->sites.value(0)},
                                           now,         u"demo"_s};
            continue;
        }
        if (account.username == u"cra"_s) {
            for (const QString &code : {u"NCT007"_s, u"NCT10234"_s})
                memberships << StudyMembership{code, account.username, {}, Role::Monitor, {}, now, u"demo"_s};
            continue;
        }
        for (const StudyTemplate &t : kStudies)
            memberships << StudyMembership{
                QString::fromUtf8(t.code), account.username, {}, account.role, {}, now, u"demo"_s};
    }
    for (const StudyMembership &m : memberships)
        MembershipStore::upsert(session, m);
}

} // namespace

Summary seedIfEmpty(SqlSession &session, const QDateTime &now)
{
    Summary summary;
    // Checked inside the writing transaction: instances started together against
    // one PostgreSQL database seed it once.
    session.beginWrite();
    try {
        {
            QSqlQuery &q = session.exec(u"SELECT COUNT(*) FROM projects"_s);
            const bool empty = q.next() && q.value(0).toInt() == 0;
            q.finish();
            if (!empty) {
                session.execRaw(u"ROLLBACK"_s);
                return summary;
            }
        }
        Generator g(20261127);
        const QTimeZone zone(kDemoZone);
        ScheduleCalendar calendar;
        const QDate today = now.date();
        int subjectNumber = 0;
        for (const StudyTemplate &t : kStudies) {
            Project p;
            p.code = QString::fromUtf8(t.code);
            p.title = QString::fromUtf8(t.title);
            p.phase = QString::fromUtf8(t.phase);
            p.status = QString::fromUtf8(t.status);
            p.sponsor = QString::fromUtf8(t.sponsor);
            p.principalInvestigator = u"Dr. "_s + g.pick(kSurnames) + g.pick(kGivenNames);
            const bool running = p.status != u"planning"_s;
            p.startDate = today.addDays(running ? -g.uniform(60, 400) : g.uniform(20, 90));
            p.endDate = p.startDate->addDays(g.uniform(365, 900));
            if (p.status == u"completed"_s)
                p.endDate = today.addDays(-g.uniform(1, 30));
            p.sites = kSites.mid(0, g.uniform(2, 5));
            p.targetEnrollment = running ? g.uniform(50, 100) : g.uniform(80, 200);
            p.createdAt = p.updatedAt = now.addDays(-g.uniform(90, 500));
            ProjectStore::insert(session, p);
            ++summary.projects;
            const qint64 projectId = *ProjectStore::findId(session, p.code);
            seedDefinition(session, projectId, p, dailySymptoms());
            seedDefinition(session, projectId, p, homeVitals(t.glucose));
            const QuestionnaireSchedule schedule = dailySymptomsSchedule();
            ScheduleStore::upsert(session, projectId, schedule, p.createdAt.addSecs(7200), u"demo"_s);
            if (!running)
                continue;
            const int enrolled = p.status == u"completed"_s
                                     ? *p.targetEnrollment
                                     : g.uniform(*p.targetEnrollment / 2, *p.targetEnrollment - 5);
            for (int i = 0; i < enrolled; ++i) {
                Subject s;
                const bool example = p.code == u"NCT007"_s && i == 0;
                s.subjectId = example ? u"SUB123"_s : u"S%1"_s.arg(++subjectNumber, 4, 10, QChar(u'0'));
                s.projectCode = p.code;
                s.name = example ? u"张三"_s : g.pick(kSurnames) + g.pick(kGivenNames);
                s.phone = example ? u"18812348888"_s
                                  : u"1%1%2"_s.arg(g.uniform(3, 9)).arg(g.uniform(0, 999999999), 9, 10, QChar(u'0'));
                s.site = p.sites.at(g.uniform(0, int(p.sites.size()) - 1));
                s.sex = g.chance(0.5) ? u"female"_s : u"male"_s;
                s.birthYear = g.uniform(1945, 2000);
                s.enrolledAt = now.addDays(-g.uniform(31, 120)).addSecs(-g.uniform(0, 36000));
                SubjectStore::insert(session, projectId, s);
                ++summary.subjects;
                if (p.status != u"active"_s)
                    continue;
                const Patient patient{s.subjectId,
                                      t.glucose,
                                      g.normal(148, 12),
                                      g.normal(76, 8),
                                      g.normal(7.8, 1.5),
                                      g.normal(68, 11),
                                      example ? 1.0 : g.normal(0.85, 0.1)};
                // The subject's timeline as ScheduleStore::subject reads it back.
                SubjectTimeline timeline;
                timeline.zone = zone;
                timeline.anchorDate = s.enrolledAt.toTimeZone(zone).date();
                timeline.studyEnd = p.endDate;
                // The last 30 days of entries, each answered by chance(adherence):
                // most patients fill it in during the morning window, some only
                // later in the day (late), a few forget (missed).
                const QList<ExpectedEntry> entries = calendar.expand(schedule, timeline, now.addDays(-30), now);
                QSet<int> fulfilled;
                for (qsizetype i = 0; i < entries.size(); ++i) {
                    const ExpectedEntry &e = entries.at(i);
                    if (!g.chance(patient.adherence))
                        continue;
                    const bool late = !example && g.chance(0.08);
                    const int seconds = late ? g.uniform(125 * 60, 10 * 3600) : g.uniform(60, 115 * 60);
                    const QDateTime submitAt = e.opensAt.addSecs(seconds);
                    if (submitAt.addSecs(3) > now)
                        continue;
                    const QList<ExpectedEntry> around = calendar.entriesAround(schedule, timeline, submitAt);
                    const EntryMatch match = EntryMatcher::match(around, fulfilled, submitAt);
                    if (match.day && match.kind != EntryMatch::Kind::Duplicate)
                        fulfilled.insert(*match.day);
                    seedDay(session, g, patient, projectId, submitAt, int(30 - entries.size() + i), match, summary);
                }
            }
        }
        seedMemberships(session, now);
        session.execRaw(
            u"UPDATE subjects SET last_submission_at = (SELECT MAX(q.submit_at) FROM questionnaire_submissions q "
            "WHERE q.subject_id = subjects.subject_id)"_s);
        session.execRaw(u"COMMIT"_s);
    } catch (...) {
        session.execRaw(u"ROLLBACK"_s);
        throw;
    }
    return summary;
}

} // namespace td::DemoSeeder
