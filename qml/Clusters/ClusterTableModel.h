#pragma once

#include "Components/SessionFollower.h"
#include "Components/UiTypes.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QTimer>
#include <QQmlEngine>
#include <QSortFilterProxyModel>

#include <optional>

// Every tenant Kubernetes cluster as a table row, live from the informers.
// Rows are inserted, removed and changed one by one (never a reset on an
// event). The derived status is computed when first asked for, on a worker
// thread (the objects are immutable and shared), cached until a delta touches
// the cluster's tree, and announced with dataChanged; until then the row says
// "…". So sorting 10,000 clusters by health never freezes the window.
//
// Columns are data: columns() is the one place that says what a column is
// (title, width, stretch, alignment, how its cells look, whether it may be
// hidden when space is short); the QML table reads everything from it.
class ClusterTableModel : public QAbstractTableModel, public SessionFollower {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(nestdeck::platform::PlatformSession *session READ session WRITE followSession NOTIFY sessionChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)

public:
    enum Column { Name, Tenant, Health, Version, Nodes, ControlPlane, Addons, Age, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        KeyRole = Qt::UserRole + 1, // "namespace/name"
        NameRole,
        NamespaceRole,
        HealthRole,      // nestdeck::platform::Health
        HealthWordRole,  // "Provisioning (3/5 nodes)"
        ReasonRole,
        SortRole,        // value used for sorting this column
        DeletingRole,
        AlignmentRole,   // the column's Qt::Alignment
        CellKindRole,    // the column's CellKind
    };
    Q_ENUM(Role)
    // How a column's cells are drawn.
    enum CellKind { TextCell, TitleCell, HealthCell };
    Q_ENUM(CellKind)

    struct ColumnInfo {
        const char *title; // translated when shown
        int width;         // preferred width; the minimum for stretching columns
        int stretch;       // share of the space left over; 0: fixed width
        Qt::Alignment align;
        CellKind kind;
        bool optional;     // hidden (right to left) when the table is too narrow
    };
    static const QList<ColumnInfo> &columns();
    // Each column's width for a table `available` pixels wide: fixed columns
    // get their width, optional columns go (rightmost first) while the minimum
    // does not fit, stretching columns share the rest. 0 hides a column.
    Q_INVOKABLE static QList<qreal> columnWidths(qreal available);
    // The titles of the columns columnWidths() hides at that width, so the
    // page can say so (a hidden column left no sign).
    Q_INVOKABLE static QStringList hiddenColumns(qreal available);

    explicit ClusterTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    bool loading() const;
    Q_INVOKABLE int rowOf(const QString &key) const { return m_index.value(key, -1); }
    Q_INVOKABLE QString keyAt(int row) const { return row >= 0 && row < m_rows.size() ? m_rows[row].key : QString(); }
    // The derived status of one cluster; a placeholder (Unknown, "…") while
    // it is being derived in the background. Without its chain (rows do not
    // show it; ClusterDetails derives the whole status).
    const nestdeck::platform::ClusterStatus &statusAt(int row) const;
    // The sort order of two rows by a column, ties broken by key: what the
    // proxy sorts with. Typed values, no QVariant per comparison: sorting
    // 20,000 rows makes about 300,000 comparisons.
    bool lessThan(int column, int left, int right) const;
    // Whether a row matches the free-text filter (name, tenant; the health
    // word too for queries of 3+ characters).
    bool matches(int row, const QString &filter) const;
    // Statuses asked for and not derived yet (for tests and benchmarks).
    int pendingStatuses() const { return int(m_wanted.size() + m_inFlight); }
    // How often ages tick: while a cluster is under two minutes old, and
    // otherwise (tests shorten the second).
    void setAgeTickIntervals(int youngMs, int oldMs)
    {
        m_ageYoungMs = youngMs;
        m_ageOldMs = oldMs;
        m_ageTimer.start(std::min(youngMs, oldMs));
    }

signals:
    void sessionChanged();
    void countChanged();
    void loadingChanged();

private:
    void attach(nestdeck::platform::PlatformSession *session) override;
    struct Row {
        QString key, ns, name;
        mutable std::optional<nestdeck::platform::ClusterStatus> status;
        // The cluster changed since its status was derived: the row keeps
        // showing (and sorting by) that status until the new one is in.
        bool stale = false;
        quint64 epoch = 0; // bumped on every change: results for an older epoch are dropped
    };
    void deriveWanted() const;
    void want(const QString &key) const;
    void scheduleDerive() const;
    void announce(int first, int last, int lastColumn = ColumnCount - 1) const;
    void onApps(const QList<nestdeck::kube::Delta> &deltas);
    void insertStaged();
    void onTouched(const QSet<QString> &keys);
    void reindexFrom(int row);

    QList<Row> m_rows;
    QHash<QString, int> m_index;
    // New clusters wait here up to InsertIntervalMs after the last insert:
    // a sorted view moves its rows with every insert, and the table view then
    // lays out every visible cell again (text shaping and all: a fifth of the
    // GUI thread during a first sync of 20,000, one insert a turn). The first
    // rows and a lone new cluster still go in at once.
    static constexpr int InsertIntervalMs = 250;
    QList<Row> m_staged;
    QSet<QString> m_stagedKeys;
    QElapsedTimer m_lastInsert;
    QTimer m_insertTimer;
    // Ages move: the Age column is announced changed (display role only, so
    // the sorted proxy keeps its order unexamined) every second while a
    // cluster is under two minutes old (ages in seconds), else every 30 s.
    void tickAges();
    QTimer m_ageTimer;
    int m_ageYoungMs = 1000, m_ageOldMs = 30000;
    mutable QSet<QString> m_wanted; // keys whose status was asked for
    mutable bool m_deriveScheduled = false;
    mutable int m_inFlight = 0;
    quint64 m_epochs = 0;
};

// Filtering (free text over name, tenant and health; one tenant subtree) and
// sorting for the clusters table.
class ClusterFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString filterString READ filterString WRITE setFilterString NOTIFY filterChanged)
    Q_PROPERTY(QString tenantNamespace READ tenantNamespace WRITE setTenantNamespace NOTIFY filterChanged)
    // The tenant's own name ("alpha" for tenant-alpha, "root" for tenant-root).
    Q_PROPERTY(QString tenantName READ tenantName NOTIFY filterChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit ClusterFilterModel(QObject *parent = nullptr);
    QString filterString() const { return m_filter; }
    void setFilterString(const QString &s);
    QString tenantNamespace() const { return m_tenant; }
    void setTenantNamespace(const QString &ns);
    QString tenantName() const;
    int count() const { return rowCount(); }
    Q_INVOKABLE void sortBy(int column, bool ascending) { sort(column, ascending ? Qt::AscendingOrder : Qt::DescendingOrder); }
    Q_INVOKABLE QString keyAt(int row) const;
    void setSourceModel(QAbstractItemModel *model) override;

signals:
    void filterChanged();
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);

private:
    QString m_filter;
    QString m_tenant;
};
