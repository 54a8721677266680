// GUI end to end, in a real X server (Xvfb) against the sandbox: pick the
// context → a tenant → a cluster → Node groups → Secrets → save admin.conf →
// the saved file works with kubectl; then a cluster created with kubectl
// appears and turns Ready on screen without any user action. Screenshots of
// each screen are kept in build/screenshots/e2e/.
#include "qml/AppController.h"
#include "qml/Clusters/ClusterDetails.h"
#include "qml/Clusters/ClusterTableModel.h"
#include "qml/Clusters/ProblemsModel.h"
#include "qml/Clusters/TroubleshootModel.h"
#include "qml/Editor/AppForm.h"
#include "qml/QmlModules.h"
#include "tests/common/GuiTest.h"
#include "core/platform/AppValues.h"

#include <QClipboard>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPalette>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using nestdeck::testing::findItem;
using nestdeck::testing::openMainWindow;

namespace {
QString sandboxDir() { return qEnvironmentVariable("NESTDECK_SANDBOX_DIR"); }
QString sandboxBin() { return qEnvironmentVariable("NESTDECK_SANDBOX_BIN"); }

QString kubectl(const QStringList &args, int *exitCode = nullptr, const QByteArray &input = {})
{
    QProcess p;
    p.start(sandboxBin() + QStringLiteral("/kubectl"), args);
    if (!input.isEmpty()) {
        p.write(input);
        p.closeWriteChannel();
    }
    p.waitForFinished(60000);
    if (exitCode)
        *exitCode = p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}
} // namespace

class TestGuiEndToEnd : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void pickContext();
    void tenantAndCluster();
    void nodeGroups();
    void secretsSaveAdminConf();
    void newClusterAppearsAndTurnsReady();
    void createThroughForm();
    void editThroughForm();
    void concurrentEditIsDetected();
    void nodePools();
    void dayTwoActions();
    void deleteWithLeftovers();
    void problemsToTheCause();
    void darkPalette();
    void cleanupTestCase();

private:
    QQuickItem *item(const QString &name, int timeoutMs = 20000)
    {
        QQuickItem *it = nullptr;
        // Pages load asynchronously: wait for the item rather than assume it is there.
        (void)QTest::qWaitFor([&] { return (it = findItem(m_window->contentItem(), name)) != nullptr; }, timeoutMs);
        if (!it) {
            // Say what there is, to make a failure readable.
            QStringList names;
            std::function<void(QQuickItem *)> walk = [&](QQuickItem *i) {
                if (!i->objectName().isEmpty())
                    names << i->objectName() + (i->isVisible() ? QString() : QStringLiteral("(hidden)"));
                for (QQuickItem *c : i->childItems())
                    walk(c);
            };
            walk(m_window->contentItem());
            m_window->grabWindow().save(m_shots + QStringLiteral("/failure.png"));
            qFatal("no visible item named %s; named items: %s", qPrintable(name), qPrintable(names.join(QLatin1Char(' '))));
        }
        return it;
    }
    void click(QQuickItem *it, bool twice = false)
    {
        const QPoint p = it->mapToScene(QPointF(it->width() / 2, it->height() / 2)).toPoint();
        if (twice)
            QTest::mouseDClick(m_window, Qt::LeftButton, {}, p);
        else
            QTest::mouseClick(m_window, Qt::LeftButton, {}, p);
    }
    // The StackView animates pushes and pops: wait until it has settled.
    void waitForPage()
    {
        QQuickItem *stack = item(QStringLiteral("content"));
        QTRY_VERIFY_WITH_TIMEOUT(!stack->property("busy").toBool(), 5000);
    }
    // The clusters page's own model (QML makes it and passes it the session).
    ClusterTableModel *clusters()
    {
        return item(QStringLiteral("clustersPage"))->property("clusters").value<ClusterTableModel *>();
    }
    void shot(const QString &name)
    {
        QTest::qWait(0); // let the scene graph render what changed
        QTRY_VERIFY(m_window->isExposed());
        const QImage img = m_window->grabWindow();
        QVERIFY(!img.isNull());
        QVERIFY(img.save(m_shots + QLatin1Char('/') + name + QStringLiteral(".png")));
    }

    // Keyboard on an item (scrolled into view by the form), then keys.
    void typeInto(QQuickItem *it, const QString &text)
    {
        it->forceActiveFocus();
        QTRY_VERIFY(it->hasActiveFocus());
        QTest::keyClick(m_window, Qt::Key_A, Qt::ControlModifier);
        if (text.isEmpty())
            QTest::keyClick(m_window, Qt::Key_Backspace);
        for (const QChar c : text)
            QTest::keyClick(m_window, c.toLatin1());
    }
    void press(QQuickItem *it)
    {
        it->forceActiveFocus();
        QTRY_VERIFY(it->hasActiveFocus());
        QTest::keyClick(m_window, Qt::Key_Space);
    }
    // From the clusters table: Ctrl+F, the name, Enter (the first match), Enter (open).
    void openByKeyboard(const QString &name, const QString &ns = QStringLiteral("tenant-root"))
    {
        QTest::keySequence(m_window, QKeySequence::Find);
        QQuickItem *search = item(QStringLiteral("clusterSearch"));
        QTRY_VERIFY(search->hasActiveFocus());
        search->setProperty("text", QString());
        for (const QChar c : name)
            QTest::keyClick(m_window, c.toLatin1());
        QTRY_COMPARE(search->property("text").toString(), name);
        QTRY_VERIFY(item(QStringLiteral("clusterCount"))->property("text").toString().startsWith(QLatin1String("1 of")));
        QTest::keyClick(m_window, Qt::Key_Return);
        QTRY_VERIFY(item(QStringLiteral("clusterTable"))->hasActiveFocus());
        QTest::keyClick(m_window, Qt::Key_Return);
        waitForPage();
        QTRY_COMPARE(item(QStringLiteral("clusterPage"))->property("appKey").toString(), ns + QLatin1Char('/') + name);
    }
    static QString field(const QStringList &path)
    {
        return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(path)).toJson(QJsonDocument::Compact));
    }
    QObject *form() { return item(QStringLiteral("editorPage"))->property("form").value<QObject *>(); }
    QString sandboxKubectl(QStringList args, int *code = nullptr)
    {
        args.prepend(sandboxDir() + QStringLiteral("/kubeconfig"));
        args.prepend(QStringLiteral("--kubeconfig"));
        return kubectl(args, code);
    }

    // The generation of an app's release counts the writes of its spec (the
    // platform stores an app as a HelmRelease): unchanged, nothing was written.
    qint64 releaseGeneration(const QString &app)
    {
        return sandboxKubectl({QStringLiteral("get"), QStringLiteral("helmreleases.helm.toolkit.fluxcd.io"), QStringLiteral("-n"),
                               QStringLiteral("tenant-root"), QStringLiteral("kubernetes-") + app, QStringLiteral("-o"),
                               QStringLiteral("jsonpath={.metadata.generation}")}).trimmed().toLongLong();
    }

    QTemporaryDir m_home;
    QString m_formCluster;
    QString m_doomed;
    QString m_shots;
    std::unique_ptr<AppController> m_controller;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow *m_window = nullptr;
    QString m_newCluster;
};

using nestdeck::platform::valueAt;


void TestGuiEndToEnd::initTestCase()
{
    QVERIFY(QFile::exists(sandboxDir() + QStringLiteral("/kubeconfig")));
    m_shots = qEnvironmentVariable("NESTDECK_SCREENSHOTS");
    QVERIFY(QDir().mkpath(m_shots));
    m_controller = std::make_unique<AppController>(nullptr);
    m_controller->setStartup(sandboxDir() + QStringLiteral("/kubeconfig"), QString());
    m_window = openMainWindow(m_controller.get(), m_engine);
    QVERIFY(m_window);
}

