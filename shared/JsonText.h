#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>
#include <initializer_list>
#include <utility>

namespace td::JsonText {

// Compact JSON text of an object, as QJsonDocument writes it (keys sorted).
QByteArray compact(const QJsonObject &object);
// A JSON string literal, quotes included.
QByteArray string(QStringView text);
// Appends `text` as a JSON string literal, escaped exactly as QJsonDocument writes it
// (so hand-written encoders give the same bytes), without going through QJsonValue.
void appendString(QByteArray &out, QStringView text);

// The compact text of `encodedObject` (itself compact JSON object text, as compact()
// writes it) with `members` added, whose values are already JSON texts. Each member
// goes where QJsonDocument would have put it (keys sorted), so the result is byte for
// byte the text of the whole object encoded at once. Lets a record be encoded away
// from the database writer and completed there with what only the writer knows (its
// id). Keys are plain ASCII names, never user input.
QByteArray insertMembers(QByteArrayView encodedObject,
                         std::initializer_list<std::pair<QByteArrayView, QByteArrayView>> members);

} // namespace td::JsonText
