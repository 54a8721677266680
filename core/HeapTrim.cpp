#include "core/HeapTrim.h"

#include "core/Threading.h"

#include <QPointer>

#include <QThreadPool>

#include <utility>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace nestdeck {

HeapTrim::HeapTrim(QObject *parent, int quietMs)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(quietMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (std::exchange(m_changes, 0) < MinChanges)
            return;
        QPointer<HeapTrim> self(this);
        QObject *home = resultsHome(this);
        QThreadPool::globalInstance()->start([self, home] {
            backgroundThread();
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
    m_changes += changes;
    m_timer.start();
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