void TestGuiEndToEnd::pickContext()
{
    // Keyboard only: the context list has focus from the start; arrows choose, Enter connects.
    QQuickItem *list = item(QStringLiteral("contextList"));
    (void)item(QStringLiteral("context_admin@sandbox"));
    QTRY_VERIFY(list->hasActiveFocus());
    shot(QStringLiteral("1-connect"));
    QTest::keyClick(m_window, Qt::Key_Home);
    for (int i = 0; i < 10 && list->property("currentItem").value<QQuickItem *>()->objectName() != QLatin1String("context_admin@sandbox"); ++i)
        QTest::keyClick(m_window, Qt::Key_Down);
    QCOMPARE(list->property("currentItem").value<QQuickItem *>()->objectName(), QStringLiteral("context_admin@sandbox"));
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->state(), ConnectionState::Synced, 30000);
    QCOMPARE(m_controller->currentContext(), QStringLiteral("admin@sandbox"));
    QTRY_VERIFY_WITH_TIMEOUT(clusters()->count() >= 6, 30000);
    QCOMPARE(item(QStringLiteral("connectionState"))->property("text").toString(), QStringLiteral("Live"));
    // Connected: the keyboard is on the clusters table, and Tab leaves it
    // (Shift+Tab comes back).
    QQuickItem *table = item(QStringLiteral("clusterTable"));
    QTRY_VERIFY(table->hasActiveFocus());
    QTest::keyClick(m_window, Qt::Key_Tab);
    QTRY_VERIFY(!table->hasActiveFocus());
    QTest::keyClick(m_window, Qt::Key_Backtab, Qt::ShiftModifier);
    QTRY_VERIFY(table->hasActiveFocus());
    // From the filter, Tab lands on the table itself (the header view was a
    // silent stop between them).
    item(QStringLiteral("clusterSearch"))->forceActiveFocus();
    QTest::keyClick(m_window, Qt::Key_Tab);
    QTRY_VERIFY(table->hasActiveFocus());
    // Rows show while the first list streams in, health once every tree has
    // loaded: the screenshot is of the settled table.
    QTRY_VERIFY_WITH_TIMEOUT(clusters()->statusAt(0).word != QStringLiteral("…") && clusters()->pendingStatuses() == 0, 30000);
    shot(QStringLiteral("2-clusters"));
}

void TestGuiEndToEnd::tenantAndCluster()
{
    click(item(QStringLiteral("tenant_tenant-alpha")));
    QQuickItem *count = item(QStringLiteral("clusterCount"));
    // alpha holds prod, staging and pooled; gamma (a child of alpha) holds edge.
    QTRY_VERIFY_WITH_TIMEOUT(count->property("text").toString().startsWith(QLatin1String("4 of")), 10000);
    shot(QStringLiteral("3-tenant-alpha"));
    // Keyboard: Ctrl+F, type, Enter goes to the table, Enter opens the cluster.
    QTest::keySequence(m_window, QKeySequence::Find);
    QQuickItem *search = item(QStringLiteral("clusterSearch"));
    QTRY_VERIFY(search->hasActiveFocus());
    for (const char c : {'p', 'r', 'o', 'd'})
        QTest::keyClick(m_window, c);
    QTRY_VERIFY(count->property("text").toString().startsWith(QLatin1String("1 of")));
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_VERIFY(item(QStringLiteral("clusterTable"))->hasActiveFocus());
    QTest::keyClick(m_window, Qt::Key_Return);
    waitForPage();
    QQuickItem *health = item(QStringLiteral("clusterHealth"));
    QTRY_COMPARE_WITH_TIMEOUT(health->property("text").toString(), QStringLiteral("Ready"), 20000);
    shot(QStringLiteral("4-cluster-overview"));
    // Esc goes back to the table with the keyboard on it; Enter opens the cluster again.
    QTest::keyClick(m_window, Qt::Key_Escape);
    waitForPage();
    QTRY_VERIFY(item(QStringLiteral("clusterTable"))->hasActiveFocus());
    QTest::keyClick(m_window, Qt::Key_Return);
    waitForPage();
    QTRY_COMPARE_WITH_TIMEOUT(item(QStringLiteral("clusterHealth"))->property("text").toString(), QStringLiteral("Ready"), 20000);
}

void TestGuiEndToEnd::nodeGroups()
{
    // Ctrl+Tab walks the tabs.
    QTest::keyClick(m_window, Qt::Key_Tab, Qt::ControlModifier);
    QQuickItem *tab = item(QStringLiteral("nodeGroupsTab"));
    QTRY_VERIFY(tab->isVisible());
    auto *details = tab->property("details").value<ClusterDetails *>();
    QVERIFY(details);
    QTRY_VERIFY_WITH_TIMEOUT(details->nodeGroups()->count() == 2, 10000);
    auto md0 = [details] { return details->nodeGroups()->at<NodeGroupRow>(1); };
    QCOMPARE(md0().name, QStringLiteral("md0"));
    QCOMPARE(md0().instanceType, QStringLiteral("u1.large"));
    // The instance type catalog is a cache of its own: its size follows once it has synced.
    QTRY_COMPARE_WITH_TIMEOUT(md0().instanceSize, QStringLiteral("2 vCPU, 8Gi"), 10000);
    // Drawn, not only modelled: the group's frame is on screen.
    QVERIFY(item(QStringLiteral("nodeGroup_md0")));
    shot(QStringLiteral("5-node-groups"));
    click(item(QStringLiteral("tab_2")));
    shot(QStringLiteral("6-addons"));
    click(item(QStringLiteral("tab_3")));
    shot(QStringLiteral("7-control-plane"));
    click(item(QStringLiteral("tab_4")));
    shot(QStringLiteral("8-events"));
    click(item(QStringLiteral("tab_5")));
    shot(QStringLiteral("9-yaml"));
}

void TestGuiEndToEnd::secretsSaveAdminConf()
{
    click(item(QStringLiteral("tab_6")));
    // The platform writes the Secret once prod's control plane serves, which
    // can be a few seconds after the sandbox comes up: wait for the server to
    // have it (asking earlier shows "not found", correctly).
    QTRY_VERIFY_WITH_TIMEOUT([] {
        int code = 1;
        kubectl({QStringLiteral("--kubeconfig"), sandboxDir() + QStringLiteral("/kubeconfig"), QStringLiteral("get"), QStringLiteral("secret"),
                 QStringLiteral("-n"), QStringLiteral("tenant-alpha"), QStringLiteral("kubernetes-prod-admin-kubeconfig")}, &code);
        return code == 0;
    }(), 90000);
    click(item(QStringLiteral("loadSecret")));
    shot(QStringLiteral("10a-secret-loading"));
    QElapsedTimer loadTime;
    loadTime.start();
    QQuickItem *path = item(QStringLiteral("savePath_admin.conf"));
    qInfo("secret loaded in %lld ms", loadTime.elapsed());
    const QString target = m_home.filePath(QStringLiteral("prod-admin.conf"));
    path->setProperty("text", target);
    shot(QStringLiteral("10-secrets"));
    click(item(QStringLiteral("save_admin.conf")));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(target), 10000);
    // Mode 0600: nothing for group or others.
    const auto perms = QFile::permissions(target);
    QVERIFY(perms & QFileDevice::ReadOwner);
    QVERIFY(!(perms & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther)));
    int code = 0;
    const QString nodes = kubectl({QStringLiteral("--kubeconfig"), target, QStringLiteral("get"), QStringLiteral("nodes"), QStringLiteral("--no-headers")}, &code);
    QVERIFY2(code == 0, qPrintable(nodes));
    QCOMPARE(nodes.count(QStringLiteral(" Ready ")), 3);
    // super-admin.conf asks for confirmation before anything happens.
    QGuiApplication::clipboard()->clear();
    click(item(QStringLiteral("copy_super-admin.conf")));
    // Without the confirmation the copy would have run inside the click handler,
    // which has returned: the clipboard must still be empty (the dialog is in the screenshot).
    QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
    shot(QStringLiteral("11-super-admin-confirmation"));
}

