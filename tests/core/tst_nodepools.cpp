// Node pools (KubernetesNodes, API doc section 9), server-free: the reader,
// a cluster's node groups from both shapes (and the next release's, where
// the spec's entries are ignored), the pool's form rules and version policy,
// a failing pool in the health word and the diagnosis.
#include "core/platform/ClusterActions.h"
#include "core/platform/ClusterTree.h"
#include "core/platform/NodePools.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace nestdeck;
using namespace nestdeck::platform;

namespace {
QJsonObject json(const char *text) { return QJsonDocument::fromJson(text).object(); }

ObjectPtr obj(const QString &kind, const QString &name, QJsonObject body, QList<QPair<QByteArray, QByteArray>> labels = {})
{
    auto o = std::make_shared<kube::KubeObject>();
    QJsonObject meta = body.value(QLatin1String("metadata")).toObject();
    meta.insert(QStringLiteral("name"), name);
    meta.insert(QStringLiteral("namespace"), QStringLiteral("tenant-a"));
    meta.insert(QStringLiteral("uid"), kind + QLatin1Char('/') + name);
    meta.insert(QStringLiteral("creationTimestamp"), QStringLiteral("2026-12-01T00:00:00Z"));
    QJsonObject labelsJson;
    for (const auto &[k, v] : labels)
        labelsJson.insert(QString::fromUtf8(k), QString::fromUtf8(v));
    if (!labelsJson.isEmpty())
        meta.insert(QStringLiteral("labels"), labelsJson);
    body.insert(QStringLiteral("metadata"), meta);
    body.insert(QStringLiteral("kind"), kind);
    o->setJson(QJsonDocument(body).toJson(QJsonDocument::Compact));
    o->name = name;
    o->ns = QStringLiteral("tenant-a");
    o->labels = std::move(labels);
    return o;
}

QJsonObject ready(bool ok, const char *message = "")
{
    return {{QStringLiteral("status"),
             QJsonObject{{QStringLiteral("conditions"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("Ready")},
                                                                             {QStringLiteral("status"), ok ? QStringLiteral("True") : QStringLiteral("False")},
                                                                             {QStringLiteral("reason"), ok ? QStringLiteral("InstallSucceeded") : QStringLiteral("InstallFailed")},
                                                                             {QStringLiteral("message"), QLatin1String(message)}}}}}}};
}

ObjectPtr pool(const char *name, const char *spec, bool ok = true)
{
    QJsonObject body = ready(ok);
    body.insert(QStringLiteral("spec"), json(spec));
    return obj(QLatin1String(KubernetesNodesKind), QLatin1String(name), body);
}

ObjectPtr poolRelease(const char *pool, bool ok, const char *message = "")
{
    return obj(QStringLiteral("HelmRelease"), QStringLiteral("kubernetes-nodes-") + QLatin1String(pool), ready(ok, message),
               {{"apps.cozystack.io/application.kind", "KubernetesNodes"}, {"apps.cozystack.io/application.name", pool}});
}

ObjectPtr md(const char *name, int replicas, int readyReplicas)
{
    return obj(QStringLiteral("MachineDeployment"), QLatin1String(name),
               {{QStringLiteral("spec"), QJsonObject{{QStringLiteral("replicas"), replicas}}},
                {QStringLiteral("status"), QJsonObject{{QStringLiteral("readyReplicas"), readyReplicas}, {QStringLiteral("phase"), QStringLiteral("Running")}}}},
               {{"cluster.x-k8s.io/cluster-name", "kubernetes-prod"}});
}

// A Ready cluster "prod" (v1.34) with md0 in its spec, and pools.
ClusterObjects prod(const char *spec = R"({"version": "v1.34", "nodeGroups": {"md0": {"minReplicas": 1, "maxReplicas": 3, "instanceType": "u1.medium"}}})")
{
    ClusterObjects o;
    QJsonObject body = ready(true);
    body.insert(QStringLiteral("spec"), json(spec));
    o.app = obj(QStringLiteral("Kubernetes"), QStringLiteral("prod"), body);
    o.release = obj(QStringLiteral("HelmRelease"), QStringLiteral("kubernetes-prod"), ready(true));
    o.machineDeployments = {md("kubernetes-prod-md0", 1, 1), md("kubernetes-prod-gpu", 2, 2)};
    o.pools = {pool("prod-gpu", R"({"cluster": "prod", "version": "v1.33", "minReplicas": 2, "maxReplicas": 4, "diskSize": "50Gi"})")};
    o.poolReleases = {poolRelease("prod-gpu", true)};
    return o;
}
} // namespace

