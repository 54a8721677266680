#include "core/kube/SharedInformer.h"

#include "core/kube/RestClient.h"

#include <QAbstractEventDispatcher>
#include <QElapsedTimer>
#include <QPointer>

namespace nestdeck::kube {

namespace {
// The informers of this thread with slices to deliver, in the order they
// asked; one posted turn at a time.
struct Turns {
    QList<QPointer<SharedInformer>> waiting;
    bool posted = false;
    bool running = false;
};
thread_local Turns t_turns;

// Owner UIDs are decoded for the owner index only: without one, the decoder
// leaves them out (a Trim that says so, the given one's copy if any).
ReflectorOptions withoutUnindexedOwners(ReflectorOptions options, const IndexOptions &indexes)
{
    if (!indexes.owners && (!options.trim || options.trim->ownerUids)) {
        Trim t = options.trim ? *options.trim : Trim{};
        t.ownerUids = false;
        options.trim = std::make_shared<const Trim>(std::move(t));
    }
    return options;
}
} // namespace

void SharedInformer::postTurn()
{
    // Posted, it runs after what the event loop has waiting (input, timers, painting).
    t_turns.posted = true;
    QMetaObject::invokeMethod(QAbstractEventDispatcher::instance(), &SharedInformer::runTurn, Qt::QueuedConnection);
}

SharedInformer::SharedInformer(RestClient *client, ResourceRef resource, ReflectorOptions options, QObject *parent,
                               const IndexOptions &indexes)
    : SharedInformer(client->listerWatcher(), std::move(resource), std::move(options), parent, indexes)
{
}

SharedInformer::SharedInformer(ListerWatcher *lw, ResourceRef resource, ReflectorOptions options, QObject *parent,
                               const IndexOptions &indexes)
    : QObject(parent), m_resource(resource), m_store(indexes),
      m_reflector(lw, resource, withoutUnindexedOwners(std::move(options), indexes), &m_store,
                  [this](const QList<Delta> &d) { enqueue(d); }, this)
{
    connect(&m_reflector, &Reflector::stateChanged, this, &SharedInformer::stateChanged);
    // synced() follows the deltas of the first list, so handlers see the data first.
    connect(&m_reflector, &Reflector::synced, this, [this] {
        // Synced once the deltas queued so far are out, whatever comes after.
        m_syncPending = true;
        m_beforeSync = m_pending.size() - m_pendingFrom;
        flush();
    });
}

void SharedInformer::enqueue(const QList<Delta> &deltas)
{
    m_pending += deltas;
    scheduleFlush();
}

void SharedInformer::scheduleFlush()
{
    m_flushScheduled = true;
    if (m_queued)
        return;
    m_queued = true;
    Turns &turns = t_turns;
    turns.waiting << QPointer<SharedInformer>(this);
    if (!turns.posted && !turns.running)
        postTurn();
}

void SharedInformer::runTurn()
{
    Turns &turns = t_turns;
    turns.posted = false;
    turns.running = true;
    QElapsedTimer spent;
    spent.start();
    // At least one slice a turn, however long it takes; then more while the
    // budget lasts. A slice with more to come queues its informer again at
    // the back, so one big list does not starve the others.
    for (bool first = true; !turns.waiting.isEmpty() && (first || spent.elapsed() < TurnBudgetMs); first = false) {
        const QPointer<SharedInformer> inf = turns.waiting.takeFirst();
        if (!inf)
            continue;
        inf->m_queued = false;
        if (inf->m_flushScheduled)
            inf->flush(); // (not scheduled: flushed directly since, see synced)
    }
    turns.running = false;
    if (!turns.waiting.isEmpty())
        postTurn(); // the rest next turn
}

void SharedInformer::flush()
{
    m_flushScheduled = false;
    const qsizetype left = m_pending.size() - m_pendingFrom;
    if (left > 0) {
        QList<Delta> batch;
        if (m_pendingFrom == 0 && left <= MaxBatch) {
            batch = std::move(m_pending);
            m_pending.clear();
        } else {
            batch = m_pending.mid(m_pendingFrom, MaxBatch);
            m_pendingFrom += batch.size();
            if (m_pendingFrom == m_pending.size()) {
                m_pending.clear();
                m_pendingFrom = 0;
            }
        }
        m_beforeSync -= batch.size();
        emit changed(batch);
    }
    if (m_syncPending && m_beforeSync <= 0) {
        m_syncPending = false;
        m_synced = true;
        emit synced();
    }
    if (m_pending.size() > m_pendingFrom)
        scheduleFlush(); // the next slice, after whatever else waits in the event loop
}

} // namespace nestdeck::kube
