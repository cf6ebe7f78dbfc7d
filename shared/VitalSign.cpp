#include "VitalSign.h"

#include "JsonInput.h"
#include "Timestamps.h"

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace td {

namespace {

struct TypeInfo {
    VitalSign::Type type;
    QString name;
    QString unit;
    double min; // plausible bounds, in the canonical unit
    double max;
    VitalSign::Range normal;
};

// mg/dL per mmol/L for glucose (molar mass 180.16 g/mol).
constexpr double kGlucoseMgPerMmol = 18.016;

const std::array<TypeInfo, 6> &typeTable()
{
    static const std::array<TypeInfo, 6> table = {{
        {VitalSign::Type::BloodPressure, u"blood_pressure"_s, u"mmHg"_s, 40, 300, {90, 140}},
        {VitalSign::Type::Glucose, u"glucose"_s, u"mmol/L"_s, 0.5, 50, {3.9, 7.8}},
        {VitalSign::Type::HeartRate, u"heart_rate"_s, u"bpm"_s, 20, 300, {60, 100}},
        {VitalSign::Type::Weight, u"weight"_s, u"kg"_s, 1, 500, {0, 0}},
        {VitalSign::Type::Temperature, u"temperature"_s, u"°C"_s, 30, 45, {36.1, 37.5}},
        {VitalSign::Type::SpO2, u"spo2"_s, u"%"_s, 50, 100, {95, 100}},
    }};
    return table;
}

const TypeInfo &info(VitalSign::Type type)
{
    return typeTable()[size_t(type)];
}

double roundTo(double v, int decimals)
{
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

} // namespace

QString VitalSign::typeName(Type type)
{
    return info(type).name;
}

std::optional<VitalSign::Type> VitalSign::typeFromName(const QString &name)
{
    for (const TypeInfo &t : typeTable()) {
        if (t.name == name)
            return t.type;
    }
    return std::nullopt;
}

QStringList VitalSign::typeNames()
{
    QStringList names;
    for (const TypeInfo &t : typeTable())
        names << t.name;
    return names;
}

QString VitalSign::canonicalUnit(Type type)
{
    return info(type).unit;
}

VitalSign::Range VitalSign::normalRange(Type type, bool secondValue)
{
    if (type == Type::BloodPressure && secondValue)
        return {60, 90};
    return info(type).normal;
}

VitalSign::Range VitalSign::plausibleRange(Type type)
{
    return {info(type).min, info(type).max};
}

std::optional<VitalSign> VitalSign::fromSubmitRequest(const QJsonObject &json, const QString &pathSubjectId,
                                                      const QDateTime &now, ApiError *error)
{
    FieldReader reader(json);
    VitalSign v;
    v.subjectId = pathSubjectId;
    const QString typeName = reader.enumString(u"type"_s, typeNames());
    const auto type = typeFromName(typeName);
    if (!type) {
        *error = reader.error();
        return std::nullopt;
    }
    v.type = *type;
    const TypeInfo &t = info(v.type);
    auto implausible = [&](const QString &field, double min, double max) {
        reader.fail(field, u"must be between %1 and %2 %3"_s.arg(min).arg(max).arg(t.unit), u"implausible_value"_s);
    };

    if (v.type == Type::BloodPressure) {
        reader.rejectUnknown({u"type"_s, u"subjectId"_s, u"measuredAt"_s, u"systolic"_s, u"diastolic"_s, u"unit"_s});
        const auto sys = reader.requiredNumber(u"systolic"_s);
        const auto dia = reader.requiredNumber(u"diastolic"_s);
        if (sys && (*sys < t.min || *sys > t.max))
            implausible(u"systolic"_s, t.min, t.max);
        if (dia && (*dia < t.min || *dia > t.max))
            implausible(u"diastolic"_s, t.min, t.max);
        else if (sys && dia && *dia >= *sys)
            reader.fail(u"diastolic"_s, u"must be lower than systolic"_s, u"implausible_value"_s);
        v.value = sys.value_or(0);
        v.value2 = dia;
        if (reader.has(u"unit"_s))
            reader.enumString(u"unit"_s, {t.unit});
    } else {
        reader.rejectUnknown({u"type"_s, u"subjectId"_s, u"measuredAt"_s, u"value"_s, u"unit"_s});
        const auto value = reader.requiredNumber(u"value"_s);
        bool unitKnown = true; // without a known unit the value cannot be range-checked
        if (v.type == Type::Glucose) {
            const QString unit = reader.enumString(u"unit"_s, {u"mmol/L"_s, u"mg/dL"_s});
            unitKnown = !unit.isEmpty() && json.value(u"unit"_s).toString() == unit;
            if (value && unit == u"mg/dL"_s) {
                v.enteredValue = value;
                v.enteredUnit = unit;
                v.value = roundTo(*value / kGlucoseMgPerMmol, 2);
            } else {
                v.value = roundTo(value.value_or(0), 2);
            }
        } else {
            if (reader.has(u"unit"_s))
                reader.enumString(u"unit"_s, {t.unit});
            v.value = value.value_or(0);
        }
        if (value && unitKnown && (v.value < t.min || v.value > t.max))
            implausible(u"value"_s, t.min, t.max);
    }
    if (reader.has(u"subjectId"_s) && json.value(u"subjectId"_s).toString() != pathSubjectId) {
        *error = ApiError::invalid(u"subject_id_mismatch"_s,
                                   u"subjectId in the body does not match the subject in the path."_s,
                                   {{u"subjectId"_s, u"must equal the subject id in the path"_s}});
        return std::nullopt;
    }
    v.measuredAt = reader.optionalTimestamp(u"measuredAt"_s).value_or(now);
    if (v.measuredAt > now.addSecs(300))
        reader.fail(u"measuredAt"_s, u"is more than 5 minutes in the future"_s, u"implausible_value"_s);
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    v.receivedAt = now;
    return v;
}

QJsonObject VitalSign::toJson() const
{
    QJsonObject json{
        {u"id"_s, id},
        {u"subjectId"_s, subjectId},
        {u"type"_s, typeName(type)},
        {u"unit"_s, canonicalUnit(type)},
        {u"measuredAt"_s, formatTimestamp(measuredAt)},
        {u"receivedAt"_s, formatTimestamp(receivedAt)},
    };
    if (type == Type::BloodPressure) {
        json.insert(u"systolic"_s, value);
        json.insert(u"diastolic"_s, value2.value_or(0));
    } else {
        json.insert(u"value"_s, value);
    }
    if (enteredValue) {
        json.insert(u"enteredValue"_s, *enteredValue);
        json.insert(u"enteredUnit"_s, enteredUnit);
    }
    return json;
}

VitalSign VitalSign::fromJson(const QJsonObject &json)
{
    VitalSign v;
    v.id = json.value(u"id"_s).toInteger();
    v.subjectId = json.value(u"subjectId"_s).toString();
    v.type = typeFromName(json.value(u"type"_s).toString()).value_or(Type::HeartRate);
    if (v.type == Type::BloodPressure) {
        v.value = json.value(u"systolic"_s).toDouble();
        v.value2 = json.value(u"diastolic"_s).toDouble();
    } else {
        v.value = json.value(u"value"_s).toDouble();
    }
    v.measuredAt = parseTimestamp(json.value(u"measuredAt"_s).toString()).value_or(QDateTime());
    v.receivedAt = parseTimestamp(json.value(u"receivedAt"_s).toString()).value_or(QDateTime());
    if (json.contains(u"enteredValue"_s)) {
        v.enteredValue = json.value(u"enteredValue"_s).toDouble();
        v.enteredUnit = json.value(u"enteredUnit"_s).toString();
    }
    return v;
}

} // namespace td
