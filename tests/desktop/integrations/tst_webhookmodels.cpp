#include "integrations/DeliveriesModel.h"
#include "integrations/WebhooksModel.h"
#include "net/ApiClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::ApiError;
using td::DeliveriesModel;
using td::Webhook;
using td::WebhookDelivery;
using td::WebhooksModel;

namespace {

QJsonObject webhookJson(qint64 id = 7)
{
    return QJsonObject{{u"id"_s, id},
                       {u"project"_s, u"NCT007"_s},
                       {u"url"_s, u"https://relay.example.org/hook"_s},
                       {u"eventTypes"_s, QJsonArray{u"submission.stored"_s}},
                       {u"description"_s, u"SMS gateway"_s},
                       {u"enabled"_s, true},
                       {u"createdAt"_s, u"2026-12-03T08:00:00.000Z"_s},
                       {u"createdBy"_s, u"admin"_s},
                       {u"secretHint"_s, u"…a1b2"_s},
                       {u"counts"_s, QJsonObject{{u"pending"_s, 1}, {u"delivered"_s, 20}, {u"dead"_s, 2}}}};
}

QJsonObject deliveryJson(qint64 id, const QString &state = u"delivered"_s)
{
    return QJsonObject{{u"id"_s, id},
                       {u"webhookId"_s, 7},
                       {u"eventSeq"_s, 100 + id},
                       {u"eventType"_s, u"submission.stored"_s},
                       {u"state"_s, state},
                       {u"attempts"_s, 1},
                       {u"createdAt"_s, u"2026-12-03T08:00:01.000Z"_s},
                       {u"lastAttemptAt"_s, u"2026-12-03T08:00:01.200Z"_s},
                       {u"nextAttemptAt"_s, QJsonValue::Null},
                       {u"deliveredAt"_s, QJsonValue::Null},
                       {u"lastStatus"_s, 200},
                       {u"lastError"_s, QJsonValue::Null},
                       {u"lastLatencyMs"_s, 35}};
}

WebhookDelivery delivery(qint64 id, const QString &state = u"delivered"_s)
{
    ApiError error;
    return *ApiClient::deliveryFromJson(deliveryJson(id, state), &error);
}

} // namespace

// Issue #16: the desktop's reading of the webhook API's answers, and the two models
// of the Integrations page, with hand-made JSON (no server).
class TestWebhookModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsAWebhook();
    void refusesMalformedWebhooks_data();
    void refusesMalformedWebhooks();
    void readsADeliveryWithItsAttempts();
    void refusesMalformedDeliveries_data();
    void refusesMalformedDeliveries();
    void webhookRowsUpdateInPlace();
    void newDeliveriesKeepTheSelection();
    void deliveryStatesAreNamedAndColoured_data();
    void deliveryStatesAreNamedAndColoured();
};

void TestWebhookModels::readsAWebhook()
{
    ApiError error;
    const auto webhook = ApiClient::webhookFromJson(webhookJson(), &error);
    QVERIFY2(webhook, qPrintable(error.message));
    QCOMPARE(webhook->id, 7);
    QCOMPARE(webhook->projectCode, u"NCT007"_s);
    QCOMPARE(webhook->url, u"https://relay.example.org/hook"_s);
    QCOMPARE(webhook->eventTypes, QStringList{u"submission.stored"_s});
    QCOMPARE(webhook->enabled, true);
    QCOMPARE(webhook->pending, 1);
    QCOMPARE(webhook->delivered, 20);
    QCOMPARE(webhook->dead, 2);
    QCOMPARE(webhook->createdAt, QDateTime(QDate(2026, 12, 3), QTime(8, 0), Qt::UTC));
}

