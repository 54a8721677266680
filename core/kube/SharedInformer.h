#pragma once

#include "core/kube/Reflector.h"
#include "core/kube/Store.h"

#include <QObject>

namespace nestdeck::kube {

class RestClient;

// One reflector and one cache per resource type, shared by many handlers
// (connect to changed()). The cache is updated before handlers run, and
// deltas are delivered in order, batched once per event-loop turn so an
// event storm costs one model update, not thousands.
class SharedInformer : public QObject {
    Q_OBJECT
public:
    SharedInformer(RestClient *client, ResourceRef resource, ReflectorOptions options = {}, QObject *parent = nullptr);

    void start() { m_reflector.start(); }
    void stop() { m_reflector.stop(); }
    bool hasSynced() const { return m_reflector.hasSynced(); }
    const Indexer &store() const { return m_store; }
    Indexer &store() { return m_store; }
    const ResourceRef &resource() const { return m_resource; }
    Reflector &reflector() { return m_reflector; }

signals:
    void changed(const QList<nestdeck::kube::Delta> &deltas);
    void synced();
    void stateChanged(nestdeck::kube::Reflector::State state, const QString &reason);

private:
    void enqueue(const QList<Delta> &deltas);
    void flush();

    ResourceRef m_resource;
    Indexer m_store;
    QList<Delta> m_pending;
    bool m_flushScheduled = false;
    Reflector m_reflector;
};

} // namespace nestdeck::kube
