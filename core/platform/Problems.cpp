#include "core/platform/Problems.h"

#include "core/platform/PlatformSession.h"

#include <QCoreApplication>

#include <algorithm>

namespace nestdeck::platform {

Problem problemOf(const PlatformSession &session, const QString &ns, const QString &name, const TreeOptions &options)
{
    const ClusterObjects objects = session.objectsFor(ns, name);
    Problem p;
    p.ns = ns;
    p.name = name;
    const ClusterStatus status = deriveStatus(objects);
    p.health = status.health;
    if (status.health == Health::Ready) {
        p.cause = Cause::None;
        return p;
    }
    const ClusterTree tree = buildTree(treeInputFromCache(objects, session.events()->inNamespace(ns)), options);
    p.cause = tree.diagnosis.cause;
    p.headline = tree.diagnosis.headline;
    p.nextStep = tree.diagnosis.nextStep;
    p.since = tree.diagnosis.since;
    if (tree.diagnosis.node >= 0)
        p.object = tree.nodes[tree.diagnosis.node].title();
    return p;
}

QList<Problem> findProblems(const PlatformSession &session, const TreeOptions &options)
{
    QList<Problem> out;
    for (const ObjectPtr &app : session.kuberneteses()->all()) {
        Problem p = problemOf(session, app->ns, app->name, options);
        if (p.health != Health::Ready)
            out << std::move(p);
    }
    std::sort(out.begin(), out.end(), [](const Problem &a, const Problem &b) {
        if (a.cause != b.cause)
            return causeRank(a.cause) < causeRank(b.cause);
        if (a.since != b.since)
            return a.since < b.since;
        return a.key() < b.key();
    });
    return out;
}

Problem leftoverProblem(const QString &key, const QList<Leftover> &volumes)
{
    Problem p;
    p.ns = key.section(QLatin1Char('/'), 0, 0);
    p.name = key.section(QLatin1Char('/'), 1);
    p.health = Health::Unknown;
    p.cause = Cause::Leftovers;
    p.headline = QCoreApplication::translate("nestdeck::platform", "Cluster %1 is gone, but %n volume(s) with its label remain", nullptr,
                                             int(volumes.size()))
                     .arg(p.name);
    if (!volumes.isEmpty())
        p.object = volumes.first().text();
    p.nextStep = QCoreApplication::translate("nestdeck::platform",
                                             "Open it to see them; once you are sure no data on them is needed, remove them there.");
    return p;
}

QStringList leftoverScope(const PlatformSession &session)
{
    if (session.clusterWide())
        return {QString()};
    QStringList out(session.watchedNamespaces().cbegin(), session.watchedNamespaces().cend());
    out.sort();
    return out;
}

} // namespace nestdeck::platform
