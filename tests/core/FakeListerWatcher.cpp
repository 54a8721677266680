#include "FakeListerWatcher.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

using namespace nestdeck::kube;

namespace {
const Headers JsonHeaders{{"content-type", "application/json"}};

QString keyOf(const QJsonObject &o)
{
    const QJsonObject meta = o.value(QLatin1String("metadata")).toObject();
    return meta.value(QLatin1String("namespace")).toString() + QLatin1Char('/') + meta.value(QLatin1String("name")).toString();
}

QJsonObject withResourceVersion(QJsonObject o, qint64 rv)
{
    QJsonObject meta = o.value(QLatin1String("metadata")).toObject();
    meta[QLatin1String("resourceVersion")] = QString::number(rv);
    o[QLatin1String("metadata")] = meta;
    return o;
}
} // namespace

FakeListerWatcher::FakeListerWatcher(QString kind) : m_kind(std::move(kind)) {}

QJsonObject FakeListerWatcher::object(const QString &ns, const QString &name) const
{
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("kind"), m_kind},
                       {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name},
                                                                {QStringLiteral("namespace"), ns},
                                                                {QStringLiteral("uid"), QStringLiteral("uid-%1").arg(m_uids)}}}};
}

QByteArray FakeListerWatcher::event(const char *type, const QJsonObject &object) const
{
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("object"), object}})
               .toJson(QJsonDocument::Compact) +
           '\n';
}

QByteArray FakeListerWatcher::status(int code, const QString &reason, const QString &message) const
{
    return QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("Status")},
                                     {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                     {QStringLiteral("status"), QStringLiteral("Failure")},
                                     {QStringLiteral("code"), code},
                                     {QStringLiteral("reason"), reason},
                                     {QStringLiteral("message"), message}})
        .toJson(QJsonDocument::Compact);
}

QByteArray FakeListerWatcher::goneEvent(const QString &message) const
{
    return event("ERROR", QJsonDocument::fromJson(status(410, QStringLiteral("Expired"), message)).object());
}

