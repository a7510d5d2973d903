#pragma once

#include "OrderStore.h"

#include <QList>

namespace OrderDesk {

class SqlSession;

// PostgreSQL's side of group commit: a batch of inserts and transitions in two statements
// instead of two or three per write. The rows travel as one JSON array parameter
// (json_to_recordset), and each statement does the compare-and-set, the history rows and the
// failure rows for all of them at once, returning the ids it changed.
//
// Rows are locked in id order (COLLATE "C", as QString sorts the ASCII ids), the order
// renewLeases locks them in, so that two transactions never wait for each other in a circle.
class SqlBatchStatements
{
public:
    // Runs `writes[order[k]]` for every k inside the session's open transaction; writes of one
    // order run in the sequence `order` gives them. On success `results[k]` is the result of
    // `writes[order[k]]` and Applied is returned; Error (the session has the reason) leaves the
    // transaction to be rolled back.
    static OrderStore::WriteResult apply(SqlSession &session, const QList<StoreWrite> &writes,
                                         const QList<qsizetype> &order,
                                         QList<OrderStore::WriteResult> *results);
};

} // namespace OrderDesk
