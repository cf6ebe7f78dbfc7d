#include "ApiClient.h"

#include "LoginRequest.h"
#include "Permissions.h"
#include "Timestamps.h"

#include <QBuffer>
#include <QCoroNetworkReply>
#include <QJsonArray>
#include <QNetworkReply>
#include <QScopeGuard>
#include <QSslConfiguration>
#include <algorithm>
#include <coroutine>
#include <memory>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// One path segment: codes, keys and names are percent-encoded so that a '/' or a
// space in them cannot change which route is asked.
QString segment(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

// "/api/v1/projects/<code>" and what follows it ("/members", …).
QString projectPath(const QString &projectCode, const QString &tail = {})
{
    return u"/api/v1/projects/"_s + segment(projectCode) + tail;
}

QString subjectPath(const QString &subjectId, const QString &tail = {})
{
    return u"/api/v1/subjects/"_s + segment(subjectId) + tail;
}

ApiError networkError(QNetworkReply *reply)
{
    const auto e = reply->error();
    const bool tls = e == QNetworkReply::SslHandshakeFailedError;
    QString message;
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
        message = u"The server cannot be reached."_s;
        break;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        message = u"The server did not answer in time."_s;
        break;
    default:
        message = tls ? u"The server's certificate is not trusted."_s : reply->errorString();
    }
    return {ApiError::Kind::Network, tls ? u"tls_untrusted"_s : u"network_error"_s, message, {}};
}

// Resumes the awaiting coroutine once, at the reply's first finished(), and keeps the
// connection that does it in `connection` (the coroutine's) so that it can be cut.
// QCoro 0.8's own awaiter for a QNetworkReply connects finished() without a context
// and never disconnects, so a reply that outlives its coroutine (it is deleted later)
// and emits finished() again would resume a coroutine frame that no longer exists.
// Qt 6.4 does emit it again: a reply aborted before its request started (which, with
// an upload device, happens one turn of the event loop after it was made) sends the
// request all the same, and finishes once more when the answer comes.
// It owns nothing: g++ 12 may copy an awaiter, or destroy one twice.
struct ReplyFinished {
    QNetworkReply *reply;
    QMetaObject::Connection *connection;

    bool await_ready() const noexcept { return reply->isFinished(); }
    void await_suspend(std::coroutine_handle<> awaiting) const
    {
        QMetaObject::Connection *resuming = connection;
        *resuming = QObject::connect(reply, &QNetworkReply::finished, reply, [resuming, awaiting] {
            QObject::disconnect(*resuming);
            awaiting.resume(); // may end the coroutine: nothing after this
        });
    }
    void await_resume() const noexcept {}
};

struct DeleteLater {
    void operator()(QObject *object) const
    {
        if (object)
            object->deleteLater();
    }
};

template<typename T>
Result<Page<T>> pageOf(const QJsonDocument &json)
{
    return Page<T>::fromJson(json.object());
}

} // namespace

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , m_events(new EventStream(this))
{}

void ApiClient::startEventStream(bool resume)
{
    m_events->setTrustedCertificates(m_trusted);
    // A fresh sign-in wants what happens from now on: its pages load the current state.
    m_events->start(m_baseUrl, m_token, resume ? m_events->lastSeq() : EventStream::kFromNow);
}

void ApiClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url.adjusted(QUrl::StripTrailingSlash);
}

void ApiClient::addTrustedCertificates(const QList<QSslCertificate> &certificates)
{
    m_trusted += certificates;
}

QCoro::Task<ApiClient::Reply> ApiClient::send(QByteArray method, QString path, QUrlQuery query,
                                              std::optional<QJsonObject> body, RequestCanceller *canceller)
{
    Reply reply = co_await sendOnce(method, path, query, body, canceller);
    // A kept-alive connection that the server closed (its idle timeout) just as this
    // request went out ends without an answer. A GET changes nothing, so it is sent
    // again, once, on a fresh connection, instead of showing the user an error.
    if (method == "GET" && reply.connectionClosed)
        reply = co_await sendOnce(method, path, query, body, canceller);
    co_return reply;
}

