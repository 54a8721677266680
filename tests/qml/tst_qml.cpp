#include <QStandardPaths>
#include <QtQuickTest>

// Links the Nestdeck QML module statically, so `import Nestdeck` resolves to
// exactly the files the application ships.
void qml_register_types_Nestdeck();

class Setup : public QObject {
    Q_OBJECT
public slots:
    void applicationAvailable()
    {
        QStandardPaths::setTestModeEnabled(true);
        qml_register_types_Nestdeck();
    }
};

QUICK_TEST_MAIN_WITH_SETUP(nestdeck_qml, Setup)
#include "tst_qml.moc"
