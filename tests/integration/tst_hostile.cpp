// The client core and the CLI against sandbox/cmd/nestdeck-hostile, an API
// server that misbehaves on purpose, one mode per kubeconfig context. Each
// test asserts the error the user gets and that memory stays bounded: peak
// RSS is reset before (/proc/self/clear_refs) and read after (VmHWM).
#include "core/kube/Kubeconfig.h"
#include "core/kube/ListAll.h"
#include "core/kube/Reflector.h"
#include "core/kube/RestClient.h"
#include "core/kube/Store.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QTimer>

#include <sys/resource.h>

#include <memory>

using namespace nestdeck::kube;

namespace {

QString hostileDir() { return qEnvironmentVariable("NESTDECK_HOSTILE_DIR"); }
QString kubeconfigPath() { return hostileDir() + QStringLiteral("/kubeconfig"); }

const ResourceRef Namespaces{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), false, QStringLiteral("Namespace")};

std::unique_ptr<RestClient> clientFor(const QString &mode)
{
    auto cfg = Kubeconfig::loadFile(kubeconfigPath());
    if (!cfg)
        qFatal("%s", qPrintable(cfg.error().message));
    auto rc = cfg->restConfig(mode);
    if (!rc)
        qFatal("%s", qPrintable(rc.error().message));
    return std::make_unique<RestClient>(*rc);
}

qint64 statusKiB(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qsizetype(qstrlen(field))).trimmed().split(' ').first().toLongLong();
    return -1;
}

// Peak memory over a stretch of the test, as growth over where it started.
struct PeakMemory {
    qint64 startKiB = 0;
    PeakMemory()
    {
        QFile f(QStringLiteral("/proc/self/clear_refs"));
        if (!f.open(QIODevice::WriteOnly) || f.write("5") != 1)
            qFatal("cannot reset the peak RSS (/proc/self/clear_refs)");
        f.close();
        startKiB = statusKiB("VmRSS:");
    }
    qint64 growthMiB() const { return (statusKiB("VmHWM:") - startKiB) / 1024; }
};

// Waits, running the event loop, until done() holds (QTest::qWaitFor).
bool waitFor(const std::function<bool()> &done, int timeoutMs) { return QTest::qWaitFor(done, timeoutMs); }

ApiResponse getObject(RestClient &c, const QString &path)
{
    ApiResponse out;
    bool finished = false;
    QObject ctx;
    c.getObject(path, &ctx, [&](const ApiResponse &r) {
        out = r;
        finished = true;
    });
    if (!waitFor([&] { return finished; }, 120000))
        qFatal("no answer for %s", qPrintable(path));
    return out;
}

ListResult list(RestClient &c)
{
    ListResult out;
    bool finished = false;
    QObject ctx;
    listAll(&c, Namespaces, {}, {}, &ctx, [&](const ListResult &r) {
        out = r;
        finished = true;
    });
    if (!waitFor([&] { return finished; }, 120000))
        qFatal("the list did not end");
    return out;
}

// A client for the server's own paths (/_stats, /_reset), beside the modes.
std::unique_ptr<RestClient> rootClient()
{
    RestConfig rc = clientFor(QStringLiteral("ok"))->config();
    rc.server = rc.server.section(QLatin1Char('/'), 0, 2);
    return std::make_unique<RestClient>(rc);
}

ApiResponse rootCall(const QByteArray &method, const QString &path)
{
    auto root = rootClient();
    ApiResponse out;
    bool finished = false;
    QObject ctx;
    root->request(method, path, {}, {}, &ctx, [&](const ApiResponse &r) {
        out = r;
        finished = true;
    });
    if (!waitFor([&] { return finished; }, 10000))
        qFatal("no answer for %s", qPrintable(path));
    return out;
}

QJsonObject stats() { return QJsonDocument::fromJson(rootCall("GET", QStringLiteral("/_stats")).body).object(); }
void resetStats() { rootCall("POST", QStringLiteral("/_reset")); }

