#pragma once

#include "VitalSign.h"

#include <QDateTime>
#include <QString>
#include <optional>

namespace td {

// What a client may ask of the lists the server keeps. The API parses them from the
// query string, the services pass them on and the storage turns them into SQL: they
// live in the model so that none of those layers has to include another's header.

struct ProjectQuery {
    QString status; // empty: any
    QString text;   // case-insensitive substring of code or title
};

// A subject's or a study's questionnaire submissions.
struct SubmissionQuery {
    QString subjectId;              // empty: every subject of the study asked for
    QString questionnaire;          // empty: any
    QString reviewStatus;           // empty: any
    std::optional<QDateTime> since; // on submitAt, inclusive
    std::optional<QDateTime> until; // on submitAt, exclusive
};

struct VitalQuery {
    QString subjectId;
    std::optional<VitalSign::Type> type;
    std::optional<QDateTime> from; // on measuredAt, inclusive
    std::optional<QDateTime> to;   // on measuredAt, inclusive
};

struct AuditQuery {
    QString entityType;
    QString entityId;
    QString actor;
    std::optional<QDateTime> since;
};

} // namespace td
