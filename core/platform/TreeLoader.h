#pragma once

#include "core/kube/Resource.h"
#include "core/kube/RestClient.h"
#include "core/platform/ClusterTree.h"

#include <functional>

namespace nestdeck::platform {

// The kinds a cluster's tree is made of, in the order they are asked for.
// Kinds the server does not serve are skipped; kinds the user may not read
// are named in TreeInput::notVisible.
QList<kube::ResourceRef> treeKinds();

// Fetches everything buildTree needs for one cluster, in parallel: the app,
// the namespace's objects of every tree kind, its events, and the admin
// kubeconfig Secret as metadata only (its data never leaves the server).
// `error` is empty unless a request failed for another reason than 403/404;
// the input holds what did arrive.
using TreeLoaded = std::function<void(const TreeInput &input, const QString &error)>;
void loadTree(kube::RestClient *client, const QString &ns, const QString &name, QObject *context, TreeLoaded done);

} // namespace nestdeck::platform
