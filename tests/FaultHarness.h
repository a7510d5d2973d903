#pragma once

// Real processes for fault tests: a private Redis and PostgreSQL each test can stop, wipe and
// restart, an `orderdesk-market`, and `orderdesk --no-gui` nodes to SIGKILL, SIGSTOP and
// restart; plus the audit that counts executions in the market's ledger (never in our own
// rows) and compares them with what the nodes report.

#include <QtTest>

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>

#include <csignal>
#include <memory>
#include <sys/types.h>
#include <unistd.h>

namespace OrderDesk::FaultHarness {

inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// Runs a command to completion; its output (both channels) in `output`.
inline bool runCommand(const QString &program, const QStringList &arguments, QString *output = nullptr,
                       int timeoutMs = 60000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    const bool finished = process.waitForStarted(10000) && process.waitForFinished(timeoutMs);
    if (output)
        *output = QString::fromLocal8Bit(process.readAll());
    return finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

// --- HTTP -----------------------------------------------------------------------------------

struct HttpReply
{
    int status = 0; // 0: no answer
    QJsonObject body;
    QJsonArray array;
};

class Http
{
public:
    HttpReply request(const QByteArray &method, const QString &url, const QJsonObject &body = {},
                      int timeoutMs = 10000)
    {
        QNetworkRequest request{QUrl(url)};
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setTransferTimeout(timeoutMs);
        const QByteArray payload =
            method == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
        std::unique_ptr<QNetworkReply> reply(m_manager.sendCustomRequest(request, method, payload));
        QEventLoop loop;
        QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        HttpReply result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonDocument document = QJsonDocument::fromJson(reply->readAll());
        result.body = document.object();
        result.array = document.array();
        return result;
    }
    HttpReply get(const QString &url) { return request("GET", url); }
    HttpReply post(const QString &url, const QJsonObject &body) { return request("POST", url, body); }

private:
    QNetworkAccessManager m_manager;
};

// --- processes that say where they listen ---------------------------------------------------

// orderdesk or orderdesk-market: started, waited for until it prints `listening on URL`.
// SIGSTOP and SIGCONT of a child: connections stay open and nothing answers, as with a hung
// host. Remembers the stop so that a process is never left stopped (or continued twice).
class Frozen
{
public:
    void freeze(QProcess *process)
    {
        if (process) {
            ::kill(pid_t(process->processId()), SIGSTOP);
            m_stopped = true;
        }
    }
    void thaw(QProcess *process)
    {
        if (m_stopped && process)
            ::kill(pid_t(process->processId()), SIGCONT);
        m_stopped = false;
    }

private:
    bool m_stopped = false;
};

class ServiceProcess
{
public:
    ServiceProcess(QString program, QStringList arguments)
        : m_program(std::move(program)), m_arguments(std::move(arguments))
    {
    }
    ~ServiceProcess()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            resume();
            m_process->kill();
            m_process->waitForFinished(10000);
        }
    }

    bool start()
    {
        if (m_process)
            log(); // a restart keeps the log of the run before
        m_process = std::make_unique<QProcess>();
        m_process->setProgram(m_program);
        m_process->setArguments(m_arguments);
        m_process->setProcessChannelMode(QProcess::SeparateChannels);
        m_process->start();
        if (!m_process->waitForStarted(10000))
            return false;
        static const QRegularExpression listening(QStringLiteral("listening on (http://\\S+)"));
        QByteArray out;
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 30000 && m_process->state() == QProcess::Running) {
            m_process->waitForReadyRead(200);
            out += m_process->readAllStandardOutput();
            const QRegularExpressionMatch match = listening.match(QString::fromUtf8(out));
            if (match.hasMatch()) {
                m_url = match.captured(1);
                return true;
            }
        }
        qWarning().noquote() << m_program << "did not start:" << log();
        return false;
    }
    void kill() // SIGKILL: no shutdown of any kind
    {
        log(); // what it said before dying stays readable
        resume();
        m_process->kill();
        m_process->waitForFinished(10000);
    }
    bool terminate(int timeoutMs = 30000)
    {
        resume();
        m_process->terminate();
        return m_process->waitForFinished(timeoutMs) && m_process->exitStatus() == QProcess::NormalExit
               && m_process->exitCode() == 0;
    }
    void pause() { m_frozen.freeze(m_process.get()); }
    void resume() { m_frozen.thaw(m_process.get()); }
    bool isRunning() const { return m_process && m_process->state() == QProcess::Running; }
    // Everything the process wrote on stderr so far (its log).
    QString log()
    {
        if (m_process)
            m_log += QString::fromUtf8(m_process->readAllStandardError());
        return m_log;
    }
    QString url() const { return m_url; }
    QProcess &process() { return *m_process; }
    void setArguments(const QStringList &arguments) { m_arguments = arguments; }

