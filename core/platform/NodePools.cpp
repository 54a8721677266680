#include "core/platform/NodePools.h"

#include "core/platform/ClusterActions.h"
#include "core/platform/Format.h"
#include "core/platform/Naming.h"
#include "core/platform/Tr.h"

#include <QJsonArray>

#include <algorithm>

namespace nestdeck::platform {

namespace {
QString tr(const char *s) { return translate("nestdeck::platform", s); }

QJsonValue at(const QJsonObject &o, std::initializer_list<const char *> path)
{
    QJsonValue v = o;
    for (const char *p : path)
        v = v.toObject().value(QLatin1String(p));
    return v;
}
} // namespace

NodePoolSpec NodePoolSpec::read(const QJsonObject &appObject)
{
    NodePoolSpec p;
    const QJsonObject spec = at(appObject, {"spec"}).toObject();
    p.name = at(appObject, {"metadata", "name"}).toString();
    p.cluster = at(spec, {"cluster"}).toString();
    p.version = quantityText(at(spec, {"version"}));
    p.storageClass = at(spec, {"storageClass"}).toString();
    // The flat spec has a node group's fields.
    p.group = KubernetesSpec::readNodeGroup(poolOf(p.name, p.cluster), spec);
    return p;
}

QString poolOf(const QString &appName, const QString &cluster)
{
    const QString prefix = cluster + QLatin1Char('-');
    return !cluster.isEmpty() && appName.startsWith(prefix) && appName.size() > prefix.size() ? appName.mid(prefix.size()) : QString();
}

QString poolNameError(const QString &appName, const QString &cluster)
{
    if (cluster.isEmpty())
        return tr("a pool names its cluster (spec.cluster)");
    if (poolOf(appName, cluster).isEmpty())
        return tr("a pool of cluster %1 must be named %1-<pool>").arg(cluster);
    return {};
}

QList<FieldError> nodePoolRuleErrors(const QString &name, const QJsonObject &effective, const ClusterVersionLookup &lookup)
{
    QList<FieldError> out;
    const QString cluster = at(effective, {"cluster"}).toString();
    if (cluster.isEmpty())
        return out; // the schema requires it
    const std::optional<QString> clusterVersion = lookup ? lookup(cluster) : std::nullopt;
    if (!clusterVersion)
        out << FieldError{{QStringLiteral("cluster")}, tr("no Kubernetes cluster %1 in this namespace").arg(cluster)};
    if (!name.isEmpty())
        if (const QString why = poolNameError(name, cluster); !why.isEmpty())
            out << FieldError{{}, why};
    if (clusterVersion)
        if (const QString why = poolVersionError(quantityText(at(effective, {"version"})), *clusterVersion); !why.isEmpty())
            out << FieldError{{QStringLiteral("version")}, why};
    return out;
}

QList<NodeGroupState> nodeGroupsOf(const ClusterObjects &o, const KubernetesSpec &spec, bool specHasNodeGroups)
{
    const QString cluster = o.app ? o.app->name : QString();
    QList<NodeGroupState> out;
    auto live = [&o, &cluster](NodeGroupState &g) {
        g.machineDeployment = naming::machineDeployment(cluster, g.name);
        g.phase = QStringLiteral("—");
        for (const auto &md : o.machineDeployments)
            if (md->name == g.machineDeployment) {
                const QJsonObject m = toJson(md);
                g.phase = at(m, {"status", "phase"}).toString();
                g.replicas = at(m, {"spec", "replicas"}).toInt();
                g.ready = at(m, {"status", "readyReplicas"}).toInt();
            }
        for (const auto &ma : o.machines) {
            if (ma->label("cluster.x-k8s.io/deployment-name") != g.machineDeployment.toUtf8())
                continue;
            const QJsonObject m = toJson(ma);
            g.machines << MachineState{ma->name, at(m, {"status", "phase"}).toString(), at(m, {"status", "nodeRef", "name"}).toString(),
                                       at(m, {"status", "failureMessage"}).toString(), at(m, {"spec", "version"}).toString(),
                                       QDateTime::fromString(at(m, {"metadata", "creationTimestamp"}).toString(), Qt::ISODate)};
        }
        std::sort(g.machines.begin(), g.machines.end(), [](const MachineState &a, const MachineState &b) { return a.name < b.name; });
    };

    QList<NodeGroupState> pools;
    for (const auto &obj : o.pools) {
        const QJsonObject app = toJson(obj);
        const NodePoolSpec p = NodePoolSpec::read(app);
        NodeGroupState g;
        g.source = NodeGroupState::Source::Pool;
        g.app = p.name;
        // A pool named against the rule has no MachineDeployment of its own: it is shown by its app's name.
        g.name = p.group.name.isEmpty() ? p.name : p.group.name;
        g.version = p.version;
        g.spec = p.group;
        g.spec.name = g.name;
        g.deleting = obj->deleting;
        const QString relName = naming::nodePoolRelease(p.name);
        const auto rel = std::find_if(o.poolReleases.cbegin(), o.poolReleases.cend(), [&](const ObjectPtr &r) { return r->name == relName; });
        g.releaseKnown = rel != o.poolReleases.cend();
        g.release = g.releaseKnown ? assessObject(QStringLiteral("HelmRelease"), toJson(*rel))
                                   : assessObject(QLatin1String(KubernetesNodesKind), app);
        if (!p.group.name.isEmpty())
            live(g);
        else
            g.phase = QStringLiteral("—");
        pools << g;
    }
    std::sort(pools.begin(), pools.end(), [](const NodeGroupState &a, const NodeGroupState &b) { return a.app < b.app; });

    for (const NodeGroupSpec &s : spec.nodeGroups) {
        NodeGroupState g;
        g.name = s.name;
        g.spec = s;
        if (!specHasNodeGroups) {
            // The platform's migration made "<cluster>-<group>" of each entry.
            g.ignored = true;
            const QString migrated = cluster + QLatin1Char('-') + s.name;
            if (std::any_of(pools.cbegin(), pools.cend(), [&](const NodeGroupState &p) { return p.app == migrated; }))
                g.replacedBy = migrated;
        } else {
            live(g);
        }
        out << g;
    }
    out << pools;
    return out;
}

} // namespace nestdeck::platform