void TestWebhookModels::refusesMalformedWebhooks_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("id missing") << u"id"_s << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("id fractional") << u"id"_s << QJsonValue(1.5);
    QTest::newRow("id as text") << u"id"_s << QJsonValue(u"7"_s);
    QTest::newRow("id zero") << u"id"_s << QJsonValue(0);
    QTest::newRow("url not text") << u"url"_s << QJsonValue(3);
    QTest::newRow("url without scheme") << u"url"_s << QJsonValue(u"relay"_s);
    QTest::newRow("types not a list") << u"eventTypes"_s << QJsonValue(u"submission.stored"_s);
    QTest::newRow("type not text") << u"eventTypes"_s << QJsonValue(QJsonArray{1});
    QTest::newRow("enabled as text") << u"enabled"_s << QJsonValue(u"true"_s);
    QTest::newRow("bad createdAt") << u"createdAt"_s << QJsonValue(u"yesterday"_s);
    QTest::newRow("negative count") << u"counts"_s
                                    << QJsonValue(QJsonObject{{u"pending"_s, -1}, {u"delivered"_s, 0}, {u"dead"_s, 0}});
    QTest::newRow("count missing") << u"counts"_s << QJsonValue(QJsonObject{{u"pending"_s, 1}});
}

void TestWebhookModels::refusesMalformedWebhooks()
{
    QFETCH(QString, key);
    QFETCH(QJsonValue, value);
    QJsonObject json = webhookJson();
    if (value.isUndefined())
        json.remove(key);
    else
        json.insert(key, value);
    ApiError error;
    QVERIFY(!ApiClient::webhookFromJson(json, &error));
    QCOMPARE(error.code, u"malformed_answer"_s);
}

void TestWebhookModels::readsADeliveryWithItsAttempts()
{
    QJsonObject json = deliveryJson(5, u"dead"_s);
    json.insert(u"lastStatus"_s, QJsonValue::Null);
    json.insert(u"lastError"_s, u"connection refused"_s);
    json.insert(u"attemptLog"_s, QJsonArray{QJsonObject{{u"at"_s, u"2026-12-03T08:00:01.000Z"_s},
                                                        {u"status"_s, 500},
                                                        {u"latencyMs"_s, 12},
                                                        {u"error"_s, QJsonValue::Null}},
                                            QJsonObject{{u"at"_s, u"2026-12-03T08:00:03.000Z"_s},
                                                        {u"status"_s, QJsonValue::Null},
                                                        {u"latencyMs"_s, QJsonValue::Null},
                                                        {u"error"_s, u"connection refused"_s}}});
    ApiError error;
    const auto d = ApiClient::deliveryFromJson(json, &error);
    QVERIFY2(d, qPrintable(error.message));
    QCOMPARE(d->id, 5);
    QCOMPARE(d->webhookId, 7);
    QCOMPARE(d->eventSeq, 105);
    QCOMPARE(d->state, u"dead"_s);
    QVERIFY(!d->lastStatus);
    QCOMPARE(d->lastError, u"connection refused"_s);
    QCOMPARE(d->attemptLog.size(), 2);
    QCOMPARE(d->attemptLog.at(0).status, std::optional<int>(500));
    QCOMPARE(d->attemptLog.at(1).error, u"connection refused"_s);
    QVERIFY(!d->attemptLog.at(1).status);
}

void TestWebhookModels::refusesMalformedDeliveries_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("seq as text") << u"eventSeq"_s << QJsonValue(u"101"_s);
    QTest::newRow("state missing") << u"state"_s << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("attempts negative") << u"attempts"_s << QJsonValue(-1);
    QTest::newRow("status as text") << u"lastStatus"_s << QJsonValue(u"200"_s);
    QTest::newRow("bad lastAttemptAt") << u"lastAttemptAt"_s << QJsonValue(u"soon"_s);
    QTest::newRow("attempt log not a list") << u"attemptLog"_s << QJsonValue(QJsonObject{});
    QTest::newRow("attempt without time") << u"attemptLog"_s << QJsonValue(QJsonArray{QJsonObject{{u"status"_s, 200}}});
}

