#include "core/platform/ClusterStatus.h"

#include <memory>

#include "core/platform/ClusterTree.h"
#include "core/platform/KubernetesSpec.h"
#include "core/platform/Naming.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace nestdeck::platform {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("nestdeck::platform", s); }

QString str(const QJsonObject &o, std::initializer_list<const char *> path)
{
    QJsonValue v = o;
    for (const char *p : path)
        v = v.toObject().value(QLatin1String(p));
    return v.isDouble() ? QString::number(v.toDouble()) : v.toString();
}

int num(const QJsonObject &o, std::initializer_list<const char *> path, int def = 0)
{
    QJsonValue v = o;
    for (const char *p : path)
        v = v.toObject().value(QLatin1String(p));
    return v.isDouble() ? v.toInt() : def;
}

QString minorOf(const QString &v) { return v.section(QLatin1Char('.'), 0, 1); }
} // namespace

QString healthName(Health h)
{
    switch (h) {
    case Health::Ready: return tr("Ready");
    case Health::Provisioning: return tr("Provisioning");
    case Health::Upgrading: return tr("Upgrading");
    case Health::Degraded: return tr("Degraded");
    case Health::Failed: return tr("Failed");
    case Health::Deleting: return tr("Deleting");
    case Health::Unknown: return tr("Unknown");
    }
    return {};
}

void forEachObject(const ClusterObjects &o, const std::function<void(const ObjectPtr &, const QString &kind)> &fn)
{
    auto one = [&fn](const ObjectPtr &obj, const char *kind) {
        if (obj)
            fn(obj, QLatin1String(kind));
    };
    one(o.app, "Kubernetes");
    one(o.release, "HelmRelease");
    for (const ObjectPtr &a : o.addons)
        one(a, "HelmRelease");
    one(o.tenantCp, "TenantControlPlane");
    one(o.kamajiCp, "KamajiControlPlane");
    one(o.cluster, "Cluster");
    for (const ObjectPtr &md : o.machineDeployments)
        one(md, "MachineDeployment");
    for (const ObjectPtr &m : o.machines)
        one(m, "Machine");
    for (const ObjectPtr &p : o.pools)
        one(p, "KubernetesNodes");
    for (const ObjectPtr &r : o.poolReleases)
        one(r, "HelmRelease");
}

kube::TrimPtr cachedTreeTrim(const QString &kind)
{
    // Read: status (conditions, phase, version) of each; spec.replicas of
    // MachineDeployments; spec.version of Machines. The objects of the
    // other kinds (the app itself: its YAML is shown from the cache) stay
    // whole.
    QList<QByteArrayList> paths;
    if (kind == QLatin1String("HelmRelease") || kind == QLatin1String("Cluster") || kind == QLatin1String("TenantControlPlane") ||
        kind == QLatin1String("KamajiControlPlane"))
        paths << QByteArrayList{"spec"};
    else if (kind == QLatin1String("MachineDeployment"))
        paths << QByteArrayList{"spec", "template"} << QByteArrayList{"spec", "selector"};
    else if (kind == QLatin1String("Machine"))
        paths << QByteArrayList{"spec", "bootstrap"} << QByteArrayList{"spec", "infrastructureRef"};
    // A trimmed object may carry kubectl's copy of itself, whole.
    if (!paths.isEmpty())
        paths << QByteArrayList{"metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration"};
    // A packer of its own: one cache's objects make the dictionary for the rest.
    return std::make_shared<const kube::Trim>(kube::Trim{std::move(paths), std::make_shared<kube::JsonPacker>()});
}

QJsonObject toJson(const ObjectPtr &o) { return o ? QJsonDocument::fromJson(o->json()).object() : QJsonObject(); }

QJsonObject condition(const QJsonObject &obj, const QString &type)
{
    for (const auto &c : obj.value(QLatin1String("status")).toObject().value(QLatin1String("conditions")).toArray())
        if (c.toObject().value(QLatin1String("type")).toString() == type)
            return c.toObject();
    return {};
}