QCoro::Task<ApiClient::Reply> ApiClient::sendOnce(QByteArray method, QString path, QUrlQuery query,
                                                  std::optional<QJsonObject> body, RequestCanceller *canceller)
{
    QUrl url = m_baseUrl;
    url.setPath(m_baseUrl.path() + path);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setRawHeader("Accept", "application/json");
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
    if (!m_trusted.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_trusted);
        request.setSslConfiguration(tls);
    }
    // A GET goes without an upload device: with one, Qt starts the request only on the
    // next turn of the event loop, and a cancel before that (a page that changes its
    // query twice in one go) does not stop it (see ReplyFinished).
    QBuffer *buffer = nullptr;
    if (body || method != "GET") {
        buffer = new QBuffer;
        if (body) {
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            buffer->setData(QJsonDocument(*body).toJson(QJsonDocument::Compact));
        }
        buffer->open(QIODevice::ReadOnly);
    }
    // Deleted later, not when this coroutine ends: a cancel aborts the reply inside
    // the canceller's signal, and the reply's finished() resumes this coroutine right
    // there, so deleting the reply at its end would destroy it in the middle of that
    // signal emission. The body goes with it.
    std::unique_ptr<QNetworkReply, DeleteLater> reply(buffer ? m_network.sendCustomRequest(request, method, buffer)
                                                             : m_network.sendCustomRequest(request, method));
    if (buffer)
        buffer->setParent(reply.get());
    bool cancelled = false;
    QMetaObject::Connection cancelling;
    QMetaObject::Connection resuming;
    // Both are cut when this coroutine ends: the canceller may serve later requests and
    // the reply lives on until it is deleted later, but `cancelled` and this coroutine
    // do not (nor would they if it were destroyed while it waits, which QCoro 0.8 never does).
    const auto disconnectAll = qScopeGuard([&cancelling, &resuming] {
        disconnect(cancelling);
        disconnect(resuming);
    });
    if (canceller) {
        QNetworkReply *raw = reply.get();
        cancelling = connect(canceller, &RequestCanceller::cancelled, raw, [raw, &cancelled] {
            if (raw->isRunning()) {
                cancelled = true;
                raw->abort();
            }
        });
    }
    const ReplyFinished finished{reply.get(), &resuming};
    co_await finished;

    Reply result;
    if (cancelled) {
        result.error = {ApiError::Kind::Network, u"cancelled"_s, u"The request was cancelled."_s, {}};
        co_return result;
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray bytes = reply->readAll();
    if (result.status == 0) {
        result.connectionClosed = reply->error() == QNetworkReply::RemoteHostClosedError;
        result.error = networkError(reply.get());
        co_return result;
    }
    result.json = QJsonDocument::fromJson(bytes);
    if (!result.ok()) {
        result.error = ApiError::fromJson(result.json.object(), result.status);
        if (result.error.message.isEmpty())
            result.error.message = u"The server answered %1."_s.arg(result.status);
        if (result.status == 401 && !m_token.isEmpty() && path != u"/api/v1/auth/login"_s) {
            m_token.clear();
            Q_EMIT sessionExpired();
        }
    }
    co_return result;
}

void ApiClient::setRole(const QString &role)
{
    if (m_role == role)
        return;
    m_role = role;
    Q_EMIT roleChanged(m_role);
}

QCoro::Task<Result<QJsonObject>> ApiClient::health()
{
    const Reply r = co_await send("GET", u"/healthz"_s);
    if (!r.ok())
        co_return r.error;
    co_return r.json.object();
}

QCoro::Task<Result<Session>> ApiClient::login(QString username, QString password)
{
    const LoginRequest login{username, password};
    const Reply r = co_await send("POST", u"/api/v1/auth/login"_s, {}, login.toJson());
    if (!r.ok())
        co_return r.error;
    Session session = Session::fromJson(r.json.object());
    m_token = session.token;
    m_username = session.user.username;
    setRole(roleName(session.user.role));
    // Without its memberships a non-admin account may do nothing: roleIn() is empty
    // for every study until they arrive, so a failed read shows less, never more.
    m_memberships.clear();
    if (const Result<CurrentUser> user = co_await me(); user)
        m_memberships = user->memberships;
    Q_EMIT accessChanged();
    co_return session;
}

QCoro::Task<Result<CurrentUser>> ApiClient::me()
{
    const Reply r = co_await send("GET", u"/api/v1/auth/me"_s);
    if (!r.ok())
        co_return r.error;
    co_return CurrentUser::fromJson(r.json.object());
}

QCoro::Task<> ApiClient::refreshAccess()
{
    if (const Result<CurrentUser> user = co_await me(); user) {
        m_memberships = user->memberships;
        Q_EMIT accessChanged();
    }
}

QString ApiClient::roleIn(const QString &projectCode) const
{
    if (m_role == roleName(Role::Admin))
        return m_role;
    for (const StudyMembership &membership : m_memberships) {
        if (membership.projectCode == projectCode)
            return roleName(membership.studyRole);
    }
    return {};
}

QStringList ApiClient::sitesIn(const QString &projectCode) const
{
    for (const StudyMembership &membership : m_memberships) {
        if (membership.projectCode == projectCode)
            return membership.sites;
    }
    return {};
}

bool ApiClient::managesMembers() const
{
    if (m_role == roleName(Role::Admin))
        return true;
    return std::any_of(m_memberships.cbegin(), m_memberships.cend(),
                       [](const StudyMembership &m) { return m.studyRole == Role::Pm; });
}

