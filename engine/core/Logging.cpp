#include "Logging.h"

Q_LOGGING_CATEGORY(lcEngine, "orderdesk.engine")
Q_LOGGING_CATEGORY(lcMarket, "orderdesk.market")
Q_LOGGING_CATEGORY(lcChain, "orderdesk.market.chain")
Q_LOGGING_CATEGORY(lcStore, "orderdesk.store")
Q_LOGGING_CATEGORY(lcQueue, "orderdesk.queue")
