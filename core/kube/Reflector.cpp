#include "core/kube/Reflector.h"

#include "core/Logging.h"
#include "core/Threading.h"
#include "core/kube/JsonStreamSplitter.h"
#include "core/kube/ListAll.h"
#include "core/kube/ListerWatcher.h"

#include <QPointer>
#include <QRandomGenerator>
#include <QThreadPool>

#include <atomic>
#include <chrono>
#include <mutex>

namespace nestdeck::kube {

namespace {
constexpr int BackoffBaseMs = 800;
constexpr int BackoffMaxMs = 30000;
constexpr qint64 BackoffResetMs = 2 * 60 * 1000;
// A streaming list quiet this long without its initial-events-end bookmark
// is taken for a server that ignores sendInitialEvents. Not less: the API
// server's watch cache sends that bookmark on its next bookmark tick, up to
// 1.25 s after the watch began (at once only after a list that took longer),
// so an empty or small list on a modern server is quiet that long.
constexpr qint64 WatchListQuietMs = 1500;
constexpr int WatchListProbeMs = 3000;

// Servers without the WatchList feature refuse sendInitialEvents with 400/422/403-ish
// errors mentioning it; those mean "use LIST", not "broken".
bool refusesWatchList(const ApiError &e)
{
    return (e.code == 400 || e.code == 422 || e.code == 403 || e.code == 501) &&
           (e.message.contains(QLatin1String("sendInitialEvents")) || e.message.contains(QLatin1String("WatchList")) ||
            e.message.contains(QLatin1String("resourceVersionMatch")));
}
} // namespace

// Per-watch state shared with the I/O thread: the splitter and a batch of
// decoded events, posted to the reflector once per received chunk.
struct Reflector::WatchState {
    explicit WatchState(qsizetype maxEvent) : splitter(maxEvent) {}
    JsonStreamSplitter splitter;
    // Since when (steady clock, ms) an event has been arriving without being
    // complete; 0: none pending. The stall check reads it on the reflector's thread.
    std::atomic<qint64> incompleteSince{0};
    // When (steady clock, ms) the headers or the latest bytes came; 0: not yet.
    std::atomic<qint64> lastData{0};
    std::atomic<bool> initialEventsEnded{false}; // the stream sent the initial-events-end bookmark
    bool headerChecked = false; // I/O thread only
    bool failed = false;        // I/O thread only: an error was posted, the rest is ignored
    // Decoded events on their way to the reflector's thread. The I/O thread
    // posts a drain only when none is pending: one post a chunk had queued
    // thousands during a first sync of 56,000 objects, which the event loop
    // then ran in one pass (the GUI frozen for 2.4 s). A drain takes a
    // bounded share (MaxEventsPerTurn) and posts itself again for the rest,
    // after whatever else is waiting (timers, painting).
    std::mutex mutex;
    QList<WatchEvent> queued;
    bool drainPosted = false;
};

namespace {
qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
} // namespace

Reflector::Reflector(RestClient *client, ResourceRef resource, ReflectorOptions options, Indexer *store,
                     std::function<void(const QList<Delta> &)> sink, QObject *parent)
    : Reflector(client->listerWatcher(), std::move(resource), std::move(options), store, std::move(sink), parent)
{
}

Reflector::Reflector(ListerWatcher *lw, ResourceRef resource, ReflectorOptions options, Indexer *store,
                     std::function<void(const QList<Delta> &)> sink, QObject *parent)
    : QObject(parent), m_lw(lw), m_resource(std::move(resource)), m_opt(std::move(options)), m_store(store),
      m_sink(std::move(sink))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        if (m_relistAfterRetry || m_rv.isEmpty())
            relist();
        else
            startWatch(false);
    });
    m_watchListAllowed = m_opt.useWatchList && m_opt.fieldSelector.isEmpty();
    // Progress detection: an event that keeps arriving and never completes
    // (a server trickling bytes, or silent halfway through) ends the watch.
    m_stallCheck.setInterval(1000);
    connect(&m_stallCheck, &QTimer::timeout, this, &Reflector::checkStall);
    m_quietCheck.setInterval(100);
    connect(&m_quietCheck, &QTimer::timeout, this, &Reflector::checkInitialEventsQuiet);
    m_probeEnd.setSingleShot(true);
    connect(&m_probeEnd, &QTimer::timeout, this, [this] { endProbe(true); });
}

