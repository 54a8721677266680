#include "ClusterTableModel.h"

#include "core/Threading.h"
#include "core/platform/Format.h"
#include "core/platform/Naming.h"

#include <QDateTime>

#include <climits>
#include <QPointer>
#include <QThreadPool>

using namespace nestdeck;
using namespace nestdeck::platform;

const QList<ClusterTableModel::ColumnInfo> &ClusterTableModel::columns()
{
    static const QList<ColumnInfo> cols = {
        {QT_TR_NOOP("Name"), 160, 3, Qt::AlignLeft, TitleCell, false},
        {QT_TR_NOOP("Tenant"), 140, 0, Qt::AlignLeft, TextCell, false},
        {QT_TR_NOOP("Health"), 220, 7, Qt::AlignLeft, HealthCell, false},
        {QT_TR_NOOP("Version"), 140, 0, Qt::AlignLeft, TextCell, true},
        {QT_TR_NOOP("Nodes"), 70, 0, Qt::AlignRight, TextCell, false},
        {QT_TR_NOOP("Control plane"), 120, 0, Qt::AlignLeft, TextCell, true},
        {QT_TR_NOOP("Addons"), 70, 0, Qt::AlignRight, TextCell, true},
        {QT_TR_NOOP("Age"), 60, 0, Qt::AlignRight, TextCell, true},
    };
    static_assert(ColumnCount == 8, "one descriptor per column");
    return cols;
}

QList<qreal> ClusterTableModel::columnWidths(qreal available)
{
    const auto &cols = columns();
    QList<bool> shown(cols.size(), true);
    auto minimum = [&] {
        qreal sum = 0;
        for (int i = 0; i < cols.size(); ++i)
            sum += shown[i] ? cols[i].width : 0;
        return sum;
    };
    for (int i = int(cols.size()) - 1; i >= 0 && minimum() > available; --i)
        if (cols[i].optional)
            shown[i] = false;
    int stretch = 0;
    for (int i = 0; i < cols.size(); ++i)
        stretch += shown[i] ? cols[i].stretch : 0;
    const qreal spare = std::max<qreal>(0, available - minimum());
    QList<qreal> out;
    for (int i = 0; i < cols.size(); ++i)
        out << (!shown[i] ? 0 : cols[i].width + (stretch > 0 ? spare * cols[i].stretch / stretch : 0));
    return out;
}

QStringList ClusterTableModel::hiddenColumns(qreal available)
{
    const QList<qreal> widths = columnWidths(available);
    QStringList out;
    for (qsizetype i = 0; i < widths.size(); ++i)
        if (widths[i] <= 0)
            out << tr(columns()[i].title);
    return out;
}

ClusterTableModel::ClusterTableModel(QObject *parent) : QAbstractTableModel(parent), SessionFollower(this)
{
    m_insertTimer.setSingleShot(true);
    connect(&m_insertTimer, &QTimer::timeout, this, &ClusterTableModel::insertStaged);
    m_ageTimer.setSingleShot(true);
    connect(&m_ageTimer, &QTimer::timeout, this, &ClusterTableModel::tickAges);
    m_ageTimer.start(m_ageYoungMs);
}

void ClusterTableModel::tickAges()
{
    bool young = false;
    if (!m_rows.isEmpty()) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (const Row &r : std::as_const(m_rows))
            if (r.status && r.status->created.isValid() && r.status->created.secsTo(now) < 120) {
                young = true;
                break;
            }
        emit dataChanged(index(0, Age), index(int(m_rows.size()) - 1, Age), {Qt::DisplayRole});
    }
    m_ageTimer.start(young ? m_ageYoungMs : m_ageOldMs);
}

void ClusterTableModel::attach(PlatformSession *session)
{
    if (!m_rows.isEmpty()) {
        beginRemoveRows({}, 0, int(m_rows.size()) - 1);
        m_rows.clear();
        m_index.clear();
        endRemoveRows();
        emit countChanged();
    }
    m_wanted.clear();
    m_staged.clear();
    m_stagedKeys.clear();
    m_insertTimer.stop();
    if (session) {
        follow(connect(session->kuberneteses(), &ResourceCache::changed, this, &ClusterTableModel::onApps));
        follow(connect(session, &PlatformSession::appsTouched, this, &ClusterTableModel::onTouched));
        follow(connect(session, &PlatformSession::stateChanged, this, &ClusterTableModel::loadingChanged));
        follow(connect(session, &PlatformSession::allSyncedChanged, this, [this] {
            if (!m_wanted.isEmpty() && !m_deriveScheduled)
                deriveWanted();
        }));
        // Access to the tree changed (a tenant user's 403s arrive): every status is stale.
        follow(connect(session->helmReleases(), &ResourceCache::accessChanged, this, [this] {
            onTouched(QSet<QString>(m_index.keyBegin(), m_index.keyEnd()));
        }));
        // What the cache already holds (a model made after the session synced).
        QList<kube::Delta> present;
        for (const kube::ObjectPtr &o : session->kuberneteses()->all())
            present << kube::Delta{kube::Delta::Added, o, {}};
        if (!present.isEmpty())
            onApps(present);
    }
    emit loadingChanged();
    emit sessionChanged();
}

