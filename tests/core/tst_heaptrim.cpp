#include "core/HeapTrim.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <thread>
#include <vector>

using nestdeck::HeapTrim;

namespace {
qint64 residentBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = f.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * 4096 : -1;
}
} // namespace

class TestHeapTrim : public QObject {
    Q_OBJECT
private slots:
    // What a first sync leaves: many small blocks freed, a few kept among
    // them, so no arena can shrink from its top. Without a trim the freed
    // pages stay resident; with it they go back.
    void trimGivesFreedMemoryBackFromEveryArena()
    {
#if !defined(__GLIBC__)
        QSKIP("malloc_trim is glibc's");
#endif
        qint64 before = 0, after = 0;
        bool released = false;
        // On a thread of its own: its blocks come from a per-thread arena,
        // as the decoding threads' do.
        std::thread worker([&] {
            std::vector<std::unique_ptr<char[]>> blocks;
            for (int i = 0; i < 40000; ++i) {
                blocks.emplace_back(new char[2000]);
                std::fill_n(blocks.back().get(), 2000, char(i)); // resident, not only reserved
            }
            for (size_t i = 0; i < blocks.size(); ++i)
                if (i % 100 != 0)
                    blocks[i].reset();
            before = residentBytes();
            released = HeapTrim::trimNow();
            after = residentBytes();
        });
        worker.join();
        QVERIFY(released);
        QVERIFY2(before - after > 30 * 1024 * 1024, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
    }

    // Small batches add up; the trim waits for them to stop and runs once.
    void burstsAddUpAndTrimOnceWhenQuiet()
    {
        HeapTrim t(nullptr, 20);
        QSignalSpy spy(&t, &HeapTrim::trimmed);
        for (int i = 0; i < 4; ++i)
            t.note(HeapTrim::MinChanges / 4);
        QTRY_COMPARE(spy.count(), 1);
        // Nothing noted since: nothing more happens (the spy would see it
        // by the time a second quiet period and trim had passed).
        HeapTrim probe(nullptr, 40);
        QSignalSpy probeSpy(&probe, &HeapTrim::trimmed);
        probe.note(HeapTrim::MinChanges);
        QTRY_COMPARE(probeSpy.count(), 1);
        QCOMPARE(spy.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestHeapTrim)
#include "tst_heaptrim.moc"
