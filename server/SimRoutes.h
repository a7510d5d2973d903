#pragma once

#include "ApiCall.h"

namespace OrderDesk {

class Engine;

// POST /api/sim/launch and /api/sim/price (only with --sim-control): events of a simulated
// market, not anything a trader does.
class SimRoutes
{
public:
    explicit SimRoutes(Engine &engine) : m_engine(engine) {}

    Result launch(const Call &call);
    Result price(const Call &call);

private:
    Engine &m_engine;
};

} // namespace OrderDesk
