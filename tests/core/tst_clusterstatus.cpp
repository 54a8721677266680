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
// A worker of node group md0 (or of `deployment`), at `version`.
ObjectPtr worker(const char *name, const char *phase, const char *version, bool deleting = false,
                 const char *deployment = "kubernetes-c-md0")
{
    return obj(QLatin1String(name),
               withStatus({{QStringLiteral("phase"), QLatin1String(phase)}}, {{QStringLiteral("version"), QLatin1String(version)}}),
               deleting, {{"cluster.x-k8s.io/deployment-name", deployment}});
}
// A release Flux has upgraded since it installed it: the cluster served before.
ObjectPtr upgradedRelease()
{
    return obj(QStringLiteral("kubernetes-c"),
               withStatus({{QStringLiteral("lastAttemptedReleaseAction"), QStringLiteral("upgrade")},
                           {QStringLiteral("conditions"), QJsonArray{cond("Ready", "True")}}}));
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
    // Stop… set every group to 0 and recorded the sizes: Stopped, never Ready.
    void stoppedIsNotReady()
    {
        ObjectPtr stopped = obj(QStringLiteral("c"),
                                {{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("annotations"),
                                                                            QJsonObject{{QStringLiteral("nestdeck.io/stopped-node-groups"),
                                                                                         QStringLiteral("{\"md0\":{\"minReplicas\":2,\"maxReplicas\":3}}")}}}}},
                                 {QStringLiteral("spec"), QJsonObject{{QStringLiteral("version"), QStringLiteral("v1.33")}}},
                                 {QStringLiteral("status"), QJsonObject{{QStringLiteral("conditions"), QJsonArray{cond("Ready", "True")}}}}});
        ClusterObjects o{stopped, upgradedRelease(), {}, tcp("Ready", "v1.33.1"), {}, {md(0, 0, "Running")}, {}, {}, true, {}, {}};
        auto s = deriveStatus(o);
        QCOMPARE(s.health, Health::Stopped);
        QCOMPARE(s.word, QStringLiteral("Stopped"));
        // Machines still going away: still Stopped, and it says so.
        o.machines = {worker("m1", "Running", "v1.33.1", true)};
        s = deriveStatus(o);
        QCOMPARE(s.health, Health::Stopped);
        QVERIFY2(s.reason.contains(QLatin1String("1 machine")), qPrintable(s.reason));
        // A tenant user sees the app only: the mark is on it.
        o.treeVisible = false;
        QCOMPARE(deriveStatus(o).health, Health::Stopped);
    }
    // A Ready cluster scaled from 3 to 5, or started after Stop: Scaling, not Provisioning.
    void scalingAfterServing()
    {
        ClusterObjects o{app("Unknown"), upgradedRelease(), {}, tcp("Ready", "v1.33.1"), {}, {md(5, 3, "ScalingUp")},
                         {worker("m1", "Running", "v1.33.1"), worker("m2", "Running", "v1.33.1"), worker("m3", "Running", "v1.33.1"),
                          worker("m4", "Provisioning", "v1.33.1"), worker("m5", "Pending", "v1.33.1")},
                         {}, true, {}, {}};
        auto s = deriveStatus(o);
        QCOMPARE(s.health, Health::Scaling);
        QCOMPARE(s.word, QStringLiteral("Scaling (3/5 nodes)"));
        // Started after Stop: no machine yet.
        o.machines.clear();
        o.machineDeployments = {md(3, 0, "ScalingUp")};
        QCOMPARE(deriveStatus(o).word, QStringLiteral("Scaling (0/3 nodes)"));
        // Down from 5 to 3: machines going.
        o.machineDeployments = {md(3, 3, "ScalingDown")};
        o.machines = {worker("m1", "Running", "v1.33.1"), worker("m2", "Running", "v1.33.1"), worker("m3", "Running", "v1.33.1"),
                      worker("m4", "Running", "v1.33.1", true)};
        QCOMPARE(deriveStatus(o).health, Health::Scaling);
        // The same counts on a release never upgraded: the first provisioning.
        o.release.reset();
        o.machineDeployments = {md(5, 3, "ScalingUp")};
        o.machines = {worker("m1", "Running", "v1.33.1"), worker("m2", "Provisioning", "v1.33.1")};
        QCOMPARE(deriveStatus(o).word, QStringLiteral("Provisioning (3/5 nodes)"));
        // Every machine up and counted: Ready, whatever the release's history.
        o.release = upgradedRelease();
        o.app = app("True");
        o.machineDeployments = {md(2, 2, "Running")};
        o.machines = {worker("m1", "Running", "v1.33.1"), worker("m2", "Running", "v1.33.1")};
        QCOMPARE(deriveStatus(o).health, Health::Ready);
    }
    // The control plane is upgraded; its workers roll, old and new side by side.
    void upgradingWhileWorkersRoll()
    {
        ClusterObjects o{app("True"), upgradedRelease(), {}, tcp("Ready", "v1.33.1"), {}, {md(4, 4, "Running")},
                         {worker("m1", "Running", "v1.32.4"), worker("m2", "Running", "v1.32.4"), worker("m3", "Running", "v1.33.1"),
                          worker("m4", "Running", "v1.33.1"), worker("m5", "Pending", "v1.33.1")},
                         {}, true, {}, {}};
        auto s = deriveStatus(o);
        QCOMPARE(s.health, Health::Upgrading);
        QCOMPARE(s.word, QStringLiteral("Upgrading (machines 2/4)"));
        QVERIFY2(s.reason.contains(QStringLiteral("v1.32.4 → v1.33.1")), qPrintable(s.reason));
        QCOMPARE(s.workerVersions, (QStringList{QStringLiteral("v1.32.4"), QStringLiteral("v1.33.1")}));
        QCOMPARE(s.versionText(), QStringLiteral("v1.33.1 · workers v1.32.4"));
        // A pool at an older minor is the pool's choice, not a rollout.
        o.machines = {worker("m1", "Running", "v1.33.1"), worker("m2", "Running", "v1.33.1"), worker("m3", "Running", "v1.33.1"),
                      worker("m4", "Running", "v1.33.1"), worker("p1", "Running", "v1.32.4", false, "kubernetes-c-gpu")};
        o.machineDeployments = {md(4, 4, "Running"), obj(QStringLiteral("kubernetes-c-gpu"), withStatus({{QStringLiteral("readyReplicas"), 1}, {QStringLiteral("phase"), QStringLiteral("Running")}}, {{QStringLiteral("replicas"), 1}}))};
        o.pools = {obj(QStringLiteral("c-gpu"), {{QStringLiteral("spec"), QJsonObject{{QStringLiteral("cluster"), QStringLiteral("c")},
                                                                                     {QStringLiteral("version"), QStringLiteral("v1.32")}}}})};
        s = deriveStatus(o);
        QCOMPARE(s.health, Health::Ready);
        QCOMPARE(s.versionText(), QStringLiteral("v1.33.1"));
    }
    // Unknown is not yet known: neither fine nor failed. Polarity by type.
    void conditionsReadByPolarity()
    {
        QCOMPARE(conditionSeverity(QStringLiteral("Ready"), QStringLiteral("True")), Severity::Ok);
        QCOMPARE(conditionSeverity(QStringLiteral("Ready"), QStringLiteral("Unknown")), Severity::Progressing);
        QCOMPARE(conditionSeverity(QStringLiteral("Ready"), QStringLiteral("False")), Severity::Failed);
        QCOMPARE(conditionSeverity(QStringLiteral("Ready"), QStringLiteral("False"), QStringLiteral("Progressing")), Severity::Progressing);
        QCOMPARE(conditionSeverity(QStringLiteral("Stalled"), QStringLiteral("True")), Severity::Failed);
        QCOMPARE(conditionSeverity(QStringLiteral("Stalled"), QStringLiteral("False")), Severity::Ok);
        QCOMPARE(conditionSeverity(QStringLiteral("Reconciling"), QStringLiteral("True")), Severity::Progressing);
        // A control plane upgrading is on its way in the chain, not a red cross.
        ClusterObjects o{app("Unknown"), {}, {}, tcp("Upgrading", "v1.32.4"), {}, {}, {}, {}, true, {}, {}};
        const auto s = deriveStatus(o);
        for (const ConditionLine &l : s.chain)
            QVERIFY2(l.severity != Severity::Failed, qPrintable(l.object + QLatin1Char(' ') + l.status));
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
