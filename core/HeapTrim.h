#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

namespace nestdeck {

// Gives freed heap back to the system after bursts of work. A first sync or a
// storm of watch events frees tens of MB of transients (pages, decode
// buffers, the objects replaced) all over glibc's per-thread arenas, which
// keep it resident: at 2,000 clusters the process held twice its live heap.
// note() the objects each change touched; once nothing was noted for `quiet`
// and at least MinChanges were, the trim runs on a pool thread (it walks
// every arena: not the GUI thread's work). A storm trickles in as many
// small batches: they add up; a steady trickle trims every MaxDelayMs.
// A no-op where the C library has no malloc_trim.
class HeapTrim : public QObject {
    Q_OBJECT
public:
    explicit HeapTrim(QObject *parent = nullptr, int quietMs = 2000);
    void note(qsizetype changes);
    static constexpr qsizetype MinChanges = 256;
    static constexpr qint64 MaxDelayMs = 30000;
    // Trims now, on the calling thread; returns whether memory was released.
    static bool trimNow();

signals:
    // After a trim that note() scheduled, on this object's thread.
    void trimmed(bool released);

private:
    int m_quietMs;
    // A thread of its own, never lowered (backgroundThread()): the trim holds
    // each arena's lock, the GUI thread's too, while it walks it.
    QThreadPool m_pool;
    QTimer m_timer;
    qsizetype m_changes = 0;
    QElapsedTimer m_since; // since the first change noted after the last trim
};

} // namespace nestdeck
