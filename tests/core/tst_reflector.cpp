#include "FakeListerWatcher.h"

#include "core/kube/Reflector.h"

#include <QElapsedTimer>
#include <QTest>

#include <memory>

using namespace nestdeck::kube;

Q_DECLARE_METATYPE(FakeListerWatcher::Gone)

namespace {
const ResourceRef ConfigMaps{QString(), QStringLiteral("v1"), QStringLiteral("configmaps"), true, QStringLiteral("ConfigMap")};

QString describe(const ObjectPtr &o) { return o->key() + QLatin1Char('@') + QString::fromUtf8(o->resourceVersion.toByteArray()); }

// A reflector on the fake, its store and the deltas it sank, as "A|U|D key@rv".
struct Harness {
    Indexer store;
    QStringList deltas;
    std::unique_ptr<Reflector> reflector;

    Harness(FakeListerWatcher *fake, bool watchList, const ResourceRef &resource = ConfigMaps, int pageSize = 500)
    {
        ReflectorOptions o;
        o.useWatchList = watchList;
        o.pageSize = pageSize;
        reflector = std::make_unique<Reflector>(fake, resource, o, &store, [this](const QList<Delta> &ds) {
            for (const Delta &d : ds)
                deltas << QString::fromLatin1(&"AUD"[d.type], 1) + QLatin1Char(' ') + describe(d.object);
        });
        reflector->start();
    }
    QStringList state() const
    {
        QStringList out;
        store.forEach([&](const KubeObject &o) { out << o.key() + QLatin1Char('@') + QString::fromUtf8(o.resourceVersion.toByteArray()); });
        out.sort();
        return out;
    }
    bool synced() const { return reflector->hasSynced(); }
    // Synced, and its one watch on the fake live.
    bool watching(const FakeListerWatcher &fake) const
    {
        return QTest::qWaitFor([&] { return synced() && fake.openWatches() == 1 && fake.liveWatches() == 1; });
    }
};

QString at(const QString &name, const QByteArray &rv) { return QStringLiteral("default/%1@%2").arg(name, QString::fromUtf8(rv)); }

// Another API group/version on the same server (the fake serves its objects for any).
const ResourceRef Apps{QStringLiteral("apps.cozystack.io"), QStringLiteral("v1alpha1"), QStringLiteral("kuberneteses"), true, QString()};
} // namespace

class TestReflector : public QObject {
    Q_OBJECT
private slots:
    // The server ends a watch (timeoutSeconds, a restart): the next one
    // starts from the last event's resourceVersion, and nothing is listed again.
    void droppedWatchResumesWithoutRelist()
    {
        FakeListerWatcher fake;
        fake.add(QStringLiteral("a"));
        const QByteArray b = fake.add(QStringLiteral("b"));
        Harness h(&fake, false);
        QVERIFY(h.watching(fake));
        const QByteArray d = fake.add(QStringLiteral("d"));
        const QByteArray a = fake.modify(QStringLiteral("a"));
        QTRY_COMPARE(h.state(), fake.state());
        fake.dropWatches();
        QTRY_COMPARE(fake.openWatches(), 1);
        QCOMPARE(fake.calls.last().resourceVersion, a);
        fake.remove(QStringLiteral("b"));
        QTRY_COMPARE(h.state(), fake.state());
        QCOMPARE(fake.lists(), 1);
        QCOMPARE(h.reflector->lists(), 1);
        QCOMPARE(h.reflector->state(), Reflector::State::Watching);
        QCOMPARE(h.deltas.mid(2), (QStringList{QStringLiteral("A ") + at(QStringLiteral("d"), d), QStringLiteral("U ") + at(QStringLiteral("a"), a),
                                               QStringLiteral("D ") + at(QStringLiteral("b"), b)})); // as last seen
    }

