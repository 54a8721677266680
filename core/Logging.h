#pragma once

#include <QLoggingCategory>

// One logging category per layer; warnings by default, more with
// QT_LOGGING_RULES="nestdeck.*=true".
// Never log a secret, a token or a kubeconfig body through any of them.
Q_DECLARE_LOGGING_CATEGORY(lcApi)   // nestdeck.api: HTTP requests and their outcome
Q_DECLARE_LOGGING_CATEGORY(lcWatch) // nestdeck.watch: reflectors, relists, reconnects
Q_DECLARE_LOGGING_CATEGORY(lcUi)    // nestdeck.ui: models and pages
