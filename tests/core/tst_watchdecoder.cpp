#include "core/kube/Decoder.h"
#include "core/kube/JsonStreamSplitter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <atomic>
#include <optional>
#include <thread>
#include <vector>

using namespace nestdeck::kube;

namespace {

QByteArray object(const QByteArray &name, const QByteArray &rv, const QByteArray &extraMeta = {})
{
    return "{\"apiVersion\":\"apps.cozystack.io/v1alpha1\",\"kind\":\"Kubernetes\",\"metadata\":{\"name\":\"" + name +
           "\",\"namespace\":\"tenant-a\",\"uid\":\"uid-" + name + "\",\"resourceVersion\":\"" + rv + "\"" + extraMeta +
           "},\"spec\":{\"version\":\"v1.33\",\"note\":\"braces } { and \\\"quotes\\\" and \\\\ in a string\"}}";
}

const QByteArray managed = ",\"managedFields\":[{\"manager\":\"kubectl\",\"operation\":\"Update\",\"fieldsV1\":{\"f:spec\":{\"f:x\":{}}}}]";

QByteArray stream()
{
    QByteArray s;
    s += "{\"type\":\"ADDED\",\"object\":" + object("a", "10", ",\"labels\":{\"team\":\"x\",\"tier\":\"1\"}") + "}\n";
    s += "{\"type\":\"MODIFIED\",\"object\":" + object("a", "11", managed) + "}\n";
    s += "{\"type\":\"ADDED\",\"object\":" +
         object("b", "12", ",\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"X\",\"name\":\"o\",\"uid\":\"owner-1\"}]") + "}\n";
    s += "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Kubernetes\",\"metadata\":{\"resourceVersion\":\"13\",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}}}}\n";
    s += "{\"type\":\"DELETED\",\"object\":" + object("a", "14", ",\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"") + "}\n";
    s += "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"too old resource version: 1 (14)\",\"reason\":\"Expired\",\"code\":410}}\n";
    return s;
}

QStringList describe(const QList<WatchEvent> &events)
{
    QStringList out;
    for (const auto &e : events) {
        QString d = QString::number(int(e.type));
        if (e.object)
            d += QLatin1Char(' ') + e.object->key() + QLatin1Char('@') + QString::fromUtf8(e.object->resourceVersion.toByteArray());
        if (e.type == EventType::Error)
            d += QStringLiteral(" %1 %2").arg(e.errorCode).arg(e.errorReason);
        if (e.initialEventsEnd)
            d += QStringLiteral(" end");
        out << d;
    }
    return out;
}

QList<WatchEvent> decodeChunks(const QByteArray &s, const QList<qsizetype> &cuts)
{
    JsonStreamSplitter splitter;
    QList<WatchEvent> events;
    qsizetype prev = 0;
    QList<qsizetype> points = cuts;
    points << s.size();
    for (qsizetype c : points) {
        splitter.feed(s.constData() + prev, size_t(c - prev), [&](std::string_view v) {
            WatchEvent ev;
            decodeWatchEvent(v, &ev);
            events << ev;
        });
        prev = c;
    }
    return events;
}


// The object with the paths removed, as Qt's JSON sees it: what a trimmed
// decode must equal.
QJsonObject removed(QJsonObject o, const QList<QByteArrayList> &paths)
{
    for (const QByteArrayList &path : paths) {
        // Walk down, then remove and write back up: QJsonObject is a value.
        QList<QJsonObject> chain{o};
        bool there = true;
        for (qsizetype i = 0; i + 1 < path.size() && there; ++i) {
            const QJsonValue v = chain.last().value(QString::fromUtf8(path[i]));
            there = v.isObject();
            if (there)
                chain << v.toObject();
        }
        if (!there || !chain.last().contains(QString::fromUtf8(path.last())))
            continue;
        chain.last().remove(QString::fromUtf8(path.last()));
        for (qsizetype i = chain.size() - 1; i > 0; --i)
            chain[i - 1][QString::fromUtf8(path[i - 1])] = chain[i];
        o = chain.first();
    }
    return o;
}

// A random JSON object with a metadata.name, nested up to `depth`, keys drawn
// from a small alphabet so that paths hit, miss and collide.
QJsonObject randomObject(QRandomGenerator &rng, int depth)
{
    static const QStringList keys{QStringLiteral("spec"), QStringLiteral("status"), QStringLiteral("values"),
                                  QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("k.io/x")};
    QJsonObject o;
    const int n = rng.bounded(0, 5);
    for (int i = 0; i < n; ++i) {
        const QString k = keys[rng.bounded(int(keys.size()))];
        switch (depth > 0 ? rng.bounded(5) : rng.bounded(3)) {
        case 0: o[k] = QStringLiteral("v,}\"{%1").arg(i); break;
        case 1: o[k] = rng.bounded(100); break;
        case 2: o[k] = QJsonArray{1, QJsonObject{{QStringLiteral("spec"), 2}}}; break;
        default: o[k] = randomObject(rng, depth - 1); break;
        }
    }
    return o;
}

} // namespace

