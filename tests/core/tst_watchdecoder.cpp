#include "core/kube/KubeObject.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

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
            d += QLatin1Char(' ') + e.object->key() + QLatin1Char('@') + QString::fromUtf8(e.object->resourceVersion);
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
        QCOMPARE(events[2].object->ownerUids, QList<QByteArray>{"owner-1"});
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
        QVERIFY(!o.json.contains("managedFields"));
        QJsonParseError perr{};
        const QJsonObject parsed = QJsonDocument::fromJson(o.json, &perr).object();
        QCOMPARE(perr.error, QJsonParseError::NoError);
        QCOMPARE(parsed[QStringLiteral("metadata")].toObject()[QStringLiteral("name")].toString(), QStringLiteral("x"));
        QVERIFY(parsed.contains(QStringLiteral("spec")) || parsed.contains(QStringLiteral("kind")));
        QVERIFY(o.json.size() < json.size());
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
        QVERIFY(!page.items[0]->json.contains("managedFields"));
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
