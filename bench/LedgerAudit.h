#pragma once

#include "BenchResults.h"

#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace OrderDeskBench {

// After a run: how many times each order the run placed was executed, counted in the market's
// own ledger (over HTTP from an orderdesk-market, or from the in-process market's SQLite file),
// not taken from what the server said. Any order confirmed without exactly one execution, or
// executed while not confirmed, is a defect.
class LedgerAudit
{
public:
    // Reads every executed swap of the ledger; false with `error` set when it cannot.
    bool readFromMarket(const QUrl &market, QString *error);
    bool readFromFile(const QString &path, QString *error);

    // {"orders", "executedOnce", "executedTwiceOrMore", "confirmedNotExecuted",
    //  "executedNotConfirmed", "defects"} over the run's orders.
    QJsonObject audit(const RunData &data) const;

private:
    QHash<QString, int> m_executions; // order id (the transaction's memo) -> executed swaps
};

} // namespace OrderDeskBench
