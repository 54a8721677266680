// The client core against the sandbox's real kube-apiserver (started by the
// ctest fixture integration.sandbox.up): authentication of every kind,
// errors, writes, paging, streaming lists, relist on 410 and convergence
// across an API server restart with writes in flight.
#include "core/kube/Access.h"
#include "core/kube/Discovery.h"
#include "core/kube/ExecCredential.h"
#include "core/kube/Kubeconfig.h"
#include "core/kube/RestClient.h"
#include "core/kube/ListerWatcher.h"
#include "core/kube/SharedInformer.h"
#include "tests/common/SandboxClient.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace nestdeck::kube;

namespace {

using namespace nestdeck::testing;

const ResourceRef ConfigMaps{QString(), QStringLiteral("v1"), QStringLiteral("configmaps"), true, QStringLiteral("ConfigMap")};
const ResourceRef Kuberneteses{QStringLiteral("apps.cozystack.io"), QStringLiteral("v1alpha1"), QStringLiteral("kuberneteses"), true,
                               QStringLiteral("Kubernetes")};

QByteArray configMap(const QString &name, const QString &value)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                     {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                                     {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
                                     {QStringLiteral("data"), QJsonObject{{QStringLiteral("v"), value}}}})
        .toJson(QJsonDocument::Compact);
}

// The server's view: "namespace/name resourceVersion" lines, sorted.
QStringList serverState(RestClient &c, const ResourceRef &ref, const QString &ns)
{
    const ApiResponse r = call(c, "GET", ref.path(ns));
    QStringList out;
    for (const auto &v : QJsonDocument::fromJson(r.body).object().value(QLatin1String("items")).toArray()) {
        const QJsonObject m = v.toObject().value(QLatin1String("metadata")).toObject();
        const QString nsName = m.value(QLatin1String("namespace")).toString();
        out << (nsName.isEmpty() ? QString() : nsName + QLatin1Char('/')) + m.value(QLatin1String("name")).toString() +
                   QLatin1Char(' ') + m.value(QLatin1String("resourceVersion")).toString();
    }
    out.sort();
    return out;
}

QStringList cacheState(const Indexer &store)
{
    QStringList out;
    for (const auto &o : store.list())
        out << o->key() + QLatin1Char(' ') + QString::fromUtf8(o->resourceVersion.toByteArray());
    out.sort();
    return out;
}

QString runSandbox(const QStringList &args)
{
    QProcess p;
    p.start(sandboxBin() + QStringLiteral("/nestdeck-sandbox"), QStringList{args.first(), QStringLiteral("--dir"), sandboxDir()} + args.mid(1));
    p.waitForFinished(120000);
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

void makeNamespace(RestClient &c, const QString &ns)
{
    call(c, "POST", QStringLiteral("/api/v1/namespaces"),
         QJsonDocument(QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), ns}}}}).toJson());
}

} // namespace

