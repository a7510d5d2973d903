#include "TelemetryReport.h"

#include "EngineTelemetry.h"
#include "PrometheusWriter.h"

namespace OrderDesk::TelemetryReport {

namespace {

using Type = PrometheusWriter::Type;

void writeCodes(PrometheusWriter &out, const QString &name, const QString &help,
                const CodeCounters &counters)
{
    out.family(name, help, Type::Counter);
    for (const auto &[code, count] : counters.counts())
        out.sample(name, qint64(count), {{QStringLiteral("code"), code}});
}

} // namespace

void write(PrometheusWriter &out, const EngineTelemetry &telemetry, const ServerFigures &server)
{
    out.family(QStringLiteral("orderdesk_build_info"),
               QStringLiteral("The running build: always 1, with its version and commit."),
               Type::Gauge);
    out.sample(QStringLiteral("orderdesk_build_info"), qint64(1),
               {{QStringLiteral("version"), QStringLiteral(ORDERDESK_VERSION)},
                {QStringLiteral("commit"), QStringLiteral(ORDERDESK_COMMIT)}});

    if (server.submitResponse) {
        const QString submit = QStringLiteral("orderdesk_order_submit_response_seconds");
        out.family(submit,
                   QStringLiteral("Time from a submission's arrival to its 201 answer (the order "
                                  "durably stored)."),
                   Type::Histogram);
        out.histogram(submit, server.submitResponse->snapshot());
    }

    const QString toStatus = QStringLiteral("orderdesk_order_status_latency_seconds");
    out.family(toStatus,
               QStringLiteral("Time from submission to each status of the market orders this "
                              "node processed; status=\"confirmed\" is submit to confirmed."),
               Type::Histogram);
    for (std::size_t i = 0; i < EngineTelemetry::TimedStatuses.size(); ++i) {
        out.histogram(toStatus, telemetry.timeToStatus(i).snapshot(),
                      {{QStringLiteral("status"), toString(EngineTelemetry::TimedStatuses[i])}});
    }

    const QString quote = QStringLiteral("orderdesk_market_quote_duration_seconds");
    out.family(quote, QStringLiteral("Round trip of one venue quote."), Type::Histogram);
    for (const Venue venue : {Venue::Raydium, Venue::Meteora}) {
        out.histogram(quote, telemetry.quoteRoundTrip(venue).snapshot(),
                      {{QStringLiteral("venue"), toString(venue).toLower()}});
    }
    const QString send = QStringLiteral("orderdesk_market_send_duration_seconds");
    out.family(send, QStringLiteral("Round trip of one swap transaction sent to the market."),
               Type::Histogram);
    out.histogram(send, telemetry.sendRoundTrip().snapshot());

    writeCodes(out, QStringLiteral("orderdesk_order_attempt_failures_total"),
               QStringLiteral("Failed attempts (retried or final) by error code."),
               telemetry.failedAttempts());
    writeCodes(out, QStringLiteral("orderdesk_order_failures_total"),
               QStringLiteral("Orders that ended failed, by the error code of their last attempt."),
               telemetry.failedOrders());
    out.counter(QStringLiteral("orderdesk_order_retries_total"),
                QStringLiteral("Attempts that failed and were scheduled for a retry."),
                qint64(telemetry.retries()));
    out.counter(QStringLiteral("orderdesk_lease_takeovers_total"),
                QStringLiteral("Orders this node took over after their owner's lease expired."),
                server.leaseTakeovers);
    out.counter(QStringLiteral("orderdesk_websocket_dropped_clients_total"),
                QStringLiteral("WebSocket clients dropped for reading too slowly."),
                server.droppedSlowClients);
}

} // namespace OrderDesk::TelemetryReport
