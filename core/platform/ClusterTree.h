#pragma once

#include "core/platform/ClusterStatus.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace nestdeck::platform {

// Troubleshooting: one tenant cluster's whole object tree, each object judged
// on its own, problems bubbled up to the app, and the diagnosis: the deepest
// failing object, the evidence and, for the causes the platform is known for,
// what to do next. Pure functions over objects already fetched (TreeLoader
// fetches them; the Problems view passes the session's caches).


// Severity (how bad one object is, on its own) is declared with Health.

// What the diagnosis found; the kinds of cause the platform is known for.
enum class Cause {
    None,              // Ready
    Provisioning,      // on its way, within the usual time
    Upgrading,
    Deleting,          // deletion in progress, nothing stuck
    SlowProvisioning,  // provisioning longer than usual, nothing failed
    Unschedulable,     // VMs cannot be placed: the management cluster lacks resources
    MachinesFailed,    // machines failed for another reason
    ControlPlaneDown,  // the tenant control plane does not come up
    ReleaseFailed,     // the cluster's Helm release failed to install or upgrade
    AddonFailed,       // an addon's Helm release failed
    PoolFailed,        // a node pool (KubernetesNodes) failed to install: its chart's message says why
    StuckFinalizer,    // a deletion waits on a finalizer that does not clear
    Leftovers,         // the app is gone, objects with its label are not
    Degraded,          // serving, something short (nodes, workloads)
    Unknown,           // not enough visible to say
    Scaling,           // served before; its nodes on their way to a new count
    Stopped,           // stopped on purpose (Stop…): every node group at 0
};

// One object, judged by the rules of its kind. deriveStatus and the tree use
// the same judgement, so the health word and the diagnosis cannot disagree.
struct Assessment {
    Severity severity = Severity::Ok;
    QString word;    // "Ready", "Running", "ErrorUnschedulable", "InstallFailed", …
    QString reason;  // machine-readable reason when the object gives one
    QString message; // the object's own explanation (condition message, failureMessage)
};
// `kind` is the object's Kind ("Machine"); obj its JSON. Unknown kinds are
// judged by their Ready condition, or Ok when they have none.
Assessment assessObject(const QString &kind, const QJsonObject &obj);

// Events, in both shapes (core/v1 and events.k8s.io/v1).
// When it last happened: series, lastTimestamp, eventTime, firstTimestamp, creation.
QDateTime eventTime(const QJsonObject &event);
// Whether it is about the object with this uid (or, without a uid, this kind and name).
bool eventIsAbout(const QJsonObject &event, const QString &uid, const QString &kind, const QString &name);

// The newest Warning event about one object.
struct EventSummary {
    QString type, reason, message;
    QDateTime last;
    int count = 0;
};

struct TreeNode {
    QString kind, name, uid;
    QString apiVersion;
    Assessment own;
    Severity worst = Severity::Ok; // own or anything below
    QDateTime created;
    QDateTime deleted;            // deletionTimestamp, invalid when not deleting
    QStringList finalizers;
    QList<ConditionLine> conditions;
    EventSummary warning;          // newest Warning event; count 0 when none
    int parent = -1;
    int depth = 0;
    QList<int> children;           // indices, in display order
    QByteArray json;               // as fetched (Secrets: metadata only)
    bool placeholder = false;      // the app itself is gone (leftovers)
    QString title() const { return kind + QLatin1Char(' ') + name; }
};

QString causeName(Cause c); // "VMs cannot be scheduled", in the user's language
// Something is wrong (not merely provisioning, upgrading or deleting).
inline bool isProblem(Cause c)
{
    return c != Cause::None && c != Cause::Provisioning && c != Cause::Upgrading && c != Cause::Deleting && c != Cause::Scaling &&
           c != Cause::Stopped;
}

struct Diagnosis {
    Cause cause = Cause::Unknown;
    Health health = Health::Unknown;
    int node = -1;       // the object that explains it (index into the tree), -1 when none
    QString headline;    // one sentence: what is wrong, where
    QStringList evidence;// condition messages and events, "Kind name: text"
    QString nextStep;    // what to do, in words; "" when nothing is to be done
    QDateTime since;     // when the cluster entered this state, invalid when unknown
    bool problem() const { return isProblem(cause); }
};

struct TreeOptions {
    // Longer than this in Provisioning, with nothing failed, is SlowProvisioning
    // (a cluster is usually Ready in 5–10 minutes on Cozystack).
    qint64 slowProvisioningSecs = 20 * 60;
    // A deleting object older than this that still has finalizers is stuck.
    qint64 stuckDeletionSecs = 10 * 60;
    QDateTime now = QDateTime::currentDateTimeUtc();
};

// Everything fetched for one cluster: objects of any kind (those not belonging
// to the cluster are ignored) and the namespace's events.
struct TreeInput {
    QString ns, name;                 // the Kubernetes app
    QList<QJsonObject> objects;       // each with kind, apiVersion, metadata
    QList<QJsonObject> events;        // core/v1 Events
    QStringList notVisible;           // kinds the user may not read ("Machine: forbidden")
    bool treeVisible = true;          // false: only the app is readable (tenant users)
};

struct ClusterTree {
    QString ns, name;
    QList<TreeNode> nodes; // nodes[0] is the app (or its placeholder); preorder
    QStringList notVisible;
    Diagnosis diagnosis;
    bool empty() const { return nodes.isEmpty(); }
};

// Causes in the order the Problems view groups them: the most serious first.
int causeRank(Cause c);

// The tree: ownerReferences where present, the platform's naming and labels
// where not (DataVolumes, addon releases, the admin kubeconfig Secret).
ClusterTree buildTree(const TreeInput &in, const TreeOptions &options = {});

// The same input from the session's caches (no VMs, volumes or Secrets): for
// the Problems view, which diagnoses every cluster that is not Ready.
TreeInput treeInputFromCache(const ClusterObjects &objects, const QList<ObjectPtr> &events);

// Plain text: the diagnosis, then the tree with one line per object
// ("✗ Machine kubernetes-x-md0-abcde  Failed  CreateError: …"). Stable for
// golden files (no ages unless withAges).
QString diagnosisText(const ClusterTree &tree);
QString treeText(const ClusterTree &tree, bool withAges = false);

} // namespace nestdeck::platform
