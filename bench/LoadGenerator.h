#pragma once

#include "BenchOptions.h"
#include "BenchResults.h"
#include "ProcessProbe.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>
#include <unordered_map>
#include <vector>

QT_BEGIN_NAMESPACE
class QWebSocket;
QT_END_NAMESPACE

namespace OrderDeskBench {

class HttpConnection;

// Submits the orders through `concurrency` submitters and follows each order to its terminal
// status, on a stream of its own or on the one /ws firehose. Emits finished() once every order
// is resolved (terminal, refused, or its stream lost) or the timeout hit; result() has the data.
class LoadGenerator : public QObject
{
    Q_OBJECT

public:
    explicit LoadGenerator(BenchOptions options, QObject *parent = nullptr);
    ~LoadGenerator() override;

    void start();
    const RunData &result() const { return m_data; }
    QString fatalError() const { return m_fatal; }

Q_SIGNALS:
    void finished();

private:
    struct Submitter
    {
        HttpConnection *connection = nullptr;
        qint64 submitNs = -1; // of the order in flight (first POST, kept across 429 retries)
        bool busy = false;
    };
    struct Tracked
    {
        OrderRecord record;
        int submitter = -1; // who waits for it (closed loop)
        qint64 lastSeq = 0;
        bool resolved = false;
        bool lost = false;
    };

    void begin();
    void submitNext(int submitter);
    void post(int submitter);
    void onResponse(int submitter, int status, const QByteArray &body, const QString &error);
    void openStream(const QString &orderId);
    void onStreamClosed(QWebSocket *socket, const QString &orderId);
    void onMessage(const QString &text);
    void onWatcherMessage(const QString &text);
    // Opens a /ws connection that must stay open for the whole run; `connected` counts down the
    // connections begin() waits for.
    QWebSocket *openFirehose(const char *what);
    void markTerminal(Tracked &order, const QString &status, qint64 nowNs, bool fromSnapshot);
    void resolve(Tracked &order);
    void checkDone();
    void finish(bool timedOut);
    qint64 nowNs() const { return m_clock.nsecsElapsed(); }

    BenchOptions m_options;
    QByteArray m_body;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QElapsedTimer m_clock;
    QTimer m_timeout;
    std::vector<Submitter> m_submitters;
    std::unordered_map<QString, Tracked> m_orders; // references stay valid on insertion
    QWebSocket *m_firehose = nullptr;
    std::vector<QWebSocket *> m_watchers;
    int m_connecting = 0; // /ws connections begin() still waits for
    int m_nextOrder = 0;
    int m_resolved = 0;
    bool m_running = false;
    bool m_done = false;
    QString m_fatal;
    RunData m_data;
    ProcessProbe m_serverBefore;
    double m_clientCpuBefore = 0;
    QList<double> m_auxBefore;
    double m_machineBefore = -1;
    qint64 m_beginNs = 0;
};

} // namespace OrderDeskBench
