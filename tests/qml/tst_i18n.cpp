// The German translation as a user meets it: installed from the compiled
// catalogue the app embeds, then strings from core (health words), from C++
// view-models and from QML files must come out in German. The completeness
// check (translations.de) cannot see a context that never matches at run time.
#include "QmlModules.h"
#include "qml/AppController.h"
#include "qml/Clusters/ClusterTableModel.h"

#include "core/platform/ClusterStatus.h"
#include "core/platform/AppWriter.h"
#include "core/platform/FormLayout.h"
#include "core/platform/FormSession.h"

#include <QJsonObject>
#include <QLocale>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using nestdeck::platform::Health;

namespace {
QQuickItem *findItem(QQuickItem *root, const QString &name)
{
    if (!root)
        return nullptr;
    if (root->objectName() == name)
        return root;
    for (QQuickItem *c : root->childItems())
        if (QQuickItem *f = findItem(c, name))
            return f;
    return nullptr;
}

QStringList texts(QQuickItem *root)
{
    QStringList out;
    if (!root)
        return out;
    if (root->isVisible())
        if (const QString t = root->property("text").toString(); !t.isEmpty())
            out << t;
    for (QQuickItem *c : root->childItems())
        out += texts(c);
    return out;
}
} // namespace

class TestI18n : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_translator.load(QLocale(QLocale::German), QStringLiteral("nestdeck"), QStringLiteral("_"), QStringLiteral(":/i18n")),
                 "the German catalogue is embedded as the app embeds it");
        QVERIFY(QCoreApplication::installTranslator(&m_translator));
    }

    void healthWordsFromCore()
    {
        QCOMPARE(nestdeck::platform::healthName(Health::Ready), QStringLiteral("Bereit"));
        QCOMPARE(nestdeck::platform::healthName(Health::Failed), QStringLiteral("Fehlgeschlagen"));
        // Every word has its own translation.
        QSet<QString> words;
        for (Health h : {Health::Ready, Health::Provisioning, Health::Upgrading, Health::Degraded, Health::Failed, Health::Deleting, Health::Unknown})
            words.insert(nestdeck::platform::healthName(h));
        QCOMPARE(words.size(), 7);
        QVERIFY(!words.contains(QStringLiteral("Provisioning")));
    }

    void viewModelStrings()
    {
        ClusterTableModel table;
        QCOMPARE(table.headerData(ClusterTableModel::Health, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("Zustand"));
        QCOMPARE(table.headerData(ClusterTableModel::ControlPlane, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("Steuerungsebene"));
        // The schema forms' words from core.
        const auto schema = nestdeck::platform::AppSchema::build(QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}});
        QVERIFY(schema);
        QCOMPARE(nestdeck::platform::formSteps(schema->root()).first().title, QStringLiteral("Grundlagen"));
        // A core class in a namespace: tr() looks up its qualified name.
        QCOMPARE(nestdeck::platform::FormSession::tr("Applied."), QStringLiteral("Angewendet."));
        QCOMPARE(nestdeck::platform::AppWriter::tr("Written; reading it back failed: %1"),
                 QStringLiteral("Geschrieben; das Zurücklesen schlug fehl: %1"));
    }

    void qmlStrings()
    {
        // No kubeconfig at all: the Connect page says so, in German.
        QTemporaryDir home;
        qputenv("HOME", home.path().toUtf8());
        qunsetenv("KUBECONFIG");
        registerQmlModules();
        AppController controller(nullptr);
        AppController::setInstance(&controller);
        controller.setStartup(QString(), QString());
        QQmlApplicationEngine engine;
        engine.loadFromModule("Nestdeck", "Main");
        QVERIFY(!engine.rootObjects().isEmpty());
        auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
        QVERIFY(window);
        QQuickItem *page = findItem(window->contentItem(), QStringLiteral("connectPage"));
        QVERIFY(page);
        QTRY_VERIFY(texts(page).contains(QStringLiteral("Keine Kontexte")));
        const QStringList shown = texts(page);
        QVERIFY2(shown.contains(QStringLiteral("Mit einem Management-Cluster verbinden")), qPrintable(shown.join(QLatin1Char('|'))));
        QVERIFY2(!shown.contains(QStringLiteral("Connect to a management cluster")), "no English left on the page");
        QCOMPARE(window->title(), QStringLiteral("Nestdeck"));
    }

private:
    QTranslator m_translator;
};

int main(int argc, char **argv)
{
    QStandardPaths::setTestModeEnabled(true);
    QGuiApplication app(argc, argv);
    TestI18n t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_i18n.moc"
