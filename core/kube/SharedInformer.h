#pragma once

#include "core/kube/Reflector.h"
#include "core/kube/Store.h"

#include <QObject>

namespace nestdeck::kube {

class RestClient;

// One reflector and one cache per resource type, shared by many handlers
// (connect to changed()). The cache is updated before handlers run, and
// deltas are delivered in order, batched once per event-loop turn so an
// event storm costs one model update, not thousands; but never more than
// MaxBatch at a time, so the first list of 20,000 objects reaches the models in
// slices with input and painting in between, not in one long freeze.
// The informers of a thread share its time: each turn of the event loop
// delivers slices, theirs in turn, until TurnBudgetMs has passed (a dozen
// informers with a slice each would otherwise all run in the same turn).
// synced() follows the last slice of the first list.
class SharedInformer : public QObject {
    Q_OBJECT
public:
    SharedInformer(ListerWatcher *lw, ResourceRef resource, ReflectorOptions options = {}, QObject *parent = nullptr,
                   const IndexOptions &indexes = {});
    // Through the client's ListerWatcher.
    SharedInformer(RestClient *client, ResourceRef resource, ReflectorOptions options = {}, QObject *parent = nullptr,
                   const IndexOptions &indexes = {});

    void start() { m_reflector.start(); }
    void stop() { m_reflector.stop(); }
    bool hasSynced() const { return m_synced; }
    static constexpr qsizetype MaxBatch = 500;
    static constexpr int TurnBudgetMs = 10;
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
    static void runTurn(); // the thread's informers' slices for one turn
    static void postTurn();

    ResourceRef m_resource;
    Indexer m_store;
    void scheduleFlush();

    QList<Delta> m_pending;
    qsizetype m_pendingFrom = 0; // m_pending before this index went out already
    bool m_flushScheduled = false; // a slice is due
    bool m_queued = false;         // in this thread's queue of turns (at most once)
    bool m_syncPending = false; // the reflector synced; say so after the last slice of its list
    qsizetype m_beforeSync = 0;  // deltas still to go out before synced()
    bool m_synced = false;
    Reflector m_reflector;
};

} // namespace nestdeck::kube
