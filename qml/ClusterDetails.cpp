#include "ClusterDetails.h"

#include "AppController.h"
#include "EventModel.h"
#include "core/platform/FieldOptions.h"
#include "core/platform/Format.h"
#include "core/platform/Naming.h"
#include "core/platform/Yaml.h"

#include <QJsonObject>

using namespace nestdeck;
using namespace nestdeck::platform;

namespace {
QString ageOf(const QJsonObject &o)
{
    return shortAge(QDateTime::fromString(o[QStringLiteral("metadata")].toObject()[QStringLiteral("creationTimestamp")].toString(), Qt::ISODate));
}
} // namespace

ClusterDetails::ClusterDetails(QObject *parent)
    : QObject(parent), m_spec(KubernetesSpec::read({})), m_events(new EventModel(this))
{
    if (auto *app = AppController::create(nullptr, nullptr)) {
        setSession(app->session());
        // Follow the application's session; never hold on to one that ends.
        connect(app, &AppController::sessionEnding, this, [this] { setSession(nullptr); });
        connect(app, &AppController::connectionChanged, this, [this, app] {
            if (app->session() != m_session)
                setSession(app->session());
        });
    }
}

void ClusterDetails::setSession(PlatformSession *session)
{
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_session = session;
    if (session) {
        m_connections << connect(session, &PlatformSession::appsTouched, this, [this](const QSet<QString> &keys) {
            if (keys.contains(m_key))
                refresh();
        });
        m_connections << connect(session->kuberneteses(), &ResourceCache::changed, this, [this](const QList<kube::Delta> &deltas) {
            for (const auto &d : deltas)
                if (d.object->key() == m_key) {
                    refresh();
                    return;
                }
        });
        m_connections << connect(session->instanceTypes(), &ResourceCache::changed, this, &ClusterDetails::refresh);
        // A changed definition may change the addons the schema offers.
        m_connections << connect(session->apps(), &AppCatalog::changed, this, &ClusterDetails::refresh);
    }
    m_events->setSession(session);
    refresh();
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
    if (!m_session || m_key.isEmpty()) {
        m_objects = {};
        m_status = {};
    } else {
        m_objects = m_session->objectsFor(namespaceName(), name());
        m_status = deriveStatus(m_objects);
    }
    QJsonObject schema;
    if (m_session)
        if (const AppDefinitionPtr def = m_session->apps()->find(PlatformSession::KubernetesRef.kind))
            schema = def->schema;
    m_spec = KubernetesSpec::read(toJson(m_objects.app), schema);
    emit changed();
}

QString ClusterDetails::nodesText() const
{
    if (m_status.nodesDesired < 0)
        return tr("not visible with your rights");
    return tr("%1 of %2 ready").arg(m_status.nodesReady).arg(m_status.nodesDesired);
}

QVariantList ClusterDetails::conditions() const
{
    QVariantList out;
    for (const auto &c : m_status.chain)
        out << QVariantMap{{QStringLiteral("object"), c.object}, {QStringLiteral("type"), c.type}, {QStringLiteral("status"), c.status},
                           {QStringLiteral("reason"), c.reason}, {QStringLiteral("message"), c.message}, {QStringLiteral("ok"), c.ok}};
    return out;
}

QVariantList ClusterDetails::nodeGroups() const
{
    QVariantList out;
    for (const NodeGroupSpec &g : m_spec.nodeGroups) {
        QVariantMap row{{QStringLiteral("name"), g.name},
                        {QStringLiteral("minReplicas"), g.minReplicas},
                        {QStringLiteral("maxReplicas"), g.maxReplicas},
                        {QStringLiteral("instanceType"), g.instanceType}};
        // The instance type's size, from the cluster's own catalog.
        QString size = tr("not in the catalog");
        if (m_session)
            if (auto it = m_session->instanceTypes()->get(g.instanceType))
                size = instanceTypeSize(toJson(it));
        row.insert(QStringLiteral("instanceSize"), size);
        QStringList override_;
        if (!g.resourcesCpu.isEmpty())
            override_ << tr("%1 CPU").arg(g.resourcesCpu);
        if (!g.resourcesMemory.isEmpty())
            override_ << g.resourcesMemory;
        row.insert(QStringLiteral("resourcesOverride"), override_.join(QStringLiteral(", ")));
        row.insert(QStringLiteral("roles"), g.roles.join(QStringLiteral(", ")));
        row.insert(QStringLiteral("gpus"), g.gpus.join(QStringLiteral(", ")));
        row.insert(QStringLiteral("ephemeralStorage"), g.ephemeralStorage);
        // Live state from Cluster API, when visible.
        const QString mdName = naming::machineDeployment(name(), g.name);
        QString phase = QStringLiteral("—");
        int replicas = -1, ready = -1;
        for (const auto &md : m_objects.machineDeployments)
            if (md->name == mdName) {
                const QJsonObject m = toJson(md);
                phase = m[QStringLiteral("status")].toObject()[QStringLiteral("phase")].toString();
                replicas = m[QStringLiteral("spec")].toObject()[QStringLiteral("replicas")].toInt();
                ready = m[QStringLiteral("status")].toObject()[QStringLiteral("readyReplicas")].toInt();
            }
        row.insert(QStringLiteral("phase"), phase);
        row.insert(QStringLiteral("replicas"), replicas);
        row.insert(QStringLiteral("ready"), ready);
        QVariantList machines;
        for (const auto &ma : m_objects.machines) {
            if (ma->label("cluster.x-k8s.io/deployment-name") != mdName.toUtf8())
                continue;
            const QJsonObject m = toJson(ma);
            const QJsonObject st = m[QStringLiteral("status")].toObject();
            machines << QVariantMap{{QStringLiteral("name"), ma->name},
                                    {QStringLiteral("phase"), st[QStringLiteral("phase")].toString()},
                                    {QStringLiteral("node"), st[QStringLiteral("nodeRef")].toObject()[QStringLiteral("name")].toString()},
                                    {QStringLiteral("age"), ageOf(m)},
                                    {QStringLiteral("message"), st[QStringLiteral("failureMessage")].toString()}};
        }
        std::sort(machines.begin(), machines.end(), [](const QVariant &a, const QVariant &b) {
            return a.toMap()[QStringLiteral("name")].toString() < b.toMap()[QStringLiteral("name")].toString();
        });
        row.insert(QStringLiteral("machines"), machines);
        out << row;
    }
    return out;
}

