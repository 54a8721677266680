#include "core/kube/SharedInformer.h"

namespace nestdeck::kube {

SharedInformer::SharedInformer(RestClient *client, ResourceRef resource, ReflectorOptions options, QObject *parent,
                               const IndexOptions &indexes)
    : QObject(parent), m_resource(resource), m_store(indexes),
      m_reflector(client, resource, std::move(options), &m_store, [this](const QList<Delta> &d) { enqueue(d); }, this)
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
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QMetaObject::invokeMethod(this, &SharedInformer::flush, Qt::QueuedConnection);
    }
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
