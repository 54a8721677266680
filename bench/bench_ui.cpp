// UI scale benchmark: the dashboard's models on a sandbox with thousands of
// clusters. Measures load, filtering, sorting and an event storm, and how long
// the event loop (the GUI thread) is blocked while they happen.
//   bench_ui --kubeconfig FILE [--storm N] [--json FILE] [--window]
// --window: the real clusters page in a real window (run it in an X server,
// e.g. xvfb-run), and the intervals between the frames it draws meanwhile.
#include "core/kube/Kubeconfig.h"
#include "core/kube/RestClient.h"
#include "qml/Clusters/ClusterTableModel.h"
#include "qml/QmlModules.h"
#include "qml/Tenants/TenantModel.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QThread>
#include <QTimer>

#include <atomic>

#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>

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
    double max() const { return maxOf(m_gaps); }
    double p99() const { return p99Of(m_gaps); }

    static double maxOf(const std::vector<double> &g) { return g.empty() ? 0 : *std::max_element(g.begin(), g.end()); }
    static double p99Of(std::vector<double> g)
    {
        if (g.empty())
            return 0;
        std::sort(g.begin(), g.end());
        return g[size_t(double(g.size() - 1) * 0.99)];
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<double> m_gaps;
};

// The intervals between the frames a window shows. The window animates all
// the time (see kPageQml), so it wants a frame every vsync: a longer interval
// is a frame the user did not get. frameSwapped comes from the render thread.
class FrameProbe {
public:
    explicit FrameProbe(QQuickWindow *w)
    {
        // A frame whose scene was synchronized after rows came in shows them.
        QObject::connect(w, &QQuickWindow::beforeSynchronizing, w, [this] {
            if (m_rowsIn.load())
                m_rowsSynced = true;
        }, Qt::DirectConnection);
        QObject::connect(w, &QQuickWindow::frameSwapped, w, [this] {
            const auto now = std::chrono::steady_clock::now();
            ++m_swapped;
            if (m_rowsSynced && m_firstRows.load() == 0)
                m_firstRows = now.time_since_epoch().count();
            QMutexLocker lock(&m_lock);
            if (!m_on)
                return;
            if (m_last)
                m_gaps.push_back(std::chrono::duration<double, std::milli>(now - *m_last).count());
            m_last = now;
        }, Qt::DirectConnection);
    }
    void start()
    {
        QMutexLocker lock(&m_lock);
        m_gaps.clear();
        m_last.reset();
        m_on = true;
    }
    void stop()
    {
        QMutexLocker lock(&m_lock);
        m_on = false;
    }
    std::vector<double> gaps() const
    {
        QMutexLocker lock(&m_lock);
        return m_gaps;
    }
    int swapped() const { return m_swapped.load(); }
    // Call on the GUI thread when the table has rows; firstRows() is then the
    // time the first frame showing them was on screen.
    void rowsInserted() { m_rowsIn = true; }
    std::optional<std::chrono::steady_clock::time_point> firstRows() const
    {
        const auto ticks = m_firstRows.load();
        if (ticks == 0)
            return std::nullopt;
        return std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(ticks));
    }

private:
    std::atomic<int> m_swapped{0};
    std::atomic<bool> m_rowsIn{false};
    bool m_rowsSynced = false; // render thread only
    std::atomic<std::chrono::steady_clock::rep> m_firstRows{0}; // written once on the render thread
    mutable QMutex m_lock;
    bool m_on = false;
    std::optional<std::chrono::steady_clock::time_point> m_last;
    std::vector<double> m_gaps;
};

// The clusters page as the app shows it, and a small square that turns all
// the time: without it an idle window draws nothing, and there would be no
// frame intervals to measure.
constexpr auto kPageQml = R"(
import QtQuick
import Nestdeck.Clusters
Item {
    width: 1280
    height: 800
    property alias page: page
    ClustersPage { id: page; anchors.fill: parent }
    Rectangle {
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        width: 6
        height: 6
        color: "gray"
        RotationAnimation on rotation { from: 0; to: 360; duration: 1000; loops: Animation.Infinite }
    }
}
)";

