#include "WebhookDispatcher.h"

#include "Timestamps.h"
#include "Webhook.h"
#include "WebhookUrlPolicy.h"
#include "storage/EventStore.h"
#include "storage/SqlSession.h"
#include "storage/WebhookStore.h"

#include <QDateTime>
#include <QHostInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QRandomGenerator>
#include <sodium.h>

using namespace Qt::StringLiterals;

namespace td {

namespace {

Q_LOGGING_CATEGORY(lcWebhooks, "trialdesk.webhooks")

constexpr int kFanOutWebhooks = 50;    // webhooks per fan-out transaction
constexpr qint64 kFanOutEvents = 5000; // events looked at per webhook and transaction
constexpr int kFlushOutcomes = 64;     // attempts recorded per transaction at most
constexpr int kFlushDelayMs = 20;      // ... or after this long
constexpr int kMaxErrorLength = 200;

// A delivery's lease: long enough for it to wait in the local queue and take its
// full timeout, short enough that a delivery of a killed process is sent again soon.
qint64 leaseMs(int timeoutMs)
{
    return qint64(timeoutMs) * 2 + 30'000;
}

} // namespace

WebhookDispatcher::WebhookDispatcher(SessionFactory factory, const WebhookUrlPolicy &policy, Options options,
                                     QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
    , m_policy(policy)
    , m_options(options)
{
    m_poll.setInterval(m_options.pollMs);
    connect(&m_poll, &QTimer::timeout, this, &WebhookDispatcher::work);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushDelayMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &WebhookDispatcher::flushOutcomes);
}

WebhookDispatcher::~WebhookDispatcher()
{
    // What was answered is recorded; what is still in flight keeps its lease and is
    // sent again (by the next start, or another instance once the lease runs out).
    flushOutcomes();
    delete m_network;
}

void WebhookDispatcher::start()
{
    m_network = new QNetworkAccessManager(this);
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    if (ensureSession() && m_session->dialect().kind == SqlDialect::Kind::SQLite) {
        // SQLite has one instance (the data directory lock): a lease left behind is a
        // killed process's, and nobody else is sending it.
        try {
            WebhookStore::clearLeases(*m_session);
        } catch (const std::exception &e) {
            dropSessionOnFailure("clearing leases", e);
        }
    }
    m_poll.start();
    wake();
}

void WebhookDispatcher::wake()
{
    QMetaObject::invokeMethod(this, [this] {
        if (m_workQueued)
            return;
        m_workQueued = true;
        QMetaObject::invokeMethod(this, &WebhookDispatcher::work, Qt::QueuedConnection);
    });
}

bool WebhookDispatcher::ensureSession()
{
    if (m_session)
        return true;
    try {
        m_session = m_factory(u"td-webhooks"_s);
    } catch (const std::exception &e) {
        qCWarning(lcWebhooks, "cannot open the webhook dispatcher's connection: %s", e.what());
    }
    return m_session != nullptr;
}

void WebhookDispatcher::dropSessionOnFailure(const char *what, const std::exception &e)
{
    qCWarning(lcWebhooks, "webhooks: %s failed: %s", what, e.what());
    try {
        m_session->execRaw(u"ROLLBACK"_s);
    } catch (...) { // NOLINT(bugprone-empty-catch): the connection may be gone already
    }
    // Opened again at the next tick: a restarted PostgreSQL needs a new connection.
    m_session.reset();
}

void WebhookDispatcher::work()
{
    m_workQueued = false;
    if (!ensureSession())
        return;
    if (fanOut())
        wake();
    fill();
}

bool WebhookDispatcher::fanOut()
{
    bool more = false;
    try {
        // Cheap when there is nothing to do: one read of the counter, one of the cursors.
        const qint64 head = EventStore::lastSeq(*m_session);
        m_session->execRaw(m_session->dialect().beginWrite());
        const QList<WebhookStore::FanOutTarget> targets = WebhookStore::lockBehind(*m_session, head, kFanOutWebhooks);
        const QString now = formatTimestamp(QDateTime::currentDateTimeUtc());
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        for (const WebhookStore::FanOutTarget &t : targets) {
            const qint64 upTo = std::min(head, t.cursorSeq + kFanOutEvents);
            // A disabled webhook is not sent what happens meanwhile: its cursor moves on.
            if (t.enabled) {
                for (const WebhookStore::EventRef &e :
                     WebhookStore::eventsOf(*m_session, t.projectCode, t.cursorSeq, upTo)) {
                    if (t.eventTypes.isEmpty() || t.eventTypes.contains(e.type))
                        WebhookStore::insertDelivery(*m_session, t.id, e, now, nowMs);
                }
            }
            WebhookStore::setCursor(*m_session, t.id, upTo);
            more = more || upTo < head;
        }
        more = more || targets.size() == kFanOutWebhooks;
        m_session->execRaw(u"COMMIT"_s);
    } catch (const std::exception &e) {
        dropSessionOnFailure("fan-out", e);
        return false;
    }
    return more;
}

void WebhookDispatcher::fill()
{
    const int room = m_options.maxInFlight * 2 - int(m_queue.size()) - m_inFlight;
    if (room >= m_options.maxInFlight && m_session) {
        try {
            const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
            m_session->execRaw(m_session->dialect().beginWrite());
            QList<WebhookStore::Job> jobs =
                WebhookStore::claim(*m_session, nowMs, nowMs + leaseMs(m_options.timeoutMs), room);
            m_session->execRaw(u"COMMIT"_s);
            for (WebhookStore::Job &job : jobs)
                m_queue.push_back(std::move(job));
        } catch (const std::exception &e) {
            dropSessionOnFailure("claiming deliveries", e);
        }
    }
    while (m_inFlight < m_options.maxInFlight && !m_queue.empty()) {
        WebhookStore::Job job = std::move(m_queue.front());
        m_queue.erase(m_queue.begin());
        ++m_inFlight;
        send(job);
    }
}

void WebhookDispatcher::send(const WebhookStore::Job &job)
{
    const QUrl url(job.url, QUrl::StrictMode);
    const QString refused = m_policy.refusalOfForm(url);
    if (!refused.isEmpty()) {
        finish(job, std::nullopt, 0, u"refused: "_s + refused);
        return;
    }
    // Resolved here and checked, and the request goes to the address checked: a DNS
    // answer that changes after the check cannot point it elsewhere.
    const QString host = url.host();
    QHostInfo::lookupHost(host, this, [this, job, url, host](const QHostInfo &info) {
        const QList<QHostAddress> addresses =
            info.error() == QHostInfo::NoError ? info.addresses() : QList<QHostAddress>();
        const QString why = m_policy.refusalOfAddresses(host, addresses);
        if (!why.isEmpty()) {
            finish(job, std::nullopt, 0, u"refused: "_s + why);
            return;
        }
        QUrl target = url;
        target.setHost(addresses.first().toString());
        post(job, target, host);
    });
}

void WebhookDispatcher::post(const WebhookStore::Job &job, const QUrl &target, const QString &host)
{
    const int attempt = job.attempts + 1;
    const QByteArray seq = QByteArray::number(job.event.seq);
    const QJsonObject payload{{u"id"_s, QString::number(job.event.seq)},
                              {u"event"_s, job.event.toJson()},
                              {u"deliveryId"_s, job.deliveryId},
                              {u"attempt"_s, attempt}};
    const QByteArray body = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    QNetworkRequest request(target);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    // The name, not the address connected to: virtual hosts and TLS (SNI, the
    // certificate check through setPeerVerifyName) see the host of the webhook's URL.
    QString hostHeader = host.contains(u':') ? u'[' + host + u']' : host;
    if (target.port(-1) >= 0)
        hostHeader += u':' + QString::number(target.port());
    request.setRawHeader("Host", hostHeader.toUtf8());
    request.setPeerVerifyName(host);
    request.setRawHeader("User-Agent", "TrialDesk-Webhooks/1");
    request.setRawHeader("TrialDesk-Event-Id", seq);
    request.setRawHeader("TrialDesk-Delivery", QByteArray::number(job.deliveryId));
    request.setRawHeader("TrialDesk-Signature", signature(job.secret, QDateTime::currentSecsSinceEpoch(), body));
    request.setTransferTimeout(m_options.timeoutMs);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, job, timer] {
        reply->deleteLater();
        const QVariant code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        std::optional<int> status;
        if (code.isValid())
            status = code.toInt();
        QString error;
        if (!status)
            error = reply->error() == QNetworkReply::OperationCanceledError
                        ? u"timed out"_s
                        : reply->errorString().left(kMaxErrorLength);
        else if (*status < 200 || *status > 299)
            error = u"HTTP %1"_s.arg(*status);
        finish(job, status, int(timer.elapsed()), error);
    });
}

