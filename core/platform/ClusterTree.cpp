#include "core/platform/ClusterTree.h"

#include "core/platform/Format.h"
#include "core/platform/Naming.h"
#include "core/platform/NodePools.h"
#include "core/platform/Tr.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace nestdeck::platform {

namespace {
QString tr(const char *s, int n = -1) { return translate("nestdeck::platform", s, nullptr, n); }

QJsonValue at(const QJsonObject &o, std::initializer_list<const char *> path)
{
    QJsonValue v = o;
    for (const char *p : path)
        v = v.toObject().value(QLatin1String(p));
    return v;
}
QString text(const QJsonObject &o, std::initializer_list<const char *> path)
{
    const QJsonValue v = at(o, path);
    return v.isDouble() ? QString::number(v.toDouble()) : v.toString();
}
QDateTime timeAt(const QJsonObject &o, std::initializer_list<const char *> path)
{
    return QDateTime::fromString(at(o, path).toString(), Qt::ISODate);
}
int count(const QJsonObject &o, std::initializer_list<const char *> path) { return at(o, path).toInt(0); }

Assessment byReadyCondition(const QJsonObject &obj, bool hasReadyBool)
{
    const QJsonObject c = condition(obj, QStringLiteral("Ready"));
    const QString st = c.value(QLatin1String("status")).toString();
    const QString reason = c.value(QLatin1String("reason")).toString();
    const QString message = c.value(QLatin1String("message")).toString();
    if (st == QLatin1String("True"))
        return {Severity::Ok, QStringLiteral("Ready"), reason, message};
    if (st == QLatin1String("False")) {
        const Assessment a{Severity::Failed, reason.isEmpty() ? QStringLiteral("NotReady") : reason, reason, message};
        // Cluster API conditions say how bad a False is; without that, reasons
        // that describe a step on the way are progress, not failure.
        const QString severity = c.value(QLatin1String("severity")).toString();
        static const QRegularExpression onTheWay(QStringLiteral("Waiting|Provisioning|Progressing|Pending|Creating|Scaling|Starting"));
        if (severity == QLatin1String("Info") || severity == QLatin1String("Warning") ||
            (severity.isEmpty() && onTheWay.match(reason).hasMatch() && !reason.contains(QLatin1String("Retry"))))
            return {Severity::Progressing, a.word, reason, message};
        return a;
    }
    if (!c.isEmpty())
        return {Severity::Progressing, reason.isEmpty() ? QStringLiteral("Reconciling") : reason, reason, message};
    if (hasReadyBool)
        return at(obj, {"status", "ready"}).toBool() ? Assessment{Severity::Ok, QStringLiteral("Ready"), {}, {}}
                                                     : Assessment{Severity::Progressing, QStringLiteral("NotReady"), {}, {}};
    return {Severity::Ok, QStringLiteral("—"), {}, {}};
}

// VirtualMachine printable statuses that need a human (KubeVirt's
// VirtualMachinePrintableStatus): everything else is on its way or fine.
bool vmStatusFailed(const QString &s)
{
    return s.startsWith(QLatin1String("Error")) || s == QLatin1String("CrashLoopBackOff") ||
           s == QLatin1String("Unschedulable") || s == QLatin1String("DataVolumeError") ||
           s == QLatin1String("PvcNotFound") || s == QLatin1String("ImagePullBackOff") || s == QLatin1String("ErrImagePull");
}
} // namespace