// Bytes the allocator has handed out and not got back: the live data, without
// what freed memory the allocator keeps (RSS counts both).
double heapMiB() { return double(mallinfo2().uordblks) / 1048576.0; }

// The process's resident memory split as the kernel counts it (KiB): its own
// (anonymous: heap, stacks, GL buffers) and mapped files (libraries' code and
// data, shared with every other process that maps them, e.g. Qt's and Mesa's).
std::pair<long, long> rssAnonFileKiB()
{
    long anon = 0, file = 0;
    QFile f(QStringLiteral("/proc/self/status"));
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.startsWith("RssAnon:"))
                anon = line.mid(8).trimmed().split(' ').value(0).toLong();
            else if (line.startsWith("RssFile:"))
                file = line.mid(8).trimmed().split(' ').value(0).toLong();
        }
    return {anon, file};
}

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
    // processEvents(flags, maxtime) drops WaitForMoreEvents and returns at
    // once when nothing is pending: waiting with it spun the GUI thread at
    // 100% of a core, which the dashboard's own threads and the sandbox then
    // lacked. Block for the next event instead; the tick bounds the wait.
    QTimer tick;
    tick.start(20);
    while (!cond() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
}

// With --trace-slow MS: every event the GUI thread took longer than MS to
// handle, by receiver class and event type, with the thread's CPU time in it
// (wall far above CPU: the thread waited for a core, the work was not long).
struct SlowEvent {
    QByteArray where;
    double wallMs = 0, cpuMs = 0;
};
class TracingApp : public QGuiApplication {
public:
    using QGuiApplication::QGuiApplication;
    double thresholdMs = -1;
    std::vector<SlowEvent> slow;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (thresholdMs < 0 || m_depth > 0 || QThread::currentThread() != thread())
            return QGuiApplication::notify(receiver, event);
        const QByteArray cls = receiver->metaObject()->className();
        const int type = int(event->type());
        const double cpu0 = threadCpuMs();
        const auto wall0 = std::chrono::steady_clock::now();
        ++m_depth;
        const bool r = QGuiApplication::notify(receiver, event);
        --m_depth;
        const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall0).count();
        if (wall >= thresholdMs)
            slow.push_back({cls + " event " + QByteArray::number(type), wall, threadCpuMs() - cpu0});
        return r;
    }

private:
    static double threadCpuMs()
    {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
    }
    int m_depth = 0;
};

void printSlow(const char *phase, TracingApp &app)
{
    if (app.thresholdMs < 0)
        return;
    std::sort(app.slow.begin(), app.slow.end(), [](const SlowEvent &a, const SlowEvent &b) { return a.wallMs > b.wallMs; });
    std::printf("    events over %.0f ms in \"%s\": %zu\n", app.thresholdMs, phase, app.slow.size());
    for (size_t i = 0; i < std::min<size_t>(app.slow.size(), 8); ++i)
        std::printf("      %7.1f ms wall, %7.1f ms CPU  %s\n", app.slow[i].wallMs, app.slow[i].cpuMs, app.slow[i].where.constData());
    app.slow.clear();
}

// Every figure printed, for --json.
QJsonObject g_figures;
FrameProbe *g_frames = nullptr; // with --window

void row(const char *what, double ms, const StallProbe *probe = nullptr)
{
    QJsonObject f{{QStringLiteral("ms"), ms}};
    if (probe) {
        f.insert(QStringLiteral("guiStallMaxMs"), probe->max());
        f.insert(QStringLiteral("guiStallP99Ms"), probe->p99());
    }
    std::printf("  %-52s %9.1f ms", what, ms);
    if (probe)
        std::printf("   GUI stall max %7.1f ms, p99 %6.1f ms", probe->max(), probe->p99());
    if (probe && g_frames) {
        const std::vector<double> gaps = g_frames->gaps();
        const double maxFrame = StallProbe::maxOf(gaps), p99Frame = StallProbe::p99Of(gaps);
        f.insert(QStringLiteral("frames"), qint64(gaps.size()));
        f.insert(QStringLiteral("frameIntervalMaxMs"), maxFrame);
        f.insert(QStringLiteral("frameIntervalP99Ms"), p99Frame);
        std::printf("   frames %zu, interval max %7.1f ms, p99 %6.1f ms", gaps.size(), maxFrame, p99Frame);
    }
    std::printf("\n");
    g_figures.insert(QString::fromUtf8(what), f);
}
} // namespace