bool ApiClient::managesIntegrations() const
{
    // The global role counts only for the admin: everyone else acts through memberships.
    if (m_role == roleName(Role::Admin))
        return true;
    return std::any_of(m_memberships.cbegin(), m_memberships.cend(), [](const StudyMembership &m) {
        return isAllowed(roleName(m.studyRole), Permission::ManageIntegrations);
    });
}

QCoro::Task<Result<Done>> ApiClient::logout()
{
    const Reply r = co_await send("POST", u"/api/v1/auth/logout"_s);
    m_token.clear();
    m_username.clear();
    setRole({});
    m_memberships.clear();
    Q_EMIT accessChanged();
    if (!r.ok() && r.status != 401)
        co_return r.error;
    co_return Done{};
}

QCoro::Task<Result<Page<Project>>> ApiClient::projects(ProjectQuery query, QString cursor, int limit,
                                                       RequestCanceller *canceller)
{
    QUrlQuery q;
    if (!query.status.isEmpty())
        q.addQueryItem(u"status"_s, query.status);
    if (!query.text.isEmpty())
        q.addQueryItem(u"q"_s, query.text);
    if (!cursor.isEmpty())
        q.addQueryItem(u"cursor"_s, cursor);
    q.addQueryItem(u"limit"_s, QString::number(limit));
    const Reply r = co_await send("GET", u"/api/v1/projects"_s, q, std::nullopt, canceller);
    if (!r.ok())
        co_return r.error;
    co_return pageOf<Project>(r.json);
}

namespace {

QString membersPath(const QString &projectCode)
{
    return projectPath(projectCode, u"/members"_s);
}

QString memberPath(const QString &projectCode, const QString &username)
{
    return membersPath(projectCode) + u'/' + segment(username);
}

} // namespace

QCoro::Task<Result<QList<StudyMembership>>> ApiClient::projectMembers(QString projectCode)
{
    const Reply r = co_await send("GET", membersPath(projectCode));
    if (!r.ok())
        co_return r.error;
    QList<StudyMembership> list;
    for (const QJsonValue &v : r.json.object().value(u"items"_s).toArray())
        list << StudyMembership::fromJson(v.toObject());
    co_return list;
}

QCoro::Task<Result<StudyMembership>> ApiClient::setProjectMember(QString projectCode, QString username,
                                                                 MembershipChange change)
{
    const Reply r = co_await send("PUT", memberPath(projectCode, username), {}, change.toJson());
    if (!r.ok())
        co_return r.error;
    co_return StudyMembership::fromJson(r.json.object());
}

QCoro::Task<Result<Done>> ApiClient::removeProjectMember(QString projectCode, QString username)
{
    const Reply r = co_await send("DELETE", memberPath(projectCode, username));
    if (!r.ok())
        co_return r.error;
    co_return Done{};
}

namespace {

QString questionnairesPath(const QString &projectCode)
{
    return projectPath(projectCode, u"/questionnaires"_s);
}

QString questionnairePath(const QString &projectCode, const QString &key)
{
    return questionnairesPath(projectCode) + u'/' + segment(key);
}

QString versionPath(const QString &projectCode, const QString &key, int version)
{
    return questionnairePath(projectCode, key) + u"/versions/"_s + QString::number(version);
}

} // namespace

QCoro::Task<Result<QList<QuestionnaireVersion>>> ApiClient::questionnaires(QString projectCode)
{
    const Reply r = co_await send("GET", questionnairesPath(projectCode));
    if (!r.ok())
        co_return r.error;
    QList<QuestionnaireVersion> list;
    for (const QJsonValue &v : r.json.object().value(u"items"_s).toArray())
        list << QuestionnaireVersion::fromJson(v.toObject());
    co_return list;
}

QCoro::Task<Result<QuestionnaireVersion>> ApiClient::createQuestionnaire(QString projectCode,
                                                                         QuestionnaireDefinition definition)
{
    const QJsonObject body = definition.toJson();
    const Reply r = co_await send("POST", questionnairesPath(projectCode), {}, body);
    if (!r.ok())
        co_return r.error;
    co_return QuestionnaireVersion::fromJson(r.json.object());
}

QCoro::Task<Result<QuestionnaireVersion>> ApiClient::publishedQuestionnaire(QString projectCode, QString key)
{
    const Reply r = co_await send("GET", questionnairePath(projectCode, key));
    if (!r.ok())
        co_return r.error;
    co_return QuestionnaireVersion::fromJson(r.json.object());
}

QCoro::Task<Result<QuestionnaireVersion>> ApiClient::questionnaireVersion(QString projectCode, QString key, int version)
{
    const Reply r = co_await send("GET", versionPath(projectCode, key, version));
    if (!r.ok())
        co_return r.error;
    co_return QuestionnaireVersion::fromJson(r.json.object());
}

