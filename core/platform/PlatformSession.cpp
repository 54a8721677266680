#include "core/platform/PlatformSession.h"

#include "core/platform/Naming.h"
#include "core/platform/NodePools.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace nestdeck::platform {

namespace {
// How long after a definition changed discovery is asked again (the aggregated
// server picks a definition up within seconds).
constexpr int ServedAppsSettleMs = 3000;

ResourceRef ref(const char *group, const char *version, const char *resource, bool namespaced, const char *kind)
{
    return ResourceRef{QLatin1String(group), QLatin1String(version), QLatin1String(resource), namespaced, QLatin1String(kind)};
}
} // namespace

const ResourceRef PlatformSession::KubernetesRef = ref("apps.cozystack.io", "v1alpha1", "kuberneteses", true, "Kubernetes");
const ResourceRef PlatformSession::TenantRef = ref("apps.cozystack.io", "v1alpha1", "tenants", true, "Tenant");
const ResourceRef PlatformSession::NamespaceRef = ref("", "v1", "namespaces", false, "Namespace");
const ResourceRef PlatformSession::KubernetesNodesRef = ref("apps.cozystack.io", "v1alpha1", "kubernetesnodeses", true, "KubernetesNodes");
const ResourceRef PlatformSession::HelmReleaseRef = ref("helm.toolkit.fluxcd.io", "v2", "helmreleases", true, "HelmRelease");
const ResourceRef PlatformSession::ClusterRef = ref("cluster.x-k8s.io", "v1beta1", "clusters", true, "Cluster");
const ResourceRef PlatformSession::MachineDeploymentRef = ref("cluster.x-k8s.io", "v1beta1", "machinedeployments", true, "MachineDeployment");
const ResourceRef PlatformSession::MachineRef = ref("cluster.x-k8s.io", "v1beta1", "machines", true, "Machine");
const ResourceRef PlatformSession::TenantControlPlaneRef = ref("kamaji.clastix.io", "v1alpha1", "tenantcontrolplanes", true, "TenantControlPlane");
const ResourceRef PlatformSession::KamajiControlPlaneRef = ref("controlplane.cluster.x-k8s.io", "v1alpha1", "kamajicontrolplanes", true, "KamajiControlPlane");
const ResourceRef PlatformSession::QuotaRef = ref("", "v1", "resourcequotas", true, "ResourceQuota");
const ResourceRef PlatformSession::AppDefinitionRef = ref("cozystack.io", "v1alpha1", "applicationdefinitions", false, "ApplicationDefinition");
const ResourceRef PlatformSession::InstanceTypeRef = ref("instancetype.kubevirt.io", "v1beta1", "virtualmachineclusterinstancetypes", false, "VirtualMachineClusterInstancetype");
const ResourceRef PlatformSession::EventRef = ref("", "v1", "events", true, "Event");
const ResourceRef PlatformSession::SecretRef = ref("", "v1", "secrets", true, "Secret");

