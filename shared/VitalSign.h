#pragma once

#include "ApiError.h"

#include <QDateTime>
#include <QJsonObject>
#include <optional>

namespace td {

// One measurement. Blood pressure carries two values (systolic in `value`,
// diastolic in `value2`); every other type carries one, in its canonical unit.
struct VitalSign {
    enum class Type { BloodPressure, Glucose, HeartRate, Weight, Temperature, SpO2 };

    qint64 id = 0;
    QString subjectId;
    Type type = Type::HeartRate;
    double value = 0;
    std::optional<double> value2;
    QDateTime measuredAt;
    QDateTime receivedAt;
    // What the patient entered when it differs from the canonical unit (glucose in mg/dL).
    std::optional<double> enteredValue;
    QString enteredUnit;

    static QString typeName(Type type);
    static std::optional<Type> typeFromName(const QString &name);
    static QStringList typeNames();
    static QString canonicalUnit(Type type);
    // Usual clinical reference range for adults, used to shade charts and flag values.
    struct Range {
        double low;
        double high;
    };
    static Range normalRange(Type type, bool secondValue = false);
    // What intake accepts at all, in the canonical unit: beyond it a value is a typo.
    static Range plausibleRange(Type type);

    // A POST body; `now` defaults measuredAt and bounds it (5 minutes of clock skew).
    static std::optional<VitalSign> fromSubmitRequest(const QJsonObject &json, const QString &pathSubjectId,
                                                      const QDateTime &now, ApiError *error);
    QJsonObject toJson() const;
    static VitalSign fromJson(const QJsonObject &json);
};

} // namespace td
