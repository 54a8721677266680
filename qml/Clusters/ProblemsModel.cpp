#include "ProblemsModel.h"

#include "core/platform/Format.h"
#include "core/platform/PlatformSession.h"

#include <algorithm>

using namespace nestdeck::platform;

namespace {
bool before(const Problem &a, const Problem &b)
{
    if (a.cause != b.cause)
        return causeRank(a.cause) < causeRank(b.cause);
    if (a.since != b.since)
        return a.since < b.since;
    return a.key() < b.key();
}
} // namespace

ProblemsModel::ProblemsModel(QObject *parent) : QAbstractListModel(parent), SessionFollower(this)
{
    m_batch.setSingleShot(true);
    m_batch.setInterval(0); // once the current burst of deltas is through
    connect(&m_batch, &QTimer::timeout, this, &ProblemsModel::flush);
    m_orphanScan.setSingleShot(true);
    connect(&m_orphanScan, &QTimer::timeout, this, &ProblemsModel::rescanLeftovers);
}

void ProblemsModel::rescanLeftovers()
{
    PlatformSession *s = session();
    // Before every cache has listed, every cluster not listed yet would look gone.
    if (!s || !s->allSynced())
        return;
    delete m_scanContext;
    m_scanContext = new QObject(this);
    findOrphanedVolumes(s->client(), leftoverScope(*s), [s](const QString &key) { return s->kuberneteses()->get(key) != nullptr; },
                        m_scanContext, [this](const QMap<QString, QList<Leftover>> &orphans, const QString &) { onOrphans(orphans); });
}

void ProblemsModel::onOrphans(const QMap<QString, QList<Leftover>> &orphans)
{
    QSet<QString> keys;
    for (auto it = m_orphans.cbegin(); it != m_orphans.cend(); ++it)
        keys.insert(it.key());
    for (auto it = orphans.cbegin(); it != orphans.cend(); ++it)
        keys.insert(it.key());
    m_orphans = orphans;
    for (const QString &k : std::as_const(keys))
        touch(k);
}

Problem ProblemsModel::problemFor(const QString &key) const
{
    const PlatformSession *s = session();
    if (s && s->kuberneteses()->get(key))
        return problemOf(*s, key.section(QLatin1Char('/'), 0, 0), key.section(QLatin1Char('/'), 1));
    if (const auto it = m_orphans.constFind(key); it != m_orphans.cend())
        return leftoverProblem(key, *it);
    Problem none;
    none.health = Health::Ready; // nothing to list
    return none;
}

void ProblemsModel::attach(PlatformSession *session)
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
    m_orphans.clear();
    delete m_scanContext;
    m_scanContext = nullptr;
    m_orphanScan.stop();
    emit countChanged();
    if (session) {
        follow(connect(session, &PlatformSession::appsTouched, this, [this](const QSet<QString> &keys) {
            for (const QString &k : keys)
                touch(k);
        }));
        follow(connect(session->kuberneteses(), &ResourceCache::changed, this, [this](const QList<nestdeck::kube::Delta> &deltas) {
            for (const auto &d : deltas) {
                touch(d.object->key());
                // A cluster gone: once its own cleanup has had time, what it left is listed.
                if (d.type == nestdeck::kube::Delta::Deleted)
                    m_orphanScan.start(LeftoverScanDelayMs);
            }
        }));
        follow(connect(session, &PlatformSession::allSyncedChanged, this, [this] {
            if (this->session() && this->session()->allSynced() && m_orphans.isEmpty() && !m_scanContext)
                rescanLeftovers();
        }));
        // What the session already holds; from here on its deltas (the first
        // lists arrive as deltas too) re-diagnose only what they touch.
        m_all = true;
        m_batch.start();
    }
    emit sessionChanged();
}

void ProblemsModel::touch(const QString &key)
{
    m_dirty.insert(key);
    m_batch.start();
}

void ProblemsModel::flush()
{
    PlatformSession *s = session();
    if (!s)
        return;
    if (m_all) {
        m_all = false;
        m_dirty.clear();
        beginResetModel();
        m_rows = findProblems(*s);
        for (auto it = m_orphans.cbegin(); it != m_orphans.cend(); ++it)
            if (!s->kuberneteses()->get(it.key()))
                m_rows << leftoverProblem(it.key(), it.value());
        std::sort(m_rows.begin(), m_rows.end(), before);
        endResetModel();
        emit countChanged();
        return;
    }
    const QSet<QString> dirty = std::exchange(m_dirty, {});
    bool changed = false;
    for (const QString &key : dirty) {
        const auto it = std::find_if(m_rows.begin(), m_rows.end(), [&](const Problem &p) { return p.key() == key; });
        const Problem p = problemFor(key);
        const bool listed = p.health != Health::Ready;
        if (it != m_rows.end()) {
            const int row = int(it - m_rows.begin());
            if (listed && p.cause == it->cause && p.since == it->since) { // same place: update in place
                *it = p;
                emit dataChanged(index(row), index(row));
                continue;
            }
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
            changed = true;
        }
        if (listed) {
            const int row = int(std::lower_bound(m_rows.begin(), m_rows.end(), p, before) - m_rows.begin());
            beginInsertRows({}, row, row);
            m_rows.insert(row, p);
            endInsertRows();
            changed = true;
        }
    }
    if (changed)
        emit countChanged();
}

int ProblemsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int ProblemsModel::problemCount() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(), [](const Problem &p) { return isProblem(p.cause); }));
}

QString ProblemsModel::keyAt(int row) const { return row >= 0 && row < m_rows.size() ? m_rows[row].key() : QString(); }

QVariant ProblemsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Problem &p = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case KeyRole: return p.key();
    case NamespaceRole: return p.ns;
    case NameRole: return p.name;
    case HealthRole: return int(p.health);
    case HealthWordRole: return healthName(p.health);
    case CauseRole: return causeName(p.cause);
    case CauseRankRole: return causeRank(p.cause);
    case ProblemRole: return isProblem(p.cause);
    case HeadlineRole: return p.headline;
    case ObjectRole: return p.object;
    case SinceRole: return p.since.isValid() ? shortAge(p.since) : QString();
    case NextStepRole: return p.nextStep;
    default: return {};
    }
}

QHash<int, QByteArray> ProblemsModel::roleNames() const
{
    return {{KeyRole, "key"},         {NamespaceRole, "namespaceName"}, {NameRole, "name"},        {HealthRole, "health"},
            {HealthWordRole, "healthWord"}, {CauseRole, "cause"},       {CauseRankRole, "causeRank"}, {ProblemRole, "problem"},
            {HeadlineRole, "headline"}, {ObjectRole, "object"},         {SinceRole, "since"},       {NextStepRole, "nextStep"}};
}
