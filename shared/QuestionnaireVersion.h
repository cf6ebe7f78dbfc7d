#pragma once

#include "QuestionnaireDefinition.h"

#include <QDateTime>
#include <optional>

namespace td {

// One version of a study's questionnaire as the server keeps it. A draft can be
// edited; publishing freezes it for good (the content hash is recorded with the
// publisher's e-signature), and a change after that means a new version. Intake
// validates answers against the newest published version of each questionnaire.
struct QuestionnaireVersion {
    enum class Status { Draft, Published };

    QString projectCode;
    int version = 1; // 1, 2, … per questionnaire key (the key is definition.key)
    Status status = Status::Draft;
    QuestionnaireDefinition definition;
    QString contentHash; // of `definition`; the signed hash once published
    QString createdBy;
    QDateTime createdAt;
    QString updatedBy;
    QDateTime updatedAt;
    QString publishedBy;
    std::optional<QDateTime> publishedAt;
    QString signatureMeaning;

    const QString &key() const { return definition.key; }
    bool isPublished() const { return status == Status::Published; }
    static QString statusName(Status status);

    // {"projectCode","key","version","status","contentHash","title","createdBy",
    //  "createdAt","updatedBy","updatedAt","publishedBy","publishedAt",
    //  "signatureMeaning","definition"}: a list leaves out "definition" (withDefinition
    // false) and keeps only its title.
    QJsonObject toJson(bool withDefinition = true) const;
    // Decodes a server answer (the desktop's side); lenient, like the other records.
    static QuestionnaireVersion fromJson(const QJsonObject &json);
};

} // namespace td
