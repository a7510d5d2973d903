#include "Logging.h"

Q_LOGGING_CATEGORY(lcEngine, "orderdesk.engine")
Q_LOGGING_CATEGORY(lcMarket, "orderdesk.market")
// Per-block chatter is opt-in (QT_LOGGING_RULES); the default shows start-up and trouble.
Q_LOGGING_CATEGORY(lcChain, "orderdesk.market.chain", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "orderdesk.store")
Q_LOGGING_CATEGORY(lcQueue, "orderdesk.queue")
