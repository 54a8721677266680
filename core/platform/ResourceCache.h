#pragma once

#include "core/kube/SharedInformer.h"

#include <QMap>
#include <QObject>

namespace nestdeck::platform {

using namespace nestdeck::kube;

// One resource type watched over a scope: all namespaces with one informer,
// or (for users who may not list cluster-wide) one informer per namespace
// they can see. Lookups span every informer of the group.
class ResourceCache : public QObject {
    Q_OBJECT
public:
    enum class Access { Pending, Allowed, Forbidden, Failing };
    Q_ENUM(Access)

    // indexes: what the stores index besides the namespace; by default nothing
    // (byLabel() on a label not indexed scans every object). trim: fields the
    // cached objects leave out (null: kept whole).
    ResourceCache(RestClient *client, ResourceRef ref, QObject *parent = nullptr,
                  IndexOptions indexes = IndexOptions{false, {}, false}, kube::TrimPtr trim = {});

    const ResourceRef &resource() const { return m_ref; }
    void watchAllNamespaces();
    void watchNamespace(const QString &ns);
    bool clusterWide() const { return m_informers.contains(QString()); }

    ObjectPtr get(const QString &key) const;
    QList<ObjectPtr> byLabel(const QByteArray &labelKeyValue, const QString &ns = {}) const;
    QList<ObjectPtr> inNamespace(const QString &ns) const;
    QList<ObjectPtr> all() const;
    // Each cached object, on this thread, without copying a list of them.
    template <typename F> void forEach(F &&f) const
    {
        for (const auto *inf : m_informers)
            inf->store().forEach(f);
    }
    qsizetype size() const;
    bool hasSynced() const;
    Access access() const { return m_access; }
    // The server does not serve this resource (404 on the list: a platform
    // without that CRD) and nothing was listed yet.
    bool notServed() const;
    QString lastError() const { return m_lastError; }
    // Why one namespace's informer cannot watch (its latest error while it
    // backs off or after a 403 stopped it); "" while it is fine.
    QString errorIn(const QString &ns) const { return m_nsErrors.value(ns); }

signals:
    void changed(const QList<nestdeck::kube::Delta> &deltas);
    void accessChanged();
    void synced();
    // Cluster-wide listing is forbidden: the owner should switch to namespaces.
    void clusterWideForbidden();
    void namespaceErrorChanged(const QString &ns);

private:
    void add(const QString &ns);
    void setAccess(Access a, const QString &error = {});

    RestClient *m_client;
    ResourceRef m_ref;
    IndexOptions m_indexes;
    kube::TrimPtr m_trim;
    QMap<QString, SharedInformer *> m_informers; // "" = all namespaces
    Access m_access = Access::Pending;
    QString m_lastError;
    QMap<QString, QString> m_nsErrors;
};

} // namespace nestdeck::platform
