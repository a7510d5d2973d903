#include "ServerLogging.h"

// Request logging (one debug line per request and WebSocket) is off unless asked for:
// QT_LOGGING_RULES="orderdesk.server.debug=true" (SPEC §9).
Q_LOGGING_CATEGORY(lcServer, "orderdesk.server", QtInfoMsg)
