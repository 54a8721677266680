#pragma once

#include <QAbstractEventDispatcher>
#include <QObject>

#if defined(Q_OS_LINUX)
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace nestdeck {

// Where a worker posts results meant for `owner`: the event dispatcher of
// owner's thread, taken on that thread before the worker starts. Posting to
// the owner itself (QMetaObject::invokeMethod(self.data(), ...)) from a worker
// races its deletion between the QPointer check and the post; the dispatcher
// lives as long as the thread. The posted functor checks its QPointer there.
inline QObject *resultsHome(const QObject *owner)
{
    QObject *home = QAbstractEventDispatcher::instance(owner->thread());
    Q_ASSERT(home); // owners of background work live on threads with an event loop
    return home;
}

// Marks the calling thread as background work (decoding, deriving, trimming):
// a few nice levels below the GUI thread, once per thread. On a loaded
// machine (2 cores, and the sandbox's API server on them) the GUI thread
// otherwise waits its turn behind its own workers. Linux nice values are per
// thread and cannot be raised again: a global pool thread stays lowered, as
// befits everything run there. Elsewhere a no-op.
inline void backgroundThread()
{
#if defined(Q_OS_LINUX)
    thread_local bool done = false;
    if (!done) {
        done = true;
        setpriority(PRIO_PROCESS, id_t(gettid()), 5);
    }
#endif
}

} // namespace nestdeck
