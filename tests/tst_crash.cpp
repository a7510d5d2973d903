// SIGKILL of an embedded node (SQLite, in-process queue and market) in the middle of a run,
// then a restart on the same data dir: every accepted order reaches exactly one terminal status
// and executes at most once, counted in the in-process market's own ledger file. (Several nodes
// on Redis, PostgreSQL and a shared market are killed in tst_faults.)
#include "FaultHarness.h"

#include <QSqlDatabase>
#include <QSqlQuery>

using namespace OrderDesk::FaultHarness;

class TestCrash : public QObject
{
    Q_OBJECT

    Http m_http;

    // Executions per order id in the ledger file the in-process market keeps in `dataDir`.
    static QHash<QString, int> executionsInLedger(const QString &dataDir)
    {
        QHash<QString, int> executions;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("ledger"));
            db.setDatabaseName(dataDir + QStringLiteral("/market-ledger.db"));
            if (!db.open())
                qFatal("the market ledger cannot be opened");
            QSqlQuery query(db);
            query.exec(QStringLiteral("SELECT order_id, COUNT(*) FROM transactions WHERE error_code IS NULL "
                                      "GROUP BY order_id"));
            while (query.next())
                executions.insert(query.value(0).toString(), query.value(1).toInt());
        }
        QSqlDatabase::removeDatabase(QStringLiteral("ledger"));
        return executions;
    }

private Q_SLOTS:
    void everyAcceptedOrderFinishesOnceAfterSigkill()
    {
        QTemporaryDir dataDir;
        const QStringList arguments{QStringLiteral("--no-gui"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                    QStringLiteral("--data-dir"), dataDir.path(),
                                    QStringLiteral("--latency-scale"), QStringLiteral("0.1"),
                                    QStringLiteral("--dex-failure-rate"), QStringLiteral("0.2"),
                                    QStringLiteral("--backoff-ms"), QStringLiteral("100"),
                                    QStringLiteral("--max-attempts"), QStringLiteral("5"),
                                    QStringLiteral("--rate-limit"), QStringLiteral("0"),
                                    QStringLiteral("--workers"), QStringLiteral("4"),
                                    QStringLiteral("--client-rate-limit"), QStringLiteral("0"),
                                    QStringLiteral("--seed"), QStringLiteral("5")};
        ServiceProcess node(QStringLiteral(ORDERDESK_BINARY), arguments);
        QVERIFY(node.start());

        QStringList ids;
        for (int i = 0; i < 24; ++i) {
            const HttpReply accepted = m_http.post(node.url() + QStringLiteral("/api/orders/execute"), marketOrder());
            QCOMPARE(accepted.status, 201);
            ids << accepted.body.value(QStringLiteral("orderId")).toString();
        }
        // Kill it while some orders are done and others are in the middle of an attempt.
        const auto confirmed = [&] {
            return m_http.get(node.url() + QStringLiteral("/api/orders?limit=500&status=confirmed"))
                .body.value(QStringLiteral("orders")).toArray().size();
        };
        QTRY_VERIFY_WITH_TIMEOUT(confirmed() >= 3, 30000);
        node.kill();
        QCOMPARE(node.process().exitStatus(), QProcess::CrashExit);

        QVERIFY(node.start());
        QTRY_VERIFY_WITH_TIMEOUT(allTerminal(m_http, node.url(), ids), 90000);

        QHash<QString, QString> statuses;
        for (const QString &id : ids) {
            const QJsonArray history = m_http.get(node.url() + QStringLiteral("/api/orders/") + id + QStringLiteral("/history"))
                                           .body.value(QStringLiteral("history")).toArray();
            int terminals = 0;
            qint64 lastSeq = 0;
            for (const QJsonValue &value : history) {
                const QJsonObject event = value.toObject();
                terminals += isTerminalStatus(event.value(QStringLiteral("status")).toString());
                // The history has no gaps and no repeats.
                QCOMPARE(event.value(QStringLiteral("seq")).toInteger(), lastSeq + 1);
                lastSeq = event.value(QStringLiteral("seq")).toInteger();
            }
            QVERIFY2(terminals == 1, qPrintable(id));
            statuses.insert(id, m_http.get(node.url() + QStringLiteral("/api/orders/") + id)
                                    .body.value(QStringLiteral("status")).toString());
        }
        QVERIFY(node.terminate());

        // Counted in the market's ledger: a confirmed order executed exactly once, any other
        // never.
        const QHash<QString, int> executions = executionsInLedger(dataDir.path());
        for (const QString &id : ids) {
            const int expected = statuses.value(id) == QLatin1String("confirmed") ? 1 : 0;
            QVERIFY2(executions.value(id) == expected,
                     qPrintable(QStringLiteral("%1 is %2 with %3 executions").arg(id, statuses.value(id)).arg(executions.value(id))));
        }
    }
};

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