    // 410 Gone after changes the reflector never heard of, to the watch from
    // its old version (as an HTTP status or as an ERROR event in the stream)
    // or on the open watch: it lists again (LIST, or the streaming list) and
    // the store ends as the server's, with a tombstone for what vanished.
    void goneRelistsWithTombstones_data()
    {
        QTest::addColumn<FakeListerWatcher::Gone>("goneAs");
        QTest::addColumn<bool>("onOpenWatch");
        QTest::addColumn<bool>("watchList");
        const auto http = FakeListerWatcher::Gone::HttpStatus, event = FakeListerWatcher::Gone::ErrorEvent;
        QTest::newRow("HTTP 410, LIST") << http << false << false;
        QTest::newRow("ERROR event, LIST") << event << false << false;
        QTest::newRow("ERROR on the open watch, LIST") << event << true << false;
        QTest::newRow("HTTP 410, streaming list") << http << false << true;
        QTest::newRow("ERROR event, streaming list") << event << false << true;
        QTest::newRow("ERROR on the open watch, streaming list") << event << true << true;
    }
    void goneRelistsWithTombstones()
    {
        QFETCH(FakeListerWatcher::Gone, goneAs);
        QFETCH(bool, onOpenWatch);
        QFETCH(bool, watchList);
        FakeListerWatcher fake;
        fake.goneAs = goneAs;
        fake.add(QStringLiteral("a"));
        const QByteArray b = fake.add(QStringLiteral("b"));
        fake.add(QStringLiteral("c"));
        Harness h(&fake, watchList);
        QTRY_VERIFY(h.synced());
        fake.modify(QStringLiteral("a")); // the watch works
        QTRY_COMPARE(h.state(), fake.state());
        const qsizetype callsBefore = fake.calls.size();
        fake.deliver = false; // disconnected, and the history compacted meanwhile
        fake.remove(QStringLiteral("b"));
        const QByteArray c = fake.modify(QStringLiteral("c"));
        const QByteArray e = fake.add(QStringLiteral("e"));
        fake.compact();
        fake.deliver = true;
        h.deltas.clear();
        if (onOpenWatch)
            fake.sendGone();
        else
            fake.dropWatches();
        QTRY_COMPARE(h.state(), fake.state());
        QCOMPARE(h.deltas, (QStringList{QStringLiteral("D ") + at(QStringLiteral("b"), b), QStringLiteral("U ") + at(QStringLiteral("c"), c),
                                        QStringLiteral("A ") + at(QStringLiteral("e"), e)}));
        QCOMPARE(h.reflector->lists(), 2);
        // After the watch from the old version, if any: a fresh list, then watching from there.
        const auto calls = fake.calls.mid(callsBefore + (onOpenWatch ? 0 : 1));
        QVERIFY(!calls.isEmpty());
        QCOMPARE(calls[0].list || calls[0].sendInitialEvents, true);
        QTRY_COMPARE(h.reflector->state(), Reflector::State::Watching);
    }

    // A BOOKMARK moves the resourceVersion on and changes nothing else.
    void bookmarksOnlyAdvanceTheResourceVersion()
    {
        FakeListerWatcher fake;
        fake.add(QStringLiteral("a"));
        fake.add(QStringLiteral("b"));
        Harness h(&fake, false);
        QVERIFY(h.watching(fake));
        fake.modify(QStringLiteral("a"));
        QTRY_COMPARE(h.state(), fake.state());
        const QStringList deltas = h.deltas;
        const QStringList state = h.state();
        fake.advance();
        const QByteArray rv = fake.advance();
        fake.sendBookmark();
        fake.dropWatches();
        QTRY_COMPARE(fake.openWatches(), 1);
        QCOMPARE(fake.calls.last().resourceVersion, rv);
        QCOMPARE(h.deltas, deltas);
        QCOMPARE(h.state(), state);
        QCOMPARE(fake.lists(), 1);
    }