void Reflector::checkStall()
{
    if (!m_watchState || replacing())
        return;
    const qint64 since = m_watchState->incompleteSince.load();
    const int stallSeconds = m_lw->limits().stallSeconds;
    const qint64 stallMs = qint64(stallSeconds) * 1000;
    if (since == 0 || steadyMs() - since < stallMs)
        return;
    const QString what = QStringLiteral("the watch of %1 stalled: an event has been arriving for %2 s and is still not "
                                        "complete (%3 bytes so far); the server or a proxy sends too slowly")
                             .arg(m_resource.id())
                             .arg(stallSeconds)
                             .arg(m_watchState->splitter.pending());
    cancelWatch();
    ++m_generation;
    backoff(ApiError::transport(what), m_initialEvents);
}

Reflector::~Reflector() { stop(); }

void Reflector::setState(State s, const QString &reason)
{
    if (s == m_state && reason.isEmpty())
        return;
    m_state = s;
    emit stateChanged(s, reason);
}

void Reflector::start()
{
    if (m_state != State::Idle && m_state != State::Stopped)
        return;
    relist();
}

void Reflector::stop()
{
    m_retry.stop();
    endProbe(false);
    cancelWatch();
    ++m_generation;
    setState(State::Stopped);
}

void Reflector::cancelWatch()
{
    m_stallCheck.stop();
    m_quietCheck.stop();
    m_watchState.reset();
    if (m_watchId) {
        m_lw->cancel(m_watchId);
        m_watchId = 0;
    }
}

void Reflector::relist()
{
    relist(m_watchListAllowed && !m_lw->watchListUnsupported(m_resource.apiVersion()));
}

void Reflector::relist(bool watchList)
{
    cancelWatch();
    ++m_generation;
    m_pending.clear();
    ++m_lists;
    m_progressive = !m_synced && m_store->size() == 0;
    setState(State::Listing);
    if (watchList) {
        startWatch(true);
        return;
    }
    m_initialEvents = false;
    listPage();
}

void Reflector::checkInitialEventsQuiet()
{
    if (!m_initialEvents || !m_watchState || replacing())
        return;
    const qint64 last = m_watchState->lastData.load();
    if (last == 0 || steadyMs() - last < WatchListQuietMs)
        return; // not begun, or still sending
    {
        std::lock_guard lock(m_watchState->mutex);
        if (!m_watchState->queued.isEmpty())
            return; // what came is still on its way to this thread
    }
    qCInfo(lcWatch).noquote() << m_resource.id() << "streaming list: no event for" << WatchListQuietMs
                              << "ms and no initial-events-end bookmark; the server seems to ignore sendInitialEvents: listing";
    // What the stream brought stays in the store (shown as it came, into an
    // empty store); the list's replace corrects it, tombstones included.
    endProbe(false);
    m_probeState = std::exchange(m_watchState, nullptr);
    m_probeId = std::exchange(m_watchId, 0);
    m_probeEnd.start(WatchListProbeMs);
    relist(false);
}

void Reflector::endProbe(bool decide)
{
    m_probeEnd.stop();
    if (m_probeId)
        m_lw->cancel(std::exchange(m_probeId, 0));
    const auto probe = std::exchange(m_probeState, nullptr);
    if (!decide || !probe)
        return;
    if (probe->initialEventsEnded) {
        qCInfo(lcWatch).noquote() << m_resource.id() << "the initial-events-end bookmark came late: the server does stream lists";
        return;
    }
    qCInfo(lcWatch).noquote() << m_resource.apiVersion() << "ignores sendInitialEvents: its resources are listed from now on";
    m_lw->setWatchListUnsupported(m_resource.apiVersion());
}

void Reflector::listPage()
{
    const quint64 gen = m_generation;
    ListOptions o;
    o.labelSelector = m_opt.labelSelector;
    o.fieldSelector = m_opt.fieldSelector;
    o.pageSize = m_opt.pageSize;
    o.trim = m_opt.trim;
    listAll(m_lw, m_resource, m_opt.ns, o, this, [this, gen](const ListResult &r) {
        m_pages += r.pages;
        if (gen != m_generation)
            return;
        if (!r.ok) {
            // An expired continue token, too: start the list over.
            backoff(r.error, true);
            return;
        }
        applyReplace(r.items, r.resourceVersion, [this] { startWatch(false); });
    });
}

