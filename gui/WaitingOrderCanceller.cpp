#include "WaitingOrderCanceller.h"

#include "Engine.h"
#include "OrderPresentation.h"

#include <memory>

namespace OrderDesk {

namespace {
constexpr int PageSize = 500; // the store's largest page
}

WaitingOrderCanceller::WaitingOrderCanceller(Engine &engine, QObject *parent)
    : QObject(parent), m_engine(engine)
{
}

void WaitingOrderCanceller::findWaiting()
{
    readPage(QString(), {});
}

void WaitingOrderCanceller::readPage(const QString &afterId, QStringList found)
{
    const std::optional<StoreReader> reader = m_engine.reader();
    if (!reader) {
        emit readFailed(tr("The engine is not running."));
        return;
    }
    OrderListQuery query;
    query.status = OrderStatus::Waiting;
    query.limit = PageSize;
    reader->orders(query, afterId)
        .then(this, [this, found](const StoreReader::Outcome<QList<Order>> &outcome) mutable {
            if (const auto *error = std::get_if<EngineError>(&outcome)) {
                emit readFailed(error->message);
                return;
            }
            const QList<Order> &page = std::get<QList<Order>>(outcome);
            for (const Order &order : page)
                found << order.id;
            if (page.size() < PageSize)
                emit waitingFound(found);
            else
                readPage(page.constLast().id, found);
        });
}

void WaitingOrderCanceller::cancel(const QStringList &orderIds)
{
    if (orderIds.isEmpty()) {
        emit cancelled(Outcome());
        return;
    }
    struct Tally
    {
        Outcome outcome;
        qsizetype pending = 0;
    };
    auto tally = std::make_shared<Tally>();
    tally->pending = orderIds.size();
    for (const QString &id : orderIds) {
        m_engine.cancel(id).then(this, [this, tally, id](const Engine::CancelOutcome &result) {
            if (const auto *error = std::get_if<EngineError>(&result))
                tally->outcome.tooLate << tr("%1: %2").arg(OrderPresentation::shortId(id), error->message);
            else
                ++tally->outcome.cancelled;
            if (--tally->pending == 0)
                emit cancelled(tally->outcome);
        });
    }
}

} // namespace OrderDesk