void TestGuiEndToEnd::newClusterAppearsAndTurnsReady()
{
    QTest::keyClick(m_window, Qt::Key_Escape); // close the confirmation
    click(item(QStringLiteral("backButton")));
    waitForPage();
    item(QStringLiteral("clusterSearch"))->setProperty("text", QString());
    click(item(QStringLiteral("tenant_all")));
    m_newCluster = QStringLiteral("e2e%1").arg(QDateTime::currentMSecsSinceEpoch() % 100000);
    const QByteArray manifest = QStringLiteral("apiVersion: apps.cozystack.io/v1alpha1\nkind: Kubernetes\nmetadata:\n  name: %1\n  namespace: tenant-root\n"
                                               "spec:\n  version: v1.34\n  nodeGroups:\n    md0:\n      minReplicas: 1\n      maxReplicas: 3\n      instanceType: u1.medium\n")
                                    .arg(m_newCluster).toUtf8();
    int code = 0;
    const QString out = kubectl({QStringLiteral("--kubeconfig"), sandboxDir() + QStringLiteral("/kubeconfig"), QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, &code, manifest);
    QVERIFY2(code == 0, qPrintable(out));
    const QString key = QStringLiteral("tenant-root/") + m_newCluster;
    ClusterTableModel *model = clusters();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(key) >= 0, 20000);
    const int health0 = model->data(model->index(model->rowOf(key), 0), ClusterTableModel::HealthRole).toInt();
    QVERIFY(health0 != 0); // not Ready straight away
    shot(QStringLiteral("12-new-cluster-provisioning"));
    QTRY_COMPARE_WITH_TIMEOUT(model->data(model->index(model->rowOf(key), 0), ClusterTableModel::HealthRole).toInt(), 0, 90000);
    shot(QStringLiteral("13-new-cluster-ready"));
    // And a real X screenshot of the whole screen.
    QProcess::execute(QStringLiteral("import"), {QStringLiteral("-window"), QStringLiteral("root"), m_shots + QStringLiteral("/14-x-screen.png")});
}

void TestGuiEndToEnd::createThroughForm()
{
    // Ctrl+N: the kinds the platform defines; the first (most important) is Kubernetes.
    QTest::keyClick(m_window, Qt::Key_N, Qt::ControlModifier);
    QTest::keyClick(m_window, Qt::Key_Down);
    QTest::keyClick(m_window, Qt::Key_Return);
    waitForPage();
    QObject *f = form();
    // "All tenants" is selected: the form asks where to create, it assumes nothing.
    QCOMPARE(f->property("namespaceName").toString(), QString());
    QVERIFY(!f->property("ready").toBool());
    shot(QStringLiteral("15a-form-choose-tenant"));
    QTRY_VERIFY(item(QStringLiteral("tenantPicker"))->hasActiveFocus()); // the first thing to do
    click(item(QStringLiteral("tenantPicker")));
    click(item(QStringLiteral("tenantChoice_tenant-root")));
    QTRY_VERIFY_WITH_TIMEOUT(f->property("ready").toBool(), 20000);
    QCOMPARE(f->property("kind").toString(), QStringLiteral("Kubernetes"));
    QCOMPARE(f->property("namespaceName").toString(), QStringLiteral("tenant-root"));
    // Steps follow the schema's sections.
    const QStringList steps = f->property("steps").toStringList();
    QVERIFY2(steps.size() >= 4 && steps.contains(QStringLiteral("Node groups")) && steps.last() == QLatin1String("Review"),
             qPrintable(steps.join(QLatin1Char(','))));
    // The name field has the keyboard; a bad name blocks Next, in words.
    QQuickItem *name = item(QStringLiteral("nameField"));
    QTRY_VERIFY(name->hasActiveFocus());
    QQuickItem *next = item(QStringLiteral("nextStep"));
    typeInto(name, QStringLiteral("Bad_Name"));
    QTRY_VERIFY(!item(QStringLiteral("nameError"))->property("text").toString().isEmpty());
    QVERIFY(!next->isEnabled());
    shot(QStringLiteral("15-form-bad-name"));
    m_formCluster = QStringLiteral("form%1").arg(QDateTime::currentMSecsSinceEpoch() % 100000);
    typeInto(name, m_formCluster);
    QTRY_VERIFY(next->isEnabled());
    // The version dropdown by keyboard: one below the default (the newest, first),
    // so the day-two test has an upgrade to make.
    QQuickItem *version = item(QStringLiteral("edit_") + field({QStringLiteral("version")}));
    version->forceActiveFocus();
    QTest::keyClick(m_window, Qt::Key_Down);
    QTRY_COMPARE(valueAt(QJsonValue(f->property("values").toJsonObject()), {QStringLiteral("version")}).toString(), QStringLiteral("v1.34"));
    // Cluster-sourced options: the storage classes the cluster has, in a dropdown.
    QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("edit_") + field({QStringLiteral("storageClass")}))->property("count").toInt() > 0, 10000);
    shot(QStringLiteral("16-form-basics"));
    click(next);
    QTRY_COMPARE(steps.value(f->property("currentStep").toInt()), QStringLiteral("Node groups"));

    // The map editor: add md1, give it one node; an invalid max blocks Next.
    typeInto(item(QStringLiteral("newKey_") + field({QStringLiteral("nodeGroups")})), QStringLiteral("md1"));
    press(item(QStringLiteral("add_") + field({QStringLiteral("nodeGroups")})));
    const QString min = QStringLiteral("edit_") + field({QStringLiteral("nodeGroups"), QStringLiteral("md1"), QStringLiteral("minReplicas")});
    const QString max = QStringLiteral("edit_") + field({QStringLiteral("nodeGroups"), QStringLiteral("md1"), QStringLiteral("maxReplicas")});
    typeInto(item(min), QStringLiteral("2"));
    typeInto(item(max), QStringLiteral("1"));
    QQuickItem *maxError = item(QStringLiteral("error_") + field({QStringLiteral("nodeGroups"), QStringLiteral("md1"), QStringLiteral("maxReplicas")}));
    QTRY_VERIFY(maxError->property("text").toString().contains(QLatin1String("Min replicas")));
    QVERIFY(!next->isEnabled());
    shot(QStringLiteral("17-form-invalid-max"));
    typeInto(item(max), QStringLiteral("abc"));
    QTRY_VERIFY(!maxError->property("text").toString().isEmpty());
    QVERIFY(!next->isEnabled());
    typeInto(item(min), QStringLiteral("1"));
    typeInto(item(max), QStringLiteral("3"));
    QTRY_VERIFY(next->isEnabled());
    QVERIFY(maxError->property("text").toString().isEmpty());
    shot(QStringLiteral("18-form-node-groups"));
    // On to Addons (every step between can be passed: it is valid).
    while (steps.value(f->property("currentStep").toInt()) != QLatin1String("Addons"))
        click(next);
    press(item(QStringLiteral("edit_") + field({QStringLiteral("addons"), QStringLiteral("certManager"), QStringLiteral("enabled")})));
    shot(QStringLiteral("19-form-addons"));
    while (!f->property("onReview").toBool())
        click(next);
    // Review: the exact YAML, then the server's dry-run verdict.
    QTRY_VERIFY_WITH_TIMEOUT(!f->property("busy").toBool() && f->property("verdictOk").toBool() &&
                                 f->property("verdict").toString().contains(QLatin1String("dry run")), 20000);
    const QString yaml = item(QStringLiteral("reviewYaml"))->property("text").toString();
    QVERIFY2(yaml.contains(QLatin1String("md1:")) && yaml.contains(QLatin1String("certManager:")), qPrintable(yaml));
    shot(QStringLiteral("20-form-review"));
    click(item(QStringLiteral("submitButton")));
    // Created: the cluster's page opens and it turns Ready there.
    QQuickItem *health = item(QStringLiteral("clusterHealth"), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(health->property("text").toString(), QStringLiteral("Ready"), 120000);
    int code = 0;
    const QString md = sandboxKubectl({QStringLiteral("get"), QStringLiteral("machinedeployments.cluster.x-k8s.io"), QStringLiteral("-n"),
                                       QStringLiteral("tenant-root"), QStringLiteral("kubernetes-%1-md1").arg(m_formCluster),
                                       QStringLiteral("-o"), QStringLiteral("jsonpath={.spec.replicas}")}, &code);
    QVERIFY2(code == 0 && md == QLatin1String("1"), qPrintable(md));
    shot(QStringLiteral("21-form-created-ready"));
}

