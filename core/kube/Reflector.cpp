#include "core/kube/Reflector.h"

#include "core/Logging.h"
#include "core/kube/RestClient.h"

#include <QPointer>
#include <QRandomGenerator>
#include <QUrlQuery>

#include <mutex>

namespace nestdeck::kube {

namespace {
constexpr int BackoffBaseMs = 800;
constexpr int BackoffMaxMs = 30000;
constexpr qint64 BackoffResetMs = 2 * 60 * 1000;

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
    JsonStreamSplitter splitter;
};

Reflector::Reflector(RestClient *client, ResourceRef resource, ReflectorOptions options, Indexer *store,
                     std::function<void(const QList<Delta> &)> sink, QObject *parent)
    : QObject(parent), m_client(client), m_resource(std::move(resource)), m_opt(std::move(options)), m_store(store),
      m_sink(std::move(sink))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        if (m_relistAfterRetry || m_rv.isEmpty())
            relist();
        else
            startWatch(false);
    });
    m_watchListSupported = m_opt.useWatchList && m_opt.fieldSelector.isEmpty();
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
    cancelWatch();
    ++m_generation;
    setState(State::Stopped);
}

void Reflector::cancelWatch()
{
    if (m_watchId) {
        m_client->cancel(m_watchId);
        m_watchId = 0;
    }
}

void Reflector::relist()
{
    cancelWatch();
    ++m_generation;
    m_pending.clear();
    ++m_lists;
    setState(State::Listing);
    if (m_watchListSupported) {
        startWatch(true);
        return;
    }
    listPage({});
}

void Reflector::listPage(const QString &continueToken)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("limit"), QString::number(m_opt.pageSize));
    if (!continueToken.isEmpty())
        q.addQueryItem(QStringLiteral("continue"), continueToken);
    if (!m_opt.labelSelector.isEmpty())
        q.addQueryItem(QStringLiteral("labelSelector"), m_opt.labelSelector);
    if (!m_opt.fieldSelector.isEmpty())
        q.addQueryItem(QStringLiteral("fieldSelector"), m_opt.fieldSelector);
    const quint64 gen = m_generation;
    ++m_pages;
    m_client->request(
        "GET", RestClient::withQuery(m_resource.path(m_opt.ns), q), {}, {}, this,
        [this, gen](const ApiResponse &r) {
            if (gen != m_generation)
                return;
            if (!r.ok()) {
                // An expired continue token: start the list over.
                backoff(r.error, true);
                return;
            }
            auto page = std::static_pointer_cast<ListPage>(r.decoded);
            if (!page) {
                backoff(ApiError::transport(QStringLiteral("the list response of %1 could not be decoded").arg(m_resource.id())), true);
                return;
            }
            m_pending += page->items;
            if (!page->continueToken.isEmpty()) {
                listPage(QString::fromUtf8(page->continueToken));
                return;
            }
            applyReplace(m_pending, page->resourceVersion);
            m_pending.clear();
            startWatch(false);
        },
        RequestExtras{60000, [](HttpResponse &resp) {
            // On the I/O thread: decode the page (simdjson) before it reaches us.
            if (resp.status < 200 || resp.status >= 300)
                return;
            auto page = std::make_shared<ListPage>();
            QString error;
            if (decodeList(std::string_view(resp.body.constData(), size_t(resp.body.size())), page.get(), &error)) {
                resp.decoded = page;
                resp.body.clear();
            } else {
                qCWarning(lcWatch).noquote() << "undecodable list page:" << error;
            }
        }, {}});
}

void Reflector::applyReplace(const QList<ObjectPtr> &items, const QByteArray &rv)
{
    m_rv = rv;
    const QList<Delta> deltas = m_store->replace(items);
    qCInfo(lcWatch).noquote() << m_resource.id() << "synced:" << items.size() << "objects at resourceVersion" << rv;
    if (!deltas.isEmpty())
        m_sink(deltas);
    if (!m_synced) {
        m_synced = true;
        emit synced();
    }
}

