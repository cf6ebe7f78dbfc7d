#pragma once

// Helpers shared by the security suites (tst_auth, tst_rolematrix, tst_audit,
// tst_review, tst_personaldata, tst_tls, tst_connectionlimits): requests with a
// chosen token, sign-in, study and subject set-up, reading the whole audit trail,
// and reading or editing the server's SQLite file directly. Header-only: the
// suites glob tst_*.cpp. (No digit separators or raw strings in here: moc reads it.)

#include "HttpClient.h"
#include "TestServer.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <QTimer>
#include <QUrl>
#include <QUuid>
#include <QVariantList>
#include <functional>

namespace td::test::security {

using namespace Qt::StringLiterals;

// Runs a checking helper and leaves the calling test function if it failed.
#define SECURITY_CHECK(call)                                                                                           \
    do {                                                                                                               \
        call;                                                                                                          \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)

inline QByteArray jsonBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

inline QByteArray describe(const HttpReply &reply)
{
    QByteArray text = "HTTP " + QByteArray::number(reply.status) + ": " + reply.body.left(800);
    return text;
}

inline QString password()
{
    return QString::fromUtf16(kTestPassword);
}

// One request with exactly `token` (empty: no Authorization header).
inline HttpReply call(HttpClient &http, const QString &token, const QByteArray &method, const QUrl &url,
                      const QByteArray &body = {})
{
    http.setToken(token);
    return http.send(method, url, body, {}, body.isEmpty() ? QByteArray() : QByteArray("application/json"));
}

inline HttpReply login(HttpClient &http, const TestServer &server, const QString &username,
                       const QString &secret = password())
{
    return call(http, QString(), "POST", server.url(u"/api/v1/auth/login"_s),
                jsonBytes({{u"username"_s, username}, {u"password"_s, secret}}));
}

inline QString tokenOf(const HttpReply &reply)
{
    return reply.json().value(u"token"_s).toString();
}

// The error answer shape: status, "code", a non-empty "error".
inline void checkError(const HttpReply &reply, int status, const QString &code)
{
    QVERIFY2(reply.status == status, describe(reply).constData());
    const QJsonObject body = reply.json();
    QVERIFY2(body.value(u"code"_s).toString() == code, describe(reply).constData());
    QVERIFY2(!body.value(u"error"_s).toString().isEmpty(), describe(reply).constData());
}

// 401 with the Bearer challenge the spec promises.
inline void checkUnauthorized(const HttpReply &reply)
{
    QVERIFY2(reply.status == 401, describe(reply).constData());
    QVERIFY2(reply.header("WWW-Authenticate").startsWith("Bearer"), describe(reply).constData());
}

inline HttpReply createProject(HttpClient &http, const TestServer &server, const QString &token, const QString &code,
                               const QString &status = u"active"_s)
{
    return call(
        http, token, "POST", server.url(u"/api/v1/projects"_s),
        jsonBytes({{u"code"_s, code}, {u"title"_s, QString(u"Security study "_s + code)}, {u"status"_s, status}}));
}

// Makes `username` a member of study `code` with `studyRole` (pm, crc, monitor), limited
// to `sites` (empty: all), as the admin: since #14 staff accounts reach only the studies
// they are members of. 201 when created, 200 when changed.
inline HttpReply grantMembership(HttpClient &http, const TestServer &server, const QString &username,
                                 const QString &code, const QString &studyRole, const QStringList &sites = {})
{
    return call(http, server.adminToken(), "PUT", server.url(u"/api/v1/users/%1/memberships/%2"_s.arg(username, code)),
                jsonBytes({{u"studyRole"_s, studyRole}, {u"sites"_s, QJsonArray::fromStringList(sites)}}));
}

// grantMembership() that must succeed; in a test function: SECURITY_CHECK(grant(...)).
inline void grant(HttpClient &http, const TestServer &server, const QString &username, const QString &code,
                  const QString &studyRole, const QStringList &sites = {})
{
    const HttpReply granted = grantMembership(http, server, username, code, studyRole, sites);
    QVERIFY2(granted.status == 200 || granted.status == 201, describe(granted).constData());
}

inline HttpReply enrol(HttpClient &http, const TestServer &server, const QString &token, const QString &code,
                       const QString &subjectId, const QString &name = u"Test Person"_s,
                       const QString &phone = u"18812348888"_s)
{
    return call(http, token, "POST", server.url(u"/api/v1/projects/%1/subjects"_s.arg(code)),
                jsonBytes({{u"subjectId"_s, subjectId}, {u"name"_s, name}, {u"phone"_s, phone}}));
}

inline HttpReply submitQuestionnaire(HttpClient &http, const TestServer &server, const QString &token,
                                     const QString &subjectId, const QJsonObject &answers = {{u"q1"_s, 3}})
{
    return call(http, token, "POST", server.url(u"/api/v1/subjects/%1/questionnaires"_s.arg(subjectId)),
                jsonBytes({{u"subjectId"_s, subjectId}, {u"questionnaire"_s, u"phq9"_s}, {u"answers"_s, answers}}));
}

inline HttpReply submitVital(HttpClient &http, const TestServer &server, const QString &token, const QString &subjectId,
                             double heartRate = 72)
{
    return call(http, token, "POST", server.url(u"/api/v1/subjects/%1/vitals"_s.arg(subjectId)),
                jsonBytes({{u"type"_s, u"heart_rate"_s}, {u"value"_s, heartRate}}));
}

// Every audit entry matching `query` (e.g. "entity=user&id=bob"), oldest first,
// following nextCursor. `failure` describes the first unexpected answer.
inline QJsonArray auditEntries(HttpClient &http, const TestServer &server, const QString &token, const QString &query,
                               QString *failure = nullptr, int limit = 500)
{
    QJsonArray all;
    QString cursor;
    for (int page = 0; page < 1000; ++page) {
        QString url = u"/api/v1/audit?limit=%1"_s.arg(limit);
        if (!query.isEmpty())
            url += u'&' + query;
        if (!cursor.isEmpty())
            url += u"&cursor="_s + QString::fromLatin1(QUrl::toPercentEncoding(cursor));
        const HttpReply reply = call(http, token, "GET", server.url(url));
        if (reply.status != 200) {
            if (failure)
                *failure = QString::fromUtf8(describe(reply));
            return all;
        }
        const QJsonObject body = reply.json();
        for (const QJsonValue &item : body.value(u"items"_s).toArray())
            all.append(item);
        if (body.value(u"nextCursor"_s).isNull())
            return all;
        cursor = body.value(u"nextCursor"_s).toString();
    }
    if (failure)
        *failure = u"more than 1000 audit pages"_s;
    return all;
}

// The entries of `entries` whose action is `action`.
inline QList<QJsonObject> withAction(const QJsonArray &entries, const QString &action)
{
    QList<QJsonObject> out;
    for (const QJsonValue &value : entries) {
        if (value.toObject().value(u"action"_s).toString() == action)
            out << value.toObject();
    }
    return out;
}

inline QString compactText(const QJsonArray &entries)
{
    return QString::fromUtf8(QJsonDocument(entries).toJson(QJsonDocument::Compact));
}

// Runs the event loop for `ms` milliseconds.
inline void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// A token in concurrent use: keeps `parallel` GET requests with `token` in flight
// until stop(), as a busy client (or several tabs, or the patient app polling) does.
// The event loop must run (any blocking HttpClient call runs it).
class TokenInUse
{
public:
    TokenInUse(const QUrl &url, const QString &token, int parallel = 3)
        : m_url(url)
        , m_token(token)
    {
        for (int i = 0; i < parallel; ++i)
            launch();
    }
    ~TokenInUse() { stop(); }

