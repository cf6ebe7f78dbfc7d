#include "OpenApiDocument.h"

#include "http/RouteTable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// Component schemas, kept next to the generator so routes can only name existing ones.
const char *const kSchemas = R"json({
  "Error": {"type": "object", "required": ["error", "code"], "properties": {
    "error": {"type": "string"}, "code": {"type": "string"},
    "fields": {"type": "object", "additionalProperties": {"type": "string"}}}},
  "Health": {"type": "object", "properties": {"status": {"type": "string"}, "version": {"type": "string"},
    "database": {"type": "string"}, "schemaVersion": {"type": "integer"}}},
  "OpenApi": {"type": "object"},
  "Login": {"type": "object", "required": ["username", "password"], "properties": {
    "username": {"type": "string"}, "password": {"type": "string", "format": "password"}},
    "example": {"username": "nurse", "password": "<from demo-credentials.txt>"}},
  "Session": {"type": "object", "properties": {"token": {"type": "string"}, "expiresAt": {"type": "string", "format": "date-time"},
    "user": {"$ref": "#/components/schemas/User"}}},
  "Me": {"type": "object", "properties": {"username": {"type": "string"}, "role": {"type": "string"},
    "displayName": {"type": "string"}, "expiresAt": {"type": "string", "format": "date-time", "nullable": true},
    "memberships": {"type": "array", "description": "the studies the account may reach; empty for an admin (every study) and subject tokens",
      "items": {"type": "object", "properties": {"projectCode": {"type": "string"},
        "studyRole": {"type": "string", "enum": ["pm", "crc", "monitor"]},
        "sites": {"type": "array", "items": {"type": "string"}, "description": "empty: every site of the study"}}}}}},
  "StudyMembership": {"type": "object", "properties": {"projectCode": {"type": "string"}, "username": {"type": "string"},
    "displayName": {"type": "string"}, "studyRole": {"type": "string", "enum": ["pm", "crc", "monitor"]},
    "sites": {"type": "array", "items": {"type": "string"}, "description": "empty: every site of the study"},
    "createdAt": {"type": "string", "format": "date-time"}, "createdBy": {"type": "string"}}},
  "StudyMembershipList": {"type": "object", "properties": {"items": {"type": "array",
    "items": {"$ref": "#/components/schemas/StudyMembership"}}}},
  "MembershipChange": {"type": "object", "required": ["studyRole"], "properties": {
    "studyRole": {"type": "string", "enum": ["pm", "crc", "monitor"]},
    "sites": {"type": "array", "items": {"type": "string", "maxLength": 100}, "maxItems": 500,
      "description": "sites of the study the member is limited to; absent or empty: every site"}},
    "example": {"studyRole": "crc", "sites": ["Beijing"]}},
  "User": {"type": "object", "properties": {"username": {"type": "string"}, "displayName": {"type": "string"},
    "role": {"type": "string", "enum": ["admin", "pm", "crc", "monitor"]}, "disabled": {"type": "boolean"},
    "lockedUntil": {"type": "string", "format": "date-time", "nullable": true},
    "createdAt": {"type": "string", "format": "date-time"}, "updatedAt": {"type": "string", "format": "date-time"}}},
  "UserList": {"type": "array", "items": {"$ref": "#/components/schemas/User"}},
  "NewUser": {"type": "object", "required": ["username", "role", "password"], "properties": {
    "username": {"type": "string"}, "role": {"type": "string", "enum": ["admin", "pm", "crc", "monitor"]},
    "password": {"type": "string", "minLength": 10}, "displayName": {"type": "string"}}},
  "UserChange": {"type": "object", "properties": {"role": {"type": "string", "enum": ["admin", "pm", "crc", "monitor"]},
    "password": {"type": "string", "minLength": 10}, "displayName": {"type": "string"}, "disabled": {"type": "boolean"}}},
  "ReviewChange": {"type": "object", "properties": {"reviewStatus": {"type": "string", "enum": ["reviewed", "queried"]},
    "queryStatus": {"type": "string", "enum": ["answered", "closed"]}, "comment": {"type": "string", "maxLength": 2000},
    "password": {"type": "string", "description": "with meaning: required when the submission is already signed"},
    "meaning": {"type": "string", "maxLength": 200}}},
  "Signature": {"type": "object", "required": ["password", "meaning"], "properties": {
    "password": {"type": "string"}, "meaning": {"type": "string", "maxLength": 200}}},
  "AuditPage": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object", "properties": {
    "id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}, "actor": {"type": "string"},
    "actorRole": {"type": "string"}, "action": {"type": "string"}, "entityType": {"type": "string"},
    "entityId": {"type": "string"}, "before": {"type": "object", "nullable": true},
    "after": {"type": "object", "nullable": true}, "hash": {"type": "string"}}}},
    "nextCursor": {"type": "string", "nullable": true}}},
  "Event": {"type": "object", "required": ["seq", "type", "project", "site", "entityId", "at"], "properties": {
    "seq": {"type": "integer", "format": "int64", "minimum": 1, "description": "gap-free, in commit order"},
    "type": {"type": "string", "enum": ["submission.stored", "vitals.stored", "submission.reviewed",
      "signature.recorded", "subject.enrolled", "subject.token_reissued", "definition.published", "schedule.changed"]},
    "project": {"type": "string", "description": "the study's code"},
    "site": {"type": "string", "nullable": true, "description": "the subject's site; null: about the whole study"},
    "entityId": {"type": "string", "description": "submission or vital sign id, subject id, key/version, or questionnaire"},
    "at": {"type": "string", "format": "date-time"}}},
  "EventPage": {"type": "object", "required": ["items", "lastSeq", "more"], "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
    "lastSeq": {"type": "integer", "format": "int64", "description": "pass as since for the next page: it moves past events the caller may not see too"},
    "more": {"type": "boolean", "description": "true: there are events after lastSeq already"}}},
  "EventStreamInfo": {"type": "object", "properties": {"protocol": {"type": "string", "enum": ["websocket"]},
    "lastSeq": {"type": "integer", "format": "int64"}, "heartbeatSeconds": {"type": "integer"}}},
  "Webhook": {"type": "object", "required": ["id", "project", "url", "eventTypes", "description", "enabled", "createdAt", "createdBy", "secretHint", "counts"],
    "description": "An outgoing webhook of a study (docs/webhooks.md). The secret is returned only by its creation and rotation.",
    "properties": {
    "id": {"type": "integer", "format": "int64"}, "project": {"type": "string"}, "url": {"type": "string"},
    "eventTypes": {"type": "array", "items": {"type": "string"}, "description": "empty: every type"},
    "description": {"type": "string"}, "enabled": {"type": "boolean"},
    "createdAt": {"type": "string", "format": "date-time"}, "createdBy": {"type": "string"},
    "secretHint": {"type": "string", "description": "the secret's last 4 characters"},
    "counts": {"type": "object", "required": ["pending", "delivered", "dead"], "properties": {
      "pending": {"type": "integer"}, "delivered": {"type": "integer"}, "dead": {"type": "integer"}}}}},
  "WebhookList": {"type": "object", "required": ["webhooks"], "properties": {"webhooks": {"type": "array",
    "items": {"$ref": "#/components/schemas/Webhook"}}}},
  "NewWebhook": {"type": "object", "required": ["url"], "additionalProperties": false, "properties": {
    "url": {"type": "string", "maxLength": 2048, "description": "https; http only to a loopback host in --webhook-allow-hosts; no host that is or resolves to a loopback, private or link-local address unless allowed (400 webhook_url_refused)"},
    "eventTypes": {"type": "array", "items": {"type": "string"}, "description": "types of docs/events.md; empty or absent: every type"},
    "description": {"type": "string", "maxLength": 200}, "enabled": {"type": "boolean", "description": "default true"}},
    "example": {"url": "https://sms-gateway.example.org/trialdesk", "eventTypes": ["submission.stored"], "description": "SMS gateway"}},
  "WebhookChange": {"type": "object", "additionalProperties": false, "properties": {
    "url": {"type": "string", "maxLength": 2048}, "eventTypes": {"type": "array", "nullable": true, "items": {"type": "string"}},
    "description": {"type": "string", "nullable": true, "maxLength": 200}, "enabled": {"type": "boolean"}},
    "example": {"enabled": false}},
  "CreatedWebhook": {"allOf": [{"$ref": "#/components/schemas/Webhook"}, {"type": "object", "required": ["secret"],
    "properties": {"secret": {"type": "string", "description": "the signing secret: shown this once"}}}]},
  "WebhookSecret": {"type": "object", "required": ["secret"], "properties": {"secret": {"type": "string"}}},
  "WebhookDelivery": {"type": "object", "required": ["id", "webhookId", "eventSeq", "eventType", "state", "attempts", "createdAt",
    "lastAttemptAt", "nextAttemptAt", "deliveredAt", "lastStatus", "lastError", "lastLatencyMs"],
    "description": "One event sent to one webhook. pending: waiting for its first or next attempt while tries remain; delivered: answered 2xx; dead: the last try failed.",
    "properties": {
    "id": {"type": "integer", "format": "int64"}, "webhookId": {"type": "integer", "format": "int64"},
    "eventSeq": {"type": "integer", "format": "int64"}, "eventType": {"type": "string"},
    "state": {"type": "string", "enum": ["pending", "delivered", "dead"]}, "attempts": {"type": "integer"},
    "createdAt": {"type": "string", "format": "date-time"},
    "lastAttemptAt": {"type": "string", "format": "date-time", "nullable": true},
    "nextAttemptAt": {"type": "string", "format": "date-time", "nullable": true, "description": "pending only"},
    "deliveredAt": {"type": "string", "format": "date-time", "nullable": true},
    "lastStatus": {"type": "integer", "nullable": true, "description": "HTTP status of the last attempt; null: no answer"},
    "lastError": {"type": "string", "nullable": true}, "lastLatencyMs": {"type": "integer", "nullable": true}}},
  "WebhookDeliveryPage": {"type": "object", "required": ["deliveries", "next"], "properties": {
    "deliveries": {"type": "array", "items": {"$ref": "#/components/schemas/WebhookDelivery"}},
    "next": {"type": "string", "nullable": true, "description": "pass as before for the next (older) page; null: no more"}}},
  "WebhookDeliveryDetail": {"allOf": [{"$ref": "#/components/schemas/WebhookDelivery"}, {"type": "object", "required": ["attemptLog"],
    "properties": {"attemptLog": {"type": "array", "description": "oldest first, at most the newest 100", "items": {"type": "object",
      "required": ["at", "status", "latencyMs", "error"], "properties": {
      "at": {"type": "string", "format": "date-time"}, "status": {"type": "integer", "nullable": true},
      "latencyMs": {"type": "integer"}, "error": {"type": "string", "nullable": true}}}}}}]},
  "ProjectStats": {"type": "object", "properties": {"projectCode": {"type": "string"},
    "today": {"type": "string", "format": "date"}, "utcOffset": {"type": "string"},
    "basis": {"type": "string", "enum": ["schedule", "enrolment"], "description": "schedule: counted from the expected entries of the study's questionnaire schedules (expected = entries opened that day by now, submitted = received + late; missingToday = an entry today open and not yet received, or missed); enrolment (no schedule): expected = subjects enrolled, missingToday = no submission today"},
    "enrolled": {"type": "integer"},
    "submittedToday": {"type": "integer"}, "days": {"type": "array", "items": {"type": "object", "properties": {
      "date": {"type": "string", "format": "date"}, "expected": {"type": "integer"}, "submitted": {"type": "integer"},
      "late": {"type": "integer"}, "missed": {"type": "integer"}, "open": {"type": "integer"}}}},
    "missingToday": {"type": "array", "items": {"$ref": "#/components/schemas/Subject"}},
    "entriesToday": {"type": "array", "description": "schedule basis: every entry opening today, by opensAt; empty otherwise", "items": {"type": "object", "properties": {
      "subject": {"$ref": "#/components/schemas/Subject"}, "questionnaire": {"type": "string"}, "day": {"type": "integer"},
      "opensAt": {"type": "string", "format": "date-time"}, "closesAt": {"type": "string", "format": "date-time"},
      "state": {"type": "string", "enum": ["upcoming", "open", "received", "late", "missed"]}}}}}},
  "SubjectToken": {"type": "object", "properties": {"subjectId": {"type": "string"}, "subjectToken": {"type": "string"}}},
  "Project": {"type": "object", "required": ["code", "title"], "properties": {
    "code": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,32}$"}, "title": {"type": "string", "maxLength": 200},
    "phase": {"type": "string", "enum": ["I", "II", "III", "IV", "N/A"]},
    "status": {"type": "string", "enum": ["planning", "active", "suspended", "completed"]},
    "sponsor": {"type": "string", "nullable": true}, "principalInvestigator": {"type": "string", "nullable": true},
    "startDate": {"type": "string", "format": "date", "nullable": true},
    "endDate": {"type": "string", "format": "date", "nullable": true},
    "targetEnrollment": {"type": "integer", "minimum": 0, "nullable": true},
    "sites": {"type": "array", "items": {"type": "string"}},
    "timeZone": {"type": "string", "maxLength": 64, "description": "IANA time zone id the schedules run in (default Asia/Shanghai)", "example": "Asia/Shanghai"},
    "enrolledCount": {"type": "integer", "readOnly": true},
    "createdAt": {"type": "string", "format": "date-time", "readOnly": true},
    "updatedAt": {"type": "string", "format": "date-time", "readOnly": true}}},
  "NewProject": {"type": "object", "required": ["code", "title"], "properties": {
    "code": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,32}$", "description": "not \"active\" (reserved)"},
    "title": {"type": "string", "maxLength": 200},
    "phase": {"type": "string", "enum": ["I", "II", "III", "IV", "N/A"], "nullable": true},
    "status": {"type": "string", "enum": ["planning", "active", "suspended", "completed"], "nullable": true},
    "sponsor": {"type": "string", "maxLength": 200, "nullable": true},
    "principalInvestigator": {"type": "string", "maxLength": 200, "nullable": true},
    "startDate": {"type": "string", "format": "date", "nullable": true},
    "endDate": {"type": "string", "format": "date", "nullable": true},
    "targetEnrollment": {"type": "integer", "minimum": 0, "nullable": true},
    "sites": {"type": "array", "items": {"type": "string"}, "nullable": true},
    "timeZone": {"type": "string", "maxLength": 64, "nullable": true, "description": "IANA time zone id; absent or null: Asia/Shanghai"}},
    "example": {"code": "NCT900", "title": "Once-daily TD-0117 in mild to moderate hypertension", "phase": "III",
      "status": "active", "sponsor": "Huaxia Pharma", "startDate": "2026-03-01", "targetEnrollment": 120}},
  "ProjectPatch": {"type": "object", "description": "Only the fields present change; code, if present, must be the current one.",
    "properties": {
    "code": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,32}$"}, "title": {"type": "string", "maxLength": 200},
    "phase": {"type": "string", "enum": ["I", "II", "III", "IV", "N/A"]},
    "status": {"type": "string", "enum": ["planning", "active", "suspended", "completed"]},
    "sponsor": {"type": "string", "maxLength": 200, "nullable": true},
    "principalInvestigator": {"type": "string", "maxLength": 200, "nullable": true},
    "startDate": {"type": "string", "format": "date", "nullable": true},
    "endDate": {"type": "string", "format": "date", "nullable": true},
    "targetEnrollment": {"type": "integer", "minimum": 0, "nullable": true},
    "sites": {"type": "array", "items": {"type": "string"}, "nullable": true, "description": "null: no sites"},
    "timeZone": {"type": "string", "maxLength": 64, "description": "IANA time zone id; the submissions of subjects in the study's zone are matched again"}},
    "example": {"status": "suspended"}},
  "ProjectList": {"type": "array", "items": {"$ref": "#/components/schemas/Project"}},
  "ProjectPage": {"type": "object", "properties": {"items": {"$ref": "#/components/schemas/ProjectList"},
    "nextCursor": {"type": "string", "nullable": true}}},
  "Subject": {"type": "object", "properties": {
    "subjectId": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}, "projectCode": {"type": "string", "readOnly": true},
    "name": {"type": "string", "maxLength": 100, "nullable": true}, "phone": {"type": "string", "nullable": true},
    "site": {"type": "string", "nullable": true},
    "sex": {"type": "string", "enum": ["female", "male", "other", "unknown", null], "nullable": true},
    "birthYear": {"type": "integer", "nullable": true},
    "enrolledAt": {"type": "string", "format": "date-time"},
    "timeZone": {"type": "string", "nullable": true, "description": "the subject's own IANA zone; null: the study's"},
    "effectiveTimeZone": {"type": "string", "readOnly": true, "description": "the zone its schedules run in: its own, else the study's"},
    "anchorDate": {"type": "string", "format": "date", "nullable": true, "description": "day 0 of schedules anchored on the subject's date"},
    "lastSubmissionAt": {"type": "string", "format": "date-time", "readOnly": true, "nullable": true}}},
  "NewSubject": {"type": "object", "description": "Every field is optional; null is the same as absent.", "properties": {
    "subjectId": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$", "nullable": true,
      "description": "assigned by the server if absent"},
    "name": {"type": "string", "maxLength": 100, "nullable": true},
    "phone": {"type": "string", "maxLength": 32, "nullable": true},
    "site": {"type": "string", "maxLength": 100, "nullable": true},
    "sex": {"type": "string", "enum": ["female", "male", "other", "unknown", null], "nullable": true},
    "birthYear": {"type": "integer", "minimum": 1900, "nullable": true},
    "enrolledAt": {"type": "string", "format": "date-time", "nullable": true},
    "timeZone": {"type": "string", "maxLength": 64, "nullable": true, "description": "IANA zone; absent or null: the study's"},
    "anchorDate": {"type": "string", "format": "date", "nullable": true, "description": "day 0 of schedules anchored on the subject's date"}},
    "example": {"subjectId": "SUB900", "name": "张三", "phone": "18812348888", "sex": "male", "birthYear": 1961}},
  "SubjectPatch": {"type": "object", "description": "The subject's schedule settings; only the fields present change, null clears (the zone becomes the study's). Its submissions are matched again to the entries of the new timeline.",
    "minProperties": 1, "properties": {
    "timeZone": {"type": "string", "maxLength": 64, "nullable": true, "description": "IANA zone; null: the study's"},
    "anchorDate": {"type": "string", "format": "date", "nullable": true}},
    "example": {"timeZone": "America/New_York", "anchorDate": "2026-05-04"}},
  "EnrolledSubject": {"allOf": [{"$ref": "#/components/schemas/Subject"}, {"type": "object", "properties": {
    "subjectToken": {"type": "string", "description": "for the patient app; shown once"}}}]},
  "SubjectPage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Subject"}},
    "nextCursor": {"type": "string", "nullable": true}}},
  "Profile": {"type": "object", "properties": {"subjectId": {"type": "string"}, "name": {"type": "string"},
    "phone": {"type": "string", "description": "masked: first 3 and last 4 digits"}, "trialCode": {"type": "string"}}},
  "QuestionnaireSubmission": {"type": "object", "required": ["subjectId", "answers"], "properties": {
    "id": {"type": "integer", "readOnly": true}, "subjectId": {"type": "string"},
    "projectCode": {"type": "string", "readOnly": true},
    "questionnaire": {"type": "string", "nullable": true}, "answers": {"type": "object", "minProperties": 1},
    "definitionVersion": {"type": "integer", "nullable": true, "readOnly": true,
      "description": "the published definition version the answers were validated against; null in a study without published questionnaires"},
    "entryDay": {"type": "integer", "nullable": true, "readOnly": true,
      "description": "the day (after the schedule's anchor) of the expected entry the submission was matched to at intake; null when unscheduled or the questionnaire has no schedule"},
    "entryState": {"type": "string", "nullable": true, "readOnly": true, "enum": ["received", "late", "duplicate", "unscheduled", null],
      "description": "how intake matched the submission to the questionnaire's schedule; duplicate: the entry was already fulfilled (stored, never counted); null: no schedule"},
    "submitAt": {"type": "string", "format": "date-time"},
    "receivedAt": {"type": "string", "format": "date-time", "readOnly": true}}},
  "NewQuestionnaireSubmission": {"type": "object", "required": ["subjectId", "answers"], "properties": {
    "subjectId": {"type": "string", "maxLength": 64, "description": "the subject in the path"},
    "questionnaire": {"type": "string", "nullable": true,
      "description": "the key of one of the study's published questionnaires, when it has any (else free)"},
    "answers": {"type": "object", "minProperties": 1,
      "description": "validated against the newest published version of the questionnaire: 400 invalid_answers with answers.<item> fields"},
    "submitAt": {"type": "string", "format": "date-time", "nullable": true, "description": "null or absent: now"}},
    "example": {"subjectId": "SUB123", "questionnaire": "daily-symptoms",
      "answers": {"pain": 2, "sleepHours": 7, "mood": "good", "sideEffects": [], "tookMedication": true},
      "submitAt": "2026-05-01T08:00:00.000Z"}},
  "SubmissionPage": {"type": "object", "properties": {"items": {"type": "array",
    "items": {"$ref": "#/components/schemas/QuestionnaireSubmission"}}, "nextCursor": {"type": "string", "nullable": true}}},
  "VitalSign": {"type": "object", "required": ["type"], "properties": {
    "id": {"type": "integer", "readOnly": true}, "subjectId": {"type": "string"},
    "type": {"type": "string", "enum": ["blood_pressure", "glucose", "heart_rate", "weight", "temperature", "spo2"]},
    "systolic": {"type": "number", "description": "blood_pressure, mmHg"},
    "diastolic": {"type": "number", "description": "blood_pressure, mmHg, lower than systolic"},
    "value": {"type": "number", "description": "every other type, in unit"},
    "unit": {"type": "string", "description": "glucose: mmol/L or mg/dL (stored as mmol/L)"},
    "measuredAt": {"type": "string", "format": "date-time"},
    "receivedAt": {"type": "string", "format": "date-time", "readOnly": true}}},
  "NewVitalSign": {"type": "object", "required": ["type"], "properties": {
    "subjectId": {"type": "string", "description": "if present, the subject in the path"},
    "type": {"type": "string", "enum": ["blood_pressure", "glucose", "heart_rate", "weight", "temperature", "spo2"]},
    "systolic": {"type": "number", "description": "blood_pressure, mmHg"},
    "diastolic": {"type": "number", "description": "blood_pressure, mmHg, lower than systolic"},
    "value": {"type": "number", "description": "every other type, in unit"},
    "unit": {"type": "string", "description": "glucose: mmol/L or mg/dL (stored as mmol/L)"},
    "measuredAt": {"type": "string", "format": "date-time"}},
    "example": {"type": "blood_pressure", "systolic": 148, "diastolic": 76, "measuredAt": "2026-05-01T07:55:00.000Z"}},
  "LocalizedText": {"type": "object", "additionalProperties": false, "description": "a text in both languages TrialDesk ships; publishing needs both where either is given",
    "properties": {"en": {"type": "string"}, "zh_CN": {"type": "string"}}},
  "QuestionnaireItem": {"type": "object", "required": ["key", "type", "label"], "additionalProperties": false, "properties": {
    "key": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_]{0,63}$", "description": "names the answer: answers.<key>"},
    "type": {"type": "string", "enum": ["integer", "decimal", "text", "boolean", "date", "time", "singleChoice",
      "multipleChoice", "ratingScale", "visualAnalogueScale"]},
    "required": {"type": "boolean"},
    "min": {"type": "number", "description": "integer, decimal and ratingScale (default 0)"},
    "max": {"type": "number", "description": "integer, decimal and ratingScale (default 10)"},
    "maxLength": {"type": "integer", "minimum": 1, "maximum": 10000, "description": "text only; 2000 when absent"},
    "unit": {"type": "string", "maxLength": 32},
    "choices": {"type": "array", "minItems": 2, "maxItems": 100, "description": "singleChoice and multipleChoice: answers are the codes",
      "items": {"type": "object", "required": ["code", "label"], "additionalProperties": false, "properties": {
        "code": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$"},
        "label": {"$ref": "#/components/schemas/LocalizedText"}}}},
    "label": {"$ref": "#/components/schemas/LocalizedText"},
    "help": {"$ref": "#/components/schemas/LocalizedText"},
    "minAnchor": {"$ref": "#/components/schemas/LocalizedText"},
    "maxAnchor": {"$ref": "#/components/schemas/LocalizedText"},
    "section": {"type": "string", "description": "key of one of the definition's sections"},
    "showWhen": {"type": "object", "required": ["item", "equals"], "additionalProperties": false,
      "description": "shown only when the earlier item `item` was answered `equals` (a multiple choice: contains it)",
      "properties": {"item": {"type": "string"}, "equals": {"oneOf": [{"type": "boolean"}, {"type": "number"}, {"type": "string"}]}}}}},
  "QuestionnaireDefinition": {"type": "object", "required": ["key", "title", "items"], "additionalProperties": false,
    "description": "What a questionnaire asks. Checked on save: every problem is answered at once (400 invalid_definition) with its path in fields, e.g. items[2].choices[0].code.",
    "properties": {
    "key": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", "description": "stable across versions; what submissions name as questionnaire"},
    "title": {"$ref": "#/components/schemas/LocalizedText"},
    "description": {"$ref": "#/components/schemas/LocalizedText"},
    "sections": {"type": "array", "maxItems": 50, "items": {"type": "object", "required": ["key", "title"], "additionalProperties": false,
      "properties": {"key": {"type": "string"}, "title": {"$ref": "#/components/schemas/LocalizedText"}}}},
    "items": {"type": "array", "minItems": 1, "maxItems": 300, "items": {"$ref": "#/components/schemas/QuestionnaireItem"}}},
    "example": {"key": "daily-symptoms", "title": {"en": "Daily symptoms", "zh_CN": "每日症状"},
      "items": [{"key": "pain", "type": "ratingScale", "required": true, "min": 0, "max": 10,
        "label": {"en": "Pain today", "zh_CN": "今天的疼痛"}, "minAnchor": {"en": "No pain", "zh_CN": "无痛"},
        "maxAnchor": {"en": "Worst imaginable", "zh_CN": "难以忍受"}},
        {"key": "mood", "type": "singleChoice", "label": {"en": "Mood", "zh_CN": "情绪"},
         "choices": [{"code": "good", "label": {"en": "Good", "zh_CN": "好"}}, {"code": "poor", "label": {"en": "Poor", "zh_CN": "差"}}]}]}},
  "QuestionnaireVersion": {"type": "object", "properties": {
    "projectCode": {"type": "string"}, "key": {"type": "string"}, "version": {"type": "integer", "minimum": 1},
    "status": {"type": "string", "enum": ["draft", "published"]},
    "contentHash": {"type": "string", "description": "sha256:<hex> of the canonical definition; the signed hash once published"},
    "title": {"$ref": "#/components/schemas/LocalizedText"},
    "createdBy": {"type": "string"}, "createdAt": {"type": "string", "format": "date-time"},
    "updatedBy": {"type": "string", "nullable": true}, "updatedAt": {"type": "string", "format": "date-time", "nullable": true},
    "publishedBy": {"type": "string", "nullable": true}, "publishedAt": {"type": "string", "format": "date-time", "nullable": true},
    "signatureMeaning": {"type": "string", "nullable": true},
    "definition": {"$ref": "#/components/schemas/QuestionnaireDefinition"}}},
  "QuestionnaireVersionList": {"type": "object", "properties": {"items": {"type": "array",
    "description": "without definition", "items": {"$ref": "#/components/schemas/QuestionnaireVersion"}}}},
  "NewQuestionnaireVersion": {"type": "object", "additionalProperties": false, "maxProperties": 0,
    "description": "empty: the new draft copies the newest version", "example": {}},
  "QuestionnaireSchedule": {"type": "object", "required": ["rule", "at", "windowMinutes"],
    "description": "When a questionnaire is due for each subject. Days count from the anchor (day 0), on the subject's local calendar (its time zone, else the study's); an entry opens at the local time `at` and stays open windowMinutes (elapsed).",
    "properties": {
    "questionnaire": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$", "description": "in a PUT body: absent, or the key in the path"},
    "rule": {"type": "string", "enum": ["once", "daily", "weekly", "dayOffsets"]},
    "at": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "description": "local opening time HH:MM; in a daylight-saving gap the first instant after it, when ambiguous the first occurrence"},
    "weekdays": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 7}, "minItems": 1, "maxItems": 7,
      "description": "weekly only: 1 = Monday ... 7 = Sunday, ascending"},
    "dayOffsets": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 3650}, "minItems": 1, "maxItems": 366,
      "description": "dayOffsets only: days after the anchor, ascending"},
    "windowMinutes": {"type": "integer", "minimum": 1, "maximum": 10080, "description": "daily: at most 1440"},
    "anchor": {"type": "string", "enum": ["enrolment", "subjectDate"], "description": "default enrolment"},
    "startDay": {"type": "integer", "minimum": 0, "maximum": 3650, "description": "default 0; for once the only day"},
    "endDay": {"type": "integer", "minimum": 0, "maximum": 3650, "nullable": true, "description": "inclusive; absent: the study's end date"}},
    "example": {"rule": "daily", "at": "08:00", "windowMinutes": 120, "anchor": "enrolment", "startDay": 0, "endDay": 89}},
  "ScheduleList": {"type": "object", "properties": {"items": {"type": "array",
    "items": {"$ref": "#/components/schemas/QuestionnaireSchedule"}}}},
  "ComplianceCounts": {"type": "object", "description": "expected = received + late + missed + open: the entries whose window opened by now; upcoming are scheduled in the range but not open yet.",
    "properties": {"expected": {"type": "integer"}, "received": {"type": "integer"}, "late": {"type": "integer"},
    "missed": {"type": "integer"}, "open": {"type": "integer"}, "upcoming": {"type": "integer"}}},
  "Compliance": {"type": "object", "properties": {
    "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
    "total": {"$ref": "#/components/schemas/ComplianceCounts"},
    "days": {"type": "array", "description": "each subject's local calendar day", "items": {"allOf": [{"$ref": "#/components/schemas/ComplianceCounts"},
      {"type": "object", "properties": {"date": {"type": "string", "format": "date"}}}]}},
    "sites": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/ComplianceCounts"},
      {"type": "object", "properties": {"site": {"type": "string"}}}]}},
    "subjects": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/ComplianceCounts"},
      {"type": "object", "properties": {"subjectId": {"type": "string"}, "site": {"type": "string"}}}]}}}},
  "ExpectedEntry": {"type": "object", "nullable": true, "properties": {"day": {"type": "integer"},
    "localDate": {"type": "string", "format": "date"}, "opensAt": {"type": "string", "format": "date-time"},
    "closesAt": {"type": "string", "format": "date-time"}}},
  "SubjectTasks": {"type": "object", "properties": {"subjectId": {"type": "string"},
    "language": {"type": "string", "enum": ["zh_CN", "en"], "description": "from Accept-Language: zh* gives zh_CN, anything else en"},
    "tasks": {"type": "array",
    "items": {"type": "object", "properties": {"questionnaire": {"type": "string"},
      "open": {"$ref": "#/components/schemas/ExpectedEntry"}, "next": {"$ref": "#/components/schemas/ExpectedEntry"},
      "definitionVersion": {"type": "integer", "nullable": true, "description": "the newest published version; null when none is published"},
      "definition": {"type": "object", "nullable": true, "description": "that version's QuestionnaireDefinition with every localized text ({en, zh_CN}) reduced to the string in `language` (English when the Chinese text is missing)"}}}}}},
  "SubjectEntries": {"type": "object", "description": "Every expected entry of every schedule of the subject's study whose local date (the subject's zone) is in [from, to], ordered by opensAt, with its state now.",
    "properties": {"subjectId": {"type": "string"},
    "timeZone": {"type": "string", "description": "IANA zone of the subject's calendar", "example": "Asia/Shanghai"},
    "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
    "entries": {"type": "array", "items": {"type": "object", "properties": {
      "questionnaire": {"type": "string"}, "day": {"type": "integer", "description": "days after the schedule's anchor"},
      "localDate": {"type": "string", "format": "date"}, "opensAt": {"type": "string", "format": "date-time"},
      "closesAt": {"type": "string", "format": "date-time"},
      "state": {"type": "string", "enum": ["received", "late", "missed", "open", "upcoming"]}}}}}},
  "PrometheusText": {"type": "string", "description": "Prometheus text exposition format 0.0.4"},
  "VitalPage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/VitalSign"}},
    "nextCursor": {"type": "string", "nullable": true}}}
})json";