void Reflector::startWatch(bool initialEvents)
{
    cancelWatch();
    const quint64 gen = ++m_generation;
    m_initialEvents = initialEvents;
    ++m_watches;
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("watch"), QStringLiteral("1"));
    q.addQueryItem(QStringLiteral("allowWatchBookmarks"), QStringLiteral("true"));
    // Randomised so that many watches do not all renew at the same moment.
    const int timeout = m_opt.minWatchTimeoutSeconds + int(QRandomGenerator::global()->bounded(m_opt.minWatchTimeoutSeconds + 1));
    q.addQueryItem(QStringLiteral("timeoutSeconds"), QString::number(timeout));
    if (initialEvents) {
        q.addQueryItem(QStringLiteral("sendInitialEvents"), QStringLiteral("true"));
        q.addQueryItem(QStringLiteral("resourceVersionMatch"), QStringLiteral("NotOlderThan"));
        q.addQueryItem(QStringLiteral("resourceVersion"), QString());
    } else {
        q.addQueryItem(QStringLiteral("resourceVersion"), QString::fromUtf8(m_rv));
    }
    if (!m_opt.labelSelector.isEmpty())
        q.addQueryItem(QStringLiteral("labelSelector"), m_opt.labelSelector);
    if (!m_opt.fieldSelector.isEmpty())
        q.addQueryItem(QStringLiteral("fieldSelector"), m_opt.fieldSelector);
    if (!initialEvents)
        setState(State::Watching);

    auto ws = std::make_shared<WatchState>();
    QPointer<Reflector> self(this);
    m_client->stream(
        RestClient::withQuery(m_resource.path(m_opt.ns), q),
        [](int, const Headers &) {},
        [ws, self, gen](const char *data, size_t size) {
            // I/O thread: split and decode, then hand the batch over.
            QList<WatchEvent> batch;
            ws->splitter.feed(data, size, [&](std::string_view value) {
                WatchEvent ev;
                decodeWatchEvent(value, &ev);
                batch.append(std::move(ev));
            });
            if (ws->splitter.overflowed()) {
                WatchEvent ev;
                ev.errorMessage = QStringLiteral("the watch stream sent a value over 64 MiB");
                batch.append(ev);
            }
            if (!batch.isEmpty() && self)
                QMetaObject::invokeMethod(
                    self.data(), [self, gen, batch = std::move(batch)] {
                        if (self)
                            self->onWatchEvents(gen, batch);
                    },
                    Qt::QueuedConnection);
        },
        this, [this, gen](const HttpResponse &resp) { onWatchEnded(gen, resp); },
        [this, gen](Transport::Id id) {
            if (gen == m_generation)
                m_watchId = id;
            else
                m_client->cancel(id); // superseded before it started
        });
}

void Reflector::onWatchEvents(quint64 generation, const QList<WatchEvent> &events)
{
    if (generation != m_generation)
        return; // from a watch we already abandoned
    QList<Delta> deltas;
    for (const WatchEvent &ev : events) {
        switch (ev.type) {
        case EventType::Added:
        case EventType::Modified:
            if (m_initialEvents) {
                m_pending.append(ev.object);
            } else if (auto d = m_store->upsert(ev.object)) {
                deltas << *d;
            }
            m_rv = ev.object->resourceVersion;
            break;
        case EventType::Deleted:
            if (auto d = m_store->remove(ev.object->key()))
                deltas << *d;
            m_rv = ev.object->resourceVersion;
            break;
        case EventType::Bookmark:
            m_rv = ev.object->resourceVersion;
            if (m_initialEvents && ev.initialEventsEnd) {
                m_initialEvents = false;
                m_watchListWorked = true;
                if (!deltas.isEmpty())
                    m_sink(deltas);
                deltas.clear();
                applyReplace(m_pending, m_rv);
                m_pending.clear();
                setState(State::Watching);
                m_healthySince.start();
            }
            break;
        case EventType::Error: {
            if (!deltas.isEmpty())
                m_sink(deltas);
            cancelWatch();
            ++m_generation;
            if (ev.errorCode == 410 || ev.errorReason == QLatin1String("Expired") || ev.errorReason == QLatin1String("Gone")) {
                qCInfo(lcWatch).noquote() << m_resource.id() << "watch expired (410):" << ev.errorMessage << "- relisting";
                relist();
            } else {
                ApiError e{ev.errorCode, ev.errorReason, ev.errorMessage, {}, 0, {}};
                if (ev.errorCode == 0)
                    e = ApiError::transport(ev.errorMessage);
                backoff(e, false);
            }
            return;
        }
        }
    }
    if (!m_healthySince.isValid() && m_state == State::Watching)
        m_healthySince.start();
    if (!deltas.isEmpty())
        m_sink(deltas);
}

void Reflector::onWatchEnded(quint64 generation, const HttpResponse &resp)
{
    if (generation != m_generation || resp.cancelled)
        return;
    m_watchId = 0;
    if (!resp.transportError.isEmpty()) {
        backoff(ApiError::transport(resp.transportError), m_initialEvents);
        return;
    }
    if (resp.status >= 200 && resp.status < 300) {
        if (m_initialEvents) {
            // Ended before the initial-events-end bookmark: start over.
            backoff(ApiError::transport(QStringLiteral("the initial event stream ended early")), true);
            return;
        }
        // The server closed the watch (timeoutSeconds): renew from where we are.
        startWatch(false);
        return;
    }
    const ApiError e = ApiError::fromResponse(resp.status, resp.body, resp.header("retry-after"));
    if (m_initialEvents && refusesWatchList(e)) {
        qCInfo(lcWatch).noquote() << "server refuses the streaming initial list; using LIST:" << e.text();
        m_watchListSupported = false;
        m_initialEvents = false;
        relist();
        return;
    }
    if (e.isGone()) {
        relist();
        return;
    }
    if (e.isUnauthorized())
        m_client->refreshCredentials();
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