void TestWebhookModels::refusesMalformedDeliveries()
{
    QFETCH(QString, key);
    QFETCH(QJsonValue, value);
    QJsonObject json = deliveryJson(1);
    if (value.isUndefined())
        json.remove(key);
    else
        json.insert(key, value);
    ApiError error;
    QVERIFY(!ApiClient::deliveryFromJson(json, &error));
    QCOMPARE(error.code, u"malformed_answer"_s);
}

void TestWebhookModels::webhookRowsUpdateInPlace()
{
    ApiError error;
    Webhook first = *ApiClient::webhookFromJson(webhookJson(1), &error);
    Webhook second = *ApiClient::webhookFromJson(webhookJson(2), &error);
    second.eventTypes.clear();
    WebhooksModel model;
    QTableView view;
    view.setModel(&model);
    model.setWebhooks({first, second});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, WebhooksModel::EventsColumn).data().toString(), u"All events"_s);
    view.selectionModel()->setCurrentIndex(model.index(1, 0),
                                           QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    second.dead = 5;
    second.enabled = false;
    model.setWebhooks({first, second});
    QCOMPARE(reset.size(), 0);
    QCOMPARE(view.currentIndex().row(), 1);
    QCOMPARE(model.index(1, WebhooksModel::DeadColumn).data().toInt(), 5);
    QCOMPARE(model.index(1, WebhooksModel::EnabledColumn).data().toString(), u"Disabled"_s);

    model.setWebhooks({second}); // the first was deleted elsewhere
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(view.currentIndex().row(), 0);
    QCOMPARE(model.webhook(0).id, 2);
}

void TestWebhookModels::newDeliveriesKeepTheSelection()
{
    DeliveriesModel model;
    QTableView view;
    view.setModel(&model);
    model.setDeliveries({delivery(5, u"pending"_s), delivery(4), delivery(3), delivery(2)});
    view.selectionModel()->setCurrentIndex(model.index(1, 0),
                                           QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(model.delivery(1).id, 4);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // Two newer ones, 5 delivered now, and 2 fell out of the page.
    model.setDeliveries({delivery(7), delivery(6), delivery(5), delivery(4), delivery(3)});
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(model.rowCount(), 5);
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.delivery(row).id;
    QCOMPARE(ids, (QList<qint64>{7, 6, 5, 4, 3}));
    QCOMPARE(model.delivery(view.currentIndex().row()).id, 4);
    const QModelIndexList selected = view.selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(model.delivery(selected.first().row()).id, 4);
    QCOMPARE(model.index(2, DeliveriesModel::StateColumn).data().toString(), u"Delivered"_s);

    model.update(delivery(3, u"dead"_s));
    QCOMPARE(model.index(4, DeliveriesModel::StateColumn).data().toString(), u"Dead"_s);
}

void TestWebhookModels::deliveryStatesAreNamedAndColoured_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QColor>("colour");
    QTest::newRow("pending") << u"pending"_s << u"Pending"_s << QColor(0xa3, 0x5f, 0x00);
    QTest::newRow("delivered") << u"delivered"_s << u"Delivered"_s << QColor(0x1b, 0x7f, 0x3b);
    QTest::newRow("dead") << u"dead"_s << u"Dead"_s << QColor(0xb3, 0x26, 0x1e);
    QTest::newRow("a later state") << u"paused"_s << u"paused"_s << QColor(0x70, 0x70, 0x70);
}

void TestWebhookModels::deliveryStatesAreNamedAndColoured()
{
    QFETCH(QString, state);
    QFETCH(QString, name);
    QFETCH(QColor, colour);
    DeliveriesModel model;
    model.setDeliveries({delivery(1, state)});
    const QModelIndex cell = model.index(0, DeliveriesModel::StateColumn);
    QCOMPARE(cell.data().toString(), name);
    QCOMPARE(cell.data(Qt::ForegroundRole).value<QBrush>().color(), colour);
}

QTEST_MAIN(TestWebhookModels)
#include "tst_webhookmodels.moc"
