#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace nestdeck::platform {

// The spec of a Kubernetes app (API doc, sections 1 and 7), read once into
// typed values so that views do not walk the JSON with string literals.
// The reader reports what the spec says: it never fails, absent or odd
// fields read as empty or zero, and it does not fill in schema defaults
// (except the control plane's 2 replicas, which the platform always runs).

// spec.nodeGroups.<name>
struct NodeGroupSpec {
    QString name;            // the key in spec.nodeGroups, e.g. "md0"
    int minReplicas = 0;
    int maxReplicas = 0;
    QString instanceType;    // e.g. "u1.medium"
    QString diskSize;        // quantity, e.g. "20Gi" (ephemeralStorage on older releases)
    QStringList roles;       // e.g. {"ingress-nginx"}
    QStringList gpus;        // gpus[].name, e.g. {"nvidia.com/AD102GL_L40S"}
    QString resourcesCpu;    // resources.cpu: overrides the instance type; "" if not set
    QString resourcesMemory; // resources.memory
};

// spec.addons.<key>: the addons the schema knows, plus any others the spec has.
struct AddonSpec {
    QString key;   // e.g. "certManager"
    QString title; // the schema's description; the key when the schema has none
    bool enabled = false;  // spec.addons.<key>.enabled, or always on
    bool alwaysOn = false; // the schema offers no "enabled" switch (cilium, coredns, ...)

    // "cert-manager": the addon's HelmRelease is "kubernetes-<app>-cert-manager".
    QString releaseSuffix() const;
};

// spec.controlPlane.<component>: resourcesPreset, or explicit resources that win over it.
struct ControlPlaneComponent {
    enum class Id { ApiServer, ControllerManager, Scheduler, KonnectivityServer };
    Id id = Id::ApiServer;
    QString path;         // below spec.controlPlane: "apiServer", ..., "konnectivity.server"
    QString preset;       // resourcesPreset, e.g. "medium"; "" if not set
    QString presetCpu;    // the preset's size per replica; "" for an unknown preset
    QString presetMemory;
    QString cpu;          // resources.cpu; "" if not set
    QString memory;       // resources.memory

    bool hasExplicitResources() const { return !cpu.isEmpty() || !memory.isEmpty(); }
};

struct KubernetesSpec {
    // appObject: the whole Kubernetes app object (with "spec"). schema: the JSON
    // Schema of spec from the app's ApplicationDefinition, or {} when unknown
    // (then only the addons named in the spec are listed, none always on).
    static KubernetesSpec read(const QJsonObject &appObject, const QJsonObject &schema = {});
    // One node group's fields (an entry of spec.nodeGroups, or a node pool's flat spec).
    static NodeGroupSpec readNodeGroup(const QString &name, const QJsonObject &group);
    // spec.version alone, for callers that need nothing else (health derivation).
    static QString versionOf(const QJsonObject &appObject);

    QString version;      // wanted version, e.g. "v1.33"
    QString storageClass;
    QString host;
    QList<NodeGroupSpec> nodeGroups;        // by name
    QList<AddonSpec> addons;                // schema's addons by key, then the spec's others by key
    int controlPlaneReplicas = 2;
    QList<ControlPlaneComponent> components; // always all four, in the order of the Id enum
};

} // namespace nestdeck::platform
