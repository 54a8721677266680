#pragma once

#include "core/kube/Decoder.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace nestdeck::platform {
// The namespace carries a meta-object so Health reaches QML by name (the UI
// registers it as a foreign namespace); only this header may say Q_NAMESPACE.
Q_NAMESPACE

using kube::ObjectPtr;

// The objects one tenant Kubernetes cluster is made of (API doc, section 4),
// as far as the user may see them.
struct ClusterObjects {
    ObjectPtr app;          // apps.cozystack.io Kubernetes
    ObjectPtr release;      // HelmRelease kubernetes-<name>
    ObjectPtr cluster;      // Cluster API Cluster
    ObjectPtr tenantCp;     // Kamaji TenantControlPlane
    ObjectPtr kamajiCp;     // KamajiControlPlane
    QList<ObjectPtr> machineDeployments;
    QList<ObjectPtr> machines;
    QList<ObjectPtr> addons; // addon HelmReleases
    // False for users who may not read Cluster API, Kamaji or Flux objects:
    // health is then derived from the app's own conditions only.
    bool treeVisible = true;
    // Node pools (section 9): the KubernetesNodes apps whose spec.cluster names
    // this cluster, and their HelmReleases. Their MachineDeployments and
    // machines carry the cluster's label: they are in the lists above.
    QList<ObjectPtr> pools;
    QList<ObjectPtr> poolReleases;
};

// Every object in `objects` with its Kind, in deletion order (the app, its
// release, the addons, the control plane, the Cluster, node groups, machines),
// then the node pools and their releases (apps of their own).
void forEachObject(const ClusterObjects &objects, const std::function<void(const ObjectPtr &, const QString &kind)> &fn);

// Scaling: the cluster served before and its node count is on its way to a
// new size (a scale, or Start after Stop). Stopped: Stop… set every node
// group to 0 and recorded the sizes; nothing serves workloads.
enum class Health { Ready, Provisioning, Scaling, Upgrading, Stopped, Degraded, Failed, Deleting, Unknown };
Q_ENUM_NS(Health)

// Not Q_ENUM_NS (unlike Health): QML looks enum keys up across all of the
// namespace's enums, and Health.Failed must stay Health's.
// How bad one object or condition is, on its own. Progressing also stands
// for "not known yet" (a condition Unknown): neither fine nor failed.
enum class Severity { Ok, Progressing, Warning, Failed };

// A condition's status read by its type's polarity: Ready=True is fine,
// Stalled=True is not; Unknown, and False with reason Progressing, are on
// their way, not failed.
Severity conditionSeverity(const QString &type, const QString &status, const QString &reason = {});

// One line of "why": an object, a condition or phase, and what it says.
struct ConditionLine {
    QString object;  // "HelmRelease kubernetes-prod"
    QString type;    // "Ready", "phase", "version"
    QString status;  // "True", "Provisioning", ...
    QString reason;
    QString message;
    Severity severity = Severity::Ok;
    bool ok() const { return severity == Severity::Ok; }
};

struct ClusterStatus {
    Health health = Health::Unknown;
    QString word;   // "Ready", "Provisioning (3/5 nodes)", "Failed: …"
    QString reason; // the one sentence behind the word
    QString wantedVersion;  // spec.version, e.g. v1.33
    QString runningVersion; // from the control plane, e.g. v1.33.1; empty if unknown
    int nodesReady = -1;    // -1: not visible
    int nodesDesired = -1;
    QString controlPlane;   // Ready, Provisioning, Upgrading, NotReady, or empty
    int addonsReady = -1;
    int addonsEnabled = -1;
    QDateTime created;
    QList<ConditionLine> chain;
    // The cluster's own workers (its node groups; pools keep versions of
    // their own): the distinct versions their machines run, sorted, and
    // how many are at the version they should be and running (-1: none
    // visible). A rolling upgrade shows as two versions here.
    QStringList workerVersions;
    int workersUpdated = -1;
    int workersTotal = -1;
    // The Version column: the control plane's version, the wanted one when
    // it is moving, and the workers' when they differ from it.
    QString versionText() const;
    // Whether the control plane runs the wanted minor (or nothing says otherwise).
    bool controlPlaneAtWanted() const;
};

// The health word in the user's language (English without a translator).
QString healthName(Health h);

// Derives one honest word from the whole tree, with its reason and the chain
// of conditions behind it. Never fails: missing or odd data degrades to Unknown.
ClusterStatus deriveStatus(const ClusterObjects &objects);

// The fields a cache of tree objects of `kind` can do without, for the
// session's caches to cut when they decode (client-go's transform functions).
// Health (deriveStatus) and the cluster page read status, conditions and a
// few spec fields; the rest is dead weight in 180,000 cached objects, the
// HelmRelease's spec.values above all (the app's whole spec again). Whole
// objects (YAML, the troubleshooting tree, support bundles) are fetched
// fresh. What is kept is packed (kube::JsonPacker), for any kind: a new
// packer each call, so call it once per cache.
kube::TrimPtr cachedTreeTrim(const QString &kind);

// Small JSON helpers for cached objects.
QJsonObject toJson(const ObjectPtr &o);
QJsonObject condition(const QJsonObject &obj, const QString &type);

} // namespace nestdeck::platform