QCoro::Task<Result<QuestionnaireVersion>> ApiClient::createQuestionnaireVersion(QString projectCode, QString key)
{
    const QJsonObject body;
    const Reply r = co_await send("POST", questionnairePath(projectCode, key) + u"/versions"_s, {}, body);
    if (!r.ok())
        co_return r.error;
    co_return QuestionnaireVersion::fromJson(r.json.object());
}

QCoro::Task<Result<QuestionnaireVersion>> ApiClient::updateQuestionnaireDraft(QString projectCode, int version,
                                                                              QuestionnaireDefinition definition)
{
    const QString path = versionPath(projectCode, definition.key, version);
    const QJsonObject body = definition.toJson();
    const Reply r = co_await send("PUT", path, {}, body);
    if (!r.ok())
        co_return r.error;
    co_return QuestionnaireVersion::fromJson(r.json.object());
}

QCoro::Task<Result<Done>> ApiClient::deleteQuestionnaireDraft(QString projectCode, QString key, int version)
{
    const Reply r = co_await send("DELETE", versionPath(projectCode, key, version));
    if (!r.ok())
        co_return r.error;
    co_return Done{};
}

QCoro::Task<Result<QuestionnaireVersion>> ApiClient::publishQuestionnaire(QString projectCode, QString key, int version,
                                                                          Signature signature)
{
    const QString path = versionPath(projectCode, key, version) + u"/publish"_s;
    const QJsonObject body = signature.toJson();
    const Reply r = co_await send("POST", path, {}, body);
    if (!r.ok())
        co_return r.error;
    co_return QuestionnaireVersion::fromJson(r.json.object());
}

QCoro::Task<Result<QList<Project>>> ApiClient::activeProjects()
{
    const Reply r = co_await send("GET", u"/api/v1/projects/active"_s);
    if (!r.ok())
        co_return r.error;
    QList<Project> list;
    for (const QJsonValue &v : r.json.array())
        list << Project::fromJson(v.toObject());
    co_return list;
}

QCoro::Task<Result<Project>> ApiClient::project(QString code)
{
    const Reply r = co_await send("GET", projectPath(code));
    if (!r.ok())
        co_return r.error;
    co_return Project::fromJson(r.json.object());
}

QCoro::Task<Result<Project>> ApiClient::createProject(Project project)
{
    const Reply r = co_await send("POST", u"/api/v1/projects"_s, {}, project.toCreateRequest());
    if (!r.ok())
        co_return r.error;
    // The creator became the new study's pm on the server: know it here too.
    co_await refreshAccess();
    co_return Project::fromJson(r.json.object());
}

QCoro::Task<Result<Project>> ApiClient::updateProject(QString code, ProjectPatch patch)
{
    const QString path = projectPath(code);
    const Reply r = co_await send("PATCH", path, {}, patch.toJson());
    if (!r.ok())
        co_return r.error;
    co_return Project::fromJson(r.json.object());
}

QCoro::Task<Result<Page<Subject>>> ApiClient::subjects(QString projectCode, QString cursor, int limit,
                                                       RequestCanceller *canceller)
{
    QUrlQuery q;
    if (!cursor.isEmpty())
        q.addQueryItem(u"cursor"_s, cursor);
    q.addQueryItem(u"limit"_s, QString::number(limit));
    const QString path = projectPath(projectCode, u"/subjects"_s);
    const Reply r = co_await send("GET", path, q, std::nullopt, canceller);
    if (!r.ok())
        co_return r.error;
    co_return pageOf<Subject>(r.json);
}

QCoro::Task<Result<Enrolment>> ApiClient::enrol(QString projectCode, Subject subject)
{
    const QString path = projectPath(projectCode, u"/subjects"_s);
    const Reply r = co_await send("POST", path, {}, subject.toEnrolRequest());
    if (!r.ok())
        co_return r.error;
    co_return Enrolment::fromJson(r.json.object());
}

QCoro::Task<Result<Subject>> ApiClient::updateSubject(QString subjectId, SubjectPatch patch)
{
    const QString path = u"/api/v1/subjects/"_s + QString::fromLatin1(QUrl::toPercentEncoding(subjectId));
    const Reply r = co_await send("PATCH", path, {}, patch.toJson());
    if (!r.ok())
        co_return r.error;
    co_return Subject::fromJson(r.json.object());
}

QCoro::Task<Result<SubjectToken>> ApiClient::issueSubjectToken(QString subjectId)
{
    const QString path = subjectPath(subjectId, u"/token"_s);
    const Reply r = co_await send("POST", path);
    if (!r.ok())
        co_return r.error;
    co_return SubjectToken::fromJson(r.json.object());
}

