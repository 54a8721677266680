// UI scale benchmark: the dashboard's models (no window) on a sandbox with
// thousands of clusters. Measures load, filtering, sorting and an event storm,
// and how long the event loop (the GUI thread) is blocked while they happen.
//   bench_ui --kubeconfig FILE [--storm N] [--json FILE]
#include "core/kube/Kubeconfig.h"
#include "core/kube/RestClient.h"
#include "qml/Clusters/ClusterTableModel.h"
#include "qml/Tenants/TenantModel.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QThread>
#include <QTimer>

#include <atomic>

#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace nestdeck;
using namespace nestdeck::platform;

namespace {
// Measures the gaps between turns of the event loop: a 2 ms timer that is
// late by X ms means the GUI thread was busy for X ms.
class StallProbe : public QObject {
public:
    StallProbe()
    {
        m_timer.setInterval(2);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last > 0)
                m_gaps.push_back(double(now - m_last) / 1e6);
            m_last = now;
        });
    }
    void start()
    {
        m_gaps.clear();
        m_last = 0;
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double max() const { return m_gaps.empty() ? 0 : *std::max_element(m_gaps.begin(), m_gaps.end()); }
    double p99() const
    {
        if (m_gaps.empty())
            return 0;
        std::vector<double> g = m_gaps;
        std::sort(g.begin(), g.end());
        return g[size_t(double(g.size() - 1) * 0.99)];
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<double> m_gaps;
};

// Bytes the allocator has handed out and not got back: the live data, without
// what freed memory the allocator keeps (RSS counts both).
double heapMiB() { return double(mallinfo2().uordblks) / 1048576.0; }

long rssKiB()
{
    FILE *f = std::fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (f) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        std::fclose(f);
    }
    return resident * 4;
}

void waitUntil(const std::function<bool()> &cond, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!cond() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
}

// Every figure printed, for --json.
QJsonObject g_figures;

void row(const char *what, double ms, const StallProbe *probe = nullptr)
{
    QJsonObject f{{QStringLiteral("ms"), ms}};
    if (probe) {
        f.insert(QStringLiteral("guiStallMaxMs"), probe->max());
        f.insert(QStringLiteral("guiStallP99Ms"), probe->p99());
    }
    g_figures.insert(QString::fromUtf8(what), f);
    if (probe)
        std::printf("  %-52s %9.1f ms   GUI stall max %7.1f ms, p99 %6.1f ms\n", what, ms, probe->max(), probe->p99());
    else
        std::printf("  %-52s %9.1f ms\n", what, ms);
    std::fflush(stdout);
}
} // namespace