void TestGuiEndToEnd::editThroughForm()
{
    // Ctrl+E on the cluster's page: the same form, filled from the live object.
    QTest::keyClick(m_window, Qt::Key_E, Qt::ControlModifier);
    waitForPage();
    QObject *f = form();
    QTRY_VERIFY_WITH_TIMEOUT(f->property("ready").toBool(), 20000);
    QVERIFY(f->property("editing").toBool());
    // Immutable once created: read-only, with the reason beside it.
    QTRY_VERIFY(!item(QStringLiteral("edit_") + field({QStringLiteral("storageClass")}))->isEnabled());
    shot(QStringLiteral("21a-edit-basics"));
    const QStringList steps = f->property("steps").toStringList();
    f->setProperty("currentStep", int(steps.indexOf(QStringLiteral("Node groups"))));
    const QString max = QStringLiteral("edit_") + field({QStringLiteral("nodeGroups"), QStringLiteral("md1"), QStringLiteral("maxReplicas")});
    QTRY_COMPARE(item(max)->property("text").toString(), QStringLiteral("3"));
    typeInto(item(max), QStringLiteral("5"));
    QTRY_VERIFY(f->property("dirty").toBool());
    f->setProperty("currentStep", int(steps.indexOf(QStringLiteral("Addons"))));
    press(item(QStringLiteral("edit_") + field({QStringLiteral("addons"), QStringLiteral("velero"), QStringLiteral("enabled")})));
    const qint64 generation = releaseGeneration(m_formCluster);
    f->setProperty("currentStep", int(steps.size() - 1));
    QTRY_VERIFY_WITH_TIMEOUT(f->property("verdictOk").toBool() && !f->property("busy").toBool(), 20000);
    const QStringList changes = f->property("reviewChanges").toStringList();
    QVERIFY2(changes.size() == 2, qPrintable(changes.join(QLatin1Char('\n'))));
    // The review of an edit sends nothing to the platform (it would store a
    // dry-run update), and says so.
    QVERIFY(f->property("localReview").toBool());
    QVERIFY(item(QStringLiteral("localReviewNote"))->isVisible());
    QCOMPARE(releaseGeneration(m_formCluster), generation);
    shot(QStringLiteral("22-edit-review"));
    click(item(QStringLiteral("submitButton")));
    (void)item(QStringLiteral("clusterHealth"), 30000); // back on the cluster's page
    // The change reaches Cluster API and Flux.
    const QString mdName = QStringLiteral("kubernetes-%1-md1").arg(m_formCluster);
    QTRY_VERIFY_WITH_TIMEOUT(sandboxKubectl({QStringLiteral("get"), QStringLiteral("machinedeployments.cluster.x-k8s.io"), QStringLiteral("-n"),
                                             QStringLiteral("tenant-root"), mdName, QStringLiteral("-o"),
                                             QStringLiteral("jsonpath={.metadata.annotations}")})
                                 .contains(QLatin1String("max-size\":\"5")), 60000);
    int code = 1;
    QTRY_VERIFY_WITH_TIMEOUT((sandboxKubectl({QStringLiteral("get"), QStringLiteral("helmreleases.helm.toolkit.fluxcd.io"), QStringLiteral("-n"),
                                              QStringLiteral("tenant-root"), QStringLiteral("kubernetes-%1-velero").arg(m_formCluster)}, &code),
                              code == 0), 60000);
    shot(QStringLiteral("23-edit-applied"));
}

