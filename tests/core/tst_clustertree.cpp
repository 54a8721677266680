#include "core/kube/Decoder.h"
#include "core/platform/ClusterStatus.h"
#include "core/platform/ClusterTree.h"
#include "core/platform/SupportBundle.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace nestdeck::platform;

namespace {
// A fixture: {"ns", "name", "now", "slowAfterSecs", "stuckAfterSecs", "objects": [...], "events": [...]}.
struct Fixture {
    TreeInput input;
    TreeOptions options;
};
Fixture load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    Fixture fx;
    fx.input.ns = o.value(QLatin1String("ns")).toString();
    fx.input.name = o.value(QLatin1String("name")).toString();
    for (const QJsonValue &v : o.value(QLatin1String("objects")).toArray())
        fx.input.objects << v.toObject();
    for (const QJsonValue &v : o.value(QLatin1String("events")).toArray())
        fx.input.events << v.toObject();
    fx.options.now = QDateTime::fromString(o.value(QLatin1String("now")).toString(), Qt::ISODate);
    if (o.contains(QLatin1String("slowAfterSecs")))
        fx.options.slowProvisioningSecs = o.value(QLatin1String("slowAfterSecs")).toInteger();
    if (o.contains(QLatin1String("stuckAfterSecs")))
        fx.options.stuckDeletionSecs = o.value(QLatin1String("stuckAfterSecs")).toInteger();
    return fx;
}
QJsonObject object(const char *kind, const char *name, QJsonObject status = {}, QJsonObject meta = {})
{
    meta.insert(QStringLiteral("name"), QLatin1String(name));
    meta.insert(QStringLiteral("uid"), QLatin1String(kind) + QLatin1Char('-') + QLatin1String(name));
    return {{QStringLiteral("kind"), QLatin1String(kind)}, {QStringLiteral("metadata"), meta}, {QStringLiteral("status"), status}};
}
QJsonObject readyCond(const char *status, const char *reason = "", const char *message = "")
{
    return {{QStringLiteral("conditions"),
             QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("Ready")}, {QStringLiteral("status"), QLatin1String(status)},
                                    {QStringLiteral("reason"), QLatin1String(reason)}, {QStringLiteral("message"), QLatin1String(message)}}}}};
}
} // namespace

