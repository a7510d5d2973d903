#pragma once

#include "BenchOptions.h"

#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <vector>

namespace OrderDeskBench {

// What one order went through, as seen by the client.
struct OrderRecord
{
    QString id;
    qint64 submitNs = -1;   // monotonic: the POST was handed to the connection
    qint64 acceptedNs = -1; // monotonic: its 201 arrived
    qint64 streamOpenNs = -1; // monotonic: its own WebSocket was open (not with --firehose)
    qint64 terminalNs = -1; // monotonic: its terminal status arrived (event or snapshot)
    QString terminalStatus;
    bool terminalFromSnapshot = false; // it had finished before its stream was open
    QString lastStatus;                // the latest status seen (snapshot or event)
    qint64 lastSeq = 0;
    // The server's `ts` of each status (ms since the epoch), last attempt wins: where the
    // order's time went inside the engine.
    QHash<QString, qint64> statusTsMs;
};

// The raw observations of a run; BenchResults turns them into the report.
struct RunData
{
    BenchOptions options;
    std::vector<OrderRecord> orders; // every order that was answered 201
    int submitted = 0;               // POSTs sent
    QMap<QString, int> httpErrors;   // "429", "503", "connection: ..." -> count
    int streamsLost = 0;             // a stream closed or failed before the terminal status
    int liveEvents = 0;              // status frames received
    int snapshotEvents = 0;          // history entries received in snapshots
    int seqGaps = 0;                 // a status frame whose seq skipped one
    std::vector<double> deliveryMs;  // arrival wall time - event ts, per live status frame
    std::vector<double> watcherDeliveryMs; // the same, on every --watchers connection
    qint64 firstSubmitNs = -1;
    qint64 lastTerminalNs = -1;
    qint64 lastResponseNs = -1;      // the last HTTP answer (any status)
    qint64 endNs = -1; // when the run ended
    bool timedOut = false;
    double clientCpuSec = 0;       // this process, user + system, during the run
    double wallSec = 0;            // first submit to the end of the run
    QJsonObject server;            // peak RSS and CPU, when --server-pid was given
    double machineBusySec = -1;    // all processes on the machine, during the run
    QString loadBefore, loadAfter; // /proc/loadavg (1, 5, 15 min) at the start and the end
    QJsonObject aux;               // name -> CPU seconds during the run (--aux-pid)
};

class BenchResults
{
public:
    static QJsonObject toJson(const RunData &data);
    static QString toText(const QJsonObject &report);
};

} // namespace OrderDeskBench
