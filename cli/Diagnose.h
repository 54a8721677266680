#pragma once

#include "core/platform/ClusterTree.h"

#include <QString>

#include <functional>

namespace nestdeck::kube {
class RestClient;
}
namespace nestdeck::platform {
class PlatformSession;
}

namespace nestdeck::cli {

struct DiagnoseOptions {
    QString ns;          // -n, or the context's namespace
    QString name;        // NAME or NAMESPACE/NAME; "" with -A
    bool all = false;    // -A: every cluster that is not Ready (in -n NS when given)
    QString bundle;      // --bundle FILE: also write the support bundle
    platform::TreeOptions tree;
};

// nestdeck-cli diagnose: the diagnosis and the tree as text. Exits (through
// QCoreApplication::exit) 0 when the cluster is Ready (-A: when all are),
// 1 when not, 2 when it could not be checked.
void diagnose(kube::RestClient *client, const DiagnoseOptions &o);

// Starts a session on the client's config and calls fn once every cache of
// a cluster's tree has listed (health needs the whole tree); exits 2 if that
// takes over two minutes. The session is the client's child.
void whenSynced(kube::RestClient *client, std::function<void(platform::PlatformSession *session)> fn);

} // namespace nestdeck::cli
