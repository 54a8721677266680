#include <QStandardPaths>
#include <QtQuickTest>

#include "QmlModules.h"

// Links the Nestdeck QML modules statically, so `import Nestdeck.Components`
// resolves to exactly the files the application ships.

class Setup : public QObject {
    Q_OBJECT
public slots:
    void applicationAvailable()
    {
        QStandardPaths::setTestModeEnabled(true);
        registerQmlModules();
    }
};

QUICK_TEST_MAIN_WITH_SETUP(nestdeck_qml, Setup)
#include "tst_qml.moc"