ClusterStatus deriveStatus(const ClusterObjects &in)
{
    ClusterStatus s;
    const QJsonObject app = toJson(in.app);
    const QString name = app.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
    s.created = QDateTime::fromString(str(app, {"metadata", "creationTimestamp"}), Qt::ISODate);
    s.wantedVersion = KubernetesSpec::versionOf(app);
    const QJsonObject ready = condition(app, QStringLiteral("Ready"));
    const QJsonObject workloads = condition(app, QStringLiteral("WorkloadsReady"));
    const QString readyStatus = ready.value(QLatin1String("status")).toString();
    const bool deleting = in.app && in.app->deleting;

    auto line = [&](const QString &object, const QJsonObject &c, const QString &type) {
        if (c.isEmpty())
            return;
        s.chain.append({object, type, c.value(QLatin1String("status")).toString(), c.value(QLatin1String("reason")).toString(),
                        c.value(QLatin1String("message")).toString(), c.value(QLatin1String("status")).toString() == QLatin1String("True")});
    };
    const QString appObj = QStringLiteral("Kubernetes %1").arg(name);
    line(appObj, ready, QStringLiteral("Ready"));
    line(appObj, condition(app, QStringLiteral("Released")), QStringLiteral("Released"));
    line(appObj, workloads, QStringLiteral("WorkloadsReady"));

    QStringList failures;  // the cluster cannot work
    QStringList problems;  // it works, but something is wrong
    int machinesFailed = 0, machinesRunning = 0;
    bool clusterFailed = false;

    if (in.treeVisible) {
        const QJsonObject hr = toJson(in.release);
        if (in.release) {
            line(QStringLiteral("HelmRelease %1").arg(in.release->name), condition(hr, QStringLiteral("Ready")), QStringLiteral("Ready"));
            line(QStringLiteral("HelmRelease %1").arg(in.release->name), condition(hr, QStringLiteral("Released")), QStringLiteral("Released"));
        }
        const QJsonObject cl = toJson(in.cluster);
        if (in.cluster) {
            const QString phase = str(cl, {"status", "phase"});
            const Assessment a = assessObject(QStringLiteral("Cluster"), cl);
            s.chain.append({QStringLiteral("Cluster %1").arg(in.cluster->name), QStringLiteral("phase"), phase, a.reason, a.message,
                            a.severity == Severity::Ok});
            clusterFailed = a.severity == Severity::Failed;
        }
        const QJsonObject tcp = toJson(in.tenantCp);
        if (in.tenantCp) {
            s.controlPlane = str(tcp, {"status", "kubernetesResources", "version", "status"});
            s.runningVersion = str(tcp, {"status", "kubernetesResources", "version", "version"});
            const Assessment a = assessObject(QStringLiteral("TenantControlPlane"), tcp);
            s.chain.append({QStringLiteral("TenantControlPlane %1").arg(in.tenantCp->name), QStringLiteral("version"),
                            s.controlPlane, s.runningVersion, str(tcp, {"status", "controlPlaneEndpoint"}),
                            a.severity == Severity::Ok});
            if (a.severity == Severity::Failed)
                failures << tr("the control plane is not ready");
        } else if (in.kamajiCp) {
            const QJsonObject kcp = toJson(in.kamajiCp);
            s.controlPlane = kcp.value(QLatin1String("status")).toObject().value(QLatin1String("ready")).toBool()
                                 ? QStringLiteral("Ready") : QStringLiteral("Provisioning");
        }
        // The control plane's own word explains more than Cluster API's phase.
        if (clusterFailed)
            failures << tr("Cluster API reports the cluster as Failed");
        s.nodesDesired = 0;
        s.nodesReady = 0;
        for (const auto &md : in.machineDeployments) {
            const QJsonObject m = toJson(md);
            s.nodesDesired += num(m, {"spec", "replicas"});
            s.nodesReady += num(m, {"status", "readyReplicas"});
            const QString phase = str(m, {"status", "phase"});
            s.chain.append({QStringLiteral("MachineDeployment %1").arg(md->name), QStringLiteral("phase"), phase,
                            QStringLiteral("%1/%2 ready").arg(num(m, {"status", "readyReplicas"})).arg(num(m, {"spec", "replicas"})),
                            {}, phase == QLatin1String("Running")});
        }
        QString firstMachineFailure;
        for (const auto &ma : in.machines) {
            const Assessment a = assessObject(QStringLiteral("Machine"), toJson(ma));
            if (a.severity == Severity::Failed) {
                ++machinesFailed;
                if (firstMachineFailure.isEmpty())
                    firstMachineFailure = a.message;
                s.chain.append({QStringLiteral("Machine %1").arg(ma->name), QStringLiteral("phase"), a.word, a.reason, a.message, false});
            } else if (a.severity == Severity::Ok) {
                ++machinesRunning;
            }
        }
        if (machinesFailed > 0) {
            const QString what = tr("%1 of %2 machines failed").arg(machinesFailed).arg(in.machines.size());
            const QString msg = firstMachineFailure.isEmpty() ? what : what + QStringLiteral(": ") + firstMachineFailure;
            (machinesRunning == 0 ? failures : problems) << msg;
        }
        s.addonsEnabled = int(in.addons.size());
        s.addonsReady = 0;
        for (const auto &a : in.addons) {
            const QJsonObject c = condition(toJson(a), QStringLiteral("Ready"));
            const Assessment judged = assessObject(QStringLiteral("HelmRelease"), toJson(a));
            if (judged.severity == Severity::Ok)
                ++s.addonsReady;
            else if (judged.severity == Severity::Failed) {
                const QString addon = a->name.mid(naming::addonReleasePrefix(name).size());
                problems << tr("addon %1: %2").arg(addon, judged.message);
                line(QStringLiteral("HelmRelease %1").arg(a->name), c, QStringLiteral("Ready"));
            }
        }
    }

    // Node pools: one that fails leaves the cluster short of its nodes. Its
    // release says why when visible; the pool app mirrors it otherwise.
    for (const auto &pool : in.pools) {
        const QString relName = naming::nodePoolRelease(pool->name);
        const auto rel = std::find_if(in.poolReleases.cbegin(), in.poolReleases.cend(), [&](const ObjectPtr &r) { return r->name == relName; });
        const bool byRelease = in.treeVisible && rel != in.poolReleases.cend();
        const QJsonObject judged = toJson(byRelease ? *rel : pool);
        const Assessment a = assessObject(byRelease ? QStringLiteral("HelmRelease") : QStringLiteral("KubernetesNodes"), judged);
        if (a.severity == Severity::Ok)
            continue;
        line(QStringLiteral("%1 %2").arg(byRelease ? QStringLiteral("HelmRelease") : QStringLiteral("KubernetesNodes"),
                                         byRelease ? (*rel)->name : pool->name),
             condition(judged, QStringLiteral("Ready")), QStringLiteral("Ready"));
        if (a.severity == Severity::Failed)
            problems << tr("node pool %1: %2").arg(pool->name, a.message.isEmpty() ? a.word : a.message);
    }

    // The word, most severe first.
    if (deleting) {
        s.health = Health::Deleting;
        if (!in.treeVisible)
            s.reason = tr("deletion in progress");
        else if (s.addonsEnabled > 0)
            s.reason = tr("removing addons (%1 left)").arg(s.addonsEnabled);
        else if (in.tenantCp || in.kamajiCp)
            s.reason = tr("removing the control plane");
        else if (in.cluster || !in.machines.isEmpty())
            s.reason = tr("removing machines and volumes");
        else
            s.reason = tr("removing the release");
        s.word = healthName(s.health);
        return s;
    }
    if (!failures.isEmpty()) {
        s.health = Health::Failed;
        s.reason = failures.first();
    } else if (!in.treeVisible && readyStatus == QLatin1String("False")) {
        s.health = Health::Failed;
        s.reason = ready.value(QLatin1String("message")).toString();
    } else if (s.controlPlane == QLatin1String("Upgrading") ||
               (!s.runningVersion.isEmpty() && !s.wantedVersion.isEmpty() && minorOf(s.runningVersion) != s.wantedVersion &&
                readyStatus != QLatin1String("False"))) {
        s.health = Health::Upgrading;
        s.reason = tr("control plane %1 → %2").arg(s.runningVersion, s.wantedVersion);
    } else if (!problems.isEmpty()) {
        // Serving, but not everything it should: Degraded, unless it never got
        // to Ready, in which case the problem is why it is still provisioning.
        s.health = readyStatus == QLatin1String("Unknown") && s.controlPlane != QLatin1String("Ready") ? Health::Provisioning
                                                                                                     : Health::Degraded;
        s.reason = problems.first();
    } else if (readyStatus == QLatin1String("True")) {
        const bool short_ = s.nodesDesired > 0 && s.nodesReady < s.nodesDesired;
        s.health = short_ ? Health::Degraded : Health::Ready;
        if (short_)
            s.reason = tr("%1 of %2 nodes ready").arg(s.nodesReady).arg(s.nodesDesired);
        else if (workloads.value(QLatin1String("status")).toString() == QLatin1String("False")) {
            s.health = Health::Degraded;
            s.reason = workloads.value(QLatin1String("message")).toString();
        }
    } else if (readyStatus == QLatin1String("False")) {
        s.health = Health::Failed;
        s.reason = ready.value(QLatin1String("message")).toString();
    } else if (in.app) {
        s.health = Health::Provisioning;
        if (in.treeVisible && s.controlPlane != QLatin1String("Ready"))
            s.reason = tr("control plane %1").arg(s.controlPlane.isEmpty() ? tr("pending") : s.controlPlane.toLower());
        else if (in.treeVisible && s.nodesDesired > s.nodesReady)
            s.reason = tr("waiting for nodes");
        else if (in.treeVisible)
            s.reason = tr("installing addons");
        else
            s.reason = ready.value(QLatin1String("message")).toString();
    }
    s.word = healthName(s.health);
    if (s.health == Health::Provisioning && s.nodesDesired > 0)
        s.word = tr("Provisioning (%1/%2 nodes)").arg(s.nodesReady).arg(s.nodesDesired);
    else if (s.health == Health::Failed && !s.reason.isEmpty())
        s.word = tr("Failed: %1").arg(s.reason);
    return s;
}

} // namespace nestdeck::platform