QCoro::Task<Result<Page<QuestionnaireSubmission>>> ApiClient::submissions(SubmissionQuery query, QString cursor,
                                                                          int limit, RequestCanceller *canceller)
{
    QUrlQuery q;
    if (!query.questionnaire.isEmpty())
        q.addQueryItem(u"questionnaire"_s, query.questionnaire);
    if (!query.reviewStatus.isEmpty())
        q.addQueryItem(u"reviewStatus"_s, query.reviewStatus);
    if (query.since)
        q.addQueryItem(u"since"_s, formatTimestamp(*query.since));
    if (query.until)
        q.addQueryItem(u"until"_s, formatTimestamp(*query.until));
    if (!cursor.isEmpty())
        q.addQueryItem(u"cursor"_s, cursor);
    q.addQueryItem(u"limit"_s, QString::number(limit));
    const QString path = query.subjectId.isEmpty() ? projectPath(query.projectCode, u"/submissions"_s)
                                                   : subjectPath(query.subjectId, u"/questionnaires"_s);
    const Reply r = co_await send("GET", path, q, std::nullopt, canceller);
    if (!r.ok())
        co_return r.error;
    co_return pageOf<QuestionnaireSubmission>(r.json);
}

QCoro::Task<Result<QuestionnaireSubmission>> ApiClient::submission(qint64 id)
{
    const Reply r = co_await send("GET", u"/api/v1/submissions/%1"_s.arg(id));
    if (!r.ok())
        co_return r.error;
    co_return QuestionnaireSubmission::fromJson(r.json.object());
}

QCoro::Task<Result<QuestionnaireSubmission>> ApiClient::review(qint64 id, ReviewChange change)
{
    const Reply r = co_await send("PATCH", u"/api/v1/submissions/%1"_s.arg(id), {}, change.toJson());
    if (!r.ok())
        co_return r.error;
    co_return QuestionnaireSubmission::fromJson(r.json.object());
}

QCoro::Task<Result<QuestionnaireSubmission>> ApiClient::sign(qint64 id, Signature signature)
{
    const Reply r = co_await send("POST", u"/api/v1/submissions/%1/sign"_s.arg(id), {}, signature.toJson());
    if (!r.ok())
        co_return r.error;
    co_return QuestionnaireSubmission::fromJson(r.json.object());
}

QCoro::Task<Result<Page<VitalSign>>> ApiClient::vitals(VitalQuery query, QString cursor, int limit,
                                                       RequestCanceller *canceller)
{
    QUrlQuery q;
    if (query.type)
        q.addQueryItem(u"type"_s, VitalSign::typeName(*query.type));
    if (query.from)
        q.addQueryItem(u"from"_s, formatTimestamp(*query.from));
    if (query.to)
        q.addQueryItem(u"to"_s, formatTimestamp(*query.to));
    if (!cursor.isEmpty())
        q.addQueryItem(u"cursor"_s, cursor);
    q.addQueryItem(u"limit"_s, QString::number(limit));
    const QString path = subjectPath(query.subjectId, u"/vitals"_s);
    const Reply r = co_await send("GET", path, q, std::nullopt, canceller);
    if (!r.ok())
        co_return r.error;
    co_return pageOf<VitalSign>(r.json);
}

QCoro::Task<Result<ProjectStats>> ApiClient::projectStats(QString projectCode, int days,
                                                          std::optional<int> utcOffsetSeconds)
{
    const int offset = utcOffsetSeconds.value_or(QDateTime::currentDateTime().offsetFromUtc());
    QUrlQuery q;
    q.addQueryItem(u"days"_s, QString::number(days));
    // "%2B": a literal '+' in a query reaches the server as a space.
    q.addQueryItem(u"utcOffset"_s, ProjectStats::formatUtcOffset(offset).replace(u'+', u"%2B"_s));
    const QString path = projectPath(projectCode, u"/stats"_s);
    const Reply r = co_await send("GET", path, q);
    if (!r.ok())
        co_return r.error;
    co_return ProjectStats::fromJson(r.json.object());
}

} // namespace td

