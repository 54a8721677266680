#pragma once

#include "core/platform/ClusterStatus.h"
#include "core/platform/ClusterTree.h"
#include "core/platform/KubernetesSpec.h"
#include "core/platform/Naming.h"
#include "core/platform/SchemaValidator.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace nestdeck::platform {

// Node pools: the KubernetesNodes application kind of newer releases (API
// doc, section 9), and a cluster's node groups in both shapes, one list.
//
// A pool names its cluster in spec.cluster and must be called
// "<cluster>-<pool>"; its MachineDeployment is then "kubernetes-<cluster>-<pool>",
// like a node group's. The platform checks neither at admission: a mistake
// shows as the pool's HelmRelease failing. The client checks both before
// anything is sent (poolNameError, poolVersionError).

// The spec of a KubernetesNodes app, read once (never fails; absent fields read empty).
struct NodePoolSpec {
    // appObject: the whole KubernetesNodes object (with "metadata" and "spec").
    static NodePoolSpec read(const QJsonObject &appObject);

    QString name;         // the app's name, e.g. "prod-workers"
    QString cluster;      // spec.cluster: the Kubernetes app it belongs to
    QString version;      // spec.version; "" when unset (the platform's default applies)
    QString storageClass;
    NodeGroupSpec group;  // sizes, instance type, disk, roles, GPUs; group.name is the pool's part of its name
};

// "<cluster>-<pool>" → "<pool>"; "" when the name does not follow the rule.
QString poolOf(const QString &appName, const QString &cluster);
// Why a pool named `appName` cannot belong to `cluster` ("" when it can).
QString poolNameError(const QString &appName, const QString &cluster);
// (Its version policy is with the cluster's, in ClusterActions.h.)

// The platform's rules for a pool's form, which its schema cannot carry:
// the name against the cluster it names, that cluster existing, and the
// version not ahead of the cluster's. name: "" on an edit (it cannot
// change); effective: the spec with its defaults. lookup: the wanted version
// of a cluster in the pool's namespace, nullopt when there is none.
using ClusterVersionLookup = std::function<std::optional<QString>(const QString &cluster)>;
QList<FieldError> nodePoolRuleErrors(const QString &name, const QJsonObject &effective, const ClusterVersionLookup &lookup);

// One Cluster API Machine of a node group.
struct MachineState {
    QString name, phase, node, message, version;
    QDateTime created;
};

// One node group of a cluster, wherever it is declared.
struct NodeGroupState {
    enum class Source {
        Spec, // an entry of the Kubernetes app's spec.nodeGroups
        Pool, // a KubernetesNodes app whose spec.cluster names the cluster
    };
    Source source = Source::Spec;
    QString name;        // the group: its key in spec.nodeGroups, or the pool's part of its name
    QString app;         // a pool: the KubernetesNodes app's name ("" for a spec entry)
    QString version;     // a pool's own version ("" for a spec entry: the cluster's)
    NodeGroupSpec spec;
    // A spec entry on a release whose schema has no nodeGroups: the platform
    // keeps it but acts on it no more; replacedBy names the pool that took
    // its place (found by the platform's migration naming: "<cluster>-<group>").
    bool ignored = false;
    QString replacedBy;
    // A pool's release, judged as the tree judges it (word, message).
    Assessment release;
    bool releaseKnown = false; // the release is visible and exists
    bool deleting = false;     // the pool app is being deleted
    // Live, from Cluster API (replicas and ready -1 when not visible).
    QString machineDeployment;
    QString phase;
    int replicas = -1, ready = -1;
    QList<MachineState> machines; // by name
};

// Every node group of the cluster `objects` describes: the spec's entries (by
// name), then its pools (by name). spec: the cluster's spec, read with its
// schema; specHasNodeGroups: whether that schema still has nodeGroups (the
// next release's does not).
QList<NodeGroupState> nodeGroupsOf(const ClusterObjects &objects, const KubernetesSpec &spec, bool specHasNodeGroups);

} // namespace nestdeck::platform