Assessment assessObject(const QString &kind, const QJsonObject &obj)
{
    Assessment a;
    if (kind == QLatin1String("Kubernetes") || kind == QLatin1String("KubernetesNodes") || kind == QLatin1String("HelmRelease") ||
        kind == QLatin1String("KubevirtCluster") ||
        kind == QLatin1String("KubevirtMachine")) {
        a = byReadyCondition(obj, kind.startsWith(QLatin1String("Kubevirt")));
        if (a.word == QLatin1String("—"))
            a = {Severity::Progressing, QStringLiteral("Pending"), {}, {}};
    } else if (kind == QLatin1String("Cluster")) {
        const QString phase = text(obj, {"status", "phase"});
        a.word = phase.isEmpty() ? QStringLiteral("Pending") : phase;
        a.severity = phase == QLatin1String("Provisioned") ? Severity::Ok
                     : phase == QLatin1String("Failed")    ? Severity::Failed
                                                           : Severity::Progressing;
        a.reason = text(obj, {"status", "failureReason"});
        a.message = text(obj, {"status", "failureMessage"});
    } else if (kind == QLatin1String("TenantControlPlane")) {
        const QString st = text(obj, {"status", "kubernetesResources", "version", "status"});
        a.word = st.isEmpty() ? QStringLiteral("Provisioning") : st;
        a.severity = st == QLatin1String("Ready") ? Severity::Ok : st == QLatin1String("NotReady") ? Severity::Failed : Severity::Progressing;
        a.reason = text(obj, {"status", "kubernetesResources", "version", "version"});
    } else if (kind == QLatin1String("KamajiControlPlane")) {
        a = byReadyCondition(obj, true);
        // Its Ready=False only mirrors the TenantControlPlane below it.
        if (a.severity == Severity::Failed && !at(obj, {"status", "initialized"}).toBool())
            a.severity = Severity::Progressing;
    } else if (kind == QLatin1String("MachineDeployment") || kind == QLatin1String("MachineSet")) {
        const int want = count(obj, {"spec", "replicas"}), ready = count(obj, {"status", "readyReplicas"});
        const QString phase = text(obj, {"status", "phase"});
        a.word = (phase.isEmpty() ? QStringLiteral("Replicas") : phase) + QStringLiteral(" %1/%2").arg(ready).arg(want);
        a.severity = phase == QLatin1String("Failed") ? Severity::Failed
                     : ready >= want && (phase.isEmpty() || phase == QLatin1String("Running")) ? Severity::Ok
                                                                                               : Severity::Progressing;
        a.reason = phase;
    } else if (kind == QLatin1String("Machine")) {
        const QString phase = text(obj, {"status", "phase"});
        a.word = phase.isEmpty() ? QStringLiteral("Pending") : phase;
        a.severity = phase == QLatin1String("Running") ? Severity::Ok : phase == QLatin1String("Failed") ? Severity::Failed : Severity::Progressing;
        a.reason = text(obj, {"status", "failureReason"});
        a.message = text(obj, {"status", "failureMessage"});
    } else if (kind == QLatin1String("VirtualMachine")) {
        const QString st = text(obj, {"status", "printableStatus"});
        a.word = st.isEmpty() ? QStringLiteral("Provisioning") : st;
        a.severity = st == QLatin1String("Running") || st == QLatin1String("Stopped") ? Severity::Ok
                     : vmStatusFailed(st)                                          ? Severity::Failed
                                                                                   : Severity::Progressing;
        const QJsonObject c = condition(obj, QStringLiteral("Ready"));
        a.reason = c.value(QLatin1String("reason")).toString();
        a.message = c.value(QLatin1String("message")).toString();
    } else if (kind == QLatin1String("VirtualMachineInstance")) {
        const QString phase = text(obj, {"status", "phase"});
        a.word = phase.isEmpty() ? QStringLiteral("Pending") : phase;
        a.severity = phase == QLatin1String("Running") || phase == QLatin1String("Succeeded") ? Severity::Ok
                     : phase == QLatin1String("Failed")                                      ? Severity::Failed
                                                                                             : Severity::Progressing;
        const QJsonObject c = condition(obj, QStringLiteral("PodScheduled"));
        if (c.value(QLatin1String("status")).toString() == QLatin1String("False")) {
            a.reason = c.value(QLatin1String("reason")).toString();
            a.message = c.value(QLatin1String("message")).toString();
        }
    } else if (kind == QLatin1String("DataVolume")) {
        const QString phase = text(obj, {"status", "phase"});
        const QString progress = text(obj, {"status", "progress"});
        a.word = phase.isEmpty() ? QStringLiteral("Pending") : phase;
        if (phase != QLatin1String("Succeeded") && !progress.isEmpty() && progress != QLatin1String("N/A"))
            a.word += QLatin1Char(' ') + progress;
        a.severity = phase == QLatin1String("Succeeded") ? Severity::Ok : phase == QLatin1String("Failed") ? Severity::Failed : Severity::Progressing;
    } else if (kind == QLatin1String("PersistentVolumeClaim")) {
        const QString phase = text(obj, {"status", "phase"});
        a.word = phase.isEmpty() ? QStringLiteral("Pending") : phase;
        a.severity = phase == QLatin1String("Bound") ? Severity::Ok : phase == QLatin1String("Lost") ? Severity::Failed : Severity::Progressing;
    } else if (kind == QLatin1String("Secret")) {
        a.word = QStringLiteral("Present");
    } else {
        a = byReadyCondition(obj, at(obj, {"status", "ready"}).isBool());
    }
    if (!at(obj, {"metadata", "deletionTimestamp"}).isUndefined() && a.severity != Severity::Failed) {
        a.severity = Severity::Progressing;
        a.word = QStringLiteral("Deleting");
    }
    return a;
}

QString causeName(Cause c)
{
    switch (c) {
    case Cause::None: return tr("Ready");
    case Cause::Provisioning: return tr("Provisioning");
    case Cause::Upgrading: return tr("Upgrading");
    case Cause::Deleting: return tr("Deleting");
    case Cause::SlowProvisioning: return tr("Provisioning longer than usual");
    case Cause::Unschedulable: return tr("VMs cannot be scheduled");
    case Cause::MachinesFailed: return tr("Machines failed");
    case Cause::ControlPlaneDown: return tr("Control plane down");
    case Cause::ReleaseFailed: return tr("Helm release failed");
    case Cause::AddonFailed: return tr("Addon failed");
    case Cause::PoolFailed: return tr("Node pool failed");
    case Cause::StuckFinalizer: return tr("Deletion stuck on a finalizer");
    case Cause::Leftovers: return tr("Leftovers after delete");
    case Cause::Degraded: return tr("Degraded");
    case Cause::Unknown: return tr("Unknown");
    case Cause::Scaling: return tr("Scaling");
    case Cause::Stopped: return tr("Stopped");
    }
    return {};
}

QDateTime eventTime(const QJsonObject &e)
{
    for (const auto &t : {at(e, {"series", "lastObservedTime"}), at(e, {"lastTimestamp"}), at(e, {"eventTime"}),
                          at(e, {"firstTimestamp"}), at(e, {"metadata", "creationTimestamp"})}) {
        const QDateTime d = QDateTime::fromString(t.toString(), Qt::ISODate);
        if (d.isValid())
            return d;
    }
    return {};
}

namespace {
QJsonObject eventSubject(const QJsonObject &e)
{
    const QJsonObject involved = e.value(QLatin1String("involvedObject")).toObject();
    return involved.isEmpty() ? e.value(QLatin1String("regarding")).toObject() : involved;
}
} // namespace

bool eventIsAbout(const QJsonObject &e, const QString &uid, const QString &kind, const QString &name)
{
    const QJsonObject s = eventSubject(e);
    const QString subjectUid = s.value(QLatin1String("uid")).toString();
    if (!subjectUid.isEmpty())
        return subjectUid == uid;
    return s.value(QLatin1String("kind")).toString() == kind && s.value(QLatin1String("name")).toString() == name;
}