    // Stops sending and waits for the requests in flight to finish.
    void stop()
    {
        m_stopping = true;
        QDeadlineTimer deadline(20000);
        while (m_inFlight > 0 && !deadline.hasExpired())
            spin(10);
    }
    int answered(int status) const { return m_answers.count(status); }
    int total() const { return int(m_answers.size()); }

private:
    void launch()
    {
        QNetworkRequest request(m_url);
        request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
        QNetworkReply *reply = m_manager.get(request);
        ++m_inFlight;
        QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply] {
            m_answers << reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            reply->deleteLater();
            --m_inFlight;
            if (!m_stopping)
                launch();
        });
    }

    QUrl m_url;
    QString m_token;
    bool m_stopping = false;
    int m_inFlight = 0;
    QList<int> m_answers;
    QNetworkAccessManager m_manager; // last: destroyed first
};

// Holds the database's write lock (as another writer in the middle of its
// transaction does) until release() or destruction.
class WriteLock
{
public:
    explicit WriteLock(const QString &file)
        : m_name(u"write-lock-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        QSqlDatabase db = openTestDatabase(m_name, file, false, &m_error);
        if (!db.isValid())
            return;
        QSqlQuery q(db);
        // PostgreSQL: the advisory lock every TrialDesk writer takes (SqlDialect::writerLock).
        const bool postgres = file.startsWith(u"postgresql://"_s);
        m_held = q.exec(postgres ? u"BEGIN"_s : u"BEGIN IMMEDIATE"_s)
                 && (!postgres || q.exec(u"SELECT pg_advisory_xact_lock(7464001)"_s));
        if (!m_held)
            m_error = q.lastError().text();
    }
    ~WriteLock()
    {
        release();
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool held() const { return m_held; }
    QString error() const { return m_error; }
    void release()
    {
        if (!m_held)
            return;
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        q.exec(u"ROLLBACK"_s);
        m_held = false;
    }

private:
    QString m_name;
    QString m_error;
    bool m_held = false;
};

// Direct SQL on the server's database file (WAL mode lets reads run beside the
// server). `write` opens it read-write: for simulating tampering only.
class SqlFile
{
public:
    explicit SqlFile(QString file, bool write = false)
        : m_file(std::move(file))
        , m_write(write)
    {}

    // Runs `sql`; calls `read` with the executed query. False (with lastError()) on failure.
    bool run(const QString &sql, const QVariantList &values = {},
             const std::function<void(QSqlQuery &)> &read = {}) const
    {
        const QString name = u"security-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
        bool ok = false;
        {
            QSqlDatabase db = openTestDatabase(name, m_file, !m_write, &m_lastError);
            if (db.isValid()) {
                {
                    QSqlQuery q(db);
                    q.prepare(sql);
                    for (const QVariant &v : values)
                        q.addBindValue(v);
                    ok = q.exec();
                    if (!ok)
                        m_lastError = q.lastError().text();
                    else if (read)
                        read(q);
                } // the statement is freed before its connection closes
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(name);
        return ok;
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

    // The first column of the first row, or an invalid QVariant.
    QVariant scalar(const QString &sql, const QVariantList &values = {}) const
    {
        QVariant result;
        run(sql, values, [&](QSqlQuery &q) {
            if (q.next())
                result = q.value(0);
        });
        return result;
    }

    // Rows changed by an UPDATE or DELETE, or -1.
    int change(const QString &sql, const QVariantList &values = {}) const
    {
        int affected = -1;
        run(sql, values, [&](QSqlQuery &q) { affected = q.numRowsAffected(); });
        return affected;
    }

    QString lastError() const { return m_lastError; }

private:
    QString m_file;
    bool m_write;
    mutable QString m_lastError;
};

} // namespace td::test::security