namespace td {

namespace {

QString schedulesPath(const QString &projectCode)
{
    return projectPath(projectCode, u"/schedules"_s);
}

} // namespace

QCoro::Task<Result<QList<QuestionnaireSchedule>>> ApiClient::schedules(QString projectCode)
{
    const Reply r = co_await send("GET", schedulesPath(projectCode));
    if (!r.ok())
        co_return r.error;
    QList<QuestionnaireSchedule> list;
    for (const QJsonValue &v : r.json.object().value(u"items"_s).toArray()) {
        ApiError ignored;
        // The server stores only schedules that passed the same check.
        if (auto schedule = QuestionnaireSchedule::fromJson(v.toObject(), &ignored))
            list << *schedule;
    }
    co_return list;
}

QCoro::Task<Result<QuestionnaireSchedule>> ApiClient::setSchedule(QString projectCode, QuestionnaireSchedule schedule)
{
    const QString path = schedulesPath(projectCode) + u'/' + segment(schedule.questionnaire);
    const QJsonObject body = schedule.toJson();
    const Reply r = co_await send("PUT", path, {}, body);
    if (!r.ok())
        co_return r.error;
    ApiError error;
    auto stored = QuestionnaireSchedule::fromJson(r.json.object(), &error);
    if (!stored)
        co_return error;
    co_return *stored;
}

QCoro::Task<Result<Done>> ApiClient::removeSchedule(QString projectCode, QString questionnaire)
{
    const QString path = schedulesPath(projectCode) + u'/' + segment(questionnaire);
    const Reply r = co_await send("DELETE", path);
    if (!r.ok())
        co_return r.error;
    co_return Done{};
}

QCoro::Task<Result<SubjectEntries>> ApiClient::subjectEntries(QString subjectId, QDate from, QDate to)
{
    QUrlQuery q;
    if (from.isValid())
        q.addQueryItem(u"from"_s, from.toString(Qt::ISODate));
    if (to.isValid())
        q.addQueryItem(u"to"_s, to.toString(Qt::ISODate));
    const QString path = subjectPath(subjectId, u"/entries"_s);
    const Reply r = co_await send("GET", path, q);
    if (!r.ok())
        co_return r.error;
    const QJsonObject json = r.json.object();
    SubjectEntries result;
    result.subjectId = json.value(u"subjectId"_s).toString();
    result.timeZone = json.value(u"timeZone"_s).toString();
    result.from = QDate::fromString(json.value(u"from"_s).toString(), Qt::ISODate);
    result.to = QDate::fromString(json.value(u"to"_s).toString(), Qt::ISODate);
    for (const QJsonValue &v : json.value(u"entries"_s).toArray()) {
        const QJsonObject o = v.toObject();
        SubjectEntries::Entry e;
        e.entry.questionnaire = o.value(u"questionnaire"_s).toString();
        e.entry.day = o.value(u"day"_s).toInt();
        e.entry.localDate = QDate::fromString(o.value(u"localDate"_s).toString(), Qt::ISODate);
        e.entry.opensAt = parseTimestamp(o.value(u"opensAt"_s).toString()).value_or(QDateTime());
        e.entry.closesAt = parseTimestamp(o.value(u"closesAt"_s).toString()).value_or(QDateTime());
        e.state = entryStateFromName(o.value(u"state"_s).toString()).value_or(EntryState::Upcoming);
        result.entries << e;
    }
    co_return result;
}

} // namespace td

