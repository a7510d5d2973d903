#pragma once

#include "ApiCall.h"
#include "LatencyHistogram.h"

class QObject;

namespace OrderDesk {

class Engine;

// The order endpoints of SPEC §4: submit, list, read, history, cancel. Reads run on the
// engine's read pool and answer 503 when the store does not answer (nothing read is made up).
class OrderRoutes
{
public:
    // `context` runs the continuations of answers that come later (the server's thread).
    OrderRoutes(Engine &engine, QObject *context) : m_engine(engine), m_context(context) {}

    Result submit(const Call &call);
    Result list(const Call &call);
    Result get(const Call &call);
    Result status(const Call &call);
    Result history(const Call &call);
    Result cancel(const Call &call);

    // Submission to its 201, on the server's thread (read by /metrics on the same thread).
    const LatencyHistogram &submitResponse() const { return m_submitResponse; }

private:
    Engine &m_engine;
    QObject *m_context;
    LatencyHistogram m_submitResponse;
};

} // namespace OrderDesk
