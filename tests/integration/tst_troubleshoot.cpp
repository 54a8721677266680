// Troubleshooting against the sandbox: for each failure the simulator can
// inject, the diagnosis names the right object, kind and cause; the CLI says
// the same with the right exit code; the support bundle holds every object of
// the tree and no Secret data.
#include "../common/SandboxClient.h"
#include "core/platform/ClusterTree.h"
#include "core/platform/Naming.h"
#include "core/platform/PlatformSession.h"
#include "core/platform/SupportBundle.h"
#include "core/platform/TreeLoader.h"
#include "qml/Clusters/ProblemsModel.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace nestdeck;
using namespace nestdeck::platform;
using namespace nestdeck::testing;

namespace {
const QString Ns = QStringLiteral("tenant-root");

struct CliResult {
    int code = -1;
    QString out, err;
};
CliResult cli(const QStringList &args, const QString &kubeconfig = adminConfig())
{
    QProcess p;
    p.start(qEnvironmentVariable("NESTDECK_CLI"), QStringList{QStringLiteral("--kubeconfig"), kubeconfig} + args);
    if (!p.waitForFinished(180000))
        qFatal("nestdeck-cli did not finish");
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

int kubectl(const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    p.start(sandboxBin() + QStringLiteral("/kubectl"), QStringList{QStringLiteral("--kubeconfig"), adminConfig()} + args);
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000))
        return -1;
    if (p.exitCode() != 0)
        qWarning("kubectl: %s", p.readAllStandardError().constData());
    return p.exitCode();
}

// A small cluster with the simulator's failure injections as annotations.
void createCluster(const QString &name, const QMap<QString, QString> &annotations, const QString &addons = {})
{
    QString ann;
    for (auto it = annotations.begin(); it != annotations.end(); ++it)
        ann += QStringLiteral("    %1: \"%2\"\n").arg(it.key(), it.value());
    const QString manifest = QStringLiteral("apiVersion: apps.cozystack.io/v1alpha1\nkind: Kubernetes\nmetadata:\n  name: %1\n  namespace: %2\n"
                                            "  annotations:\n%3spec:\n  nodeGroups:\n    md0:\n      minReplicas: 1\n      maxReplicas: 1\n"
                                            "      instanceType: u1.small\n%4")
                                 .arg(name, Ns, ann, addons);
    QCOMPARE(kubectl({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, manifest.toUtf8()), 0);
}
} // namespace

