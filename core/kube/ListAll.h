#pragma once

#include "core/kube/ApiError.h"
#include "core/kube/Decoder.h"
#include "core/kube/Resource.h"

#include <QObject>

#include <functional>

namespace nestdeck::kube {

class ListerWatcher;
class RestClient;

struct ListOptions {
    QString labelSelector;
    QString fieldSelector;
    int pageSize = 500;
    int timeoutMs = 60000; // per page
    TrimPtr trim;          // fields the items are decoded without
};

struct ListResult {
    QList<ObjectPtr> items;
    QByteArray resourceVersion;
    int pages = 0;
    bool ok = false;
    ApiError error; // when !ok
};

// A whole LIST, page by page (limit/continue), each page decoded on the I/O
// thread. What a broken or hostile server sends ends in an error that says
// what was wrong: an undecodable page, a list of another kind, an object
// over ClientLimits::maxObjectBytes, a page over maxResponseBytes, or a
// continue token that repeats (a list that would never end). done runs on
// context's thread, once.
void listAll(ListerWatcher *lw, const ResourceRef &resource, const QString &ns, const ListOptions &options,
             QObject *context, std::function<void(const ListResult &)> done);
// Through the client's ListerWatcher.
void listAll(RestClient *client, const ResourceRef &resource, const QString &ns, const ListOptions &options,
             QObject *context, std::function<void(const ListResult &)> done);

// Whether an object or list of this kind belongs to a watch or list of
// resource (a server answering with another kind is broken). Kinds a client
// may legitimately get instead (metadata-only, tables) pass; so does an
// empty kind, or a resource whose kind is not known.
bool kindMatches(const ResourceRef &resource, const QByteArray &kind, bool isList);

} // namespace nestdeck::kube