QVariantList ClusterDetails::addons() const
{
    QVariantList out;
    const QString prefix = naming::addonReleasePrefix(name());
    for (const AddonSpec &addon : m_spec.addons) {
        const bool enabled = addon.enabled;
        QString state = enabled ? tr("not installed yet") : tr("off");
        QString message;
        bool failed = false;
        for (const auto &hr : m_objects.addons) {
            if (!hr->name.startsWith(prefix + addon.releaseSuffix()))
                continue;
            const QJsonObject c = condition(toJson(hr), QStringLiteral("Ready"));
            const QString s = c[QStringLiteral("status")].toString();
            state = s == QLatin1String("True") ? tr("Ready") : s == QLatin1String("False") ? tr("Failed") : tr("Installing");
            failed = s == QLatin1String("False");
            message = c[QStringLiteral("message")].toString();
            if (hr->deleting)
                state = tr("Removing");
        }
        if (!m_objects.treeVisible && enabled)
            state = tr("enabled");
        out << QVariantMap{{QStringLiteral("key"), addon.key},
                           {QStringLiteral("title"), addon.title},
                           {QStringLiteral("enabled"), enabled},
                           {QStringLiteral("alwaysOn"), addon.alwaysOn},
                           {QStringLiteral("state"), state},
                           {QStringLiteral("failed"), failed},
                           {QStringLiteral("message"), message}};
    }
    return out;
}

QVariantMap ClusterDetails::controlPlane() const
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
    QVariantList components;
    auto orDash = [](const QString &q) { return q.isEmpty() ? QStringLiteral("—") : q; };
    for (const ControlPlaneComponent &c : m_spec.components) {
        components << QVariantMap{
            {QStringLiteral("name"), title(c.id)},
            {QStringLiteral("preset"), c.preset},
            {QStringLiteral("presetMeaning"), c.presetCpu.isEmpty() ? QString() : tr("%1 CPU, %2 per replica").arg(c.presetCpu, c.presetMemory)},
            {QStringLiteral("explicit"), c.hasExplicitResources() ? tr("%1 CPU, %2 per replica (overrides the preset)").arg(orDash(c.cpu), orDash(c.memory)) : QString()},
        };
    }
    QString endpoint;
    if (m_objects.tenantCp)
        endpoint = toJson(m_objects.tenantCp)[QStringLiteral("status")].toObject()[QStringLiteral("controlPlaneEndpoint")].toString();
    return {{QStringLiteral("replicas"), m_spec.controlPlaneReplicas},
            {QStringLiteral("status"), m_status.controlPlane},
            {QStringLiteral("runningVersion"), m_status.runningVersion},
            {QStringLiteral("endpoint"), endpoint},
            {QStringLiteral("components"), components}};
}

QString ClusterDetails::yaml() const { return m_objects.app ? jsonToYaml(m_objects.app->json) : QString(); }

QStringList ClusterDetails::secretNames() const
{
    // Which Secrets belong to the app comes from its ApplicationDefinition.
    QStringList out;
    if (!m_session)
        return out;
    if (const AppDefinitionPtr def = m_session->apps()->find(PlatformSession::KubernetesRef.kind))
        out = def->secretNames(name());
    if (out.isEmpty() && !name().isEmpty())
        out << naming::adminKubeconfigSecret(name()); // the platform's default
    return out;
}
