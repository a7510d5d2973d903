#pragma once

#include "ConstantProductPool.h"
#include "DlmmPool.h"

#include <QJsonObject>

#include <optional>
#include <variant>

namespace OrderDesk {

// One venue's pool for a pair, whichever model the venue runs: Raydium's constant product or
// Meteora's DLMM bins. A value: copies are independent (a route is priced and executed on
// copies). The market, the venues and the mirrors of orderdesk-market hold pools through it.
class VenuePool
{
public:
    VenuePool() = default;
    VenuePool(ConstantProductPool pool) : m_pool(std::move(pool)) {}
    VenuePool(DlmmPool pool) : m_pool(std::move(pool)) {}

    const ConstantProductPool *constantProduct() const { return std::get_if<ConstantProductPool>(&m_pool); }
    const DlmmPool *dlmm() const { return std::get_if<DlmmPool>(&m_pool); }

    const Token &tokenA() const;
    const Token &tokenB() const;
    bool contains(const Token &token) const;
    bool trades(const Token &tokenIn, const Token &tokenOut) const;
    Int128 reserveA() const;
    Int128 reserveB() const;
    std::optional<Int128> reserveOf(const Token &token) const;
    int feePpm() const;
    double volatility() const;
    void setVolatility(double sigma);
    std::optional<Int128> spotPrice(const Token &tokenIn, const Token &tokenOut) const;
    double logPrice() const;

    VenueQuote quote(const Token &tokenIn, Int128 amountIn) const;
    VenueQuote swap(const Token &tokenIn, Int128 amountIn);
    bool movePrice(double logMove);
    bool setPrice(const Token &base, const Token &quote, Int128 price);
    // One market step (a second of market time): a constant-product pool's fee accumulator
    // decays; a DLMM pool's clock advances, which its volatility reference reads.
    void tick();

    // The pool's own JSON; a DLMM pool's carries "kind": "dlmm".
    QJsonObject toJson() const;
    static std::optional<VenuePool> fromJson(const QJsonObject &json);

private:
    std::variant<ConstantProductPool, DlmmPool> m_pool;
};

} // namespace OrderDesk
