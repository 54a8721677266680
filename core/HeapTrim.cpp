#include "core/HeapTrim.h"

#include "core/Threading.h"

#include <QPointer>

#include <utility>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace nestdeck {

HeapTrim::HeapTrim(QObject *parent, int quietMs)
    : QObject(parent), m_quietMs(quietMs)
{
    m_timer.setSingleShot(true);
    m_pool.setMaxThreadCount(1);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (std::exchange(m_changes, 0) < MinChanges)
            return;
        QPointer<HeapTrim> self(this);
        QObject *home = resultsHome(this);
        m_pool.start([self, home] {
            const bool released = trimNow();
            QMetaObject::invokeMethod(home, [self, released] {
                if (self)
                    emit self->trimmed(released);
            }, Qt::QueuedConnection);
        });
    });
}

void HeapTrim::note(qsizetype changes)
{
    if (m_changes == 0)
        m_since.start();
    m_changes += changes;
    // A steady trickle of changes never leaves `quiet`: trim anyway once
    // enough has waited MaxDelayMs.
    if (m_changes >= MinChanges && m_since.elapsed() >= MaxDelayMs)
        m_timer.start(0);
    else
        m_timer.start(m_quietMs);
}

bool HeapTrim::trimNow()
{
#if defined(__GLIBC__)
    return malloc_trim(0) == 1;
#else
    return false;
#endif
}

} // namespace nestdeck
