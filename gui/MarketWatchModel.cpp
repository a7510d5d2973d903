#include "MarketWatchModel.h"

#include "Engine.h"
#include "Market.h"
#include "OrderPresentation.h"
#include "SafetyRails.h"
#include "UsdcValuer.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace OrderDesk {

namespace {

std::optional<qint64> differenceBps(Int128 value, Int128 reference)
{
    if (reference <= 0)
        return std::nullopt;
    const Int128 difference = value - reference;
    const std::optional<Int128> bps =
        Decimal::mulDiv(difference < 0 ? -difference : difference, 10'000, reference);
    if (!bps)
        return std::nullopt;
    return difference < 0 ? -qint64(*bps) : qint64(*bps);
}

QString bpsAsPercent(qint64 bps)
{
    const QString magnitude = Decimal::format(Int128(bps < 0 ? -bps : bps), 2);
    return (bps < 0 ? QStringLiteral("−") : bps > 0 ? QStringLiteral("+") : QString()) + magnitude
           + QStringLiteral(" %");
}

double asDouble(Int128 value, int scale)
{
    // For sorting only: never for money.
    return double(value) / double(Decimal::pow10(scale));
}

} // namespace

MarketWatchModel::MarketWatchModel(Engine &engine, QObject *parent)
    : QAbstractTableModel(parent), m_engine(engine)
{
    m_throttle.setSingleShot(true);
    m_throttle.setInterval(RefreshIntervalMs);
    connect(&m_throttle, &QTimer::timeout, this, &MarketWatchModel::refresh);
    // Emitted on the market's own threads: queued, and gathered into one refresh per interval.
    connect(&m_engine.market(), &Market::pricesMoved, this, &MarketWatchModel::scheduleRefresh,
            Qt::QueuedConnection);
    connect(&m_engine.market(), &Market::poolCreated, this, &MarketWatchModel::scheduleRefresh,
            Qt::QueuedConnection);
    refresh();
}

QString MarketWatchModel::key(const QString &pair, Venue venue)
{
    return pair + QLatin1Char('|') + toString(venue);
}

void MarketWatchModel::scheduleRefresh()
{
    if (!m_throttle.isActive())
        m_throttle.start();
}

void MarketWatchModel::setReferenceUsdc(Int128 usdcUnits)
{
    m_referenceUsdc = std::max<Int128>(usdcUnits, 1);
    refresh();
}

int MarketWatchModel::rowOf(const QString &pair, Venue venue) const
{
    return m_rowByKey.value(key(pair, venue), -1);
}

std::optional<Int128> MarketWatchModel::mid(const QString &pair, Venue venue) const
{
    const int row = rowOf(pair, venue);
    return row < 0 ? std::nullopt : m_rows.at(row).mid;
}

void MarketWatchModel::quoteRow(Row &row) const
{
    const Market &market = m_engine.market();
    const UsdcValuer valuer(market, TokenRegistry::usdc(), TokenRegistry::sol());
    const Token &base = row.pair.base();
    const Token &quote = row.pair.quote();
    row.mid = market.spotPrice(row.venue, base, quote);
    row.bid.reset();
    row.ask.reset();
    // Sell the reference size of the base for the quote: the bid; spend the reference size of
    // the quote on the base: the ask (inverted to quote per base).
    if (const auto baseAmount = valuer.amountWorth(base, m_referenceUsdc); baseAmount && *baseAmount > 0) {
        const VenueQuote sell = market.indicativeQuote(row.venue, base, quote, *baseAmount);
        if (sell.available && sell.executionPrice > 0)
            row.bid = sell.executionPrice;
    }
    if (const auto quoteAmount = valuer.amountWorth(quote, m_referenceUsdc); quoteAmount && *quoteAmount > 0) {
        const VenueQuote buy = market.indicativeQuote(row.venue, quote, base, *quoteAmount);
        if (buy.available && buy.executionPrice > 0)
            row.ask = CanonicalPair::invert(buy.executionPrice);
    }
    if (row.mid && !row.firstMid)
        row.firstMid = row.mid;
    row.changeBps = row.mid && row.firstMid ? differenceBps(*row.mid, *row.firstMid) : std::nullopt;
}

void MarketWatchModel::refresh()
{
    m_throttle.stop();
    const Market &market = m_engine.market();
    const UsdcValuer valuer(market, TokenRegistry::usdc(), TokenRegistry::sol());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();

    // New pools first (a launch, a listing): appended, so the rows the views show keep their place.
    QList<Row> added;
    QHash<int, Int128> liquidity; // by row
    for (const PoolListing &listing : market.listings()) {
        Row row;
        row.pair = CanonicalPair::of(listing.tokenA, listing.tokenB);
        row.venue = listing.venue;
        const int existing = rowOf(row.pair.text(), listing.venue);
        const auto valueA = valuer.value(listing.tokenA, listing.reserveA);
        const auto valueB = valuer.value(listing.tokenB, listing.reserveB);
        const std::optional<Int128> depth =
            valueA && valueB ? std::optional<Int128>(*valueA + *valueB) : std::nullopt;
        if (existing >= 0) {
            if (depth)
                liquidity.insert(existing, *depth);
            else
                m_rows[existing].liquidityUsdc.reset();
            continue;
        }
        row.liquidityUsdc = depth;
        added.append(row);
    }
    std::sort(added.begin(), added.end(), [](const Row &a, const Row &b) {
        return a.pair.text() != b.pair.text() ? a.pair.text() < b.pair.text() : a.venue < b.venue;
    });
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (Row &row : added) {
            m_rowByKey.insert(key(row.pair.text(), row.venue), int(m_rows.size()));
            m_rows.append(std::move(row));
        }
        endInsertRows();
    }
    for (auto it = liquidity.cbegin(); it != liquidity.cend(); ++it)
        m_rows[it.key()].liquidityUsdc = it.value();