int causeRank(Cause c)
{
    static const QList<Cause> order{Cause::StuckFinalizer, Cause::ControlPlaneDown, Cause::Unschedulable, Cause::MachinesFailed,
                                    Cause::ReleaseFailed,  Cause::PoolFailed,       Cause::AddonFailed,      Cause::Leftovers,     Cause::SlowProvisioning,
                                    Cause::Degraded,       Cause::Unknown,          Cause::Deleting,      Cause::Upgrading,
                                    Cause::Scaling,        Cause::Provisioning,     Cause::Stopped,       Cause::None};
    return int(order.indexOf(c));
}

namespace {

struct Parsed {
    QJsonObject obj;
    QString kind, name, uid;
    // Who it is in this tree: "Kind/uid". Not the uid alone: the platform's
    // aggregated server gives an application its HelmRelease's uid.
    QString id;
    QHash<QString, QString> labels;
    QStringList owners; // ids ("Kind/uid"), the controller first
};

Parsed parse(const QJsonObject &o)
{
    Parsed p;
    p.obj = o;
    p.kind = o.value(QLatin1String("kind")).toString();
    const QJsonObject meta = o.value(QLatin1String("metadata")).toObject();
    p.name = meta.value(QLatin1String("name")).toString();
    p.uid = meta.value(QLatin1String("uid")).toString();
    if (p.uid.isEmpty()) // hand-made input: a stable stand-in
        p.uid = p.kind + QLatin1Char('/') + p.name;
    p.id = p.kind + QLatin1Char('/') + p.uid;
    const QJsonObject labels = meta.value(QLatin1String("labels")).toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        p.labels.insert(it.key(), it.value().toString());
    for (const QJsonValue &r : meta.value(QLatin1String("ownerReferences")).toArray()) {
        const QString uid = r.toObject().value(QLatin1String("uid")).toString();
        if (uid.isEmpty())
            continue;
        const QString id = r.toObject().value(QLatin1String("kind")).toString() + QLatin1Char('/') + uid;
        if (r.toObject().value(QLatin1String("controller")).toBool())
            p.owners.prepend(id);
        else
            p.owners.append(id);
    }
    return p;
}

int kindRank(const QString &kind)
{
    static const QStringList order{QStringLiteral("HelmRelease"),        QStringLiteral("Cluster"),
                                   QStringLiteral("KubevirtCluster"),    QStringLiteral("KamajiControlPlane"),
                                   QStringLiteral("TenantControlPlane"), QStringLiteral("Secret"),
                                   QStringLiteral("MachineDeployment"),  QStringLiteral("MachineHealthCheck"),
                                   QStringLiteral("MachineSet"),         QStringLiteral("Machine"),
                                   QStringLiteral("KubevirtMachine"),    QStringLiteral("VirtualMachine"),
                                   QStringLiteral("VirtualMachineInstance"), QStringLiteral("DataVolume"),
                                   QStringLiteral("PersistentVolumeClaim")};
    const int i = int(order.indexOf(kind));
    return i < 0 ? int(order.size()) : i;
}

QString ageWords(qint64 secs)
{
    if (secs < 120)
        return tr("%n second(s)", int(secs));
    if (secs < 2 * 3600)
        return tr("%n minute(s)", int(secs / 60));
    if (secs < 2 * 86400)
        return tr("%n hour(s)", int(secs / 3600));
    return tr("%n day(s)", int(secs / 86400));
}

bool mentionsScheduling(const QString &s)
{
    return s.contains(QLatin1String("Unschedulable"), Qt::CaseInsensitive) ||
           s.contains(QLatin1String("cannot be scheduled"), Qt::CaseInsensitive) ||
           s.contains(QLatin1String("Insufficient "), Qt::CaseInsensitive) ||
           s.contains(QLatin1String("FailedScheduling"), Qt::CaseInsensitive);
}

// A KubeObject for deriveStatus, from JSON already parsed.
ObjectPtr toObject(const Parsed &p)
{
    auto k = std::make_shared<kube::KubeObject>();
    k->setJson(QJsonDocument(p.obj).toJson(QJsonDocument::Compact));
    k->name = p.name;
    k->ns = text(p.obj, {"metadata", "namespace"});
    k->uid = p.uid.toUtf8();
    k->deleting = !at(p.obj, {"metadata", "deletionTimestamp"}).isUndefined();
    return k;
}

void diagnose(ClusterTree &t, const ClusterObjects &objects, const TreeOptions &opt);
} // namespace

