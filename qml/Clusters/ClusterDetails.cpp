#include "ClusterDetails.h"

#include "EventModel.h"
#include "core/platform/FieldOptions.h"
#include "core/platform/Format.h"
#include "core/platform/Naming.h"
#include "core/platform/NodePools.h"
#include "core/platform/Yaml.h"

#include <QJsonObject>

using namespace nestdeck;
using namespace nestdeck::platform;

ClusterDetails::ClusterDetails(QObject *parent)
    : QObject(parent), SessionFollower(this), m_spec(KubernetesSpec::read({})),
      m_conditions(ValueListModel::of<ConditionRow>(this)), m_nodeGroups(ValueListModel::of<NodeGroupRow>(this)),
      m_addons(ValueListModel::of<AddonRow>(this)), m_components(ValueListModel::of<ComponentRow>(this)),
      m_events(new EventModel(this))
{
    // Machine ages move while the page is open; the rows are compared, so
    // only those whose text changed are touched.
    m_ageTick.setInterval(AgeTickMs);
    connect(&m_ageTick, &QTimer::timeout, this, [this] { m_nodeGroups->setRows(nodeGroupRows()); });
    m_ageTick.start();
}

void ClusterDetails::attach(PlatformSession *session)
{
    if (session) {
        follow(connect(session, &PlatformSession::appsTouched, this, [this](const QSet<QString> &keys) {
            if (keys.contains(m_key))
                refresh();
        }));
        follow(connect(session->kuberneteses(), &ResourceCache::changed, this, [this](const QList<kube::Delta> &deltas) {
            for (const auto &d : deltas)
                if (d.object->key() == m_key) {
                    refresh();
                    return;
                }
        }));
        follow(connect(session->instanceTypes(), &ResourceCache::changed, this, &ClusterDetails::refresh));
        follow(connect(session, &PlatformSession::stateChanged, this, &ClusterDetails::changed));
        follow(connect(session, &PlatformSession::allSyncedChanged, this, &ClusterDetails::refresh));
        // A changed definition may change the addons the schema offers.
        follow(connect(session->apps(), &AppCatalog::changed, this, &ClusterDetails::refresh));
    }
    m_events->followSession(session);
    refresh();
    emit sessionChanged();
}

void ClusterDetails::setAppKey(const QString &key)
{
    if (key == m_key)
        return;
    m_key = key;
    emit appKeyChanged();
    m_events->setCluster(namespaceName(), name());
    refresh();
}

void ClusterDetails::refresh()
{
    PlatformSession *s = session();
    if (!s || m_key.isEmpty()) {
        m_objects = {};
        m_status = {};
    } else {
        m_objects = s->objectsFor(namespaceName(), name());
        m_status = deriveStatus(m_objects);
    }
    m_diagnosis = {};
    // Not before every cache of the tree has listed: a partial tree blames the release.
    if (s && s->treeSettled() && m_objects.app && m_status.health != Health::Ready)
        m_diagnosis = buildTree(treeInputFromCache(m_objects, s->events()->inNamespace(namespaceName()))).diagnosis;
    QJsonObject schema;
    if (s)
        if (const AppDefinitionPtr def = s->apps()->find(PlatformSession::KubernetesRef.kind))
            schema = def->schema;
    m_spec = KubernetesSpec::read(toJson(m_objects.app), schema);
    m_conditions->setRows(conditionRows());
    m_nodeGroups->setRows(nodeGroupRows());
    m_addons->setRows(addonRows());
    m_components->setRows(componentRows());
    emit changed();
}

QString ClusterDetails::actionsBlocked() const
{
    const PlatformSession *s = session();
    return actionsBlockedReason(m_status.health, s && s->state() == PlatformSession::State::Synced);
}

QString ClusterDetails::nodesText() const
{
    if (m_status.nodesDesired < 0)
        return tr("not visible with your rights");
    return tr("%1 of %2 ready").arg(m_status.nodesReady).arg(m_status.nodesDesired);
}

QList<ConditionRow> ClusterDetails::conditionRows() const
{
    QList<ConditionRow> out;
    for (const auto &c : m_status.chain)
        out << ConditionRow{c.object, c.type, c.status, c.reason, c.message, int(c.severity)};
    return out;
}