void Reflector::applyReplace(QList<ObjectPtr> items, const QByteArray &rv, std::function<void()> then)
{
    m_rv = rv;
    m_replacing = true;
    m_replaceGeneration = m_generation;
    m_afterReplace.clear();
    struct Job {
        Indexer::State state;
        QList<ObjectPtr> items;
        QList<Delta> deltas;
    };
    auto job = std::make_shared<Job>(Job{m_store->snapshot(), std::move(items), {}});
    const quint64 gen = m_generation;
    QPointer<Reflector> self(this);
    QObject *home = resultsHome(this);
    QThreadPool::globalInstance()->start([job, self, home, gen, then = std::move(then)]() mutable {
        backgroundThread();
        job->deltas = job->state.replace(job->items); // detaches: the store's thread keeps the old contents
        QMetaObject::invokeMethod(home, [job = std::move(job), self, gen, then = std::move(then)]() mutable {
            if (!self || gen != self->m_generation)
                return; // stopped, or listing again: this result is stale
            Reflector *r = self.data();
            r->m_replacing = false;
            r->m_store->adopt(job->state);
            const QList<Delta> deltas = std::move(job->deltas);
            // The old contents (and the objects only they held) are freed on a worker too.
            QThreadPool::globalInstance()->start([job = std::move(job)] {});
            r->completeSync(deltas, std::move(then));
        }, Qt::QueuedConnection);
    });
}

void Reflector::completeSync(const QList<Delta> &deltas, std::function<void()> then)
{
    QPointer<Reflector> self(this);
    const quint64 generation = m_generation;
    qCInfo(lcWatch).noquote() << m_resource.id() << "synced:" << m_store->size() << "objects at resourceVersion" << m_rv;
    if (!deltas.isEmpty())
        m_sink(deltas);
    if (!m_synced) {
        m_synced = true;
        emit synced();
        // A handler of synced() deleted, stopped or restarted us: what
        // follows this sync (a watch, the state Watching) is not ours to do.
        if (!self || generation != m_generation)
            return;
    }
    if (then)
        then();
    const auto after = std::move(m_afterReplace);
    m_afterReplace.clear();
    for (const auto &f : after)
        if (self)
            f();
}

void Reflector::startWatch(bool initialEvents)
{
    cancelWatch();
    const quint64 gen = ++m_generation;
    m_initialEvents = initialEvents;
    ++m_watches;
    WatchOptions o;
    // Randomised so that many watches do not all renew at the same moment.
    o.timeoutSeconds = m_opt.minWatchTimeoutSeconds + int(QRandomGenerator::global()->bounded(m_opt.minWatchTimeoutSeconds + 1));
    o.sendInitialEvents = initialEvents;
    if (!initialEvents)
        o.resourceVersion = m_rv;
    o.labelSelector = m_opt.labelSelector;
    o.fieldSelector = m_opt.fieldSelector;
    if (!initialEvents)
        setState(State::Watching);

    // An event may be as big as one object, plus its envelope.
    auto ws = std::make_shared<WatchState>(m_lw->limits().maxObjectBytes + 4096);
    m_watchState = ws;
    m_watchEvents = 0;
    m_watchStarted.start();
    m_stallCheck.start();
    if (initialEvents)
        m_quietCheck.start();
    QPointer<Reflector> self(this);
    auto contentError = std::make_shared<ApiError>();
    m_lw->watch(
        m_resource, m_opt.ns, o,
        [ws, contentError](int status, const Headers &headers) {
            ws->headerChecked = !RestClient::contentTypeError(status, headers, {}, contentError.get());
            ws->lastData = steadyMs();
        },
        [ws, self, home = resultsHome(this), gen, contentError, resource = m_resource, trim = m_opt.trim](const char *data, size_t size) {
            // I/O thread: split and decode, then hand the batch over.
            ws->lastData = steadyMs();
            if (ws->failed)
                return;
            QList<WatchEvent> batch;
            auto failWith = [&](const QString &message) {
                WatchEvent ev;
                ev.errorMessage = message;
                batch.append(ev);
                ws->failed = true;
            };
            if (!ws->headerChecked) {
                failWith(contentError->message);
            } else {
                ws->splitter.feed(data, size, [&](std::string_view value) {
                    if (ws->failed)
                        return;
                    WatchEvent ev;
                    decodeWatchEvent(value, &ev, trim.get());
                    if (ev.type != EventType::Error && ev.type != EventType::Bookmark &&
                        !kindMatches(resource, ev.objectKind, false)) {
                        failWith(QStringLiteral("the watch of %1 sent a %2").arg(resource.id(), QString::fromUtf8(ev.objectKind.left(100))));
                        return;
                    }
                    if (ev.type == EventType::Error && ev.errorCode == 0)
                        ws->failed = true; // undecodable: what follows cannot be trusted
                    if (ev.initialEventsEnd)
                        ws->initialEventsEnded = true;
                    batch.append(std::move(ev));
                });
                if (ws->splitter.overflowed() && !ws->failed)
                    failWith(QStringLiteral("the watch of %1 sent an event over %2 MiB, more than any object may be")
                                 .arg(resource.id())
                                 .arg(ws->splitter.maxValue() >> 20));
                if (ws->splitter.pending() == 0)
                    ws->incompleteSince = 0;
                else if (ws->incompleteSince == 0)
                    ws->incompleteSince = steadyMs(); // an event begins
            }
            if (batch.isEmpty())
                return;
            bool post = false;
            {
                std::lock_guard lock(ws->mutex);
                ws->queued.append(std::move(batch));
                post = !std::exchange(ws->drainPosted, true);
            }
            if (post)
                postDrain(home, self, gen, ws);
        },
        this, [this, gen](const HttpResponse &resp) { onWatchEnded(gen, resp); },
        [this, gen](Transport::Id id) {
            if (gen == m_generation)
                m_watchId = id;
            else
                m_lw->cancel(id); // superseded before it started
        },
        // A server that ignores timeoutSeconds, or a connection gone half-open
        // without a word, still ends here.
        (o.timeoutSeconds + 60) * 1000);
}

