#pragma once

#include "ApiCall.h"
#include "TelemetryReport.h"

#include <QMap>

#include <functional>

class QObject;

namespace OrderDesk {

class Engine;

// What the API tells about the service itself (SPEC §4): quotes without executing, the wallet,
// the queue's figures, health, Prometheus metrics.
class ServiceRoutes
{
public:
    // `responsesByStatus` is the server's count of responses sent and `serverFigures` its
    // telemetry, read when metrics are asked.
    ServiceRoutes(Engine &engine, QObject *context, std::function<int()> webSocketClients,
                  const QMap<int, qint64> &responsesByStatus,
                  std::function<TelemetryReport::ServerFigures()> serverFigures)
        : m_engine(engine), m_context(context), m_webSocketClients(std::move(webSocketClients)),
          m_responsesByStatus(responsesByStatus), m_serverFigures(std::move(serverFigures))
    {
    }

    Result quotes(const Call &call);
    Result queueMetrics(const Call &call);
    Result wallet(const Call &call);  // GET /api/wallet
    Result health(const Call &call);
    Result metrics(const Call &call);
    Result index(const Call &call);   // GET /: what this is and where its documentation is
    Result openApi(const Call &call); // GET /api/openapi.json

private:
    Engine &m_engine;
    QObject *m_context;
    std::function<int()> m_webSocketClients;
    const QMap<int, qint64> &m_responsesByStatus;
    std::function<TelemetryReport::ServerFigures()> m_serverFigures;
};

} // namespace OrderDesk
