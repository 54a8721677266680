#pragma once

#include <QCoreApplication>
#include <QString>

namespace nestdeck::platform {

// Translation for core, which has no QObject classes to hang tr() on.
// lupdate takes the context from translate()'s first argument (a literal),
// so the catalogue and the run-time lookup agree: core's messages all use
// the context "nestdeck::platform".
inline QString translate(const char *context, const char *source, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate(context, source, disambiguation, n);
}

} // namespace nestdeck::platform
