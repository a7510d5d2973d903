#pragma once

#include "OrderStore.h"

#include <QList>
#include <QString>

namespace OrderDesk {

class SqlSession;

// A batch of inserts and transitions written row by row: two or three prepared statements per
// write, inside the caller's transaction. What SQLite always uses (in-process, a statement costs
// no round trip) and PostgreSQL uses for batches too small for SqlBatchStatements.
class SqlRowStatements
{
public:
    // Why `write` cannot be stored as given (empty when it can): a mismatch between order and
    // event is the caller's bug, and storing it would break the compare-and-set of the order's
    // next transition.
    static QString malformed(const StoreWrite &write);

    // Runs `writes[order[k]]` for every k in that sequence; on success `results[k]` is its result
    // and Applied is returned; Error (the session has the reason) leaves the transaction to be
    // rolled back.
    static OrderStore::WriteResult apply(SqlSession &session, const QList<StoreWrite> &writes,
                                         const QList<qsizetype> &order,
                                         QList<OrderStore::WriteResult> *results);
};

} // namespace OrderDesk