void TestGuiEndToEnd::concurrentEditIsDetected()
{
    QTest::keyClick(m_window, Qt::Key_E, Qt::ControlModifier);
    waitForPage();
    QObject *f = form();
    QTRY_VERIFY_WITH_TIMEOUT(f->property("ready").toBool(), 20000);
    const QStringList steps = f->property("steps").toStringList();
    f->setProperty("currentStep", int(steps.indexOf(QStringLiteral("Node groups"))));
    const QString max = QStringLiteral("edit_") + field({QStringLiteral("nodeGroups"), QStringLiteral("md1"), QStringLiteral("maxReplicas")});
    typeInto(item(max), QStringLiteral("7"));
    // Meanwhile someone else changes the same field with kubectl. The platform
    // would let the last writer win: the form looks before writing.
    auto kubectlPatch = [&](const QString &patch) {
        int code = 0;
        const QString out = sandboxKubectl({QStringLiteral("patch"), QStringLiteral("kubernetes.apps.cozystack.io"), m_formCluster, QStringLiteral("-n"),
                                            QStringLiteral("tenant-root"), QStringLiteral("--type=merge"), QStringLiteral("-p"), patch}, &code);
        QVERIFY2(code == 0, qPrintable(out));
    };
    kubectlPatch(QStringLiteral("{\"spec\":{\"nodeGroups\":{\"md1\":{\"maxReplicas\":6}}}}"));
    const qint64 generation = releaseGeneration(m_formCluster);
    f->setProperty("currentStep", int(steps.size() - 1));
    // Detected at the review, before anything could be written; nothing of ours lost.
    QTRY_VERIFY_WITH_TIMEOUT(f->property("conflict").toBool(), 20000);
    const QStringList theirs = f->property("theirChanges").toStringList();
    QVERIFY2(theirs.join(QLatin1Char(' ')).contains(QStringLiteral("nodeGroups.md1.maxReplicas: 5 → 6")) &&
                 theirs.join(QLatin1Char(' ')).contains(QLatin1String("you changed this too")),
             qPrintable(theirs.join(QLatin1Char('\n'))));
    QCOMPARE(valueAt(QJsonValue(f->property("values").toJsonObject()), {QStringLiteral("nodeGroups"), QStringLiteral("md1"), QStringLiteral("maxReplicas")}).toInt(), 7);
    QVERIFY(!item(QStringLiteral("submitButton"))->isEnabled());
    QCOMPARE(releaseGeneration(m_formCluster), generation);
    shot(QStringLiteral("24-edit-conflict"));
    click(item(QStringLiteral("reapplyButton")));
    QTRY_VERIFY_WITH_TIMEOUT(!f->property("conflict").toBool() && f->property("verdictOk").toBool() && !f->property("busy").toBool(), 20000);
    click(item(QStringLiteral("submitButton")));
    (void)item(QStringLiteral("clusterHealth"), 30000);
    auto live = [&] {
        return QJsonDocument::fromJson(sandboxKubectl({QStringLiteral("get"), QStringLiteral("kubernetes.apps.cozystack.io"), m_formCluster,
                                                       QStringLiteral("-n"), QStringLiteral("tenant-root"), QStringLiteral("-o"),
                                                       QStringLiteral("json")}).toUtf8()).object();
    };
    QCOMPARE(valueAt(live(), {QStringLiteral("spec"), QStringLiteral("nodeGroups"), QStringLiteral("md1"), QStringLiteral("maxReplicas")}).toInt(), 7); // ours, knowingly

    // Someone changes another field meanwhile: the write goes on, theirs
    // stands beside ours, and the form says so.
    QTest::keyClick(m_window, Qt::Key_E, Qt::ControlModifier);
    waitForPage();
    f = form();
    QTRY_VERIFY_WITH_TIMEOUT(f->property("ready").toBool(), 20000);
    typeInto(item(QStringLiteral("edit_") + field({QStringLiteral("host")})), QStringLiteral("mine.example.org"));
    kubectlPatch(QStringLiteral("{\"spec\":{\"controlPlane\":{\"replicas\":3}}}"));
    f->setProperty("currentStep", int(steps.size() - 1));
    QTRY_VERIFY_WITH_TIMEOUT(f->property("verdictOk").toBool() && !f->property("busy").toBool(), 20000);
    // The review already tells of their change; Apply writes beside it and the form stays to say so.
    QVERIFY(item(QStringLiteral("theirsStandPanel"))->isVisible());
    click(item(QStringLiteral("submitButton")));
    QTRY_VERIFY_WITH_TIMEOUT(!f->property("busy").toBool() && !f->property("dirty").toBool(), 20000);
    QVERIFY2(f->property("verdict").toString().startsWith(QLatin1String("Applied.")), qPrintable(f->property("verdict").toString()));
    QVERIFY(item(QStringLiteral("theirsStandPanel"))->isVisible());
    QVERIFY2(f->property("theirChanges").toStringList().join(QLatin1Char(' ')).contains(QStringLiteral("controlPlane.replicas: 2 → 3")),
             qPrintable(f->property("theirChanges").toStringList().join(QLatin1Char('\n'))));
    shot(QStringLiteral("24a-theirs-stand"));
    QCOMPARE(valueAt(live(), {QStringLiteral("spec"), QStringLiteral("controlPlane"), QStringLiteral("replicas")}).toInt(), 3); // theirs kept
    QCOMPARE(valueAt(live(), {QStringLiteral("spec"), QStringLiteral("host")}).toString(), QStringLiteral("mine.example.org")); // ours applied
    QTest::keyClick(m_window, Qt::Key_Escape); // nothing unsaved: back to the cluster
    waitForPage();
    (void)item(QStringLiteral("clusterHealth"));

    // Clearing a field: it goes back to its default, and reads so (the
    // platform fills defaults in on read: "removed" would not be true).
    QTest::keyClick(m_window, Qt::Key_E, Qt::ControlModifier);
    waitForPage();
    f = form();
    QTRY_VERIFY_WITH_TIMEOUT(f->property("ready").toBool(), 20000);
    f->setProperty("currentStep", int(steps.indexOf(QStringLiteral("Control plane"))));
    const QString replicas = QStringLiteral("edit_") + field({QStringLiteral("controlPlane"), QStringLiteral("replicas")});
    QTRY_COMPARE(item(replicas)->property("text").toString(), QStringLiteral("3"));
    typeInto(item(replicas), QString());
    f->setProperty("currentStep", int(steps.size() - 1));
    QTRY_VERIFY_WITH_TIMEOUT(f->property("verdictOk").toBool() && !f->property("busy").toBool(), 20000);
    QVERIFY2(f->property("reviewChanges").toStringList().contains(QStringLiteral("~ controlPlane.replicas: 3 → the default (2)")),
             qPrintable(f->property("reviewChanges").toStringList().join(QLatin1Char('\n'))));
    shot(QStringLiteral("24b-reset-to-default"));
    click(item(QStringLiteral("submitButton")));
    (void)item(QStringLiteral("clusterHealth"), 30000);
    QCOMPARE(valueAt(live(), {QStringLiteral("spec"), QStringLiteral("controlPlane"), QStringLiteral("replicas")}).toInt(), 2);

    // A legacy preset: accepted with a warning, which the form stays to show.
    QTest::keyClick(m_window, Qt::Key_E, Qt::ControlModifier);
    waitForPage();
    f = form();
    QTRY_VERIFY_WITH_TIMEOUT(f->property("ready").toBool(), 20000);
    const QString preset = field({QStringLiteral("controlPlane"), QStringLiteral("apiServer"), QStringLiteral("resourcesPreset")});
    QMetaObject::invokeMethod(f, "setText", Q_ARG(QString, preset), Q_ARG(QString, QStringLiteral("large")));
    f->setProperty("currentStep", int(steps.size() - 1));
    QTRY_VERIFY_WITH_TIMEOUT(f->property("verdictOk").toBool() && !f->property("busy").toBool(), 20000);
    click(item(QStringLiteral("submitButton")));
    QTRY_VERIFY_WITH_TIMEOUT(!f->property("busy").toBool() && !f->property("warnings").toStringList().isEmpty(), 20000);
    QVERIFY(item(QStringLiteral("serverWarning"))->property("text").toString().contains(QLatin1String("deprecated resource preset")));
    QVERIFY(!f->property("dirty").toBool());
    shot(QStringLiteral("24c-server-warning"));
    kubectlPatch(QStringLiteral("{\"spec\":{\"controlPlane\":{\"apiServer\":{\"resourcesPreset\":null}}}}"));
    QTest::keyClick(m_window, Qt::Key_Escape); // written: nothing unsaved
    waitForPage();
    (void)item(QStringLiteral("clusterHealth"));

    // Leaving a form with unsaved changes asks first; Cancel keeps the form, Discard leaves.
    QTest::keyClick(m_window, Qt::Key_E, Qt::ControlModifier);
    waitForPage();
    f = form();
    QTRY_VERIFY_WITH_TIMEOUT(f->property("ready").toBool(), 20000);
    typeInto(item(QStringLiteral("edit_") + field({QStringLiteral("host")})), QStringLiteral("x.example.org"));
    QTRY_VERIFY(f->property("dirty").toBool());
    QTest::keyClick(m_window, Qt::Key_Escape);
    QQuickItem *discard = item(QStringLiteral("discardButton"));
    shot(QStringLiteral("25-discard-changes"));
    QTest::keyClick(m_window, Qt::Key_Escape); // closes the question, not the form
    QTRY_VERIFY(!discard->isVisible());
    QVERIFY(item(QStringLiteral("editorPage")));
    // Switching context (Ctrl+K) asks too: it would drop the form with the session.
    QTest::keyClick(m_window, Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(item(QStringLiteral("discardButton"))->isVisible());
    QVERIFY(m_controller->connected());
    QTest::keyClick(m_window, Qt::Key_Escape);
    QTRY_VERIFY(!discard->isVisible());
    QVERIFY(m_controller->connected());
    QTest::keyClick(m_window, Qt::Key_Escape);
    click(item(QStringLiteral("discardButton")));
    waitForPage();
    (void)item(QStringLiteral("clusterHealth"));
    // Back to the table for what follows.
    QTest::keyClick(m_window, Qt::Key_Escape);
    waitForPage();
}

// Node pools (KubernetesNodes) beside the cluster's own node groups: one
// list, each marked by where it lives; a mis-named pool diagnosed with the
// chart's message and the way out; a pool created, scaled, upgraded (never
// ahead of its cluster) and deleted from the cluster page.
void TestGuiEndToEnd::nodePools()
{
    openByKeyboard(QStringLiteral("mixed"), QStringLiteral("tenant-beta"));
    auto *details = item(QStringLiteral("clusterPage"))->property("details").value<ClusterDetails *>();
    QVERIFY(details);
    QTest::keyClick(m_window, Qt::Key_Tab, Qt::ControlModifier);
    QTRY_VERIFY(item(QStringLiteral("nodeGroupsTab"))->isVisible());
    auto rows = [details] {
        QList<NodeGroupRow> out;
        for (int i = 0; i < details->nodeGroups()->count(); ++i)
            out << details->nodeGroups()->at<NodeGroupRow>(i);
        return out;
    };
    auto rowOf = [&](const QString &poolApp) {
        for (const NodeGroupRow &r : rows())
            if (r.pool && r.app == poolApp)
                return r;
        return NodeGroupRow{};
    };
    // md0 from the spec; the pools mixed-batch and batch (named against the rule).
    QTRY_VERIFY_WITH_TIMEOUT(rows().size() == 3, 20000);
    QCOMPARE(rows().at(0).name, QStringLiteral("md0"));
    QVERIFY(!rows().at(0).pool);
    QCOMPARE(rowOf(QStringLiteral("mixed-batch")).name, QStringLiteral("batch"));
    QVERIFY2(rowOf(QStringLiteral("batch")).note.contains(QLatin1String("must be named mixed-<pool>")), qPrintable(rowOf(QStringLiteral("batch")).note));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("batch")).releaseFailed && rowOf(QStringLiteral("mixed-batch")).releaseState == QLatin1String("Ready"), 60000);
    QVERIFY(item(QStringLiteral("pool_mixed-batch"))->isVisible());
    QVERIFY(item(QStringLiteral("nodeGroup_md0"))->isVisible());
    shot(QStringLiteral("30-node-groups-both-shapes"));
    // The failing pool counts in the cluster's word, and the diagnosis says why and what to do.
    QTRY_VERIFY_WITH_TIMEOUT(details->reason().contains(QLatin1String("node pool batch")), 30000);
    QCOMPARE(item(QStringLiteral("clusterHealth"))->property("text").toString(), QStringLiteral("Degraded"));
    click(item(QStringLiteral("tab_7")));
    QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("diagnosisHeadline"))->property("text").toString().startsWith(QLatin1String("Node pool batch failed")), 30000);
    QVERIFY2(item(QStringLiteral("diagnosisNextStep"))->property("text").toString().contains(QLatin1String("create the pool again named mixed-<pool>")),
             qPrintable(item(QStringLiteral("diagnosisNextStep"))->property("text").toString()));
    shot(QStringLiteral("31-pool-diagnosed"));

    // A new pool from the cluster page: cluster, version and the name's prefix filled in.
    click(item(QStringLiteral("tab_1")));
    press(item(QStringLiteral("addPoolButton")));
    waitForPage();
    QObject *f = form();
    QTRY_VERIFY_WITH_TIMEOUT(f->property("ready").toBool(), 20000);
    QCOMPARE(f->property("kind").toString(), QStringLiteral("KubernetesNodes"));
    QCOMPARE(f->property("name").toString(), QStringLiteral("mixed-"));
    QCOMPARE(f->property("values").toJsonObject().value(QLatin1String("cluster")).toString(), QStringLiteral("mixed"));
    QCOMPARE(f->property("values").toJsonObject().value(QLatin1String("version")).toString(), QStringLiteral("v1.34"));
    QVERIFY(!f->property("dirty").toBool()); // filled in from the context, not typed
    typeInto(item(QStringLiteral("nameField")), QStringLiteral("extra"));
    QTRY_VERIFY(f->property("nameError").toString().contains(QLatin1String("must be named mixed-<pool>")));
    typeInto(item(QStringLiteral("nameField")), QStringLiteral("mixed-extra"));
    QTRY_VERIFY(f->property("nameError").toString().isEmpty());
    // A version ahead of the cluster's: refused before anything is sent, with the reason.
    const QString version = field({QStringLiteral("version")});
    QMetaObject::invokeMethod(f, "setText", Q_ARG(QString, version), Q_ARG(QString, QStringLiteral("v1.35")));
    // The error is beside the field, on its step.
    auto *model = qobject_cast<AppForm *>(f);
    QVERIFY(model);
    QString why;
    for (int step = 0; step < model->steps().size() && why.isEmpty(); ++step) {
        model->setCurrentStep(step);
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->index(r).data(AppForm::PathRole).toString() == version)
                why = model->index(r).data(AppForm::ErrorRole).toString();
    }
    QVERIFY2(why.contains(QLatin1String("never lead")), qPrintable(why));
    shot(QStringLiteral("32a-new-pool-version-ahead"));
    QVERIFY(!f->property("valid").toBool());
    // Lagging is allowed: v1.33 under a v1.34 cluster.
    QMetaObject::invokeMethod(f, "setText", Q_ARG(QString, version), Q_ARG(QString, QStringLiteral("v1.33")));
    QTRY_VERIFY(f->property("valid").toBool());
    const QStringList steps = f->property("steps").toStringList();
    f->setProperty("currentStep", int(steps.size() - 1));
    QTRY_VERIFY_WITH_TIMEOUT(f->property("verdictOk").toBool() && !f->property("busy").toBool(), 20000);
    shot(QStringLiteral("32-new-pool-review"));
    click(item(QStringLiteral("submitButton")));
    waitForPage();
    (void)item(QStringLiteral("clusterHealth"), 30000);
    auto poolField = [&](const char *path) {
        return sandboxKubectl({QStringLiteral("get"), QStringLiteral("kubernetesnodeses.apps.cozystack.io"), QStringLiteral("-n"),
                               QStringLiteral("tenant-beta"), QStringLiteral("mixed-extra"), QStringLiteral("-o"),
                               QStringLiteral("jsonpath={%1}").arg(QLatin1String(path))});
    };
    QCOMPARE(poolField(".spec.cluster"), QStringLiteral("mixed"));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("mixed-extra")).releaseState == QLatin1String("Ready") &&
                                 rowOf(QStringLiteral("mixed-extra")).ready >= 0,
                             90000);

    // Scale it in place.
    QQuickItem *max = item(QStringLiteral("scaleMax_mixed-extra"));
    QTRY_VERIFY(max->isEnabled());
    const int before = max->property("value").toInt();
    max->forceActiveFocus();
    QTest::keyClick(m_window, Qt::Key_Up);
    press(item(QStringLiteral("scaleApply_mixed-extra"))); // below the fold: the keyboard reaches it
    QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("actionMessage"))->property("text").toString().contains(QLatin1String("sent")), 20000);
    QCOMPARE(poolField(".spec.maxReplicas").toInt(), before + 1);

    waitForPage();
    // Its picker: v1.34 (the cluster's) allowed, v1.35 ahead of the cluster refused, with the reason.
    press(item(QStringLiteral("poolUpgrade_mixed-extra")));
    QVERIFY(item(QStringLiteral("poolUpgradeTo_v1.34"))->isEnabled());
    QVERIFY(!item(QStringLiteral("poolUpgradeTo_v1.35"))->isEnabled());
    QVERIFY2(item(QStringLiteral("poolUpgradeReason_v1.35"))->property("text").toString().contains(QLatin1String("never lead")),
             qPrintable(item(QStringLiteral("poolUpgradeReason_v1.35"))->property("text").toString()));
    shot(QStringLiteral("33-pool-upgrade-picker"));
    click(item(QStringLiteral("poolUpgradeTo_v1.34")));
    QTRY_COMPARE_WITH_TIMEOUT(poolField(".spec.version"), QStringLiteral("v1.34"), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("mixed-extra")).version == QLatin1String("v1.34"), 20000);

    // Delete it: the name typed to confirm.
    press(item(QStringLiteral("poolDelete_mixed-extra")));
    QQuickItem *confirm = item(QStringLiteral("poolDeleteConfirm"));
    QVERIFY(!confirm->isEnabled());
    typeInto(item(QStringLiteral("poolDeleteConfirmName")), QStringLiteral("mixed-extra"));
    QTRY_VERIFY(confirm->isEnabled());
    click(confirm);
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("mixed-extra")).app.isEmpty(), 90000);
    QCOMPARE(rows().size(), 3);
    // Back to the table for what follows.
    QTest::keyClick(m_window, Qt::Key_Escape);
    waitForPage();
}

