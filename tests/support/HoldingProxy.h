#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QRegularExpression>
#include <QString>
#include <QTcpServer>
#include <QUrl>
#include <memory>

class QTcpSocket;

namespace td::test {

// An HTTP/1.1 proxy, in the test's own thread, between a client under test and a
// real server (a TestServer), on a free loopback port. It forwards every request at
// once, but keeps the answers to requests the test chose (hold()) until the test
// releases them, so a test can make an old answer arrive after a newer one and know
// it did, instead of waiting a fixed time and hoping. Each request is one exchange,
// numbered in arrival order, whose state() says how far it got.
class HoldingProxy : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Forwarded, // sent to the server, no answer yet
        Held,      // answered by the server, kept here
        Delivered, // the answer was written to the client
        Abandoned, // the client closed the connection before getting the answer (an abort)
    };
    Q_ENUM(State)

    struct Exchange {
        QByteArray method;
        QString target; // path and query, as on the request line
        State state = State::Forwarded;
    };

    explicit HoldingProxy(QUrl upstream, QObject *parent = nullptr);
    ~HoldingProxy() override;

    bool listen();
    // The proxy's address with `pathAndQuery`: what the client under test talks to.
    QUrl url(const QString &pathAndQuery = {}) const;

    // From now on the answers to requests whose target matches `pattern` are held;
    // an empty pattern holds nothing new (held answers stay held).
    void hold(const QRegularExpression &pattern) { m_hold = pattern; }
    void holdNothing() { m_hold = QRegularExpression(); }
    // Writes the held answers to requests matching `pattern` to their clients, in
    // arrival order; returns how many. Answers whose client went away are dropped.
    int release(const QRegularExpression &pattern);

    QList<Exchange> exchanges() const { return m_exchanges; }
    // How many exchanges with a target matching `pattern` are in one of `states`.
    int count(const QRegularExpression &pattern, QList<State> states) const;
    // Runs the event loop until count(pattern, states) >= `atLeast` or the timeout.
    bool waitFor(const QRegularExpression &pattern, QList<State> states, int atLeast = 1, int timeoutMs = 30'000) const;
    // The exchanges for the failure message of a test.
    QString describe() const;

private:
    struct Connection;
    void accept();
    void readRequests(Connection *connection);
    void readAnswers(Connection *connection);
    void deliverReady(Connection *connection);
    void clientGone(Connection *connection);
    void upstreamGone(Connection *connection);

    QUrl m_upstream;
    QTcpServer m_server;
    QRegularExpression m_hold;
    QList<Exchange> m_exchanges;
    std::vector<std::unique_ptr<Connection>> m_connections;
};

} // namespace td::test