class TestIntegration : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(sandboxDir() + QStringLiteral("/kubeconfig")), "the sandbox fixture did not start");
        m_admin = std::make_unique<RestClient>(configFor(sandboxDir() + QStringLiteral("/kubeconfig")));
    }

    void clientCertificate()
    {
        const ApiResponse r = call(*m_admin, "GET", QStringLiteral("/version"));
        QVERIFY2(r.ok(), qPrintable(r.error.text()));
        QVERIFY(QJsonDocument::fromJson(r.body).object().value(QLatin1String("gitVersion")).toString().startsWith(QLatin1String("v1.34.")));
    }

    void bearerTokenAndRbac()
    {
        RestClient alice(configFor(userConfig(QStringLiteral("alice"))));
        const ApiResponse own = call(alice, "GET", Kuberneteses.path(QStringLiteral("tenant-alpha")));
        QVERIFY2(own.ok(), qPrintable(own.error.text()));
        QVERIFY(own.body.contains("\"prod\""));
        const ApiResponse other = call(alice, "GET", Kuberneteses.path(QStringLiteral("tenant-beta")));
        QCOMPARE(other.status, 403);
        QVERIFY(other.error.isForbidden());
        QCOMPARE(other.error.reason, QStringLiteral("Forbidden"));
        QVERIFY2(other.error.text().contains(QLatin1String("User \"alice\" cannot list")), qPrintable(other.error.text()));
    }

    void expiredToken()
    {
        RestClient expired(configFor(userConfig(QStringLiteral("expired"))));
        const ApiResponse r = call(expired, "GET", QStringLiteral("/api/v1/namespaces"));
        QCOMPARE(r.status, 401);
        QVERIFY(r.error.isUnauthorized());
        QVERIFY2(r.error.text().contains(QLatin1String("Not authenticated")), qPrintable(r.error.text()));
    }

    void wrongCertificateAuthority()
    {
        RestConfig rc = configFor(userConfig(QStringLiteral("alice")));
        QFile other(qEnvironmentVariable("NESTDECK_TEST_DATA") + QStringLiteral("/ca.crt"));
        QVERIFY(other.open(QIODevice::ReadOnly));
        rc.caPem = other.readAll();
        RestClient c(rc);
        const ApiResponse r = call(c, "GET", QStringLiteral("/version"));
        QCOMPARE(r.status, 0);
        QVERIFY(r.error.isTransport());
        QVERIFY2(r.error.text().contains(QLatin1String("not trusted")), qPrintable(r.error.text()));
        // Without a CA the system trust store is used, which does not know the sandbox either.
        rc.caPem.clear();
        RestClient none(rc);
        QVERIFY(call(none, "GET", QStringLiteral("/version")).error.text().contains(QLatin1String("not trusted")));
        // insecure-skip-tls-verify connects anyway (the CLI and UI flag it loudly).
        rc.insecureSkipTlsVerify = true;
        RestClient insecure(rc);
        QVERIFY(call(insecure, "GET", QStringLiteral("/version")).ok());
    }

    void execPluginRetriesOnceAfter401()
    {
        QTemporaryDir dir;
        const QString good = configFor(userConfig(QStringLiteral("alice"))).token;
        const QString script = dir.filePath(QStringLiteral("plugin.sh"));
        QFile f(script);
        QVERIFY(f.open(QIODevice::WriteOnly));
        // First run hands out a token the server rejects; later runs the good one.
        f.write("#!/bin/sh\n"
                "n=$(cat \"$COUNT\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$COUNT\"\n"
                "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$INFO\"\n"
                "if [ $n -eq 1 ]; then tok=not-a-valid-token; else tok=$GOOD; fi\n"
                "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                "\"status\":{\"token\":\"%s\",\"expirationTimestamp\":\"2099-01-01T00:00:00Z\"}}' \"$tok\"\n");
        f.close();
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        RestConfig rc = configFor(userConfig(QStringLiteral("alice")));
        rc.token.clear();
        ExecConfig e;
        e.apiVersion = QStringLiteral("client.authentication.k8s.io/v1");
        e.command = script;
        e.interactiveMode = QStringLiteral("Never");
        e.provideClusterInfo = true;
        e.env = {{QStringLiteral("COUNT"), dir.filePath(QStringLiteral("count"))},
                 {QStringLiteral("INFO"), dir.filePath(QStringLiteral("info"))},
                 {QStringLiteral("GOOD"), good}};
        rc.exec = e;
        RestClient c(rc);
        const ApiResponse r = call(c, "GET", Kuberneteses.path(QStringLiteral("tenant-alpha")));
        QVERIFY2(r.ok(), qPrintable(r.error.text()));
        auto count = [&] {
            QFile cf(dir.filePath(QStringLiteral("count")));
            return cf.open(QIODevice::ReadOnly) ? cf.readAll().trimmed().toInt() : -1;
        };
        QCOMPARE(count(), 2);
        // Cached until it expires: no third run.
        QVERIFY(call(c, "GET", Kuberneteses.path(QStringLiteral("tenant-alpha"))).ok());
        QCOMPARE(count(), 2);
        QFile info(dir.filePath(QStringLiteral("info")));
        QVERIFY(info.open(QIODevice::ReadOnly));
        const QJsonObject execInfo = QJsonDocument::fromJson(info.readAll()).object();
        QCOMPARE(execInfo.value(QLatin1String("kind")).toString(), QStringLiteral("ExecCredential"));
        QCOMPARE(execInfo.value(QLatin1String("spec")).toObject().value(QLatin1String("cluster")).toObject().value(QLatin1String("server")).toString(),
                 rc.server);
    }

    void execPluginMissingShowsInstallHint()
    {
        RestConfig rc = configFor(userConfig(QStringLiteral("alice")));
        rc.token.clear();
        ExecConfig e;
        e.apiVersion = QStringLiteral("client.authentication.k8s.io/v1beta1");
        e.command = QStringLiteral("kubelogin-not-installed");
        e.installHint = QStringLiteral("Install kubelogin: https://github.com/int128/kubelogin");
        e.interactiveMode = QStringLiteral("IfAvailable");
        rc.exec = e;
        RestClient c(rc);
        const ApiResponse r = call(c, "GET", QStringLiteral("/version"));
        QVERIFY(!r.ok());
        QVERIFY2(r.error.text().contains(QLatin1String("was not found in PATH. Install kubelogin")), qPrintable(r.error.text()));
    }

    void writesAndTypedErrors()
    {
        const QString ns = QStringLiteral("it-writes");
        makeNamespace(*m_admin, ns);
        const QString coll = ConfigMaps.path(ns);
        // dryRun=All validates and persists nothing.
        QObject ctx;
        QEventLoop loop;
        ApiResponse dry;
        m_admin->create(coll, configMap(QStringLiteral("dry"), QStringLiteral("1")), WriteOptions{true, QStringLiteral("nestdeck-test")}, &ctx,
                        [&](const ApiResponse &r) { dry = r; loop.quit(); });
        loop.exec();
        QCOMPARE(dry.status, 201);
        QCOMPARE(call(*m_admin, "GET", ConfigMaps.objectPath(ns, QStringLiteral("dry"))).status, 404);

        const ApiResponse created = call(*m_admin, "POST", coll, configMap(QStringLiteral("cm"), QStringLiteral("1")));
        QCOMPARE(created.status, 201);
        const QJsonObject obj = QJsonDocument::fromJson(created.body).object();
        const QString uid = obj[QStringLiteral("metadata")].toObject()[QStringLiteral("uid")].toString();
        QCOMPARE(call(*m_admin, "POST", coll, configMap(QStringLiteral("cm"), QStringLiteral("1"))).error.reason, QStringLiteral("AlreadyExists"));
        const ApiResponse merged = call(*m_admin, "PATCH", ConfigMaps.objectPath(ns, QStringLiteral("cm")), "{\"data\":{\"v\":\"2\"}}",
                                        "application/merge-patch+json");
        QVERIFY2(merged.ok(), qPrintable(merged.error.text()));
        const ApiResponse patched = call(*m_admin, "PATCH", ConfigMaps.objectPath(ns, QStringLiteral("cm")),
                                         "[{\"op\":\"replace\",\"path\":\"/data/v\",\"value\":\"3\"}]", "application/json-patch+json");
        QVERIFY2(patched.ok(), qPrintable(patched.error.text()));
        QVERIFY(patched.body.contains("\"v\":\"3\""));
        // An update with a stale resourceVersion is a 409 Conflict.
        QJsonObject stale = obj;
        QCOMPARE(call(*m_admin, "PUT", ConfigMaps.objectPath(ns, QStringLiteral("cm")), QJsonDocument(stale).toJson()).status, 409);
        // Deleting with a wrong UID precondition is refused; the right one works.
        DeleteOptions wrong;
        wrong.preconditionUid = QStringLiteral("00000000-0000-0000-0000-000000000000");
        ApiResponse del;
        m_admin->remove(ConfigMaps.objectPath(ns, QStringLiteral("cm")), wrong, &ctx, [&](const ApiResponse &r) { del = r; loop.quit(); });
        loop.exec();
        QCOMPARE(del.status, 409);
        DeleteOptions right;
        right.preconditionUid = uid;
        right.propagationPolicy = QStringLiteral("Foreground");
        m_admin->remove(ConfigMaps.objectPath(ns, QStringLiteral("cm")), right, &ctx, [&](const ApiResponse &r) { del = r; loop.quit(); });
        loop.exec();
        QVERIFY2(del.ok(), qPrintable(del.error.text()));
        // What the platform's application server refuses (a name; not its
        // schema, which it does not check): Invalid with causes.
        const ApiResponse invalid = call(*m_admin, "POST", Kuberneteses.path(QStringLiteral("tenant-root")) + QStringLiteral("?dryRun=All"),
                                         "{\"apiVersion\":\"apps.cozystack.io/v1alpha1\",\"kind\":\"Kubernetes\",\"metadata\":{\"name\":\"Bad\"},"
                                         "\"spec\":{\"version\":\"v9.99\"}}");
        QCOMPARE(invalid.status, 422);
        QCOMPARE(invalid.error.reason, QStringLiteral("Invalid"));
        QVERIFY(!invalid.error.fieldCauses.isEmpty());
        QVERIFY2(invalid.error.text().contains(QLatin1String("metadata.name")), qPrintable(invalid.error.text()));
    }

    void discoveryResolvesPlatformNames()
    {
        QObject ctx;
        QEventLoop loop;
        QList<ApiResourceInfo> all;
        Discovery::fetch(m_admin.get(), &ctx, [&](const auto &r) {
            QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
            all = *r;
            loop.quit();
        });
        loop.exec();
        QCOMPARE(Discovery::resolve(all, QStringLiteral("kuberneteses"))->id(), QStringLiteral("kuberneteses.apps.cozystack.io"));
        QCOMPARE(Discovery::resolve(all, QStringLiteral("Kubernetes"))->id(), QStringLiteral("kuberneteses.apps.cozystack.io"));
        QCOMPARE(Discovery::resolve(all, QStringLiteral("hr"))->id(), QStringLiteral("helmreleases.helm.toolkit.fluxcd.io"));
        QCOMPARE(Discovery::resolve(all, QStringLiteral("cm"))->id(), QStringLiteral("configmaps"));
        QCOMPARE(Discovery::resolve(all, QStringLiteral("machines.cluster.x-k8s.io"))->version, QStringLiteral("v1beta1"));
        QVERIFY(!Discovery::resolve(all, QStringLiteral("virtualmachineclusterinstancetypes"))->namespaced);
        QVERIFY(!Discovery::resolve(all, QStringLiteral("nothing-like-this")));
    }

    void pagingOver2000Objects()
    {
        const QString ns = QStringLiteral("it-paging");
        makeNamespace(*m_admin, ns);
        // 2,000 creates in flight at once over one HTTP/2 connection.
        Transport transport;
        RestClient c(m_admin->config(), std::shared_ptr<Transport>(&transport, [](Transport *) {}));
        QObject ctx;
        int done = 0, failed = 0;
        for (int i = 0; i < 2000; ++i)
            c.create(ConfigMaps.path(ns), configMap(QStringLiteral("cm-%1").arg(i, 4, 10, QLatin1Char('0')), QString::number(i)), {}, &ctx,
                     [&](const ApiResponse &r) {
                         ++done;
                         if (!r.ok() && r.error.reason != QLatin1String("AlreadyExists"))
                             ++failed;
                     });
        QTRY_COMPARE_WITH_TIMEOUT(done, 2000, 120000);
        QCOMPARE(failed, 0);
        // Past the server's concurrent-stream limit curl opens more connections:
        // 2,000 requests at no fewer than 100 streams per connection need 20 at most.
        QVERIFY2(transport.connectionsOpened() <= 20, qPrintable(QString::number(transport.connectionsOpened())));

        ReflectorOptions o;
        o.ns = ns;
        o.pageSize = 500;
        o.useWatchList = false;
        SharedInformer inf(&c, ConfigMaps, o);
        QSignalSpy synced(&inf, &SharedInformer::synced);
        inf.start();
        QVERIFY(synced.wait(60000));
        QVERIFY2(inf.reflector().pages() >= 4, qPrintable(QString::number(inf.reflector().pages())));
        QCOMPARE(cacheState(inf.store()), serverState(*m_admin, ConfigMaps, ns));
        QVERIFY(inf.store().size() >= 2000);
    }

    void streamingInitialList()
    {
        ReflectorOptions o;
        o.ns = QStringLiteral("it-paging");
        o.useWatchList = true;
        SharedInformer inf(m_admin.get(), ConfigMaps, o);
        QSignalSpy synced(&inf, &SharedInformer::synced);
        inf.start();
        QVERIFY(synced.wait(60000));
        QCOMPARE(cacheState(inf.store()), serverState(*m_admin, ConfigMaps, o.ns));
        // The sandbox's API server streams initial lists: this is that path.
        QVERIFY(inf.reflector().usedWatchList());
    }

    // An older platform release's cozystack-api ignores sendInitialEvents: a
    // watch from "" starts with ADDED events and never ends them with the
    // bookmark. The running sandbox is switched to that behaviour for this
    // test (its behaviour file): the informer of applications still syncs,
    // by listing, follows changes, and remembers that this group does not
    // stream lists.
    void watchSyncsOnAnOlderRelease()
    {
        const QString behaviour = sandboxDir() + QStringLiteral("/behaviour.json");
        QFile f(behaviour);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{\"initialEvents\": false}");
        f.close();
        struct Restore {
            QString path;
            ~Restore() { QFile::remove(path); }
        } restore{behaviour};

        RestClient c(configFor(sandboxDir() + QStringLiteral("/kubeconfig"))); // its own memory of what servers do
        ReflectorOptions o;
        o.ns = QStringLiteral("tenant-root");
        o.useWatchList = true;
        SharedInformer inf(&c, Kuberneteses, o);
        QSignalSpy synced(&inf, &SharedInformer::synced);
        inf.start();
        QVERIFY(synced.wait(60000));
        // The same objects as a LIST (their versions may move on meanwhile: a
        // WorkloadMonitor's change reaches watches with its own version).
        auto names = [](QStringList state) {
            for (QString &line : state)
                line = line.section(QLatin1Char(' '), 0, 0);
            return state;
        };
        QCOMPARE(names(cacheState(inf.store())), names(serverState(*m_admin, Kuberneteses, o.ns)));
        QVERIFY(!names(cacheState(inf.store())).isEmpty());
        QVERIFY(!inf.reflector().usedWatchList());
        QTRY_VERIFY_WITH_TIMEOUT(c.listerWatcher()->watchListUnsupported(Kuberneteses.apiVersion()), 20000);
        // Live after the list: a change arrives by the watch.
        QTRY_VERIFY_WITH_TIMEOUT(inf.reflector().state() == Reflector::State::Watching, 20000);
        const QString name = cacheState(inf.store()).first().section(QLatin1Char(' '), 0, 0).section(QLatin1Char('/'), -1);
        QSignalSpy changed(&inf, &SharedInformer::changed);
        const QByteArray patch = "{\"metadata\":{\"annotations\":{\"test.nestdeck.io/older-release\":\"seen\"}}}";
        QVERIFY(call(*m_admin, "PATCH", Kuberneteses.objectPath(o.ns, name), patch, "application/merge-patch+json").ok());
        QTRY_VERIFY_WITH_TIMEOUT(inf.store().get(o.ns + QLatin1Char('/') + name) &&
                                     inf.store().get(o.ns + QLatin1Char('/') + name)->json().contains("older-release"),
                                 20000);
    }

    // A first streamed list goes into the empty store as it comes, with no
    // replace at its end: the deltas alone rebuild the server's state,
    // synced() comes once and after them. A handler of synced() that stops
    // the informer stops it (nothing that followed the sync starts a watch
    // or sets it Watching), and it starts again.
    void streamingInitialListDeltasAndStopInSynced()
    {
        ReflectorOptions o;
        o.ns = QStringLiteral("it-paging");
        o.useWatchList = true;
        // Before the informer: its destructor still reports (Stopped) to them.
        QStringList shadow;
        int syncs = 0, deltasBeforeFirstSync = 0;
        QList<Reflector::State> states;
        SharedInformer inf(m_admin.get(), ConfigMaps, o);
        connect(&inf, &SharedInformer::changed, this, [&](const QList<Delta> &deltas) {
            for (const Delta &d : deltas) {
                QVERIFY(d.type == Delta::Added); // into an empty store: only additions
                shadow << d.object->key() + QLatin1Char(' ') + QString::fromUtf8(d.object->resourceVersion.toByteArray());
            }
            if (syncs == 0)
                deltasBeforeFirstSync += int(deltas.size());
        });
        connect(&inf, &SharedInformer::stateChanged, this, [&](Reflector::State st) { states << st; });
        connect(&inf, &SharedInformer::synced, this, [&] {
            ++syncs;
            inf.stop();
        });
        QSignalSpy synced(&inf, &SharedInformer::synced);
        inf.start();
        QVERIFY(synced.wait(60000));
        QVERIFY(inf.reflector().usedWatchList());
        const QStringList server = serverState(*m_admin, ConfigMaps, o.ns);
        shadow.sort();
        QCOMPARE(shadow, server);
        QCOMPARE(deltasBeforeFirstSync, server.size());
        QCOMPARE(cacheState(inf.store()), server);
        QCOMPARE(inf.reflector().state(), Reflector::State::Stopped);
        QCOMPARE(states.last(), Reflector::State::Stopped);
        QVERIFY(!states.contains(Reflector::State::Watching));
        // Started again, it lists again into the store it has: a replace that changes nothing.
        const int watchesBefore = inf.reflector().watches();
        inf.start();
        QVERIFY(QTest::qWaitFor([&] { return inf.reflector().state() == Reflector::State::Watching; }, 60000));
        QVERIFY(inf.reflector().watches() > watchesBefore);
        QCOMPARE(cacheState(inf.store()), serverState(*m_admin, ConfigMaps, o.ns));
        QCOMPARE(syncs, 1);
    }

    void relistAfter410()
    {
        const QString ns = QStringLiteral("it-410");
        makeNamespace(*m_admin, ns);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(call(*m_admin, "POST", ConfigMaps.path(ns), configMap(QStringLiteral("a%1").arg(i), QStringLiteral("x"))).status, 201);
        ReflectorOptions o;
        o.ns = ns;
        o.useWatchList = false;
        SharedInformer inf(m_admin.get(), ConfigMaps, o);
        QSignalSpy synced(&inf, &SharedInformer::synced);
        inf.start();
        QVERIFY(synced.wait(60000));
        const int listsBefore = inf.reflector().lists();
        // Move etcd on without touching this namespace, compact, restart the
        // API server: the reflector's resourceVersion is now too old.
        makeNamespace(*m_admin, QStringLiteral("it-410-other"));
        for (int i = 0; i < 20; ++i)
            call(*m_admin, "POST", ConfigMaps.path(QStringLiteral("it-410-other")), configMap(QStringLiteral("b%1").arg(i), QStringLiteral("y")));
        QVERIFY(runSandbox({QStringLiteral("compact")}).contains(QLatin1String("compacted")));
        QVERIFY(runSandbox({QStringLiteral("restart-apiserver")}).contains(QLatin1String("restarted")));
        QTRY_VERIFY_WITH_TIMEOUT(inf.reflector().lists() > listsBefore, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(inf.reflector().state() == Reflector::State::Watching, 60000);
        // Changes after the relist still arrive.
        QCOMPARE(call(*m_admin, "POST", ConfigMaps.path(ns), configMap(QStringLiteral("after"), QStringLiteral("z"))).status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(cacheState(inf.store()), serverState(*m_admin, ConfigMaps, ns), 30000);
    }

    void restartWithWritesInFlightConverges()
    {
        const QString ns = QStringLiteral("it-restart");
        makeNamespace(*m_admin, ns);
        ReflectorOptions o;
        o.ns = ns;
        SharedInformer inf(m_admin.get(), ConfigMaps, o);
        // A shadow copy built only from delivered deltas: it must end equal to
        // the cache, which proves handlers saw no lost and no duplicated update.
        QMap<QString, QByteArray> shadow;
        int duplicates = 0;
        connect(&inf, &SharedInformer::changed, this, [&](const QList<Delta> &deltas) {
            for (const Delta &d : deltas) {
                const QString key = d.object->key();
                if (d.type == Delta::Deleted)
                    shadow.remove(key);
                else {
                    if (shadow.value(key) == d.object->resourceVersion)
                        ++duplicates;
                    shadow.insert(key, d.object->resourceVersion.toByteArray());
                }
            }
        });
        QSignalSpy synced(&inf, &SharedInformer::synced);
        inf.start();
        QVERIFY(synced.wait(60000));

        // A writer: creates, updates and deletes, one request at a time, and
        // keeps going (retrying failures) while the API server restarts.
        QObject ctx;
        int step = 0, finished = 0;
        const int steps = 300;
        std::function<void()> next = [&] {
            if (step >= steps) {
                finished = 1;
                return;
            }
            const int i = step;
            const QString name = QStringLiteral("w%1").arg(i % 40);
            auto after = [&](const ApiResponse &r) {
                if (r.status == 0 || r.status >= 500) {
                    QTimer::singleShot(50, &ctx, next); // the server is restarting: try again
                    return;
                }
                ++step;
                QTimer::singleShot(5, &ctx, next);
            };
            switch (i % 3) {
            case 0:
                m_admin->create(ConfigMaps.path(ns), configMap(name, QString::number(i)), {}, &ctx, after);
                break;
            case 1:
                m_admin->mergePatch(ConfigMaps.objectPath(ns, name), QStringLiteral("{\"data\":{\"v\":\"%1\"}}").arg(i).toUtf8(), {}, &ctx, after);
                break;
            default:
                if (i % 6 == 5)
                    m_admin->remove(ConfigMaps.objectPath(ns, name), {}, &ctx, after);
                else
                    m_admin->mergePatch(ConfigMaps.objectPath(ns, name), QStringLiteral("{\"data\":{\"w\":\"%1\"}}").arg(i).toUtf8(), {}, &ctx, after);
            }
        };
        next();
        QTRY_VERIFY_WITH_TIMEOUT(step >= steps / 3, 60000);
        QProcess restart;
        restart.start(sandboxBin() + QStringLiteral("/nestdeck-sandbox"), {QStringLiteral("restart-apiserver"), QStringLiteral("--dir"), sandboxDir()});
        QTRY_VERIFY_WITH_TIMEOUT(restart.state() == QProcess::NotRunning, 120000);
        QVERIFY2(restart.exitCode() == 0, restart.readAllStandardError().constData());
        QTRY_VERIFY_WITH_TIMEOUT(finished == 1, 180000);
        QTRY_COMPARE_WITH_TIMEOUT(cacheState(inf.store()), serverState(*m_admin, ConfigMaps, ns), 60000);
        QStringList fromDeltas;
        for (auto it = shadow.cbegin(); it != shadow.cend(); ++it)
            fromDeltas << it.key() + QLatin1Char(' ') + QString::fromUtf8(it.value());
        fromDeltas.sort();
        QCOMPARE(fromDeltas, cacheState(inf.store()));
        QCOMPARE(duplicates, 0);
        QVERIFY(inf.reflector().watches() >= 2); // it really was disconnected
    }

    void manyWatchesShareOneConnection()
    {
        Transport transport;
        RestClient c(m_admin->config(), std::shared_ptr<Transport>(&transport, [](Transport *) {}));
        const QStringList resources = {QStringLiteral("configmaps"), QStringLiteral("secrets"), QStringLiteral("namespaces"),
                                       QStringLiteral("events"), QStringLiteral("serviceaccounts"), QStringLiteral("services"),
                                       QStringLiteral("resourcequotas"), QStringLiteral("limitranges")};
        std::vector<std::unique_ptr<SharedInformer>> informers;
        int synced = 0;
        for (const QString &r : resources) {
            ResourceRef ref{QString(), QStringLiteral("v1"), r, r != QLatin1String("namespaces"), QString()};
            informers.push_back(std::make_unique<SharedInformer>(&c, ref));
            connect(informers.back().get(), &SharedInformer::synced, this, [&] { ++synced; });
            informers.back()->start();
        }
        QTRY_COMPARE_WITH_TIMEOUT(synced, int(resources.size()), 60000);
        QVERIFY2(transport.connectionsOpened() <= 2,
                 qPrintable(QStringLiteral("%1 connections for %2 watches").arg(transport.connectionsOpened()).arg(resources.size())));
    }

    void accessReviewsAndOpenApi()
    {
        RestClient alice(configFor(userConfig(QStringLiteral("alice"))));
        RestClient victor(configFor(userConfig(QStringLiteral("victor"))));
        QObject ctx;
        auto ask = [&](RestClient &c, const AccessQuery &q) {
            QEventLoop loop;
            AccessAnswer out;
            checkAccess(&c, q, &ctx, [&](const AccessAnswer &a) { out = a; loop.quit(); });
            loop.exec();
            return out;
        };
        const AccessQuery create{QStringLiteral("create"), QStringLiteral("apps.cozystack.io"), QStringLiteral("kuberneteses"), QStringLiteral("tenant-alpha"), {}};
        QVERIFY(ask(alice, create).allowed);
        AccessQuery betaCreate = create;
        betaCreate.ns = QStringLiteral("tenant-beta");
        QVERIFY(!ask(alice, betaCreate).allowed);
        QVERIFY(!ask(victor, betaCreate).allowed); // view only
        AccessQuery betaList = betaCreate;
        betaList.verb = QStringLiteral("list");
        QVERIFY(ask(victor, betaList).allowed);
        const AccessQuery secret{QStringLiteral("get"), QString(), QStringLiteral("secrets"), QStringLiteral("tenant-beta"),
                                 QStringLiteral("kubernetes-broken-admin-kubeconfig")};
        QVERIFY(!ask(victor, secret).allowed);

        QEventLoop loop;
        QJsonObject rules;
        listRules(&alice, QStringLiteral("tenant-alpha"), &ctx, [&](const QJsonObject &st, const ApiError &e) {
            QVERIFY2(e.message.isEmpty(), qPrintable(e.text()));
            rules = st;
            loop.quit();
        });
        loop.exec();
        QVERIFY(QJsonDocument(rules).toJson().contains("kuberneteses"));

        QJsonObject doc;
        fetchOpenApiV3(m_admin.get(), QStringLiteral("apps.cozystack.io"), QStringLiteral("v1alpha1"), &ctx, [&](const QJsonObject &d, const ApiError &e) {
            QVERIFY2(e.message.isEmpty(), qPrintable(e.text()));
            doc = d;
            loop.quit();
        });
        loop.exec();
        // The Kubernetes app's spec schema, with the seed table's defaults.
        const QJsonObject schemas = doc[QStringLiteral("components")].toObject()[QStringLiteral("schemas")].toObject();
        const QJsonObject k = schemas[QStringLiteral("io.cozystack.apps.v1alpha1.Kubernetes")].toObject();
        QCOMPARE(k[QStringLiteral("properties")].toObject()[QStringLiteral("spec")].toObject()[QStringLiteral("properties")].toObject()
                     [QStringLiteral("storageClass")].toObject()[QStringLiteral("default")].toString(),
                 QStringLiteral("replicated"));
    }

    void cliSyncDumpMatchesServer()
    {
        QTemporaryDir dir;
        const QString dump = dir.filePath(QStringLiteral("dump.txt"));
        QProcess cli;
        cli.start(qEnvironmentVariable("NESTDECK_CLI"), {QStringLiteral("--kubeconfig"), sandboxDir() + QStringLiteral("/kubeconfig"),
                                                         QStringLiteral("sync"), QStringLiteral("configmaps"), QStringLiteral("-n"),
                                                         QStringLiteral("it-paging"), QStringLiteral("--dump"), dump});
        QVERIFY(cli.waitForFinished(120000));
        const QByteArray output = cli.readAllStandardOutput();
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        QVERIFY(output.contains("objects: "));
        QVERIFY(output.contains("bytes/object: "));
        QFile f(dump);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines, serverState(*m_admin, ConfigMaps, QStringLiteral("it-paging")));

        QProcess bad;
        bad.start(qEnvironmentVariable("NESTDECK_CLI"), {QStringLiteral("--kubeconfig"), userConfig(QStringLiteral("expired")),
                                                         QStringLiteral("get"), QStringLiteral("namespaces")});
        QVERIFY(bad.waitForFinished(60000));
        QCOMPARE(bad.exitCode(), 1);
        QVERIFY(bad.readAllStandardError().contains("error: "));
    }

private:
    std::unique_ptr<RestClient> m_admin;
};

QTEST_GUILESS_MAIN(TestIntegration)
#include "tst_integration.moc"