int main(int argc, char **argv)
{
    // A line as soon as it is measured, also into a pipe or a log: a run at
    // 20,000 clusters takes minutes.
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    // The platform is chosen before the application exists: the models alone
    // need no display, the window needs a real one (xcb).
    const bool windowed = std::any_of(argv + 1, argv + argc, [](const char *a) { return qstrcmp(a, "--window") == 0; });
    if (!windowed)
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TracingApp app(argc, argv);
    QCommandLineParser p;
    QCommandLineOption kubeconfig(QStringLiteral("kubeconfig"), QStringLiteral("kubeconfig"), QStringLiteral("file"));
    QCommandLineOption storm(QStringLiteral("storm"), QStringLiteral("clusters to patch in the event storm"), QStringLiteral("n"), QStringLiteral("1000"));
    QCommandLineOption json(QStringLiteral("json"), QStringLiteral("write the figures to this file"), QStringLiteral("file"));
    QCommandLineOption window(QStringLiteral("window"), QStringLiteral("show the clusters page in a window and measure its frames"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("with --window: save the window after the load"), QStringLiteral("png"));
    QCommandLineOption traceSlow(QStringLiteral("trace-slow"), QStringLiteral("list the GUI thread's events that took longer than this"), QStringLiteral("ms"));
    p.addOptions({kubeconfig, storm, json, window, screenshot, traceSlow});
    p.process(app);
    if (p.isSet(traceSlow))
        app.thresholdMs = p.value(traceSlow).toDouble();
    auto cfg = kube::Kubeconfig::loadFile(p.value(kubeconfig));
    if (!cfg) {
        std::fprintf(stderr, "%s\n", qPrintable(cfg.error().message));
        return 1;
    }
    const auto rc = cfg->restConfig();
    StallProbe probe;
    long rss0 = rssKiB(); // with a window: after it is up (the models' and caches' share is what is measured)

    // 1. Connect and load every cluster into the table.
    probe.start();
    QElapsedTimer t;
    t.start();
    PlatformSession session(*rc);
    TenantModel tenants;
    tenants.followSession(&session);
    // Without a window the models stand alone; with one, they are the page's.
    std::unique_ptr<ClusterTableModel> ownTable;
    std::unique_ptr<ClusterFilterModel> ownFilter;
    QQmlEngine engine;
    // Declared before the window, so destroyed after it: the window's render
    // thread calls into the probe until the window is gone.
    std::unique_ptr<FrameProbe> frames;
    std::unique_ptr<QQuickWindow> win;
    // The page: only a visual child of the window, so deleted here, first
    // (its models follow the session and the engine: they must go before).
    std::unique_ptr<QObject> pageRoot;
    ClusterTableModel *tablePtr = nullptr;
    ClusterFilterModel *filterPtr = nullptr;
    if (windowed) {
        QQuickStyle::setStyle(QStringLiteral("Fusion")); // as the app
        registerQmlModules();
        QQmlComponent component(&engine);
        component.setData(kPageQml, QUrl(QStringLiteral("qrc:/bench/ClustersWindow.qml")));
        waitUntil([&] { return !component.isLoading(); }, 60000); // its imports may load asynchronously
        pageRoot.reset(component.isReady() ? component.create() : nullptr);
        auto *item = qobject_cast<QQuickItem *>(pageRoot.get());
        if (!item) {
            std::fprintf(stderr, "bench_ui: cannot create the clusters page: %s\n", qPrintable(component.errorString()));
            return 1;
        }
        win = std::make_unique<QQuickWindow>();
        win->setTitle(QStringLiteral("Nestdeck bench"));
        win->resize(int(item->width()), int(item->height()));
        item->setParentItem(win->contentItem());
        auto *page = item->property("page").value<QObject *>();
        page->setProperty("session", QVariant::fromValue(&session));
        tablePtr = page->property("clusters").value<ClusterTableModel *>();
        filterPtr = page->property("filter").value<ClusterFilterModel *>();
        if (!tablePtr || !filterPtr) {
            std::fprintf(stderr, "bench_ui: the clusters page has no clusters or filter model\n");
            return 1;
        }
        frames = std::make_unique<FrameProbe>(win.get());
        g_frames = frames.get();
        win->show();
        // The first frame (an empty table) before the clock starts: what a
        // window system takes to map a window is not the dashboard's.
        bool shown = false;
        QObject::connect(win.get(), &QQuickWindow::frameSwapped, &app, [&] { shown = true; }, Qt::SingleShotConnection);
        waitUntil([&] { return shown; }, 60000);
        rss0 = rssKiB();
        frames->start();
        t.restart();
        probe.start();
    } else {
        ownTable = std::make_unique<ClusterTableModel>();
        ownFilter = std::make_unique<ClusterFilterModel>();
        tablePtr = ownTable.get();
        filterPtr = ownFilter.get();
        tablePtr->followSession(&session);
        filterPtr->setSourceModel(tablePtr);
        filterPtr->sortBy(ClusterTableModel::Name, true); // as the clusters page does from the start
    }
    // The event loop's gaps, and with a window its frames, over one stretch.
    auto startProbes = [&] {
        probe.start();
        if (frames)
            frames->start();
    };
    auto stopProbes = [&] {
        probe.stop();
        if (frames)
            frames->stop();
    };
    // With a window: returns once a frame more has been shown.
    auto nextFrame = [&] {
        if (!frames)
            return;
        const int seen = frames->swapped();
        waitUntil([&] { return frames->swapped() > seen; }, 10000);
    };
    ClusterTableModel &table = *tablePtr;
    ClusterFilterModel &filter = *filterPtr;
    const double heap0 = heapMiB();
    app.slow.clear(); // the window's own start is not the load's
    const auto loadStart = std::chrono::steady_clock::now();
    session.start();
    qint64 firstRow = -1;
    QObject::connect(&table, &QAbstractItemModel::rowsInserted, &app, [&] {
        if (firstRow < 0)
            firstRow = t.elapsed();
        if (frames)
            frames->rowsInserted();
    });
    waitUntil([&] { return session.state() == PlatformSession::State::Synced && session.helmReleases()->hasSynced() &&
                           session.machines()->hasSynced() && table.count() == session.kuberneteses()->size(); }, 600000);
    const double loadMs = double(t.elapsed());
    probe.stop();
    if (frames) {
        // On screen means in a frame: the one after the rows came in.
        waitUntil([&] { return frames->firstRows().has_value(); }, 60000);
        frames->stop();
        if (const auto shown = frames->firstRows())
            firstRow = std::chrono::duration_cast<std::chrono::milliseconds>(*shown - loadStart).count();
    }
    const int n = table.count();
    std::printf("== %d clusters, %d tenants; %lld HelmReleases, %lld Machines, %lld MachineDeployments cached\n", n, tenants.rowCount() - 1,
                qlonglong(session.helmReleases()->size()), qlonglong(session.machines()->size()), qlonglong(session.machineDeployments()->size()));
    row("first rows on screen after connecting", double(firstRow));
    row("all clusters and their trees loaded", loadMs, &probe);
    printSlow("load", app);
    if (frames) {
        // The rows on screen asked for their health as they were drawn; it is
        // derived once every tree is in. Until then they show "…".
        startProbes();
        t.restart();
        waitUntil([&] { return table.pendingStatuses() == 0; }, 120000);
        nextFrame();
        nextFrame();
        stopProbes();
        row("health of the rows on screen, after the load", double(t.elapsed()), &probe);
        if (p.isSet(screenshot))
            win->grabWindow().save(p.value(screenshot));
    }
    const double heapLoaded = heapMiB() - heap0;

    // 2. Derive every cluster's health (what sorting by health needs): on a
    // worker thread, so what matters is how long it takes and that the GUI
    // thread stays free meanwhile.
    startProbes();
    t.restart();
    for (int r = 0; r < n; ++r)
        (void)table.statusAt(r);
    waitUntil([&] { return table.pendingStatuses() == 0; }, 600000);
    stopProbes();
    row(qPrintable(QStringLiteral("derive health of all %1 clusters (worker)").arg(n)), double(t.nsecsElapsed()) / 1e6, &probe);
    printSlow("health", app);

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
        const auto [anon, file] = rssAnonFileKiB();
        std::printf("  %-52s %9.1f MiB anonymous, %.1f MiB of mapped files (libraries, shared)\n", "the whole process, resident", double(anon) / 1024.0,
                    double(file) / 1024.0);
        g_figures.insert(QStringLiteral("residentAnonMiB"), double(anon) / 1024.0);
        g_figures.insert(QStringLiteral("residentFileMiB"), double(file) / 1024.0);
        g_figures.insert(QStringLiteral("heapAfterLoadMiB"), heap);
        g_figures.insert(QStringLiteral("objectBytesPerCachedObject"), objects ? double(objectBytes) / double(objects) : 0.0);
    }

    // 3. Typing a filter, one keystroke at a time: a name from the data, so
    // that it matches at any scale.
    // With a window, the next keystroke comes after the frame that shows the
    // last one's rows (a fast typist: one key per frame).
    double worst = 0, total = 0;
    const QString query = n > 0 ? table.keyAt(n / 2).section(QLatin1Char('/'), 1) : QStringLiteral("none");
    startProbes();
    for (int i = 1; i <= query.size(); ++i) {
        t.restart();
        filter.setFilterString(query.left(i));
        const double ms = double(t.nsecsElapsed()) / 1e6;
        worst = std::max(worst, ms);
        total += ms;
        nextFrame();
    }
    stopProbes();
    row(qPrintable(QStringLiteral("filter keystroke (avg over \"%1\")").arg(query)), total / double(query.size()));
    row("filter keystroke (worst)", worst, &probe);
    std::printf("  %-52s %9d rows\n", "rows matching", filter.rowCount());
    g_figures.insert(QStringLiteral("rows matching"), filter.rowCount());
    filter.setFilterString(QString());

    // 4. Sorting.
    for (const auto &[col, name] : {std::pair{int(ClusterTableModel::Name), "sort by name"}, std::pair{int(ClusterTableModel::Health), "sort by health"},
                                    std::pair{int(ClusterTableModel::Age), "sort by age"}}) {
        startProbes();
        t.restart();
        filter.sortBy(col, true);
        const double ms = double(t.nsecsElapsed()) / 1e6;
        nextFrame(); // the sorted rows on screen
        nextFrame();
        stopProbes();
        row(name, ms, &probe);
        printSlow(name, app);
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
    // Done when the cache holds every change (its stamp). Not by version: on
    // the platform an app's version moves on after the write (its release's
    // status, a WorkloadMonitor's change reaching watches with its own version).
    QMutex writtenLock;
    QSet<QString> written;
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
                                       written.insert(key);
                                   else
                                       failures << key + QStringLiteral(": ") + resp.error.message;
                               }
                               ++done;
                               sendNext();
                           });
    };
    startProbes();
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
        const QByteArray mark = "\"bench.nestdeck.io/storm\":\"" + stamp.toUtf8() + '"';
        for (const QString &key : std::as_const(written)) {
            const auto o = session.kuberneteses()->get(key);
            if (!o || !o->json().contains(mark))
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
    stopProbes();
    row(qPrintable(QStringLiteral("event storm: %1 clusters patched, cache and rows current").arg(stormN)), double(t.elapsed()), &probe);
    printSlow("storm", app);
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