void Reflector::postDrain(QObject *home, const QPointer<Reflector> &self, quint64 generation, const std::shared_ptr<WatchState> &ws)
{
    QMetaObject::invokeMethod(
        home, [self, generation, ws] {
            if (self)
                self->drainWatch(generation, ws, false);
        },
        Qt::QueuedConnection);
}

void Reflector::drainWatch(quint64 generation, const std::shared_ptr<WatchState> &ws, bool all)
{
    QList<WatchEvent> events;
    bool more = false;
    {
        std::lock_guard lock(ws->mutex);
        if (generation != m_generation) { // an abandoned watch: what it left is dropped whole
            ws->queued.clear();
            ws->drainPosted = false;
            return;
        }
        if (all || ws->queued.size() <= MaxEventsPerTurn) {
            events.swap(ws->queued);
        } else {
            events = ws->queued.first(MaxEventsPerTurn);
            ws->queued.remove(0, MaxEventsPerTurn); // from the front: O(1) in Qt 6
        }
        more = !ws->queued.isEmpty();
        if (!all)
            ws->drainPosted = more; // else a posted drain is still on its way
    }
    if (more && !all)
        postDrain(resultsHome(this), QPointer<Reflector>(this), generation, ws);
    if (!events.isEmpty())
        onWatchEvents(generation, events);
}

void Reflector::onWatchEvents(quint64 generation, const QList<WatchEvent> &events)
{
    if (generation != m_generation)
        return; // from a watch we already abandoned
    if (replacing()) {
        m_afterReplace << [this, generation, events] { onWatchEvents(generation, events); };
        return;
    }
    QList<Delta> deltas;
    m_watchEvents += int(events.size());
    // The newest object's version becomes m_rv once, when it is needed (its
    // text is made for the request): not for each of 100,000 initial events.
    ObjectPtr newest;
    auto takeNewest = [this, &newest] {
        if (newest)
            m_rv = std::exchange(newest, nullptr)->resourceVersion.toByteArray();
    };
    for (qsizetype i = 0; i < events.size(); ++i) {
        const WatchEvent &ev = events[i];
        switch (ev.type) {
        case EventType::Added:
        case EventType::Modified:
            if (m_initialEvents && !m_progressive) {
                m_pending.append(ev.object);
            } else if (auto d = m_store->upsert(ev.object)) {
                // Also the first list into an empty store: shown as it
                // arrives (the first rows need not wait for the last of 20,000).
                deltas << *d;
            }
            newest = ev.object;
            break;
        case EventType::Deleted:
            if (m_initialEvents && !m_progressive) {
                const QString key = ev.object->key();
                m_pending.removeIf([&](const ObjectPtr &o) { return o->key() == key; });
            }
            if (auto d = m_store->remove(ev.object->key()))
                deltas << *d;
            newest = ev.object;
            break;
        case EventType::Bookmark:
            newest.reset();
            m_rv = ev.object->resourceVersion.toByteArray();
            if (m_initialEvents && ev.initialEventsEnd) {
                m_initialEvents = false;
                m_quietCheck.stop();
                m_watchListWorked = true;
                if (!deltas.isEmpty())
                    m_sink(deltas);
                auto watching = [this] {
                    setState(State::Watching);
                    m_healthySince.start();
                };
                if (m_progressive) {
                    // The store already is the list: every event went into
                    // it, from empty. A replace would find nothing to change,
                    // after copying the store and its indexes (at 100,000
                    // objects ~10 MB more at the peak) and holding every
                    // object twice more in the pending list.
                    QPointer<Reflector> self(this);
                    completeSync({}, std::move(watching));
                    if (!self || generation != m_generation)
                        return; // deleted, or stopped, by a handler of synced()
                } else {
                    applyReplace(std::move(m_pending), m_rv, std::move(watching));
                    m_pending.clear();
                }
                // What the watch brought after the bookmark follows the replace.
                if (i + 1 < events.size())
                    onWatchEvents(generation, events.mid(i + 1));
                return;
            }
            break;
        case EventType::Error: {
            takeNewest();
            if (!deltas.isEmpty())
                m_sink(deltas);
            cancelWatch();
            ++m_generation;
            if (ev.errorCode == 410 || ev.errorReason == QLatin1String("Expired") || ev.errorReason == QLatin1String("Gone")) {
                qCInfo(lcWatch).noquote() << m_resource.id() << "watch expired (410):" << ev.errorMessage << "- relisting";
                relist();
            } else {
                ApiError e{ev.errorCode, ev.errorReason, ev.errorMessage, 0, {}};
                if (ev.errorCode == 0)
                    e = ApiError::transport(ev.errorMessage);
                // During the initial events the list is incomplete: start it over
                // (a plain watch from the last object's version would never sync).
                backoff(e, m_initialEvents);
            }
            return;
        }
        }
    }
    takeNewest();
    if (!m_healthySince.isValid() && m_state == State::Watching)
        m_healthySince.start();
    if (!deltas.isEmpty())
        m_sink(deltas);
}

