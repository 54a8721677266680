// Nestdeck: the executable only parses the command line and loads the QML module.
// Everything else lives in core/ (client, caches, domain logic) and qml/ (UI).
#include "core/AppInfo.h"
#include "core/Logging.h"
#include "qml/AppController.h"
#include "qml/QmlModules.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QIcon>
#include <QLocale>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTranslator>

#include <cstdio>

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("Nestdeck"));
    QGuiApplication::setOrganizationName(QStringLiteral("Nestdeck"));
    QGuiApplication::setOrganizationDomain(QStringLiteral("nestdeck.io"));
    QGuiApplication::setApplicationVersion(nestdeck::AppInfo::version());
    QGuiApplication::setDesktopFileName(nestdeck::AppInfo::appId());
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/%1.svg").arg(nestdeck::AppInfo::appId())));

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("nestdeck"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Console for Cozystack-style managed Kubernetes platforms"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption kubeconfigOption(
        QStringLiteral("kubeconfig"), QCoreApplication::translate("main", "Kubeconfig file to use."),
        QStringLiteral("file"));
    const QCommandLineOption contextOption(
        QStringLiteral("context"), QCoreApplication::translate("main", "Kubeconfig context to open."),
        QStringLiteral("name"));
    parser.addOption(kubeconfigOption);
    parser.addOption(contextOption);
    parser.process(app);

    // Fusion follows the system palette (light and dark) and looks at home on
    // every desktop; QT_QUICK_CONTROLS_STYLE still overrides it.
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Fusion"));

    registerQmlModules();
    AppController controller(nullptr);
    AppController::setInstance(&controller);
    controller.setStartup(parser.value(kubeconfigOption), parser.value(contextOption));

    QQmlApplicationEngine engine;
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, &app,
        [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.loadFromModule("Nestdeck", "Main");
    if (engine.rootObjects().isEmpty())
        return 1;

    // Tests and scripts wait for this line instead of guessing how long the
    // first frame takes.
    if (auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst())) {
        QObject::connect(
            window, &QQuickWindow::frameSwapped, &app,
            [] {
                qCInfo(lcUi, "first frame shown");
                std::fputs("nestdeck: window ready\n", stdout);
                std::fflush(stdout);
            },
            Qt::SingleShotConnection);
    }
    return QGuiApplication::exec();
}