private:
    QString m_program;
    QStringList m_arguments;
    std::unique_ptr<QProcess> m_process;
    QString m_url;
    QString m_log;
    Frozen m_frozen;
};

// --- a private Redis ------------------------------------------------------------------------

class PrivateRedis
{
public:
    bool start(const QString &dir)
    {
        m_dir = dir;
        if (!m_port)
            m_port = freePort();
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        // No persistence: a restart comes back empty, as after losing a Redis host.
        m_process->start(QStringLiteral("redis-server"),
                         {QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"),
                          QStringLiteral("127.0.0.1"), QStringLiteral("--save"), QString(),
                          QStringLiteral("--appendonly"), QStringLiteral("no"), QStringLiteral("--dir"), dir});
        if (!m_process->waitForStarted(10000))
            return false;
        QElapsedTimer waited;
        waited.start();
        QString pong;
        while (waited.elapsed() < 20000) {
            if (runCommand(QStringLiteral("redis-cli"), {QStringLiteral("-p"), QString::number(m_port), QStringLiteral("ping")}, &pong)
                && pong.trimmed() == QLatin1String("PONG")) {
                return true;
            }
            QTest::qWait(50);
        }
        return false;
    }
    void stop()
    {
        resume();
        m_process->terminate();
        m_process->waitForFinished(10000);
    }
    void pause() { m_frozen.freeze(m_process.get()); }
    void resume() { m_frozen.thaw(m_process.get()); }
    bool restart() { return start(m_dir); }
    bool wipe()
    {
        return runCommand(QStringLiteral("redis-cli"), {QStringLiteral("-p"), QString::number(m_port), QStringLiteral("FLUSHALL")});
    }
    QString url() const { return QStringLiteral("redis://127.0.0.1:%1/0").arg(m_port); }
    ~PrivateRedis()
    {
        if (m_process && m_process->state() != QProcess::NotRunning)
            stop();
    }

private:
    QString m_dir;
    quint16 m_port = 0;
    std::unique_ptr<QProcess> m_process;
    Frozen m_frozen;
};

// --- a private PostgreSQL -------------------------------------------------------------------

class PrivatePostgres
{
public:
    static QString bin(const QString &tool) { return QStringLiteral("/usr/lib/postgresql/15/bin/") + tool; }

