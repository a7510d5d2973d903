#include "ServerLogging.h"

Q_LOGGING_CATEGORY(lcServer, "orderdesk.server")
