#pragma once

// What the GUI tests share: the main window opened as the app opens it, items
// found by objectName, and a main() that never touches the user's settings.
#include "qml/AppController.h"
#include "qml/QmlModules.h"

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace nestdeck::testing {

// The first visible item named name under root, depth first.
inline QQuickItem *findItem(QQuickItem *root, const QString &name)
{
    if (!root)
        return nullptr;
    if (root->objectName() == name && root->isVisible())
        return root;
    for (QQuickItem *c : root->childItems())
        if (QQuickItem *f = findItem(c, name))
            return f;
    return nullptr;
}

// The app's window: QML modules, the Fusion style, Main loaded with
// controller as the AppController singleton, exposed and active (shortcuts
// only reach the active window). Null when any step fails.
inline QQuickWindow *openMainWindow(AppController *controller, std::unique_ptr<QQmlApplicationEngine> &engine)
{
    registerQmlModules();
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    AppController::setInstance(controller);
    engine = std::make_unique<QQmlApplicationEngine>();
    engine->loadFromModule("Nestdeck", "Main");
    if (engine->rootObjects().isEmpty())
        return nullptr;
    auto *window = qobject_cast<QQuickWindow *>(engine->rootObjects().constFirst());
    if (!window || !QTest::qWaitForWindowExposed(window))
        return nullptr;
    window->requestActivate();
    return QTest::qWaitForWindowActive(window) ? window : nullptr;
}

// main() of a GUI test: HOME in a temporary directory, Qt's test paths.
template <typename Test> int runGuiTest(int argc, char **argv)
{
    QTemporaryDir home;
    qputenv("HOME", home.path().toUtf8());
    QStandardPaths::setTestModeEnabled(true);
    QGuiApplication app(argc, argv);
    Test t;
    return QTest::qExec(&t, argc, argv);
}

} // namespace nestdeck::testing