bool ClusterTableModel::loading() const
{
    return session() && session()->state() == PlatformSession::State::Connecting;
}

void ClusterTableModel::reindexFrom(int row)
{
    for (int i = row; i < m_rows.size(); ++i)
        m_index[m_rows[i].key] = i;
}

void ClusterTableModel::onApps(const QList<kube::Delta> &deltas)
{
    // Removals first, from the bottom, so row numbers stay valid; then additions
    // in one insert at the end; then changes.
    QList<int> removed;
    QSet<QString> removedKeys; // shown rows this batch deletes: an Added after it is a new row
    QSet<QString> changed;
    for (const kube::Delta &d : deltas) {
        const QString key = d.object->key();
        const bool shown = m_index.contains(key) && !removedKeys.contains(key);
        if (d.type == kube::Delta::Deleted) {
            if (m_stagedKeys.remove(key)) { // gone before it was shown (rare: a scan is fine)
                m_staged.removeIf([&](const Row &r) { return r.key == key; });
            } else if (shown) {
                removed << m_index.value(key);
                removedKeys.insert(key);
            }
        } else if (shown) {
            changed.insert(key);
        } else if (!m_stagedKeys.contains(key)) {
            m_stagedKeys.insert(key);
            // A fresh epoch: a status derived for an earlier row of this key
            // (another session's) must not land on it.
            m_staged << Row{key, d.object->ns, d.object->name, std::nullopt, false, ++m_epochs};
        }
        // (A staged cluster that changes has no status yet: nothing to refresh.)
    }
    std::sort(removed.begin(), removed.end(), std::greater<>());
    for (int row : std::as_const(removed)) {
        beginRemoveRows({}, row, row);
        m_index.remove(m_rows[row].key);
        m_rows.removeAt(row);
        endRemoveRows();
    }
    if (!removed.isEmpty()) {
        reindexFrom(removed.last());
        emit countChanged();
    }
    if (!m_staged.isEmpty() && !m_insertTimer.isActive()) {
        const qint64 since = m_lastInsert.isValid() ? m_lastInsert.elapsed() : InsertIntervalMs;
        if (since >= InsertIntervalMs)
            insertStaged();
        else
            m_insertTimer.start(int(InsertIntervalMs - since));
    }
    onTouched(changed);
}

void ClusterTableModel::insertStaged()
{
    m_insertTimer.stop();
    if (m_staged.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(m_staged.size()) - 1);
    m_rows += m_staged;
    reindexFrom(first);
    // (Not `= {}`: that keeps the capacity, 20,000 rows' worth after a first sync.)
    m_staged = QList<Row>();
    m_stagedKeys = QSet<QString>();
    endInsertRows();
    m_lastInsert.start();
    emit countChanged();
}

void ClusterTableModel::onTouched(const QSet<QString> &keys)
{
    // Nothing changes on screen yet. A row with a status keeps it (and its
    // place in a sorted view) and gets a new one derived; the change shows
    // when that is in, in one step instead of "…" and back. A row without
    // one has nothing to show until someone asks for it; a derivation in
    // flight for it is of an older epoch and asks again when it lands.
    for (const QString &key : keys) {
        const int row = m_index.value(key, -1);
        if (row < 0)
            continue;
        Row &r = m_rows[row];
        r.epoch = ++m_epochs;
        if (r.status) {
            r.stale = true;
            want(key);
        }
    }
}

void ClusterTableModel::want(const QString &key) const
{
    if (m_wanted.contains(key))
        return;
    m_wanted.insert(key);
    scheduleDerive();
}

void ClusterTableModel::scheduleDerive() const
{
    // Everything asked for until then goes to the worker together (in chunks).
    if (m_deriveScheduled)
        return;
    m_deriveScheduled = true;
    QMetaObject::invokeMethod(const_cast<ClusterTableModel *>(this), [this] { deriveWanted(); }, Qt::QueuedConnection);
}

