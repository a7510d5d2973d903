#include "Logging.h"

// Debug lines (a route's reasoning, a venue's fill, per-block chatter) are opt-in through
// QT_LOGGING_RULES, e.g. "orderdesk.market.debug=true": by default the log shows start-up,
// takeovers and trouble, not a line per order step.
Q_LOGGING_CATEGORY(lcEngine, "orderdesk.engine", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMarket, "orderdesk.market", QtInfoMsg)
Q_LOGGING_CATEGORY(lcChain, "orderdesk.market.chain", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "orderdesk.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcQueue, "orderdesk.queue", QtInfoMsg)