void TestGuiEndToEnd::dayTwoActions()
{
    openByKeyboard(m_formCluster);
    QTRY_COMPARE_WITH_TIMEOUT(item(QStringLiteral("clusterHealth"))->property("text").toString(), QStringLiteral("Ready"), 60000);
    auto *details = item(QStringLiteral("clusterPage"))->property("details").value<ClusterDetails *>();
    QVERIFY(details);
    const QString mdPath = QStringLiteral("kubernetes-%1-md1").arg(m_formCluster);
    auto mdReplicas = [&] {
        return sandboxKubectl({QStringLiteral("get"), QStringLiteral("machinedeployments.cluster.x-k8s.io"), QStringLiteral("-n"), QStringLiteral("tenant-root"),
                               mdPath, QStringLiteral("-o"), QStringLiteral("jsonpath={.spec.replicas}")});
    };

    // Scale md1 in place from the Node groups tab: min 1 → 2.
    QTest::keyClick(m_window, Qt::Key_Tab, Qt::ControlModifier);
    QQuickItem *min = item(QStringLiteral("scaleMin_md1"));
    QTRY_VERIFY(min->isEnabled());
    min->forceActiveFocus();
    // Typed, with the focus still in the box: the value follows the text, so
    // Apply is on for the first click (it waited for the focus to leave).
    QTest::keyClick(m_window, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(m_window, Qt::Key_2);
    QCOMPARE(min->property("value").toInt(), 2);
    QQuickItem *apply = item(QStringLiteral("scaleApply_md1"));
    QVERIFY(apply->isEnabled());
    click(apply);
    QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("actionMessage"))->property("text").toString().contains(QLatin1String("sent")), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(mdReplicas(), QStringLiteral("2"), 60000);
    shot(QStringLiteral("26-scaled"));

    // Upgrade: the picker offers the next minor only, with reasons for the rest.
    // Opening it writes nothing (no dry run: the platform would store it).
    const qint64 beforePicker = releaseGeneration(m_formCluster);
    // By keyboard: Enter on the focused button opens it, as Space does.
    item(QStringLiteral("upgradeButton"))->forceActiveFocus();
    QTest::keyClick(m_window, Qt::Key_Return);
    QQuickItem *next = item(QStringLiteral("upgradeTo_v1.35"));
    QVERIFY(next->isEnabled());
    QVERIFY(!item(QStringLiteral("upgradeTo_v1.33"))->isEnabled());
    shot(QStringLiteral("27-upgrade-picker"));
    QCOMPARE(releaseGeneration(m_formCluster), beforePicker);
    // Picking a version asks; only the confirmation sends.
    QQuickItem *confirm = item(QStringLiteral("upgradeConfirm"));
    QVERIFY(!confirm->isEnabled());
    click(next);
    QTRY_VERIFY(confirm->isEnabled());
    QVERIFY2(item(QStringLiteral("upgradeSummary"))->property("text").toString().contains(QLatin1String("to v1.35?")),
             qPrintable(item(QStringLiteral("upgradeSummary"))->property("text").toString()));
    QCOMPARE(confirm->property("text").toString(), QStringLiteral("Upgrade to v1.35"));
    shot(QStringLiteral("27b-upgrade-confirm"));
    QCOMPARE(releaseGeneration(m_formCluster), beforePicker);
    click(confirm);
    // Live: the control plane first, then md1's machines replaced one by one.
    auto md1Versions = [details] {
        QStringList out;
        for (int i = 0; i < details->nodeGroups()->count(); ++i)
            if (const auto g = details->nodeGroups()->at<NodeGroupRow>(i); g.name == QLatin1String("md1"))
                for (int m = 0; m < g.machines->count(); ++m)
                    out << g.machines->at<MachineRow>(m).version;
        return out;
    };
    bool sawMixed = false;
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        const QStringList v = md1Versions();
        const auto upgraded = std::count_if(v.cbegin(), v.cend(), [](const QString &s) { return s.startsWith(QLatin1String("v1.35")); });
        if (upgraded > 0 && upgraded < v.size()) {
            if (!sawMixed)
                shot(QStringLiteral("28-machines-rolling"));
            sawMixed = true;
        }
        return v.size() == 2 && upgraded == 2;
    }(), 180000);
    QVERIFY2(sawMixed, "the machines were replaced one by one, old and new side by side");
    shot(QStringLiteral("29-upgraded"));

    // Stop, then Start: the sizes come back exactly. The dialog itself writes nothing.
    const qint64 beforeStop = releaseGeneration(m_formCluster);
    click(item(QStringLiteral("stopStartButton")));
    QQuickItem *stopConfirm = item(QStringLiteral("stopConfirm"));
    QCOMPARE(stopConfirm->property("text").toString(), QStringLiteral("Stop"));
    // A dialog of its own width, not a band across the window.
    QQuickItem *stopBox = stopConfirm; // the dialog's own item: the overlay's child
    while (stopBox->parentItem() && qstrcmp(stopBox->parentItem()->metaObject()->className(), "QQuickOverlay") != 0)
        stopBox = stopBox->parentItem();
    QVERIFY2(stopBox->width() < m_window->width() * 0.9, "the stop dialog spans the window");
    // Destructive: the keyboard starts on Cancel, so Enter alone changes nothing.
    QTRY_VERIFY(item(QStringLiteral("stopConfirmCancel"))->hasActiveFocus());
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_VERIFY(!stopConfirm->isVisible());
    QCOMPARE(releaseGeneration(m_formCluster), beforeStop);
    click(item(QStringLiteral("stopStartButton")));
    stopConfirm = item(QStringLiteral("stopConfirm"));
    QCOMPARE(releaseGeneration(m_formCluster), beforeStop);
    click(stopConfirm);
    QTRY_COMPARE_WITH_TIMEOUT(mdReplicas(), QStringLiteral("0"), 60000);
    QTRY_COMPARE(item(QStringLiteral("stopStartButton"))->property("text").toString(), QStringLiteral("Start…"));
    shot(QStringLiteral("30-stopped"));
    click(item(QStringLiteral("stopStartButton")));
    // Start says what it puts back.
    QTRY_VERIFY(item(QStringLiteral("startSize_md1"))->property("text").toString().contains(QLatin1String("maximum 7")));
    shot(QStringLiteral("30b-start-dialog"));
    QCOMPARE(item(QStringLiteral("startConfirm"))->property("text").toString(), QStringLiteral("Start"));
    click(item(QStringLiteral("startConfirm")));
    QTRY_COMPARE_WITH_TIMEOUT(mdReplicas(), QStringLiteral("2"), 60000);
    const QJsonObject live = QJsonDocument::fromJson(sandboxKubectl({QStringLiteral("get"), QStringLiteral("kubernetes.apps.cozystack.io"), m_formCluster,
                                                                     QStringLiteral("-n"), QStringLiteral("tenant-root"), QStringLiteral("-o"),
                                                                     QStringLiteral("json")}).toUtf8()).object();
    QCOMPARE(valueAt(live, {QStringLiteral("spec"), QStringLiteral("nodeGroups"), QStringLiteral("md1"), QStringLiteral("maxReplicas")}).toInt(), 7);
    QTest::keyClick(m_window, Qt::Key_Escape);
    waitForPage();
    item(QStringLiteral("clusterSearch"))->setProperty("text", QString());
}

