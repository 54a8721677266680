#pragma once

#include "core/platform/ClusterActions.h"
#include "core/platform/ClusterTree.h"

namespace nestdeck::platform {

class PlatformSession;

// One cluster that is not Ready, as the Problems view and `diagnose -A` list it.
struct Problem {
    QString ns, name;
    Health health = Health::Unknown;
    Cause cause = Cause::Unknown;
    QString headline;
    QString object;  // "Machine kubernetes-x-md0-abc": where the cause is, or ""
    QString nextStep; // what to do, in words; "" when nothing is to be done
    QDateTime since; // in this state since, invalid when unknown
    QString key() const { return ns + QLatin1Char('/') + name; }
};

// Every cluster in the session's caches that is not Ready, diagnosed from the
// cached objects (and the events of namespaces already watched): the same
// deriveStatus and buildTree a cluster's own tree uses, with less evidence.
// Ordered by cause, then by how long the cluster has been in that state.
QList<Problem> findProblems(const PlatformSession &session, const TreeOptions &options = {});
// The same for one cluster; health Ready and cause None when it is fine.
Problem problemOf(const PlatformSession &session, const QString &ns, const QString &name, const TreeOptions &options = {});

// A cluster that is gone but left volumes (findOrphanedVolumes) as the
// Problems view and `diagnose -A` list it: cause Leftovers, the first volume
// as its object.
Problem leftoverProblem(const QString &key, const QList<Leftover> &volumes);
// Where a session looks for them: every namespace when it watches
// cluster-wide (""), else the tenant namespaces it watches.
QStringList leftoverScope(const PlatformSession &session);

} // namespace nestdeck::platform
