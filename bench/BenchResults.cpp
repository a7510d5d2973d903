#include "BenchResults.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>

namespace OrderDeskBench {

namespace {

// Nearest-rank percentile of sorted values.
double percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto rank = size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

QJsonObject distribution(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    double sum = 0;
    for (double v : values)
        sum += v;
    return QJsonObject{
        {QStringLiteral("count"), qint64(values.size())},
        {QStringLiteral("mean"), values.empty() ? 0.0 : sum / double(values.size())},
        {QStringLiteral("p50"), percentile(values, 50)},
        {QStringLiteral("p90"), percentile(values, 90)},
        {QStringLiteral("p99"), percentile(values, 99)},
        {QStringLiteral("max"), values.empty() ? 0.0 : values.back()},
    };
}

QString fmt(double v, int decimals = 1)
{
    return QString::number(v, 'f', decimals);
}

QString line(const QString &name, const QJsonObject &d, const QString &unit = QStringLiteral("ms"))
{
    return QStringLiteral("  %1 p50 %2 / p90 %3 / p99 %4 / max %5 %6 (mean %7, n=%8)\n")
        .arg(name, -28)
        .arg(fmt(d[QStringLiteral("p50")].toDouble()), fmt(d[QStringLiteral("p90")].toDouble()),
             fmt(d[QStringLiteral("p99")].toDouble()), fmt(d[QStringLiteral("max")].toDouble()),
             unit, fmt(d[QStringLiteral("mean")].toDouble()))
        .arg(d[QStringLiteral("count")].toInteger());
}

} // namespace

QJsonObject BenchResults::toJson(const RunData &data)
{
    const BenchOptions &o = data.options;
    std::vector<double> submitToTerminal, submitToConfirmed, submitToAccepted, acceptedToStreamOpen;
    // The server-side stages, from consecutive `ts` values of the same order.
    const QList<QPair<QString, QPair<QString, QString>>> stages = {
        {QStringLiteral("queued (pending->routing)"),
         {QStringLiteral("pending"), QStringLiteral("routing")}},
        {QStringLiteral("routing->building"),
         {QStringLiteral("routing"), QStringLiteral("building")}},
        {QStringLiteral("building->submitted"),
         {QStringLiteral("building"), QStringLiteral("submitted")}},
        {QStringLiteral("submitted->confirmed"),
         {QStringLiteral("submitted"), QStringLiteral("confirmed")}},
        {QStringLiteral("pending->confirmed"),
         {QStringLiteral("pending"), QStringLiteral("confirmed")}},
    };
    std::vector<std::vector<double>> stageValues(stages.size());
    QMap<QString, int> byTerminal;
    int unfinished = 0;
    QJsonArray unfinishedSample; // which orders, to look them up on the server
    for (const OrderRecord &order : data.orders) {
        if (order.acceptedNs >= 0)
            submitToAccepted.push_back((order.acceptedNs - order.submitNs) / 1e6);
        if (order.acceptedNs >= 0 && order.streamOpenNs >= 0)
            acceptedToStreamOpen.push_back((order.streamOpenNs - order.acceptedNs) / 1e6);
        if (order.terminalNs < 0) {
            ++unfinished;
            if (unfinishedSample.size() < 10) {
                unfinishedSample.append(QJsonObject{
                    {QStringLiteral("orderId"), order.id},
                    {QStringLiteral("lastStatus"), order.lastStatus},
                    {QStringLiteral("lastSeq"), order.lastSeq},
                    {QStringLiteral("acceptedAgoSec"), data.endNs > 0 && order.acceptedNs >= 0
                                                           ? (data.endNs - order.acceptedNs) / 1e9
                                                           : -1.0}});
            }
            continue;
        }
        ++byTerminal[order.terminalStatus];
        const double ms = (order.terminalNs - order.submitNs) / 1e6;
        submitToTerminal.push_back(ms);
        if (order.terminalStatus == QLatin1String("confirmed"))
            submitToConfirmed.push_back(ms);
        for (int i = 0; i < stages.size(); ++i) {
            const auto from = order.statusTsMs.constFind(stages[i].second.first);
            const auto to = order.statusTsMs.constFind(stages[i].second.second);
            if (from != order.statusTsMs.cend() && to != order.statusTsMs.cend())
                stageValues[size_t(i)].push_back(double(to.value() - from.value()));
        }
    }

    const int finished = int(submitToTerminal.size());
    // Terminal events per second of the run: a stall or a slow-down as tables grow shows here.
    QJsonArray perSecond;
    if (data.firstSubmitNs >= 0) {
        std::vector<int> buckets;
        for (const OrderRecord &order : data.orders) {
            if (order.terminalNs < 0)
                continue;
            const auto second = size_t((order.terminalNs - data.firstSubmitNs) / 1'000'000'000);
            if (buckets.size() <= second)
                buckets.resize(second + 1, 0);
            ++buckets[second];
        }
        for (int count : buckets)
            perSecond.append(count);
    }
    const double spanSec = (data.firstSubmitNs >= 0 && data.lastTerminalNs > data.firstSubmitNs)
                               ? (data.lastTerminalNs - data.firstSubmitNs) / 1e9
                               : 0.0;
    QJsonObject terminal;
    for (auto it = byTerminal.cbegin(); it != byTerminal.cend(); ++it)
        terminal.insert(it.key(), it.value());
    QJsonObject errors;
    int errorCount = 0;
    for (auto it = data.httpErrors.cbegin(); it != data.httpErrors.cend(); ++it) {
        errors.insert(it.key(), it.value());
        errorCount += it.value();
    }
    QJsonObject stageJson;
    for (int i = 0; i < stages.size(); ++i)
        stageJson.insert(stages[i].first, distribution(stageValues[size_t(i)]));

    QJsonObject report{
        {QStringLiteral("label"), o.label},
        {QStringLiteral("settings"),
         QJsonObject{{QStringLiteral("url"), o.url.toString()},
                     {QStringLiteral("orders"), o.orders},
                     {QStringLiteral("concurrency"), o.concurrency},
                     {QStringLiteral("pair"), o.tokenIn + QLatin1Char('/') + o.tokenOut},
                     {QStringLiteral("amount"), o.amount},
                     {QStringLiteral("streams"), o.firehose ? QStringLiteral("firehose /ws")
                                                            : QStringLiteral("one per order")},
                     {QStringLiteral("loop"),
                      o.pipeline ? QStringLiteral("open (pipeline)") : QStringLiteral("closed")},
                     {QStringLiteral("sourceAddresses"), o.sourceAddresses},
                     {QStringLiteral("watchers"), o.watchers},
                     {QStringLiteral("rate"), o.rate},
                     {QStringLiteral("timeoutSec"), o.timeoutSec}}},
        {QStringLiteral("submitted"), data.submitted},
        {QStringLiteral("accepted"), qint64(data.orders.size())},
        {QStringLiteral("finished"), finished},
        {QStringLiteral("unfinished"), unfinished},
        {QStringLiteral("unfinishedSample"), unfinishedSample},
        {QStringLiteral("timedOut"), data.timedOut},
        {QStringLiteral("terminal"), terminal},
        {QStringLiteral("httpErrors"), errorCount},
        {QStringLiteral("httpErrorsByKind"), errors},
        {QStringLiteral("streamsLost"), data.streamsLost},
        {QStringLiteral("spanSec"), spanSec},
        {QStringLiteral("finishedPerSecond"), perSecond},
        {QStringLiteral("httpRequestsPerSec"),
         data.lastResponseNs > data.firstSubmitNs && data.firstSubmitNs >= 0
             ? data.submitted / ((data.lastResponseNs - data.firstSubmitNs) / 1e9)
             : 0.0},
        {QStringLiteral("ordersPerSec"), spanSec > 0 ? finished / spanSec : 0.0},
        {QStringLiteral("submitToAcceptedMs"), distribution(submitToAccepted)},
        {QStringLiteral("acceptedToStreamOpenMs"), distribution(acceptedToStreamOpen)},
        {QStringLiteral("submitToConfirmedMs"), distribution(submitToConfirmed)},
        {QStringLiteral("submitToTerminalMs"), distribution(submitToTerminal)},
        {QStringLiteral("eventDeliveryMs"), distribution(data.deliveryMs)},
        {QStringLiteral("watcherDeliveryMs"), distribution(data.watcherDeliveryMs)},
        {QStringLiteral("liveEvents"), data.liveEvents},
        {QStringLiteral("snapshotEvents"), data.snapshotEvents},
        {QStringLiteral("seqGaps"), data.seqGaps},
        {QStringLiteral("serverStagesMs"), stageJson},
        {QStringLiteral("clientCpuSec"), data.clientCpuSec},
        {QStringLiteral("wallSec"), data.wallSec},
        {QStringLiteral("machineBusySec"), data.machineBusySec},
        {QStringLiteral("machineCores"),
         data.wallSec > 0 && data.machineBusySec >= 0 ? data.machineBusySec / data.wallSec : -1.0},
        {QStringLiteral("loadAvgBefore"), data.loadBefore},
        {QStringLiteral("loadAvgAfter"), data.loadAfter},
    };
    if (!data.server.isEmpty())
        report.insert(QStringLiteral("server"), data.server);
    if (!data.aux.isEmpty())
        report.insert(QStringLiteral("auxCpuSec"), data.aux);
    return report;
}

QString BenchResults::toText(const QJsonObject &r)
{
    const QJsonObject s = r[QStringLiteral("settings")].toObject();
    QString text;
    if (!r[QStringLiteral("label")].toString().isEmpty())
        text += QStringLiteral("run: %1\n").arg(r[QStringLiteral("label")].toString());
    text += QStringLiteral(
                "orders %1, concurrency %2, %3 %4, streams: %5, loop: %6, source addresses %7\n")
                .arg(s[QStringLiteral("orders")].toInt())
                .arg(s[QStringLiteral("concurrency")].toInt())
                .arg(s[QStringLiteral("amount")].toString(), s[QStringLiteral("pair")].toString(),
                     s[QStringLiteral("streams")].toString(), s[QStringLiteral("loop")].toString())
                .arg(s[QStringLiteral("sourceAddresses")].toInt());
    text += QStringLiteral("submitted %1, accepted %2, finished %3, unfinished %4%5\n")
                .arg(r[QStringLiteral("submitted")].toInt())
                .arg(r[QStringLiteral("accepted")].toInt())
                .arg(r[QStringLiteral("finished")].toInt())
                .arg(r[QStringLiteral("unfinished")].toInt())
                .arg(r[QStringLiteral("timedOut")].toBool() ? QStringLiteral(" (TIMED OUT)")
                                                            : QString());
    for (const QJsonValue &value : r[QStringLiteral("unfinishedSample")].toArray()) {
        const QJsonObject o = value.toObject();
        text += QStringLiteral(
                    "  unfinished: %1, last seen %2 (seq %3), accepted %4 s before the end\n")
                    .arg(o[QStringLiteral("orderId")].toString(),
                         o[QStringLiteral("lastStatus")].toString())
                    .arg(o[QStringLiteral("lastSeq")].toInteger())
                    .arg(fmt(o[QStringLiteral("acceptedAgoSec")].toDouble()));
    }
    QStringList terminal;
    const QJsonObject t = r[QStringLiteral("terminal")].toObject();
    for (auto it = t.begin(); it != t.end(); ++it)
        terminal << QStringLiteral("%1 %2").arg(it.key()).arg(it.value().toInt());
    text +=
        QStringLiteral("terminal: %1\n")
            .arg(terminal.isEmpty() ? QStringLiteral("none") : terminal.join(QStringLiteral(", ")));
    QStringList errors;
    const QJsonObject e = r[QStringLiteral("httpErrorsByKind")].toObject();
    for (auto it = e.begin(); it != e.end(); ++it)
        errors << QStringLiteral("%1 x%2").arg(it.key()).arg(it.value().toInt());
    if (r.contains(QStringLiteral("executions"))) {
        const QJsonObject e = r[QStringLiteral("executions")].toObject();
        text += QStringLiteral("executions in the market's ledger: %1 of %2 orders executed once; "
                               "executed twice or more %3, confirmed but not executed %4, executed "
                               "but not confirmed %5\n")
                    .arg(e[QStringLiteral("executedOnce")].toInt())
                    .arg(e[QStringLiteral("orders")].toInt())
                    .arg(e[QStringLiteral("executedTwiceOrMore")].toInt())
                    .arg(e[QStringLiteral("confirmedNotExecuted")].toInt())
                    .arg(e[QStringLiteral("executedNotConfirmed")].toInt());
    }
    text += QStringLiteral("http errors: %1%2; streams lost: %3\n")
                .arg(r[QStringLiteral("httpErrors")].toInt())
                .arg(errors.isEmpty() ? QString()
                                      : QStringLiteral(" (") + errors.join(QStringLiteral(", ")) +
                                            QLatin1Char(')'))
                .arg(r[QStringLiteral("streamsLost")].toInt());
    text +=
        QStringLiteral(
            "throughput: %1 orders/s (%2 finished in %3 s, first submit to last terminal event)\n")
            .arg(fmt(r[QStringLiteral("ordersPerSec")].toDouble()))
            .arg(r[QStringLiteral("finished")].toInt())
            .arg(fmt(r[QStringLiteral("spanSec")].toDouble(), 3));
    text += QStringLiteral("http: %1 POSTs answered per second (any status)\n")
                .arg(fmt(r[QStringLiteral("httpRequestsPerSec")].toDouble()));
    QStringList perSecond;
    for (const QJsonValue &value : r[QStringLiteral("finishedPerSecond")].toArray())
        perSecond << QString::number(value.toInt());
    if (!perSecond.isEmpty())
        text += QStringLiteral("finished per second: %1\n").arg(perSecond.join(QLatin1Char(' ')));
    text += QStringLiteral("latency (client clock):\n");
    text +=
        line(QStringLiteral("submit -> 201"), r[QStringLiteral("submitToAcceptedMs")].toObject());
    // One WebSocket per order (not the firehose): how long after its 201 the order's opened.
    if (const QJsonObject open = r[QStringLiteral("acceptedToStreamOpenMs")].toObject();
        open[QStringLiteral("count")].toInteger() > 0) {
        text += line(QStringLiteral("201 -> stream open"), open);
    }
    text += line(QStringLiteral("submit -> confirmed"),
                 r[QStringLiteral("submitToConfirmedMs")].toObject());
    text += line(QStringLiteral("submit -> any terminal"),
                 r[QStringLiteral("submitToTerminalMs")].toObject());
    text += line(QStringLiteral("event ts -> arrival"),
                 r[QStringLiteral("eventDeliveryMs")].toObject());
    if (r[QStringLiteral("settings")].toObject()[QStringLiteral("watchers")].toInt() > 0) {
        text += line(QStringLiteral("watchers: ts -> arrival"),
                     r[QStringLiteral("watcherDeliveryMs")].toObject());
    }
    text += QStringLiteral("  events: %1 live, %2 in snapshots, %3 seq gaps\n")
                .arg(r[QStringLiteral("liveEvents")].toInt())
                .arg(r[QStringLiteral("snapshotEvents")].toInt())
                .arg(r[QStringLiteral("seqGaps")].toInt());
    text += QStringLiteral("server stages (from event ts, ms resolution):\n");
    const QJsonObject stages = r[QStringLiteral("serverStagesMs")].toObject();
    for (const QString &name :
         {QStringLiteral("queued (pending->routing)"), QStringLiteral("routing->building"),
          QStringLiteral("building->submitted"), QStringLiteral("submitted->confirmed"),
          QStringLiteral("pending->confirmed")})
        text += line(name, stages[name].toObject());
    text += QStringLiteral("client CPU: %1 s over %2 s; load average %3 before, %4 after\n")
                .arg(fmt(r[QStringLiteral("clientCpuSec")].toDouble(), 2),
                     fmt(r[QStringLiteral("wallSec")].toDouble(), 2),
                     r[QStringLiteral("loadAvgBefore")].toString(),
                     r[QStringLiteral("loadAvgAfter")].toString());
    if (r.contains(QStringLiteral("server"))) {
        const QJsonObject server = r[QStringLiteral("server")].toObject();
        if (server.contains(QStringLiteral("error"))) {
            text += QStringLiteral("server: %1\n").arg(server[QStringLiteral("error")].toString());
        } else {
            const QJsonObject cpu = server[QStringLiteral("cpu")].toObject();
            text += QStringLiteral("server pid %1: peak RSS (VmHWM) %2 MiB, RSS at end %3 MiB\n")
                        .arg(server[QStringLiteral("pid")].toInteger())
                        .arg(fmt(server[QStringLiteral("peakRssKb")].toDouble() / 1024.0))
                        .arg(fmt(server[QStringLiteral("rssKb")].toDouble() / 1024.0));
            text += QStringLiteral("server CPU during the run: %1 s user + %2 s system = %3 cores; "
                                   "%4 ms CPU per order\n")
                        .arg(fmt(cpu[QStringLiteral("userSec")].toDouble(), 2),
                             fmt(cpu[QStringLiteral("systemSec")].toDouble(), 2),
                             fmt(cpu[QStringLiteral("cores")].toDouble(), 2),
                             fmt(server[QStringLiteral("cpuMsPerOrder")].toDouble(), 3));
            for (const QJsonValue &value : cpu[QStringLiteral("threadGroups")].toArray()) {
                const QJsonObject g = value.toObject();
                text +=
                    QStringLiteral("  thread %1 x%2: %3 s CPU, busiest one %4 % of the run\n")
                        .arg(g[QStringLiteral("name")].toString(), -18)
                        .arg(g[QStringLiteral("threads")].toInt())
                        .arg(fmt(g[QStringLiteral("cpuSec")].toDouble(), 2))
                        .arg(fmt(100.0 * g[QStringLiteral("busiestThreadUtilization")].toDouble()));
            }
        }
    }
    if (r[QStringLiteral("machineCores")].toDouble() >= 0) {
        text += QStringLiteral("whole machine during the run: %1 cores busy (all processes)\n")
                    .arg(fmt(r[QStringLiteral("machineCores")].toDouble(), 2));
    }
    const QJsonObject aux = r[QStringLiteral("auxCpuSec")].toObject();
    const double wall = r[QStringLiteral("wallSec")].toDouble();
    for (auto it = aux.begin(); it != aux.end(); ++it) {
        text += QStringLiteral("%1 CPU during the run: %2 s = %3 cores\n")
                    .arg(it.key(), fmt(it.value().toDouble(), 2),
                         fmt(wall > 0 ? it.value().toDouble() / wall : 0.0, 2));
    }
    return text;
}

} // namespace OrderDeskBench
