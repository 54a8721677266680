#pragma once

#include "core/platform/ClusterTree.h"

namespace nestdeck::platform {

// A support bundle: one cluster's tree as a .tar.gz for a ticket or a
// colleague. Under "<ns>_<name>/": diagnosis.txt (the diagnosis and the tree
// as text), objects/<NN>-<Kind>-<name>.yaml for every object (managedFields
// dropped), events.yaml (the events about those objects, oldest first).
// Secrets are in it by name and metadata only: any data, stringData, or a
// last-applied annotation that could carry them is removed here as well, so
// the bundle holds no Secret data even if the tree came with some.
// Written atomically with mode 0600. Returns "" or the error in words.
QString writeSupportBundle(const ClusterTree &tree, const QList<QJsonObject> &events, const QString &path);

// An object as it may be shown or handed on: managedFields dropped; for a
// Secret also data, stringData and the last-applied annotation.
QJsonObject scrubbed(const QString &kind, QJsonObject object);

// The files of a bundle (name → content), as written; for tests and the CLI.
QList<QPair<QString, QByteArray>> supportBundleFiles(const ClusterTree &tree, const QList<QJsonObject> &events);

} // namespace nestdeck::platform
