#include "VenuePool.h"

namespace OrderDesk {

const Token &VenuePool::tokenA() const
{
    return std::visit([](const auto &pool) -> const Token & { return pool.tokenA(); }, m_pool);
}

const Token &VenuePool::tokenB() const
{
    return std::visit([](const auto &pool) -> const Token & { return pool.tokenB(); }, m_pool);
}

bool VenuePool::contains(const Token &token) const
{
    return std::visit([&](const auto &pool) { return pool.contains(token); }, m_pool);
}

bool VenuePool::trades(const Token &tokenIn, const Token &tokenOut) const
{
    return std::visit([&](const auto &pool) { return pool.trades(tokenIn, tokenOut); }, m_pool);
}

Int128 VenuePool::reserveA() const
{
    return std::visit([](const auto &pool) { return pool.reserveA(); }, m_pool);
}

Int128 VenuePool::reserveB() const
{
    return std::visit([](const auto &pool) { return pool.reserveB(); }, m_pool);
}

std::optional<Int128> VenuePool::reserveOf(const Token &token) const
{
    if (token == tokenA())
        return reserveA();
    if (token == tokenB())
        return reserveB();
    return std::nullopt;
}

int VenuePool::feePpm() const
{
    return std::visit([](const auto &pool) { return pool.feePpm(); }, m_pool);
}

double VenuePool::volatility() const
{
    return std::visit([](const auto &pool) { return pool.volatility(); }, m_pool);
}

void VenuePool::setVolatility(double sigma)
{
    std::visit([sigma](auto &pool) { pool.setVolatility(sigma); }, m_pool);
}

std::optional<Int128> VenuePool::spotPrice(const Token &tokenIn, const Token &tokenOut) const
{
    return std::visit([&](const auto &pool) { return pool.spotPrice(tokenIn, tokenOut); }, m_pool);
}

double VenuePool::logPrice() const
{
    return std::visit([](const auto &pool) { return pool.logPrice(); }, m_pool);
}

VenueQuote VenuePool::quote(const Token &tokenIn, Int128 amountIn) const
{
    return std::visit([&](const auto &pool) { return pool.quote(tokenIn, amountIn); }, m_pool);
}

VenueQuote VenuePool::swap(const Token &tokenIn, Int128 amountIn)
{
    return std::visit([&](auto &pool) { return pool.swap(tokenIn, amountIn); }, m_pool);
}

bool VenuePool::movePrice(double logMove)
{
    return std::visit([logMove](auto &pool) { return pool.movePrice(logMove); }, m_pool);
}

bool VenuePool::setPrice(const Token &base, const Token &quote, Int128 price)
{
    return std::visit([&](auto &pool) { return pool.setPrice(base, quote, price); }, m_pool);
}

void VenuePool::tick()
{
    if (auto *pool = std::get_if<ConstantProductPool>(&m_pool))
        pool->decayVolatility();
    else
        std::get<DlmmPool>(m_pool).advanceClock();
}

QJsonObject VenuePool::toJson() const
{
    return std::visit([](const auto &pool) { return pool.toJson(); }, m_pool);
}

std::optional<VenuePool> VenuePool::fromJson(const QJsonObject &json)
{
    if (json.value(QStringLiteral("kind")).toString() == QLatin1String("dlmm")) {
        if (std::optional<DlmmPool> pool = DlmmPool::fromJson(json))
            return VenuePool(std::move(*pool));
        return std::nullopt;
    }
    if (std::optional<ConstantProductPool> pool = ConstantProductPool::fromJson(json))
        return VenuePool(std::move(*pool));
    return std::nullopt;
}

} // namespace OrderDesk
