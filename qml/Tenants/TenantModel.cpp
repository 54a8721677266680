#include "TenantModel.h"

#include "core/platform/TenantQuota.h"

#include "core/platform/Naming.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTimer>

#include <algorithm>

using namespace nestdeck;
using namespace nestdeck::platform;

TenantModel::TenantModel(QObject *parent) : QAbstractListModel(parent), SessionFollower(this) {}

void TenantModel::attach(PlatformSession *session)
{
    m_quotaLines.clear(); // another server's versions mean nothing here
    if (session) {
        auto schedule = [this] {
            // Many deltas cost one rebuild, and rebuilds come at most every
            // RebuildIntervalMs: at 2,000 tenants one reads every quota (~50
            // ms), and a first sync or a storm brings a batch of deltas a turn.
            if (m_scheduled)
                return;
            m_scheduled = true;
            const qint64 wait = m_lastRebuild.isValid() ? std::max<qint64>(0, RebuildIntervalMs - m_lastRebuild.elapsed()) : 0;
            QTimer::singleShot(int(wait), this, [this] {
                m_scheduled = false;
                rebuild();
                m_lastRebuild.start();
            });
        };
        for (ResourceCache *c : {session->namespaces(), session->tenants(), session->quotas()}) {
            follow(connect(c, &ResourceCache::changed, this, schedule));
            follow(connect(c, &ResourceCache::accessChanged, this, schedule));
        }
        // Of the clusters only how many each tenant has shows here: a change
        // to one (every status update) changes nothing.
        follow(connect(session->kuberneteses(), &ResourceCache::changed, this, [schedule](const QList<kube::Delta> &deltas) {
            if (std::any_of(deltas.cbegin(), deltas.cend(), [](const kube::Delta &d) { return d.type != kube::Delta::Updated; }))
                schedule();
        }));
        follow(connect(session->kuberneteses(), &ResourceCache::accessChanged, this, schedule));
        follow(connect(session, &PlatformSession::scopeChanged, this, schedule));
    }
    rebuild();
    emit sessionChanged();
}

