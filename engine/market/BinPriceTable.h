#pragma once

#include "Decimal.h"

#include <vector>

namespace OrderDesk {

// The prices of a DLMM pool's bins (DlmmPool::binPrice), computed once per process. A bin's
// price depends on its id and the bin step only, and the engine's mirror of the market rebuilds
// the same pools from JSON up to ten times a second: binPrice costs ~2,000 instructions, so a
// pool of a hundred bins cost 0.3 M instructions per rebuild. One contiguous table per bin
// step, grown to cover the ids asked for; thread-safe.
class BinPriceTable
{
public:
    // prices[i] = binPrice(lowId + i, binStepBps), or 0 where that is nullopt.
    static void fill(int binStepBps, int lowId, std::vector<Int128> &prices);

    // A pool's bins span a few hundred ids; a table longer than this (1 MiB) is not kept, and
    // such a range is computed each time.
    static constexpr long MaxEntriesPerStep = 65'536;
};

} // namespace OrderDesk
