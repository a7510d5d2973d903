#pragma once

#include "CanonicalPair.h"
#include "PriceHistory.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QTimer>

#include <optional>

namespace OrderDesk {

class Engine;

// Every pool on each venue, one row per canonical pair and venue: the bid and ask a trade of a
// reference size (in USDC) would get, the pool's mid, its spread against the other venue in
// bps, its change since the console started and its liquidity in USDC. Read from the market's
// streamed pool state (Market::listings / indicativeQuote, no round trip), refreshed when the
// market's prices move, at most every RefreshIntervalMs. Every refresh also feeds the price
// history the chart draws.
class MarketWatchModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        PairColumn,
        VenueColumn,
        BidColumn,
        AskColumn,
        MidColumn,
        SpreadColumn,
        ChangeColumn,
        LiquidityColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // a number for the numeric columns
        PairRole,                    // "SOL/USDC"
        BaseRole,                    // base symbol
        QuoteRole,                   // quote symbol
        VenueRole,                   // int(Venue)
    };
    static constexpr int RefreshIntervalMs = 250;
    static constexpr qint64 DefaultReferenceUsdc = 1'000'000'000; // 1 000 USDC

    explicit MarketWatchModel(Engine &engine, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Reads the market now (the timer does it otherwise).
    void refresh();
    void setReferenceUsdc(Int128 usdcUnits);
    Int128 referenceUsdc() const { return m_referenceUsdc; }

    const PriceHistory &history() const { return m_history; }
    // The row of a pair on a venue, -1 when the market has no such pool.
    int rowOf(const QString &pair, Venue venue) const;
    std::optional<Int128> mid(const QString &pair, Venue venue) const;
    CanonicalPair pairAt(int row) const { return m_rows.at(row).pair; }
    int refreshCount() const { return m_refreshes; }

Q_SIGNALS:
    void refreshed();

private:
    struct Row
    {
        CanonicalPair pair;
        Venue venue = Venue::Raydium;
        std::optional<Int128> bid;       // quote per base, selling the reference size
        std::optional<Int128> ask;       // quote per base, buying the reference size
        std::optional<Int128> mid;       // the pool's spot price, quote per base
        std::optional<Int128> firstMid;  // the first mid seen: what "change" compares to
        std::optional<qint64> spreadBps; // this venue's mid against the other's
        std::optional<qint64> changeBps;
        std::optional<Int128> liquidityUsdc;
    };
    static QString key(const QString &pair, Venue venue);
    void scheduleRefresh();
    void quoteRow(Row &row) const;
    QVariant sortValue(const Row &row, int column) const;

    Engine &m_engine;
    QList<Row> m_rows;
    QHash<QString, int> m_rowByKey;
    PriceHistory m_history;
    QTimer m_throttle;
    Int128 m_referenceUsdc = DefaultReferenceUsdc;
    int m_refreshes = 0;
};

} // namespace OrderDesk