PlatformSession::PlatformSession(RestConfig config, std::shared_ptr<Transport> transport, QObject *parent)
    : QObject(parent), m_client(std::move(config), std::move(transport))
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(SettleMs);
    connect(&m_settle, &QTimer::timeout, this, [this] {
        m_settled = true;
        updateState();
    });
    // The label lookups of objectsFor(), the only ones worth an index; always
    // within the app's namespace.
    const IndexOptions byTargetCluster{true, {"cozystack.io/target-cluster-name"}, false, true};
    const IndexOptions byClusterName{true, {naming::ClusterNameLabel}, false, true};
    m_kubernetes = cache(KubernetesRef);
    m_pools = cache(KubernetesNodesRef);
    m_tenants = cache(TenantRef);
    m_helmReleases = cache(HelmReleaseRef, byTargetCluster);
    m_clusters = cache(ClusterRef);
    m_mds = cache(MachineDeploymentRef, byClusterName);
    m_machines = cache(MachineRef, byClusterName);
    m_tcps = cache(TenantControlPlaneRef);
    m_kcps = cache(KamajiControlPlaneRef);
    m_quotas = cache(QuotaRef);
    m_children = {m_helmReleases, m_clusters, m_mds, m_machines, m_tcps, m_kcps};
    m_namespaceCache = new ResourceCache(&m_client, NamespaceRef, this);
    m_appDefs = new ResourceCache(&m_client, AppDefinitionRef, this);
    m_instanceTypes = new ResourceCache(&m_client, InstanceTypeRef, this);
    m_events = new ResourceCache(&m_client, EventRef, this);
    m_apps = new AppCatalog(m_appDefs, this);
    // A definition applied or removed is served, or no longer, a moment later
    // (the aggregated server watches the definitions too): ask then.
    m_servedAppsRefresh = new QTimer(this);
    m_servedAppsRefresh->setSingleShot(true);
    m_servedAppsRefresh->setInterval(ServedAppsSettleMs);
    connect(m_servedAppsRefresh, &QTimer::timeout, this, &PlatformSession::refreshServedApps);
    connect(m_apps, &AppCatalog::changed, m_servedAppsRefresh, qOverload<>(&QTimer::start));

    for (ResourceCache *c : std::as_const(m_children)) {
        connect(c, &ResourceCache::changed, this, [this](const QList<Delta> &deltas) {
            QSet<QString> keys;
            for (const Delta &d : deltas)
                if (const QString k = appKeyOf(*d.object); !k.isEmpty())
                    keys.insert(k);
            if (!keys.isEmpty())
                emit appsTouched(keys);
        });
        connect(c, &ResourceCache::accessChanged, this, &PlatformSession::updateState);
    }
    auto *heapTrim = m_heapTrim = new HeapTrim(this);
    for (ResourceCache *c : std::as_const(m_caches)) {
        connect(c, &ResourceCache::synced, this, &PlatformSession::allSyncedChanged);
        connect(c, &ResourceCache::accessChanged, this, &PlatformSession::allSyncedChanged);
        // A (re)list or a burst of changes leaves freed transients behind.
        connect(c, &ResourceCache::synced, heapTrim, [heapTrim, c] { heapTrim->note(c->size()); });
        connect(c, &ResourceCache::changed, heapTrim, [heapTrim](const QList<Delta> &deltas) { heapTrim->note(deltas.size()); });
    }
    connect(m_kubernetes, &ResourceCache::accessChanged, this, &PlatformSession::updateState);
    connect(m_kubernetes, &ResourceCache::synced, this, &PlatformSession::updateState);
    // A tenant user: switch every namespaced cache to the namespaces we can see.
    // (The other caches report their own 403 and switch themselves below.)
    connect(m_kubernetes, &ResourceCache::clusterWideForbidden, this, [this] {
        m_kubernetes->watchNamespace(m_client.config().ns);
        watchNamespace(m_client.config().ns);
    });
    for (ResourceCache *c : std::as_const(m_caches))
        if (c != m_kubernetes)
            connect(c, &ResourceCache::clusterWideForbidden, this, [this, c] {
                for (const QString &ns : std::as_const(m_namespaces))
                    c->watchNamespace(ns);
            });
    connect(m_tenants, &ResourceCache::changed, this, &PlatformSession::onTenants);
    connect(m_pools, &ResourceCache::changed, this, &PlatformSession::onPools);
}

void PlatformSession::onPools(const QList<Delta> &deltas)
{
    QSet<QString> touched;
    for (const Delta &d : deltas) {
        const QString key = d.object->key();
        // The cluster it named before, and the one it names now.
        if (const QString before = m_clusterOfPool.take(key); !before.isEmpty()) {
            m_poolsOf.remove(before, key);
            touched.insert(before);
        }
        if (d.type == kube::Delta::Deleted)
            continue;
        const QString cluster = NodePoolSpec::read(toJson(d.object)).cluster;
        if (cluster.isEmpty())
            continue;
        const QString clusterKey = d.object->ns + QLatin1Char('/') + cluster;
        m_clusterOfPool.insert(key, clusterKey);
        m_poolsOf.insert(clusterKey, key);
        touched.insert(clusterKey);
    }
    if (!touched.isEmpty())
        emit appsTouched(touched);
}

PlatformSession::~PlatformSession()
{
    // The caches' reflectors cancel their requests through m_client: they must
    // go before it (QObject children would otherwise outlive the member).
    // The app catalog reads the definitions cache: it goes first.
    delete m_apps;
    qDeleteAll(findChildren<ResourceCache *>(Qt::FindDirectChildrenOnly));
}

