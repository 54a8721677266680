#pragma once

#include "core/kube/ListerWatcher.h"

#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QPointer>

// client-go's FakeControllerSource as a ListerWatcher: one collection of
// objects of `kind`, served for whatever resource is asked for, answered as an
// API server answers lists and watches (JSON, paged lists with continue
// tokens, resourceVersions, history replayed to a watch from an older version,
// 410 Gone once compacted), with the misbehaviours a reflector must survive on
// demand. Answers arrive on later turns of the event loop, as from the network;
// the I/O-thread callbacks run on the test's thread.
class FakeListerWatcher : public QObject, public nestdeck::kube::ListerWatcher {
public:
    explicit FakeListerWatcher(QString kind = QStringLiteral("ConfigMap"));

    // The collection. Each change takes the next resourceVersion (returned),
    // is kept in the history and goes to the open watches.
    QByteArray add(const QString &name, const QString &ns = QStringLiteral("default"));
    QByteArray modify(const QString &name, const QString &ns = QStringLiteral("default"));
    QByteArray remove(const QString &name, const QString &ns = QStringLiteral("default"));
    // The resourceVersion moves on without a change here (other resources changed).
    QByteArray advance();
    QByteArray resourceVersion() const { return QByteArray::number(m_rv); }
    // "namespace/name@resourceVersion" of every object, sorted: what a synced store holds.
    QStringList state() const;

    // How the server treats sendInitialEvents.
    enum class WatchList {
        Streams, // every object as ADDED, then the BOOKMARK with k8s.io/initial-events-end
        Ignores, // a plain watch from "now": ADDED for each object, then live events; never that bookmark
        Refuses, // 422, as a server without the WatchList feature
    };
    WatchList watchList = WatchList::Streams;
    int initialEventIntervalMs = 0; // between initial events (a slow server)
    int bookmarkDelayMs = 0;        // before the initial-events-end bookmark
    // How a watch from a compacted resourceVersion hears of it.
    enum class Gone { HttpStatus, ErrorEvent };
    Gone goneAs = Gone::HttpStatus;
    // False: changes are recorded but reach no open watch (a partition).
    bool deliver = true;

    // Forgets the history so far: a watch from an older resourceVersion, and
    // a continue token of an older list, get 410 Gone.
    void compact();
    // Every open watch ends, as when its timeoutSeconds is up.
    void dropWatches();
    // A BOOKMARK at the current resourceVersion to every open watch.
    void sendBookmark();
    // An in-stream ERROR (410 Expired, a Status) to every open watch, after
    // what waited for it; then the watch ends.
    void sendGone();
    // Changes wait from now on; release() sends them, in the given order
    // (indexes into what was held), then delivers as usual.
    void hold();
    void release(const QList<int> &order);

    // What was asked, in order.
    struct Call {
        bool list = false;
        QString continueToken; // lists
        int limit = 0;
        bool sendInitialEvents = false; // watches
        QByteArray resourceVersion;
    };
    QList<Call> calls;
    int lists() const;
    int watches(bool initialEvents) const;
    int openWatches() const;
    // Of which past their initial events: changes reach them as they happen.
    int liveWatches() const;

    // ListerWatcher
    nestdeck::kube::ClientLimits limits() const override { return {}; }
    void listPage(const nestdeck::kube::ResourceRef &resource, const QString &ns, const nestdeck::kube::ListPageOptions &options,
                  QObject *context, std::function<void(const nestdeck::kube::ApiResponse &)> done,
                  nestdeck::kube::ProcessFn process) override;
    void watch(const nestdeck::kube::ResourceRef &resource, const QString &ns, const nestdeck::kube::WatchOptions &options,
               nestdeck::kube::HeadersFn onHeaders, nestdeck::kube::ChunkFn onChunk, QObject *context,
               std::function<void(const nestdeck::kube::HttpResponse &)> done,
               std::function<void(nestdeck::kube::Transport::Id)> started, int timeoutMs) override;
    void cancel(nestdeck::kube::Transport::Id id) override;

private:
    struct Stream {
        nestdeck::kube::ChunkFn onChunk;
        QPointer<QObject> context;
        std::function<void(const nestdeck::kube::HttpResponse &)> done;
        bool live = false;          // past its initial events: changes go out at once
        QList<QByteArray> backlog; // changes while it was not live
    };
    struct Change {
        qint64 rv;
        QByteArray event;
    };
    struct Snapshot {
        qint64 rv;
        QList<QJsonObject> items;
    };

    QByteArray change(const char *type, const QJsonObject &object);
    QJsonObject object(const QString &ns, const QString &name) const;
    QByteArray event(const char *type, const QJsonObject &object) const;
    QByteArray status(int code, const QString &reason, const QString &message) const;
    QByteArray goneEvent(const QString &message) const; // ERROR with a 410 Status
    QByteArray bookmark(bool initialEventsEnd) const;   // at the current resourceVersion
    // To one stream: now if live, else after its initial events.
    void send(nestdeck::kube::Transport::Id id, const QByteArray &event);
    void sendToAll(const QByteArray &event);
    // Ends a stream (done with `status` and `body`, on its context's thread).
    void end(nestdeck::kube::Transport::Id id, int status = 200, const QByteArray &body = {});
    // Sends `events` one by one `intervalMs` apart, then `last` after
    // `lastDelayMs`, then goes live.
    void stream(nestdeck::kube::Transport::Id id, QList<QByteArray> events, int intervalMs, QByteArray last, int lastDelayMs);
    // Sends what waited; changes go out at once from now on.
    void goLive(nestdeck::kube::Transport::Id id);

    QString m_kind;
    qint64 m_rv = 100;
    qint64 m_compactedAt = 0;
    qint64 m_uids = 0;
    QMap<QString, QJsonObject> m_objects; // by key
    QList<Change> m_history;
    QList<Snapshot> m_snapshots; // of lists, for their continue tokens
    QHash<nestdeck::kube::Transport::Id, Stream> m_streams;
    nestdeck::kube::Transport::Id m_nextId = 1;
    bool m_holding = false;
    QList<QByteArray> m_held;
};
