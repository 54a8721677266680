#include "ClusterDetails.h"

#include "AppController.h"
#include "EventModel.h"
#include "core/platform/Catalog.h"
#include "core/platform/Format.h"
#include "core/platform/Yaml.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace nestdeck;
using namespace nestdeck::platform;

namespace {
QString ageOf(const QJsonObject &o)
{
    return shortAge(QDateTime::fromString(o[QStringLiteral("metadata")].toObject()[QStringLiteral("creationTimestamp")].toString(), Qt::ISODate));
}
QString quantityText(const QJsonValue &v) { return v.isDouble() ? QString::number(v.toDouble()) : v.toString(); }
} // namespace

ClusterDetails::ClusterDetails(QObject *parent) : QObject(parent), m_events(new EventModel(this))
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
        for (ResourceCache *c : {session->instanceTypes(), session->appDefinitions()})
            m_connections << connect(c, &ResourceCache::changed, this, &ClusterDetails::refresh);
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
    const QJsonObject app = toJson(m_objects.app);
    const QJsonObject groups = app[QStringLiteral("spec")].toObject()[QStringLiteral("nodeGroups")].toObject();
    const QString rel = QStringLiteral("kubernetes-") + name();
    for (auto it = groups.begin(); it != groups.end(); ++it) {
        const QJsonObject g = it.value().toObject();
        const QString type = g[QStringLiteral("instanceType")].toString();
        QVariantMap row{{QStringLiteral("name"), it.key()},
                        {QStringLiteral("minReplicas"), g[QStringLiteral("minReplicas")].toInt()},
                        {QStringLiteral("maxReplicas"), g[QStringLiteral("maxReplicas")].toInt()},
                        {QStringLiteral("instanceType"), type}};
        // The instance type's size, from the cluster's own catalog.
        QString size = tr("not in the catalog");
        if (m_session)
            if (auto it2 = m_session->instanceTypes()->get(type)) {
                const QJsonObject spec = toJson(it2)[QStringLiteral("spec")].toObject();
                size = tr("%1 vCPU, %2").arg(spec[QStringLiteral("cpu")].toObject()[QStringLiteral("guest")].toInt())
                           .arg(quantityText(spec[QStringLiteral("memory")].toObject()[QStringLiteral("guest")]));
            }
        row.insert(QStringLiteral("instanceSize"), size);
        const QJsonObject res = g[QStringLiteral("resources")].toObject();
        QStringList override_;
        if (!quantityText(res[QStringLiteral("cpu")]).isEmpty())
            override_ << tr("%1 CPU").arg(quantityText(res[QStringLiteral("cpu")]));
        if (!quantityText(res[QStringLiteral("memory")]).isEmpty())
            override_ << quantityText(res[QStringLiteral("memory")]);
        row.insert(QStringLiteral("resourcesOverride"), override_.join(QStringLiteral(", ")));
        QStringList roles, gpus;
        for (const auto &r : g[QStringLiteral("roles")].toArray())
            roles << r.toString();
        for (const auto &x : g[QStringLiteral("gpus")].toArray())
            gpus << x.toObject()[QStringLiteral("name")].toString();
        row.insert(QStringLiteral("roles"), roles.join(QStringLiteral(", ")));
        row.insert(QStringLiteral("gpus"), gpus.join(QStringLiteral(", ")));
        row.insert(QStringLiteral("ephemeralStorage"), quantityText(g[QStringLiteral("ephemeralStorage")]));
        // Live state from Cluster API, when visible.
        const QString mdName = rel + QLatin1Char('-') + it.key();
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

QJsonObject ClusterDetails::appDefinitionSchema() const
{
    if (!m_session)
        return {};
    for (const auto &ad : m_session->appDefinitions()->all()) {
        const QJsonObject spec = toJson(ad)[QStringLiteral("spec")].toObject();
        const QJsonObject app = spec[QStringLiteral("application")].toObject();
        if (app[QStringLiteral("kind")].toString() == QLatin1String("Kubernetes"))
            return QJsonDocument::fromJson(app[QStringLiteral("openAPISchema")].toString().toUtf8()).object();
    }
    return {};
}

QVariantList ClusterDetails::addons() const
{
    QVariantList out;
    const QJsonObject specAddons = toJson(m_objects.app)[QStringLiteral("spec")].toObject()[QStringLiteral("addons")].toObject();
    // The schema is data: a newer platform may add or drop addons.
    QJsonObject schemaAddons = appDefinitionSchema()[QStringLiteral("properties")].toObject()[QStringLiteral("addons")]
                                   .toObject()[QStringLiteral("properties")].toObject();
    QStringList keys = schemaAddons.keys();
    for (const QString &k : specAddons.keys())
        if (!keys.contains(k))
            keys << k;
    const QString prefix = QStringLiteral("kubernetes-%1-").arg(name());
    QSet<QString> matched;
    for (const QString &key : std::as_const(keys)) {
        const QJsonObject schema = schemaAddons[key].toObject();
        const bool alwaysOn = !schema.isEmpty() && !schema[QStringLiteral("properties")].toObject().contains(QStringLiteral("enabled"));
        const bool enabled = alwaysOn || specAddons[key].toObject()[QStringLiteral("enabled")].toBool();
        QString state = enabled ? tr("not installed yet") : tr("off");
        QString message;
        bool failed = false;
        for (const auto &hr : m_objects.addons) {
            if (!hr->name.startsWith(prefix + kebab(key)))
                continue;
            matched.insert(hr->name);
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
        out << QVariantMap{{QStringLiteral("key"), key},
                           {QStringLiteral("title"), schema[QStringLiteral("description")].toString(key)},
                           {QStringLiteral("enabled"), enabled},
                           {QStringLiteral("alwaysOn"), alwaysOn},
                           {QStringLiteral("state"), state},
                           {QStringLiteral("failed"), failed},
                           {QStringLiteral("message"), message}};
    }
    return out;
}

QVariantMap ClusterDetails::controlPlane() const
{
    const QJsonObject cp = toJson(m_objects.app)[QStringLiteral("spec")].toObject()[QStringLiteral("controlPlane")].toObject();
    QVariantList components;
    const QList<std::pair<QString, QJsonObject>> parts = {
        {tr("API server"), cp[QStringLiteral("apiServer")].toObject()},
        {tr("Controller manager"), cp[QStringLiteral("controllerManager")].toObject()},
        {tr("Scheduler"), cp[QStringLiteral("scheduler")].toObject()},
        {tr("Konnectivity server"), cp[QStringLiteral("konnectivity")].toObject()[QStringLiteral("server")].toObject()},
    };
    for (const auto &[title, c] : parts) {
        const QString preset = c[QStringLiteral("resourcesPreset")].toString();
        const PresetSize size = presetSize(preset);
        const QJsonObject res = c[QStringLiteral("resources")].toObject();
        const QString cpu = quantityText(res[QStringLiteral("cpu")]), mem = quantityText(res[QStringLiteral("memory")]);
        const bool explicitRes = !cpu.isEmpty() || !mem.isEmpty();
        components << QVariantMap{
            {QStringLiteral("name"), title},
            {QStringLiteral("preset"), preset},
            {QStringLiteral("presetMeaning"), size.cpu.isEmpty() ? QString() : tr("%1 CPU, %2 per replica").arg(size.cpu, size.memory)},
            {QStringLiteral("explicit"), explicitRes ? tr("%1 CPU, %2 per replica (overrides the preset)").arg(cpu.isEmpty() ? QStringLiteral("—") : cpu, mem.isEmpty() ? QStringLiteral("—") : mem) : QString()},
        };
    }
    QString endpoint;
    if (m_objects.tenantCp)
        endpoint = toJson(m_objects.tenantCp)[QStringLiteral("status")].toObject()[QStringLiteral("controlPlaneEndpoint")].toString();
    return {{QStringLiteral("replicas"), cp[QStringLiteral("replicas")].toInt(2)},
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
    for (const auto &ad : m_session->appDefinitions()->all()) {
        const QJsonObject spec = toJson(ad)[QStringLiteral("spec")].toObject();
        if (spec[QStringLiteral("application")].toObject()[QStringLiteral("kind")].toString() != QLatin1String("Kubernetes"))
            continue;
        for (const auto &inc : spec[QStringLiteral("secrets")].toObject()[QStringLiteral("include")].toArray())
            for (const auto &n : inc.toObject()[QStringLiteral("resourceNames")].toArray()) {
                QString s = n.toString();
                s.replace(QStringLiteral("{{ .name }}"), name()).replace(QStringLiteral("{{.name}}"), name());
                out << s;
            }
    }
    if (out.isEmpty() && !name().isEmpty())
        out << QStringLiteral("kubernetes-%1-admin-kubeconfig").arg(name()); // the platform's default
    return out;
}
