#pragma once

#include "Components/SessionFollower.h"
#include "Components/UiTypes.h"
#include "core/kube/KubeObject.h"

#include <QAbstractListModel>
#include <QElapsedTimer>
#include <QQmlEngine>

// Tenants as a flattened tree (root → children → grandchildren), with an
// "All tenants" row first. Built from the tenant namespaces' labels when the
// user may list namespaces, otherwise from the Tenant apps they can see.
class TenantModel : public QAbstractListModel, public SessionFollower {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(nestdeck::platform::PlatformSession *session READ session WRITE followSession NOTIFY sessionChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    // The tenants' namespaces in tree order, without "All tenants": where a
    // create can go (its tenant picker).
    Q_PROPERTY(QStringList namespaces READ namespaces NOTIFY countChanged)

public:
    enum Role {
        NamespaceRole = Qt::UserRole + 1, // "" for All tenants
        NameRole,         // tenant name, e.g. "alpha"
        DepthRole,        // 0 for root
        ClusterCountRole, // clusters in this tenant and below
        OwnClustersRole,  // clusters in this tenant's own namespace
        QuotaRole,        // "clusters 2/20 · cpu 0/32 · memory 0/64Gi"
        HasChildrenRole,
    };
    Q_ENUM(Role)

    explicit TenantModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    Q_INVOKABLE int rowOfNamespace(const QString &ns) const;
    QStringList namespaces() const;
    Q_INVOKABLE QString namespaceAt(int row) const { return row >= 0 && row < m_rows.size() ? m_rows[row].ns : QString(); }

signals:
    void sessionChanged();
    void countChanged();

private:
    struct Row {
        QString ns, name;
        int depth = 0;
        int clusters = 0, own = 0;
        QString quota;
        bool hasChildren = false;
        bool operator==(const Row &o) const = default;
    };
    void attach(nestdeck::platform::PlatformSession *session) override;
    void rebuild();
    QList<Row> compute() const;

    QList<Row> m_rows;
    bool m_scheduled = false;
    struct QuotaLine {
        nestdeck::kube::ResourceVersion resourceVersion;
        QString text;
    };
    mutable QHash<QString, QuotaLine> m_quotaLines; // by quota key; compute()'s cache
    static constexpr int RebuildIntervalMs = 300;
    QElapsedTimer m_lastRebuild;
};