int main(int argc, char **argv)
{
    // A line as soon as it is measured, also into a pipe or a log: a run at
    // 20,000 clusters takes minutes.
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser p;
    QCommandLineOption kubeconfig(QStringLiteral("kubeconfig"), QStringLiteral("kubeconfig"), QStringLiteral("file"));
    QCommandLineOption storm(QStringLiteral("storm"), QStringLiteral("clusters to patch in the event storm"), QStringLiteral("n"), QStringLiteral("1000"));
    QCommandLineOption json(QStringLiteral("json"), QStringLiteral("write the figures to this file"), QStringLiteral("file"));
    p.addOptions({kubeconfig, storm, json});
    p.process(app);
    auto cfg = kube::Kubeconfig::loadFile(p.value(kubeconfig));
    if (!cfg) {
        std::fprintf(stderr, "%s\n", qPrintable(cfg.error().message));
        return 1;
    }
    const auto rc = cfg->restConfig();
    StallProbe probe;
    const long rss0 = rssKiB();

    // 1. Connect and load every cluster into the table.
    probe.start();
    QElapsedTimer t;
    t.start();
    PlatformSession session(*rc);
    ClusterTableModel table;
    TenantModel tenants;
    table.followSession(&session);
    tenants.followSession(&session);
    ClusterFilterModel filter;
    filter.setSourceModel(&table);
    filter.sortBy(ClusterTableModel::Name, true); // as the clusters page does from the start
    const double heap0 = heapMiB();
    session.start();
    qint64 firstRow = -1;
    QObject::connect(&table, &QAbstractItemModel::rowsInserted, &app, [&] {
        if (firstRow < 0)
            firstRow = t.elapsed();
    });
    waitUntil([&] { return session.state() == PlatformSession::State::Synced && session.helmReleases()->hasSynced() &&
                           session.machines()->hasSynced(); }, 600000);
    const double loadMs = double(t.elapsed());
    probe.stop();
    const int n = table.count();
    std::printf("== %d clusters, %d tenants; %lld HelmReleases, %lld Machines, %lld MachineDeployments cached\n", n, tenants.rowCount() - 1,
                qlonglong(session.helmReleases()->size()), qlonglong(session.machines()->size()), qlonglong(session.machineDeployments()->size()));
    row("first rows on screen after connecting", double(firstRow));
    row("all clusters and their trees loaded", loadMs, &probe);
    const double heapLoaded = heapMiB() - heap0;

    // 2. Derive every cluster's health (what sorting by health needs): on a
    // worker thread, so what matters is how long it takes and that the GUI
    // thread stays free meanwhile.
    probe.start();
    t.restart();
    for (int r = 0; r < n; ++r)
        (void)table.statusAt(r);
    waitUntil([&] { return table.pendingStatuses() == 0; }, 600000);
    probe.stop();
    row(qPrintable(QStringLiteral("derive health of all %1 clusters (worker)").arg(n)), double(t.nsecsElapsed()) / 1e6, &probe);

    // The session gives the freed transients of the load back once it is
    // quiet (HeapTrim): resident memory is measured after that, as a user
    // would see it a few seconds later.
    int trims = 0;
    QObject::connect(session.heapTrim(), &HeapTrim::trimmed, &app, [&] { ++trims; });
    auto settled = [&] {
        const int before = trims;
        waitUntil([&] { return trims > before; }, 15000);
        return rssKiB();
    };
    const long rssLoaded = settled();

    // Where the memory is, before the storm adds its transients: the heap as
    // a whole, and what the cached objects themselves hold (JSON and the
    // extracted fields, KubeObject::memoryBytes), per resource.
    {
        qint64 objects = 0, objectBytes = 0;
        QStringList perKind;
        for (const ResourceCache *c : session.caches()) {
            qint64 bytes = 0;
            const QList<kube::ObjectPtr> all = c->all();
            for (const kube::ObjectPtr &o : all)
                bytes += o->memoryBytes();
            objects += all.size();
            objectBytes += bytes;
            if (!all.isEmpty())
                perKind << QStringLiteral("%1 %2").arg(c->resource().kind).arg(bytes / all.size());
        }
        const double heap = heapMiB() - heap0;
        std::printf("  %-52s %9.1f MiB (%.0f bytes per cached object; the objects themselves %.0f)\n",
                    "live heap after load and health", heap, objects ? heap * 1048576.0 / double(objects) : 0.0,
                    objects ? double(objectBytes) / double(objects) : 0.0);
        std::printf("  %-52s %9.1f MiB before health (%.1f MiB of it for %d clusters' health)\n", "", heapLoaded, heap - heapLoaded, n);
        std::printf("  %-52s %s\n", "bytes per cached object, by kind", qPrintable(perKind.join(QStringLiteral(", "))));
        const double resident = double(rssLoaded - rss0) / 1024.0;
        std::printf("  %-52s %9.1f MiB (%.0f bytes per cached object; %.1f MiB in all)\n", "resident after load and health (trimmed)",
                    resident, objects ? resident * 1048576.0 / double(objects) : 0.0, double(rssLoaded) / 1024.0);
        g_figures.insert(QStringLiteral("residentAfterLoadMiB"), resident);
        g_figures.insert(QStringLiteral("residentTotalAfterLoadMiB"), double(rssLoaded) / 1024.0);
        g_figures.insert(QStringLiteral("heapAfterLoadMiB"), heap);
        g_figures.insert(QStringLiteral("objectBytesPerCachedObject"), objects ? double(objectBytes) / double(objects) : 0.0);
    }

    // 3. Typing a filter, one keystroke at a time: a name from the data, so
    // that it matches at any scale.
    double worst = 0, total = 0;
    const QString query = n > 0 ? table.keyAt(n / 2).section(QLatin1Char('/'), 1) : QStringLiteral("none");
    for (int i = 1; i <= query.size(); ++i) {
        t.restart();
        filter.setFilterString(query.left(i));
        const double ms = double(t.nsecsElapsed()) / 1e6;
        worst = std::max(worst, ms);
        total += ms;
    }
    row(qPrintable(QStringLiteral("filter keystroke (avg over \"%1\")").arg(query)), total / double(query.size()));
    row("filter keystroke (worst)", worst);
    std::printf("  %-52s %9d rows\n", "rows matching", filter.rowCount());
    g_figures.insert(QStringLiteral("rows matching"), filter.rowCount());
    filter.setFilterString(QString());

    // 4. Sorting.
    for (const auto &[col, name] : {std::pair{int(ClusterTableModel::Name), "sort by name"}, std::pair{int(ClusterTableModel::Health), "sort by health"},
                                    std::pair{int(ClusterTableModel::Age), "sort by age"}}) {
        t.restart();
        filter.sortBy(col, true);
        row(name, double(t.nsecsElapsed()) / 1e6);
    }

    // 5. An event storm: N clusters change at once on the server. The patches
    // are sent from a thread of their own: submitting 2,000 requests costs
    // seconds of CPU, and that is the writer's, not the dashboard's. At most
    // StormWindow are in flight, as a controller's workers would have: 2,000
    // at once queue behind the connection's stream limit, and those that wait
    // longer than a request's timeout fail without reaching the server.
    constexpr int StormWindow = 100;
    const int stormN = std::min(p.value(storm).toInt(), n);
    QList<QString> stormKeys;
    for (int r = 0; r < stormN; ++r)
        stormKeys << table.keyAt(r);
    QThread writerThread;
    writerThread.start();
    QObject writerCtx;
    writerCtx.moveToThread(&writerThread);
    std::atomic<int> done{0};
    // Done when the cache holds every written version (equality of versions
    // only: nothing else writes these objects meanwhile).
    QMutex writtenLock;
    QHash<QString, QByteArray> written;
    QStringList failures; // under writtenLock
    int next = 0;          // writer thread only
    const QString stamp = QString::number(QDateTime::currentMSecsSinceEpoch());
    kube::RestClient *writer = nullptr;
    std::function<void()> sendNext = [&] {
        if (next >= stormN)
            return;
        const QString key = stormKeys.at(next++);
        const QString ns = key.section(QLatin1Char('/'), 0, 0), name = key.section(QLatin1Char('/'), 1);
        writer->mergePatch(PlatformSession::KubernetesRef.objectPath(ns, name),
                           QStringLiteral("{\"metadata\":{\"annotations\":{\"bench.nestdeck.io/storm\":\"%1\"}}}").arg(stamp).toUtf8(),
                           {}, &writerCtx, [&, key](const kube::ApiResponse &resp) {
                               {
                                   QMutexLocker lock(&writtenLock);
                                   if (resp.ok())
                                       written.insert(key, QJsonDocument::fromJson(resp.body).object()[QStringLiteral("metadata")].toObject()
                                                               [QStringLiteral("resourceVersion")].toString().toUtf8());
                                   else
                                       failures << key + QStringLiteral(": ") + resp.error.message;
                               }
                               ++done;
                               sendNext();
                           });
    };
    probe.start();
    t.restart();
    QMetaObject::invokeMethod(&writerCtx, [&] {
        writer = new kube::RestClient(*rc, kube::Transport::shared(), &writerCtx);
        for (int i = 0; i < StormWindow; ++i)
            sendNext();
    });
    waitUntil([&] {
        if (done.load() < stormN)
            return false;
        QMutexLocker lock(&writtenLock);
        for (auto it = written.cbegin(); it != written.cend(); ++it) {
            const auto o = session.kuberneteses()->get(it.key());
            if (!o || o->resourceVersion != it.value())
                return false;
        }
        return true;
    }, 600000);
    if (!failures.isEmpty())
        std::printf("  %lld of %d patches failed, first: %s\n", qlonglong(failures.size()), stormN, qPrintable(failures.first()));
    // Then the view asks for the touched rows again, as it would on screen.
    for (int r = 0; r < stormN; ++r)
        (void)table.statusAt(r);
    waitUntil([&] { return table.pendingStatuses() == 0; }, 300000);
    probe.stop();
    row(qPrintable(QStringLiteral("event storm: %1 clusters patched, cache and rows current").arg(stormN)), double(t.elapsed()), &probe);
    QMetaObject::invokeMethod(&writerCtx, [&] { qDeleteAll(writerCtx.children()); }, Qt::BlockingQueuedConnection);
    writerThread.quit();
    writerThread.wait();

    const long rss1 = settled();
    const double heap1 = heapMiB();
    qint64 objects = 0;
    for (const ResourceCache *c : session.caches())
        objects += c->size();
    std::printf("  %-52s %9.1f MiB (%.0f bytes per cluster incl. its tree, %.0f per cached object of %lld)\n",
                "resident memory of the models and caches", double(rss1 - rss0) / 1024.0, n ? double(rss1 - rss0) * 1024.0 / n : 0.0,
                objects ? double(rss1 - rss0) * 1024.0 / double(objects) : 0.0, qlonglong(objects));
    g_figures.insert(QStringLiteral("clusters"), n);
    g_figures.insert(QStringLiteral("cachedObjects"), objects);
    g_figures.insert(QStringLiteral("residentMiB"), double(rss1 - rss0) / 1024.0);
    g_figures.insert(QStringLiteral("residentTotalMiB"), double(rss1) / 1024.0);
    g_figures.insert(QStringLiteral("bytesPerCachedObject"), objects ? double(rss1 - rss0) * 1024.0 / double(objects) : 0.0);
    std::printf("  %-52s %9.1f MiB (%.0f bytes per cached object)\n", "live heap of the models and caches", heap1 - heap0,
                objects ? (heap1 - heap0) * 1048576.0 / double(objects) : 0.0);
    g_figures.insert(QStringLiteral("heapMiB"), heap1 - heap0);
    g_figures.insert(QStringLiteral("heapBytesPerCachedObject"), objects ? (heap1 - heap0) * 1048576.0 / double(objects) : 0.0);
    if (p.isSet(json)) {
        QFile f(p.value(json));
        if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(g_figures).toJson()) < 0) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(p.value(json)));
            return 1;
        }
    }
    return 0;
}
