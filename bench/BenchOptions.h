#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <optional>

namespace OrderDeskBench {

// What one run of orderdesk-bench does. Filled from the command line by parse().
struct BenchOptions
{
    QUrl url;             // http://127.0.0.1:PORT (loopback only)
    int orders = 2000;    // orders to submit in all
    int concurrency = 50; // concurrent submitters
    QString tokenIn = QStringLiteral("SOL");
    QString tokenOut = QStringLiteral("USDC");
    QString amount = QStringLiteral("0.1");
    QString token;           // Bearer token for the POSTs (and the streams)
    bool json = false;       // machine-readable result on stdout
    bool firehose = false;   // one /ws connection for all orders instead of one per order
    bool pipeline = false;   // a submitter does not wait for its order to finish
    int watchers = 0;        // extra /ws firehose connections that only measure delivery
    int rate = 0;            // orders per second at most, over all submitters (0: as fast as they go)
    int sourceAddresses = 1; // spread the HTTP connections over 127.0.0.1..127.0.0.N
    qint64 serverPid = 0;    // read the server's VmHWM and CPU time from /proc
    QList<QPair<QString, qint64>> auxPids; // name=PID: other processes whose CPU time to report
    int timeoutSec = 120;                  // the run ends after this, finished or not
    QString label; // free text copied into the result (backend, settings...)
    // Where to count executions after the run: an orderdesk-market, or the in-process market's
    // ledger file. Neither: no execution count.
    QUrl marketUrl;
    QString ledgerFile;

    // nullopt and `error` set for bad options; `exitNow` for --help / --version.
    static std::optional<BenchOptions> parse(const QStringList &arguments, QString *error,
                                             bool *exitNow);
};

} // namespace OrderDeskBench
