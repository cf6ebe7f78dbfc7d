#pragma once

#include "CurrentUser.h"
#include "Enrolment.h"
#include "ExpectedEntry.h"
#include "Page.h"
#include "Project.h"
#include "ProjectPatch.h"
#include "ProjectStats.h"
#include "QuestionnaireSchedule.h"
#include "QuestionnaireSubmission.h"
#include "QuestionnaireVersion.h"
#include "Result.h"
#include "ReviewChange.h"
#include "Session.h"
#include "Signature.h"
#include "StudyMembership.h"
#include "Subject.h"
#include "SubjectPatch.h"
#include "SubjectToken.h"
#include "VitalSign.h"
#include "Webhook.h"
#include "net/EventStream.h"

#include <QCoroTask>
#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>
#include <optional>

namespace td {

// Hand one to a long-running request (a page of a table, a chart's readings) to be
// able to stop it: cancel() aborts the network reply at once, and the request's
// coroutine returns an ApiError of kind Network with code "cancelled". One
// canceller can serve several requests; it only affects those still running.
class RequestCanceller : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    void cancel() { Q_EMIT cancelled(); }

Q_SIGNALS:
    void cancelled();
};

// GET /subjects/{id}/entries: what a subject was and is expected to fill in.
struct SubjectEntries {
    struct Entry {
        ExpectedEntry entry;
        EntryState state = EntryState::Upcoming;
    };
    QString subjectId;
    QString timeZone; // IANA id: the subject's, else the study's
    QDate from;
    QDate to;
    QList<Entry> entries; // by opening time
};

// What to send when creating a webhook (every field) or changing one (only those set).
struct WebhookChange {
    std::optional<QString> url;
    std::optional<QStringList> eventTypes;
    std::optional<QString> description;
    std::optional<bool> enabled;
    QJsonObject toJson() const;
};