    // The streaming initial list: objects come in key order, not in the order
    // of their versions; the bookmark that ends them names the version to
    // watch from. No LIST at all.
    void streamingInitialListSyncs()
    {
        FakeListerWatcher fake;
        const QByteArray b = fake.add(QStringLiteral("b"));
        const QByteArray a = fake.add(QStringLiteral("a"));
        const QByteArray c = fake.add(QStringLiteral("c"));
        const QByteArray rv = fake.advance();
        Harness h(&fake, true);
        QTRY_VERIFY(h.synced());
        QCOMPARE(h.state(), fake.state());
        QVERIFY(h.reflector->usedWatchList());
        QCOMPARE(fake.lists(), 0);
        QCOMPARE(fake.watches(true), 1);
        QCOMPARE(h.deltas, (QStringList{QStringLiteral("A ") + at(QStringLiteral("a"), a), QStringLiteral("A ") + at(QStringLiteral("b"), b),
                                        QStringLiteral("A ") + at(QStringLiteral("c"), c)}));
        fake.dropWatches();
        QTRY_COMPARE(fake.openWatches(), 1);
        QCOMPARE(fake.calls.last().sendInitialEvents, false);
        QCOMPARE(fake.calls.last().resourceVersion, rv);
        fake.add(QStringLiteral("d"));
        QTRY_COMPARE(h.state(), fake.state());
    }

    // LIST in pages (limit/continue) from one snapshot; what changed while
    // the pages came arrives by the watch from the list's version.
    void pagedListSyncs()
    {
        FakeListerWatcher fake;
        for (const char *n : {"a", "b", "c", "d", "e"})
            fake.add(QLatin1String(n));
        const QByteArray listed = fake.resourceVersion();
        Harness h(&fake, false, ConfigMaps, 2);
        fake.add(QStringLiteral("f")); // after the first page was asked for
        QTRY_VERIFY(h.synced());
        QTRY_COMPARE(h.state(), fake.state());
        QCOMPARE(h.reflector->pages(), 3);
        QCOMPARE(fake.calls.size(), 4);
        QCOMPARE(fake.calls[0].continueToken, QString());
        QCOMPARE(fake.calls[0].limit, 2);
        QVERIFY(!fake.calls[1].continueToken.isEmpty());
        QVERIFY(!fake.calls[2].continueToken.isEmpty());
        QVERIFY(fake.calls[1].continueToken != fake.calls[2].continueToken);
        QCOMPARE(fake.calls[3].list, false);
        QCOMPARE(fake.calls[3].resourceVersion, listed);
    }

    // Events delivered out of the order of their versions: each is applied,
    // the next watch starts from the last one received, and what the server
    // sends again from there makes no second delta.
    void eventsOutOfOrderConverge()
    {
        FakeListerWatcher fake;
        fake.add(QStringLiteral("a"));
        fake.add(QStringLiteral("b"));
        Harness h(&fake, false);
        QVERIFY(h.watching(fake));
        fake.hold();
        const QByteArray d = fake.add(QStringLiteral("d"));
        const QByteArray e = fake.add(QStringLiteral("e"));
        const QByteArray b = fake.modify(QStringLiteral("b"));
        fake.release({2, 0, 1});
        QTRY_COMPARE(h.state(), fake.state());
        fake.dropWatches();
        QTRY_COMPARE(fake.openWatches(), 1);
        QCOMPARE(fake.calls.last().resourceVersion, e);
        const QByteArray f = fake.add(QStringLiteral("f")); // after the replayed b@b
        QTRY_COMPARE(h.state(), fake.state());
        QCOMPARE(h.deltas, (QStringList{QStringLiteral("A default/a@101"), QStringLiteral("A default/b@102"),
                                        QStringLiteral("U ") + at(QStringLiteral("b"), b), QStringLiteral("A ") + at(QStringLiteral("d"), d),
                                        QStringLiteral("A ") + at(QStringLiteral("e"), e), QStringLiteral("A ") + at(QStringLiteral("f"), f)}));
        QCOMPARE(fake.lists(), 1);
    }