void ClusterTableModel::announce(int first, int last, int lastColumn) const
{
    // One dataChanged for the whole span: a storm of a thousand changed
    // clusters costs the sorting proxy one re-sort, not a thousand. Only the
    // columns derived from the status change (a key's name and tenant never
    // do): sorted by name, the proxy then has nothing to re-sort, where a span
    // including the sort column cost it ~0.6 s per announcement at 2,000 rows.
    if (last >= first && last >= 0)
        emit const_cast<ClusterTableModel *>(this)->dataChanged(index(first, Health), index(last, lastColumn));
}

const ClusterStatus &ClusterTableModel::statusAt(int row) const
{
    static const ClusterStatus pending = [] {
        ClusterStatus p;
        p.word = QStringLiteral("…");
        return p;
    }();
    const Row &r = m_rows[row];
    if (r.status)
        return *r.status; // also while stale: its successor is on its way (onTouched)
    if (session())
        want(r.key);
    return pending;
}

void ClusterTableModel::deriveWanted() const
{
    m_deriveScheduled = false;
    PlatformSession *s = session();
    if (!s || m_wanted.isEmpty() || !s->treeSettled())
        return; // asked again once the tree has loaded (allSyncedChanged)
    // Gather the objects here (the caches belong to this thread)...
    struct Job {
        QString key;
        quint64 epoch;
        ClusterObjects objects;
        ClusterStatus status;
    };
    // One chunk at a time, of at most DeriveChunk rows near one another: its
    // results come back as one dataChanged over a short span, which the
    // sorting proxy and the view turn into one update per row (~15 µs each:
    // 20,000 at once held the GUI thread 0.3 s), and the next chunk is
    // gathered only when they are in, so one turn of the event loop applies
    // one chunk, never a pile of them. Sorting 20,000 rows by health asks
    // for every status at once.
    constexpr qsizetype DeriveChunk = 500;
    if (m_inFlight > 0)
        return; // the chunk in flight asks again when it lands
    // Rows that show "…" before rows that show an older status (a row just
    // scrolled into view must not wait behind 20,000 re-derivations).
    struct Wanted {
        bool hasStatus;
        int row;
        QString key;
        bool operator<(const Wanted &o) const { return hasStatus != o.hasStatus ? !hasStatus : row < o.row; }
    };
    std::vector<Wanted> rows;
    rows.reserve(size_t(m_wanted.size()));
    for (const QString &key : std::as_const(m_wanted))
        if (const int row = m_index.value(key, -1); row >= 0 && (!m_rows[row].status || m_rows[row].stale))
            rows.push_back({m_rows[row].status.has_value(), row, key});
    const auto take = std::min<size_t>(rows.size(), size_t(DeriveChunk));
    std::partial_sort(rows.begin(), rows.begin() + qsizetype(take), rows.end());
    auto jobs = std::make_shared<std::vector<Job>>();
    jobs->reserve(take);
    // What stays wanted: the rows after this chunk (not the gone, not the derived).
    QSet<QString> rest;
    rest.reserve(qsizetype(rows.size() - take));
    for (size_t i = take; i < rows.size(); ++i)
        rest.insert(rows[i].key);
    m_wanted = std::move(rest);
    for (size_t i = 0; i < take; ++i) {
        const Row &r = m_rows[rows[i].row];
        jobs->push_back({rows[i].key, r.epoch, s->objectsFor(r.ns, r.name), {}});
    }
    if (jobs->empty())
        return;
    ++m_inFlight;
    // ... derive on a worker: pure functions of immutable, shared objects ...
    QPointer<ClusterTableModel> self(const_cast<ClusterTableModel *>(this));
    QObject *home = nestdeck::resultsHome(this);
    QThreadPool::globalInstance()->start([jobs, self, home] {
        backgroundThread();
        for (Job &j : *jobs) {
            j.status = deriveStatus(j.objects);
            // Rows show the word, reason and counts. The chain of conditions
            // behind them (every object's, with messages: ~4 KB a cluster,
            // 80 MB at 20,000) is the cluster page's, which derives its own.
            // (Not `= {}`: that assigns an empty list into the same capacity.)
            j.status.chain = QList<ConditionLine>();
        }
        // ... and apply the results back here, unless the row changed meanwhile.
        QMetaObject::invokeMethod(home, [jobs, self] {
            if (!self)
                return;
            --self->m_inFlight;
            if (!self->m_wanted.isEmpty())
                self->scheduleDerive(); // the next chunk, in a later turn
            // Rows shown for the first time, and rows re-derived: the age of
            // a cluster never changes once known, so a re-derived span leaves
            // that column out (sorted by age, the proxy then re-sorts nothing).
            int first = INT_MAX, last = -1, firstNew = INT_MAX, lastNew = -1;
            for (Job &j : *jobs) {
                const int row = self->m_index.value(j.key, -1);
                if (row < 0)
                    continue; // gone
                Row &r = self->m_rows[row];
                if (r.epoch != j.epoch) {
                    self->want(j.key); // changed meanwhile: derive the newer one
                    continue;
                }
                const bool known = r.status.has_value() && r.status->created == j.status.created;
                r.status = std::move(j.status);
                r.stale = false;
                int &lo = known ? first : firstNew, &hi = known ? last : lastNew;
                lo = std::min(lo, row);
                hi = std::max(hi, row);
            }
            self->announce(firstNew, lastNew);
            self->announce(first, last, Addons);
        }, Qt::QueuedConnection);
    });
}

int ClusterTableModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int ClusterTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ClusterTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole)
        return tr(columns()[section].title);
    if (role == Qt::TextAlignmentRole)
        return int(columns()[section].align);
    if (role == Qt::SizeHintRole)
        return columns()[section].width;
    return {};
}

QVariant ClusterTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows[index.row()];
    switch (role) {
    case AlignmentRole: return int(columns()[index.column()].align);
    case CellKindRole: return int(columns()[index.column()].kind);
    case KeyRole: return r.key;
    case NameRole: return r.name;
    case NamespaceRole: return r.ns;
    default: break;
    }
    const ClusterStatus &s = statusAt(index.row());
    switch (role) {
    case HealthRole: return int(s.health);
    case HealthWordRole: return s.word;
    case ReasonRole: return s.reason;
    case DeletingRole: return s.health == Health::Deleting;
    case Qt::ToolTipRole: return s.reason.isEmpty() ? s.word : s.word + QStringLiteral(" — ") + s.reason;
    case Qt::DisplayRole:
    case SortRole:
        break;
    default:
        return {};
    }
    const bool sort = role == SortRole;
    switch (index.column()) {
    case Name: return r.name;
    case Tenant: return sort ? r.ns : naming::tenantDisplayName(r.ns);
    case Health:
        if (sort)
            return int(s.health) * 1000 + (s.nodesReady < 0 ? 0 : s.nodesReady);
        return s.health == platform::Health::Ready || s.reason.isEmpty() || s.word.contains(s.reason)
                   ? s.word : s.word + QStringLiteral(": ") + s.reason;
    case Version:
        if (sort)
            return s.wantedVersion;
        return s.versionText();
    case Nodes:
        if (sort)
            return s.nodesReady;
        return s.nodesDesired < 0 ? QStringLiteral("—") : QStringLiteral("%1/%2").arg(s.nodesReady).arg(s.nodesDesired);
    case ControlPlane: return s.controlPlane.isEmpty() ? QStringLiteral("—") : s.controlPlane;
    case Addons:
        if (sort)
            return s.addonsReady;
        return s.addonsEnabled < 0 ? QStringLiteral("—") : QStringLiteral("%1/%2").arg(s.addonsReady).arg(s.addonsEnabled);
    case Age: return sort ? QVariant(s.created) : QVariant(shortAge(s.created));
    default: return {};
    }
}

bool ClusterTableModel::lessThan(int column, int left, int right) const
{
    const Row &l = m_rows[left], &r = m_rows[right];
    auto byKey = [&] { return l.key < r.key; };
    auto cmp = [&](const auto &a, const auto &b) { return a < b ? true : (b < a ? false : byKey()); };
    switch (column) {
    case Name: return cmp(l.name, r.name);
    case Tenant: return cmp(l.ns, r.ns);
    default: break;
    }
    const ClusterStatus &ls = statusAt(left), &rs = statusAt(right);
    switch (column) {
    case Health:
        return cmp(int(ls.health) * 1000 + std::max(ls.nodesReady, 0), int(rs.health) * 1000 + std::max(rs.nodesReady, 0));
    case Version: return cmp(ls.wantedVersion, rs.wantedVersion);
    case Nodes: return cmp(ls.nodesReady, rs.nodesReady);
    case Addons: return cmp(ls.addonsReady, rs.addonsReady);
    case Age: return cmp(ls.created.toMSecsSinceEpoch(), rs.created.toMSecsSinceEpoch());
    case ControlPlane: return cmp(ls.controlPlane, rs.controlPlane);
    default: return byKey();
    }
}