QJsonObject ref(const QString &schema)
{
    return {{u"$ref"_s, QString(u"#/components/schemas/"_s + schema)}};
}

QJsonObject jsonContent(const QString &schema)
{
    // GET /metrics answers Prometheus text, not JSON.
    if (schema == u"PrometheusText"_s)
        return {{u"text/plain; version=0.0.4"_s, QJsonObject{{u"schema"_s, ref(schema)}}}};
    return {{u"application/json"_s, QJsonObject{{u"schema"_s, ref(schema)}}}};
}

QJsonObject errorResponse(const QString &description)
{
    return {{u"description"_s, description}, {u"content"_s, jsonContent(u"Error"_s)}};
}

// A security requirement naming one scheme of components/securitySchemes.
QJsonObject requirement(const QString &scheme)
{
    return {{scheme, QJsonArray()}};
}

QJsonArray security(const Route &route)
{
    // GET /metrics takes no role, but --metrics-token (or the client's address,
    // which OpenAPI cannot express) decides: the token is optional, so `{}` too.
    if (route.roles == kPublic)
        return route.responseSchema == u"PrometheusText"_s ? QJsonArray{QJsonObject(), requirement(u"metricsToken"_s)}
                                                           : QJsonArray();
    // Staff and patient-app tokens travel alike (Authorization: Bearer) but are
    // issued differently (sign-in vs. enrolment): two schemes say which one a route takes.
    QJsonArray requirements;
    if (route.roles & ~unsigned(Role::Subject))
        requirements.append(requirement(u"staffToken"_s));
    if (route.roles & unsigned(Role::Subject))
        requirements.append(requirement(u"subjectToken"_s));
    return requirements;
}

