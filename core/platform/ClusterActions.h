#pragma once

#include "core/kube/Access.h"
#include "core/platform/AppWriter.h"
#include "core/platform/ClusterStatus.h"
#include "core/platform/VersionPolicy.h"

#include <QHash>
#include <QMap>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

namespace nestdeck::platform {

// Day-two actions on a tenant Kubernetes cluster (scale, stop/start, upgrade),
// as pure changes of its spec and annotations, and a runner that sends them
// the way every write goes: access asked first, policy checked before
// sending, then AppWriter on the object just read (validation, the write of
// the changed fields only, read back). Nothing reaches the server before the
// user's final click: the platform stores a dry-run update.

// --- Changes ------------------------------------------------------------------
// The sizes a stopped cluster had, as JSON {"md0": {"minReplicas": 1, "maxReplicas": 3}}.
inline constexpr char StoppedSizesAnnotation[] = "nestdeck.io/stopped-node-groups";

struct SpecChange {
    QJsonObject spec;     // the whole new spec (what AppWriter::update takes)
    QJsonObject metadata; // annotations to set ({"annotations": {k: v}}; null removes)
    QString error;        // the action does not apply, in words
    bool ok() const { return error.isEmpty(); }
};
bool isStopped(const QJsonObject &app);

// Why the cluster's actions (stop, start, scale, upgrade, edit, delete, its
// pools') are off now, or "" when they are not: while it is being deleted,
// and while the session is not live (what is shown may be out of date, and
// a change would be judged against it).
QString actionsBlockedReason(Health health, bool live);
// Stop: every node group to zero nodes (min and max), the sizes before recorded
// on the app. The control plane keeps running; workloads stop; volumes stay.
SpecChange stopChange(const QJsonObject &app, const SchemaValidator &validator);
// Start: the recorded sizes back, exactly; the record removed.
SpecChange startChange(const QJsonObject &app, const SchemaValidator &validator);
// What Start puts back, one line a node group ("md0: minimum 1, maximum 3
// nodes"); empty
// when the cluster is not stopped or its record cannot be read.
QStringList recordedSizes(const QJsonObject &app);
// Scale one node group (instanceType "" keeps it).
SpecChange scaleChange(const QJsonObject &app, const SchemaValidator &validator, const QString &group, int minReplicas,
                       int maxReplicas, const QString &instanceType = {});
SpecChange upgradeChange(const QJsonObject &app, const SchemaValidator &validator, const QString &target);
// A node pool's (a KubernetesNodes app's flat spec): its sizes; its version,
// judged against its own and its cluster's (clusterVersion).
SpecChange poolScaleChange(const QJsonObject &pool, const SchemaValidator &validator, int minReplicas, int maxReplicas);
SpecChange poolUpgradeChange(const QJsonObject &pool, const SchemaValidator &validator, const QString &clusterVersion,
                             const QString &target);

// --- Delete ---------------------------------------------------------------------
struct ClusterObjects;
// What deleting removes, one "Kind name" per line, from the cluster's object tree.
QStringList deletionPlan(const ClusterObjects &objects);
// Why a deletion is not finishing: the finalizers its objects still wait
// for, in words; "" when it is not being deleted or none are left. On the
// platform an app shows no finalizers of its own: they are its release's.
QString deletionWait(const ClusterObjects &objects);

// Objects a cluster's deletion can leave behind (the platform's cleanup hook
// can miss its VMs' volumes): DataVolumes and PVCs with the cluster's label.
struct Leftover {
    kube::ResourceRef resource;
    QString ns, name, uid; // uid: a precondition of its delete
    QString text() const { return resource.kind + QLatin1Char(' ') + name; }
};

// The volumes gone clusters left behind: DataVolumes and PVCs labelled with a
// Kubernetes app's release (API doc section 4) whose app `exists` says is gone
// ("ns/name"), by that key, in `namespaces` ("" for every namespace). Listed
// once, not watched: a cache of every volume at 20,000 clusters would cost
// more than the Problems view gains from it. Kinds that are not served or
// may not be read count as none.
using OrphansDone = std::function<void(const QMap<QString, QList<Leftover>> &byCluster, const QString &error)>;
void findOrphanedVolumes(kube::RestClient *client, const QStringList &namespaces, const std::function<bool(const QString &key)> &exists,
                         QObject *context, OrphansDone done);

// --- Runner -------------------------------------------------------------------
// Sends the actions. Each one asks the server first whether the user may
// patch the app (SelfSubjectAccessReview, cached per namespace until clear()),
// and refuses with the reason before anything is written.
class ClusterActions : public QObject {
    Q_OBJECT
public:
    // client: access reviews and deletes; calls: the writes (AppWriter), as the server treats them (traits).
    ClusterActions(kube::RestClient *client, ApiCalls *calls, AppDefinitionPtr definition, ValidatorPtr validator,
                   ServerTraits traits, QObject *parent = nullptr);

    using Done = AppWriter::Done;
    void scale(const QString &ns, const QString &name, const QString &group, int minReplicas, int maxReplicas,
               const QString &instanceType, QObject *context, Done done);
    void stop(const QString &ns, const QString &name, QObject *context, Done done);
    void start(const QString &ns, const QString &name, QObject *context, Done done);
    void upgrade(const QString &ns, const QString &name, const QString &version, QObject *context, Done done);
    // On a runner for KubernetesNodes: a pool's sizes and version.
    void scalePool(const QString &ns, const QString &name, int minReplicas, int maxReplicas, QObject *context, Done done);
    void upgradePool(const QString &ns, const QString &name, const QString &clusterVersion, const QString &version,
                     QObject *context, Done done);
    // Delete, only when `typedName` is the cluster's name (the user typed it to
    // confirm); uid: the object the user saw (a precondition, so a cluster made
    // again under the same name is not the one deleted). Dry-run first.
    void remove(const QString &ns, const QString &name, const QString &typedName, const QString &uid, QObject *context, Done done);
    using LeftoversDone = std::function<void(const QList<Leftover> &found, const QString &error)>;
    void findLeftovers(const QString &ns, const QString &name, QObject *context, LeftoversDone done);
    // Deletes the leftovers found before (a second confirmation is the caller's).
    void removeLeftovers(const QList<Leftover> &leftovers, QObject *context, LeftoversDone done);
    // Whether the user may change (patch) or delete apps in `ns` ("" reason
    // when allowed), cached. The reason names the verb the role lacks.
    using AccessDone = std::function<void(bool allowed, const QString &reason)>;
    void mayChange(const QString &ns, QObject *context, AccessDone done) { mayDo(QStringLiteral("patch"), ns, context, std::move(done)); }
    void mayDelete(const QString &ns, QObject *context, AccessDone done) { mayDo(QStringLiteral("delete"), ns, context, std::move(done)); }
    // Forget cached answers (after a reconnect, or a change of rights).
    void clear() { m_access.clear(); }

private:
    using Compute = std::function<SpecChange(const QJsonObject &app)>;
    void run(const QString &ns, const QString &name, Compute compute, QObject *context, Done done);
    void mayDo(const QString &verb, const QString &ns, QObject *context, AccessDone done);

    kube::RestClient *m_client;
    AppDefinitionPtr m_def;
    ValidatorPtr m_validator;
    AppWriter *m_writer;
    QHash<QString, kube::AccessAnswer> m_access; // by "verb namespace"
};

} // namespace nestdeck::platform
