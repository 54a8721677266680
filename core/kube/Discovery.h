#pragma once

#include "core/Expected.h"
#include "core/kube/Resource.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>

namespace nestdeck::kube {

class RestClient;

struct ApiResourceInfo {
    ResourceRef ref;
    QString singular;
    QStringList shortNames;
    QStringList verbs;
    QStringList categories;
    bool preferred = true; // the group's preferred version
};

// The server's resource types, from aggregated discovery (/api and /apis,
// apidiscovery.k8s.io/v2) in two requests.
class Discovery {
public:
    static void fetch(RestClient *client, QObject *context,
                      std::function<void(const Expected<QList<ApiResourceInfo>> &)> done);
    static QList<ApiResourceInfo> parse(const QByteArray &coreBody, const QByteArray &groupsBody, QString *error);

    // Finds a resource the way kubectl does: plural, singular, short name or
    // kind, optionally qualified as "name.group" or "name.version.group".
    static std::optional<ResourceRef> resolve(const QList<ApiResourceInfo> &all, const QString &name);
};

} // namespace nestdeck::kube
