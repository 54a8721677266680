#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace nestdeck::platform {

// What changes between two specs, for people and for the server.

// RFC 7386 JSON merge patch turning `from` into `to`: changed and added keys
// with their new values, removed keys as null, lists replaced whole.
// Undefined when nothing changed.
QJsonValue mergePatch(const QJsonValue &from, const QJsonValue &to);
// Applies a merge patch (RFC 7386), as the API server does.
QJsonValue applyMergePatch(const QJsonValue &target, const QJsonValue &patch);

struct DiffLine {
    enum Op { Added, Removed, Changed };
    Op op = Changed;
    QStringList path;
    QJsonValue oldValue, newValue; // Undefined where there is none
    bool toDefault = false;        // the new value is the schema's default: the field was cleared
    // "~ nodeGroups.md0.maxReplicas: 5 → 8", "+ addons.velero.enabled: true", "- host (was …)",
    // "~ controlPlane.replicas: 3 → the default (2)"
    QString text() const;
};
// Only what changed, leaf by leaf (a new or removed subtree is one line).
QList<DiffLine> diff(const QJsonValue &from, const QJsonValue &to);

// A short, one-line rendering of a JSON value for messages and diffs.
QString compactValue(const QJsonValue &v);

// The value at a path of segments ("nodeGroups", "md0", "maxReplicas"; list
// indices as numbers). Undefined if there is none.
QJsonValue valueAt(const QJsonValue &root, const QStringList &path);
// Sets (or, with an Undefined value, removes) the value at a path, creating
// objects on the way. Used by forms to edit the sparse set of user values.
QJsonValue withValueAt(const QJsonValue &root, const QStringList &path, const QJsonValue &value);

} // namespace nestdeck::platform