void WebhookDispatcher::finish(const WebhookStore::Job &job, std::optional<int> status, int latencyMs,
                               const QString &error)
{
    --m_inFlight;
    const int attempt = job.attempts + 1;
    WebhookStore::Outcome o;
    o.deliveryId = job.deliveryId;
    o.at = QDateTime::currentDateTimeUtc();
    o.status = status;
    o.latencyMs = latencyMs;
    o.error = error;
    if (status && *status >= 200 && *status <= 299) {
        o.state = WebhookDelivery::Delivered;
    } else if (attempt >= m_options.maxAttempts) {
        o.state = WebhookDelivery::Dead;
    } else {
        // Exponential backoff with full jitter: anywhere up to base * 2^(attempt-1),
        // capped, so receivers coming back are not hit by every sender at once.
        const qint64 ceiling =
            std::min<qint64>(m_options.retryCapMs, qint64(m_options.retryBaseMs) << std::min(attempt - 1, 30));
        o.state = WebhookDelivery::Pending;
        o.nextAttemptMs = o.at.toMSecsSinceEpoch() + qint64(QRandomGenerator::global()->bounded(double(ceiling) + 1));
    }
    m_outcomes.push_back(std::move(o));
    if (int(m_outcomes.size()) >= kFlushOutcomes)
        flushOutcomes();
    else if (!m_flushTimer.isActive())
        m_flushTimer.start();
    fill();
}

void WebhookDispatcher::flushOutcomes()
{
    m_flushTimer.stop();
    if (m_outcomes.empty() || !ensureSession())
        return;
    try {
        m_session->execRaw(m_session->dialect().beginWrite());
        for (const WebhookStore::Outcome &o : m_outcomes)
            WebhookStore::recordAttempt(*m_session, o);
        m_session->execRaw(u"COMMIT"_s);
        m_outcomes.clear();
    } catch (const std::exception &e) {
        // Kept and recorded at the next flush; their leases keep them from being sent meanwhile.
        dropSessionOnFailure("recording attempts", e);
        m_flushTimer.start();
    }
}

QByteArray WebhookDispatcher::signature(const QString &secret, qint64 unixSeconds, const QByteArray &body)
{
    const QByteArray key = secret.toUtf8();
    const QByteArray t = QByteArray::number(unixSeconds);
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char *>(key.constData()), size_t(key.size()));
    const QByteArray prefix = t + '.';
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char *>(prefix.constData()),
                                  quint64(prefix.size()));
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char *>(body.constData()),
                                  quint64(body.size()));
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_final(&state, mac);
    const QByteArray hex = QByteArray(reinterpret_cast<const char *>(mac), sizeof mac).toHex();
    return "t=" + t + ",v1=" + hex;
}

} // namespace td