ResourceCache *PlatformSession::cache(const ResourceRef &r, const IndexOptions &indexes)
{
    auto *c = new ResourceCache(&m_client, r, this, indexes, cachedTreeTrim(r.kind));
    m_caches << c;
    return c;
}

void PlatformSession::refreshServedApps()
{
    m_client.getObject(QStringLiteral("/apis/%1/%2").arg(KubernetesRef.group, KubernetesRef.version), this,
                       [this](const kube::ApiResponse &r) {
                           std::optional<QSet<QString>> served;
                           if (r.ok()) {
                               served.emplace();
                               for (const QJsonValue &v : QJsonDocument::fromJson(r.body).object().value(QLatin1String("resources")).toArray())
                                   if (const QString name = v.toObject().value(QLatin1String("name")).toString(); !name.contains(QLatin1Char('/')))
                                       served->insert(name);
                           } else if (r.error.isNotFound()) {
                               served.emplace(); // the group is not served at all
                           } // else unknown (forbidden, failing): assume served, the write will say
                           if (served == m_servedApps)
                               return;
                           m_servedApps = std::move(served);
                           emit servedAppsChanged();
                       });
}

void PlatformSession::start()
{
    learnServing(KubernetesRef.group, KubernetesRef.version);
    refreshServedApps();
    for (ResourceCache *c : std::as_const(m_caches))
        c->watchAllNamespaces();
    m_namespaceCache->watchAllNamespaces();
    m_appDefs->watchAllNamespaces();
    m_instanceTypes->watchAllNamespaces();
}

void PlatformSession::learnServing(const QString &group, const QString &version)
{
    m_client.getObject(QStringLiteral("/apis/apiregistration.k8s.io/v1/apiservices/%1.%2").arg(version, group), this,
                       [this, group, version](const kube::ApiResponse &r) {
                           Serving s = Serving::Unknown;
                           if (r.ok())
                               s = QJsonDocument::fromJson(r.body).object().value(QLatin1String("spec")).toObject()
                                           .value(QLatin1String("service")).isObject()
                                       ? Serving::Aggregated
                                       : Serving::KubeApiserver;
                           // Forbidden (a tenant user) or failing: unknown, which risks nothing.
                           m_serving.insert(group + QLatin1Char('/') + version, s);
                           emit servingChanged();
                       });
}

void PlatformSession::watchEvents(const QString &ns)
{
    // Never cluster-wide: a management cluster's events are a storm nobody reads.
    if (!ns.isEmpty())
        m_events->watchNamespace(ns);
}

void PlatformSession::watchNamespace(const QString &ns)
{
    if (ns.isEmpty() || m_namespaces.contains(ns))
        return;
    m_namespaces.insert(ns);
    for (ResourceCache *c : std::as_const(m_caches))
        if (c->access() == ResourceCache::Access::Forbidden || !c->clusterWide())
            c->watchNamespace(ns);
    emit scopeChanged();
}

void PlatformSession::onTenants(const QList<Delta> &deltas)
{
    if (m_kubernetes->clusterWide())
        return;
    // Tenants we can see lead to the namespaces of their own clusters.
    for (const Delta &d : deltas) {
        if (d.type == Delta::Deleted)
            continue;
        const QString ns = QJsonDocument::fromJson(d.object->json()).object().value(QLatin1String("status")).toObject()
                               .value(QLatin1String("namespace")).toString();
        watchNamespace(ns);
    }
}

bool PlatformSession::allSynced() const
{
    return std::all_of(m_caches.begin(), m_caches.end(), [](const ResourceCache *c) {
        return c->hasSynced() || c->access() == ResourceCache::Access::Forbidden;
    });
}

bool PlatformSession::treeSettled() const
{
    return std::all_of(m_children.begin(), m_children.end(), [](const ResourceCache *c) {
        // A resource the server does not serve (that CRD is not installed)
        // will not list: health is derived without it. A passing error waits.
        return c->hasSynced() || c->access() != ResourceCache::Access::Pending || c->notServed();
    });
}

bool PlatformSession::treeVisible() const
{
    return m_helmReleases->access() != ResourceCache::Access::Forbidden &&
           m_mds->access() != ResourceCache::Access::Forbidden;
}