QList<TenantModel::Row> TenantModel::compute() const
{
    QList<Row> out;
    const PlatformSession *sess = session();
    if (!sess)
        return out;
    // Tenant namespaces and their ancestry (label tenant.cozystack.io/<ns> for each).
    QMap<QString, QStringList> ancestry;
    for (const auto &ns : sess->namespaces()->all()) {
        QStringList chain;
        for (const auto l : ns->labels)
            if (l.key.startsWith("tenant.cozystack.io/"))
                chain << QString::fromUtf8(l.key.sliced(20));
        if (chain.contains(ns->name))
            ancestry.insert(ns->name, chain);
    }
    // Without namespace access (tenant users): the namespaces in scope, parents
    // by name prefix. While access is still unknown, wait rather than guess.
    if (ancestry.isEmpty() && sess->namespaces()->access() == ResourceCache::Access::Forbidden) {
        QStringList known = QStringList(sess->watchedNamespaces().cbegin(), sess->watchedNamespaces().cend());
        for (const auto &t : sess->tenants()->all()) {
            const QString child = QJsonDocument::fromJson(t->json()).object()[QStringLiteral("status")].toObject()[QStringLiteral("namespace")].toString();
            if (!child.isEmpty() && !known.contains(child))
                known << child;
        }
        for (const QString &ns : std::as_const(known)) {
            QStringList chain;
            for (const QString &other : std::as_const(known))
                if (ns == other || ns.startsWith(other + QLatin1Char('-')))
                    chain << other;
            ancestry.insert(ns, chain);
        }
    }
    QHash<QString, int> own;
    own.reserve(ancestry.size());
    sess->kuberneteses()->forEach([&own](const kube::KubeObject &k) { ++own[k.ns]; });
    // A quota's line is read from its JSON once per version: at 2,000
    // tenants parsing them all was most of a rebuild.
    QHash<QString, QString> quota;
    QHash<QString, QuotaLine> seen;
    for (const auto &q : sess->quotas()->all()) {
        if (q->name != QLatin1String(naming::TenantQuotaName))
            continue;
        const QString quotaKey = q->key();
        if (const auto it = m_quotaLines.constFind(quotaKey); it != m_quotaLines.cend() && it->resourceVersion == q->resourceVersion) {
            quota.insert(q->ns, it->text);
            seen.insert(quotaKey, *it);
            continue;
        }
        const QString text = quotaLine(readTenantQuota(*q));
        quota.insert(q->ns, text);
        seen.insert(quotaKey, {q->resourceVersion, text});
    }
    m_quotaLines = std::move(seen); // only what still exists
    // Parent: the deepest other ancestor.
    auto parentOf = [&](const QString &ns) {
        QString best;
        for (const QString &a : ancestry.value(ns))
            if (a != ns && ancestry.value(a).size() > ancestry.value(best).size())
                best = a;
        return best;
    };
    QMap<QString, QStringList> children;
    QHash<QString, QString> parents; // parentOf() once per tenant
    parents.reserve(ancestry.size());
    QStringList roots;
    for (auto it = ancestry.cbegin(); it != ancestry.cend(); ++it) {
        const QString p = parentOf(it.key());
        parents.insert(it.key(), p);
        if (p.isEmpty() || !ancestry.contains(p))
            roots << it.key();
        else
            children[p] << it.key();
    }
    // Each subtree's count once: the tree is walked twice (the "All tenants"
    // row, then each tenant's own).
    QHash<QString, int> totals;
    totals.reserve(ancestry.size());
    std::function<int(const QString &)> total = [&](const QString &ns) {
        if (const auto it = totals.constFind(ns); it != totals.cend())
            return *it;
        int n = own.value(ns);
        if (const auto kids = children.constFind(ns); kids != children.cend())
            for (const QString &c : *kids)
                n += total(c);
        totals.insert(ns, n);
        return n;
    };
    out.reserve(ancestry.size() + 1);
    int all = 0;
    for (const QString &r : roots)
        all += total(r);
    out << Row{QString(), tr("All tenants"), 0, all, 0, QString(), false};
    std::function<void(const QString &, int)> walk = [&](const QString &ns, int depth) {
        const QString parent = parents.value(ns);
        QString name = ns;
        if (!parent.isEmpty() && ns.startsWith(parent + QLatin1Char('-')))
            name = ns.mid(parent.size() + 1);
        else
            name = naming::tenantDisplayName(ns);
        out << Row{ns, name, depth, total(ns), own.value(ns), quota.value(ns), !children.value(ns).isEmpty()};
        QStringList kids = children.value(ns);
        kids.sort();
        for (const QString &c : std::as_const(kids))
            walk(c, depth + 1);
    };
    roots.sort();
    for (const QString &r : std::as_const(roots))
        walk(r, 0);
    return out;
}

void TenantModel::rebuild()
{
    const QList<Row> rows = compute();
    bool sameShape = rows.size() == m_rows.size();
    for (int i = 0; sameShape && i < rows.size(); ++i)
        sameShape = rows[i].ns == m_rows[i].ns;
    if (sameShape) {
        // Counts and quotas changed: update in place (keeps selection and scroll).
        for (int i = 0; i < rows.size(); ++i)
            if (!(rows[i] == m_rows[i])) {
                m_rows[i] = rows[i];
                emit dataChanged(index(i), index(i));
            }
        return;
    }
    // Tenants came or went (rare): the tree is small, rebuild it.
    beginResetModel();
    m_rows = rows;
    endResetModel();
    emit countChanged();
}

QStringList TenantModel::namespaces() const
{
    QStringList out;
    for (const Row &r : m_rows)
        if (!r.ns.isEmpty())
            out << r.ns;
    return out;
}

int TenantModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

QVariant TenantModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case NamespaceRole: return r.ns;
    case DepthRole: return r.depth;
    case ClusterCountRole: return r.clusters;
    case OwnClustersRole: return r.own;
    case QuotaRole: return r.quota;
    case HasChildrenRole: return r.hasChildren;
    default: return {};
    }
}

QHash<int, QByteArray> TenantModel::roleNames() const
{
    return {{NamespaceRole, "namespace"}, {NameRole, "name"}, {DepthRole, "depth"}, {ClusterCountRole, "clusterCount"},
            {OwnClustersRole, "ownClusters"}, {QuotaRole, "quota"}, {HasChildrenRole, "hasChildren"}};
}

int TenantModel::rowOfNamespace(const QString &ns) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].ns == ns)
            return i;
    return -1;
}
