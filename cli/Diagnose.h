#pragma once

#include "core/platform/ClusterTree.h"

#include <QString>

namespace nestdeck::kube {
class RestClient;
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

} // namespace nestdeck::cli