ClusterTree buildTree(const TreeInput &in, const TreeOptions &opt)
{
    ClusterTree t;
    t.ns = in.ns;
    t.name = in.name;
    t.notVisible = in.notVisible;
    const QString rel = naming::kubernetesRelease(in.name);
    const QString secretName = naming::adminKubeconfigSecret(in.name);

    // Which objects are this cluster's: its app, what carries its labels or
    // names, and (to a fixpoint) what those own.
    QList<Parsed> all;
    all.reserve(in.objects.size());
    for (const QJsonObject &o : in.objects)
        all << parse(o);
    QList<Parsed> mine;
    QSet<QString> ids;
    QList<bool> taken(all.size(), false);
    // Node pools name their cluster in spec.cluster (whatever they are called);
    // their releases name the pool.
    QSet<QString> pools;
    for (const Parsed &p : std::as_const(all))
        if (p.kind == QLatin1String(KubernetesNodesKind) && text(p.obj, {"spec", "cluster"}) == in.name)
            pools.insert(p.name);
    auto poolOfRelease = [](const Parsed &p) {
        return p.kind == QLatin1String("HelmRelease") &&
                       p.labels.value(QStringLiteral("apps.cozystack.io/application.kind")) == QLatin1String(KubernetesNodesKind)
                   ? p.labels.value(QStringLiteral("apps.cozystack.io/application.name"))
                   : QString();
    };
    for (qsizetype i = 0; i < all.size(); ++i) {
        const Parsed &p = all[i];
        const QString releaseOf = poolOfRelease(p);
        if ((p.kind == QLatin1String(KubernetesNodesKind) && pools.contains(p.name)) || (!releaseOf.isEmpty() && pools.contains(releaseOf))) {
            taken[i] = true;
            ids.insert(p.id);
            continue;
        }
        if (!releaseOf.isEmpty())
            continue; // another cluster's pool ("kubernetes-nodes-x" is not app "nodes-x")
        const bool isApp = p.kind == QLatin1String("Kubernetes") && p.name == in.name;
        const bool labelled = p.labels.value(QStringLiteral("cluster.x-k8s.io/cluster-name")) == rel ||
                              p.labels.value(QStringLiteral("cozystack.io/target-cluster-name")) == rel ||
                              (p.labels.value(QStringLiteral("apps.cozystack.io/application.name")) == in.name &&
                               p.labels.value(QStringLiteral("apps.cozystack.io/application.kind")) == QLatin1String("Kubernetes"));
        const bool named = p.kind != QLatin1String("Kubernetes") && p.kind != QLatin1String("Event") &&
                           (p.name == rel || (p.kind == QLatin1String("Secret") && p.name == secretName));
        if (isApp || labelled || named) {
            taken[i] = true;
            ids.insert(p.id);
        }
    }
    for (bool grew = true; grew;) {
        grew = false;
        for (qsizetype i = 0; i < all.size(); ++i)
            if (!taken[i] && std::any_of(all[i].owners.begin(), all[i].owners.end(), [&](const QString &u) { return ids.contains(u); })) {
                taken[i] = grew = true;
                ids.insert(all[i].id);
            }
    }
    QSet<QString> seen; // the same object listed twice (two pages, two sources) counts once
    for (qsizetype i = 0; i < all.size(); ++i)
        if (taken[i] && !seen.contains(all[i].id)) {
            seen.insert(all[i].id);
            mine << all[i];
        }

    // The root: the app, or a stand-in when it is gone and objects remain.
    const auto appIt = std::find_if(mine.begin(), mine.end(), [&](const Parsed &p) { return p.kind == QLatin1String("Kubernetes"); });
    if (appIt == mine.end() && mine.isEmpty()) {
        diagnose(t, {}, opt);
        return t;
    }
    Parsed root;
    if (appIt != mine.end()) {
        root = *appIt;
        mine.erase(appIt);
    } else {
        root.kind = QStringLiteral("Kubernetes");
        root.name = in.name;
        root.uid = QStringLiteral("(gone)");
        root.id = root.kind + QLatin1Char('/') + root.uid;
    }

    // Parents: the controller owner, else the first owner in the tree, else
    // the platform's links by name and label.
    QHash<QString, qsizetype> byId;
    for (qsizetype i = 0; i < mine.size(); ++i)
        byId.insert(mine[i].id, i);
    auto findKind = [&](const QString &kind, auto pred) -> QString {
        for (const Parsed &p : std::as_const(mine))
            if (p.kind == kind && pred(p))
                return p.id;
        return {};
    };
    const QString mainRelease = findKind(QStringLiteral("HelmRelease"), [&](const Parsed &p) { return p.name == rel; });
    QHash<QString, QString> parentOf; // id → parent id ("" = root)
    for (const Parsed &p : std::as_const(mine)) {
        QString parent;
        for (const QString &o : p.owners)
            if (byId.contains(o) || o == root.id) {
                parent = o;
                break;
            }
        if (parent.isEmpty()) {
            if (const QString pool = poolOfRelease(p); !pool.isEmpty())
                parent = findKind(QLatin1String(KubernetesNodesKind), [&](const Parsed &a) { return a.name == pool; });
            else if (p.kind == QLatin1String(KubernetesNodesKind))
                parent.clear(); // beside the cluster's release, under the app
            else if (p.kind == QLatin1String("HelmRelease") && p.name != rel && !mainRelease.isEmpty())
                parent = mainRelease;
            else if (p.kind == QLatin1String("DataVolume"))
                parent = findKind(QStringLiteral("VirtualMachine"), [&](const Parsed &vm) {
                    for (const QJsonValue &d : at(vm.obj, {"spec", "dataVolumeTemplates"}).toArray())
                        if (text(d.toObject(), {"metadata", "name"}) == p.name)
                            return true;
                    return false;
                });
            else if (p.kind == QLatin1String("PersistentVolumeClaim"))
                parent = findKind(QStringLiteral("DataVolume"), [&](const Parsed &dv) { return dv.name == p.name; });
            else if (p.kind == QLatin1String("Secret"))
                parent = findKind(QStringLiteral("TenantControlPlane"), [&](const Parsed &) { return true; });
            else if (p.kind != QLatin1String("HelmRelease") && !mainRelease.isEmpty() &&
                     p.labels.value(QStringLiteral("helm.toolkit.fluxcd.io/name")) == rel)
                parent = mainRelease;
            else if (const QString helm = p.labels.value(QStringLiteral("helm.toolkit.fluxcd.io/name"));
                     p.kind != QLatin1String("HelmRelease") && !helm.isEmpty())
                parent = findKind(QStringLiteral("HelmRelease"), [&](const Parsed &r) { return r.name == helm && !poolOfRelease(r).isEmpty(); });
        }
        if (parent == p.id || parent == root.id)
            parent.clear();
        parentOf.insert(p.id, parent);
    }
    // An ownership loop (broken data) would hide its members: they hang off the root.
    for (const Parsed &p : std::as_const(mine)) {
        QSet<QString> chain{p.id};
        for (QString u = parentOf.value(p.id); !u.isEmpty(); u = parentOf.value(u)) {
            if (chain.contains(u)) {
                parentOf[p.id].clear();
                break;
            }
            chain.insert(u);
        }
    }

    // Events by object (uid, else kind/name).
    QHash<QString, EventSummary> warnings;
    for (const QJsonObject &e : in.events) {
        if (e.value(QLatin1String("type")).toString() != QLatin1String("Warning"))
            continue;
        const QJsonObject inv = eventSubject(e);
        const QString uid = inv.value(QLatin1String("uid")).toString();
        // By kind and uid (an app and its release share a uid), else kind and name.
        const QString key = inv.value(QLatin1String("kind")).toString() + QLatin1Char('/') +
                            (uid.isEmpty() ? inv.value(QLatin1String("name")).toString() : uid);
        const QDateTime when = eventTime(e);
        EventSummary &w = warnings[key];
        const int n = std::max(1, e.value(QLatin1String("count")).toInt(1));
        if (w.count == 0 || when >= w.last) {
            w.type = QStringLiteral("Warning");
            w.reason = e.value(QLatin1String("reason")).toString();
            w.message = e.value(QLatin1String("message")).toString();
            if (w.message.isEmpty())
                w.message = e.value(QLatin1String("note")).toString(); // events.k8s.io/v1
            w.last = when;
        }
        w.count += n;
    }

    // Nodes, preorder.
    auto makeNode = [&](const Parsed &p, int parent, int depth) {
        TreeNode n;
        n.kind = p.kind;
        n.name = p.name;
        n.uid = p.uid;
        n.apiVersion = p.obj.value(QLatin1String("apiVersion")).toString();
        n.parent = parent;
        n.depth = depth;
        n.json = p.obj.isEmpty() ? QByteArray() : QJsonDocument(p.obj).toJson(QJsonDocument::Indented);
        n.placeholder = p.obj.isEmpty();
        if (n.placeholder) {
            n.own = {Severity::Warning, tr("Gone"), {}, tr("The app was deleted; the objects below still carry its label.")};
        } else {
            n.own = assessObject(p.kind, p.obj);
            n.created = timeAt(p.obj, {"metadata", "creationTimestamp"});
            n.deleted = timeAt(p.obj, {"metadata", "deletionTimestamp"});
            for (const QJsonValue &f : at(p.obj, {"metadata", "finalizers"}).toArray())
                n.finalizers << f.toString();
            for (const QJsonValue &c : at(p.obj, {"status", "conditions"}).toArray()) {
                const QJsonObject co = c.toObject();
                n.conditions.append({n.title(), co.value(QLatin1String("type")).toString(), co.value(QLatin1String("status")).toString(),
                                     co.value(QLatin1String("reason")).toString(), co.value(QLatin1String("message")).toString(),
                                     conditionSeverity(co.value(QLatin1String("type")).toString(), co.value(QLatin1String("status")).toString(),
                                                       co.value(QLatin1String("reason")).toString())});
            }
            n.warning = warnings.value(p.id);
            if (n.warning.count == 0)
                n.warning = warnings.value(p.kind + QLatin1Char('/') + p.name);
            // A deletion that has waited too long on finalizers is stuck.
            if (n.deleted.isValid() && !n.finalizers.isEmpty() && n.deleted.secsTo(opt.now) > opt.stuckDeletionSecs) {
                n.own.severity = Severity::Failed;
                n.own.word = QStringLiteral("Deleting");
                n.own.reason = QStringLiteral("StuckFinalizer");
                n.own.message = tr("deleting for %1, waiting for %2").arg(ageWords(n.deleted.secsTo(opt.now)), n.finalizers.join(QStringLiteral(", ")));
            }
            // Left behind by a deleted app: not failing, but not right either.
            if (root.obj.isEmpty() && n.own.severity != Severity::Failed)
                n.own.severity = Severity::Warning;
        }
        n.worst = n.own.severity;
        return n;
    };
    QHash<QString, QList<qsizetype>> childrenOf;
    for (qsizetype i = 0; i < mine.size(); ++i)
        childrenOf[parentOf.value(mine[i].id)].append(i);
    for (auto &list : childrenOf)
        std::sort(list.begin(), list.end(), [&](qsizetype a, qsizetype b) {
            const int ra = kindRank(mine[a].kind), rb = kindRank(mine[b].kind);
            return ra != rb ? ra < rb : mine[a].name < mine[b].name;
        });
    t.nodes << makeNode(root, -1, 0);
    std::function<void(const QString &, int)> add = [&](const QString &parentUid, int parentIndex) {
        for (qsizetype i : childrenOf.value(parentUid)) {
            const int index = int(t.nodes.size());
            t.nodes << makeNode(mine[i], parentIndex, t.nodes[parentIndex].depth + 1);
            t.nodes[parentIndex].children << index;
            add(mine[i].id, index);
        }
    };
    add(QString(), 0);
    // Bubble up: children come after their parent in preorder.
    for (int i = int(t.nodes.size()) - 1; i > 0; --i) {
        TreeNode &parent = t.nodes[t.nodes[i].parent];
        parent.worst = std::max(parent.worst, t.nodes[i].worst);
    }

    // The health word from the same objects.
    ClusterObjects objs;
    objs.treeVisible = in.treeVisible;
    if (!root.obj.isEmpty())
        objs.app = toObject(root);
    for (const Parsed &p : std::as_const(mine)) {
        if (p.kind == QLatin1String("HelmRelease") && p.name == rel)
            objs.release = toObject(p);
        else if (!poolOfRelease(p).isEmpty())
            objs.poolReleases << toObject(p);
        else if (p.kind == QLatin1String(KubernetesNodesKind))
            objs.pools << toObject(p);
        else if (p.kind == QLatin1String("HelmRelease"))
            objs.addons << toObject(p);
        else if (p.kind == QLatin1String("Cluster"))
            objs.cluster = toObject(p);
        else if (p.kind == QLatin1String("TenantControlPlane"))
            objs.tenantCp = toObject(p);
        else if (p.kind == QLatin1String("KamajiControlPlane"))
            objs.kamajiCp = toObject(p);
        else if (p.kind == QLatin1String("MachineDeployment"))
            objs.machineDeployments << toObject(p);
        else if (p.kind == QLatin1String("Machine"))
            objs.machines << toObject(p);
    }
    diagnose(t, objs, opt);
    return t;
}