void Reflector::onWatchEnded(quint64 generation, const HttpResponse &resp)
{
    if (generation != m_generation || resp.cancelled)
        return;
    // What the stream sent before it ended comes first.
    if (m_watchState) {
        // Its last events can end a first sync, whose handlers may delete us.
        QPointer<Reflector> self(this);
        drainWatch(generation, m_watchState, true);
        if (!self || generation != m_generation)
            return; // deleted, or an event in it (an error, a 410) moved on already
    }
    if (replacing()) {
        m_afterReplace << [this, generation, resp] { onWatchEnded(generation, resp); };
        return;
    }
    m_watchId = 0;
    m_stallCheck.stop();
    m_watchState.reset();
    ApiError e;
    const bool failed = RestClient::responseError(resp, {}, &e);
    if (failed && e.isTransport()) {
        backoff(e, m_initialEvents);
        return;
    }
    if (!failed) {
        if (m_initialEvents) {
            // Ended before the initial-events-end bookmark: start over.
            backoff(ApiError::transport(QStringLiteral("the initial event stream ended early")), true);
            return;
        }
        if (m_watchEvents == 0 && m_watchStarted.elapsed() < 1000) {
            // A proxy that closes every watch at once would otherwise have us
            // renew it in a tight loop.
            backoff(ApiError::transport(QStringLiteral("the server ended the watch of %1 as soon as it began").arg(m_resource.id())),
                    false);
            return;
        }
        // The server closed the watch (timeoutSeconds): renew from where we are.
        startWatch(false);
        return;
    }
    if (m_initialEvents && refusesWatchList(e)) {
        qCInfo(lcWatch).noquote() << m_resource.apiVersion() << "refuses the streaming initial list; using LIST:" << e.text();
        m_lw->setWatchListUnsupported(m_resource.apiVersion());
        relist(false);
        return;
    }
    if (e.isGone()) {
        relist();
        return;
    }
    if (e.isUnauthorized())
        m_lw->refreshCredentials();
    backoff(e, m_initialEvents);
}

void Reflector::backoff(const ApiError &error, bool relistAfter)
{
    m_lastError = error;
    // Healthy for a while: this failure starts a new series.
    if (m_healthySince.isValid() && m_healthySince.elapsed() > BackoffResetMs)
        m_backoffSteps = 0;
    m_healthySince.invalidate();
    int delay = BackoffBaseMs << std::min(m_backoffSteps, 6);
    delay = std::min(delay, BackoffMaxMs);
    delay += int(QRandomGenerator::global()->bounded(delay + 1)); // jitter 1.0, as client-go
    delay = std::min(delay, BackoffMaxMs);
    if (error.isTooManyRequests() && error.retryAfterSeconds > 0)
        delay = std::max(delay, error.retryAfterSeconds * 1000);
    ++m_backoffSteps;
    m_relistAfterRetry = relistAfter || m_rv.isEmpty();
    qCInfo(lcWatch).noquote() << m_resource.id() << "retrying in" << delay << "ms after:" << error.text();
    setState(State::Backoff, error.text());
    m_retry.start(delay);
}

} // namespace nestdeck::kube