class TestTroubleshoot : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (sandboxDir().isEmpty())
            QSKIP("NESTDECK_SANDBOX_DIR is not set (run through ctest: the sandbox fixture)");
        m_client = std::make_unique<kube::RestClient>(configFor(adminConfig()));
        const QString tag = QString::number(QDateTime::currentMSecsSinceEpoch() % 100000);
        m_machines = QStringLiteral("tr-machines-") + tag;
        m_cp = QStringLiteral("tr-cp-") + tag;
        m_addon = QStringLiteral("tr-addon-") + tag;
        m_slow = QStringLiteral("tr-slow-") + tag;
        m_linger = QStringLiteral("tr-linger-") + tag;
        m_stuck = QStringLiteral("tr-stuck-") + tag;
        createCluster(m_machines, {{QStringLiteral("sandbox.nestdeck.io/fail-machines"), QStringLiteral("*")}});
        createCluster(m_cp, {{QStringLiteral("sandbox.nestdeck.io/fail-control-plane"), QStringLiteral("true")}});
        createCluster(m_addon, {{QStringLiteral("sandbox.nestdeck.io/fail-addon"), QStringLiteral("cert-manager")}},
                      QStringLiteral("  addons:\n    certManager:\n      enabled: true\n"));
        createCluster(m_slow, {{QStringLiteral("sandbox.nestdeck.io/slowdown"), QStringLiteral("1000")}});
        createCluster(m_linger, {{QStringLiteral("sandbox.nestdeck.io/linger-datavolumes"), QStringLiteral("true")}});
        createCluster(m_stuck, {{QStringLiteral("sandbox.nestdeck.io/stuck-finalizer"), QStringLiteral("true")}},
                      QStringLiteral("  addons:\n    certManager:\n      enabled: true\n"));
    }

    void injectedFailures_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("cause");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("evidence");
        QTest::newRow("machines cannot be scheduled") << m_machines << int(Cause::Unschedulable) << "VirtualMachine" << "Insufficient memory";
        QTest::newRow("control plane down") << m_cp << int(Cause::ControlPlaneDown) << "TenantControlPlane" << "CrashLoopBackOff";
        QTest::newRow("addon failing") << m_addon << int(Cause::AddonFailed) << "HelmRelease" << "context deadline exceeded";
    }
    void injectedFailures()
    {
        QFETCH(QString, name);
        QFETCH(int, cause);
        QFETCH(QString, kind);
        QFETCH(QString, evidence);
        ClusterTree tree;
        // The cause first shows on a Machine, a moment later on its VirtualMachine
        // too; the Warning event follows the status.
        QVERIFY2(QTest::qWaitFor([&] {
                     tree = load(name);
                     return int(tree.diagnosis.cause) == cause && tree.diagnosis.node >= 0 && tree.nodes[tree.diagnosis.node].kind == kind &&
                            tree.diagnosis.evidence.join(QLatin1Char('\n')).contains(evidence);
                 }, 90000),
                 qPrintable(diagnosisText(tree) + treeText(tree)));
        const TreeNode &n = tree.nodes[tree.diagnosis.node];
        QCOMPARE(n.kind, kind);
        if (kind == QLatin1String("HelmRelease"))
            QCOMPARE(n.name, naming::addonReleasePrefix(name) + QStringLiteral("cert-manager"));
        QVERIFY2(tree.diagnosis.evidence.join(QLatin1Char('\n')).contains(evidence), qPrintable(diagnosisText(tree)));
        QVERIFY(!tree.diagnosis.nextStep.isEmpty());
        QVERIFY(tree.diagnosis.health != Health::Ready);
        // Problems bubble up: the app shows one below it.
        QCOMPARE(tree.nodes.first().worst, Severity::Failed);
    }

    void slowProvisioning()
    {
        TreeOptions opt;
        opt.slowProvisioningSecs = 1;
        ClusterTree tree;
        QVERIFY2(QTest::qWaitFor([&] {
                     opt.now = QDateTime::currentDateTimeUtc();
                     return (tree = load(m_slow, opt)).diagnosis.cause == Cause::SlowProvisioning;
                 }, 30000),
                 qPrintable(diagnosisText(tree)));
        QCOMPARE(tree.diagnosis.health, Health::Provisioning);
        QVERIFY(tree.diagnosis.node >= 0); // what it waits on
        // With the usual patience it is just provisioning.
        QCOMPARE(load(m_slow).diagnosis.cause, Cause::Provisioning);
    }

    void leftoversAfterDelete()
    {
        // Its volumes exist, then the app goes and they stay.
        QVERIFY(QTest::qWaitFor([&] { return hasKind(load(m_linger), QStringLiteral("DataVolume")); }, 90000));
        QCOMPARE(kubectl({QStringLiteral("delete"), QStringLiteral("kubernetes"), QStringLiteral("-n"), Ns, m_linger, QStringLiteral("--wait=false")}), 0);
        ClusterTree tree;
        // Until the garbage collector has removed what the Cluster owned, that is left over too.
        QVERIFY2(QTest::qWaitFor([&] {
                     tree = load(m_linger);
                     return tree.diagnosis.cause == Cause::Leftovers && tree.nodes.size() > 1 &&
                            std::all_of(tree.nodes.begin() + 1, tree.nodes.end(), [](const TreeNode &n) { return n.kind == QLatin1String("DataVolume"); });
                 }, 90000),
                 qPrintable(diagnosisText(tree) + treeText(tree)));
        QVERIFY(tree.nodes.first().placeholder);
        QCOMPARE(tree.nodes[tree.diagnosis.node].kind, QStringLiteral("DataVolume"));
        for (int i = 1; i < tree.nodes.size(); ++i)
            QCOMPARE(tree.nodes[i].kind, QStringLiteral("DataVolume"));
        const CliResult r = cli({QStringLiteral("diagnose"), Ns + QLatin1Char('/') + m_linger});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QLatin1String("Leftovers after delete")), qPrintable(r.out));
        // Listed with every cluster that is not Ready, although no cache holds
        // it any more, and the exit says something is wrong.
        const CliResult all = cli({QStringLiteral("diagnose"), QStringLiteral("-A"), QStringLiteral("-n"), Ns});
        QVERIFY2(all.code == 1, qPrintable(all.err));
        QVERIFY2(all.out.contains(Ns + QLatin1Char('/') + m_linger + QStringLiteral(": Unknown — Leftovers after delete")) &&
                     all.out.contains(QLatin1String("left volumes behind")),
                 qPrintable(all.out));
        // And in the Problems view, whose rows open the page that removes them.
        {
            PlatformSession session(configFor(adminConfig()));
            ProblemsModel problems;
            problems.followSession(&session);
            session.start();
            const QString key = Ns + QLatin1Char('/') + m_linger;
            QVERIFY(QTest::qWaitFor([&] {
                for (int i = 0; i < problems.rowCount(); ++i)
                    if (problems.keyAt(i) == key)
                        return problems.index(i).data(ProblemsModel::CauseRole).toString() == causeName(Cause::Leftovers) &&
                               problems.index(i).data(ProblemsModel::ObjectRole).toString().startsWith(QLatin1String("DataVolume "));
                return false;
            }, 60000));
        }
        kubectl({QStringLiteral("delete"), QStringLiteral("datavolumes.cdi.kubevirt.io"), QStringLiteral("-n"), Ns, QStringLiteral("-l"),
                 QStringLiteral("cluster.x-k8s.io/cluster-name=") + naming::kubernetesRelease(m_linger)});
    }

    void deletionStuckOnFinalizer()
    {
        // Ready with its addon releases (which carry Flux's finalizer), then deleted.
        QVERIFY(QTest::qWaitFor([&] { return load(m_stuck).diagnosis.cause == Cause::None; }, 90000));
        QCOMPARE(kubectl({QStringLiteral("delete"), QStringLiteral("kubernetes"), QStringLiteral("-n"), Ns, m_stuck, QStringLiteral("--wait=false")}), 0);
        TreeOptions opt;
        opt.stuckDeletionSecs = 0;
        ClusterTree tree;
        QVERIFY2(QTest::qWaitFor([&] {
                     opt.now = QDateTime::currentDateTimeUtc(); // the clock moves on while we wait
                     tree = load(m_stuck, opt);
                     return tree.diagnosis.cause == Cause::StuckFinalizer && tree.diagnosis.evidence.join(QString()).contains(QLatin1String("UninstallFailed"));
                 }, 60000),
                 qPrintable(diagnosisText(tree) + treeText(tree)));
        const TreeNode &n = tree.nodes[tree.diagnosis.node];
        QCOMPARE(n.kind, QStringLiteral("HelmRelease"));
        QVERIFY(n.finalizers.contains(QStringLiteral("finalizers.fluxcd.io")));
        QVERIFY(tree.diagnosis.nextStep.contains(QLatin1String("finalizer")));
        QCOMPARE(tree.diagnosis.health, Health::Deleting);
        // The default patience calls the same deletion merely Deleting.
        QCOMPARE(load(m_stuck).diagnosis.cause, Cause::Deleting);
        // Let it go: the finalizers off (as the next step says), and it finishes.
        for (const TreeNode &hr : std::as_const(tree.nodes))
            if (hr.kind == QLatin1String("HelmRelease") && !hr.finalizers.isEmpty())
                kubectl({QStringLiteral("patch"), QStringLiteral("helmreleases.helm.toolkit.fluxcd.io"), hr.name, QStringLiteral("-n"), Ns,
                         QStringLiteral("--type=merge"), QStringLiteral("-p"), QStringLiteral("{\"metadata\":{\"finalizers\":null}}")});
        QVERIFY(QTest::qWaitFor([&] {
            const ClusterTree t = load(m_stuck);
            return t.empty() || t.nodes.first().placeholder;
        }, 90000));
    }

    // A tenant user sees what they may: the app, and why the rest is not shown.
    void limitedRights()
    {
        kube::RestClient alice(configFor(userConfig(QStringLiteral("alice"))));
        const ClusterTree tree = load(QStringLiteral("tenant-alpha"), QStringLiteral("prod"), {}, &alice);
        QVERIFY(!tree.empty());
        QCOMPARE(tree.nodes.first().kind, QStringLiteral("Kubernetes"));
        QVERIFY(tree.diagnosis.health != Health::Unknown || !tree.notVisible.isEmpty());
    }

    void cliDiagnose()
    {
        CliResult r = cli({QStringLiteral("diagnose"), Ns + QLatin1Char('/') + m_cp});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QLatin1String("Control plane down")) && r.out.contains(QLatin1String("TenantControlPlane kubernetes-") + m_cp),
                 qPrintable(r.out));
        r = cli({QStringLiteral("diagnose"), QStringLiteral("-n"), QStringLiteral("tenant-alpha"), QStringLiteral("prod")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QLatin1String("Ready")), qPrintable(r.out));
        r = cli({QStringLiteral("diagnose"), QStringLiteral("-A")});
        QVERIFY2(r.code == 1, qPrintable(QStringLiteral("exit %1 (a signal's number if it crashed); stderr: %2").arg(r.code).arg(r.err)));
        for (const QString &name : {m_machines, m_cp, m_addon})
            QVERIFY2(r.out.contains(Ns + QLatin1Char('/') + name + QLatin1Char(':')), qPrintable(name + QStringLiteral(" not in: ") + r.out));
        QVERIFY(!r.out.contains(QLatin1String("tenant-alpha/prod:")));
        r = cli({QStringLiteral("diagnose"), Ns + QStringLiteral("/no-such-cluster")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("no cluster")), qPrintable(r.err));
        r = cli({QStringLiteral("diagnose")});
        QCOMPARE(r.code, 2);
        r = cli({QStringLiteral("diagnose"), QStringLiteral("x"), QStringLiteral("--slow-after"), QStringLiteral("soon")});
        QCOMPARE(r.code, 2);
    }

    // The bundle of a Ready cluster: every object of its tree, and none of the
    // admin kubeconfig Secret's data (read here through the API to compare).
    void bundleHasEveryObjectAndNoSecretData()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("prod.tar.gz"));
        const CliResult r = cli({QStringLiteral("diagnose"), QStringLiteral("tenant-alpha/prod"), QStringLiteral("--bundle"), path});
        QCOMPARE(r.code, 0);
        QProcess tar;
        tar.start(QStringLiteral("tar"), {QStringLiteral("-xzf"), path, QStringLiteral("-C"), dir.path()});
        QVERIFY(tar.waitForFinished());
        QCOMPARE(tar.exitCode(), 0);
        const ClusterTree tree = load(QStringLiteral("tenant-alpha"), QStringLiteral("prod"));
        QVERIFY(tree.nodes.size() >= 10);
        QStringList files;
        QByteArray all;
        for (QDirIterator it(dir.path(), QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
            const QString f = it.next();
            files << f;
            QFile file(f);
            QVERIFY(file.open(QIODevice::ReadOnly));
            all += file.readAll();
        }
        for (const TreeNode &n : tree.nodes)
            QVERIFY2(std::any_of(files.begin(), files.end(), [&](const QString &f) { return f.endsWith(QStringLiteral("-%1-%2.yaml").arg(n.kind, n.name)); }),
                     qPrintable(n.title()));
        QVERIFY(std::any_of(files.begin(), files.end(), [](const QString &f) { return f.endsWith(QLatin1String("/diagnosis.txt")); }));
        QVERIFY(std::any_of(files.begin(), files.end(), [](const QString &f) { return f.endsWith(QLatin1String("/events.yaml")); }));
        QVERIFY(all.contains("kubernetes-prod-admin-kubeconfig"));
        const kube::ApiResponse secret = call(*m_client, "GET", QStringLiteral("/api/v1/namespaces/tenant-alpha/secrets/kubernetes-prod-admin-kubeconfig"));
        QVERIFY(secret.ok());
        const QJsonObject data = QJsonDocument::fromJson(secret.body).object().value(QLatin1String("data")).toObject();
        QVERIFY(!data.isEmpty());
        for (auto it = data.begin(); it != data.end(); ++it) {
            const QByteArray b64 = it.value().toString().toLatin1();
            QVERIFY2(!all.contains(b64.left(40)), qPrintable(it.key()));
            QVERIFY2(!all.contains(QByteArray::fromBase64(b64).left(40)), qPrintable(it.key()));
        }
    }

    void cleanupTestCase()
    {
        if (m_client)
            for (const QString &n : {m_machines, m_cp, m_addon, m_slow})
                kubectl({QStringLiteral("delete"), QStringLiteral("kubernetes"), QStringLiteral("-n"), Ns, n, QStringLiteral("--wait=false"),
                         QStringLiteral("--ignore-not-found")});
    }

private:
    ClusterTree load(const QString &name, const TreeOptions &opt = {}) { return load(Ns, name, opt); }
    ClusterTree load(const QString &ns, const QString &name, const TreeOptions &opt = {}, kube::RestClient *client = nullptr)
    {
        QEventLoop loop;
        TreeInput input;
        QObject ctx;
        loadTree(client ? client : m_client.get(), ns, name, &ctx, [&](const TreeInput &in, const QString &error) {
            if (!error.isEmpty())
                qWarning("loadTree: %s", qPrintable(error));
            input = in;
            loop.quit();
        });
        loop.exec();
        return buildTree(input, opt);
    }
    static bool hasKind(const ClusterTree &t, const QString &kind)
    {
        return std::any_of(t.nodes.begin(), t.nodes.end(), [&](const TreeNode &n) { return n.kind == kind; });
    }

    std::unique_ptr<kube::RestClient> m_client;
    QString m_machines, m_cp, m_addon, m_slow, m_linger, m_stuck;
};

QTEST_GUILESS_MAIN(TestTroubleshoot)
#include "tst_troubleshoot.moc"