void TestGuiEndToEnd::deleteWithLeftovers()
{
    // A cluster whose volumes the platform's cleanup will leave behind (the sandbox's injection).
    m_doomed = QStringLiteral("doomed%1").arg(QDateTime::currentMSecsSinceEpoch() % 100000);
    const QByteArray manifest = QStringLiteral("apiVersion: apps.cozystack.io/v1alpha1\nkind: Kubernetes\nmetadata:\n  name: %1\n  namespace: tenant-root\n"
                                               "  annotations:\n    sandbox.nestdeck.io/linger-datavolumes: \"true\"\n"
                                               "spec:\n  nodeGroups:\n    md0:\n      minReplicas: 1\n      maxReplicas: 1\n      instanceType: u1.small\n")
                                    .arg(m_doomed).toUtf8();
    int code = 0;
    const QString out = kubectl({QStringLiteral("--kubeconfig"), sandboxDir() + QStringLiteral("/kubeconfig"), QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, &code, manifest);
    QVERIFY2(code == 0, qPrintable(out));
    const QString dvs = QStringLiteral("datavolumes.cdi.kubevirt.io");
    const QString selector = QStringLiteral("cluster.x-k8s.io/cluster-name=kubernetes-") + m_doomed;
    auto volumes = [&] {
        return sandboxKubectl({QStringLiteral("get"), dvs, QStringLiteral("-n"), QStringLiteral("tenant-root"), QStringLiteral("-l"), selector,
                               QStringLiteral("-o"), QStringLiteral("name")}).trimmed();
    };
    QTRY_VERIFY_WITH_TIMEOUT(!volumes().isEmpty(), 90000);
    openByKeyboard(m_doomed);
    QTRY_VERIFY(item(QStringLiteral("deleteButton"))->isEnabled());

    // Delete: the dialog lists what goes and waits for the typed name.
    click(item(QStringLiteral("deleteButton")));
    QQuickItem *confirm = item(QStringLiteral("deleteConfirm"));
    QVERIFY(!confirm->isEnabled());
    QTRY_VERIFY(item(QStringLiteral("deleteConfirmName"))->hasActiveFocus()); // the name to type comes first
    typeInto(item(QStringLiteral("deleteConfirmName")), m_doomed.left(m_doomed.size() - 1));
    QVERIFY(!confirm->isEnabled());
    typeInto(item(QStringLiteral("deleteConfirmName")), m_doomed);
    QTRY_VERIFY(confirm->isEnabled());
    shot(QStringLiteral("31-delete-confirm"));
    click(confirm);
    QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("clusterHealth"))->property("text").toString().startsWith(QLatin1String("Deleting")), 30000);
    shot(QStringLiteral("32-deleting"));
    // Gone: then the leftovers, found and (after a second confirmation) removed.
    QQuickItem *gone = item(QStringLiteral("goneState"), 120000);
    click(findItem(gone, QStringLiteral("action")));
    QQuickItem *removeButton = item(QStringLiteral("removeLeftovers"), 20000);
    shot(QStringLiteral("33-leftovers"));
    click(removeButton);
    click(item(QStringLiteral("leftoversConfirm")));
    QTRY_VERIFY_WITH_TIMEOUT(volumes().isEmpty(), 30000);
    shot(QStringLiteral("34-leftovers-removed"));
    m_doomed.clear();
    QTest::keyClick(m_window, Qt::Key_Escape);
    waitForPage();
    item(QStringLiteral("clusterSearch"))->setProperty("text", QString());
}