namespace {

int failurePriority(const TreeNode &n)
{
    // Several leaves failing: the one that blocks the others first. Nodes
    // cannot join without a control plane; addons install after both.
    if (n.own.reason == QLatin1String("StuckFinalizer"))
        return 0;
    if (n.kind == QLatin1String("TenantControlPlane") || n.kind == QLatin1String("KamajiControlPlane"))
        return 1;
    if (n.kind == QLatin1String("VirtualMachineInstance") || n.kind == QLatin1String("VirtualMachine") ||
        n.kind == QLatin1String("Machine") || n.kind == QLatin1String("KubevirtMachine") || n.kind == QLatin1String("DataVolume") ||
        n.kind == QLatin1String("PersistentVolumeClaim"))
        return 2;
    if (n.kind == QLatin1String("MachineDeployment") || n.kind == QLatin1String("MachineSet") || n.kind == QLatin1String("Cluster"))
        return 3;
    if (n.kind == QLatin1String("HelmRelease") && n.depth > 1)
        return 4; // an addon
    return 5;
}

QString evidenceLine(const TreeNode &n, const QString &what) { return n.title() + QStringLiteral(": ") + what; }

void diagnose(ClusterTree &t, const ClusterObjects &objects, const TreeOptions &opt)
{
    Diagnosis &d = t.diagnosis;
    if (t.nodes.isEmpty()) {
        d.cause = Cause::Unknown;
        d.headline = tr("Nothing found for cluster %1/%2").arg(t.ns, t.name);
        return;
    }
    const TreeNode &root = t.nodes.first();
    if (root.placeholder) {
        const int left = int(t.nodes.size()) - 1;
        d.cause = Cause::Leftovers;
        d.health = Health::Unknown;
        d.node = left > 0 ? 1 : 0;
        d.headline = tr("Cluster %1 is gone, but %n object(s) with its label remain", left).arg(t.name);
        for (int i = 1; i < t.nodes.size(); ++i)
            d.evidence << evidenceLine(t.nodes[i], t.nodes[i].own.word);
        d.nextStep = tr("Once you are sure no data on them is needed, delete them (Problems → this cluster → Remove them…, or "
                        "kubectl delete datavolumes,pvc -n %1 -l %2=%3).")
                         .arg(t.ns, QLatin1String(naming::ClusterNameLabel), naming::kubernetesRelease(t.name));
        return;
    }
    const ClusterStatus status = deriveStatus(objects);
    d.health = status.health;
    const QJsonObject app = QJsonDocument::fromJson(root.json).object();
    const QJsonObject ready = condition(app, QStringLiteral("Ready"));
    d.since = QDateTime::fromString(ready.value(QLatin1String("lastTransitionTime")).toString(), Qt::ISODate);
    if (!d.since.isValid())
        d.since = root.created;

    // The deepest failing objects: failed, with nothing failed below them.
    int pick = -1;
    for (int i = 0; i < t.nodes.size(); ++i) {
        const TreeNode &n = t.nodes[i];
        if (n.own.severity != Severity::Failed)
            continue;
        const bool below = std::any_of(n.children.begin(), n.children.end(), [&](int c) { return t.nodes[c].worst == Severity::Failed; });
        if (below)
            continue;
        if (pick < 0 || failurePriority(n) < failurePriority(t.nodes[pick]) ||
            (failurePriority(n) == failurePriority(t.nodes[pick]) && n.depth > t.nodes[pick].depth))
            pick = i;
    }
    if (pick >= 0) {
        const TreeNode &n = t.nodes[pick];
        d.node = pick;
        // Evidence: the object's own words, its newest Warning, then each failing ancestor's.
        QString allText;
        for (int i = pick; i >= 0; i = t.nodes[i].parent) {
            const TreeNode &a = t.nodes[i];
            // The release and the app only repeat what failed below them.
            if (i != pick && (a.kind == QLatin1String("Kubernetes") || a.kind == QLatin1String(KubernetesNodesKind) ||
                              (a.kind == QLatin1String("HelmRelease") && a.depth <= 1)))
                break;
            if (a.own.severity != Severity::Failed)
                continue;
            QString own = a.own.word;
            if (!a.own.message.isEmpty())
                own += QStringLiteral(" — ") + a.own.message;
            d.evidence << evidenceLine(a, own);
            if (a.warning.count > 0)
                d.evidence << evidenceLine(a, tr("event %1 (×%2): %3").arg(a.warning.reason).arg(a.warning.count).arg(a.warning.message));
            allText += a.own.word + QLatin1Char(' ') + a.own.reason + QLatin1Char(' ') + a.own.message + QLatin1Char(' ') +
                       a.warning.reason + QLatin1Char(' ') + a.warning.message + QLatin1Char(' ');
        }
        // How many objects of the same kind fail the same way.
        int alike = 0;
        for (const TreeNode &o : std::as_const(t.nodes))
            if (o.kind == n.kind && o.own.severity == Severity::Failed && o.own.word == n.own.word)
                ++alike;
        const QString more = alike > 1 ? tr(" (and %n more like it)", alike - 1) : QString();
        const QString rel = naming::kubernetesRelease(t.name);
        if (n.own.reason == QLatin1String("StuckFinalizer")) {
            d.cause = Cause::StuckFinalizer;
            d.headline = tr("%1 is stuck deleting%2: %3").arg(n.title(), more, n.own.message);
            d.nextStep = tr("The controller that owns %1 cannot finish its cleanup; its events say why (for a HelmRelease: "
                            "helm-controller cannot uninstall from the tenant cluster). Fix that cause. As a last resort, remove "
                            "the finalizer by hand (kubectl patch %2 %3 -n %4 --type=merge -p '{\"metadata\":{\"finalizers\":null}}'); "
                            "what it guarded may then be left behind.")
                             .arg(n.finalizers.join(QStringLiteral(", ")), n.kind.toLower(), n.name, t.ns);
            d.since = n.deleted;
        } else if (mentionsScheduling(allText)) {
            d.cause = Cause::Unschedulable;
            d.headline = tr("%1 cannot be scheduled%2: the management cluster lacks resources").arg(n.title(), more);
            d.nextStep = tr("Free capacity on the management cluster's nodes, or make the node group smaller: a smaller instance "
                            "type or fewer nodes (cluster page → Node groups → Scale).");
        } else if (n.kind == QLatin1String("TenantControlPlane") || n.kind == QLatin1String("KamajiControlPlane")) {
            d.cause = Cause::ControlPlaneDown;
            d.headline = tr("The control plane of %1 does not come up: %2 is %3").arg(t.name, n.title(), n.own.word);
            d.nextStep = tr("Look at the control plane's pods in namespace %1 (kube-apiserver, controller-manager, scheduler) and "
                            "its datastore; no node can join until it serves.").arg(t.ns);
        } else if (failurePriority(n) == 2 || failurePriority(n) == 3) {
            d.cause = Cause::MachinesFailed;
            d.headline = tr("%1 failed%2: %3").arg(n.title(), more, n.own.message.isEmpty() ? n.own.word : n.own.message);
            d.nextStep = tr("Read the machine's events and its VirtualMachine's. Failed machines are replaced only by a "
                            "MachineHealthCheck; scaling the node group down and up again replaces them by hand.");
        } else if (const int pool = n.kind == QLatin1String(KubernetesNodesKind) ? pick
                                    : n.parent >= 0 && t.nodes[n.parent].kind == QLatin1String(KubernetesNodesKind) ? n.parent
                                                                                                                   : -1;
                   pool >= 0) {
            d.cause = Cause::PoolFailed;
            const QString poolApp = t.nodes[pool].name;
            const QString why = n.own.message.isEmpty() ? n.own.word : n.own.message;
            d.headline = tr("Node pool %1 failed: %2").arg(poolApp, why);
            // The chart checks what admission does not (section 9): say which rule, and the way out.
            if (why.contains(QLatin1String("must be named")))
                d.nextStep = tr("A pool's name and cluster cannot change: create the pool again named %1-<pool> (cluster page → "
                                "Node groups → Add pool…), then delete %2.").arg(t.name, poolApp);
            else if (why.contains(QLatin1String("never lead")))
                d.nextStep = tr("Set the pool's version to the cluster's or an older one (cluster page → Node groups → the "
                                "pool's Upgrade…), or upgrade the cluster first.");
            else if (why.contains(QLatin1String("collides")))
                d.nextStep = tr("A node group of the cluster has the same name: delete %1 and create the pool under another "
                                "name, or remove the node group.").arg(poolApp);
            else
                d.nextStep = tr("Helm's message says which step failed. Fix the pool's values (cluster page → Node groups); "
                                "Flux retries on its interval.");
        } else if (n.kind == QLatin1String("HelmRelease") && n.name != rel) {
            d.cause = Cause::AddonFailed;
            const QString addon = n.name.startsWith(naming::addonReleasePrefix(t.name)) ? n.name.mid(naming::addonReleasePrefix(t.name).size()) : n.name;
            d.headline = tr("Addon %1 failed: %2").arg(addon, n.own.message.isEmpty() ? n.own.word : n.own.message);
            d.nextStep = tr("Helm's message above says which step failed. Fix the addon's values (Edit → addons → %1) or turn the "
                            "addon off; Flux retries on its interval.").arg(addon);
        } else if (n.kind == QLatin1String("HelmRelease")) {
            d.cause = Cause::ReleaseFailed;
            d.headline = tr("Helm release %1 failed: %2").arg(n.name, n.own.message.isEmpty() ? n.own.word : n.own.message);
            d.nextStep = tr("Helm's message says which step failed. Fix the cluster's values and save (Flux retries), or "
                            "run: flux reconcile helmrelease %1 -n %2").arg(n.name, t.ns);
        } else {
            d.cause = n.kind == QLatin1String("Kubernetes") && status.health == Health::Degraded ? Cause::Degraded : Cause::ReleaseFailed;
            d.headline = tr("%1 is %2: %3").arg(n.title(), n.own.word, n.own.message);
        }
        return;
    }

    // Nothing failed.
    switch (status.health) {
    case Health::Ready:
        d.cause = Cause::None;
        d.headline = tr("Cluster %1 is Ready").arg(t.name);
        return;
    case Health::Upgrading:
    case Health::Scaling:
        // The word carries its counts ("Scaling (3/5 nodes)"); the reason says what moves.
        d.cause = status.health == Health::Upgrading ? Cause::Upgrading : Cause::Scaling;
        d.headline = status.word + QStringLiteral(": ") + status.reason;
        return;
    case Health::Degraded:
        d.cause = Cause::Degraded;
        d.headline = tr("Degraded: %1").arg(status.reason);
        return;
    case Health::Deleting:
        d.cause = Cause::Deleting;
        d.headline = tr("Deleting: %1").arg(status.reason);
        d.since = root.deleted;
        return;
    case Health::Failed:
        d.cause = Cause::ReleaseFailed;
        d.headline = status.reason;
        return;
    case Health::Unknown:
        d.cause = Cause::Unknown;
        d.headline = tr("Not enough is visible to say why: %1").arg(status.reason);
        return;
    case Health::Stopped:
        d.cause = Cause::Stopped;
        d.headline = tr("Stopped: %1").arg(status.reason);
        d.nextStep = tr("Start… on the cluster page gives the node groups back the sizes Stop… recorded.");
        return;
    case Health::Provisioning:
        break;
    }
    // Provisioning: what it waits on is the deepest object still on its way.
    int waiting = -1;
    for (int i = 0; i < t.nodes.size(); ++i)
        if (t.nodes[i].own.severity == Severity::Progressing && (waiting < 0 || t.nodes[i].depth > t.nodes[waiting].depth))
            waiting = i;
    d.node = waiting;
    const qint64 secs = root.created.isValid() ? root.created.secsTo(opt.now) : 0;
    d.since = root.created;
    const QString on = waiting >= 0 ? tr("waiting for %1 (%2)").arg(t.nodes[waiting].title(), t.nodes[waiting].own.word) : status.reason;
    if (secs > opt.slowProvisioningSecs) {
        d.cause = Cause::SlowProvisioning;
        d.headline = tr("Provisioning for %1 (usually under %2), %3").arg(ageWords(secs), ageWords(opt.slowProvisioningSecs), on);
        if (waiting >= 0)
            d.evidence << evidenceLine(t.nodes[waiting], t.nodes[waiting].own.word +
                                                            (t.nodes[waiting].own.message.isEmpty() ? QString() : QStringLiteral(" — ") + t.nodes[waiting].own.message));
        d.nextStep = tr("Nothing has failed yet. Look at the events of the object it waits on; a management cluster short of "
                        "capacity or a slow image import are the usual reasons.");
    } else {
        d.cause = Cause::Provisioning;
        d.headline = tr("Provisioning, %1").arg(on);
    }
}
} // namespace

