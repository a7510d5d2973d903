#include "LedgerAudit.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>

namespace OrderDeskBench {

namespace {
constexpr int PageSize = 1000; // the most /ledger returns at once
} // namespace

bool LedgerAudit::readFromMarket(const QUrl &market, QString *error)
{
    // Blocking reads, no event loop: the run's WebSockets are being torn down meanwhile, and a
    // nested loop would deliver their last events to objects on their way out.
    qint64 after = 0;
    for (;;) {
        QTcpSocket socket;
        socket.connectToHost(market.host(), quint16(market.port()));
        const QByteArray request = QStringLiteral("GET /ledger?after=%1&limit=%2 HTTP/1.1\r\n"
                                                  "Host: %3\r\nConnection: close\r\n\r\n")
                                       .arg(after)
                                       .arg(PageSize)
                                       .arg(market.authority())
                                       .toLatin1();
        if (!socket.waitForConnected(5000) || socket.write(request) != request.size()) {
            *error = QStringLiteral("the market's ledger at %1: %2").arg(market.toString(), socket.errorString());
            return false;
        }
        QByteArray response;
        while (socket.waitForReadyRead(5000) || socket.bytesAvailable() > 0)
            response += socket.readAll();
        const qsizetype bodyAt = response.indexOf("\r\n\r\n");
        if (!response.startsWith("HTTP/1.1 200") || bodyAt < 0) {
            *error = QStringLiteral("the market's ledger at %1 answered: %2")
                         .arg(market.toString(), QString::fromLatin1(response.left(response.indexOf('\r'))));
            return false;
        }
        const QJsonArray entries = QJsonDocument::fromJson(response.mid(bodyAt + 4)).object()
                                       .value(QStringLiteral("entries")).toArray();
        for (const QJsonValue &entry : entries) {
            const QJsonObject swap = entry.toObject();
            ++m_executions[swap.value(QStringLiteral("orderId")).toString()];
            after = std::max<qint64>(after, swap.value(QStringLiteral("sequence")).toInteger());
        }
        if (entries.size() < PageSize)
            return true;
    }
}

bool LedgerAudit::readFromFile(const QString &path, QString *error)
{
    const QString name = QStringLiteral("orderdesk-bench-ledger");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery query(db);
            ok = query.exec(QStringLiteral("SELECT order_id, COUNT(*) FROM transactions"
                                           " WHERE error_code IS NULL GROUP BY order_id"));
            while (ok && query.next())
                m_executions[query.value(0).toString()] += query.value(1).toInt();
        }
        if (!ok)
            *error = QStringLiteral("the market's ledger file %1 cannot be read").arg(path);
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

QJsonObject LedgerAudit::audit(const RunData &data) const
{
    int once = 0, twice = 0, confirmedNotExecuted = 0, executedNotConfirmed = 0;
    for (const OrderRecord &order : data.orders) {
        const int executions = m_executions.value(order.id);
        once += executions == 1;
        twice += executions > 1;
        const bool confirmed = order.terminalStatus == QLatin1String("confirmed");
        confirmedNotExecuted += confirmed && executions == 0;
        // An order still unfinished may have landed an instant before the run ended.
        executedNotConfirmed += !confirmed && !order.terminalStatus.isEmpty() && executions > 0;
    }
    return {{QStringLiteral("orders"), qint64(data.orders.size())},
            {QStringLiteral("executedOnce"), once},
            {QStringLiteral("executedTwiceOrMore"), twice},
            {QStringLiteral("confirmedNotExecuted"), confirmedNotExecuted},
            {QStringLiteral("executedNotConfirmed"), executedNotConfirmed},
            {QStringLiteral("defects"), twice + confirmedNotExecuted + executedNotConfirmed}};
}

} // namespace OrderDeskBench