// The desktop's one way to the server: owns the network access manager, the base
// URL and the bearer token, and offers one coroutine per endpoint returning the
// decoded value or a typed ApiError (Kind::Network when no HTTP answer came, with
// code "tls_untrusted" for a certificate the system does not trust). Views and
// models never see a QNetworkReply.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    // The shared request and answer types, under the names the views know them by.
    using Session = td::Session;
    using Enrolment = td::Enrolment;
    using ProjectStats = td::ProjectStats;
    using DayStats = td::ProjectStats::Day;

    struct ProjectQuery {
        QString status;
        QString text;
    };
    struct SubmissionQuery {
        QString projectCode;
        QString subjectId; // instead of projectCode: one subject's submissions
        QString questionnaire;
        QString reviewStatus;
        std::optional<QDateTime> since;
        std::optional<QDateTime> until;
    };
    struct VitalQuery {
        QString subjectId;
        std::optional<VitalSign::Type> type;
        std::optional<QDateTime> from;
        std::optional<QDateTime> to;
    };
    explicit ApiClient(QObject *parent = nullptr);

    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    void setToken(const QString &token) { m_token = token; }
    QString token() const { return m_token; }
    bool isSignedIn() const { return !m_token.isEmpty(); }
    // The signed-in user's role ("admin", "pm", "crc", "monitor"), from the last
    // successful login; kept while a session is renewed, cleared by logout().
    QString role() const { return m_role; }
    // Who signed in last (kept while a session is renewed, cleared by logout()).
    QString username() const { return m_username; }
    // The signed-in user's role in study `projectCode` (issue #14): "admin" for the
    // global administrator, the study role of a member ("pm", "crc", "monitor"), empty
    // when not a member (isAllowed() then allows nothing). What the server checks too.
    QString roleIn(const QString &projectCode) const;
    // The sites of `projectCode` the user is limited to; empty: all of them.
    QStringList sitesIn(const QString &projectCode) const;
    // Admin, or pm of at least one study: the Members page has something to offer.
    bool managesMembers() const;
    // Admin, or allowed to manage some study's webhooks: the Integrations page has
    // something to offer.
    bool managesIntegrations() const;
    QList<StudyMembership> memberships() const { return m_memberships; }
    // Certificates to trust in addition to the system's (a site's own CA).
    void addTrustedCertificates(const QList<QSslCertificate> &certificates);
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // The server's push channel of study events (issue #16). The main window starts it
    // after sign-in and stops it at sign-out; pages connect to its eventReceived().
    EventStream &eventStream() { return *m_events; }
    // (Re)starts the event stream with the current base URL and token, after the last
    // event it delivered when `resume`, else from the start (since 0).
    void startEventStream(bool resume);

    QCoro::Task<Result<QJsonObject>> health();
    // Stores the token on success, then reads the memberships (GET /auth/me) so that
    // roleIn() answers before the first page asks.
    QCoro::Task<Result<Session>> login(QString username, QString password);
    QCoro::Task<Result<CurrentUser>> me();
    // Reads the memberships again (another pm may have changed them).
    QCoro::Task<> refreshAccess();
    QCoro::Task<Result<Done>> logout();

    QCoro::Task<Result<Page<Project>>> projects(ProjectQuery query, QString cursor = {}, int limit = 50,
                                                RequestCanceller *canceller = nullptr);
    QCoro::Task<Result<QList<Project>>> activeProjects();
    QCoro::Task<Result<Project>> project(QString code);
    // Sends the writable fields of `project`.
    QCoro::Task<Result<Project>> createProject(Project project);
    QCoro::Task<Result<Project>> updateProject(QString code, ProjectPatch patch);

    QCoro::Task<Result<Page<Subject>>> subjects(QString projectCode, QString cursor = {}, int limit = 50,
                                                RequestCanceller *canceller = nullptr);
    // Sends the fields of `subject` a client may set (see Subject::toEnrolRequest()).
    QCoro::Task<Result<Enrolment>> enrol(QString projectCode, Subject subject);
    QCoro::Task<Result<SubjectToken>> issueSubjectToken(QString subjectId);
    // A subject's schedule settings (time zone, anchor date): only what `patch` holds.
    QCoro::Task<Result<Subject>> updateSubject(QString subjectId, SubjectPatch patch);

    QCoro::Task<Result<Page<QuestionnaireSubmission>>>
    submissions(SubmissionQuery query, QString cursor = {}, int limit = 50, RequestCanceller *canceller = nullptr);
    QCoro::Task<Result<QuestionnaireSubmission>> submission(qint64 id);
    QCoro::Task<Result<QuestionnaireSubmission>> review(qint64 id, ReviewChange change);
    QCoro::Task<Result<QuestionnaireSubmission>> sign(qint64 id, Signature signature);

    // The members of a study, and changes to them (admin, or the study's pm).
    QCoro::Task<Result<QList<StudyMembership>>> projectMembers(QString projectCode);
    // Adds `username` to the study or changes their membership; the stored membership.
    QCoro::Task<Result<StudyMembership>> setProjectMember(QString projectCode, QString username,
                                                          MembershipChange change);
    QCoro::Task<Result<Done>> removeProjectMember(QString projectCode, QString username);

    // Questionnaire definitions of a study (issue #15). The list holds every version of
    // every questionnaire without its items (title only), ordered by key and version.
    QCoro::Task<Result<QList<QuestionnaireVersion>>> questionnaires(QString projectCode);
    // Version 1 of a new questionnaire, as a draft (409 questionnaire_exists).
    QCoro::Task<Result<QuestionnaireVersion>> createQuestionnaire(QString projectCode,
                                                                  QuestionnaireDefinition definition);
    // The newest published version (404 when none is).
    QCoro::Task<Result<QuestionnaireVersion>> publishedQuestionnaire(QString projectCode, QString key);
    QCoro::Task<Result<QuestionnaireVersion>> questionnaireVersion(QString projectCode, QString key, int version);
    // A new draft copied from the newest version (409 draft_exists).
    QCoro::Task<Result<QuestionnaireVersion>> createQuestionnaireVersion(QString projectCode, QString key);
    // Replaces a draft's content (400 invalid_definition with item paths, 409 version_published).
    QCoro::Task<Result<QuestionnaireVersion>> updateQuestionnaireDraft(QString projectCode, int version,
                                                                       QuestionnaireDefinition definition);
    QCoro::Task<Result<Done>> deleteQuestionnaireDraft(QString projectCode, QString key, int version);
    // Freezes a draft with the publisher's e-signature (400 not_publishable: texts missing).
    QCoro::Task<Result<QuestionnaireVersion>> publishQuestionnaire(QString projectCode, QString key, int version,
                                                                   Signature signature);

    // When each questionnaire of a study is due (issue #15).
    QCoro::Task<Result<QList<QuestionnaireSchedule>>> schedules(QString projectCode);
    // Creates or replaces the schedule of `schedule.questionnaire` (400 invalid_schedule).
    QCoro::Task<Result<QuestionnaireSchedule>> setSchedule(QString projectCode, QuestionnaireSchedule schedule);
    QCoro::Task<Result<Done>> removeSchedule(QString projectCode, QString questionnaire);
    // A subject's expected entries over local days [from, to] (the server's defaults
    // when invalid), each with its state now, and the subject's time zone.
    QCoro::Task<Result<SubjectEntries>> subjectEntries(QString subjectId, QDate from = {}, QDate to = {});

    QCoro::Task<Result<Page<VitalSign>>> vitals(VitalQuery query, QString cursor = {}, int limit = 1000,
                                                RequestCanceller *canceller = nullptr);

    // The last `days` days up to today, with days counted in `utcOffsetSeconds`
    // (east of UTC positive; the local machine's offset by default).
    QCoro::Task<Result<ProjectStats>> projectStats(QString projectCode, int days = 30,
                                                   std::optional<int> utcOffsetSeconds = std::nullopt);

    // Outgoing webhooks of a study and their delivery log (issue #16; admin, and the
    // study's pm). The secret comes only with creation and rotation: `secret` is set then.
    QCoro::Task<Result<QList<Webhook>>> webhooks(QString projectCode);
    QCoro::Task<Result<Webhook>> createWebhook(QString projectCode, WebhookChange webhook, QString *secret = nullptr);
    QCoro::Task<Result<Webhook>> updateWebhook(qint64 id, WebhookChange change);
    QCoro::Task<Result<Done>> deleteWebhook(qint64 id);
    QCoro::Task<Result<QString>> rotateWebhookSecret(qint64 id);
    struct DeliveryPage {
        QList<WebhookDelivery> deliveries; // newest first
        QString next;                      // empty: no older ones
    };
    // `state` empty: every state; `before`: the previous page's next.
    QCoro::Task<Result<DeliveryPage>> webhookDeliveries(qint64 webhookId, QString state = {}, int limit = 100,
                                                        QString before = {});
    QCoro::Task<Result<WebhookDelivery>> webhookDelivery(qint64 id);
    QCoro::Task<Result<WebhookDelivery>> retryDelivery(qint64 id);
    // Strict readers of the server's answers (a network peer's JSON; shared/Webhook.h
    // only writes them): nullopt with `error` set for anything malformed.
    static std::optional<Webhook> webhookFromJson(const QJsonObject &json, ApiError *error);
    static std::optional<WebhookDelivery> deliveryFromJson(const QJsonObject &json, ApiError *error);