QJsonObject operation(const Route &route)
{
    static const QRegularExpression placeholder(uR"(\{(\w+)\})"_s);
    QJsonArray parameters;
    for (auto it = placeholder.globalMatch(route.path); it.hasNext();) {
        parameters.append(QJsonObject{{u"name"_s, it.next().captured(1)},
                                      {u"in"_s, u"path"_s},
                                      {u"required"_s, true},
                                      {u"schema"_s, QJsonObject{{u"type"_s, u"string"_s}}}});
    }
    for (const QString &q : route.queryParameters) {
        parameters.append(QJsonObject{{u"name"_s, q},
                                      {u"in"_s, u"query"_s},
                                      {u"required"_s, false},
                                      {u"schema"_s, QJsonObject{{u"type"_s, u"string"_s}}}});
    }
    QJsonObject success{{u"description"_s, u"Success"_s}};
    // A 204 has no body at all: documenting one would make validators expect it.
    if (!route.responseSchema.isEmpty())
        success.insert(u"content"_s, jsonContent(route.responseSchema));
    QJsonObject responses{
        {QString::number(route.successStatus), success},
        // A PUT that replaces answers 200; one that creates, 201.
        {route.method == QHttpServerRequest::Method::Put ? u"201"_s : QString::number(route.successStatus), success},
        {u"400"_s, errorResponse(u"Invalid request"_s)},
        {u"404"_s, errorResponse(u"Not found"_s)},
        {u"500"_s, errorResponse(u"Internal error"_s)},
        // Whatever else the transport or a limit answers (405, 408, 429, 503, ...)
        // has the same error shape.
        {u"default"_s, errorResponse(u"Any other error"_s)},
    };
    if (route.roles != kPublic || route.rateClass == RateClass::Login) {
        responses.insert(u"401"_s, errorResponse(u"Missing, unknown or expired token, or wrong credentials"_s));
        responses.insert(u"403"_s, errorResponse(u"The role may not do this"_s));
    }
    QJsonObject op{{u"summary"_s, route.summary},
                   {u"tags"_s, QJsonArray{route.tag}},
                   {u"operationId"_s, route.operationId},
                   {u"parameters"_s, parameters},
                   {u"security"_s, security(route)}};
    if (route.hasBody()) {
        op.insert(u"requestBody"_s,
                  QJsonObject{{u"required"_s, true}, {u"content"_s, jsonContent(route.requestSchema)}});
        responses.insert(u"409"_s, errorResponse(u"Conflicts with stored data"_s));
        responses.insert(u"413"_s, errorResponse(u"Body larger than %1 KiB"_s.arg(route.maxBodyBytes / 1024)));
        responses.insert(u"415"_s, errorResponse(u"Body is not application/json"_s));
    }
    // The event stream's WebSocket upgrade, which OpenAPI 3.0 cannot describe further.
    if (route.operationId == u"streamEvents"_s)
        responses.insert(u"101"_s, QJsonObject{{u"description"_s, u"Switching Protocols: a WebSocket carrying the "
                                                                  "messages of docs/events.md"_s}});
    if (route.rateClass != RateClass::None)
        responses.insert(u"429"_s, errorResponse(u"Too many requests: retry after Retry-After seconds"_s));
    op.insert(u"responses"_s, responses);
    if (route.roles != kPublic) {
        QJsonArray roles;
        const std::pair<Role, const char16_t *> names[] = {{Role::Admin, u"admin"},
                                                           {Role::Pm, u"pm"},
                                                           {Role::Crc, u"crc"},
                                                           {Role::Monitor, u"monitor"},
                                                           {Role::Subject, u"subject"}};
        for (const auto &[role, name] : names) {
            if (route.roles & unsigned(role))
                roles.append(QString::fromUtf16(name));
        }
        op.insert(u"x-roles"_s, roles);
    }
    return op;
}

