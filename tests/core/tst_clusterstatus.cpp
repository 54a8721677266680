#include "core/platform/ClusterStatus.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace nestdeck;
using namespace nestdeck::platform;

namespace {
ObjectPtr obj(const QString &name, const QJsonObject &body, bool deleting = false, QList<QPair<QByteArray, QByteArray>> labels = {})
{
    auto o = std::make_shared<kube::KubeObject>();
    QJsonObject full = body;
    QJsonObject meta = full[QStringLiteral("metadata")].toObject();
    meta[QStringLiteral("name")] = name;
    meta[QStringLiteral("creationTimestamp")] = QStringLiteral("2026-01-01T00:00:00Z");
    full[QStringLiteral("metadata")] = meta;
    o->setJson(QJsonDocument(full).toJson(QJsonDocument::Compact));
    o->name = name;
    o->ns = QStringLiteral("tenant-a");
    o->deleting = deleting;
    o->labels = std::move(labels);
    return o;
}
QJsonObject cond(const char *type, const char *status, const char *reason = "", const char *message = "")
{
    return {{QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("status"), QLatin1String(status)},
            {QStringLiteral("reason"), QLatin1String(reason)}, {QStringLiteral("message"), QLatin1String(message)}};
}
QJsonObject withStatus(QJsonObject status, QJsonObject spec = {})
{
    return {{QStringLiteral("status"), status}, {QStringLiteral("spec"), spec}};
}
ObjectPtr app(const char *ready, const char *version = "v1.33", const char *message = "")
{
    return obj(QStringLiteral("c"), withStatus({{QStringLiteral("conditions"), QJsonArray{cond("Ready", ready, "", message)}}},
                                               {{QStringLiteral("version"), QLatin1String(version)}}));
}
ObjectPtr tcp(const char *state, const char *version)
{
    return obj(QStringLiteral("kubernetes-c"),
               withStatus({{QStringLiteral("kubernetesResources"),
                            QJsonObject{{QStringLiteral("version"), QJsonObject{{QStringLiteral("status"), QLatin1String(state)},
                                                                                  {QStringLiteral("version"), QLatin1String(version)}}}}}}));
}
ObjectPtr md(int replicas, int ready, const char *phase)
{
    return obj(QStringLiteral("kubernetes-c-md0"), withStatus({{QStringLiteral("readyReplicas"), ready}, {QStringLiteral("phase"), QLatin1String(phase)}},
                                                              {{QStringLiteral("replicas"), replicas}}));
}
ObjectPtr machine(const char *name, const char *phase, const char *message = "")
{
    return obj(QLatin1String(name), withStatus({{QStringLiteral("phase"), QLatin1String(phase)}, {QStringLiteral("failureMessage"), QLatin1String(message)}}));
}
ObjectPtr addon(const char *name, const char *ready, const char *message = "")
{
    return obj(QStringLiteral("kubernetes-c-") + QLatin1String(name), withStatus({{QStringLiteral("conditions"), QJsonArray{cond("Ready", ready, "", message)}}}));
}
} // namespace

