#include "ApiRoutes.h"

#include "AuthApi.h"
#include "EventStream.h"
#include "EventsApi.h"
#include "IntakeApi.h"
#include "ProjectsApi.h"
#include "QuestionnaireDefinition.h"
#include "QuestionnairesApi.h"
#include "ReviewApi.h"
#include "ScheduleApi.h"
#include "SystemApi.h"
#include "WebhooksApi.h"

using namespace Qt::StringLiterals;

namespace td {

namespace {

template<typename Api>
Handler bind(Api &api, QCoro::Task<HttpResponse> (Api::*method)(HttpRequest))
{
    return [&api, method](HttpRequest request) { return (api.*method)(std::move(request)); };
}

constexpr auto Get = QHttpServerRequest::Method::Get;
constexpr auto Post = QHttpServerRequest::Method::Post;
constexpr auto Patch = QHttpServerRequest::Method::Patch;
constexpr auto Put = QHttpServerRequest::Method::Put;
constexpr auto Delete = QHttpServerRequest::Method::Delete;

// A route anyone may call, without a token.
constexpr std::nullopt_t Public = std::nullopt;

} // namespace

std::vector<Route> apiRoutes(AuthApi &auth, ProjectsApi &projects, IntakeApi &intake, ReviewApi &review,
                             ScheduleApi &schedules, SystemApi &system, QuestionnairesApi &questionnaires,
                             EventsApi &events, WebhooksApi &webhooks)
{
    // Definitions of a few hundred items with both languages outgrow the 64 KiB of
    // every other body.
    constexpr qint64 definitionBytes = QuestionnaireDefinition::kMaxJsonBytes;
    const QString versionPath = u"/api/v1/projects/{code}/questionnaires/{key}/versions/{version}"_s;
    const QStringList paging = {u"limit"_s, u"cursor"_s};
    const QStringList submissionFilters = {u"since"_s,        u"until"_s, u"questionnaire"_s,
                                           u"reviewStatus"_s, u"limit"_s, u"cursor"_s};
    // clang-format off
    return {
        {Get, u"/healthz"_s, u"getHealth"_s, bind(system, &SystemApi::health), Public,
         u"Liveness and database check"_s, u"system"_s, {}, {}, u"Health"_s},
        {Get, u"/api/v1/openapi.json"_s, u"getOpenApiDocument"_s, bind(system, &SystemApi::openApi), Public,
         u"This document"_s, u"system"_s, {}, {}, u"OpenApi"_s},
        // Public in role terms: the client's address or the metrics token decides (SystemApi::metrics).
        {Get, u"/metrics"_s, u"getMetrics"_s, bind(system, &SystemApi::metrics), Public,
         u"Prometheus metrics (text format) for the addresses in --metrics-allow or with --metrics-token"_s,
         u"system"_s, {}, {}, u"PrometheusText"_s},

        {Post, u"/api/v1/auth/login"_s, u"login"_s, bind(auth, &AuthApi::login), Public,
         u"Sign in: exchange a username and password for a bearer token"_s, u"auth"_s, {}, u"Login"_s, u"Session"_s,
         200, RateClass::Login},
        {Post, u"/api/v1/auth/logout"_s, u"logout"_s, bind(auth, &AuthApi::logout), Permission::SignOut,
         u"Sign out: revoke the token of this request"_s, u"auth"_s, {}, {}, {}, 204},
        {Get, u"/api/v1/auth/me"_s, u"getCurrentIdentity"_s, bind(auth, &AuthApi::me), Permission::ReadIdentity,
         u"Who the token belongs to"_s, u"auth"_s, {}, {}, u"Me"_s},
        {Get, u"/api/v1/users"_s, u"listUsers"_s, bind(auth, &AuthApi::users), Permission::ManageUsers,
         u"Staff accounts"_s, u"users"_s, {}, {}, u"UserList"_s},
        {Post, u"/api/v1/users"_s, u"createUser"_s, bind(auth, &AuthApi::createUser), Permission::ManageUsers,
         u"Create a staff account"_s, u"users"_s, {}, u"NewUser"_s, u"User"_s, 201},
        {Patch, u"/api/v1/users/{username}"_s, u"updateUser"_s, bind(auth, &AuthApi::updateUser), Permission::ManageUsers,
         u"Disable an account, change its role or reset its password"_s, u"users"_s, {}, u"UserChange"_s, u"User"_s},

        {Get, u"/api/v1/users/{username}/memberships"_s, u"listUserMemberships"_s, bind(projects, &ProjectsApi::userMemberships), Permission::ManageUsers,
         u"The studies an account is a member of"_s, u"users"_s, {}, {}, u"StudyMembershipList"_s},
        {Put, u"/api/v1/users/{username}/memberships/{code}"_s, u"setUserMembership"_s, bind(projects, &ProjectsApi::setUserMembership), Permission::ManageUsers,
         u"Make an account a member of a study, or change its role or sites there (201 created, 200 changed)"_s, u"users"_s, {},
         u"MembershipChange"_s, u"StudyMembership"_s},
        {Delete, u"/api/v1/users/{username}/memberships/{code}"_s, u"removeUserMembership"_s, bind(projects, &ProjectsApi::removeUserMembership), Permission::ManageUsers,
         u"End an account's membership of a study"_s, u"users"_s, {}, {}, {}, 204},

        {Get, u"/api/v1/projects"_s, u"listProjects"_s, bind(projects, &ProjectsApi::list), Permission::ReadStudies,
         u"List studies"_s, u"projects"_s, {u"status"_s, u"q"_s, u"limit"_s, u"cursor"_s}, {}, u"ProjectPage"_s},
        {Get, u"/api/v1/projects/active"_s, u"listActiveProjects"_s, bind(projects, &ProjectsApi::active), Permission::ReadActiveStudies,
         u"Active studies"_s, u"projects"_s, {}, {}, u"ProjectList"_s},
        {Post, u"/api/v1/projects"_s, u"createProject"_s, bind(projects, &ProjectsApi::create), Permission::EditStudies,
         u"Create a study"_s, u"projects"_s, {}, u"NewProject"_s, u"Project"_s, 201},
        {Get, u"/api/v1/projects/{code}"_s, u"getProject"_s, bind(projects, &ProjectsApi::get), Permission::ReadStudies,
         u"One study"_s, u"projects"_s, {}, {}, u"Project"_s},
        {Patch, u"/api/v1/projects/{code}"_s, u"updateProject"_s, bind(projects, &ProjectsApi::update), Permission::EditStudies,
         u"Change some fields of a study"_s, u"projects"_s, {}, u"ProjectPatch"_s, u"Project"_s},
        {Get, u"/api/v1/projects/{code}/members"_s, u"listProjectMembers"_s, bind(projects, &ProjectsApi::members), Permission::ManageMembers,
         u"The staff accounts that are members of a study"_s, u"projects"_s, {}, {}, u"StudyMembershipList"_s},
        {Put, u"/api/v1/projects/{code}/members/{username}"_s, u"setProjectMember"_s, bind(projects, &ProjectsApi::setMember), Permission::ManageMembers,
         u"Make an account a member of this study, or change its role or sites (201 created, 200 changed)"_s, u"projects"_s, {},
         u"MembershipChange"_s, u"StudyMembership"_s},
        {Delete, u"/api/v1/projects/{code}/members/{username}"_s, u"removeProjectMember"_s, bind(projects, &ProjectsApi::removeMember), Permission::ManageMembers,
         u"End an account's membership of this study"_s, u"projects"_s, {}, {}, {}, 204},
        {Post, u"/api/v1/projects/{code}/subjects"_s, u"enrolSubject"_s, bind(projects, &ProjectsApi::enrol), Permission::EnrolSubjects,
         u"Enrol a subject"_s, u"subjects"_s, {}, u"NewSubject"_s, u"EnrolledSubject"_s, 201},
        {Get, u"/api/v1/projects/{code}/subjects"_s, u"listProjectSubjects"_s, bind(projects, &ProjectsApi::subjects), Permission::ReadStudies,
         u"Subjects of a study, in enrolment order"_s, u"subjects"_s, paging, {}, u"SubjectPage"_s},
        {Get, u"/api/v1/projects/{code}/submissions"_s, u"listProjectSubmissions"_s, bind(intake, &IntakeApi::projectSubmissions), Permission::ReadStudies,
         u"Questionnaire submissions of a study, newest first"_s, u"submissions"_s, submissionFilters, {}, u"SubmissionPage"_s},
        {Get, u"/api/v1/projects/{code}/stats"_s, u"getProjectStats"_s, bind(projects, &ProjectsApi::stats), Permission::ReadStudies,
         u"Daily submissions against expected, and who is missing today"_s, u"projects"_s,
         {u"days"_s, u"utcOffset"_s}, {}, u"ProjectStats"_s},
        {Get, u"/api/v1/projects/{code}/questionnaires"_s, u"listQuestionnaireVersions"_s, bind(questionnaires, &QuestionnairesApi::list), Permission::ReadStudies,
         u"Every version of every questionnaire of a study, by key and version (without the items)"_s, u"questionnaires"_s, {}, {},
         u"QuestionnaireVersionList"_s},
        {Post, u"/api/v1/projects/{code}/questionnaires"_s, u"createQuestionnaire"_s, bind(questionnaires, &QuestionnairesApi::create), Permission::EditProtocol,
         u"Create a questionnaire: its version 1, a draft (body up to 512 KiB)"_s, u"questionnaires"_s, {},
         u"QuestionnaireDefinition"_s, u"QuestionnaireVersion"_s, 201, RateClass::None, definitionBytes},
        {Get, u"/api/v1/projects/{code}/questionnaires/{key}"_s, u"getPublishedQuestionnaire"_s, bind(questionnaires, &QuestionnairesApi::published), Permission::ReadStudies,
         u"The newest published version of a questionnaire: what intake validates against"_s, u"questionnaires"_s, {}, {},
         u"QuestionnaireVersion"_s},
        {Post, u"/api/v1/projects/{code}/questionnaires/{key}/versions"_s, u"createQuestionnaireVersion"_s, bind(questionnaires, &QuestionnairesApi::newVersion), Permission::EditProtocol,
         u"Start a new version: a draft copied from the newest version (one draft at a time)"_s, u"questionnaires"_s, {},
         u"NewQuestionnaireVersion"_s, u"QuestionnaireVersion"_s, 201},
        {Get, versionPath, u"getQuestionnaireVersion"_s, bind(questionnaires, &QuestionnairesApi::version), Permission::ReadStudies,
         u"One version of a questionnaire, draft or published"_s, u"questionnaires"_s, {}, {}, u"QuestionnaireVersion"_s},
        {Put, versionPath, u"updateQuestionnaireVersion"_s, bind(questionnaires, &QuestionnairesApi::update), Permission::EditProtocol,
         u"Replace the definition of a draft (body up to 512 KiB)"_s, u"questionnaires"_s, {},
         u"QuestionnaireDefinition"_s, u"QuestionnaireVersion"_s, 200, RateClass::None, definitionBytes},
        {Delete, versionPath, u"deleteQuestionnaireVersion"_s, bind(questionnaires, &QuestionnairesApi::remove), Permission::EditProtocol,
         u"Discard a draft"_s, u"questionnaires"_s, {}, {}, {}, 204},
        {Post, versionPath + u"/publish"_s, u"publishQuestionnaireVersion"_s, bind(questionnaires, &QuestionnairesApi::publish), Permission::EditProtocol,
         u"Publish a draft with an e-signature (re-enter the password): it is frozen and intake validates against it"_s,
         u"questionnaires"_s, {}, u"Signature"_s, u"QuestionnaireVersion"_s},
        {Get, u"/api/v1/projects/{code}/schedules"_s, u"listSchedules"_s, bind(schedules, &ScheduleApi::list), Permission::ReadStudies,
         u"When each questionnaire of a study is due"_s, u"schedules"_s, {}, {}, u"ScheduleList"_s},
        {Put, u"/api/v1/projects/{code}/schedules/{questionnaire}"_s, u"setSchedule"_s, bind(schedules, &ScheduleApi::put), Permission::EditProtocol,
         u"Set the schedule of a questionnaire (201 created, 200 replaced)"_s, u"schedules"_s, {},
         u"QuestionnaireSchedule"_s, u"QuestionnaireSchedule"_s},
        {Delete, u"/api/v1/projects/{code}/schedules/{questionnaire}"_s, u"removeSchedule"_s, bind(schedules, &ScheduleApi::remove), Permission::EditProtocol,
         u"Remove the schedule of a questionnaire"_s, u"schedules"_s, {}, {}, {}, 204},
        {Get, u"/api/v1/projects/{code}/compliance"_s, u"getCompliance"_s, bind(schedules, &ScheduleApi::compliance), Permission::ReadStudies,
         u"Expected entries against what came in, per local day, site and subject"_s, u"schedules"_s,
         {u"from"_s, u"to"_s, u"site"_s}, {}, u"Compliance"_s},
        {Get, u"/api/v1/subjects/{subjectId}/tasks"_s, u"getSubjectTasks"_s, bind(schedules, &ScheduleApi::tasks), Permission::ReadSubjectData,
         u"Per questionnaire, the entry open now (not yet fulfilled), the next one and the newest published definition in the language of Accept-Language"_s, u"schedules"_s, {}, {}, u"SubjectTasks"_s},
        {Get, u"/api/v1/subjects/{subjectId}/entries"_s, u"getSubjectEntries"_s, bind(schedules, &ScheduleApi::entries), Permission::ReadStudies,
         u"A subject's expected entries of every schedule with their states now (default: 27 days back to 7 ahead, in the subject's zone; at most 366 days)"_s,
         u"schedules"_s, {u"from"_s, u"to"_s}, {}, u"SubjectEntries"_s},
        {Get, u"/api/v1/subjects/{subjectId}/profile"_s, u"getSubjectProfile"_s, bind(projects, &ProjectsApi::profile), Permission::ReadSubjectData,
         u"A subject's profile, phone masked"_s, u"subjects"_s, {}, {}, u"Profile"_s},

        {Get, u"/api/v1/subjects/{subjectId}"_s, u"getSubject"_s, bind(projects, &ProjectsApi::subject), Permission::ReadStudies,
         u"A subject's full record (masked for monitors)"_s, u"subjects"_s, {}, {}, u"Subject"_s},
        {Patch, u"/api/v1/subjects/{subjectId}"_s, u"updateSubject"_s, bind(projects, &ProjectsApi::updateSubject), Permission::EnrolSubjects,
         u"Change a subject's schedule settings: its time zone and anchor date (submissions are matched again)"_s, u"subjects"_s, {},
         u"SubjectPatch"_s, u"Subject"_s},
        {Post, u"/api/v1/subjects/{subjectId}/token"_s, u"issueSubjectToken"_s, bind(projects, &ProjectsApi::issueToken), Permission::IssueSubjectTokens,
         u"Issue a new subject token for the patient app, revoking earlier ones"_s, u"subjects"_s, {}, {},
         u"SubjectToken"_s, 201},

        {Post, u"/api/v1/subjects/{subjectId}/questionnaires"_s, u"submitQuestionnaire"_s, bind(intake, &IntakeApi::submitQuestionnaire), Permission::SubmitSubjectData,
         u"Submit a questionnaire (Idempotency-Key header makes retries safe)"_s, u"submissions"_s, {},
         u"NewQuestionnaireSubmission"_s, u"QuestionnaireSubmission"_s, 201, RateClass::Submission},
        {Get, u"/api/v1/subjects/{subjectId}/questionnaires"_s, u"listSubjectQuestionnaires"_s, bind(intake, &IntakeApi::subjectQuestionnaires), Permission::ReadSubjectData,
         u"A subject's questionnaire submissions, newest first"_s, u"submissions"_s, submissionFilters, {}, u"SubmissionPage"_s},
        {Get, u"/api/v1/submissions/{id}"_s, u"getSubmission"_s, bind(intake, &IntakeApi::submission), Permission::ReadStudies,
         u"One questionnaire submission"_s, u"submissions"_s, {}, {}, u"QuestionnaireSubmission"_s},
        {Patch, u"/api/v1/submissions/{id}"_s, u"reviewSubmission"_s, bind(review, &ReviewApi::review), Permission::ReviewSubmissions,
         u"Review a submission, raise or resolve a query"_s, u"review"_s, {}, u"ReviewChange"_s,
         u"QuestionnaireSubmission"_s},
        {Post, u"/api/v1/submissions/{id}/sign"_s, u"signSubmission"_s, bind(review, &ReviewApi::sign), Permission::SignSubmissions,
         u"Sign a reviewed submission (re-enter the password)"_s, u"review"_s, {}, u"Signature"_s,
         u"QuestionnaireSubmission"_s},
        {Get, u"/api/v1/audit"_s, u"listAuditTrail"_s, bind(review, &ReviewApi::audit), Permission::ReadAuditTrail,
         u"The audit trail, oldest first"_s, u"audit"_s,
         {u"entity"_s, u"id"_s, u"actor"_s, u"since"_s, u"limit"_s, u"cursor"_s}, {}, u"AuditPage"_s},
        {Get, u"/api/v1/events"_s, u"listEvents"_s, bind(events, &EventsApi::list), Permission::ReadStudies,
         u"Events after a sequence number, oldest first, only those of the caller's studies and sites (docs/events.md)"_s,
         u"events"_s, {u"since"_s, u"limit"_s}, {}, u"EventPage"_s},
        // A WebSocket upgrade is taken by EventStream before routing; a plain GET lands here.
        {Get, EventStream::kPath, u"streamEvents"_s, bind(events, &EventsApi::stream), Permission::ReadStudies,
         u"The events' WebSocket push channel: with Upgrade: websocket, 101 and the hello/welcome/event/heartbeat messages of docs/events.md; without, where the outbox stands"_s,
         u"events"_s, {}, {}, u"EventStreamInfo"_s},
        {Post, u"/api/v1/subjects/{subjectId}/vitals"_s, u"submitVitalSign"_s, bind(intake, &IntakeApi::submitVital), Permission::SubmitSubjectData,
         u"Submit a vital sign measurement (Idempotency-Key header makes retries safe)"_s, u"vitals"_s, {},
         u"NewVitalSign"_s, u"VitalSign"_s, 201, RateClass::Submission},
        {Get, u"/api/v1/subjects/{subjectId}/vitals"_s, u"listSubjectVitalSigns"_s, bind(intake, &IntakeApi::vitals), Permission::ReadSubjectData,
         u"A subject's vital signs, oldest first"_s, u"vitals"_s,
         {u"type"_s, u"from"_s, u"to"_s, u"limit"_s, u"cursor"_s}, {}, u"VitalPage"_s},

        {Get, u"/api/v1/projects/{code}/webhooks"_s, u"listWebhooks"_s, bind(webhooks, &WebhooksApi::list), Permission::ManageIntegrations,
         u"The outgoing webhooks of a study, with their delivery counts (docs/webhooks.md)"_s, u"webhooks"_s, {}, {}, u"WebhookList"_s},
        {Post, u"/api/v1/projects/{code}/webhooks"_s, u"createWebhook"_s, bind(webhooks, &WebhooksApi::create), Permission::ManageIntegrations,
         u"Add a webhook: the study's events from now on are POSTed to its URL, signed with the secret returned here only"_s,
         u"webhooks"_s, {}, u"NewWebhook"_s, u"CreatedWebhook"_s, 201},
        {Get, u"/api/v1/webhooks/{id}"_s, u"getWebhook"_s, bind(webhooks, &WebhooksApi::get), Permission::ManageIntegrations,
         u"One webhook"_s, u"webhooks"_s, {}, {}, u"Webhook"_s},
        {Patch, u"/api/v1/webhooks/{id}"_s, u"updateWebhook"_s, bind(webhooks, &WebhooksApi::update), Permission::ManageIntegrations,
         u"Change a webhook's URL, event types, description or whether it is enabled"_s, u"webhooks"_s, {},
         u"WebhookChange"_s, u"Webhook"_s},
        {Delete, u"/api/v1/webhooks/{id}"_s, u"deleteWebhook"_s, bind(webhooks, &WebhooksApi::remove), Permission::ManageIntegrations,
         u"Delete a webhook with its deliveries and their log (the audit trail keeps its record)"_s, u"webhooks"_s, {}, {}, {}, 204},
        {Post, u"/api/v1/webhooks/{id}/secret"_s, u"rotateWebhookSecret"_s, bind(webhooks, &WebhooksApi::rotateSecret), Permission::ManageIntegrations,
         u"A new signing secret (returned here only); the old one signs nothing from now on"_s, u"webhooks"_s, {}, {},
         u"WebhookSecret"_s},
        {Get, u"/api/v1/webhooks/{id}/deliveries"_s, u"listWebhookDeliveries"_s, bind(webhooks, &WebhooksApi::deliveries), Permission::ManageIntegrations,
         u"A webhook's deliveries, newest first"_s, u"webhooks"_s, {u"state"_s, u"limit"_s, u"before"_s}, {},
         u"WebhookDeliveryPage"_s},
        {Get, u"/api/v1/deliveries/{id}"_s, u"getWebhookDelivery"_s, bind(webhooks, &WebhooksApi::delivery), Permission::ManageIntegrations,
         u"One delivery with the log of its attempts"_s, u"webhooks"_s, {}, {}, u"WebhookDeliveryDetail"_s},
        {Post, u"/api/v1/deliveries/{id}/retry"_s, u"retryWebhookDelivery"_s, bind(webhooks, &WebhooksApi::retry), Permission::ManageIntegrations,
         u"Send a dead delivery again: pending at once, its attempts restarted (409 unless dead)"_s, u"webhooks"_s, {}, {},
         u"WebhookDelivery"_s, 202},
        {Get, u"/api/v1/vitals/{id}"_s, u"getVitalSign"_s, bind(intake, &IntakeApi::vital), Permission::ReadStudies,
         u"One vital sign measurement"_s, u"vitals"_s, {}, {}, u"VitalSign"_s},
    };
    // clang-format on
}

} // namespace td