TreeInput treeInputFromCache(const ClusterObjects &o, const QList<ObjectPtr> &events)
{
    TreeInput in;
    in.treeVisible = o.treeVisible;
    forEachObject(o, [&in](const ObjectPtr &p, const QString &kind) {
        QJsonObject j = toJson(p);
        if (!j.contains(QLatin1String("kind")))
            j.insert(QStringLiteral("kind"), kind);
        in.objects << j;
    });
    if (o.app) {
        in.ns = o.app->ns;
        in.name = o.app->name;
    }
    for (const auto &e : events)
        in.events << toJson(e);
    return in;
}

namespace {
const char *mark(Severity s)
{
    switch (s) {
    case Severity::Ok: return "✓";
    case Severity::Progressing: return "…";
    case Severity::Warning: return "!";
    case Severity::Failed: return "✗";
    }
    return "?";
}
} // namespace

QString diagnosisText(const ClusterTree &t)
{
    const Diagnosis &d = t.diagnosis;
    QString s;
    s += QStringLiteral("%1/%2: %3 — %4\n").arg(t.ns, t.name, healthName(d.health), causeName(d.cause));
    s += QStringLiteral("  %1\n").arg(d.headline);
    if (d.since.isValid())
        s += QStringLiteral("  %1 %2\n").arg(tr("Since:"), d.since.toUTC().toString(Qt::ISODate));
    for (const QString &e : d.evidence)
        s += QStringLiteral("  - %1\n").arg(e);
    if (!d.nextStep.isEmpty())
        s += QStringLiteral("  %1 %2\n").arg(tr("Next step:"), d.nextStep);
    for (const QString &n : t.notVisible)
        s += QStringLiteral("  %1 %2\n").arg(tr("Not visible:"), n);
    return s;
}

QString treeText(const ClusterTree &t, bool withAges)
{
    QString s;
    for (const TreeNode &n : t.nodes) {
        s += QString(n.depth * 2, QLatin1Char(' '));
        s += QString::fromUtf8(mark(n.own.severity)) + QLatin1Char(' ') + n.title() + QStringLiteral("  ") + n.own.word;
        if (!n.own.message.isEmpty())
            s += QStringLiteral(" — ") + n.own.message;
        if (n.worst == Severity::Failed && n.own.severity != Severity::Failed)
            s += QStringLiteral("  [") + tr("problem below") + QLatin1Char(']');
        if (n.warning.count > 0)
            s += QStringLiteral("  {%1: %2}").arg(n.warning.reason, n.warning.message);
        if (withAges && n.created.isValid())
            s += QStringLiteral("  (%1)").arg(shortAge(n.created));
        s += QLatin1Char('\n');
    }
    return s;
}

} // namespace nestdeck::platform
