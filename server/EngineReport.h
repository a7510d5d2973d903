#pragma once

#include "ApiError.h"
#include "Engine.h"

#include <QJsonObject>

#include <variant>

namespace OrderDesk {

class PrometheusWriter;

// The engine's figures as /api/queue/metrics, /health and /metrics show them. They come from the
// engine's background snapshot, so none of this waits for a backend; figures a backend did not
// give recently are refused (503) or left out, never shown as zeros.
namespace EngineReport {

// The /api/queue/metrics body, or the 503 to answer when the queue's or the store's figures
// are not recent.
std::variant<QJsonObject, ApiError> queueMetrics(const EngineMetrics &metrics);

bool allUp(const ComponentHealth &health);
// The /health body: each component's state, backend and how long ago it was checked.
// `stopping`: the engine is draining for a shutdown (status "stopping").
QJsonObject health(const ComponentHealth &health, bool acceptingOrders, bool stopping, int webSocketClients);

// The engine's metric families for /metrics (the HTTP counters are the server's to add).
// Unknown backend figures are left out; orderdesk_component_up says why.
void writeMetrics(PrometheusWriter &out, const EngineMetrics &metrics,
                  const ComponentHealth &health, int webSocketClients);

} // namespace EngineReport

} // namespace OrderDesk
