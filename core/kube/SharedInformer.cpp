#include "core/kube/SharedInformer.h"

namespace nestdeck::kube {

SharedInformer::SharedInformer(RestClient *client, ResourceRef resource, ReflectorOptions options, QObject *parent)
    : QObject(parent), m_resource(resource),
      m_reflector(client, resource, std::move(options), &m_store, [this](const QList<Delta> &d) { enqueue(d); }, this)
{
    connect(&m_reflector, &Reflector::stateChanged, this, &SharedInformer::stateChanged);
    // synced() follows the deltas of the first list, so handlers see the data first.
    connect(&m_reflector, &Reflector::synced, this, [this] {
        flush();
        emit synced();
    });
}

void SharedInformer::enqueue(const QList<Delta> &deltas)
{
    m_pending += deltas;
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QMetaObject::invokeMethod(this, &SharedInformer::flush, Qt::QueuedConnection);
    }
}

void SharedInformer::flush()
{
    m_flushScheduled = false;
    if (m_pending.isEmpty())
        return;
    const QList<Delta> batch = std::move(m_pending);
    m_pending.clear();
    emit changed(batch);
}

} // namespace nestdeck::kube