void PlatformSession::updateState()
{
    State s = m_state;
    QString reason;
    switch (m_kubernetes->access()) {
    case ResourceCache::Access::Pending:
        s = m_state == State::Synced ? State::Reconnecting : State::Connecting;
        reason = m_kubernetes->lastError();
        break;
    case ResourceCache::Access::Allowed:
        s = m_kubernetes->hasSynced() ? State::Synced : State::Connecting;
        break;
    case ResourceCache::Access::Failing:
        s = State::Reconnecting;
        reason = m_kubernetes->lastError();
        break;
    case ResourceCache::Access::Forbidden:
        // Forbidden cluster-wide but watching namespaces: that is fine.
        s = m_namespaces.isEmpty() ? State::Forbidden : (m_kubernetes->hasSynced() ? State::Synced : State::Connecting);
        reason = m_namespaces.isEmpty() ? m_kubernetes->lastError() : QString();
        break;
    }
    // Back from an outage: live only once it has held for a moment. A server
    // restarting answers, drops and answers again within seconds; the word
    // flickered Reconnecting → Live → Reconnecting → Live.
    if (s == State::Synced && m_state == State::Reconnecting) {
        if (!m_settled) {
            if (!m_settle.isActive())
                m_settle.start();
            return;
        }
    } else {
        m_settle.stop();
    }
    m_settled = false;
    if (s != m_state || reason != m_reason) {
        if (s == State::Synced)
            m_staleSince = QDateTime();
        else if (m_state == State::Synced && s == State::Reconnecting)
            m_staleSince = QDateTime::currentDateTimeUtc();
        m_state = s;
        m_reason = reason;
        emit stateChanged();
    }
}

QString PlatformSession::appKeyOf(const KubeObject &child) const
{
    // A node pool's release ("kubernetes-nodes-<pool>", which also reads as app "nodes-<pool>"'s).
    if (child.label("apps.cozystack.io/application.kind") == KubernetesNodesKind)
        return m_clusterOfPool.value(child.ns + QLatin1Char('/') + QString::fromUtf8(child.label("apps.cozystack.io/application.name")));
    QByteArray rel = child.label("cozystack.io/target-cluster-name");
    if (rel.isEmpty())
        rel = child.label("cluster.x-k8s.io/cluster-name");
    const QString app = naming::kubernetesAppOfRelease(rel.isEmpty() ? child.name : QString::fromUtf8(rel));
    if (app.isEmpty())
        return {};
    // An app-owned object that is not part of a Kubernetes app (a Tenant's release).
    if (child.label("apps.cozystack.io/application.kind") == "Tenant")
        return {};
    return child.ns + QLatin1Char('/') + app;
}

ClusterObjects PlatformSession::objectsFor(const QString &ns, const QString &name) const
{
    ClusterObjects o;
    const QString key = ns + QLatin1Char('/') + name;
    const QString relKey = ns + QLatin1Char('/') + naming::kubernetesRelease(name);
    const QByteArray rel = naming::kubernetesRelease(name).toUtf8();
    o.app = m_kubernetes->get(key);
    o.release = m_helmReleases->get(relKey);
    o.cluster = m_clusters->get(relKey);
    o.tenantCp = m_tcps->get(relKey);
    o.kamajiCp = m_kcps->get(relKey);
    o.machineDeployments = m_mds->byLabel("cluster.x-k8s.io/cluster-name=" + rel, ns);
    o.machines = m_machines->byLabel("cluster.x-k8s.io/cluster-name=" + rel, ns);
    o.addons = m_helmReleases->byLabel("cozystack.io/target-cluster-name=" + rel, ns);
    QStringList pools = m_poolsOf.values(key);
    std::sort(pools.begin(), pools.end());
    for (const QString &poolKey : std::as_const(pools))
        if (ObjectPtr pool = m_pools->get(poolKey)) {
            o.pools << pool;
            if (ObjectPtr r = m_helmReleases->get(ns + QLatin1Char('/') + naming::nodePoolRelease(pool->name)))
                o.poolReleases << r;
        }
    o.treeVisible = treeVisible();
    return o;
}

} // namespace nestdeck::platform