QList<NodeGroupRow> ClusterDetails::nodeGroupRows()
{
    QList<NodeGroupRow> out;
    QHash<QString, ValueListModel *> machineModels;
    bool specHasNodeGroups = true;
    if (session())
        if (const AppDefinitionPtr def = session()->apps()->find(PlatformSession::KubernetesRef.kind))
            specHasNodeGroups = def->schema.value(QLatin1String("properties")).toObject().contains(QLatin1String("nodeGroups"));
    for (const NodeGroupState &g : nodeGroupsOf(m_objects, m_spec, specHasNodeGroups)) {
        NodeGroupRow row;
        row.name = g.name;
        row.pool = g.source == NodeGroupState::Source::Pool;
        row.app = g.app;
        row.source = row.pool ? tr("node pool %1 (KubernetesNodes)").arg(g.app) : tr("the cluster's spec.nodeGroups");
        row.version = g.version;
        row.ignored = g.ignored;
        if (g.ignored)
            row.note = g.replacedBy.isEmpty()
                           ? tr("Ignored by the platform: this release manages workers as node pools, and no pool replaces this entry yet.")
                           : tr("Ignored by the platform: node pool %1 replaced this entry.").arg(g.replacedBy);
        else if (row.pool && g.name == g.app)
            row.note = poolNameError(g.app, name());
        if (row.pool) {
            row.releaseState = g.release.word;
            row.releaseMessage = g.release.message;
            row.releaseFailed = g.release.severity == Severity::Failed;
        }
        row.deleting = g.deleting;
        row.minReplicas = g.spec.minReplicas;
        row.maxReplicas = g.spec.maxReplicas;
        row.instanceType = g.spec.instanceType;
        // The instance type's size, from the cluster's own catalog.
        row.instanceSize = tr("not in the catalog");
        if (session())
            if (auto it = session()->instanceTypes()->get(g.spec.instanceType))
                row.instanceSize = instanceTypeSize(toJson(it));
        QStringList override_;
        if (!g.spec.resourcesCpu.isEmpty())
            override_ << tr("%1 CPU").arg(g.spec.resourcesCpu);
        if (!g.spec.resourcesMemory.isEmpty())
            override_ << g.spec.resourcesMemory;
        row.resourcesOverride = override_.join(QStringLiteral(", "));
        row.roles = g.spec.roles.join(QStringLiteral(", "));
        row.gpus = g.spec.gpus.join(QStringLiteral(", "));
        row.diskSize = g.spec.diskSize;
        row.phase = g.phase;
        row.replicas = g.replicas;
        row.ready = g.ready;
        QList<MachineRow> machines;
        for (const MachineState &m : g.machines)
            machines << MachineRow{m.name, m.phase, m.node, shortAge(m.created), m.message, m.version};
        // Each group keeps its machines model while it exists, so views of it stay put.
        const QString modelKey = (row.pool ? QStringLiteral("pool/") : QStringLiteral("spec/")) + g.name;
        ValueListModel *model = m_machines.take(modelKey);
        if (!model)
            model = ValueListModel::of<MachineRow>(this);
        model->setRows(machines);
        machineModels.insert(modelKey, model);
        row.machines = model;
        out << row;
    }
    // Groups that went away: their models go once the views have let go.
    for (ValueListModel *gone : std::as_const(m_machines))
        gone->deleteLater();
    m_machines = machineModels;
    return out;
}

QStringList ClusterDetails::poolNames() const
{
    QStringList out;
    for (const auto &p : m_objects.pools)
        out << p->name;
    return out;
}

QList<AddonRow> ClusterDetails::addonRows() const
{
    QList<AddonRow> out;
    const QString prefix = naming::addonReleasePrefix(name());
    for (const AddonSpec &addon : m_spec.addons) {
        const bool enabled = addon.enabled;
        QString state = enabled ? tr("not installed yet") : tr("off");
        QString message;
        bool failed = false, ready = false;
        for (const auto &hr : m_objects.addons) {
            if (!hr->name.startsWith(prefix + addon.releaseSuffix()))
                continue;
            const QJsonObject c = condition(toJson(hr), QStringLiteral("Ready"));
            const QString s = c[QStringLiteral("status")].toString();
            state = s == QLatin1String("True") ? tr("Ready") : s == QLatin1String("False") ? tr("Failed") : tr("Installing");
            failed = s == QLatin1String("False");
            ready = s == QLatin1String("True");
            message = c[QStringLiteral("message")].toString();
            if (hr->deleting)
                state = tr("Removing");
        }
        if (!m_objects.treeVisible && enabled)
            state = tr("enabled");
        out << AddonRow{addon.key, addon.title, enabled, addon.alwaysOn, state, ready, failed, message};
    }
    return out;
}

QList<ComponentRow> ClusterDetails::componentRows() const
{
    auto title = [](ControlPlaneComponent::Id id) {
        switch (id) {
        case ControlPlaneComponent::Id::ApiServer: return tr("API server");
        case ControlPlaneComponent::Id::ControllerManager: return tr("Controller manager");
        case ControlPlaneComponent::Id::Scheduler: return tr("Scheduler");
        case ControlPlaneComponent::Id::KonnectivityServer: return tr("Konnectivity server");
        }
        return QString();
    };
    QList<ComponentRow> out;
    auto orDash = [](const QString &q) { return q.isEmpty() ? QStringLiteral("—") : q; };
    for (const ControlPlaneComponent &c : m_spec.components)
        out << ComponentRow{title(c.id), c.preset,
                            c.presetCpu.isEmpty() ? QString() : tr("%1 CPU, %2 per replica").arg(c.presetCpu, c.presetMemory),
                            c.hasExplicitResources() ? tr("%1 CPU, %2 per replica (overrides the preset)").arg(orDash(c.cpu), orDash(c.memory))
                                                     : QString()};
    return out;
}

ControlPlaneInfo ClusterDetails::controlPlane() const
{
    QString endpoint;
    if (m_objects.tenantCp)
        endpoint = toJson(m_objects.tenantCp)[QStringLiteral("status")].toObject()[QStringLiteral("controlPlaneEndpoint")].toString();
    return {m_spec.controlPlaneReplicas, m_status.controlPlane, m_status.runningVersion, endpoint};
}

QString ClusterDetails::yaml() const { return m_objects.app ? jsonToYaml(m_objects.app->json()) : QString(); }

QStringList ClusterDetails::secretNames() const
{
    // Which Secrets belong to the app comes from its ApplicationDefinition.
    QStringList out;
    if (!session())
        return out;
    if (const AppDefinitionPtr def = session()->apps()->find(PlatformSession::KubernetesRef.kind))
        out = def->secretNames(name());
    if (out.isEmpty() && !name().isEmpty())
        out << naming::adminKubeconfigSecret(name()); // the platform's default
    return out;
}
