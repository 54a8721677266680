#pragma once

#include "core/kube/RestClient.h"
#include "core/kube/Resource.h"
#include "core/kube/Transport.h"

#include <QSet>
#include <QString>

#include <functional>
#include <mutex>

namespace nestdeck::kube {

// One page of a LIST.
struct ListPageOptions {
    QString labelSelector;
    QString fieldSelector;
    int limit = 500;
    QString continueToken; // empty: the first page
    int timeoutMs = 60000;
};

// A WATCH, always with bookmarks (allowWatchBookmarks).
struct WatchOptions {
    QByteArray resourceVersion; // where the watch starts
    // The streaming initial list: every object as ADDED, then a BOOKMARK
    // annotated k8s.io/initial-events-end (resourceVersion "" with
    // resourceVersionMatch=NotOlderThan; resourceVersion is not sent).
    bool sendInitialEvents = false;
    int timeoutSeconds = 0; // the server ends the watch after this long
    QString labelSelector;
    QString fieldSelector;
};

// client-go's ListerWatcher: what a reflector (and listAll) lists and
// watches through. The callbacks are those of RestClient and Transport:
// a page's `process` and a watch's onHeaders/onChunk run on the I/O thread
// (decode there), `done` on context's thread, not at all after cancel().
class ListerWatcher {
public:
    virtual ~ListerWatcher();

    virtual ClientLimits limits() const = 0;
    virtual void listPage(const ResourceRef &resource, const QString &ns, const ListPageOptions &options, QObject *context,
                          std::function<void(const ApiResponse &)> done, ProcessFn process) = 0;
    // started gets the stream's id, for cancel(); timeoutMs bounds the whole
    // stream (for servers that ignore timeoutSeconds).
    virtual void watch(const ResourceRef &resource, const QString &ns, const WatchOptions &options, HeadersFn onHeaders,
                       ChunkFn onChunk, QObject *context, std::function<void(const HttpResponse &)> done,
                       std::function<void(Transport::Id)> started, int timeoutMs) = 0;
    virtual void cancel(Transport::Id id) = 0;
    // After a 401: fresh credentials for the next request.
    virtual void refreshCredentials() {}

    // API group/versions ("apps.cozystack.io/v1alpha1", "v1") whose server
    // does not stream initial lists: it refuses sendInitialEvents, or ignores
    // it (an aggregated API server built on older libraries). Learnt by one
    // reflector, so that the others list at once. Any thread.
    bool watchListUnsupported(const QString &apiVersion) const;
    void setWatchListUnsupported(const QString &apiVersion);

private:
    mutable std::mutex m_mutex;
    QSet<QString> m_withoutWatchList;
};

// LIST and WATCH over HTTP, through a RestClient (RestClient::listerWatcher()).
class RestListerWatcher : public ListerWatcher {
public:
    explicit RestListerWatcher(RestClient *client) : m_client(client) {}

    ClientLimits limits() const override;
    void listPage(const ResourceRef &resource, const QString &ns, const ListPageOptions &options, QObject *context,
                  std::function<void(const ApiResponse &)> done, ProcessFn process) override;
    void watch(const ResourceRef &resource, const QString &ns, const WatchOptions &options, HeadersFn onHeaders,
               ChunkFn onChunk, QObject *context, std::function<void(const HttpResponse &)> done,
               std::function<void(Transport::Id)> started, int timeoutMs) override;
    void cancel(Transport::Id id) override;
    void refreshCredentials() override;

private:
    RestClient *m_client;
};

} // namespace nestdeck::kube
