#include "core/kube/Store.h"

#include <QTest>

#include <thread>

using namespace nestdeck::kube;

namespace {
ObjectPtr obj(const QString &ns, const QString &name, const QByteArray &rv, QList<QPair<QByteArray, QByteArray>> labels = {},
              QList<QByteArray> owners = {})
{
    auto o = std::make_shared<KubeObject>();
    o->ns = ns;
    o->name = name;
    o->resourceVersion = rv;
    o->uid = (ns + name).toUtf8();
    o->labels = std::move(labels);
    o->ownerUids = std::move(owners);
    o->setJson("{}");
    return o;
}
QStringList keysOf(QList<ObjectPtr> l)
{
    QStringList out;
    for (const auto &o : l)
        out << o->key();
    out.sort();
    return out;
}
} // namespace

class TestStore : public QObject {
    Q_OBJECT
private slots:
    void upsertUpdateDelete()
    {
        Indexer s;
        QCOMPARE(s.upsert(obj("a", "x", "1"))->type, Delta::Added);
        QVERIFY(!s.upsert(obj("a", "x", "1"))); // same version: no duplicate delta
        auto d = s.upsert(obj("a", "x", "2"));
        QCOMPARE(d->type, Delta::Updated);
        QCOMPARE(d->old->resourceVersion.toByteArray(), QByteArray("1"));
        QCOMPARE(s.remove(QStringLiteral("a/x"))->type, Delta::Deleted);
        QVERIFY(!s.remove(QStringLiteral("a/x")));
        QCOMPARE(s.size(), 0);
    }