QJsonObject bearerScheme(const QString &description)
{
    return {{u"type"_s, u"http"_s}, {u"scheme"_s, u"bearer"_s}, {u"description"_s, description}};
}

} // namespace

QJsonObject openApiDocument(const RouteTable &routes)
{
    QJsonObject paths;
    for (const Route &route : routes.routes()) {
        QJsonObject item = paths.value(route.path).toObject();
        item.insert(QString::fromLatin1(methodName(route.method).toLower()), operation(route));
        paths.insert(route.path, item);
    }
    return {
        {u"openapi"_s, u"3.0.3"_s},
        // No licence object: TrialDesk is proprietary, all rights reserved (redocly.yaml
        // turns the info-license rule off for that reason).
        {u"info"_s, QJsonObject{{u"title"_s, u"TrialDesk API"_s},
                                {u"version"_s, QStringLiteral(TRIALDESK_VERSION)},
                                {u"description"_s, u"Studies, subjects, questionnaires and vital signs."_s}}},
        // Relative: the server that serves this document, whatever address it is reached at.
        {u"servers"_s,
         QJsonArray{QJsonObject{{u"url"_s, u"/"_s}, {u"description"_s, u"The server that serves this document"_s}}}},
        {u"paths"_s, paths},
        {u"components"_s,
         QJsonObject{
             {u"schemas"_s, QJsonDocument::fromJson(kSchemas).object()},
             {u"securitySchemes"_s,
              QJsonObject{
                  {u"staffToken"_s, bearerScheme(u"A staff account's token from POST /api/v1/auth/login"_s)},
                  {u"subjectToken"_s, bearerScheme(u"A subject's token for the patient app, issued at enrolment "
                                                   "or by POST /api/v1/subjects/{subjectId}/token"_s)},
                  {u"metricsToken"_s, bearerScheme(u"The server's --metrics-token"_s)}}}}},
    };
}

} // namespace td
