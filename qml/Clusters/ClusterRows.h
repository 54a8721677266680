#pragma once

// Rows of the cluster page's lists, as gadgets: each property is a role of a
// ValueListModel, so delegates declare typed required properties.
#include "Components/ValueListModel.h"

#include <QQmlEngine>
#include <QString>

// One link of the chain of conditions behind a cluster's health.
struct ConditionRow {
    Q_GADGET
    Q_PROPERTY(QString object MEMBER object)
    Q_PROPERTY(QString type MEMBER type)
    Q_PROPERTY(QString status MEMBER status)
    Q_PROPERTY(QString reason MEMBER reason)
    Q_PROPERTY(QString message MEMBER message)
    Q_PROPERTY(int severity MEMBER severity)
public:
    QString object, type, status, reason, message;
    int severity = 0; // platform::Severity: 0 fine, 1 on its way or not known, 2 warning, 3 failed
    bool operator==(const ConditionRow &) const = default;
};

// One Cluster API Machine of a node group.
struct MachineRow {
    Q_GADGET
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(QString phase MEMBER phase)
    Q_PROPERTY(QString node MEMBER node)
    Q_PROPERTY(QString age MEMBER age)
    Q_PROPERTY(QString message MEMBER message)
    Q_PROPERTY(QString version MEMBER version)
public:
    QString name, phase, node, age, message, version;
    bool operator==(const MachineRow &) const = default;
};

// One node group, from the cluster's spec or a node pool (KubernetesNodes):
// its spec, the live MachineDeployment, and its machines.
struct NodeGroupRow {
    Q_GADGET
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(bool pool MEMBER pool)
    Q_PROPERTY(QString app MEMBER app)
    Q_PROPERTY(QString source MEMBER source)
    Q_PROPERTY(QString version MEMBER version)
    Q_PROPERTY(bool ignored MEMBER ignored)
    Q_PROPERTY(QString note MEMBER note)
    Q_PROPERTY(QString releaseState MEMBER releaseState)
    Q_PROPERTY(QString releaseMessage MEMBER releaseMessage)
    Q_PROPERTY(bool releaseFailed MEMBER releaseFailed)
    Q_PROPERTY(bool deleting MEMBER deleting)
    Q_PROPERTY(int minReplicas MEMBER minReplicas)
    Q_PROPERTY(int maxReplicas MEMBER maxReplicas)
    Q_PROPERTY(QString instanceType MEMBER instanceType)
    Q_PROPERTY(QString instanceSize MEMBER instanceSize)
    Q_PROPERTY(QString resourcesOverride MEMBER resourcesOverride)
    Q_PROPERTY(QString roles MEMBER roles)
    Q_PROPERTY(QString gpus MEMBER gpus)
    Q_PROPERTY(QString diskSize MEMBER diskSize)
    Q_PROPERTY(QString phase MEMBER phase)
    Q_PROPERTY(int replicas MEMBER replicas)
    Q_PROPERTY(int ready MEMBER ready)
    Q_PROPERTY(ValueListModel *machines MEMBER machines)
public:
    QString name;
    bool pool = false;  // a KubernetesNodes app (app: its name), else an entry of spec.nodeGroups
    QString app;
    QString source;     // where it is declared, in words
    QString version;    // a pool's own version
    bool ignored = false; // a spec entry the platform no longer acts on (note says what replaced it)
    QString note;
    QString releaseState, releaseMessage; // a pool's HelmRelease
    bool releaseFailed = false, deleting = false;
    int minReplicas = 0, maxReplicas = 0;
    QString instanceType, instanceSize, resourcesOverride, roles, gpus, diskSize, phase;
    int replicas = -1, ready = -1; // -1: not visible
    ValueListModel *machines = nullptr; // of MachineRow, owned by ClusterDetails
    bool operator==(const NodeGroupRow &) const = default;
};

// One addon the schema offers, on or off, with its HelmRelease's state.
struct AddonRow {
    Q_GADGET
    Q_PROPERTY(QString key MEMBER key)
    Q_PROPERTY(QString title MEMBER title)
    Q_PROPERTY(bool enabled MEMBER enabled)
    Q_PROPERTY(bool alwaysOn MEMBER alwaysOn)
    Q_PROPERTY(QString state MEMBER state)
    Q_PROPERTY(bool ready MEMBER ready)
    Q_PROPERTY(bool failed MEMBER failed)
    Q_PROPERTY(QString message MEMBER message)
public:
    QString key, title;
    bool enabled = false, alwaysOn = false;
    QString state;
    bool ready = false, failed = false;
    QString message;
    bool operator==(const AddonRow &) const = default;
};

// One control-plane component's resources.
struct ComponentRow {
    Q_GADGET
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(QString preset MEMBER preset)
    Q_PROPERTY(QString presetMeaning MEMBER presetMeaning)
    Q_PROPERTY(QString explicitResources MEMBER explicitResources)
public:
    QString name, preset, presetMeaning, explicitResources;
    bool operator==(const ComponentRow &) const = default;
};

// The control plane at a glance (a value: `details.controlPlane.endpoint`).
struct ControlPlaneInfo {
    Q_GADGET
    QML_VALUE_TYPE(controlPlaneInfo)
    QML_UNCREATABLE("read from ClusterDetails")
    Q_PROPERTY(int replicas MEMBER replicas)
    Q_PROPERTY(QString status MEMBER status)
    Q_PROPERTY(QString runningVersion MEMBER runningVersion)
    Q_PROPERTY(QString endpoint MEMBER endpoint)
public:
    int replicas = 0;
    QString status, runningVersion, endpoint;
    bool operator==(const ControlPlaneInfo &) const = default;
};
