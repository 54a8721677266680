#include "core/platform/KubernetesSpec.h"

#include "core/platform/Catalog.h"
#include "core/platform/Format.h"

#include <QJsonArray>

namespace nestdeck::platform {

namespace {
QJsonObject objAt(const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)).toObject(); }
QJsonValue at(const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)); }

} // namespace

NodeGroupSpec KubernetesSpec::readNodeGroup(const QString &name, const QJsonObject &g)
{
    NodeGroupSpec n;
    n.name = name;
    n.minReplicas = at(g, "minReplicas").toInt();
    n.maxReplicas = at(g, "maxReplicas").toInt();
    n.instanceType = at(g, "instanceType").toString();
    // diskSize since the platform renamed it; older releases' ephemeralStorage.
    n.diskSize = quantityText(g.contains(QLatin1String("diskSize")) ? at(g, "diskSize") : at(g, "ephemeralStorage"));
    for (const auto &r : at(g, "roles").toArray())
        n.roles << r.toString();
    for (const auto &x : at(g, "gpus").toArray())
        n.gpus << x.toObject().value(QLatin1String("name")).toString();
    const QJsonObject res = objAt(g, "resources");
    n.resourcesCpu = quantityText(at(res, "cpu"));
    n.resourcesMemory = quantityText(at(res, "memory"));
    return n;
}

namespace {
QList<AddonSpec> readAddons(const QJsonObject &specAddons, const QJsonObject &schema)
{
    // The schema is data: a newer platform may add or drop addons.
    const QJsonObject schemaAddons = objAt(objAt(objAt(schema, "properties"), "addons"), "properties");
    QStringList keys = schemaAddons.keys();
    for (const QString &k : specAddons.keys())
        if (!keys.contains(k))
            keys << k;
    QList<AddonSpec> out;
    for (const QString &key : std::as_const(keys)) {
        const QJsonObject s = schemaAddons.value(key).toObject();
        AddonSpec a;
        a.key = key;
        a.title = s.value(QLatin1String("description")).toString(key);
        a.alwaysOn = !s.isEmpty() && !objAt(s, "properties").contains(QLatin1String("enabled"));
        a.enabled = a.alwaysOn || specAddons.value(key).toObject().value(QLatin1String("enabled")).toBool();
        out << a;
    }
    return out;
}

ControlPlaneComponent readComponent(ControlPlaneComponent::Id id, const char *path, const QJsonObject &c)
{
    ControlPlaneComponent p;
    p.id = id;
    p.path = QLatin1String(path);
    p.preset = at(c, "resourcesPreset").toString();
    const PresetSize size = presetSize(p.preset);
    p.presetCpu = size.cpu;
    p.presetMemory = size.memory;
    const QJsonObject res = objAt(c, "resources");
    p.cpu = quantityText(at(res, "cpu"));
    p.memory = quantityText(at(res, "memory"));
    return p;
}
} // namespace

QString AddonSpec::releaseSuffix() const { return kebab(key); }

QString KubernetesSpec::versionOf(const QJsonObject &appObject) { return quantityText(at(objAt(appObject, "spec"), "version")); }

KubernetesSpec KubernetesSpec::read(const QJsonObject &appObject, const QJsonObject &schema)
{
    KubernetesSpec k;
    const QJsonObject spec = objAt(appObject, "spec");
    k.version = versionOf(appObject);
    k.storageClass = at(spec, "storageClass").toString();
    k.host = at(spec, "host").toString();

    const QJsonObject groups = objAt(spec, "nodeGroups");
    for (auto it = groups.begin(); it != groups.end(); ++it)
        k.nodeGroups << readNodeGroup(it.key(), it.value().toObject());

    k.addons = readAddons(objAt(spec, "addons"), schema);

    const QJsonObject cp = objAt(spec, "controlPlane");
    k.controlPlaneReplicas = at(cp, "replicas").toInt(2);
    using Id = ControlPlaneComponent::Id;
    k.components = {readComponent(Id::ApiServer, "apiServer", objAt(cp, "apiServer")),
                    readComponent(Id::ControllerManager, "controllerManager", objAt(cp, "controllerManager")),
                    readComponent(Id::Scheduler, "scheduler", objAt(cp, "scheduler")),
                    readComponent(Id::KonnectivityServer, "konnectivity.server", objAt(objAt(cp, "konnectivity"), "server"))};
    return k;
}

} // namespace nestdeck::platform
