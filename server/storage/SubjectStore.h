#pragma once

#include "Page.h"
#include "Subject.h"

#include <QVariantList>
#include <optional>

namespace td {

class SqlSession;

namespace SubjectStore {

// A subject with what services need to know about its study.
struct Enrolment {
    Subject subject;
    qint64 projectId = 0;
    QString projectStatus;
};

std::optional<Enrolment> find(SqlSession &session, const QString &subjectId);
// The stored columns a subject's schedule timeline is made of (ScheduleStore::timeline
// decodes them): read with the subject's membership at intake, so matching a
// submission to its entry needs no query of its own, and decoded only when the
// study has a schedule for the questionnaire.
struct TimelineColumns {
    QString enrolledAt;
    QString ownZone; // empty: the study's
    QString anchorDate;
    QString studyZone;
    QString studyEnd;
};
// What storing a submission needs to know of its subject: its study, and whether that
// study accepts submissions. One narrow row instead of find()'s whole subject.
struct Membership {
    qint64 projectId = 0;
    QString projectCode;
    QString projectStatus;
    QString site; // the subject's
    TimelineColumns timeline;
};
std::optional<Membership> membership(SqlSession &session, const QString &subjectId);
bool exists(SqlSession &session, const QString &subjectId);
// Where a subject, or the subject of a submission or vital sign, is: its study's code
// and its site. One indexed query each, for the scope check of every staff request.
struct Location {
    QString projectCode;
    QString site;
};
std::optional<Location> locateSubject(SqlSession &session, const QString &subjectId);
std::optional<Location> locateSubmission(SqlSession &session, qint64 submissionId);
std::optional<Location> locateVital(SqlSession &session, qint64 vitalId);
void insert(SqlSession &session, qint64 projectId, const Subject &subject);
// Writes the subject's time zone and anchor date (none: NULL).
void updateScheduleSettings(SqlSession &session, const Subject &subject);
// Next free id of the form CODE-0001 for a study (dots in the code become dashes).
QString generateId(SqlSession &session, qint64 projectId, const QString &projectCode);
void touchLastSubmission(SqlSession &session, const QString &subjectId, const QDateTime &at);
// In enrolment order; the cursor is the last row id of the previous page.
// `sites`, when not empty, limits every function below to subjects enrolled at them
// (a site-restricted member's view of the study).
Page<Subject> list(SqlSession &session, qint64 projectId, const PageRequest &page, const QStringList &sites = {});
// Every subject of a study (a study has hundreds, not millions).
QList<Subject> all(SqlSession &session, qint64 projectId, const QStringList &sites = {});
int count(SqlSession &session, const QString &projectCode, const QStringList &sites);
// " AND <column> IN (?, ...)" with `sites` appended to `values`; empty for no sites.
QString siteFilter(const QString &column, const QStringList &sites, QVariantList &values);

} // namespace SubjectStore
} // namespace td
