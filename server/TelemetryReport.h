#pragma once

#include <QtGlobal>

namespace OrderDesk {

class EngineTelemetry;
class LatencyHistogram;
class PrometheusWriter;

// The operator's telemetry in /metrics: latency histograms, failures by error code, retries,
// lease takeovers, dropped slow clients and the build (docs/METRICS.md lists them all).
namespace TelemetryReport {

struct ServerFigures
{
    const LatencyHistogram *submitResponse = nullptr; // submission to its 201
    qint64 droppedSlowClients = 0;
    qint64 leaseTakeovers = 0;
};

void write(PrometheusWriter &out, const EngineTelemetry &telemetry, const ServerFigures &server);

} // namespace TelemetryReport

} // namespace OrderDesk