QByteArray FakeListerWatcher::bookmark(bool initialEventsEnd) const
{
    QJsonObject meta{{QStringLiteral("resourceVersion"), QString::number(m_rv)}};
    if (initialEventsEnd)
        meta[QLatin1String("annotations")] = QJsonObject{{QStringLiteral("k8s.io/initial-events-end"), QStringLiteral("true")}};
    return event("BOOKMARK", QJsonObject{{QStringLiteral("kind"), m_kind},
                                         {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                         {QStringLiteral("metadata"), meta}});
}

QByteArray FakeListerWatcher::change(const char *type, const QJsonObject &o)
{
    const QByteArray ev = event(type, o);
    m_history.append({m_rv, ev});
    if (m_holding)
        m_held.append(ev);
    else if (deliver)
        sendToAll(ev);
    return QByteArray::number(m_rv);
}

QByteArray FakeListerWatcher::add(const QString &name, const QString &ns)
{
    ++m_uids;
    const QJsonObject o = withResourceVersion(object(ns, name), ++m_rv);
    m_objects.insert(keyOf(o), o);
    return change("ADDED", o);
}

QByteArray FakeListerWatcher::modify(const QString &name, const QString &ns)
{
    QJsonObject o = withResourceVersion(m_objects.value(ns + QLatin1Char('/') + name), ++m_rv);
    o[QLatin1String("data")] = QJsonObject{{QStringLiteral("v"), QString::number(m_rv)}};
    m_objects.insert(keyOf(o), o);
    return change("MODIFIED", o);
}

QByteArray FakeListerWatcher::remove(const QString &name, const QString &ns)
{
    const QJsonObject o = withResourceVersion(m_objects.take(ns + QLatin1Char('/') + name), ++m_rv);
    return change("DELETED", o);
}

QByteArray FakeListerWatcher::advance() { return QByteArray::number(++m_rv); }

QStringList FakeListerWatcher::state() const
{
    QStringList out;
    for (const QJsonObject &o : m_objects)
        out << keyOf(o) + QLatin1Char('@') +
                   o.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
    out.sort();
    return out;
}

void FakeListerWatcher::compact() { m_compactedAt = m_rv; }

void FakeListerWatcher::dropWatches()
{
    for (const Transport::Id id : m_streams.keys())
        end(id);
}

void FakeListerWatcher::sendBookmark() { sendToAll(bookmark(false)); }

void FakeListerWatcher::sendGone()
{
    for (const Transport::Id id : m_streams.keys()) {
        goLive(id);
        send(id, goneEvent(QStringLiteral("too old resource version")));
        end(id);
    }
}

void FakeListerWatcher::hold() { m_holding = true; }

void FakeListerWatcher::release(const QList<int> &order)
{
    m_holding = false;
    const QList<QByteArray> held = std::exchange(m_held, {});
    for (int i : order)
        sendToAll(held.at(i));
}

int FakeListerWatcher::lists() const
{
    return int(std::count_if(calls.begin(), calls.end(), [](const Call &c) { return c.list && c.continueToken.isEmpty(); }));
}

int FakeListerWatcher::watches(bool initialEvents) const
{
    return int(std::count_if(calls.begin(), calls.end(),
                             [&](const Call &c) { return !c.list && c.sendInitialEvents == initialEvents; }));
}

int FakeListerWatcher::openWatches() const { return int(m_streams.size()); }

int FakeListerWatcher::liveWatches() const
{
    return int(std::count_if(m_streams.begin(), m_streams.end(), [](const Stream &s) { return s.live; }));
}

void FakeListerWatcher::listPage(const ResourceRef &, const QString &, const ListPageOptions &options, QObject *context,
                                 std::function<void(const ApiResponse &)> done, ProcessFn process)
{
    calls.append({true, options.continueToken, options.limit, false, {}});
    HttpResponse http;
    http.headers = JsonHeaders;
    qsizetype snapshot = -1, offset = 0;
    if (options.continueToken.isEmpty()) {
        m_snapshots.append({m_rv, m_objects.values()});
        snapshot = m_snapshots.size() - 1;
    } else {
        const QStringList parts = options.continueToken.split(QLatin1Char(':'));
        snapshot = parts.value(0).toLongLong();
        offset = parts.value(1).toLongLong();
    }
    const Snapshot &s = m_snapshots.at(snapshot);
    if (s.rv < m_compactedAt) {
        http.status = 410;
        http.body = status(410, QStringLiteral("Expired"), QStringLiteral("The provided continue parameter is too old"));
    } else {
        http.status = 200;
        const qsizetype end = options.limit > 0 ? std::min(s.items.size(), offset + options.limit) : s.items.size();
        QJsonArray items;
        for (qsizetype i = offset; i < end; ++i)
            items.append(s.items.at(i));
        QJsonObject meta{{QStringLiteral("resourceVersion"), QString::number(s.rv)}};
        if (end < s.items.size())
            meta[QLatin1String("continue")] = QStringLiteral("%1:%2").arg(snapshot).arg(end);
        http.body = QJsonDocument(QJsonObject{{QStringLiteral("kind"), m_kind + QStringLiteral("List")},
                                              {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                              {QStringLiteral("metadata"), meta},
                                              {QStringLiteral("items"), items}})
                        .toJson(QJsonDocument::Compact);
    }
    if (process)
        process(http); // "on the I/O thread"
    ApiResponse r;
    r.status = http.status;
    r.body = http.body;
    r.headers = http.headers;
    r.decoded = http.decoded;
    if (!r.ok())
        r.error = ApiError::fromResponse(http.status, http.body);
    QTimer::singleShot(0, context, [done = std::move(done), r] { done(r); });
}

void FakeListerWatcher::watch(const ResourceRef &, const QString &, const WatchOptions &options, HeadersFn onHeaders,
                              ChunkFn onChunk, QObject *context, std::function<void(const HttpResponse &)> done,
                              std::function<void(Transport::Id)> started, int)
{
    calls.append({false, {}, 0, options.sendInitialEvents, options.resourceVersion});
    const Transport::Id id = m_nextId++;
    m_streams.insert(id, Stream{std::move(onChunk), context, std::move(done), false, {}});
    if (started)
        started(id);
    QTimer::singleShot(0, this, [this, id, options, onHeaders = std::move(onHeaders)] {
        if (!m_streams.contains(id))
            return; // cancelled
        if (options.sendInitialEvents && watchList == WatchList::Refuses) {
            onHeaders(422, JsonHeaders);
            end(id, 422,
                status(422, QStringLiteral("Invalid"),
                       QStringLiteral("sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled")));
            return;
        }
        const qint64 from = options.resourceVersion.toLongLong();
        if (!options.sendInitialEvents && from < m_compactedAt) {
            const QString message = QStringLiteral("too old resource version: %1 (%2)").arg(from).arg(m_compactedAt);
            if (goneAs == Gone::HttpStatus) {
                onHeaders(410, JsonHeaders);
                end(id, 410, status(410, QStringLiteral("Expired"), message));
            } else {
                onHeaders(200, JsonHeaders);
                goLive(id);
                send(id, goneEvent(message));
                end(id);
            }
            return;
        }
        onHeaders(200, JsonHeaders);
        QList<QByteArray> initial;
        QByteArray last;
        if (options.sendInitialEvents) {
            for (const QJsonObject &o : std::as_const(m_objects))
                initial << event("ADDED", o);
            if (watchList == WatchList::Streams)
                last = bookmark(true);
        } else {
            for (const Change &c : std::as_const(m_history))
                if (c.rv > from)
                    initial << c.event;
        }
        const bool slow = options.sendInitialEvents && watchList == WatchList::Streams;
        stream(id, initial, slow ? initialEventIntervalMs : 0, last, slow ? bookmarkDelayMs : 0);
    });
}

void FakeListerWatcher::stream(Transport::Id id, QList<QByteArray> events, int intervalMs, QByteArray last, int lastDelayMs)
{
    auto it = m_streams.find(id);
    if (it == m_streams.end())
        return; // ended or cancelled meanwhile
    if (events.isEmpty() && !last.isEmpty() && lastDelayMs > 0) {
        QTimer::singleShot(lastDelayMs, this, [=, this] { stream(id, {}, 0, last, 0); });
        return;
    }
    if (!events.isEmpty()) {
        const QByteArray next = events.takeFirst();
        it->onChunk(next.constData(), size_t(next.size()));
        QTimer::singleShot(events.isEmpty() ? 0 : intervalMs, this, [=, this] { stream(id, events, intervalMs, last, lastDelayMs); });
        return;
    }
    if (!last.isEmpty())
        it->onChunk(last.constData(), size_t(last.size()));
    goLive(id);
}

void FakeListerWatcher::goLive(Transport::Id id)
{
    auto it = m_streams.find(id);
    if (it == m_streams.end() || it->live)
        return;
    it->live = true;
    for (const QByteArray &ev : std::exchange(it->backlog, {}))
        it->onChunk(ev.constData(), size_t(ev.size()));
}

void FakeListerWatcher::send(Transport::Id id, const QByteArray &ev)
{
    auto it = m_streams.find(id);
    if (it == m_streams.end())
        return;
    if (it->live)
        it->onChunk(ev.constData(), size_t(ev.size()));
    else
        it->backlog << ev;
}

void FakeListerWatcher::sendToAll(const QByteArray &ev)
{
    for (const Transport::Id id : m_streams.keys())
        send(id, ev);
}

void FakeListerWatcher::end(Transport::Id id, int status, const QByteArray &body)
{
    if (!m_streams.contains(id))
        return;
    Stream s = m_streams.take(id);
    HttpResponse r;
    r.status = status;
    r.headers = JsonHeaders;
    r.body = body;
    QTimer::singleShot(0, s.context.data(), [done = std::move(s.done), r] { done(r); });
}

void FakeListerWatcher::cancel(Transport::Id id) { m_streams.remove(id); }
