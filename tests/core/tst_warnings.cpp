#include "core/kube/RestClient.h"
#include "core/kube/Warnings.h"

#include <QRandomGenerator>
#include <QTest>

using namespace nestdeck::kube;

namespace {
Headers warnings(const QList<QByteArray> &values)
{
    Headers h{{"content-type", "application/json"}};
    for (const QByteArray &v : values)
        h.append({"warning", v});
    return h;
}
} // namespace

class TestWarnings : public QObject {
    Q_OBJECT
private slots:
    void shapes_data()
    {
        QTest::addColumn<QList<QByteArray>>("headers");
        QTest::addColumn<QStringList>("texts");
        const QStringList ab{QStringLiteral("a"), QStringLiteral("b")};
        QTest::newRow("none") << QList<QByteArray>{} << QStringList{};
        QTest::newRow("one") << QList<QByteArray>{"299 - \"apps/v1beta1 is deprecated\""}
                             << QStringList{QStringLiteral("apps/v1beta1 is deprecated")};
        QTest::newRow("two headers") << QList<QByteArray>{"299 - \"a\"", "299 - \"b\""} << ab;
        QTest::newRow("comma-separated") << QList<QByteArray>{"299 - \"a\", 299 - \"b\""} << ab;
        QTest::newRow("no space after comma") << QList<QByteArray>{"299 - \"a\",299 - \"b\""} << ab;
        QTest::newRow("dates, with commas in them")
            << QList<QByteArray>{"299 - \"a\" \"Sat, 01 Jan 2000 00:00:00 GMT\", 299 - \"b\" \"Sun, 02 Jan 2000 00:00:00 GMT\""} << ab;
        QTest::newRow("escapes") << QList<QByteArray>{"299 - \"say \\\"hi\\\", a \\\\ and \\x\""}
                                 << QStringList{QStringLiteral("say \"hi\", a \\ and x")};
        QTest::newRow("a comma in the text") << QList<QByteArray>{"299 - \"unknown field \\\"spec.x\\\", ignored\""}
                                             << QStringList{QStringLiteral("unknown field \"spec.x\", ignored")};
        QTest::newRow("agent host:port") << QList<QByteArray>{"299 kube-apiserver:6443 \"a\""} << QStringList{QStringLiteral("a")};
        QTest::newRow("UTF-8") << QList<QByteArray>{"299 - \"Gr\xc3\xb6\xc3\x9f" "e\""} << QStringList{QStringLiteral(u"Größe")};
        QTest::newRow("padding") << QList<QByteArray>{"  299 -  \"a\" ,  299 - \"b\"  "} << ab;
        QTest::newRow("deduplicated, in order")
            << QList<QByteArray>{"299 - \"b\", 299 - \"a\"", "299 - \"b\"", "299 - \"a\", 299 - \"c\""}
            << QStringList{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c")};
        QTest::newRow("only 299") << QList<QByteArray>{"110 - \"Response is Stale\", 299 - \"a\", 199 proxy \"b\""}
                                  << QStringList{QStringLiteral("a")};
        QTest::newRow("empty text skipped") << QList<QByteArray>{"299 - \"\", 299 - \"a\""} << QStringList{QStringLiteral("a")};
        // Malformed: the header ends where it cannot be read; what came before
        // it and the other headers still count.
        QTest::newRow("empty value") << QList<QByteArray>{"", "299 - \"a\""} << QStringList{QStringLiteral("a")};
        QTest::newRow("code only") << QList<QByteArray>{"299", "299 - \"a\""} << QStringList{QStringLiteral("a")};
        QTest::newRow("no text") << QList<QByteArray>{"299 -", "299 - ", "299 - \"a\""} << QStringList{QStringLiteral("a")};
        QTest::newRow("text not quoted") << QList<QByteArray>{"299 - deprecated", "299 - \"a\""} << QStringList{QStringLiteral("a")};
        QTest::newRow("unterminated text") << QList<QByteArray>{"299 - \"a\", 299 - \"b"} << QStringList{QStringLiteral("a")};
        QTest::newRow("escape at the end") << QList<QByteArray>{"299 - \"b\\\"", "299 - \"a\""} << QStringList{QStringLiteral("a")};
        QTest::newRow("unterminated date") << QList<QByteArray>{"299 - \"a\" \"Sat, 01 Jan"} << QStringList{QStringLiteral("a")};
        QTest::newRow("code not three digits") << QList<QByteArray>{"2999 - \"x\", 299 - \"y\"", "29 - \"x\"", "abc - \"x\"", "299 - \"a\""}
                                               << QStringList{QStringLiteral("a")};
        QTest::newRow("junk after the text") << QList<QByteArray>{"299 - \"a\" junk, 299 - \"b\""} << QStringList{QStringLiteral("a")};
        QTest::newRow("control character in the agent") << QList<QByteArray>{QByteArray("299 a\x01z \"x\""), "299 - \"a\""}
                                                        << QStringList{QStringLiteral("a")};
        QTest::newRow("trailing comma") << QList<QByteArray>{"299 - \"a\","} << QStringList{QStringLiteral("a")};
        QTest::newRow("lone comma") << QList<QByteArray>{",", "299 - \"a\""} << QStringList{QStringLiteral("a")};
    }

    void shapes()
    {
        QFETCH(QList<QByteArray>, headers);
        QFETCH(QStringList, texts);
        QCOMPARE(warningTexts(warnings(headers)), texts);
    }

    // Transport lower-cases header names; anything else building headers may not.
    void headerNameInAnyCase()
    {
        const Headers h{{"Warning", "299 - \"a\""}, {"WARNING", "299 - \"b\""}, {"x-warning", "299 - \"c\""}};
        QCOMPARE(warningTexts(h), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    }

    void onSuccessAndErrorAlike()
    {
        ApiResponse ok;
        ok.status = 200;
        ok.headers = warnings({"299 - \"ok but deprecated\""});
        QCOMPARE(ok.warnings(), QStringList{QStringLiteral("ok but deprecated")});
        ApiResponse failed;
        failed.status = 422;
        failed.error = ApiError::fromResponse(422, "{\"kind\":\"Status\",\"code\":422,\"reason\":\"Invalid\",\"message\":\"no\"}");
        failed.headers = warnings({"299 - \"unknown field \\\"spec.x\\\"\""});
        QCOMPARE(failed.warnings(), QStringList{QStringLiteral("unknown field \"spec.x\"")});
    }

    // Random values made of the grammar's characters: whatever comes out, no
    // crash, every text non-empty and once.
    void randomValuesNeverCrash()
    {
        QRandomGenerator rng(7);
        static const char alphabet[] = "299 -\"\\, a\x01\xc3";
        for (int round = 0; round < 20000; ++round) {
            QList<QByteArray> values;
            for (int v = rng.bounded(1, 4); v > 0; --v) {
                QByteArray s = rng.bounded(2) ? QByteArray("299 - \"") : QByteArray();
                for (int i = rng.bounded(0, 24); i > 0; --i)
                    s.append(alphabet[rng.bounded(int(sizeof alphabet) - 1)]);
                values << s;
            }
            QStringList texts = warningTexts(warnings(values));
            QCOMPARE(texts.removeDuplicates(), 0);
            for (const QString &t : texts)
                QVERIFY(!t.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestWarnings)
#include "tst_warnings.moc"