Q_SIGNALS:
    // A request answered 401 while signed in: the token expired or was revoked.
    void sessionExpired();
    // login() signed in someone with another role, or logout() cleared it.
    void roleChanged(const QString &role);
    // The memberships were read again (after a sign-in): roleIn() may answer otherwise.
    void accessChanged();

private:
    struct Reply {
        int status = 0;
        QJsonDocument json;
        ApiError error;                // set when status is 0 or >= 400
        bool connectionClosed = false; // no answer: the server closed the connection
        bool ok() const { return status >= 200 && status < 300; }
    };
    QCoro::Task<Reply> send(QByteArray method, QString path, QUrlQuery query = {},
                            std::optional<QJsonObject> body = std::nullopt, RequestCanceller *canceller = nullptr);
    QCoro::Task<Reply> sendOnce(QByteArray method, QString path, QUrlQuery query, std::optional<QJsonObject> body,
                                RequestCanceller *canceller);
    void setRole(const QString &role);

    QNetworkAccessManager m_network;
    QUrl m_baseUrl;
    QString m_token;
    QString m_role;
    QString m_username;
    QList<StudyMembership> m_memberships;
    QList<QSslCertificate> m_trusted;
    int m_timeoutMs = 20'000;
    EventStream *m_events;
};

} // namespace td
