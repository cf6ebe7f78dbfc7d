#pragma once

#include "auth/Principal.h"

#include <QByteArray>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QList>
#include <QPair>
#include <QStringList>
#include <QUrlQuery>

namespace td {

// What a handler gets: a copy of the parts of QHttpServerRequest it may need.
// Handlers are coroutines that outlive the QHttpServerRequest, so nothing here
// refers back to it.
struct HttpRequest {
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Get;
    QString path;
    QUrlQuery query;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QStringList pathArgs; // values of the route's {placeholders}, in order
    QHostAddress remoteAddress;
    Principal principal; // who is calling; only meaningful on routes that need a role

    // Case-insensitive; empty when absent.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    // Fully percent-decoded; null QString when absent.
    QString queryValue(const QString &key) const;
};

} // namespace td