namespace td {

namespace {

QString webhookPath(qint64 id, const QString &tail = {})
{
    return u"/api/v1/webhooks/"_s + QString::number(id) + tail;
}

QString deliveryPath(qint64 id, const QString &tail = {})
{
    return u"/api/v1/deliveries/"_s + QString::number(id) + tail;
}

ApiError malformed(const QString &what)
{
    return {ApiError::Kind::Internal, u"malformed_answer"_s, u"The server's answer is malformed (%1)."_s.arg(what), {}};
}

// Ids and seqs: positive integers that a double holds exactly.
std::optional<qint64> idOf(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    if (d < 1 || d > 9007199254740992.0 || d != double(qint64(d)))
        return std::nullopt;
    return qint64(d);
}

std::optional<int> countOf(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    if (d < 0 || d > 2147483647.0 || d != double(int(d)))
        return std::nullopt;
    return int(d);
}

// A member that may be null or absent: true when it is, or holds a valid `T`.
bool optionalTime(const QJsonObject &json, const QString &key, QDateTime *out)
{
    const QJsonValue v = json.value(key);
    if (v.isNull() || v.isUndefined())
        return true;
    const auto t = v.isString() ? parseTimestamp(v.toString()) : std::nullopt;
    if (!t)
        return false;
    *out = *t;
    return true;
}

bool optionalInt(const QJsonObject &json, const QString &key, std::optional<int> *out)
{
    const QJsonValue v = json.value(key);
    if (v.isNull() || v.isUndefined())
        return true;
    *out = countOf(v);
    return out->has_value();
}

bool optionalText(const QJsonObject &json, const QString &key, QString *out)
{
    const QJsonValue v = json.value(key);
    if (v.isNull() || v.isUndefined())
        return true;
    if (!v.isString())
        return false;
    *out = v.toString();
    return true;
}

template<typename T>
Result<T> orError(std::optional<T> value, const ApiError &error)
{
    if (!value)
        return error;
    return *value;
}

} // namespace

QJsonObject WebhookChange::toJson() const
{
    QJsonObject json;
    if (url)
        json.insert(u"url"_s, *url);
    if (eventTypes)
        json.insert(u"eventTypes"_s, QJsonArray::fromStringList(*eventTypes));
    if (description)
        json.insert(u"description"_s, *description);
    if (enabled)
        json.insert(u"enabled"_s, *enabled);
    return json;
}

std::optional<Webhook> ApiClient::webhookFromJson(const QJsonObject &json, ApiError *error)
{
    const auto fail = [error](const QString &what) {
        *error = malformed(u"webhook "_s + what);
        return std::nullopt;
    };
    Webhook w;
    const auto id = idOf(json.value(u"id"_s));
    if (!id)
        return fail(u"id"_s);
    w.id = *id;
    if (!json.value(u"project"_s).isString())
        return fail(u"project"_s);
    w.projectCode = json.value(u"project"_s).toString();
    w.url = json.value(u"url"_s).toString();
    const QUrl url(w.url, QUrl::StrictMode);
    if (!json.value(u"url"_s).isString() || !url.isValid() || url.scheme().isEmpty())
        return fail(u"url"_s);
    if (!json.value(u"eventTypes"_s).isArray())
        return fail(u"eventTypes"_s);
    for (const QJsonValue &v : json.value(u"eventTypes"_s).toArray()) {
        if (!v.isString() || v.toString().isEmpty())
            return fail(u"eventTypes"_s);
        w.eventTypes << v.toString();
    }
    if (!optionalText(json, u"description"_s, &w.description))
        return fail(u"description"_s);
    if (!json.value(u"enabled"_s).isBool())
        return fail(u"enabled"_s);
    w.enabled = json.value(u"enabled"_s).toBool();
    const auto created = parseTimestamp(json.value(u"createdAt"_s).toString());
    if (!created)
        return fail(u"createdAt"_s);
    w.createdAt = *created;
    if (!optionalText(json, u"createdBy"_s, &w.createdBy) || !optionalText(json, u"secretHint"_s, &w.secretHint))
        return fail(u"createdBy/secretHint"_s);
    const QJsonValue counts = json.value(u"counts"_s);
    if (!counts.isUndefined() && !counts.isNull()) {
        if (!counts.isObject())
            return fail(u"counts"_s);
        const QJsonObject c = counts.toObject();
        const auto pending = countOf(c.value(u"pending"_s));
        const auto delivered = countOf(c.value(u"delivered"_s));
        const auto dead = countOf(c.value(u"dead"_s));
        if (!pending || !delivered || !dead)
            return fail(u"counts"_s);
        w.pending = *pending;
        w.delivered = *delivered;
        w.dead = *dead;
    }
    return w;
}

std::optional<WebhookDelivery> ApiClient::deliveryFromJson(const QJsonObject &json, ApiError *error)
{
    const auto fail = [error](const QString &what) {
        *error = malformed(u"delivery "_s + what);
        return std::nullopt;
    };
    WebhookDelivery d;
    const auto id = idOf(json.value(u"id"_s));
    const auto webhookId = idOf(json.value(u"webhookId"_s));
    if (!id || !webhookId)
        return fail(u"id"_s);
    d.id = *id;
    d.webhookId = *webhookId;
    const auto seq = idOf(json.value(u"eventSeq"_s));
    if (!seq)
        return fail(u"eventSeq"_s);
    d.eventSeq = *seq;
    d.eventType = json.value(u"eventType"_s).toString();
    d.state = json.value(u"state"_s).toString();
    if (d.eventType.isEmpty() || d.state.isEmpty())
        return fail(u"eventType/state"_s);
    const auto attempts = countOf(json.value(u"attempts"_s));
    if (!attempts)
        return fail(u"attempts"_s);
    d.attempts = *attempts;
    const auto created = parseTimestamp(json.value(u"createdAt"_s).toString());
    if (!created)
        return fail(u"createdAt"_s);
    d.createdAt = *created;
    if (!optionalTime(json, u"lastAttemptAt"_s, &d.lastAttemptAt)
        || !optionalTime(json, u"nextAttemptAt"_s, &d.nextAttemptAt)
        || !optionalTime(json, u"deliveredAt"_s, &d.deliveredAt))
        return fail(u"times"_s);
    if (!optionalInt(json, u"lastStatus"_s, &d.lastStatus) || !optionalInt(json, u"lastLatencyMs"_s, &d.lastLatencyMs)
        || !optionalText(json, u"lastError"_s, &d.lastError))
        return fail(u"last attempt"_s);
    const QJsonValue log = json.value(u"attemptLog"_s);
    if (!log.isUndefined() && !log.isNull()) {
        if (!log.isArray())
            return fail(u"attemptLog"_s);
        for (const QJsonValue &v : log.toArray()) {
            const QJsonObject o = v.toObject();
            WebhookDelivery::Attempt a;
            std::optional<int> latency;
            const auto at = parseTimestamp(o.value(u"at"_s).toString());
            if (!v.isObject() || !at || !optionalInt(o, u"status"_s, &a.status)
                || !optionalInt(o, u"latencyMs"_s, &latency) || !optionalText(o, u"error"_s, &a.error))
                return fail(u"attemptLog"_s);
            a.at = *at;
            a.latencyMs = latency.value_or(0);
            d.attemptLog << a;
        }
    }
    return d;
}

QCoro::Task<Result<QList<Webhook>>> ApiClient::webhooks(QString projectCode)
{
    const Reply r = co_await send("GET", projectPath(projectCode, u"/webhooks"_s));
    if (!r.ok())
        co_return r.error;
    const QJsonValue list = r.json.object().value(u"webhooks"_s);
    if (!list.isArray())
        co_return malformed(u"webhooks"_s);
    QList<Webhook> webhooks;
    for (const QJsonValue &v : list.toArray()) {
        ApiError error;
        const auto webhook = webhookFromJson(v.toObject(), &error);
        if (!webhook)
            co_return error;
        webhooks << *webhook;
    }
    co_return webhooks;
}

QCoro::Task<Result<Webhook>> ApiClient::createWebhook(QString projectCode, WebhookChange webhook, QString *secret)
{
    const QJsonObject body = webhook.toJson();
    const Reply r = co_await send("POST", projectPath(projectCode, u"/webhooks"_s), {}, body);
    if (!r.ok())
        co_return r.error;
    ApiError error;
    const QJsonObject json = r.json.object();
    const QJsonValue given = json.value(u"secret"_s);
    if (!given.isString() || given.toString().isEmpty())
        co_return malformed(u"secret"_s);
    if (secret)
        *secret = given.toString();
    co_return orError(webhookFromJson(json, &error), error);
}

QCoro::Task<Result<Webhook>> ApiClient::updateWebhook(qint64 id, WebhookChange change)
{
    const QJsonObject body = change.toJson();
    const Reply r = co_await send("PATCH", webhookPath(id), {}, body);
    if (!r.ok())
        co_return r.error;
    ApiError error;
    co_return orError(webhookFromJson(r.json.object(), &error), error);
}

QCoro::Task<Result<Done>> ApiClient::deleteWebhook(qint64 id)
{
    const Reply r = co_await send("DELETE", webhookPath(id));
    if (!r.ok())
        co_return r.error;
    co_return Done{};
}

QCoro::Task<Result<QString>> ApiClient::rotateWebhookSecret(qint64 id)
{
    const QJsonObject body;
    const Reply r = co_await send("POST", webhookPath(id, u"/secret"_s), {}, body);
    if (!r.ok())
        co_return r.error;
    const QJsonValue secret = r.json.object().value(u"secret"_s);
    if (!secret.isString() || secret.toString().isEmpty())
        co_return malformed(u"secret"_s);
    co_return secret.toString();
}

QCoro::Task<Result<ApiClient::DeliveryPage>> ApiClient::webhookDeliveries(qint64 webhookId, QString state, int limit,
                                                                          QString before)
{
    QUrlQuery q;
    if (!state.isEmpty())
        q.addQueryItem(u"state"_s, state);
    q.addQueryItem(u"limit"_s, QString::number(limit));
    if (!before.isEmpty())
        q.addQueryItem(u"before"_s, before);
    const Reply r = co_await send("GET", webhookPath(webhookId, u"/deliveries"_s), q);
    if (!r.ok())
        co_return r.error;
    const QJsonObject json = r.json.object();
    if (!json.value(u"deliveries"_s).isArray())
        co_return malformed(u"deliveries"_s);
    DeliveryPage page;
    for (const QJsonValue &v : json.value(u"deliveries"_s).toArray()) {
        ApiError error;
        const auto delivery = deliveryFromJson(v.toObject(), &error);
        if (!delivery)
            co_return error;
        page.deliveries << *delivery;
    }
    const QJsonValue next = json.value(u"next"_s);
    if (next.isString())
        page.next = next.toString();
    else if (const auto n = idOf(next))
        page.next = QString::number(*n);
    else if (!next.isNull() && !next.isUndefined())
        co_return malformed(u"next"_s);
    co_return page;
}

QCoro::Task<Result<WebhookDelivery>> ApiClient::webhookDelivery(qint64 id)
{
    const Reply r = co_await send("GET", deliveryPath(id));
    if (!r.ok())
        co_return r.error;
    ApiError error;
    co_return orError(deliveryFromJson(r.json.object(), &error), error);
}

QCoro::Task<Result<WebhookDelivery>> ApiClient::retryDelivery(qint64 id)
{
    const QJsonObject body;
    const Reply r = co_await send("POST", deliveryPath(id, u"/retry"_s), {}, body);
    if (!r.ok())
        co_return r.error;
    ApiError error;
    co_return orError(deliveryFromJson(r.json.object(), &error), error);
}

} // namespace td