class TestWatchDecoder : public QObject {
    Q_OBJECT
private slots:
    void wholeStream()
    {
        const auto events = decodeChunks(stream(), {});
        QCOMPARE(describe(events), (QStringList{
                                       QStringLiteral("0 tenant-a/a@10"), QStringLiteral("1 tenant-a/a@11"),
                                       QStringLiteral("0 tenant-a/b@12"), QStringLiteral("3 @13 end"),
                                       QStringLiteral("2 tenant-a/a@14"), QStringLiteral("4 410 Expired")}));
        QCOMPARE(events[0].object->label("team"), QByteArray("x"));
        QCOMPARE(events[2].object->ownerUids.toList(), QList<QByteArray>{"owner-1"});
        QVERIFY(events[4].object->deleting);
        QVERIFY(!events[0].object->deleting);
        QCOMPARE(events[5].errorMessage, QStringLiteral("too old resource version: 1 (14)"));
    }

    void splitAtEveryByte()
    {
        const QByteArray s = stream();
        const QStringList expected = describe(decodeChunks(s, {}));
        for (qsizetype i = 0; i <= s.size(); ++i)
            QCOMPARE(describe(decodeChunks(s, {i})), expected);
        // And one byte at a time.
        QList<qsizetype> all;
        for (qsizetype i = 1; i < s.size(); ++i)
            all << i;
        QCOMPARE(describe(decodeChunks(s, all)), expected);
    }

    void randomSplits()
    {
        const QByteArray s = stream() + stream();
        const QStringList expected = describe(decodeChunks(s, {}));
        QRandomGenerator rng(42);
        for (int round = 0; round < 500; ++round) {
            QList<qsizetype> cuts;
            qsizetype at = 0;
            while ((at += rng.bounded(1, 40)) < s.size())
                cuts << at;
            QCOMPARE(describe(decodeChunks(s, cuts)), expected);
        }
    }

    void managedFieldsAreStripped_data()
    {
        QTest::addColumn<QByteArray>("json");
        const QByteArray mf = "\"managedFields\":[{\"manager\":\"m\",\"fieldsV1\":{\"f:a\":{}}}]";
        QTest::newRow("last") << QByteArray("{\"metadata\":{\"name\":\"x\"," + mf + "},\"spec\":{}}");
        QTest::newRow("first") << QByteArray("{\"metadata\":{" + mf + ",\"name\":\"x\"},\"spec\":{}}");
        QTest::newRow("middle, spaced") << QByteArray("{ \"metadata\" : { \"name\" : \"x\" , " + mf + " , \"uid\":\"u\" } , \"spec\":{} }");
        QTest::newRow("only") << QByteArray("{\"metadata\":{" + mf + "},\"kind\":\"A\"}");
    }
    void managedFieldsAreStripped()
    {
        QFETCH(QByteArray, json);
        KubeObject o;
        QString error;
        const bool ok = decodeObject(std::string_view(json.constData(), size_t(json.size())), &o, &error);
        if (QByteArray(QTest::currentDataTag()) == "only") {
            QVERIFY(!ok); // no name: not an object we can cache
            return;
        }
        QVERIFY2(ok, qPrintable(error));
        QVERIFY(!o.json().contains("managedFields"));
        QJsonParseError perr{};
        const QJsonObject parsed = QJsonDocument::fromJson(o.json(), &perr).object();
        QCOMPARE(perr.error, QJsonParseError::NoError);
        QCOMPARE(parsed[QStringLiteral("metadata")].toObject()[QStringLiteral("name")].toString(), QStringLiteral("x"));
        QVERIFY(parsed.contains(QStringLiteral("spec")) || parsed.contains(QStringLiteral("kind")));
        QVERIFY(o.json().size() < json.size());
    }


