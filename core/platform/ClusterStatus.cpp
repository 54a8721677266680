#include "core/platform/ClusterStatus.h"

#include <memory>

#include "core/platform/ClusterActions.h"
#include "core/platform/ClusterTree.h"
#include "core/platform/KubernetesSpec.h"
#include "core/platform/Naming.h"
#include "core/platform/NodePools.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace nestdeck::platform {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("nestdeck::platform", s); }
QString tr(const char *s, const char *c, int n) { return QCoreApplication::translate("nestdeck::platform", s, c, n); }

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

// A machine's version against the one its group should run: the patch when
// the target names one (the control plane's running version), else the minor.
bool atVersion(const QString &v, const QString &target)
{
    return target.count(QLatin1Char('.')) >= 2 ? v == target : minorOf(v) == minorOf(target);
}

// Flux records each release action: a release upgraded at least once was
// installed before, so its node count moving is a change of size, not the
// first provisioning.
bool releaseUpgradedBefore(const QJsonObject &hr)
{
    const QJsonObject st = hr.value(QLatin1String("status")).toObject();
    return st.value(QLatin1String("lastAttemptedReleaseAction")).toString() == QLatin1String("upgrade") ||
           st.value(QLatin1String("history")).toArray().size() > 1;
}
} // namespace

Severity conditionSeverity(const QString &type, const QString &status, const QString &reason)
{
    // Flux's kstatus conditions read the other way round.
    if (type == QLatin1String("Stalled"))
        return status == QLatin1String("True") ? Severity::Failed : status == QLatin1String("False") ? Severity::Ok : Severity::Progressing;
    if (type == QLatin1String("Reconciling"))
        return status == QLatin1String("True") ? Severity::Progressing : Severity::Ok;
    if (status == QLatin1String("True"))
        return Severity::Ok;
    if (status == QLatin1String("False"))
        return reason == QLatin1String("Progressing") || reason == QLatin1String("Reconciling") ? Severity::Progressing : Severity::Failed;
    return Severity::Progressing; // Unknown, or not said: not known yet is not a failure
}

bool ClusterStatus::controlPlaneAtWanted() const
{
    return runningVersion.isEmpty() || wantedVersion.isEmpty() || minorOf(runningVersion) == minorOf(wantedVersion);
}

