#pragma once

#include "core/kube/Resource.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace nestdeck::platform {

// The values of a field marked x-cozystack-options, read from the cluster:
// storage classes, VM instance types (with their vCPU and memory from the
// catalog), ... One place maps an options source to the objects behind it.
struct FieldOption {
    QString value;  // what the spec holds, e.g. "u1.medium"
    QString detail; // for people, e.g. "1 vCPU, 4Gi (U series)" or "default"
};

// The resource whose objects are the options of `source`; nullopt for a
// source this client does not know (the field is then plain text).
std::optional<kube::ResourceRef> optionsResource(const QString &source);
// The options, sorted by value, from that resource's objects.
QList<FieldOption> optionsFromObjects(const QString &source, const QList<QJsonObject> &objects);

} // namespace nestdeck::platform
