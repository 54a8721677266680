#pragma once

// Registers every Nestdeck QML module's C++ types. The modules are static
// libraries without plugins: nothing else refers to their registration
// functions, so the app and every QML test call this once before loading QML.
void registerQmlModules();
