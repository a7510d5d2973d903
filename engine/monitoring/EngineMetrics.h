#pragma once

#include "OrderQueue.h"

#include <QString>

namespace OrderDesk {

// Read without I/O: the backends' figures come from the engine's background refresh (see
// EngineMonitor), the rest is the engine's own bookkeeping.
struct EngineMetrics
{
    // Backend figures, meaningful only when known: read from a backend that answered recently.
    bool queueFiguresKnown = false; // queue and rateWindowUsed
    qint64 queueFiguresAgeMs = -1;  // -1: never read
    QueueCounts queue;
    int rateWindowUsed = 0;
    // Store-wide, every node's orders: what an operator of a cluster wants to see.
    bool storeFiguresKnown = false; // completed, failed, cancelled, expired
    qint64 storeFiguresAgeMs = -1;
    qint64 completed = 0; // confirmed
    qint64 failed = 0;
    qint64 cancelled = 0;
    qint64 expired = 0;

    // This node's own, always known.
    int workers = 0;
    int workersBusy = 0;
    int rateLimit = 0;
    qint64 rateWindowMs = 0;
    int waitingArmed = 0; // limit and sniper orders this node watches
    // Orders this node brought to each terminal status since it started.
    qint64 nodeConfirmed = 0;
    qint64 nodeFailed = 0;
    qint64 nodeCancelled = 0;
    qint64 nodeExpired = 0;
};

// Each component's state from its last background check: up only when that check answered and
// is recent, so a backend that hangs shows down instead of holding up whoever asks.
struct ComponentHealth
{
    bool queueUp = false;
    bool databaseUp = false;
    bool marketUp = false;
    QString queueBackend;    // "in-process" / "redis://…"
    QString databaseBackend; // "sqlite:…" / "postgresql://…"
    QString marketBackend;   // "in-process" / "http://…"
    // Since each component's last check finished; -1 before the first.
    qint64 queueCheckAgeMs = -1;
    qint64 databaseCheckAgeMs = -1;
    qint64 marketCheckAgeMs = -1;
};

} // namespace OrderDesk