    bool start(const QString &dir)
    {
        m_data = dir + QStringLiteral("/pg");
        m_port = freePort();
        QDir().mkpath(m_data);
        QString output;
        if (::getuid() == 0) {
            // PostgreSQL refuses to run as root: as the postgres user, which must reach the dir.
            runCommand(QStringLiteral("chmod"), {QStringLiteral("711"), dir});
            runCommand(QStringLiteral("chown"), {QStringLiteral("postgres:"), m_data});
        }
        if (!pg(QStringLiteral("initdb"), {QStringLiteral("-D"), m_data, QStringLiteral("--auth=trust"),
                                           QStringLiteral("-U"), QStringLiteral("orderdesk"),
                                           QStringLiteral("--encoding=UTF8"), QStringLiteral("--no-locale")},
                &output)) {
            qWarning().noquote() << "initdb failed:" << output;
            return false;
        }
        if (!startServer())
            return false;
        return runCommand(bin(QStringLiteral("createdb")), {QStringLiteral("-h"), QStringLiteral("127.0.0.1"),
                                                           QStringLiteral("-p"), QString::number(m_port),
                                                           QStringLiteral("-U"), QStringLiteral("orderdesk"),
                                                           QStringLiteral("faults")},
                          &output);
    }
    bool startServer()
    {
        QString output;
        const bool started = pg(QStringLiteral("pg_ctl"),
                                {QStringLiteral("-D"), m_data, QStringLiteral("-l"), m_data + QStringLiteral("/server.log"),
                                 QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("30"), QStringLiteral("-o"),
                                 QStringLiteral("-c listen_addresses=127.0.0.1 -p %1 -k %2").arg(m_port).arg(m_data),
                                 QStringLiteral("start")},
                                &output);
        if (!started)
            qWarning().noquote() << "postgresql did not start:" << output;
        return started;
    }
    // Fast shutdown: clients are disconnected at once, as when the server goes away.
    bool stopServer()
    {
        return pg(QStringLiteral("pg_ctl"), {QStringLiteral("-D"), m_data, QStringLiteral("-m"),
                                             QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop")});
    }
    QString url(const QString &schema) const
    {
        return QStringLiteral("postgresql://orderdesk@127.0.0.1:%1/faults?schema=%2").arg(m_port).arg(schema);
    }
    ~PrivatePostgres()
    {
        if (!m_data.isEmpty() && QFile::exists(m_data + QStringLiteral("/postmaster.pid")))
            stopServer();
    }

private:
    bool pg(const QString &tool, const QStringList &arguments, QString *output = nullptr)
    {
        if (::getuid() == 0) {
            return runCommand(QStringLiteral("runuser"),
                              QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), bin(tool)}
                                  + arguments,
                              output);
        }
        return runCommand(bin(tool), arguments, output);
    }

    QString m_data;
    quint16 m_port = 0;
};

// --- the audit ------------------------------------------------------------------------------

// What the four promises of "executed at most once, never lost" look like, counted.
struct Audit
{
    int accepted = 0;
    int notExactlyOneTerminal = 0; // an accepted order with no or several terminal statuses
    int executedMoreThanOnce = 0;  // several ledger executions for one order
    int confirmedMismatch = 0;     // confirmed without its ledger execution, or other amounts
    int failedButExecuted = 0;     // failed (or cancelled, expired) with a ledger execution
    int duplicateSignatures = 0;   // a signature used by two attempts or two orders
    int confirmed = 0;
    int failed = 0;
    QStringList problems;

    int defects() const
    {
        return notExactlyOneTerminal + executedMoreThanOnce + confirmedMismatch + failedButExecuted
               + duplicateSignatures;
    }
    QString summary() const
    {
        return QStringLiteral("accepted %1, confirmed %2, failed %3; defects: not one terminal %4, "
                              "executed twice %5, confirmed mismatch %6, failed but executed %7, "
                              "duplicate signatures %8")
            .arg(accepted).arg(confirmed).arg(failed).arg(notExactlyOneTerminal).arg(executedMoreThanOnce)
            .arg(confirmedMismatch).arg(failedButExecuted).arg(duplicateSignatures);
    }
};

inline bool isTerminalStatus(const QString &status)
{
    return status == QLatin1String("confirmed") || status == QLatin1String("failed")
           || status == QLatin1String("cancelled") || status == QLatin1String("expired");
}

// Every executed swap in the market's ledger, by order id.
inline QHash<QString, QList<QJsonObject>> ledgerByOrder(Http &http, const QString &market)
{
    QHash<QString, QList<QJsonObject>> byOrder;
    qint64 after = 0;
    for (;;) {
        const HttpReply reply = http.get(QStringLiteral("%1/ledger?after=%2&limit=1000").arg(market).arg(after));
        const QJsonArray entries = reply.body.value(QStringLiteral("entries")).toArray();
        for (const QJsonValue &value : entries) {
            const QJsonObject entry = value.toObject();
            byOrder[entry.value(QStringLiteral("orderId")).toString()].append(entry);
            after = std::max<qint64>(after, entry.value(QStringLiteral("sequence")).toInteger());
        }
        if (entries.size() < 1000)
            return byOrder;
    }
}