QString ClusterStatus::versionText() const
{
    QString s = runningVersion.isEmpty() ? wantedVersion : runningVersion;
    if (!controlPlaneAtWanted())
        s = QStringLiteral("%1 → %2").arg(runningVersion, wantedVersion);
    QStringList others;
    for (const QString &v : workerVersions)
        if (v != runningVersion)
            others << v;
    if (!others.isEmpty())
        s += QStringLiteral(" · ") + QCoreApplication::translate("nestdeck::platform", "workers %1").arg(others.join(QLatin1String(", ")));
    return s;
}

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
    case Health::Scaling: return tr("Scaling");
    case Health::Stopped: return tr("Stopped");
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
        const QString status = c.value(QLatin1String("status")).toString(), reason = c.value(QLatin1String("reason")).toString();
        s.chain.append({object, type, status, reason, c.value(QLatin1String("message")).toString(), conditionSeverity(type, status, reason)});
    };
    const QString appObj = QStringLiteral("Kubernetes %1").arg(name);
    line(appObj, ready, QStringLiteral("Ready"));
    line(appObj, condition(app, QStringLiteral("Released")), QStringLiteral("Released"));
    line(appObj, workloads, QStringLiteral("WorkloadsReady"));

    QStringList failures;  // the cluster cannot work
    QStringList problems;  // it works, but something is wrong
    int machinesFailed = 0, machinesRunning = 0;
    int workersOutdated = 0;                                // own workers not at the control plane's version
    int machinesLive = 0, machinesComing = 0, machinesGoing = 0; // not deleting; of those, on their way; deleting
    int ownLive = 0, ownGoing = 0;                               // the same of the cluster's own workers (not its pools')
    bool clusterFailed = false;
    bool upgradedBefore = false;

    if (in.treeVisible) {
        const QJsonObject hr = toJson(in.release);
        upgradedBefore = releaseUpgradedBefore(hr);
        if (in.release) {
            line(QStringLiteral("HelmRelease %1").arg(in.release->name), condition(hr, QStringLiteral("Ready")), QStringLiteral("Ready"));
            line(QStringLiteral("HelmRelease %1").arg(in.release->name), condition(hr, QStringLiteral("Released")), QStringLiteral("Released"));
        }
        const QJsonObject cl = toJson(in.cluster);
        if (in.cluster) {
            const QString phase = str(cl, {"status", "phase"});
            const Assessment a = assessObject(QStringLiteral("Cluster"), cl);
            s.chain.append({QStringLiteral("Cluster %1").arg(in.cluster->name), QStringLiteral("phase"), phase, a.reason, a.message,
                            a.severity});
            clusterFailed = a.severity == Severity::Failed;
        }
        const QJsonObject tcp = toJson(in.tenantCp);
        if (in.tenantCp) {
            s.controlPlane = str(tcp, {"status", "kubernetesResources", "version", "status"});
            s.runningVersion = str(tcp, {"status", "kubernetesResources", "version", "version"});
            const Assessment a = assessObject(QStringLiteral("TenantControlPlane"), tcp);
            s.chain.append({QStringLiteral("TenantControlPlane %1").arg(in.tenantCp->name), QStringLiteral("version"),
                            s.controlPlane, s.runningVersion, str(tcp, {"status", "controlPlaneEndpoint"}), a.severity});
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
        // The cluster's own workers follow its control plane; a pool's
        // machines follow the pool's version (its MachineDeployment is
        // named like a node group's, so pools are set apart by their groups).
        QSet<QString> poolDeployments;
        for (const auto &pool : in.pools)
            if (const NodePoolSpec p = NodePoolSpec::read(toJson(pool)); !p.group.name.isEmpty())
                poolDeployments.insert(naming::machineDeployment(name, p.group.name));
        s.nodesDesired = 0;
        s.nodesReady = 0;
        int ownDesired = 0;
        for (const auto &md : in.machineDeployments) {
            const QJsonObject m = toJson(md);
            s.nodesDesired += num(m, {"spec", "replicas"});
            s.nodesReady += num(m, {"status", "readyReplicas"});
            if (!poolDeployments.contains(md->name))
                ownDesired += num(m, {"spec", "replicas"});
            const QString phase = str(m, {"status", "phase"});
            s.chain.append({QStringLiteral("MachineDeployment %1").arg(md->name), QStringLiteral("phase"), phase,
                            QStringLiteral("%1/%2 ready").arg(num(m, {"status", "readyReplicas"})).arg(num(m, {"spec", "replicas"})),
                            {}, phase == QLatin1String("Running") ? Severity::Ok
                                : phase == QLatin1String("Failed") ? Severity::Failed : Severity::Progressing});
        }
        const QString workerTarget = !s.runningVersion.isEmpty() ? s.runningVersion : s.wantedVersion;
        QSet<QString> versions;
        s.workersTotal = 0;
        s.workersUpdated = 0;
        QString firstMachineFailure;
        for (const auto &ma : in.machines) {
            const QJsonObject m = toJson(ma);
            const Assessment a = assessObject(QStringLiteral("Machine"), m);
            if (a.severity == Severity::Failed) {
                ++machinesFailed;
                if (firstMachineFailure.isEmpty())
                    firstMachineFailure = a.message;
                s.chain.append({QStringLiteral("Machine %1").arg(ma->name), QStringLiteral("phase"), a.word, a.reason, a.message, Severity::Failed});
            } else if (a.severity == Severity::Ok) {
                ++machinesRunning;
            }
            const bool own = !poolDeployments.contains(QString::fromUtf8(ma->label("cluster.x-k8s.io/deployment-name")));
            if (ma->deleting) {
                ++machinesGoing;
                ownGoing += own ? 1 : 0;
                continue;
            }
            ++machinesLive;
            if (a.severity == Severity::Progressing)
                ++machinesComing;
            if (!own)
                continue;
            ++ownLive;
            const QString v = str(m, {"spec", "version"});
            if (!v.isEmpty())
                versions.insert(v);
            const bool current = v.isEmpty() || workerTarget.isEmpty() || atVersion(v, workerTarget);
            if (!current)
                ++workersOutdated;
            else if (a.severity == Severity::Ok)
                ++s.workersUpdated;
        }
        s.workersTotal = ownDesired > 0 ? ownDesired : ownLive; // a surge machine is not one more wanted
        s.workerVersions = QStringList(versions.cbegin(), versions.cend());
        s.workerVersions.sort();
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
    } else if (isStopped(app)) {
        s.health = Health::Stopped;
        s.reason = ownLive + ownGoing > 0 ? tr("node groups at 0; %n machine(s) still going", nullptr, ownLive + ownGoing)
                                                    : tr("every node group at 0; Start… gives back the recorded sizes");
    } else if (s.controlPlane == QLatin1String("Upgrading") || (!s.controlPlaneAtWanted() && readyStatus != QLatin1String("False"))) {
        s.health = Health::Upgrading;
        s.reason = tr("control plane %1 → %2").arg(s.runningVersion, s.wantedVersion);
    } else if (workersOutdated > 0 && problems.isEmpty()) {
        // The control plane is there; the workers roll to it, old and new side by side.
        s.health = Health::Upgrading;
        QStringList old = s.workerVersions;
        old.removeIf([&](const QString &v) { return atVersion(v, s.runningVersion.isEmpty() ? s.wantedVersion : s.runningVersion); });
        s.reason = tr("workers %1 → %2").arg(old.join(QLatin1String(", ")), s.runningVersion.isEmpty() ? s.wantedVersion : s.runningVersion);
    } else if (!problems.isEmpty()) {
        // Serving, but not everything it should: Degraded, unless it never got
        // to Ready, in which case the problem is why it is still provisioning.
        s.health = readyStatus == QLatin1String("Unknown") && s.controlPlane != QLatin1String("Ready") ? Health::Provisioning
                                                                                                     : Health::Degraded;
        s.reason = problems.first();
    } else if (in.treeVisible && s.nodesDesired >= 0 && machinesFailed == 0 && s.controlPlane == QLatin1String("Ready") &&
               (machinesComing > 0 || machinesGoing > 0 || machinesLive != s.nodesDesired)) {
        // Machines come or go toward the node groups' sizes. (All of them
        // up and nodes still short is another matter: Degraded, below.)
        if (upgradedBefore) {
            s.health = Health::Scaling;
            s.reason = s.nodesReady < s.nodesDesired ? tr("nodes joining")
                                                     : tr("%n machine(s) going", nullptr, std::max(machinesGoing, machinesLive - s.nodesDesired));
        } else {
            s.health = Health::Provisioning;
            s.reason = tr("waiting for nodes");
        }
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
    else if (s.health == Health::Scaling)
        s.word = tr("Scaling (%1/%2 nodes)").arg(s.nodesReady).arg(s.nodesDesired);
    else if (s.health == Health::Upgrading && workersOutdated > 0 && s.controlPlaneAtWanted() && s.controlPlane != QLatin1String("Upgrading"))
        s.word = tr("Upgrading (machines %1/%2)").arg(s.workersUpdated).arg(s.workersTotal);
    else if (s.health == Health::Failed && !s.reason.isEmpty())
        s.word = tr("Failed: %1").arg(s.reason);
    return s;
}

} // namespace nestdeck::platform