class TestClusterStatus : public QObject {
    Q_OBJECT
private slots:
    void ready()
    {
        ClusterObjects o{app("True"), {}, {}, tcp("Ready", "v1.33.1"), {}, {md(2, 2, "Running")}, {machine("m1", "Running"), machine("m2", "Running")}, {addon("cilium", "True")}, true, {}, {}};
        const auto s = deriveStatus(o);
        QCOMPARE(s.health, Health::Ready);
        QCOMPARE(s.word, QStringLiteral("Ready"));
        QCOMPARE(s.nodesReady, 2);
        QCOMPARE(s.addonsReady, 1);
        QCOMPARE(s.runningVersion, QStringLiteral("v1.33.1"));
    }
    void provisioningCountsNodes()
    {
        ClusterObjects o{app("Unknown"), {}, {}, tcp("Ready", "v1.33.1"), {}, {md(5, 3, "ScalingUp")}, {}, {}, true, {}, {}};
        const auto s = deriveStatus(o);
        QCOMPARE(s.health, Health::Provisioning);
        QCOMPARE(s.word, QStringLiteral("Provisioning (3/5 nodes)"));
    }
    void upgradingWhenWantedMinorDiffers()
    {
        ClusterObjects o{app("True", "v1.33"), {}, {}, tcp("Ready", "v1.32.4"), {}, {}, {}, {}, true, {}, {}};
        QCOMPARE(deriveStatus(o).health, Health::Upgrading);
        o.tenantCp = tcp("Upgrading", "v1.32.4");
        QCOMPARE(deriveStatus(o).health, Health::Upgrading);
    }
    void degradedByAFailedAddon()
    {
        ClusterObjects o{app("False", "v1.33", "addon velero failed"), {}, {}, tcp("Ready", "v1.33.1"), {}, {md(1, 1, "Running")},
                         {machine("m1", "Running")}, {addon("velero", "False", "context deadline exceeded"), addon("cilium", "True")}, true, {}, {}};
        const auto s = deriveStatus(o);
        QCOMPARE(s.health, Health::Degraded);
        QVERIFY2(s.reason.contains(QLatin1String("velero")) && s.reason.contains(QLatin1String("deadline")), qPrintable(s.reason));
        QCOMPARE(s.addonsReady, 1);
        QCOMPARE(s.addonsEnabled, 2);
    }
    void failedWhenNoMachineRuns()
    {
        ClusterObjects o{app("False"), {}, {}, tcp("Ready", "v1.31.8"), {}, {md(2, 0, "Failed")},
                         {machine("m1", "Failed", "Insufficient memory"), machine("m2", "Failed")}, {}, true, {}, {}};
        const auto s = deriveStatus(o);
        QCOMPARE(s.health, Health::Failed);
        QVERIFY(s.word.startsWith(QLatin1String("Failed: 2 of 2 machines failed: Insufficient memory")));
        // Some machines still run: degraded, not failed.
        o.machines = {machine("m1", "Failed", "x"), machine("m2", "Running")};
        QCOMPARE(deriveStatus(o).health, Health::Degraded);
    }
    void failedControlPlane()
    {
        ClusterObjects o{app("False"), {}, {}, tcp("NotReady", ""), {}, {}, {}, {}, true, {}, {}};
        const auto s = deriveStatus(o);
        QCOMPARE(s.health, Health::Failed);
        QVERIFY(s.reason.contains(QLatin1String("control plane")));
        // Also when Cluster API calls the whole cluster Failed: the control plane is the why.
        o.cluster = obj(QStringLiteral("kubernetes-c"), withStatus({{QStringLiteral("phase"), QStringLiteral("Failed")}}));
        QVERIFY(deriveStatus(o).reason.contains(QLatin1String("control plane")));
    }
    void deletingShowsTheStep()
    {
        ClusterObjects o{obj(QStringLiteral("c"), withStatus({}), true), {}, {}, tcp("Ready", "v1.33.1"), {}, {}, {}, {addon("cilium", "True")}, true, {}, {}};
        auto s = deriveStatus(o);
        QCOMPARE(s.health, Health::Deleting);
        QVERIFY(s.reason.contains(QLatin1String("addons")));
        o.addons.clear();
        QVERIFY(deriveStatus(o).reason.contains(QLatin1String("control plane")));
        o.tenantCp.reset();
        o.machines = {machine("m1", "Deleting")};
        QVERIFY(deriveStatus(o).reason.contains(QLatin1String("machines")));
    }
    void tenantUserSeesConditionsOnly()
    {
        ClusterObjects o;
        o.app = app("False", "v1.33", "Helm install failed: MachineDeployment md0: 2 of 2 machines failed");
        o.treeVisible = false;
        auto s = deriveStatus(o);
        QCOMPARE(s.health, Health::Failed);
        QCOMPARE(s.nodesDesired, -1); // unknown, not zero
        QCOMPARE(s.addonsEnabled, -1);
        o.app = app("True");
        QCOMPARE(deriveStatus(o).health, Health::Ready);
        o.app = app("Unknown");
        QCOMPARE(deriveStatus(o).health, Health::Provisioning);
    }
    void garbageNeverCrashes()
    {
        ClusterObjects o;
        QCOMPARE(deriveStatus(o).health, Health::Unknown);
        auto bad = std::make_shared<kube::KubeObject>();
        bad->setJson("not json at all");
        o.app = bad;
        o.tenantCp = bad;
        o.machineDeployments = {bad};
        o.machines = {bad};
        o.addons = {bad};
        deriveStatus(o); // any word, no crash
    }
};

QTEST_GUILESS_MAIN(TestClusterStatus)
#include "tst_clusterstatus.moc"
