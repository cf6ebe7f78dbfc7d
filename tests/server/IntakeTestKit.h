#pragma once

// Helpers shared by the intake suites (questionnaires, vitals, idempotency,
// durability, demo data): building requests, setting up studies and subjects,
// running many requests at once, and reading the server's SQLite file directly
// to prove what was (not) stored. Header-only: the suites glob tst_*.cpp.

#include "HttpClient.h"
#include "TestServer.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>
#include <QVariantList>
#include <functional>
#include <memory>
#include <vector>

namespace td::test::intake {

using namespace Qt::StringLiterals;

inline QByteArray jsonBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The server's own timestamp format: UTC with milliseconds.
inline QString rfc3339(const QDateTime &instant)
{
    return instant.toUTC().toString(Qt::ISODateWithMs);
}

inline QDateTime parseInstant(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

inline HttpReply createStudy(HttpClient &http, const TestServer &server, const QString &code,
                             const QString &status = u"active"_s)
{
    return http.post(
        server.url(u"/api/v1/projects"_s),
        jsonBytes({{u"code"_s, code}, {u"title"_s, QString(u"Intake test study "_s + code)}, {u"status"_s, status}}));
}

inline HttpReply enrol(HttpClient &http, const TestServer &server, const QString &code, const QString &subjectId)
{
    return http.post(server.url(u"/api/v1/projects/%1/subjects"_s.arg(code)),
                     jsonBytes({{u"subjectId"_s, subjectId},
                                {u"name"_s, QString(u"Test "_s + subjectId)},
                                {u"phone"_s, u"18812348888"_s}}));
}

inline HttpReply setStudyStatus(HttpClient &http, const TestServer &server, const QString &code, const QString &status)
{
    return http.patch(server.url(u"/api/v1/projects/%1"_s.arg(code)), jsonBytes({{u"status"_s, status}}));
}

inline QUrl questionnairesUrl(const TestServer &server, const QString &subjectId, const QString &query = {})
{
    return server.url(u"/api/v1/subjects/%1/questionnaires%2"_s.arg(subjectId, query));
}

inline QUrl vitalsUrl(const TestServer &server, const QString &subjectId, const QString &query = {})
{
    return server.url(u"/api/v1/subjects/%1/vitals%2"_s.arg(subjectId, query));
}

// Follows nextCursor from `firstPage` (a URL whose query already has its filters
// and `limit`) and returns every page's items in order. `pages` counts the
// requests; `failure` describes the first unexpected answer (empty when none).
inline QJsonArray collectPages(HttpClient &http, const TestServer &server, const QString &pathAndQuery, int *pages,
                               QString *failure, int maxPages = 1000)
{
    QJsonArray all;
    QString cursor;
    *pages = 0;
    failure->clear();
    QSet<QString> seenCursors;
    for (;;) {
        const QString separator = pathAndQuery.contains(u'?') ? u"&"_s : u"?"_s;
        const QString url = cursor.isEmpty() ? pathAndQuery
                                             : pathAndQuery + separator + u"cursor="_s
                                                   + QString::fromLatin1(QUrl::toPercentEncoding(cursor));
        const HttpReply reply = http.get(server.url(url));
        ++*pages;
        if (reply.status != 200) {
            *failure = u"GET %1 answered %2: %3"_s.arg(url).arg(reply.status).arg(QString::fromUtf8(reply.body));
            return all;
        }
        const QJsonObject page = reply.json();
        if (!page.value(u"items"_s).isArray() || !page.contains(u"nextCursor"_s)) {
            *failure = u"GET %1: not a page: %2"_s.arg(url, QString::fromUtf8(reply.body));
            return all;
        }
        for (const QJsonValue &item : page.value(u"items"_s).toArray())
            all.append(item);
        const QJsonValue next = page.value(u"nextCursor"_s);
        if (next.isNull())
            return all;
        if (!next.isString() || next.toString().isEmpty()) {
            *failure = u"GET %1: nextCursor is neither null nor a non-empty string"_s.arg(url);
            return all;
        }
        cursor = next.toString();
        if (seenCursors.contains(cursor)) {
            *failure = u"GET %1: the same nextCursor came back twice"_s.arg(url);
            return all;
        }
        seenCursors.insert(cursor);
        if (*pages >= maxPages) {
            *failure = u"more than %1 pages"_s.arg(maxPages);
            return all;
        }
    }
}

// Empty when `reply` is the documented error answer: `status`, {"error": text,
// "code": code, "fields": {...}} naming `field` (when `field` is not empty);
// otherwise what differs.
inline QString errorMismatch(const HttpReply &reply, int status, const QString &code, const QString &field = {})
{
    const QString body = QString::fromUtf8(reply.body);
    if (reply.status != status)
        return u"status %1, expected %2; body: %3"_s.arg(reply.status).arg(status).arg(body);
    const QJsonObject json = reply.json();
    if (json.value(u"code"_s).toString() != code)
        return u"code '%1', expected '%2'; body: %3"_s.arg(json.value(u"code"_s).toString(), code, body);
    if (json.value(u"error"_s).toString().isEmpty())
        return u"no error message; body: %1"_s.arg(body);
    if (!field.isEmpty() && !json.value(u"fields"_s).toObject().contains(field))
        return u"fields do not name '%1'; body: %2"_s.arg(field, body);
    return {};
}

inline QList<qint64> idsOf(const QJsonArray &items)
{
    QList<qint64> ids;
    for (const QJsonValue &item : items)
        ids << item.toObject().value(u"id"_s).toInteger();
    return ids;
}

// Read-only access to the server's database (SQLite file or PostgreSQL), as an
// auditor would look at it: proves what was stored independently of the API.
// WAL mode lets this run beside the running server.
class DatabasePeek
{
public:
    explicit DatabasePeek(QString file)
        : m_file(std::move(file))
    {}

    // The single value of `sql`, or -1 (with lastError()) when it cannot be read.
    qint64 scalar(const QString &sql, const QVariantList &values = {}) const
    {
        qint64 result = -1;
        run(sql, values, [&](QSqlQuery &q) {
            if (q.next())
                result = q.value(0).toLongLong();
        });
        return result;
    }

    QList<QVariantList> rows(const QString &sql, const QVariantList &values = {}) const
    {
        QList<QVariantList> out;
        run(sql, values, [&](QSqlQuery &q) {
            while (q.next()) {
                QVariantList row;
                for (int i = 0; i < q.record().count(); ++i)
                    row << q.value(i);
                out << row;
            }
        });
        return out;
    }

    qint64 count(const QString &table, const QString &subjectId = {}) const
    {
        if (subjectId.isEmpty())
            return scalar(u"SELECT COUNT(*) FROM "_s + table);
        return scalar(u"SELECT COUNT(*) FROM "_s + table + u" WHERE subject_id = ?"_s, {subjectId});
    }

    QString lastError() const { return m_lastError; }

private:
    void run(const QString &sql, const QVariantList &values, const std::function<void(QSqlQuery &)> &read) const
    {
        const QString name = u"peek-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
        {
            QSqlDatabase db = openTestDatabase(name, m_file, true, &m_lastError);
            if (db.isValid()) {
                {
                    QSqlQuery q(db);
                    q.prepare(sql);
                    for (const QVariant &v : values)
                        q.addBindValue(v);
                    if (q.exec())
                        read(q);
                    else
                        m_lastError = q.lastError().text();
                } // the statement is freed before its connection closes
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(name);
    }

    QString m_file;
    mutable QString m_lastError;
};

// Options for servers that take bursts of submissions: when this build of the
// server has per-token / per-address submission rate limits, switch them off
// (the suites send thousands of submissions from one address and one token;
// rate limiting is not what they test).
inline QStringList burstServerArguments()
{
    static const QStringList arguments = [] {
        QProcess help;
        help.start(serverBinary(), {u"--help"_s});
        help.waitForFinished(10'000);
        const QByteArray text = help.readAllStandardOutput() + help.readAllStandardError();
        QStringList out;
        for (const char *option : {"--submission-rate-per-token", "--submission-rate-per-address"}) {
            if (text.contains(option))
                out << QString::fromLatin1(option) << u"0"_s;
        }
        return out;
    }();
    return arguments;
}

// The Authorization header of the server's admin (what HttpClient sends by
// default), for requests that do not go through HttpClient.
inline Headers adminAuthorization(const TestServer &server)
{
    if (server.adminToken().isEmpty())
        return {};
    return {{"Authorization", "Bearer " + server.adminToken().toLatin1()}};
}

// A server that can be stopped and started again on the same data directory.
//
// TestServer::start() cannot be used for a restart: it looks for the
// "listening on" line in everything the process printed so far, which after a
// restart still holds the previous life's line, so it returns at once with the
// old port (before the new process listens). Each later life is therefore a
// new TestServer pointed at the first life's data directory by a second
// --data-dir (the server takes the last one); it signs in as the same admin.
class RestartableServer
{
public:
    explicit RestartableServer(QStringList extraArguments = {})
        : m_extraArguments(std::move(extraArguments))
    {}

    bool start()
    {
        QStringList arguments = m_extraArguments;
        if (!m_lives.empty())
            arguments << u"--data-dir"_s << m_lives.front()->dataDir();
        // With PostgreSQL a later life must also use the first life's database.
        if (!m_lives.empty() && TestServer::usesPostgres())
            m_lives.push_back(std::make_unique<TestServer>(*m_lives.front(), arguments));
        else
            m_lives.push_back(std::make_unique<TestServer>(arguments));
        return current().start();
    }
    // For the next start().
    void setExtraArguments(QStringList arguments) { m_extraArguments = std::move(arguments); }
    bool stop() { return current().stop(); }
    void kill() { current().kill(); }
    bool isRunning() const { return !m_lives.empty() && m_lives.back()->isRunning(); }
    int exitCode() const { return m_lives.empty() ? -1 : m_lives.back()->exitCode(); }
    QByteArray log() { return m_lives.empty() ? QByteArray() : current().log(); }

    // The running (or last) life: its url() has the current port.
    TestServer &current() { return *m_lives.back(); }
    const TestServer &current() const { return *m_lives.back(); }
    QUrl url(const QString &pathAndQuery) const { return current().url(pathAndQuery); }
    QString databaseFile() const { return m_lives.front()->databaseFile(); }

private:
    QStringList m_extraArguments;
    std::vector<std::unique_ptr<TestServer>> m_lives;
};

struct PendingRequest {
    QByteArray method = "POST";
    QUrl url;
    QByteArray body;
    Headers headers;
};

// Sends `requests` through `managerCount` QNetworkAccessManagers (each keeps at
// most 6 connections to a host, so several are needed for real concurrency),
// keeping up to `maxInFlight` requests in flight at once. `onFinished` runs as
// each answer arrives, in arrival order. Returns the answers in request order;
// status 0 means no HTTP answer. When `uploaded` is given, (*uploaded)[i] turns
// true once request i's body was handed to its connection.
inline QList<HttpReply> runConcurrently(const QList<PendingRequest> &requests, int maxInFlight, int managerCount,
                                        const std::function<void(qsizetype, const HttpReply &)> &onFinished = {},
                                        QList<bool> *uploaded = nullptr)
{
    if (uploaded)
        *uploaded = QList<bool>(requests.size(), false);
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    for (int i = 0; i < std::max(1, managerCount); ++i)
        managers.push_back(std::make_unique<QNetworkAccessManager>());
    QList<HttpReply> results(requests.size());
    qsizetype next = 0;
    qsizetype finished = 0;
    int inFlight = 0;
    QEventLoop loop;
    std::function<void()> launch = [&] {
        while (inFlight < maxInFlight && next < requests.size()) {
            const qsizetype index = next++;
            const PendingRequest &pending = requests.at(index);
            QNetworkRequest request(pending.url);
            request.setTransferTimeout(30'000);
            if (!pending.body.isEmpty())
                request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
            for (const auto &[name, value] : pending.headers)
                request.setRawHeader(name, value);
            QNetworkAccessManager *manager = managers[size_t(index) % managers.size()].get();
            QNetworkReply *reply = manager->sendCustomRequest(request, pending.method, pending.body);
            ++inFlight;
            if (uploaded) {
                QObject::connect(reply, &QNetworkReply::uploadProgress, &loop,
                                 [uploaded, index](qint64 sent, qint64 total) {
                                     if (total > 0 && sent == total)
                                         (*uploaded)[index] = true;
                                 });
            }
            QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, index] {
                HttpReply &out = results[index];
                out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                out.body = reply->readAll();
                for (const auto &pair : reply->rawHeaderPairs())
                    out.headers.append(pair);
                reply->deleteLater();
                --inFlight;
                ++finished;
                if (onFinished)
                    onFinished(index, out);
                if (finished == requests.size())
                    loop.quit();
                else
                    launch();
            });
        }
    };
    launch();
    if (finished < requests.size())
        loop.exec();
    return results;
}

// Parses what rawExchange() returned into status, headers and body.
inline HttpReply parseRawAnswer(const QByteArray &answer)
{
    HttpReply reply;
    const qsizetype headerEnd = answer.indexOf("\r\n\r\n");
    if (!answer.startsWith("HTTP/1.1 ") || headerEnd < 0)
        return reply;
    const QList<QByteArray> lines = answer.left(headerEnd).split('\n');
    reply.status = lines.first().mid(9, 3).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            reply.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    reply.body = answer.mid(headerEnd + 4);
    const QByteArray length = reply.header("Content-Length");
    if (!length.isEmpty())
        reply.body.truncate(length.toLongLong());
    return reply;
}

// A POST with exactly these header bytes, for what QNetworkAccessManager would
// normalise or refuse to send.
inline HttpReply rawPost(const TestServer &server, const QString &path, const QByteArray &body,
                         const QByteArray &extraHeaderLines)
{
    QByteArray request = "POST " + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto &[name, value] : adminAuthorization(server))
        request += name + ": " + value + "\r\n";
    request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n"
               + extraHeaderLines + "\r\n" + body;
    return parseRawAnswer(rawExchange(server.port(), request));
}

} // namespace td::test::intake