class TestClusterTree : public QObject {
    Q_OBJECT
private slots:
    // Each fixture's diagnosis and tree, against its golden text. Several
    // fixtures are captured from the sandbox (tests/core/trees/capture.py),
    // the others are shapes it never produces. NESTDECK_UPDATE_GOLDEN=1 rewrites.
    void golden_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(TREE_FIXTURES));
        const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        if (!qEnvironmentVariableIsSet("NESTDECK_UPDATE_GOLDEN"))
            QVERIFY(files.size() >= 8);
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }
    void golden()
    {
        QFETCH(QString, path);
        const Fixture fx = load(path);
        const ClusterTree tree = buildTree(fx.input, fx.options);
        const QString got = diagnosisText(tree) + QLatin1Char('\n') + treeText(tree);
        const QString goldenPath = QString(path).replace(QLatin1String(".json"), QLatin1String(".golden"));
        if (qEnvironmentVariableIsSet("NESTDECK_UPDATE_GOLDEN")) {
            QFile out(goldenPath);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(got.toUtf8());
        }
        QFile g(goldenPath);
        QVERIFY2(g.open(QIODevice::ReadOnly), qPrintable(goldenPath));
        QCOMPARE(got, QString::fromUtf8(g.readAll()));
        // Structure: preorder, parents before children, depth one more than the parent.
        for (int i = 1; i < tree.nodes.size(); ++i) {
            QVERIFY(tree.nodes[i].parent >= 0 && tree.nodes[i].parent < i);
            QCOMPARE(tree.nodes[i].depth, tree.nodes[tree.nodes[i].parent].depth + 1);
            QVERIFY(tree.nodes[tree.nodes[i].parent].worst >= tree.nodes[i].worst);
        }
    }

    // What each captured fixture is about: the right object, kind and cause.
    // The session caches tree objects trimmed (cachedTreeTrim); the Problems
    // view diagnoses from that cache. On every fixture, trimmed objects must
    // give the same diagnosis, tree and health as whole ones.
    void trimmedObjectsDiagnoseTheSame_data() { golden_data(); }
    void trimmedObjectsDiagnoseTheSame()
    {
        QFETCH(QString, path);
        const Fixture fx = load(path);
        TreeInput trimmed = fx.input;
        int cut = 0, releasesWithSpec = 0;
        for (QJsonObject &o : trimmed.objects) {
            releasesWithSpec += o.value(QLatin1String("kind")) == QLatin1String("HelmRelease") && o.contains(QLatin1String("spec"));
            const auto trim = cachedTreeTrim(o.value(QLatin1String("kind")).toString());
            const QByteArray json = QJsonDocument(o).toJson(QJsonDocument::Compact);
            nestdeck::kube::KubeObject k;
            QString error;
            QVERIFY2(nestdeck::kube::decodeObject(std::string_view(json.constData(), size_t(json.size())), &k, &error, nullptr, trim.get()),
                     qPrintable(error));
            cut += k.trimmed;
            o = QJsonDocument::fromJson(k.json()).object();
        }
        QVERIFY(cut >= releasesWithSpec); // the comparison below is not vacuous where it matters
        const ClusterTree whole = buildTree(fx.input, fx.options), lean = buildTree(trimmed, fx.options);
        QCOMPARE(diagnosisText(lean), diagnosisText(whole));
        QCOMPARE(treeText(lean, true), treeText(whole, true));
    }

    void causes_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<Cause>("cause");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("evidence");
        QTest::newRow("machines unschedulable") << "broken" << Cause::Unschedulable << "VirtualMachine" << "Insufficient memory";
        QTest::newRow("control plane down") << "cp-down" << Cause::ControlPlaneDown << "TenantControlPlane" << "CrashLoopBackOff";
        QTest::newRow("addon failing") << "ops" << Cause::AddonFailed << "HelmRelease" << "context deadline exceeded";
        QTest::newRow("slow provisioning") << "staging" << Cause::SlowProvisioning << "" << "";
        QTest::newRow("ready") << "prod" << Cause::None << "" << "";
        QTest::newRow("stuck finalizer") << "stuck-finalizer" << Cause::StuckFinalizer << "HelmRelease" << "UninstallFailed";
        QTest::newRow("leftovers") << "leftovers" << Cause::Leftovers << "DataVolume" << "";
    }
    void causes()
    {
        QFETCH(QString, fixture);
        QFETCH(Cause, cause);
        QFETCH(QString, kind);
        QFETCH(QString, evidence);
        const Fixture fx = load(QStringLiteral(TREE_FIXTURES "/") + fixture + QStringLiteral(".json"));
        const ClusterTree tree = buildTree(fx.input, fx.options);
        QCOMPARE(tree.diagnosis.cause, cause);
        if (!kind.isEmpty()) {
            QVERIFY(tree.diagnosis.node > 0);
            QCOMPARE(tree.nodes[tree.diagnosis.node].kind, kind);
        }
        if (!evidence.isEmpty())
            QVERIFY2(tree.diagnosis.evidence.join(QLatin1Char('\n')).contains(evidence), qPrintable(tree.diagnosis.evidence.join(QLatin1Char('\n'))));
        if (tree.diagnosis.problem())
            QVERIFY(!tree.diagnosis.nextStep.isEmpty());
        // The health word and the diagnosis come from the same judgement.
        if (cause == Cause::None)
            QCOMPARE(tree.diagnosis.health, Health::Ready);
        else
            QVERIFY(tree.diagnosis.health != Health::Ready);
    }

    void assessKinds_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QJsonObject>("status");
        QTest::addColumn<Severity>("severity");
        QTest::addColumn<QString>("word");
        auto st = [](std::initializer_list<QPair<QString, QJsonValue>> kv) {
            QJsonObject o;
            for (const auto &p : kv)
                o.insert(p.first, p.second);
            return o;
        };
        QTest::newRow("vm unschedulable") << "VirtualMachine" << st({{"printableStatus", "ErrorUnschedulable"}}) << Severity::Failed << "ErrorUnschedulable";
        QTest::newRow("vm crashloop") << "VirtualMachine" << st({{"printableStatus", "CrashLoopBackOff"}}) << Severity::Failed << "CrashLoopBackOff";
        QTest::newRow("vm starting") << "VirtualMachine" << st({{"printableStatus", "Starting"}}) << Severity::Progressing << "Starting";
        QTest::newRow("vm stopped") << "VirtualMachine" << st({{"printableStatus", "Stopped"}}) << Severity::Ok << "Stopped";
        QTest::newRow("vmi failed") << "VirtualMachineInstance" << st({{"phase", "Failed"}}) << Severity::Failed << "Failed";
        QTest::newRow("dv importing") << "DataVolume" << st({{"phase", "ImportInProgress"}, {"progress", "42.0%"}}) << Severity::Progressing << "ImportInProgress 42.0%";
        QTest::newRow("pvc lost") << "PersistentVolumeClaim" << st({{"phase", "Lost"}}) << Severity::Failed << "Lost";
        QTest::newRow("tcp notready") << "TenantControlPlane"
                                      << st({{"kubernetesResources", QJsonObject{{"version", QJsonObject{{"status", "NotReady"}}}}}})
                                      << Severity::Failed << "NotReady";
        QTest::newRow("md short") << "MachineDeployment" << st({{"phase", "Running"}, {"readyReplicas", 1}}) << Severity::Ok << "Running 1/0";
        QTest::newRow("cluster failed") << "Cluster" << st({{"phase", "Failed"}}) << Severity::Failed << "Failed";
        QTest::newRow("unknown kind, no conditions") << "Widget" << st({}) << Severity::Ok << "—";
        QTest::newRow("unknown kind, Ready=False") << "Widget" << readyCond("False", "Broken", "it broke") << Severity::Failed << "Broken";
        QTest::newRow("status of the wrong type") << "Machine" << st({{"phase", 42}}) << Severity::Progressing << "42";
    }
    void assessKinds()
    {
        QFETCH(QString, kind);
        QFETCH(QJsonObject, status);
        QFETCH(Severity, severity);
        QFETCH(QString, word);
        const Assessment a = assessObject(kind, {{QStringLiteral("status"), status}});
        QCOMPARE(a.severity, severity);
        QCOMPARE(a.word, word);
    }

    // Input no platform writes: ownership loops, objects owning themselves,
    // fields of the wrong type, no metadata at all. A tree, never a hang.
    void hostileShapes()
    {
        TreeInput in;
        in.ns = QStringLiteral("t");
        in.name = QStringLiteral("x");
        const QJsonObject labels{{QStringLiteral("cluster.x-k8s.io/cluster-name"), QStringLiteral("kubernetes-x")}};
        auto owned = [&](const char *kind, const char *name, const char *owner) {
            QJsonObject meta{{QStringLiteral("labels"), labels},
                             {QStringLiteral("ownerReferences"), QJsonArray{QJsonObject{{QStringLiteral("uid"), QLatin1String(owner)}}}}};
            return object(kind, name, {}, meta);
        };
        in.objects << object("Kubernetes", "x", readyCond("True")) << owned("Widget", "a", "Widget-b") << owned("Widget", "b", "Widget-a")
                   << owned("Gadget", "self", "Gadget-self") << QJsonObject{{QStringLiteral("kind"), 7}}
                   << QJsonObject{{QStringLiteral("metadata"), QStringLiteral("nope")}}
                   << QJsonObject{{QStringLiteral("kind"), QStringLiteral("Machine")},
                                  {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("m")}, {QStringLiteral("labels"), labels}}},
                                  {QStringLiteral("status"), QStringLiteral("Running")}};
        in.events << QJsonObject{{QStringLiteral("type"), QStringLiteral("Warning")}, {QStringLiteral("involvedObject"), 3}};
        const ClusterTree tree = buildTree(in);
        QCOMPARE(tree.nodes.first().kind, QStringLiteral("Kubernetes"));
        QCOMPARE(tree.nodes.size(), 5); // app, the two in a loop, the self-owner, the machine
        for (int i = 1; i < tree.nodes.size(); ++i)
            QVERIFY(tree.nodes[i].parent >= 0 && tree.nodes[i].parent < i);
        QVERIFY(!treeText(tree).isEmpty());
        QVERIFY(!diagnosisText(tree).isEmpty());
    }

    void nothingFound()
    {
        TreeInput in;
        in.ns = QStringLiteral("t");
        in.name = QStringLiteral("x");
        in.objects << object("Kubernetes", "other", readyCond("True"));
        const ClusterTree tree = buildTree(in);
        QVERIFY(tree.empty());
        QCOMPARE(tree.diagnosis.cause, Cause::Unknown);
        QVERIFY(!writeSupportBundle(tree, {}, QDir::temp().filePath(QStringLiteral("never.tar.gz"))).isEmpty());
    }

    // The bundle: every object of the tree, its events, the diagnosis; a
    // Secret by metadata only, even when the input carried its data.
    void bundle()
    {
        Fixture fx = load(QStringLiteral(TREE_FIXTURES "/prod.json"));
        QJsonObject secret = object("Secret", "kubernetes-prod-admin-kubeconfig");
        secret.insert(QStringLiteral("data"), QJsonObject{{QStringLiteral("admin.conf"), QStringLiteral("c2VjcmV0LXRva2VuLTEyMzQ1")}});
        secret.insert(QStringLiteral("stringData"), QJsonObject{{QStringLiteral("token"), QStringLiteral("plain-secret-67890")}});
        fx.input.objects << secret;
        const ClusterTree tree = buildTree(fx.input, fx.options);
        const auto files = supportBundleFiles(tree, fx.input.events);
        int objects = 0;
        for (const auto &[name, content] : files) {
            QVERIFY2(!content.contains("c2VjcmV0LXRva2VuLTEyMzQ1") && !content.contains("plain-secret-67890"), qPrintable(name));
            QVERIFY(!content.contains("managedFields"));
            objects += name.contains(QLatin1String("/objects/"));
        }
        QCOMPARE(objects, int(tree.nodes.size()));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("b.tar.gz"));
        QCOMPARE(writeSupportBundle(tree, fx.input.events, path), QString());
        QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        // A real tar reads it back: the same names, the same contents.
        QProcess tar;
        tar.start(QStringLiteral("tar"), {QStringLiteral("-xzf"), path, QStringLiteral("-C"), dir.path()});
        QVERIFY(tar.waitForFinished());
        QCOMPARE(tar.exitCode(), 0);
        for (const auto &[name, content] : files) {
            QFile f(dir.filePath(name));
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(name));
            QCOMPARE(f.readAll(), content);
        }
    }
};

QTEST_GUILESS_MAIN(TestClusterTree)
#include "tst_clustertree.moc"