bool ClusterTableModel::matches(int row, const QString &filter) const
{
    const Row &r = m_rows[row];
    if (filter.isEmpty() || r.name.contains(filter, Qt::CaseInsensitive) || r.ns.contains(filter, Qt::CaseInsensitive))
        return true;
    // Health words only for longer queries: deriving them for 20,000 rows per keystroke would lag.
    return filter.size() >= 3 && statusAt(row).word.contains(filter, Qt::CaseInsensitive);
}

QHash<int, QByteArray> ClusterTableModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(KeyRole, "key");
    names.insert(NameRole, "name");
    names.insert(NamespaceRole, "namespace");
    names.insert(HealthRole, "health");
    names.insert(HealthWordRole, "healthWord");
    names.insert(ReasonRole, "reason");
    names.insert(SortRole, "sortValue");
    names.insert(DeletingRole, "deleting");
    names.insert(AlignmentRole, "alignment");
    names.insert(CellKindRole, "cellKind");
    return names;
}

ClusterFilterModel::ClusterFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(ClusterTableModel::SortRole);
    setDynamicSortFilter(true);
    connect(this, &QAbstractItemModel::rowsInserted, this, &ClusterFilterModel::countChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &ClusterFilterModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &ClusterFilterModel::countChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &ClusterFilterModel::countChanged);
}

void ClusterFilterModel::setSourceModel(QAbstractItemModel *model)
{
    if (sourceModel())
        disconnect(sourceModel(), &QAbstractItemModel::dataChanged, this, nullptr);
    QSortFilterProxyModel::setSourceModel(model);
    if (!model)
        return;
    // QSortFilterProxyModel moves every changed row out and back in one by
    // one: a storm of 1,000 changed clusters, sorted by health, blocked the
    // GUI thread for 2-3 s at 2,000 rows. A full re-sort with the typed
    // comparisons costs milliseconds, so changed rows are handled here.
    disconnect(model, &QAbstractItemModel::dataChanged, this, nullptr);
    connect(model, &QAbstractItemModel::dataChanged, this, &ClusterFilterModel::onSourceDataChanged);
}

void ClusterFilterModel::onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    // Ages ticking (tickAges): neither the order (by creation time) nor the
    // filter reads them; one signal for the whole column, no re-sort.
    if (topLeft.column() == ClusterTableModel::Age && bottomRight.column() == ClusterTableModel::Age &&
        roles == QList<int>{Qt::DisplayRole}) {
        if (rowCount() > 0)
            emit dataChanged(index(0, ClusterTableModel::Age), index(rowCount() - 1, ClusterTableModel::Age), roles);
        return;
    }
    const int col = sortColumn();
    const bool resort = col >= topLeft.column() && col <= bottomRight.column();
    const bool refilter = m_filter.size() >= 3; // the health word takes part (matches())
    if (resort || refilter) {
        invalidate(); // keeps the current and selected rows (persistent indexes)
        return;
    }
    for (int r = topLeft.row(); r <= bottomRight.row(); ++r) {
        const QModelIndex first = mapFromSource(sourceModel()->index(r, topLeft.column()));
        if (first.isValid())
            emit dataChanged(first, first.siblingAtColumn(bottomRight.column()), roles);
    }
}

void ClusterFilterModel::setFilterString(const QString &s)
{
    if (s == m_filter)
        return;
    m_filter = s;
    invalidateRowsFilter();
    emit filterChanged();
    emit countChanged();
}

void ClusterFilterModel::setTenantNamespace(const QString &ns)
{
    if (ns == m_tenant)
        return;
    m_tenant = ns;
    invalidateRowsFilter();
    emit filterChanged();
    emit countChanged();
}

QString ClusterFilterModel::tenantName() const { return naming::tenantDisplayName(m_tenant); }

QString ClusterFilterModel::keyAt(int row) const
{
    return data(index(row, 0), ClusterTableModel::KeyRole).toString();
}

bool ClusterFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    const auto *table = qobject_cast<const ClusterTableModel *>(sourceModel());
    if (!table)
        return true;
    if (!m_tenant.isEmpty()) {
        // A tenant includes its children: tenant-alpha covers tenant-alpha-gamma.
        const QString ns = table->index(sourceRow, 0).data(ClusterTableModel::NamespaceRole).toString();
        if (ns != m_tenant && !(ns.startsWith(m_tenant) && ns.size() > m_tenant.size() && ns[m_tenant.size()] == QLatin1Char('-')))
            return false;
    }
    return table->matches(sourceRow, m_filter);
}

bool ClusterFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (const auto *table = qobject_cast<const ClusterTableModel *>(sourceModel()))
        return table->lessThan(left.column(), left.row(), right.row());
    return QSortFilterProxyModel::lessThan(left, right);
}
