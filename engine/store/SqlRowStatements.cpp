#include "SqlRowStatements.h"

#include "Logging.h"
#include "SqlOrderRows.h"
#include "SqlSession.h"

namespace OrderDesk {

namespace {

// The compare-and-set of every transition: the seq (and status) the caller read and the fencing
// token it holds. Two variants rather than a bound flag: PostgreSQL cannot type a parameter that
// only appears in a CASE test.
const QString &applyTransitionSql(bool releaseLease)
{
    static const QString update = QStringLiteral(
        "UPDATE orders SET status = :status, attempt = :attempt, seq = :seq,"
        " updated_at = :updated_at, result_json = :result_json,"
        " error_code = :error_code, error_message = :error_message,"
        " error_permanent = :error_permanent, retry_at = :retry_at,"
        " tx_signature = :tx_signature, tx_json = :tx_json,"
        " token_out_mint = :token_out_mint, token_out_decimals = :token_out_decimals%1"
        " WHERE id = :id AND seq = :expected_seq AND status = COALESCE(:expected_status, status)"
        " AND lease_token = :lease_token");
    // The token stays: the next claim increments it, so a write by this holder's past self
    // still fails once someone else claimed the order.
    static const QString release = QStringLiteral(", lease_owner = NULL, lease_expires_at = NULL");
    static const QString variants[2] = {update.arg(QString()), update.arg(release)};
    return variants[releaseLease];
}


// The caller's order and event must describe the same change; a mismatch would store a seq the
// caller does not hold and break the compare-and-set for its next transition.
QString mismatch(const Order &order, const OrderEvent &event,
                 const std::optional<FailureRecord> &failure)
{
    if (order.id.isEmpty())
        return QStringLiteral("the order has no id");
    if (!event.orderId.isEmpty() && event.orderId != order.id)
        return QStringLiteral("the event is for order %1, not %2").arg(event.orderId, order.id);
    if (event.seq != order.seq)
        return QStringLiteral("order %1 is at seq %2 but its event has seq %3")
            .arg(order.id)
            .arg(order.seq)
            .arg(event.seq);
    if (event.status != order.status)
        return QStringLiteral("order %1 is %2 but its event says %3")
            .arg(order.id, toString(order.status), toString(event.status));
    if (failure && !failure->orderId.isEmpty() && failure->orderId != order.id)
        return QStringLiteral("the failure is for order %1, not %2")
            .arg(failure->orderId, order.id);
    return {};
}

// SqlRowStatements::malformed.
QString malformedWrite(const StoreWrite &write)
{
    const Order &order = write.order;
    const OrderEvent &event = write.event;
    if (write.kind == StoreWrite::Kind::Insert) {
        if (QString invalid = mismatch(order, event, std::nullopt); !invalid.isEmpty())
            return invalid;
        if (!order.createdAt.isValid())
            return QStringLiteral("order %1 has no creation time").arg(order.id);
        if (order.seq != 1)
            return QStringLiteral("order %1 starts at seq %2, not 1").arg(order.id).arg(order.seq);
        return {};
    }
    if (QString invalid = mismatch(order, event, write.failure); !invalid.isEmpty())
        return invalid;
    if (event.seq < 2)
        return QStringLiteral("a transition of order %1 needs seq 2 or more, not %2")
            .arg(order.id)
            .arg(event.seq);
    return {};
}

using WriteResult = OrderStore::WriteResult;

WriteResult appendHistory(SqlSession &session, const StoreWrite &write)
{
    if (!session.execValues(SqlOrderRows::insertHistorySql(),
                            SqlOrderRows::historyValues(write.order, write.event), "append history"))
        return WriteResult::Error;
    if (write.failure
        && !session.execValues(SqlOrderRows::insertFailureSql(),
                               SqlOrderRows::failureValues(write.order, *write.failure),
                               "record failure"))
        return WriteResult::Error;
    return WriteResult::Applied;
}

// The order's route, when `write` is the one that chose it.
bool storeRoute(SqlSession &session, const StoreWrite &write)
{
    if (!SqlOrderRows::storesRoute(write))
        return true;
    return session.execValues(SqlOrderRows::storeRouteSql(), SqlOrderRows::routeValues(write),
                              "store route")
        .has_value();
}

WriteResult insertNewOrder(SqlSession &session, const StoreWrite &write)
{
    // Only the clientOrderId is unique besides the id; the database decides (ON CONFLICT), so two
    // submissions racing with the same value cannot both get in, and the loser does not abort
    // the batch it shares with others.
    const std::optional<int> inserted = session.execValues(
        SqlOrderRows::insertOrderSql(), SqlOrderRows::newOrderValues(write.order), "insert order");
    if (!inserted)
        return WriteResult::Error;
    if (*inserted == 0) {
        qCInfo(lcStore).noquote() << "clientOrderId" << write.order.clientOrderId
                                  << "already stored; order" << write.order.id << "refused";
        return WriteResult::Duplicate;
    }
    if (!storeRoute(session, write))
        return WriteResult::Error;
    return appendHistory(session, write);
}

WriteResult moveOrder(SqlSession &session, const StoreWrite &write)
{
    const Order &order = write.order;
    QVariantMap values = SqlOrderRows::orderStateValues(order);
    values.insert(SqlOrderRows::compareAndSetValues(write));
    // A sniper order's token gets its mint when it launches, on the way to routing.
    values.insert(QStringLiteral("token_out_mint"), SqlOrderRows::mintText(order.tokenOut));
    values.insert(QStringLiteral("token_out_decimals"), order.tokenOut.decimals);
    const std::optional<int> moved = session.execValues(
        applyTransitionSql(order.leaseOwner.isEmpty()), values, "apply transition");
    if (!moved)
        return WriteResult::Error;
    if (*moved == 0)
        return WriteResult::Conflict;
    if (!storeRoute(session, write))
        return WriteResult::Error;
    return appendHistory(session, write);
}

} // namespace

QString SqlRowStatements::malformed(const StoreWrite &write)
{
    return malformedWrite(write);
}

WriteResult SqlRowStatements::apply(SqlSession &session, const QList<StoreWrite> &writes,
                                    const QList<qsizetype> &order, QList<WriteResult> *results)
{
    results->clear();
    for (const qsizetype i : order) {
        const StoreWrite &write = writes.at(i);
        const WriteResult result = write.kind == StoreWrite::Kind::Insert ? insertNewOrder(session, write)
                                                                          : moveOrder(session, write);
        if (result == WriteResult::Error)
            return WriteResult::Error; // the caller rolls the whole batch back
        results->append(result);
    }
    return WriteResult::Applied;
}

} // namespace OrderDesk
