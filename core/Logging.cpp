#include "core/Logging.h"

Q_LOGGING_CATEGORY(lcApi, "nestdeck.api", QtWarningMsg)
Q_LOGGING_CATEGORY(lcWatch, "nestdeck.watch", QtWarningMsg)
Q_LOGGING_CATEGORY(lcUi, "nestdeck.ui", QtWarningMsg)