// A reflector on namespaces (LIST, then WATCH), with its store.
struct Watcher {
    std::unique_ptr<RestClient> client;
    Indexer store;
    std::unique_ptr<Reflector> reflector;
    explicit Watcher(const QString &mode, const QString &selector = {})
        : client(clientFor(mode))
    {
        ReflectorOptions o;
        o.useWatchList = false; // the hostile server is an "old" one: straight to LIST
        o.labelSelector = selector;
        reflector = std::make_unique<Reflector>(client.get(), Namespaces, o, &store, [](const QList<Delta> &) {});
        reflector->start();
    }
    QString error() const { return reflector->lastError().text(); }
};

} // namespace

class TestHostile : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(kubeconfigPath()), "NESTDECK_HOSTILE_DIR has no kubeconfig: is the hostile fixture up?");
    }

    // The baseline: the same code paths against the mode that behaves.
    void wellBehaved()
    {
        auto c = clientFor(QStringLiteral("ok"));
        const ApiResponse r = getObject(*c, QStringLiteral("/api/v1/namespaces/ns-0"));
        QVERIFY2(r.ok(), qPrintable(r.error.text()));
        const ListResult l = list(*c);
        QVERIFY2(l.ok, qPrintable(l.error.text()));
        QCOMPARE(l.items.size(), 3);
        Watcher w(QStringLiteral("ok"));
        QVERIFY2(waitFor([&] { return w.store.size() == 7; }, 20000), qPrintable(w.error()));
        QCOMPARE(w.reflector->state(), Reflector::State::Watching);
    }

    void truncatedAndMalformed_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated JSON") << "truncated" << "the server's list of namespaces cannot be read";
        QTest::newRow("connection cut mid-body") << "cut" << "broke";
        QTest::newRow("malformed JSON") << "malformed" << "the server's list of namespaces cannot be read";
        QTest::newRow("list of the wrong kind") << "wrong-kind" << "the server answered the list of namespaces with a PodList";
        QTest::newRow("continue token that repeats") << "endless-pages" << "does not end: page 2 names the same next page";
    }
    void truncatedAndMalformed()
    {
        QFETCH(QString, mode);
        QFETCH(QString, expected);
        PeakMemory mem;
        auto c = clientFor(mode);
        const ListResult l = list(*c);
        QVERIFY(!l.ok);
        QVERIFY2(l.error.text().contains(expected), qPrintable(l.error.text()));
        QVERIFY(l.items.isEmpty());
        // The reflector says the same, and keeps retrying with backoff.
        Watcher w(mode);
        QVERIFY(waitFor([&] { return w.reflector->state() == Reflector::State::Backoff; }, 20000));
        QVERIFY2(w.error().contains(expected), qPrintable(w.error()));
        QVERIFY(!w.reflector->hasSynced());
        QVERIFY2(mem.growthMiB() < 64, qPrintable(QString::number(mem.growthMiB())));
    }

    // Garbage between events: what is whole is applied, an undecodable
    // event ends the watch, and the next one resumes after the last good one.
    void garbageInWatch()
    {
        PeakMemory mem;
        Watcher w(QStringLiteral("watch-garbage"));
        QVERIFY2(waitFor([&] { return w.store.size() == 7; }, 30000), qPrintable(w.error()));
        QVERIFY2(w.error().contains(QLatin1String("not a JSON object")) || w.error().contains(QLatin1String("without type or object")) ||
                     w.error().contains(QLatin1String("undecodable object")),
                 qPrintable(w.error()));
        QVERIFY(w.reflector->watches() >= 2);
        // Small answers, whatever they say: nothing here may cost memory.
        QVERIFY2(mem.growthMiB() < 64, qPrintable(QString::number(mem.growthMiB())));
    }

    void watchMisbehaves_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("maxGrowthMiB");
        QTest::newRow("object of the wrong kind") << "wrong-kind-watch" << "the watch of namespaces sent a Pod" << 64;
        QTest::newRow("50 MiB event") << "big-watch" << "the watch of namespaces sent an event over 16 MiB" << 96;
        QTest::newRow("event that never ends") << "endless-watch" << "the watch of namespaces sent an event over 16 MiB" << 96;
    }
    void watchMisbehaves()
    {
        QFETCH(QString, mode);
        QFETCH(QString, expected);
        QFETCH(int, maxGrowthMiB);
        PeakMemory mem;
        Watcher w(mode);
        QVERIFY(waitFor([&] { return w.reflector->hasSynced() && w.reflector->state() == Reflector::State::Backoff; }, 60000));
        QVERIFY2(w.error().contains(expected), qPrintable(w.error()));
        QCOMPARE(w.store.size(), 3); // the list, and nothing of the bad watch
        w.reflector->stop();
        QVERIFY2(mem.growthMiB() < maxGrowthMiB, qPrintable(QString::number(mem.growthMiB())));
    }

    // Bodies over the limits: the transfer stops at the limit, memory stays
    // near it, the error names it.
    void oversized()
    {
        auto c = clientFor(QStringLiteral("big"));
        const ClientLimits limits = c->limits();
        QCOMPARE(limits.maxObjectBytes, qint64(16) << 20);
        QCOMPARE(limits.maxResponseBytes, qint64(128) << 20);
        {
            PeakMemory mem;
            const ApiResponse r = getObject(*c, QStringLiteral("/api/v1/namespaces/huge"));
            QVERIFY(!r.ok());
            QVERIFY2(r.error.text().contains(QLatin1String("is larger than 16 MiB; Nestdeck stopped reading it")), qPrintable(r.error.text()));
            QVERIFY2(mem.growthMiB() < 48, qPrintable(QString::number(mem.growthMiB())));
        }
        {
            // A list page may be big; one object in it may not.
            PeakMemory mem;
            const ListResult l = list(*c);
            QVERIFY(!l.ok);
            QVERIFY2(l.error.text().contains(QLatin1String("item 3 of the list is 50.0 MiB, over the limit of 16 MiB")), qPrintable(l.error.text()));
            QVERIFY2(mem.growthMiB() < 2 * 128 + 32, qPrintable(QString::number(mem.growthMiB())));
        }
        {
            // A list body that never ends stops at maxResponseBytes.
            PeakMemory mem;
            auto e = clientFor(QStringLiteral("endless"));
            const ListResult l = list(*e);
            QVERIFY(!l.ok);
            QVERIFY2(l.error.text().contains(QLatin1String("is larger than 128 MiB")), qPrintable(l.error.text()));
            QVERIFY2(mem.growthMiB() < 2 * 128 + 32, qPrintable(QString::number(mem.growthMiB())));
        }
    }

    // One byte per second: progress detection gives up after stallSeconds
    // (the default, 30 s), for a response and for a watch event alike.
    void trickle()
    {
        PeakMemory mem;
        auto c = clientFor(QStringLiteral("trickle"));
        QCOMPARE(c->limits().stallSeconds, 30);
        QElapsedTimer t;
        t.start();
        Watcher w(QStringLiteral("trickle-watch"));
        const ListResult l = list(*c);
        QVERIFY(!l.ok);
        QVERIFY2(l.error.text().contains(QLatin1String("sends too slowly: less than 256 bytes per second for 30 s")),
                 qPrintable(l.error.text()));
        QVERIFY(t.elapsed() >= 29000);
        QVERIFY(waitFor([&] { return w.reflector->state() == Reflector::State::Backoff; }, 60000));
        QVERIFY2(w.error().contains(QLatin1String("the watch of namespaces stalled: an event has been arriving for 30 s")), qPrintable(w.error()));
        QCOMPARE(w.store.size(), 3);
        // Small answers, whatever they say: nothing here may cost memory.
        QVERIFY2(mem.growthMiB() < 64, qPrintable(QString::number(mem.growthMiB())));
    }

    void contentTypes_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("login page") << "html"
                                    << QStringLiteral("the server answered with text/html instead of JSON: a web page, so a proxy or login page is "
                                                      "probably in the way (page title: \u201cSign in - Corporate Access Proxy\u201d)");
        QTest::newRow("protobuf") << "protobuf"
                                  << "the server answered with application/vnd.kubernetes.protobuf instead of JSON, which Nestdeck does "
                                     "not ask for or read";
    }
    void contentTypes()
    {
        PeakMemory mem;
        QFETCH(QString, mode);
        QFETCH(QString, expected);
        auto c = clientFor(mode);
        const ApiResponse r = getObject(*c, QStringLiteral("/api/v1/namespaces/ns-0"));
        QVERIFY(!r.ok());
        QVERIFY2(r.error.text() == expected, qPrintable(r.error.text()));
        const ListResult l = list(*c);
        QVERIFY(!l.ok);
        QVERIFY2(l.error.text().startsWith(expected.left(40)), qPrintable(l.error.text()));
        // Small answers, whatever they say: nothing here may cost memory.
        QVERIFY2(mem.growthMiB() < 64, qPrintable(QString::number(mem.growthMiB())));
    }

    // Over HTTP/1.1 each watch holds a connection: a dozen informers must all
    // sync and watch (with a per-host cap of 8 the ninth waited for minutes).
    void http1Only()
    {
        PeakMemory mem;
        std::vector<std::unique_ptr<Watcher>> watchers;
        for (int i = 0; i < 12; ++i)
            watchers.push_back(std::make_unique<Watcher>(QStringLiteral("http1"), QStringLiteral("n=%1").arg(i)));
        QVERIFY(waitFor([&] {
            for (const auto &w : watchers)
                if (w->store.size() != 7)
                    return false;
            return true;
        }, 30000));
        // Small answers, whatever they say: nothing here may cost memory.
        QVERIFY2(mem.growthMiB() < 64, qPrintable(QString::number(mem.growthMiB())));
    }

    void serverErrors_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("500 with a Status") << "500-status" << "etcdserver: request timed out";
        QTest::newRow("500 without a Status")
            << "500-plain" << "Internal server error: upstream connect error or disconnect/reset before headers. reset reason: connection failure";
    }
    void serverErrors()
    {
        PeakMemory mem;
        QFETCH(QString, mode);
        QFETCH(QString, expected);
        auto c = clientFor(mode);
        const ApiResponse r = getObject(*c, QStringLiteral("/api/v1/namespaces/ns-0"));
        QCOMPARE(r.status, 500);
        QCOMPARE(r.error.text(), expected);
        // The reflector backs off: 0.8 s doubling with jitter, not a storm.
        // Three failed lists take at least the first two waits (0.8 + 1.6 s),
        // and the server saw exactly those three requests.
        resetStats();
        QElapsedTimer t;
        t.start();
        Watcher w(mode);
        int backoffs = 0;
        connect(w.reflector.get(), &Reflector::stateChanged, this, [&](Reflector::State s) {
            if (s == Reflector::State::Backoff)
                ++backoffs;
        });
        QVERIFY(waitFor([&] { return backoffs == 3; }, 20000));
        QVERIFY2(t.elapsed() >= 2400, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(w.error(), expected);
        QCOMPARE(stats().value(mode).toInt(), 3);
        // Small answers, whatever they say: nothing here may cost memory.
        QVERIFY2(mem.growthMiB() < 64, qPrintable(QString::number(mem.growthMiB())));
    }

    void tooManyRequests()
    {
        PeakMemory mem;
        resetStats();
        auto c = clientFor(QStringLiteral("429"));
        QElapsedTimer t;
        t.start();
        // Refused twice with Retry-After: 1, then served.
        const ApiResponse r = getObject(*c, QStringLiteral("/api/v1/namespaces/ns-0"));
        QVERIFY2(r.ok(), qPrintable(r.error.text()));
        QVERIFY(t.elapsed() >= 1900);
        QCOMPARE(stats().value(QStringLiteral("429")).toInt(), 3);
        // Refused for ever: a bounded number of tries, then the server's word.
        t.restart();
        auto f = clientFor(QStringLiteral("429-forever"));
        const ApiResponse g = getObject(*f, QStringLiteral("/api/v1/namespaces/ns-0"));
        QCOMPARE(g.status, 429);
        QVERIFY2(g.error.text().endsWith(QLatin1String("(gave up after 6 tries)")), qPrintable(g.error.text()));
        QCOMPARE(stats().value(QStringLiteral("429-forever")).toInt(), 6);
        QVERIFY(t.elapsed() >= 4900);
        // Small answers, whatever they say: nothing here may cost memory.
        QVERIFY2(mem.growthMiB() < 64, qPrintable(QString::number(mem.growthMiB())));
    }

    void redirects()
    {
        PeakMemory mem;
        resetStats();
        for (const QString &mode : {QStringLiteral("redirect"), QStringLiteral("redirect-loop")}) {
            auto c = clientFor(mode);
            const ApiResponse r = getObject(*c, QStringLiteral("/api/v1/namespaces/ns-0"));
            QCOMPARE(r.status, 302);
            QVERIFY2(r.error.text().startsWith(QLatin1String("the server redirected (HTTP 302) to https://127.0.0.1:")), qPrintable(r.error.text()));
            QVERIFY2(r.error.text().contains(QLatin1String("Nestdeck does not follow redirects")), qPrintable(r.error.text()));
            Watcher w(mode);
            QVERIFY(waitFor([&] { return w.reflector->state() == Reflector::State::Backoff; }, 20000));
            QVERIFY2(w.error().contains(QLatin1String("Nestdeck does not follow redirects")), qPrintable(w.error()));
        }
        QCOMPARE(stats().value(QStringLiteral("ok")).toInt(), 0); // never followed
        // Small answers, whatever they say: nothing here may cost memory.
        QVERIFY2(mem.growthMiB() < 64, qPrintable(QString::number(mem.growthMiB())));
    }

    // The CLI meets the same server: one line that says what is wrong, exit
    // 1, no crash, and a bounded peak memory.
    void cli_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("malformed") << "malformed" << "error: the server's list of namespaces cannot be read";
        QTest::newRow("big") << "big" << "error: the server's list of namespaces cannot be read: item 3 of the list is 50.0 MiB";
        QTest::newRow("endless") << "endless" << "is larger than 128 MiB";
        QTest::newRow("html") << "html" << "the server answered with text/html instead of JSON";
        QTest::newRow("500") << "500-plain" << "upstream connect error";
        QTest::newRow("redirect") << "redirect" << "Nestdeck does not follow redirects";
        QTest::newRow("wrong kind") << "wrong-kind" << "with a PodList";
    }
    void cli()
    {
        QFETCH(QString, mode);
        QFETCH(QString, expected);
        QProcess p;
        p.start(qEnvironmentVariable("NESTDECK_CLI"),
                {QStringLiteral("--kubeconfig"), kubeconfigPath(), QStringLiteral("--context"), mode, QStringLiteral("get"), QStringLiteral("namespaces")});
        QVERIFY(p.waitForFinished(120000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains(expected), qPrintable(err));
        QVERIFY2(err.count(QLatin1Char('\n')) <= 2, qPrintable(err));
        rusage ru{};
        getrusage(RUSAGE_CHILDREN, &ru);
        QVERIFY2(ru.ru_maxrss / 1024 < 2 * 128 + 96, qPrintable(QString::number(ru.ru_maxrss / 1024)));
    }
};

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
