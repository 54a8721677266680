#pragma once

#include "core/Expected.h"

#include <QByteArray>
#include <QString>

namespace nestdeck::kube {

// Writes data to path atomically (temporary file + rename) with mode 0600:
// a reader never sees half a kubeconfig, and nobody else can read it.
Expected<bool> writePrivateFile(const QString &path, const QByteArray &data);

struct MergeResult {
    QString contextName; // the new, unique context, or the one added before
    QString backupPath;  // copy of the file before the change ("" if it did not exist or nothing changed)
    bool unchanged = false; // the file had this cluster and user already: nothing written
    bool updated = false;   // the context was there with other credentials: its user was updated
};

// Adds the current context of `kubeconfigText` (its cluster and user) to the
// kubeconfig at path as a new context named after baseName (made unique).
// Added again (a context named after baseName for the same server and CA):
// nothing changes when the credentials are the same, and the user is
// updated in place when they are not.
// The file is edited as text, so nothing else in it changes: comments,
// order, formatting and current-context stay as they were. A backup is made
// first; the result is re-read and checked before it replaces the file.
Expected<MergeResult> mergeKubeconfig(const QString &path, const QByteArray &kubeconfigText, const QString &baseName);

} // namespace nestdeck::kube
