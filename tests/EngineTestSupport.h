#pragma once

// What the engine-level tests share: a started engine on a quiet, repeatable market, and a
// submit that must succeed.
#include "Engine.h"

#include <QtTest>

#include <memory>

namespace OrderDesk::TestSupport {

// Latency, failures, price drift and the rate limit all off; a fixed seed.
inline EngineConfig quietConfig(const QString &dataDir)
{
    EngineConfig c;
    c.dataDir = dataDir;
    c.latencyScale = 0;
    c.dexFailureRate = 0;
    c.seed = 42;
    c.marketTickMs = 0;
    c.rateLimit = 0;
    return c;
}

inline std::unique_ptr<Engine> startedEngine(const EngineConfig &config)
{
    auto engine = std::make_unique<Engine>(config);
    QString error;
    if (!engine->start(&error))
        qFatal("engine did not start: %s", qPrintable(error));
    return engine;
}

inline QString submitOrder(Engine &engine, const QJsonObject &request)
{
    auto result = engine.submit(request).result();
    if (auto *error = std::get_if<EngineError>(&result))
        qFatal("submit refused: %s (%s)", qPrintable(error->message), qPrintable(error->field));
    return std::get<SubmitResult>(result).order.id;
}

} // namespace OrderDesk::TestSupport
