#pragma once

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>

#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace OrderDesk {

class LocalMarket;

// orderdesk-market's HTTP face (SPEC §8): a LocalMarket behind Solana-shaped JSON-RPC (POST /rpc),
// Jupiter-shaped quotes (GET /quote), the audit trail (GET /ledger), the pools' state for
// RemoteMarket's mirror (GET /pools), GET /health and, with simControl, POST /sim/launch and
// POST /sim/price.
//
// Lives on the thread that constructs it (QHttpServer 6.4 must be made on its thread); handlers
// run there. A quote waits its venue latency on a timer, never by blocking that thread.
class MarketService : public QObject
{
    Q_OBJECT

public:
    MarketService(LocalMarket &market, bool simControl, QObject *parent = nullptr);
    ~MarketService() override;

    // The bound port (port 0 picks one); 0 and `error` set on failure.
    quint16 listen(const QHostAddress &address, quint16 port, QString *error);

    // One JSON-RPC 2.0 request object handled as POST /rpc would: public for tests and reuse.
    QJsonObject handleRpc(const QJsonObject &request);

private:
    void addRoutes();
    void route(const QString &path, const char *method,
               void (MarketService::*handler)(const QHttpServerRequest &, QHttpServerResponder &&));

    void quote(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void rpc(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void ledger(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void pools(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void health(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void simLaunch(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void simPrice(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    QJsonValue rpcResult(const QString &method, const QJsonArray &params, QJsonObject *error);

    LocalMarket &m_market;
    const bool m_simControl;
    std::unique_ptr<QHttpServer> m_http;
};

} // namespace OrderDesk