    void trimCutsThePathsAndNothingElse_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QList<QByteArrayList>>("paths");
        QTest::addColumn<bool>("trimmed");
        const QByteArray meta = "\"metadata\":{\"name\":\"x\",\"annotations\":{\"a\":\"1\",\"kubectl.kubernetes.io/last-applied-configuration\":"
                                "\"{\\\"big\\\":1}\",\"z\":\"2\"}}";
        const QByteArray hr = "{\"kind\":\"HelmRelease\"," + meta + ",\"spec\":{\"chart\":{\"spec\":{\"chart\":\"k\"}},\"values\":"
                              "{\"nested\":[{\"}\":\"{\"}],\"s\":\"]\"}},\"status\":{\"conditions\":[]}}";
        const QByteArrayList lastApplied{"metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration"};
        QTest::newRow("spec.values") << hr << QList<QByteArrayList>{{"spec", "values"}} << true;
        QTest::newRow("whole spec") << hr << QList<QByteArrayList>{{"spec"}} << true;
        QTest::newRow("annotation in the middle") << hr << QList<QByteArrayList>{lastApplied} << true;
        QTest::newRow("every child of spec") << hr << QList<QByteArrayList>{{"spec", "chart"}, {"spec", "values"}} << true;
        QTest::newRow("first two of three") << QByteArray("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"a\":1,\"b\":2,\"c\":3}}")
                                            << QList<QByteArrayList>{{"spec", "a"}, {"spec", "b"}} << true;
        QTest::newRow("last two of three") << QByteArray("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"a\":1,\"b\":2,\"c\":3}}")
                                           << QList<QByteArrayList>{{"spec", "b"}, {"spec", "c"}} << true;
        QTest::newRow("root fields around metadata") << QByteArray("{\"a\":[1],\"metadata\":{\"name\":\"x\"},\"b\":{}}")
                                                     << QList<QByteArrayList>{{"a"}, {"b"}} << true;
        QTest::newRow("pretty printed") << QByteArray("{\n  \"metadata\" : {\n    \"name\" : \"x\" ,\n    \"managedFields\" : [ ]\n  } ,\n"
                                                      "  \"spec\" : {\n    \"values\" : { } ,\n    \"keep\" : true\n  }\n}\n")
                                        << QList<QByteArrayList>{{"spec", "values"}} << true;
        QTest::newRow("escaped key") << QByteArray("{\"metadata\":{\"name\":\"x\",\"annotations\":{\"k8s.io\\/x\":\"1\",\"y\":\"2\"}}}")
                                     << QList<QByteArrayList>{{"metadata", "annotations", "k8s.io/x"}} << true;
        QTest::newRow("path through a string") << QByteArray("{\"metadata\":{\"name\":\"x\"},\"spec\":\"values\"}")
                                               << QList<QByteArrayList>{{"spec", "values"}} << false;
        QTest::newRow("path through an array") << QByteArray("{\"metadata\":{\"name\":\"x\"},\"spec\":[{\"values\":1}]}")
                                               << QList<QByteArrayList>{{"spec", "values"}} << false;
        QTest::newRow("absent") << hr << QList<QByteArrayList>{{"spec", "nope"}, {"nope"}} << false;
        QTest::newRow("managedFields alone is not a trim")
            << QByteArray("{\"metadata\":{\"name\":\"x\"," + managed.mid(1) + "},\"spec\":{}}") << QList<QByteArrayList>{} << false;
    }
    void trimCutsThePathsAndNothingElse()
    {
        QFETCH(QByteArray, json);
        QFETCH(QList<QByteArrayList>, paths);
        QFETCH(bool, trimmed);
        const Trim trim{paths};
        KubeObject o;
        QString error;
        QVERIFY2(decodeObject(std::string_view(json.constData(), size_t(json.size())), &o, &error, nullptr, &trim), qPrintable(error));
        QJsonParseError perr{};
        const QJsonObject got = QJsonDocument::fromJson(o.json(), &perr).object();
        QVERIFY2(perr.error == QJsonParseError::NoError, o.json().constData());
        QJsonObject want = removed(QJsonDocument::fromJson(json).object(), paths);
        QJsonObject meta = want[QStringLiteral("metadata")].toObject();
        meta.remove(QStringLiteral("managedFields"));
        want[QStringLiteral("metadata")] = meta;
        QCOMPARE(got, want);
        QCOMPARE(o.trimmed, trimmed);
        QCOMPARE(o.name, QStringLiteral("x"));
    }

    // Any object shape, any set of paths (hitting, missing, nested, through
    // scalars and arrays), compact and indented: the decoder's cut equals
    // Qt's removal, and the rest is untouched.
    void trimMatchesRemovalOnRandomShapes()
    {
        QRandomGenerator rng(13);
        static const QByteArrayList keys{"spec", "status", "values", "a", "b", "k.io/x", "metadata", "annotations"};
        int cutRounds = 0;
        for (int round = 0; round < 2000; ++round) {
            QJsonObject o = randomObject(rng, 3);
            QJsonObject meta = randomObject(rng, 1);
            meta[QStringLiteral("name")] = QStringLiteral("n%1").arg(round);
            meta.remove(QStringLiteral("managedFields"));
            o[QStringLiteral("metadata")] = meta;
            QList<QByteArrayList> paths;
            for (int p = rng.bounded(1, 4); p > 0; --p) {
                // Mostly keys that are there (so paths hit), some that are not.
                QByteArrayList path;
                QJsonObject at = o;
                for (int d = rng.bounded(1, 4); d > 0; --d) {
                    const QStringList there = at.keys();
                    const QByteArray k = !there.isEmpty() && rng.bounded(10) < 7 ? there[rng.bounded(int(there.size()))].toUtf8()
                                                                                 : keys[rng.bounded(int(keys.size()))];
                    path << k;
                    at = at.value(QString::fromUtf8(k)).toObject();
                }
                if (path == QByteArrayList{"metadata"} || path == QByteArrayList{"metadata", "name"})
                    continue; // an object without a name is not cached at all
                paths << path;
            }
            const Trim trim{paths};
            const QJsonObject want = removed(o, paths);
            cutRounds += want != o;
            for (auto format : {QJsonDocument::Compact, QJsonDocument::Indented}) {
                const QByteArray json = QJsonDocument(o).toJson(format);
                KubeObject out;
                QString error;
                QVERIFY2(decodeObject(std::string_view(json.constData(), size_t(json.size())), &out, &error, nullptr, &trim),
                         qPrintable(error + QLatin1Char(' ') + QString::fromUtf8(json)));
                QJsonParseError perr{};
                const QJsonObject got = QJsonDocument::fromJson(out.json(), &perr).object();
                QVERIFY2(perr.error == QJsonParseError::NoError, out.json().constData());
                if (got != want)
                    QFAIL(qPrintable(QStringLiteral("paths %1 on %2 gave %3").arg(QString::fromUtf8(paths.first().join('.')),
                                                                                  QString::fromUtf8(json), QString::fromUtf8(out.json()))));
                QCOMPARE(out.trimmed, want != o);
            }
        }
        QVERIFY2(cutRounds > 400, "the random shapes must exercise cuts, not only misses");
    }

    void trimAppliesToListsAndWatchEvents()
    {
        const Trim trim{{{"spec"}}};
        const QByteArray body = "{\"kind\":\"KubernetesList\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[" +
                                object("a", "1", managed) + "]}";
        ListPage page;
        QString error;
        QVERIFY(decodeList(std::string_view(body.constData(), size_t(body.size())), &page, &error, 0, &trim));
        QCOMPARE(page.items.size(), 1);
        QVERIFY(!page.items[0]->json().contains("spec"));
        QVERIFY(page.items[0]->trimmed);
        const QByteArray ev = "{\"type\":\"MODIFIED\",\"object\":" + object("a", "2") + "}";
        WatchEvent e;
        QVERIFY(decodeWatchEvent(std::string_view(ev.constData(), size_t(ev.size())), &e, &trim));
        QVERIFY(!e.object->json().contains("spec"));
        QCOMPARE(e.object->resourceVersion.toByteArray(), QByteArray("2"));
        // Broken JSON in or around a field to cut: the decode fails, or what
        // it keeps is whole JSON; it never crashes or keeps half a field.
        for (const QByteArray &bad : {QByteArray("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"values\":[1,}}"),
                                     QByteArray("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"values\":[1,2]"),
                                     QByteArray("{\"metadata\":{\"name\":\"x\"},\"spec\":"),
                                     QByteArray("{\"spec\":{},\"metadata\":{\"name\":\"x\"},\"spec\":{\"a\":}}")}) {
            KubeObject o;
            if (decodeObject(std::string_view(bad.constData(), size_t(bad.size())), &o, &error, nullptr, &trim)) {
                QJsonParseError perr{};
                QJsonDocument::fromJson(o.json(), &perr);
                QVERIFY2(perr.error == QJsonParseError::NoError, o.json().constData());
            }
        }
    }

    // Labels are kept as "key\0value" strings: a key that starts another,
    // empty values, '=' and escapes in values must all read back apart.
    void labelsKeepKeysAndValuesApart()
    {
        const QByteArray json = object("l", "1", ",\"labels\":{\"app\":\"a=b\",\"app.kubernetes.io/name\":\"\",\"t\\\"q\":\"\\u00e9\",\"x\":\"1\"}");
        KubeObject o;
        QString error;
        QVERIFY2(decodeObject(std::string_view(json.constData(), size_t(json.size())), &o, &error), qPrintable(error));
        QCOMPARE(o.labels.size(), 4);
        QCOMPARE(o.label("app"), QByteArray("a=b"));
        QVERIFY(!o.label("app.kubernetes.io/name").isNull());
        QVERIFY(o.label("app.kubernetes.io/name").isEmpty());
        QCOMPARE(o.label("t\"q"), QByteArray("\xc3\xa9"));
        QVERIFY(o.label("ap").isNull());
        QVERIFY(o.label(QByteArray("x\0" "1", 3)).isNull()); // a key holding the separator
        QStringList pairs;
        for (const auto l : o.labels)
            pairs << QString::fromUtf8(l.key.toByteArray() + '=' + l.value.toByteArray());
        QCOMPARE(pairs, QStringList({"app=a=b", "app.kubernetes.io/name=", "t\"q=\u00e9", "x=1"}));
        const Labels made{{"k", "v"}, {"k2", ""}, {"k3", QByteArray()}, {QByteArray(), "v4"}};
        QCOMPARE(made.value("k"), QByteArray("v"));
        QCOMPARE(made.at(1).key, QByteArrayView("k2"));
        QVERIFY(!made.value("k3").isNull());
        QCOMPARE(made.at(3).value, QByteArrayView("v4"));
        // A key holding the separator (a hostile server's) is not taken for
        // the label whose value holds it, in either order of decoding.
        for (const bool valueFirst : {false, true}) {
            const QByteArray withKey = object("n", "1", ",\"labels\":{\"a\\u0000b\":\"c\"}");
            const QByteArray withValue = object("n", "1", ",\"labels\":{\"a\":\"b\\u0000c\"}");
            KubeObject k, v;
            const QByteArray &first = valueFirst ? withValue : withKey, &second = valueFirst ? withKey : withValue;
            KubeObject &firstObj = valueFirst ? v : k, &secondObj = valueFirst ? k : v;
            QVERIFY2(decodeObject(std::string_view(first.constData(), size_t(first.size())), &firstObj, &error), qPrintable(error));
            QVERIFY2(decodeObject(std::string_view(second.constData(), size_t(second.size())), &secondObj, &error), qPrintable(error));
            QCOMPARE(k.labels.at(0).key, QByteArrayView("a\0b", 3));
            QCOMPARE(k.labels.at(0).value, QByteArrayView("c"));
            QCOMPARE(v.labels.at(0).key, QByteArrayView("a"));
            QCOMPARE(v.labels.at(0).value, QByteArrayView("b\0c", 3));
        }
    }

    // Objects with the same labels share one list; one more label or another
    // value is a list of its own. A Trim without owner UIDs leaves the list
    // empty and the JSON whole.
    void labelListsSharedOwnersOptional()
    {
        auto decode = [](const QByteArray &meta, const Trim *trim = nullptr) {
            const QByteArray json = object("l", "1", meta);
            KubeObject o;
            QString error;
            if (!decodeObject(std::string_view(json.constData(), size_t(json.size())), &o, &error, nullptr, trim))
                qWarning() << error;
            return o;
        };
        const QByteArray owners = ",\"ownerReferences\":[{\"kind\":\"X\",\"name\":\"x\",\"uid\":\"u-1\"}]";
        const KubeObject a = decode(",\"labels\":{\"app\":\"x\",\"tier\":\"db\"}" + owners);
        const KubeObject b = decode(",\"labels\":{\"app\":\"x\",\"tier\":\"db\"}");
        const KubeObject c = decode(",\"labels\":{\"app\":\"x\",\"tier\":\"db\",\"z\":\"1\"}");
        const KubeObject d = decode(",\"labels\":{\"app\":\"x\",\"tier\":\"web\"}");
        QVERIFY(a.labels.sharesListWith(b.labels));
        QVERIFY(!a.labels.sharesListWith(c.labels));
        QVERIFY(!a.labels.sharesListWith(d.labels));
        QCOMPARE(c.label("z"), QByteArray("1"));
        // An entry too long to intern: its list is the object's own, read back whole.
        const QByteArray longValue(300, 'v');
        const KubeObject f = decode(",\"labels\":{\"app\":\"x\",\"note\":\"" + longValue + "\"}");
        const KubeObject g = decode(",\"labels\":{\"app\":\"x\",\"note\":\"" + longValue + "\"}");
        QCOMPARE(f.label("note"), longValue);
        QCOMPARE(g.label("app"), QByteArray("x"));
        QVERIFY(!f.labels.sharesListWith(g.labels));
        QCOMPARE(d.label("tier"), QByteArray("web"));
        QCOMPARE(a.ownerUids.toList(), QList<QByteArray>{"u-1"});
        const Trim noOwners{{}, nullptr, false};
        const KubeObject e = decode(",\"labels\":{\"app\":\"x\"}" + owners, &noOwners);
        QVERIFY(e.ownerUids.isEmpty());
        QVERIFY(!e.trimmed);
        QVERIFY(e.json().contains("\"uid\":\"u-1\""));
        QCOMPARE(e.label("app"), QByteArray("x"));
    }

    // A canonical UUID is kept as its 16 bytes and reads back as it came;
    // anything else is kept as text, exactly.
    void uidsReadBackAsTheyCame()
    {
        const QByteArray canonical = "495f9fd2-995c-2ce9-5929-fa86241aa954";
        const Uid u(canonical);
        QVERIFY(u.isCompact());
        QCOMPARE(u.toByteArray(), canonical);
        QCOMPARE(u, Uid(QByteArray("495f9fd2-995c-2ce9-5929-fa86241aa954")));
        QVERIFY(!(u == Uid(QByteArray("495f9fd2-995c-2ce9-5929-fa86241aa955"))));
        for (const QByteArray &odd : {QByteArray("495F9FD2-995C-2CE9-5929-FA86241AA954"), QByteArray("495f9fd2x995c-2ce9-5929-fa86241aa954"),
                                      QByteArray("495f9fd2-995c-2ce9-5929-fa86241aa95"), QByteArray("uid-1"), QByteArray(),
                                      QByteArray("495f9fd2-995c-2ce9-5929-fa86241aa9g4")}) {
            const Uid o(odd);
            QVERIFY2(!o.isCompact(), odd.constData());
            QCOMPARE(o.toByteArray(), odd);
            QVERIFY(!(o == u));
        }
        QVERIFY(Uid().isEmpty());
        QVERIFY(!u.isEmpty());
        // A text uid is shared by copies, and outlives the one it came from.
        std::optional<Uid> first(Uid(QByteArray("uid-7")));
        Uid copy = *first, moved = Uid(QByteArray("uid-8"));
        QCOMPARE(copy, *first);
        first.reset();
        QCOMPARE(copy.toByteArray(), QByteArray("uid-7"));
        moved = copy;
        QCOMPARE(moved.toByteArray(), QByteArray("uid-7"));
        QVERIFY(!(moved == Uid(QByteArray("uid-8"))));
        const QByteArray json = "{\"kind\":\"X\",\"metadata\":{\"name\":\"a\",\"uid\":\"" + canonical + "\"}}";
        KubeObject o;
        QString error;
        QVERIFY2(decodeObject(std::string_view(json.constData(), size_t(json.size())), &o, &error), qPrintable(error));
        QVERIFY(o.uid.isCompact());
        QCOMPARE(o.uid.toByteArray(), canonical);
    }

    // Kept as a number only when the text prints back the same; compared as
    // the server sent it (opaque), shared by copies.
    void resourceVersionsReadBackAsTheyCame()
    {
        for (const QByteArray &rv : {QByteArray("0"), QByteArray("1"), QByteArray("717"), QByteArray("999999999999999999")}) {
            const ResourceVersion v(rv);
            QVERIFY2(v.isNumber(), rv.constData());
            QCOMPARE(v.toByteArray(), rv);
            QCOMPARE(v, ResourceVersion(rv));
        }
        for (const QByteArray &rv : {QByteArray("007"), QByteArray("00"), QByteArray("12a"), QByteArray("-1"), QByteArray("1.5"),
                                     QByteArray("1000000000000000000"), QByteArray("18446744073709551616"), QByteArray("rev-abc")}) {
            const ResourceVersion v(rv);
            QVERIFY2(!v.isNumber(), rv.constData());
            QCOMPARE(v.toByteArray(), rv);
            QCOMPARE(v, ResourceVersion(rv));
        }
        QVERIFY(ResourceVersion().isEmpty());
        QVERIFY(ResourceVersion(QByteArray()).isEmpty());
        QVERIFY(!ResourceVersion("0").isEmpty());
        // "7" and "007" are different versions to a client: never equal.
        QVERIFY(!(ResourceVersion("7") == ResourceVersion("007")));
        QVERIFY(!(ResourceVersion("7") == ResourceVersion()));
        QVERIFY(!(ResourceVersion("abc") == ResourceVersion("abd")));
        std::optional<ResourceVersion> first(ResourceVersion("rev-abc"));
        ResourceVersion copy = *first, other("5");
        first.reset();
        QCOMPARE(copy.toByteArray(), QByteArray("rev-abc"));
        other = copy;
        copy = ResourceVersion("6");
        QCOMPARE(other.toByteArray(), QByteArray("rev-abc"));
        QCOMPARE(copy.toByteArray(), QByteArray("6"));
        // Through the decoder, as it came.
        for (const QByteArray &rv : {QByteArray("42"), QByteArray("0042")}) {
            const QByteArray json = "{\"kind\":\"X\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"" + rv + "\"}}";
            KubeObject o;
            QString error;
            QVERIFY2(decodeObject(std::string_view(json.constData(), size_t(json.size())), &o, &error), qPrintable(error));
            QCOMPARE(o.resourceVersion.toByteArray(), rv);
        }
    }

    // Packed objects (Trim::packer) give back exactly the JSON a plain
    // decode keeps, whatever their shape; the first few are the dictionary's
    // samples and stay plain; the rest take a fraction of the memory.
    void packedObjectsUnpackToTheirJson()
    {
        auto packer = std::make_shared<JsonPacker>();
        const Trim packing{{{"spec"}}, packer}, plain{{{"spec"}}};
        QRandomGenerator rng(7);
        auto word = [&](int n) {
            QByteArray w;
            for (int i = 0; i < n; ++i)
                w += char('a' + rng.bounded(26));
            return w;
        };
        qint64 plainBytes = 0, packedBytes = 0;
        int packedCount = 0;
        for (int i = 0; i < 400; ++i) {
            QByteArray extra = ",\"labels\":{\"app\":\"" + word(8) + "\",\"cluster.x-k8s.io/cluster-name\":\"kubernetes-c" +
                               QByteArray::number(i / 5) + "\"}";
            QByteArray status = ",\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"InstallSucceeded\","
                                "\"message\":\"Helm install succeeded for release tenant-" +
                                word(6) + "/kubernetes-c" + QByteArray::number(i) + "\"}],\"observedGeneration\":" +
                                QByteArray::number(i) + "}";
            if (i % 97 == 1) // a large one, with text no dictionary predicts, among the samples too
                status = ",\"status\":{\"log\":\"" + word(200000) + "\"}";
            if (i % 89 == 0) // unicode and escapes
                status = ",\"status\":{\"message\":\"\\u00e9t\\u00e9 \xe2\x9c\x93 \\\"quoted\\\"\\n\"}";
            QByteArray json = object("o" + QByteArray::number(i), QByteArray::number(i), extra);
            json.chop(1);
            json += status + "}"; // object() brings the spec to cut
            const std::string_view v(json.constData(), size_t(json.size()));
            KubeObject a, b;
            QString error;
            QVERIFY2(decodeObject(v, &a, &error, nullptr, &packing), qPrintable(error));
            QVERIFY2(decodeObject(v, &b, &error, nullptr, &plain), qPrintable(error));
            QCOMPARE(a.json(), b.json());
            QCOMPARE(a.trimmed, b.trimmed);
            QVERIFY(!a.json().contains("\"spec\""));
            if (i < JsonPacker::SampleCount - 1)
                QVERIFY2(!a.packed(), "the first objects are the dictionary's samples");
            packedCount += a.packed();
            if (i >= JsonPacker::SampleCount && i % 97 != 1) { // random text packs no smaller
                // The objects differ only in how their JSON is held.
                plainBytes += b.json().size();
                packedBytes += b.json().size() + a.memoryBytes() - b.memoryBytes();
            }
        }
        QVERIFY(packer->dict());
        QVERIFY2(packedCount > 350, qPrintable(QString::number(packedCount)));
        QVERIFY2(packedBytes * 3 < plainBytes, qPrintable(QStringLiteral("%1 vs %2").arg(packedBytes).arg(plainBytes)));
    }

    // Decoding threads share one cache's packer, the dictionary made by
    // whichever gets there first.
    void packerIsSharedByThreads()
    {
        auto packer = std::make_shared<JsonPacker>();
        const Trim packing{{}, packer};
        QList<QByteArray> docs;
        for (int i = 0; i < 2000; ++i)
            docs << object("n" + QByteArray::number(i), QByteArray::number(i), ",\"labels\":{\"i\":\"" + QByteArray::number(i * 7) + "\"}");
        std::atomic<int> wrong = 0, packed = 0;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < docs.size(); ++i) {
                    const QByteArray &d = docs.at((i + t * 500) % docs.size());
                    KubeObject o;
                    QString error;
                    if (!decodeObject(std::string_view(d.constData(), size_t(d.size())), &o, &error, nullptr, &packing) || o.json() != d)
                        ++wrong;
                    packed += o.packed();
                }
            });
        for (auto &t : threads)
            t.join();
        QCOMPARE(wrong.load(), 0);
        QVERIFY(packed.load() > 4 * 2000 - 4 * JsonPacker::SampleCount);
    }

    // A frame that is not one (memory corruption, a bug) reads as empty JSON,
    // which every reader treats as a broken object; it never crashes.
    void corruptFrameReadsEmpty()
    {
        auto dict = std::make_shared<const PackDict>(QByteArray("{\"metadata\":{\"name\":\"sample\"}}"));
        const QByteArray frame = dict->pack(R"({"metadata":{"name":"sample-2"}})");
        QVERIFY(!frame.isEmpty());
        KubeObject o;
        o.setPacked({frame, dict});
        QCOMPARE(o.json(), QByteArray(R"({"metadata":{"name":"sample-2"}})"));
        for (const QByteArray &bad : {frame.left(frame.size() - 2), QByteArray("not a frame"), QByteArray(), frame + "x"}) {
            o.setPacked({bad, dict});
            QVERIFY(o.json().isEmpty());
        }
        // Text the dictionary cannot shorten is kept plain.
        JsonPacker p;
        const QByteArray sample = object("sample", "1");
        for (int i = 0; i < JsonPacker::SampleCount; ++i)
            p.pack(std::string_view(sample.constData(), size_t(sample.size())));
        QVERIFY(p.dict());
        const QByteArray tiny = "{}";
        QVERIFY(!p.pack(std::string_view(tiny.constData(), 2)).dict);
    }

    void list()
    {
        const QByteArray body = "{\"kind\":\"KubernetesList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"77\","
                                "\"continue\":\"tok\",\"remainingItemCount\":5},\"items\":[" +
                                object("a", "1", managed) + "," + object("b", "2") + "]}";
        ListPage page;
        QString error;
        QVERIFY2(decodeList(std::string_view(body.constData(), size_t(body.size())), &page, &error), qPrintable(error));
        QCOMPARE(page.items.size(), 2);
        QCOMPARE(page.resourceVersion, QByteArray("77"));
        QCOMPARE(page.continueToken, QByteArray("tok"));
        QCOMPARE(page.remainingItemCount, 5);
        QVERIFY(!page.items[0]->json().contains("managedFields"));
        const QByteArray empty = "{\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"5\"},\"items\":null}";
        ListPage e;
        QVERIFY(decodeList(std::string_view(empty.constData(), size_t(empty.size())), &e, &error));
        QCOMPARE(e.items.size(), 0);
    }

    void malformedInputNeverCrashes()
    {
        const QList<QByteArray> bad = {"", "[]", "null", "{", "{\"type\":1}", "{\"type\":\"ADDED\"}",
                                       "{\"type\":\"ADDED\",\"object\":{}}", "{\"type\":\"NOPE\",\"object\":{}}",
                                       "{\"type\":\"ADDED\",\"object\":{\"metadata\":[]}}",
                                       "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":5}}}",
                                       "{\"type\":\"ERROR\",\"object\":\"x\"}", "\xff\xfe{}"};
        for (const QByteArray &b : bad) {
            WatchEvent ev;
            decodeWatchEvent(std::string_view(b.constData(), size_t(b.size())), &ev);
            QVERIFY2(ev.type == EventType::Error, b.constData());
        }
        // Fuzz: mutate a valid stream at random; decoding must survive all of it.
        const QByteArray s = stream();
        QRandomGenerator rng(7);
        for (int round = 0; round < 3000; ++round) {
            QByteArray m = s;
            const int edits = rng.bounded(1, 8);
            for (int e = 0; e < edits; ++e)
                m[rng.bounded(int(m.size()))] = char(rng.bounded(256));
            decodeChunks(m, {qsizetype(rng.bounded(int(m.size())))});
            ListPage page;
            QString error;
            decodeList(std::string_view(m.constData(), size_t(m.size())), &page, &error);
        }
    }

    void nothingPendingBetweenEvents()
    {
        // The API server ends every event with a newline. That newline is not
        // the start of an event: were it counted as pending, the reflector's
        // stall check would end every healthy watch after 30 s.
        JsonStreamSplitter s;
        int values = 0;
        const QByteArray two = "{\"type\":\"ADDED\"}\n{\"type\":\"MODIFIED\"}\n";
        s.feed(two.constData(), size_t(two.size()), [&](std::string_view) { ++values; });
        QCOMPARE(values, 2);
        QCOMPARE(s.pending(), 0);
        const QByteArray half = "\n{\"type\":";
        s.feed(half.constData(), size_t(half.size()), [&](std::string_view) { ++values; });
        QCOMPARE(s.pending(), 9); // an event has begun
        const QByteArray rest = "\"DELETED\"}\n  ";
        s.feed(rest.constData(), size_t(rest.size()), [&](std::string_view v) {
            ++values;
            QCOMPARE(QByteArray(v.data(), qsizetype(v.size())), QByteArray("{\"type\":\"DELETED\"}"));
        });
        QCOMPARE(values, 3);
        QCOMPARE(s.pending(), 0);
    }

    void strayQuoteStaysPending()
    {
        // Garbage that opens a string between events swallows what follows
        // until it closes: it must show as pending so the stall check ends it.
        JsonStreamSplitter s;
        int values = 0;
        const QByteArray junk = "{\"a\":1}\n\"junk {\"type\":\"ADDED\"}";
        s.feed(junk.constData(), size_t(junk.size()), [&](std::string_view) { ++values; });
        QCOMPARE(values, 1);
        QVERIFY(s.pending() > 0);
    }

    void oversizedValueBreaksTheStream()
    {
        JsonStreamSplitter s;
        const QByteArray open(1024 * 1024, '[');
        int values = 0;
        for (int i = 0; i < 70 && !s.overflowed(); ++i)
            s.feed(open.constData(), size_t(open.size()), [&](std::string_view) { ++values; });
        QVERIFY(s.overflowed());
        QCOMPARE(values, 0);
    }
};

QTEST_GUILESS_MAIN(TestWatchDecoder)
#include "tst_watchdecoder.moc"