class TestNodePools : public QObject {
    Q_OBJECT
private slots:
    void readsAPool()
    {
        const NodePoolSpec p = NodePoolSpec::read(toJson(pool("prod-gpu", R"({"cluster": "prod", "version": "v1.33", "minReplicas": 2,
            "maxReplicas": 4, "instanceType": "u1.large", "diskSize": "50Gi", "gpus": [{"name": "nvidia.com/L40S"}]})")));
        QCOMPARE(p.name, QStringLiteral("prod-gpu"));
        QCOMPARE(p.cluster, QStringLiteral("prod"));
        QCOMPARE(p.version, QStringLiteral("v1.33"));
        QCOMPARE(p.group.name, QStringLiteral("gpu"));
        QCOMPARE(p.group.minReplicas, 2);
        QCOMPARE(p.group.maxReplicas, 4);
        QCOMPARE(p.group.diskSize, QStringLiteral("50Gi"));
        QCOMPARE(p.group.gpus, QStringList{QStringLiteral("nvidia.com/L40S")});
        // Named against the rule: no group part.
        QVERIFY(NodePoolSpec::read(toJson(pool("gpu", R"({"cluster": "prod"})"))).group.name.isEmpty());
        QCOMPARE(poolOf(QStringLiteral("prod-"), QStringLiteral("prod")), QString());
        QCOMPARE(poolOf(QStringLiteral("prod-a-b"), QStringLiteral("prod")), QStringLiteral("a-b"));
        QCOMPARE(poolOf(QStringLiteral("prod-a-b"), QStringLiteral("prod-a")), QStringLiteral("b"));
    }

    void bothShapesInOneList()
    {
        ClusterObjects o = prod();
        const auto groups = nodeGroupsOf(o, KubernetesSpec::read(toJson(o.app)), true);
        QCOMPARE(groups.size(), 2);
        QCOMPARE(groups[0].source, NodeGroupState::Source::Spec);
        QCOMPARE(groups[0].name, QStringLiteral("md0"));
        QCOMPARE(groups[0].replicas, 1);
        QCOMPARE(groups[1].source, NodeGroupState::Source::Pool);
        QCOMPARE(groups[1].name, QStringLiteral("gpu"));
        QCOMPARE(groups[1].app, QStringLiteral("prod-gpu"));
        QCOMPARE(groups[1].version, QStringLiteral("v1.33"));
        QCOMPARE(groups[1].machineDeployment, QStringLiteral("kubernetes-prod-gpu"));
        QCOMPARE(groups[1].replicas, 2);
        QCOMPARE(groups[1].release.severity, Severity::Ok);
        QVERIFY(!groups[0].ignored && !groups[1].ignored);
    }

    // The next release's schema has no nodeGroups: old entries stay in the
    // spec, ignored, each replaced by the pool the migration made.
    void nextReleaseIgnoresTheSpecsEntries()
    {
        ClusterObjects o = prod(R"({"version": "v1.34", "nodeGroups": {"md0": {"minReplicas": 1, "maxReplicas": 3}, "old": {"minReplicas": 1}}})");
        o.pools << pool("prod-md0", R"({"cluster": "prod", "minReplicas": 1, "maxReplicas": 3})");
        const auto groups = nodeGroupsOf(o, KubernetesSpec::read(toJson(o.app)), false);
        QCOMPARE(groups.size(), 4);
        QVERIFY(groups[0].ignored);
        QCOMPARE(groups[0].replacedBy, QStringLiteral("prod-md0"));
        QCOMPARE(groups[0].replicas, -1); // the MachineDeployment is the pool's now
        QVERIFY(groups[1].ignored);
        QVERIFY(groups[1].replacedBy.isEmpty());
        QCOMPARE(groups[3].app, QStringLiteral("prod-md0"));
        QCOMPARE(groups[3].replicas, 1);
    }

    void aFailingPoolCountsInTheWordAndTheDiagnosis()
    {
        ClusterObjects o = prod();
        const char *msg = "Helm install failed for release tenant-a/kubernetes-nodes-gpu with chart kubernetes-nodes@0.4.1: "
                          "a pool of cluster \"prod\" must be named prod-<pool>, not \"gpu\"";
        o.pools << pool("gpu", R"({"cluster": "prod"})", false);
        o.poolReleases << poolRelease("gpu", false, msg);
        const ClusterStatus s = deriveStatus(o);
        QCOMPARE(s.health, Health::Degraded);
        QVERIFY2(s.reason.startsWith(QLatin1String("node pool gpu: Helm install failed")), qPrintable(s.reason));
        // For a tenant user (no releases visible), the pool app's own condition says it.
        ClusterObjects tenant = o;
        tenant.treeVisible = false;
        tenant.poolReleases.clear();
        QCOMPARE(deriveStatus(tenant).health, Health::Degraded);

        const ClusterTree t = buildTree(treeInputFromCache(o, {}));
        QCOMPARE(t.diagnosis.cause, Cause::PoolFailed);
        QVERIFY2(t.diagnosis.headline.startsWith(QLatin1String("Node pool gpu failed: Helm install failed")), qPrintable(t.diagnosis.headline));
        QVERIFY2(t.diagnosis.nextStep.contains(QLatin1String("create the pool again named prod-<pool>")), qPrintable(t.diagnosis.nextStep));
        // Pools hang under the app, their releases under them; another cluster's pool is not there.
        QVERIFY2(treeText(t).contains(QStringLiteral("  ✗ KubernetesNodes gpu")), qPrintable(treeText(t)));
        QVERIFY2(treeText(t).contains(QStringLiteral("    ✗ HelmRelease kubernetes-nodes-gpu")), qPrintable(treeText(t)));
        TreeInput in = treeInputFromCache(o, {});
        in.objects << toJson(pool("other-x", R"({"cluster": "other"})")) << toJson(poolRelease("other-x", false));
        QVERIFY(!treeText(buildTree(in)).contains(QLatin1String("other-x")));
        // Deleting the cluster does not delete its pools.
        QVERIFY(!deletionPlan(o).join(u' ').contains(QLatin1String("KubernetesNodes")));
    }

    // cozystack-api gives an application its HelmRelease's uid: the tree must
    // not take one for the other, in whichever order the lists arrived.
    void anAppSharesItsReleasesUid()
    {
        auto item = [](const char *kind, const char *name, QJsonObject extra = {}) {
            QJsonObject o = extra;
            o.insert(QStringLiteral("kind"), QLatin1String(kind));
            o.insert(QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QLatin1String(name)},
                                                             {QStringLiteral("namespace"), QStringLiteral("tenant-a")},
                                                             {QStringLiteral("uid"), QStringLiteral("u-1")}});
            return o;
        };
        const QJsonObject app = item("Kubernetes", "prod", ready(true));
        const QJsonObject release = item("HelmRelease", "kubernetes-prod", ready(true));
        for (const bool releaseFirst : {true, false}) {
            TreeInput in;
            in.ns = QStringLiteral("tenant-a");
            in.name = QStringLiteral("prod");
            in.objects = releaseFirst ? QList<QJsonObject>{release, app} : QList<QJsonObject>{app, release};
            const ClusterTree t = buildTree(in);
            QVERIFY2(!t.nodes.first().placeholder && t.nodes.size() == 2, qPrintable(treeText(t)));
            QCOMPARE(t.nodes.first().kind, QStringLiteral("Kubernetes"));
            QCOMPARE(t.nodes[1].kind, QStringLiteral("HelmRelease"));
            QVERIFY(t.diagnosis.cause != Cause::Leftovers);
        }
    }

    void formRules()
    {
        const ClusterVersionLookup lookup = [](const QString &cluster) -> std::optional<QString> {
            if (cluster == QLatin1String("prod"))
                return QStringLiteral("v1.34");
            return std::nullopt;
        };
        QVERIFY(nodePoolRuleErrors(QStringLiteral("prod-gpu"), json(R"({"cluster": "prod", "version": "v1.34"})"), lookup).isEmpty());
        QVERIFY(nodePoolRuleErrors(QStringLiteral("prod-gpu"), json(R"({"cluster": "prod", "version": "v1.31"})"), lookup).isEmpty());
        const auto named = nodePoolRuleErrors(QStringLiteral("gpu"), json(R"({"cluster": "prod", "version": "v1.34"})"), lookup);
        QCOMPARE(named.size(), 1);
        QVERIFY(named[0].path.isEmpty());
        QVERIFY(named[0].message.contains(QLatin1String("must be named prod-<pool>")));
        const auto ahead = nodePoolRuleErrors(QStringLiteral("prod-gpu"), json(R"({"cluster": "prod", "version": "v1.35"})"), lookup);
        QCOMPARE(ahead.size(), 1);
        QCOMPARE(ahead[0].path, QStringList{QStringLiteral("version")});
        QVERIFY(ahead[0].message.contains(QLatin1String("never lead")));
        const auto missing = nodePoolRuleErrors(QStringLiteral("nope-gpu"), json(R"({"cluster": "nope"})"), lookup);
        QCOMPARE(missing.size(), 1);
        QCOMPARE(missing[0].path, QStringList{QStringLiteral("cluster")});
        // An edit: the name cannot change, so it is not judged.
        QVERIFY(nodePoolRuleErrors(QString(), json(R"({"cluster": "prod", "version": "v1.34"})"), lookup).isEmpty());
    }

    void versionPolicy()
    {
        const QJsonArray offered{QStringLiteral("v1.35"), QStringLiteral("v1.34"), QStringLiteral("v1.33"), QStringLiteral("v1.32")};
        const auto choices = poolVersionChoices(offered, QStringLiteral("v1.33"), QStringLiteral("v1.34"));
        QCOMPARE(choices.size(), 4);
        QVERIFY(!choices[0].allowed);
        QVERIFY2(choices[0].reason.contains(QLatin1String("never lead")), qPrintable(choices[0].reason));
        QVERIFY(choices[1].allowed);
        QVERIFY(choices[2].current && !choices[2].allowed);
        QVERIFY(!choices[3].allowed); // down
        QVERIFY(poolVersionError(QStringLiteral("v1.34.2"), QStringLiteral("v1.34")).isEmpty());
        QVERIFY(!poolVersionError(QStringLiteral("v2.0"), QStringLiteral("v1.34")).isEmpty());
        QVERIFY(poolVersionError(QString(), QStringLiteral("v1.34")).isEmpty()); // unknown: the server decides
    }
};

QTEST_GUILESS_MAIN(TestNodePools)
#include "tst_nodepools.moc"
