#pragma once

#include "core/kube/Resource.h"
#include "core/platform/AppSchema.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace nestdeck::platform {

// The values of a field marked x-cozystack-options, read from the cluster:
// storage classes, VM instance types (with their vCPU and memory from the
// catalog), ... One place maps an options source to the objects behind it.
struct FieldOption {
    QString value;  // what the spec holds, e.g. "u1.medium"
    QString detail; // for people, e.g. "1 vCPU, 4Gi (U series)" or "default"
};

// A value in a spec that must be one of a source's options.
struct OptionUse {
    QStringList path; // below spec, e.g. {"nodeGroups", "md0", "instanceType"}
    QString source;   // e.g. "instancetype"
    QString value;
};
// Every option-sourced value in a spec (walk it with its schema's field tree).
QList<OptionUse> optionUses(const Field &root, const QJsonValue &spec);
// The sources a schema draws options from.
QStringList optionSources(const Field &root);

// "2 vCPU, 8Gi": an instance type's size from its catalog object
// (VirtualMachineClusterInstancetype spec.cpu.guest, spec.memory.guest).
QString instanceTypeSize(const QJsonObject &instancetype);

// The platform's options API (core.cozystack.io/v1alpha1 options): one object
// per source, computed by the server with its own rights, so that tenant users
// (who cannot list storage classes or instance types) get their dropdowns.
// Asked first; the objects behind a source only where it is not served.
kube::ResourceRef optionsApi();
// The options of one Option object (spec.items: value, label, description, default).
QList<FieldOption> optionsFromOptionObject(const QJsonObject &option);

// The resource whose objects are the options of `source`; nullopt for a
// source this client does not know (the field is then plain text).
std::optional<kube::ResourceRef> optionsResource(const QString &source);
// The options, sorted by value, from that resource's objects.
QList<FieldOption> optionsFromObjects(const QString &source, const QList<QJsonObject> &objects);

} // namespace nestdeck::platform