    // An aggregated API server on older libraries ignores sendInitialEvents:
    // a plain watch from now (every object ADDED, then live events) and never
    // the bookmark. The objects show as they come; after 1.5 s of quiet the
    // reflector lists, the list corrects the store (a tombstone for what the
    // stream never said was deleted), and the server is remembered.
    void oldServerIgnoringWatchList()
    {
        FakeListerWatcher fake;
        fake.watchList = FakeListerWatcher::WatchList::Ignores;
        const QByteArray a = fake.add(QStringLiteral("a"));
        const QByteArray b = fake.add(QStringLiteral("b"));
        const QByteArray c = fake.add(QStringLiteral("c"));
        QElapsedTimer t;
        t.start();
        Harness h(&fake, true);
        QTRY_COMPARE(h.store.size(), 3);
        QVERIFY(!h.synced());
        fake.deliver = false;
        const QByteArray listed = fake.remove(QStringLiteral("b"));
        fake.deliver = true;
        QTRY_VERIFY_WITH_TIMEOUT(h.synced(), 5000);
        QVERIFY2(t.elapsed() >= 1400 && t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(h.state(), fake.state());
        QCOMPARE(h.deltas, (QStringList{QStringLiteral("A ") + at(QStringLiteral("a"), a), QStringLiteral("A ") + at(QStringLiteral("b"), b),
                                        QStringLiteral("A ") + at(QStringLiteral("c"), c), QStringLiteral("D ") + at(QStringLiteral("b"), b)}));
        QVERIFY(!h.reflector->usedWatchList());
        QTRY_COMPARE(h.reflector->state(), Reflector::State::Watching);
        QCOMPARE(fake.watches(true), 1);
        QCOMPARE(fake.lists(), 1);
        QCOMPARE(fake.calls.last().list, false);
        QCOMPARE(fake.calls.last().resourceVersion, listed);
        QTRY_VERIFY_WITH_TIMEOUT(fake.watchListUnsupported(QStringLiteral("v1")), 8000);
        QCOMPARE(fake.openWatches(), 1); // the abandoned stream is closed
        fake.add(QStringLiteral("d"));
        QTRY_COMPARE(h.state(), fake.state());
    }

    // The same server with nothing in the collection sends nothing at all.
    void oldServerEmptyCollection()
    {
        FakeListerWatcher fake;
        fake.watchList = FakeListerWatcher::WatchList::Ignores;
        QElapsedTimer t;
        t.start();
        Harness h(&fake, true);
        QTRY_VERIFY_WITH_TIMEOUT(h.synced(), 5000);
        QVERIFY2(t.elapsed() >= 1400 && t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(h.store.size(), 0);
        QCOMPARE(fake.lists(), 1);
        QTRY_COMPARE(h.reflector->state(), Reflector::State::Watching);
        fake.add(QStringLiteral("a"));
        QTRY_COMPARE(h.state(), fake.state());
    }

    // A modern server streaming slowly (an event every 200 ms, 2.2 s in all,
    // then the bookmark) is never quiet for long: it is not cut off.
    void slowModernServerIsNotCutOff()
    {
        FakeListerWatcher fake;
        fake.initialEventIntervalMs = 200;
        for (const char *n : {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"})
            fake.add(QLatin1String(n));
        QElapsedTimer t;
        t.start();
        Harness h(&fake, true);
        QTRY_VERIFY_WITH_TIMEOUT(h.synced(), 5000);
        QVERIFY2(t.elapsed() >= 2200, qPrintable(QString::number(t.elapsed())));
        QVERIFY(h.reflector->usedWatchList());
        QCOMPARE(h.state(), fake.state());
        QCOMPARE(fake.lists(), 0);
        QCOMPARE(fake.watches(true), 1);
        QCOMPARE(fake.openWatches(), 1);
        QVERIFY(!fake.watchListUnsupported(QStringLiteral("v1")));
    }

    // The API server's watch cache sends the initial-events-end bookmark on
    // its bookmark tick, up to 1.25 s after the watch began: a small list is
    // followed by that much quiet, and is waited for.
    void bookmarkOnTheWatchCacheTickIsWaitedFor()
    {
        FakeListerWatcher fake;
        fake.bookmarkDelayMs = 1250;
        fake.add(QStringLiteral("a"));
        Harness h(&fake, true);
        QTRY_VERIFY_WITH_TIMEOUT(h.synced(), 5000);
        QVERIFY(h.reflector->usedWatchList());
        QCOMPARE(fake.lists(), 0);
        QCOMPARE(h.state(), fake.state());
    }

    // A modern server whose bookmark is later still (a loaded machine) looks
    // like one that ignores sendInitialEvents: this reflector lists, but the
    // bookmark arriving on the stream kept open keeps the server from being
    // remembered as one.
    void lateBookmarkIsNotRemembered()
    {
        FakeListerWatcher fake;
        fake.bookmarkDelayMs = 2000;
        fake.add(QStringLiteral("a"));
        fake.add(QStringLiteral("b"));
        Harness h(&fake, true);
        QTRY_VERIFY_WITH_TIMEOUT(h.synced(), 5000);
        QCOMPARE(h.state(), fake.state());
        QCOMPARE(fake.lists(), 1);
        QCOMPARE(fake.openWatches(), 2); // the watch from the list, and the stream kept open
        QTRY_COMPARE_WITH_TIMEOUT(fake.openWatches(), 1, 8000);
        QVERIFY(!fake.watchListUnsupported(QStringLiteral("v1")));
        fake.bookmarkDelayMs = 0;
        Harness next(&fake, true);
        QCOMPARE(fake.watches(true), 2);
        QTRY_VERIFY(next.synced());
        QVERIFY(next.reflector->usedWatchList());
    }

    // Once a group/version is known to ignore sendInitialEvents, the next
    // reflector on it lists at once; another group/version still tries.
    void ignoringServerIsRemembered()
    {
        FakeListerWatcher fake;
        fake.watchList = FakeListerWatcher::WatchList::Ignores;
        fake.add(QStringLiteral("a"));
        Harness first(&fake, true);
        QTRY_VERIFY_WITH_TIMEOUT(first.synced(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(fake.watchListUnsupported(QStringLiteral("v1")), 8000);
        QElapsedTimer t;
        t.start();
        Harness second(&fake, true);
        QCOMPARE(fake.watches(true), 1);
        QCOMPARE(fake.calls.last().list, true);
        QTRY_VERIFY(second.synced());
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(second.state(), fake.state());
        Harness other(&fake, true, Apps);
        QCOMPARE(fake.watches(true), 2);
        QCOMPARE(fake.calls.last().sendInitialEvents, true);
        other.reflector->stop();
    }

    // A server without the WatchList feature refuses sendInitialEvents (422):
    // LIST at once, and remembered.
    void refusedWatchListFallsBackAtOnce()
    {
        FakeListerWatcher fake;
        fake.watchList = FakeListerWatcher::WatchList::Refuses;
        fake.add(QStringLiteral("a"));
        QElapsedTimer t;
        t.start();
        Harness h(&fake, true);
        QTRY_VERIFY(h.synced());
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(h.state(), fake.state());
        QCOMPARE(fake.watches(true), 1);
        QCOMPARE(fake.lists(), 1);
        QVERIFY(fake.watchListUnsupported(QStringLiteral("v1")));
        Harness second(&fake, true);
        QCOMPARE(fake.watches(true), 1);
        QTRY_VERIFY(second.synced());
    }
};

QTEST_GUILESS_MAIN(TestReflector)
#include "tst_reflector.moc"