    void indexesFollowChanges()
    {
        Indexer s;
        s.upsert(obj("a", "x", "1", {{"team", "red"}}, {"owner-1"}));
        s.upsert(obj("b", "y", "1", {{"team", "red"}}));
        s.upsert(obj("b", "z", "1", {{"team", "blue"}}, {"owner-1"}));
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("namespace"), "b")), (QStringList{"b/y", "b/z"}));
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("label"), "team=red")), (QStringList{"a/x", "b/y"}));
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("owner"), "owner-1")), (QStringList{"a/x", "b/z"}));
        s.upsert(obj("b", "y", "2", {{"team", "blue"}}));
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("label"), "team=red")), (QStringList{"a/x"}));
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("label"), "team=blue")), (QStringList{"b/y", "b/z"}));
        s.remove(QStringLiteral("a/x"));
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("owner"), "owner-1")), (QStringList{"b/z"}));
        s.addIndex(QStringLiteral("name"), [](const KubeObject &o) { return QList<QByteArray>{o.name.toUtf8()}; });
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("name"), "z")), (QStringList{"b/z"}));
    }

    void replaceReportsTombstonesFirst()
    {
        Indexer s;
        s.upsert(obj("a", "keep", "1"));
        s.upsert(obj("a", "change", "1"));
        s.upsert(obj("a", "gone", "1"));
        const auto deltas = s.replace({obj("a", "keep", "1"), obj("a", "change", "2"), obj("a", "new", "1")});
        QCOMPARE(deltas.size(), 3);
        QCOMPARE(deltas[0].type, Delta::Deleted);
        QCOMPARE(deltas[0].object->name, QStringLiteral("gone"));
        QCOMPARE(deltas[1].type, Delta::Updated);
        QCOMPARE(deltas[2].type, Delta::Added);
        QCOMPARE(keysOf(s.list()), (QStringList{"a/change", "a/keep", "a/new"}));
        QCOMPARE(s.byIndex(QStringLiteral("namespace"), "a").size(), 3);
    }

    void replaceOnASnapshotOffTheStoresThread()
    {
        // What the reflector does: a copy goes to a worker, which replaces the
        // contents there; the store keeps answering with the old contents
        // until it adopts the new ones, indexes included.
        Indexer s;
        s.upsert(obj("a", "old", "1", {{"app", "x"}}));
        Indexer::State copy = s.snapshot();
        QList<Delta> deltas;
        std::thread worker([&] { deltas = copy.replace({obj("a", "new", "1", {{"app", "x"}})}); });
        worker.join();
        QCOMPARE(deltas.size(), 2);
        QCOMPARE(keysOf(s.list()), (QStringList{"a/old"}));
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("label"), "app=x")), (QStringList{"a/old"}));
        s.adopt(copy);
        QCOMPARE(keysOf(s.list()), (QStringList{"a/new"}));
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("label"), "app=x")), (QStringList{"a/new"}));
        QCOMPARE(copy.items.size(), 1); // the old contents, for the caller to free
        QVERIFY(copy.contains(Indexer::Key::borrowed(QStringLiteral("a/old"))));
    }

    void indexesOnlyWhatIsAskedFor()
    {
        Indexer s(IndexOptions{true, {"cluster"}, false});
        s.upsert(obj("a", "m", "1", {{"cluster", "c1"}, {"zone", "z1"}}, {"owner-1"}));
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("label"), "cluster=c1")), (QStringList{"a/m"}));
        QVERIFY(s.byIndex(QStringLiteral("label"), "zone=z1").isEmpty());
        QVERIFY(s.byIndex(QStringLiteral("owner"), "owner-1").isEmpty());
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("namespace"), "a")), (QStringList{"a/m"}));
    }

    // An index value's keys are a list while few, a hash when many: both
    // answer the same, across the switch and back down to nothing.
    void manyObjectsUnderOneValue()
    {
        Indexer s(IndexOptions{true, {"cluster"}, false});
        QStringList want;
        for (int i = 0; i < 3 * Indexer::ObjectSet::MaxList; ++i) {
            s.upsert(obj("a", QStringLiteral("m%1").arg(i), "1", {{"cluster", "c1"}}, {}));
            want << QStringLiteral("a/m%1").arg(i);
            if (i == Indexer::ObjectSet::MaxList - 1 || i == Indexer::ObjectSet::MaxList)
                QCOMPARE(keysOf(s.byIndex(QStringLiteral("label"), "cluster=c1")).size(), i + 1);
        }
        want.sort();
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("label"), "cluster=c1")), want);
        s.upsert(obj("a", "m5", "2", {{"cluster", "c1"}}, {})); // updated within a large set
        int found = 0;
        for (const ObjectPtr &o : s.byIndex(QStringLiteral("label"), "cluster=c1"))
            if (o->name == QLatin1String("m5")) {
                ++found;
                QCOMPARE(o->resourceVersion.toByteArray(), QByteArray("2"));
            }
        QCOMPARE(found, 1);
        s.upsert(obj("a", "m0", "2", {{"cluster", "c2"}}, {})); // moves to another value
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("label"), "cluster=c2")), QStringList{QStringLiteral("a/m0")});
        QCOMPARE(s.byIndex(QStringLiteral("label"), "cluster=c1").size(), want.size() - 1);
        for (const QString &k : std::as_const(want))
            s.remove(k);
        QVERIFY(s.byIndex(QStringLiteral("label"), "cluster=c1").isEmpty());
        QVERIFY(s.byIndex(QStringLiteral("label"), "cluster=c2").isEmpty());
    }

    // Items are keyed by namespace and name: "ns/name" and a cluster-scoped
    // "name" find them, a relist's tombstones leave no index entries behind.
    void keysAndTombstones()
    {
        Indexer s;
        s.upsert(obj("", "node-1", "1", {{"role", "w"}}));
        s.upsert(obj("a", "x", "1", {{"role", "w"}}, {"owner-1"}));
        s.upsert(obj("a", "y", "1", {{"role", "w"}}));
        QCOMPARE(s.get(QStringLiteral("node-1"))->name, QStringLiteral("node-1"));
        QCOMPARE(s.get(QStringLiteral("a/x"))->name, QStringLiteral("x"));
        QVERIFY(!s.get(QStringLiteral("a/node-1")));
        QVERIFY(!s.get(QStringLiteral("x")));
        const QList<Delta> deltas = s.replace({obj("a", "y", "2", {{"role", "w"}}), obj("b", "z", "1", {{"role", "w"}})});
        QCOMPARE(deltas.size(), 4); // node-1 and a/x gone, a/y updated, b/z added
        QCOMPARE(deltas[0].type, Delta::Deleted);
        QCOMPARE(deltas[1].type, Delta::Deleted);
        QCOMPARE(keysOf({deltas[0].object, deltas[1].object}), (QStringList{"a/x", "node-1"}));
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("label"), "role=w")), (QStringList{"a/y", "b/z"}));
        QVERIFY(s.byIndex(QStringLiteral("owner"), "owner-1").isEmpty());
        QVERIFY(s.byIndex(QStringLiteral("namespace"), "").isEmpty());
        QCOMPARE(s.remove(QStringLiteral("b/z"))->type, Delta::Deleted);
        QCOMPARE(keysOf(s.list()), (QStringList{"a/y"}));
        // An update's key is the new object (the old one and its name are freed).
        const ObjectPtr newer = obj("a", "y", "3", {{"role", "w"}});
        s.upsert(newer);
        const Indexer::State state = s.snapshot();
        QCOMPARE(state.items.size(), 1);
        QCOMPARE(state.items.cbegin()->obj, newer);
    }

    // Per namespace: one tenant's c1 is found without the c1 of every other.
    void labelsIndexedPerNamespace()
    {
        Indexer s(IndexOptions{true, {"cluster"}, false, true});
        s.upsert(obj("a", "m", "1", {{"cluster", "c1"}}, {}));
        s.upsert(obj("b", "m", "2", {{"cluster", "c1"}}, {}));
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("label"), "a/cluster=c1")), (QStringList{"a/m"}));
        QCOMPARE(keysOf(s.byIndex(QStringLiteral("label"), "b/cluster=c1")), (QStringList{"b/m"}));
        QVERIFY(s.byIndex(QStringLiteral("label"), "cluster=c1").isEmpty());
        s.remove(QStringLiteral("a/m"));
        QVERIFY(s.byIndex(QStringLiteral("label"), "a/cluster=c1").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
