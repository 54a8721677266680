#pragma once

#include <QString>

namespace nestdeck {

// Identity of the application, shared by the GUI, the CLI and the packaging.
struct AppInfo {
    static QString version();
    static QString appId();
    // Versions of the libraries the client core is built on, for --version and
    // bug reports ("Qt 6.8.2, libcurl 8.14.1 (nghttp2), yaml-cpp, simdjson 3.x").
    static QString libraryVersions();
};

} // namespace nestdeck
