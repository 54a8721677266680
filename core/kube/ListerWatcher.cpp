#include "core/kube/ListerWatcher.h"

#include <QUrlQuery>

namespace nestdeck::kube {

ListerWatcher::~ListerWatcher() = default;

bool ListerWatcher::watchListUnsupported(const QString &apiVersion) const
{
    std::lock_guard lock(m_mutex);
    return m_withoutWatchList.contains(apiVersion);
}

void ListerWatcher::setWatchListUnsupported(const QString &apiVersion)
{
    std::lock_guard lock(m_mutex);
    m_withoutWatchList.insert(apiVersion);
}

ClientLimits RestListerWatcher::limits() const { return m_client->limits(); }

void RestListerWatcher::listPage(const ResourceRef &resource, const QString &ns, const ListPageOptions &options,
                                 QObject *context, std::function<void(const ApiResponse &)> done, ProcessFn process)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("limit"), QString::number(options.limit));
    if (!options.continueToken.isEmpty())
        q.addQueryItem(QStringLiteral("continue"), options.continueToken);
    if (!options.labelSelector.isEmpty())
        q.addQueryItem(QStringLiteral("labelSelector"), options.labelSelector);
    if (!options.fieldSelector.isEmpty())
        q.addQueryItem(QStringLiteral("fieldSelector"), options.fieldSelector);
    RequestExtras extras;
    extras.timeoutMs = options.timeoutMs;
    extras.process = std::move(process);
    m_client->request("GET", RestClient::withQuery(resource.path(ns), q), {}, {}, context, std::move(done), std::move(extras));
}

void RestListerWatcher::watch(const ResourceRef &resource, const QString &ns, const WatchOptions &options,
                              HeadersFn onHeaders, ChunkFn onChunk, QObject *context,
                              std::function<void(const HttpResponse &)> done, std::function<void(Transport::Id)> started,
                              int timeoutMs)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("watch"), QStringLiteral("1"));
    q.addQueryItem(QStringLiteral("allowWatchBookmarks"), QStringLiteral("true"));
    if (options.timeoutSeconds > 0)
        q.addQueryItem(QStringLiteral("timeoutSeconds"), QString::number(options.timeoutSeconds));
    if (options.sendInitialEvents) {
        q.addQueryItem(QStringLiteral("sendInitialEvents"), QStringLiteral("true"));
        q.addQueryItem(QStringLiteral("resourceVersionMatch"), QStringLiteral("NotOlderThan"));
        q.addQueryItem(QStringLiteral("resourceVersion"), QString());
    } else {
        q.addQueryItem(QStringLiteral("resourceVersion"), QString::fromUtf8(options.resourceVersion));
    }
    if (!options.labelSelector.isEmpty())
        q.addQueryItem(QStringLiteral("labelSelector"), options.labelSelector);
    if (!options.fieldSelector.isEmpty())
        q.addQueryItem(QStringLiteral("fieldSelector"), options.fieldSelector);
    m_client->stream(RestClient::withQuery(resource.path(ns), q), std::move(onHeaders), std::move(onChunk), context,
                     std::move(done), std::move(started), timeoutMs);
}

void RestListerWatcher::cancel(Transport::Id id) { m_client->cancel(id); }

void RestListerWatcher::refreshCredentials() { m_client->refreshCredentials(); }

} // namespace nestdeck::kube
