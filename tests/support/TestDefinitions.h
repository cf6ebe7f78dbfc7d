#pragma once

#include <QJsonObject>
#include <QString>

namespace td::test {

// The JSON of a questionnaire definition the server accepts and can publish: titled
// by its key in both languages, with one item `itemKey` of `itemType` (labelled in
// both languages too).
QJsonObject oneItemQuestionnaire(const QString &key, const QString &itemKey = QStringLiteral("a"),
                                 const QString &itemType = QStringLiteral("text"));

} // namespace td::test
