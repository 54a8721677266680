#include "core/Logging.h"

Q_LOGGING_CATEGORY(lcApi, "nestdeck.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWatch, "nestdeck.watch", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "nestdeck.ui", QtInfoMsg)
