#include "BinPriceTable.h"

#include "DlmmPool.h"

#include <QMutex>

#include <algorithm>
#include <unordered_map>

namespace OrderDesk {

namespace {

struct Table
{
    int low = 0;
    std::vector<Int128> prices;
};

void compute(int binStepBps, int firstId, std::vector<Int128>::iterator begin,
             std::vector<Int128>::iterator end)
{
    int id = firstId;
    for (auto it = begin; it != end; ++it, ++id)
        *it = DlmmPool::binPrice(id, binStepBps).value_or(0);
}

QMutex tablesMutex;
std::unordered_map<int, Table> tables; // by bin step

} // namespace

void BinPriceTable::fill(int binStepBps, int lowId, std::vector<Int128> &prices)
{
    const long count = long(prices.size());
    QMutexLocker lock(&tablesMutex);
    Table &table = tables[binStepBps];
    const bool empty = table.prices.empty();
    const long low = empty ? lowId : std::min<long>(table.low, lowId);
    const long high = std::max<long>(empty ? lowId : table.low + long(table.prices.size()),
                                     long(lowId) + count);
    if (high - low > MaxEntriesPerStep) {
        lock.unlock();
        compute(binStepBps, lowId, prices.begin(), prices.end());
        return;
    }
    if (empty) {
        table.low = lowId;
        table.prices.resize(std::size_t(count));
        compute(binStepBps, lowId, table.prices.begin(), table.prices.end());
    } else {
        if (low < table.low) {
            std::vector<Int128> below(std::size_t(table.low - low));
            compute(binStepBps, int(low), below.begin(), below.end());
            table.prices.insert(table.prices.begin(), below.begin(), below.end());
            table.low = int(low);
        }
        const long oldHigh = table.low + long(table.prices.size());
        if (high > oldHigh) {
            table.prices.resize(std::size_t(high - table.low));
            compute(binStepBps, int(oldHigh), table.prices.begin() + (oldHigh - table.low),
                    table.prices.end());
        }
    }
    const auto first = table.prices.cbegin() + (lowId - table.low);
    std::copy(first, first + count, prices.begin());
}

} // namespace OrderDesk
