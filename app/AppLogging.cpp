#include "AppLogging.h"

// Start-up and shutdown notes are what an operator reads; debug chatter is opt-in through
// QT_LOGGING_RULES.
Q_LOGGING_CATEGORY(lcApp, "orderdesk.app", QtInfoMsg)
