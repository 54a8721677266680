#pragma once

#include <QAbstractEventDispatcher>
#include <QObject>

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

} // namespace nestdeck