// An operator's way in when something is wrong: the Problems view (Ctrl+P),
// grouped by cause; Enter on the failing cluster opens its tree with the
// cause selected; its YAML and events one click away; a support bundle.
void TestGuiEndToEnd::problemsToTheCause()
{
    QTest::keyClick(m_window, Qt::Key_P, Qt::ControlModifier);
    waitForPage();
    QQuickItem *page = item(QStringLiteral("problemsPage"));
    auto *problems = page->property("problems").value<ProblemsModel *>();
    QVERIFY(problems);
    // The demo's failing clusters, each under its cause.
    auto rowOf = [&](const QString &key) {
        for (int r = 0; r < problems->rowCount(); ++r)
            if (problems->keyAt(r) == key)
                return r;
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("tenant-beta/broken")) >= 0 && rowOf(QStringLiteral("tenant-beta/cp-down")) >= 0 &&
                                 rowOf(QStringLiteral("tenant-root/ops")) >= 0, 30000);
    auto causeOf = [&](const QString &key) {
        return problems->data(problems->index(rowOf(key)), ProblemsModel::CauseRole).toString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(causeOf(QStringLiteral("tenant-beta/broken")), QStringLiteral("VMs cannot be scheduled"), 30000);
    QCOMPARE(causeOf(QStringLiteral("tenant-beta/cp-down")), QStringLiteral("Control plane down"));
    QCOMPARE(causeOf(QStringLiteral("tenant-root/ops")), QStringLiteral("Addon failed"));
    QVERIFY(problems->problemCount() >= 3);
    QVERIFY(item(QStringLiteral("problemsButton"))->property("text").toString().contains(QString::number(problems->problemCount())));
    shot(QStringLiteral("35-problems"));

    // Keyboard: the list has focus; Down to the broken cluster, Enter.
    QQuickItem *list = item(QStringLiteral("problemsList"));
    QTRY_VERIFY(list->hasActiveFocus());
    const int target = rowOf(QStringLiteral("tenant-beta/broken"));
    for (int i = list->property("currentIndex").toInt(); i < target; ++i)
        QTest::keyClick(m_window, Qt::Key_Down);
    QTRY_COMPARE(list->property("currentIndex").toInt(), target);
    QTest::keyClick(m_window, Qt::Key_Return);
    waitForPage();
    QQuickItem *clusterPage = item(QStringLiteral("clusterPage"));
    QTRY_COMPARE(clusterPage->property("appKey").toString(), QStringLiteral("tenant-beta/broken"));
    auto *tree = clusterPage->property("troubleshoot").value<TroubleshootModel *>();
    QVERIFY(tree);
    QTRY_VERIFY_WITH_TIMEOUT(tree->loaded(), 20000);
    QCOMPARE(item(QStringLiteral("diagnosisCause"))->property("text").toString(), QStringLiteral("VMs cannot be scheduled"));
    QVERIFY(item(QStringLiteral("diagnosisHeadline"))->property("text").toString().startsWith(QLatin1String("VirtualMachine kubernetes-broken-md0-")));
    QVERIFY(item(QStringLiteral("diagnosisNextStep"))->isVisible());
    // The cause is selected in the tree, its YAML beside it.
    QTRY_VERIFY(item(QStringLiteral("objectYaml"))->property("text").toString().contains(QLatin1String("printableStatus: ErrorUnschedulable")));
    shot(QStringLiteral("36-troubleshoot-cause"));

    // Its owners, then the failing Machine's events, one click away.
    QQuickItem *detailTabs = item(QStringLiteral("objectDetailTabs"));
    detailTabs->setProperty("currentIndex", 2);
    QTRY_VERIFY(item(QStringLiteral("objectOwners"))->property("count").toInt() >= 5); // app, release, Cluster, MD, Machine, VM
    shot(QStringLiteral("37-troubleshoot-owners"));
    QQuickItem *objectTree = item(QStringLiteral("objectTree"));
    objectTree->forceActiveFocus();
    QTRY_VERIFY(objectTree->hasActiveFocus());
    const int vmRow = objectTree->property("currentRow").toInt();
    QTest::keyClick(m_window, Qt::Key_Up); // from the VM to its Machine
    QTRY_COMPARE(objectTree->property("currentRow").toInt(), vmRow - 1);
    detailTabs->setProperty("currentIndex", 0);
    QTRY_VERIFY(item(QStringLiteral("objectYaml"))->property("text").toString().contains(QLatin1String("kind: Machine\n")));
    detailTabs->setProperty("currentIndex", 1);
    QTRY_VERIFY(item(QStringLiteral("objectEvents"))->property("count").toInt() > 0);
    shot(QStringLiteral("38-troubleshoot-events"));

    // The support bundle, written off the GUI thread.
    click(item(QStringLiteral("exportBundleButton")));
    const QString bundle = m_home.filePath(QStringLiteral("broken-bundle.tar.gz"));
    item(QStringLiteral("bundlePath"))->setProperty("text", bundle);
    shot(QStringLiteral("39-bundle-dialog"));
    click(item(QStringLiteral("saveBundleButton")));
    QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("bundleMessage"))->property("text").toString().contains(bundle), 10000);
    QVERIFY(QFileInfo(bundle).size() > 0);
    QTest::keyClick(m_window, Qt::Key_Escape);
    waitForPage();
    QTest::keyClick(m_window, Qt::Key_Escape);
    waitForPage();
}

namespace {
// What a dark desktop theme hands the application (Breeze Dark's main roles).
QPalette breezeDarkPalette()
{
    QPalette p;
    const QColor window(0x20, 0x23, 0x26), base(0x14, 0x16, 0x18), text(0xfc, 0xfc, 0xfc);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x1d, 0x1f, 0x22));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x29, 0x2c, 0x30));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Mid, QColor(0x40, 0x44, 0x48));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    p.setColor(QPalette::HighlightedText, text);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0xa1, 0xa9, 0xb1));
    return p;
}

double meanLightness(const QImage &img)
{
    double sum = 0;
    int n = 0;
    for (int y = 0; y < img.height(); y += 7)
        for (int x = 0; x < img.width(); x += 7, ++n)
            sum += QColor(img.pixel(x, y)).lightnessF();
    return n ? sum / n : 0;
}
} // namespace

void TestGuiEndToEnd::darkPalette()
{
    // The app follows the system palette: switch it, as a desktop does, and
    // keep screenshots of the main screens for people to look at.
    const QPalette before = QGuiApplication::palette();
    QGuiApplication::setPalette(breezeDarkPalette());
    auto *theme = m_engine->singletonInstance<QObject *>("Nestdeck.Components", "Theme");
    QVERIFY(theme);
    QTRY_VERIFY(theme->property("dark").toBool());
    // Status colours switch to their dark-palette tones.
    QCOMPARE(theme->property("error").value<QColor>(), QColor(QStringLiteral("#ef9a9a")));
    QTRY_VERIFY(meanLightness(m_window->grabWindow()) < 0.4);
    shot(QStringLiteral("dark-1-clusters"));
    QQuickItem *search = item(QStringLiteral("clusterSearch"));
    search->setProperty("text", QStringLiteral("broken"));
    QQuickItem *table = item(QStringLiteral("clusterTable"));
    QTRY_COMPARE(table->property("rows").toInt(), 1);
    // Enter in the filter goes to the first match; Enter opens it.
    search->forceActiveFocus();
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_VERIFY(table->hasActiveFocus());
    QTest::keyClick(m_window, Qt::Key_Return);
    waitForPage();
    QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("clusterHealth"))->property("text").toString().startsWith(QLatin1String("Failed")), 20000);
    shot(QStringLiteral("dark-2-failed-cluster"));
    QTest::keyClick(m_window, Qt::Key_Tab, Qt::ControlModifier);
    (void)item(QStringLiteral("nodeGroupsTab"));
    shot(QStringLiteral("dark-3-node-groups"));
    QTest::keyClick(m_window, Qt::Key_Escape);
    waitForPage();
    item(QStringLiteral("clusterSearch"))->setProperty("text", QString());
    // Ctrl+K: back to the context list.
    QTest::keyClick(m_window, Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(item(QStringLiteral("contextList"))->hasActiveFocus());
    shot(QStringLiteral("dark-4-connect"));
    QGuiApplication::setPalette(before);
    QTRY_VERIFY(!theme->property("dark").toBool());
}

void TestGuiEndToEnd::cleanupTestCase()
{
    if (!m_doomed.isEmpty())
        kubectl({QStringLiteral("--kubeconfig"), sandboxDir() + QStringLiteral("/kubeconfig"), QStringLiteral("delete"), QStringLiteral("kubernetes"),
                 QStringLiteral("-n"), QStringLiteral("tenant-root"), m_doomed, QStringLiteral("--wait=false")});
    if (!m_formCluster.isEmpty())
        kubectl({QStringLiteral("--kubeconfig"), sandboxDir() + QStringLiteral("/kubeconfig"), QStringLiteral("delete"), QStringLiteral("kubernetes"),
                 QStringLiteral("-n"), QStringLiteral("tenant-root"), m_formCluster, QStringLiteral("--wait=false")});
    if (!m_newCluster.isEmpty())
        kubectl({QStringLiteral("--kubeconfig"), sandboxDir() + QStringLiteral("/kubeconfig"), QStringLiteral("delete"), QStringLiteral("kubernetes"),
                 QStringLiteral("-n"), QStringLiteral("tenant-root"), m_newCluster, QStringLiteral("--wait=false")});
    m_engine.reset();
    m_controller.reset();
}

int main(int argc, char **argv) { return nestdeck::testing::runGuiTest<TestGuiEndToEnd>(argc, argv); }

#include "tst_gui_e2e.moc"