// Counts defects over `ids` (accepted orders) from the history a node serves and the ledger.
inline Audit audit(Http &http, const QString &node, const QString &market, const QStringList &ids)
{
    Audit result;
    result.accepted = int(ids.size());
    const QHash<QString, QList<QJsonObject>> ledger = ledgerByOrder(http, market);
    QHash<QString, QString> signatureOwner; // signature → order id/attempt
    for (const QString &id : ids) {
        const QJsonObject order = http.get(node + QStringLiteral("/api/orders/") + id).body;
        const QJsonArray history =
            http.get(node + QStringLiteral("/api/orders/") + id + QStringLiteral("/history")).body
                .value(QStringLiteral("history")).toArray();
        int terminals = 0;
        for (const QJsonValue &value : history) {
            const QJsonObject event = value.toObject();
            terminals += isTerminalStatus(event.value(QStringLiteral("status")).toString());
            const QString signature = event.value(QStringLiteral("signature")).toString();
            if (event.value(QStringLiteral("status")).toString() == QLatin1String("submitted") && !signature.isEmpty()) {
                const QString owner = id + QLatin1Char('#') + QString::number(event.value(QStringLiteral("attempt")).toInt());
                if (signatureOwner.contains(signature) && signatureOwner.value(signature) != owner) {
                    ++result.duplicateSignatures;
                    result.problems << QStringLiteral("%1: signature %2 also used by %3").arg(owner, signature, signatureOwner.value(signature));
                }
                signatureOwner.insert(signature, owner);
            }
        }
        const QString status = order.value(QStringLiteral("status")).toString();
        if (terminals != 1 || !isTerminalStatus(status)) {
            ++result.notExactlyOneTerminal;
            result.problems << QStringLiteral("%1: %2 terminal statuses, now %3").arg(id).arg(terminals).arg(status);
        }
        const QList<QJsonObject> executions = ledger.value(id);
        if (executions.size() > 1) {
            ++result.executedMoreThanOnce;
            result.problems << QStringLiteral("%1: executed %2 times").arg(id).arg(executions.size());
        }
        if (status == QLatin1String("confirmed")) {
            ++result.confirmed;
            const QJsonObject executed = order.value(QStringLiteral("result")).toObject();
            const bool matches = executions.size() == 1
                                 && executions.first().value(QStringLiteral("signature")).toString()
                                        == executed.value(QStringLiteral("signature")).toString();
            if (!matches) {
                ++result.confirmedMismatch;
                result.problems << QStringLiteral("%1: confirmed as %2 but the ledger has %3 executions")
                                       .arg(id, executed.value(QStringLiteral("signature")).toString())
                                       .arg(executions.size());
            }
        } else if (!executions.isEmpty()) {
            ++result.failedButExecuted;
            result.problems << QStringLiteral("%1: %2 but executed on the market").arg(id, status);
        }
        result.failed += status == QLatin1String("failed");
    }
    return result;
}

// Every accepted order has reached a terminal status (asked of `node`).
inline bool allTerminal(Http &http, const QString &node, const QStringList &ids)
{
    for (const QString &id : ids) {
        const HttpReply reply = http.get(node + QStringLiteral("/api/orders/") + id);
        if (reply.status != 200 || !isTerminalStatus(reply.body.value(QStringLiteral("status")).toString()))
            return false;
    }
    return true;
}

inline QJsonObject marketOrder(const QString &amount = QStringLiteral("0.2"))
{
    return {{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
            {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
            {QStringLiteral("amount"), amount},
            {QStringLiteral("slippageBps"), 300}};
}

} // namespace OrderDesk::FaultHarness
