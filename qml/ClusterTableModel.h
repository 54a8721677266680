#pragma once

#include "core/platform/PlatformSession.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QQmlEngine>
#include <QSortFilterProxyModel>

#include <optional>

// Every tenant Kubernetes cluster as a table row, live from the informers.
// Rows are inserted, removed and changed one by one (never a reset on an
// event). The derived status is computed when first asked for, on a worker
// thread (the objects are immutable and shared), cached until a delta touches
// the cluster's tree, and announced with dataChanged; until then the row says
// "…". So sorting 10,000 clusters by health never freezes the window.
// Columns are data (see columns()).
class ClusterTableModel : public QAbstractTableModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by AppController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)

public:
    enum Column { Name, Tenant, Health, Version, Nodes, ControlPlane, Addons, Age, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        KeyRole = Qt::UserRole + 1, // "namespace/name"
        NameRole,
        NamespaceRole,
        HealthRole,      // Health enum as int (for colours)
        HealthWordRole,  // "Provisioning (3/5 nodes)"
        ReasonRole,
        SortRole,        // value used for sorting this column
        DeletingRole,
    };
    Q_ENUM(Role)

    // A column as data: title, width hint and alignment (k9s-style headers).
    struct ColumnInfo {
        QString title;
        int width;
        Qt::Alignment align;
    };
    static const QList<ColumnInfo> &columns();

    explicit ClusterTableModel(QObject *parent = nullptr);
    void setSession(nestdeck::platform::PlatformSession *session);

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
    // it is being derived in the background.
    const nestdeck::platform::ClusterStatus &statusAt(int row) const;
    // Statuses asked for and not derived yet (for tests and benchmarks).
    int pendingStatuses() const { return int(m_wanted.size() + m_inFlight); }

signals:
    void countChanged();
    void loadingChanged();

private:
    struct Row {
        QString key, ns, name;
        mutable std::optional<nestdeck::platform::ClusterStatus> status;
        quint64 epoch = 0; // bumped on every change: results for an older epoch are dropped
    };
    void deriveWanted() const;
    void announce(int first, int last) const;
    void onApps(const QList<nestdeck::kube::Delta> &deltas);
    void onTouched(const QSet<QString> &keys);
    void reindexFrom(int row);

    nestdeck::platform::PlatformSession *m_session = nullptr;
    QList<Row> m_rows;
    QHash<QString, int> m_index;
    QList<QMetaObject::Connection> m_connections;
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
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit ClusterFilterModel(QObject *parent = nullptr);
    QString filterString() const { return m_filter; }
    void setFilterString(const QString &s);
    QString tenantNamespace() const { return m_tenant; }
    void setTenantNamespace(const QString &ns);
    int count() const { return rowCount(); }
    Q_INVOKABLE void sortBy(int column, bool ascending) { sort(column, ascending ? Qt::AscendingOrder : Qt::DescendingOrder); }
    Q_INVOKABLE QString keyAt(int row) const;

signals:
    void filterChanged();
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_filter;
    QString m_tenant;
};