    for (Row &row : m_rows) {
        quoteRow(row);
        if (row.mid)
            m_history.record(row.pair.text(), row.venue, now, *row.mid);
    }
    // Spreads need both venues' mids.
    for (Row &row : m_rows) {
        const Venue other = row.venue == Venue::Raydium ? Venue::Meteora : Venue::Raydium;
        const std::optional<Int128> otherMid = mid(row.pair.text(), other);
        row.spreadBps = row.mid && otherMid ? differenceBps(*row.mid, *otherMid) : std::nullopt;
    }
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    ++m_refreshes;
    emit refreshed();
}

int MarketWatchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MarketWatchModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MarketWatchModel::sortValue(const Row &row, int column) const
{
    const auto price = [](const std::optional<Int128> &value) {
        return value ? asDouble(*value, PriceScale) : -1.0;
    };
    switch (column) {
    case PairColumn:
        return row.pair.text();
    case VenueColumn:
        return OrderPresentation::venueText(row.venue);
    case BidColumn:
        return price(row.bid);
    case AskColumn:
        return price(row.ask);
    case MidColumn:
        return price(row.mid);
    case SpreadColumn:
        return row.spreadBps ? double(*row.spreadBps) : -1e12;
    case ChangeColumn:
        return row.changeBps ? double(*row.changeBps) : -1e12;
    case LiquidityColumn:
        return row.liquidityUsdc ? asDouble(*row.liquidityUsdc, 6) : -1.0;
    default:
        return {};
    }
}

QVariant MarketWatchModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case SortRole:
        return sortValue(row, index.column());
    case PairRole:
        return row.pair.text();
    case BaseRole:
        return row.pair.base().symbol;
    case QuoteRole:
        return row.pair.quote().symbol;
    case VenueRole:
        return int(row.venue);
    case Qt::TextAlignmentRole:
        return index.column() <= VenueColumn
                   ? QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter)
                   : QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (index.column() == BidColumn || index.column() == AskColumn)
            return tr("%1 per %2 for a trade worth %3")
                .arg(row.pair.quote().symbol, row.pair.base().symbol,
                     SafetyRails::usdcText(m_referenceUsdc));
        if (index.column() == SpreadColumn)
            return tr("This venue's mid against the other venue's, in basis points");
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    const auto price = [](const std::optional<Int128> &value) {
        return value ? OrderPresentation::priceText(*value) : QStringLiteral("—");
    };
    switch (index.column()) {
    case PairColumn:
        return row.pair.text();
    case VenueColumn:
        return OrderPresentation::venueText(row.venue);
    case BidColumn:
        return price(row.bid);
    case AskColumn:
        return price(row.ask);
    case MidColumn:
        return price(row.mid);
    case SpreadColumn:
        return row.spreadBps ? QString::number(*row.spreadBps) : QStringLiteral("—");
    case ChangeColumn:
        return row.changeBps ? bpsAsPercent(*row.changeBps) : QStringLiteral("—");
    case LiquidityColumn:
        // Whole dollars: depth is an order of magnitude, not a balance.
        return row.liquidityUsdc ? QLocale().toString(qlonglong(*row.liquidityUsdc / 1'000'000))
                                 : QStringLiteral("—");
    default:
        return {};
    }
}

QVariant MarketWatchModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == LiquidityColumn)
        return tr("What the pool holds of both tokens, valued in USDC");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PairColumn:
        return tr("Pair");
    case VenueColumn:
        return tr("Venue");
    case BidColumn:
        return tr("Bid");
    case AskColumn:
        return tr("Ask");
    case MidColumn:
        return tr("Mid");
    case SpreadColumn:
        return tr("Spread bps");
    case ChangeColumn:
        return tr("Change");
    case LiquidityColumn:
        return tr("Liquidity USDC");
    default:
        return {};
    }
}

} // namespace OrderDesk
