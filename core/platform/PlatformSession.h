#pragma once

#include "core/HeapTrim.h"
#include "core/kube/Kubeconfig.h"
#include "core/kube/RestClient.h"
#include "core/platform/ApiCalls.h"
#include "core/platform/AppDefinition.h"
#include "core/platform/AppWriter.h"
#include "core/platform/ClusterStatus.h"
#include "core/platform/ResourceCache.h"

#include <QDateTime>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <optional>

namespace nestdeck::platform {

// Everything Nestdeck watches on one management cluster. Starts cluster-wide;
// when the user may not list cluster-wide (a tenant user), it watches the
// context's namespace and every tenant namespace found below it instead.
class PlatformSession : public QObject {
    Q_OBJECT
public:
    enum class State { Connecting, Synced, Reconnecting, Forbidden };
    Q_ENUM(State)

    explicit PlatformSession(RestConfig config, std::shared_ptr<Transport> transport = Transport::shared(),
                             QObject *parent = nullptr);
    ~PlatformSession() override;

    void start();
    RestClient *client() { return &m_client; }
    // The writes' seam to the server (see AppWriter).
    ApiCalls *calls() { return &m_calls; }
    // How the server treats writes of a resource: the kube-apiserver serves
    // built-ins and CRDs itself (a dry run stores nothing); an APIService with
    // a service sends the group to an aggregated server (cozystack-api, whose
    // dry-run updates are real writes). Unknown (not asked yet, or the user
    // may not read APIServices) counts as aggregated: nothing is risked.
    enum class Serving { Unknown, KubeApiserver, Aggregated };
    Q_ENUM(Serving)
    Serving serving(const ResourceRef &resource) const { return m_serving.value(resource.group + QLatin1Char('/') + resource.version); }
    ServerTraits writeTraits(const ResourceRef &resource) const { return {serving(resource) == Serving::KubeApiserver}; }
    const RestConfig &config() const { return m_client.config(); }

    State state() const { return m_state; }
    QString stateReason() const { return m_reason; }
    // When the session stopped being live (Synced → Reconnecting): what the
    // caches hold is as of then. Invalid while live, and before the first sync.
    QDateTime staleSince() const { return m_staleSince; }
    bool clusterWide() const { return m_kubernetes->clusterWide(); }
    // Every cache of a cluster's tree has listed (or is forbidden): what
    // `diagnose -A` waits for before it judges anything.
    bool allSynced() const;
    // Every cache of a cluster's tree has listed or reported why it cannot
    // (forbidden, failing): a health derived before that would judge a half-loaded
    // tree ("no HelmRelease") and flash a wrong word during the first sync.
    bool treeSettled() const;
    // Cluster API / Kamaji / Flux objects are readable (admins); otherwise health
    // comes from the apps' own conditions.
    bool treeVisible() const;
    QSet<QString> watchedNamespaces() const { return m_namespaces; }

    ResourceCache *kuberneteses() const { return m_kubernetes; }
    // Node pools (KubernetesNodes apps; a release without the kind serves none).
    ResourceCache *nodePools() const { return m_pools; }
    ResourceCache *tenants() const { return m_tenants; }
    ResourceCache *namespaces() const { return m_namespaceCache; }
    ResourceCache *helmReleases() const { return m_helmReleases; }
    ResourceCache *machineDeployments() const { return m_mds; }
    ResourceCache *machines() const { return m_machines; }
    ResourceCache *tenantControlPlanes() const { return m_tcps; }
    ResourceCache *quotas() const { return m_quotas; }
    ResourceCache *appDefinitions() const { return m_appDefs; }
    ResourceCache *instanceTypes() const { return m_instanceTypes; }
    // Events of the namespaces asked for through watchEvents() (cluster pages):
    // each namespace is watched from the first ask until the session ends.
    ResourceCache *events() const { return m_events; }
    // Every cache of the session (for totals: objects cached, memory).
    const QList<ResourceCache *> &caches() const { return m_caches; }
    void watchEvents(const QString &ns);
    // The application kinds and their schemas, from the live ApplicationDefinitions.
    AppCatalog *apps() const { return m_apps; }
    // Whether the server serves a resource of the applications' group now
    // (its discovery): a definition it does not serve (yet, or any more) has
    // nothing to create. True while not known, or when discovery failed: the
    // write then says what the server says.
    bool appResourceServed(const QString &resource) const
    {
        return !m_servedApps || m_servedApps->contains(resource);
    }
    // Ask discovery again (the catalog changing asks by itself, a moment later).
    void refreshServedApps();

    ClusterObjects objectsFor(const QString &ns, const QString &name) const;
    // "namespace/name" of the Kubernetes app a child object belongs to, or ""
    // (a node pool's release: the cluster its pool names).
    QString appKeyOf(const KubeObject &child) const;
    // Gives the heap back after syncs and bursts of changes (benchmarks wait for it).
    HeapTrim *heapTrim() const { return m_heapTrim; }

    static const ResourceRef KubernetesRef, KubernetesNodesRef, TenantRef, NamespaceRef, HelmReleaseRef, ClusterRef, MachineDeploymentRef,
        MachineRef, TenantControlPlaneRef, KamajiControlPlaneRef, QuotaRef, AppDefinitionRef, InstanceTypeRef, EventRef,
        SecretRef;

signals:
    void stateChanged();
    // Apps whose tree changed (children added, updated or removed).
    void appsTouched(const QSet<QString> &appKeys);
    void scopeChanged();
    // A cache listed or was refused: allSynced() may have changed.
    void allSyncedChanged();
    // serving() of a group-version became known.
    void servingChanged();
    // appResourceServed() may answer differently.
    void servedAppsChanged();

private:
    ResourceCache *cache(const ResourceRef &ref, const IndexOptions &indexes = IndexOptions{false, {}, false});
    void watchNamespace(const QString &ns);
    void onTenants(const QList<Delta> &deltas);
    void updateState();
    void learnServing(const QString &group, const QString &version);
    void onPools(const QList<Delta> &deltas);

    RestClient m_client;
    RestCalls m_calls{&m_client};
    QHash<QString, Serving> m_serving; // by "group/version"
    std::optional<QSet<QString>> m_servedApps; // the apps group's resources, once discovered
    QTimer *m_servedAppsRefresh;
    QList<ResourceCache *> m_caches;     // namespaced, follow the scope
    QList<ResourceCache *> m_children;   // objects of a cluster's tree
    ResourceCache *m_kubernetes, *m_pools, *m_tenants, *m_namespaceCache, *m_helmReleases, *m_clusters, *m_mds, *m_machines,
        *m_tcps, *m_kcps, *m_quotas, *m_appDefs, *m_instanceTypes, *m_events;
    AppCatalog *m_apps;
    HeapTrim *m_heapTrim;
    QSet<QString> m_namespaces;
    // Pools by the cluster their spec names, both ways ("ns/pool" ↔ "ns/cluster").
    QHash<QString, QString> m_clusterOfPool;
    QMultiHash<QString, QString> m_poolsOf;
    State m_state = State::Connecting;
    QString m_reason;
    QDateTime m_staleSince;
    // Reconnecting → Synced waits SettleMs of health (see updateState).
    static constexpr int SettleMs = 2000;
    QTimer m_settle;
    bool m_settled = false;
};

} // namespace nestdeck::platform
