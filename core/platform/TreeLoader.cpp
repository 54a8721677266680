#include "core/platform/TreeLoader.h"

#include "core/platform/Naming.h"
#include "core/platform/PlatformSession.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace nestdeck::platform {

namespace {
// The kinds the session does not watch (it watches the others: their refs are its own).
kube::ResourceRef ref(const char *group, const char *version, const char *resource, const char *kind)
{
    return {QLatin1String(group), QLatin1String(version), QLatin1String(resource), true, QLatin1String(kind)};
}
// Events beyond this many in one namespace are not read (the newest matter,
// and a storm must not make troubleshooting itself slow).
constexpr int EventLimit = 5000;
} // namespace

QList<kube::ResourceRef> treeKinds()
{
    using S = PlatformSession;
    return {S::KubernetesRef,
            S::KubernetesNodesRef,
            S::HelmReleaseRef,
            S::ClusterRef,
            ref("infrastructure.cluster.x-k8s.io", "v1alpha1", "kubevirtclusters", "KubevirtCluster"),
            S::KamajiControlPlaneRef,
            S::TenantControlPlaneRef,
            S::MachineDeploymentRef,
            ref("cluster.x-k8s.io", "v1beta1", "machinesets", "MachineSet"),
            S::MachineRef,
            ref("infrastructure.cluster.x-k8s.io", "v1alpha1", "kubevirtmachines", "KubevirtMachine"),
            ref("kubevirt.io", "v1", "virtualmachines", "VirtualMachine"),
            ref("kubevirt.io", "v1", "virtualmachineinstances", "VirtualMachineInstance"),
            ref("cdi.kubevirt.io", "v1beta1", "datavolumes", "DataVolume"),
            ref("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim")};
}

void loadTree(kube::RestClient *client, const QString &ns, const QString &name, QObject *context, TreeLoaded done)
{
    struct State {
        TreeInput input;
        QStringList errors;
        int pending = 0;
    };
    auto st = std::make_shared<State>();
    st->input.ns = ns;
    st->input.name = name;
    const auto finishOne = [st, done] {
        if (--st->pending == 0)
            done(st->input, st->errors.join(QStringLiteral("; ")));
    };
    // One answer: items (a list) or the object itself, each stamped with its kind
    // (list items of built-in types come without one).
    const auto take = [st](const kube::ResourceRef &r, const kube::ApiResponse &resp, bool isList) {
        if (resp.ok()) {
            const QJsonObject body = QJsonDocument::fromJson(resp.body).object();
            const QJsonArray items = isList ? body.value(QLatin1String("items")).toArray() : QJsonArray{body};
            for (const QJsonValue &v : items) {
                QJsonObject o = v.toObject();
                o.insert(QStringLiteral("kind"), r.kind);
                o.insert(QStringLiteral("apiVersion"), r.apiVersion());
                (r.kind == QLatin1String("Event") ? st->input.events : st->input.objects) << o;
            }
        } else if (resp.error.isForbidden()) {
            st->input.notVisible << QStringLiteral("%1: %2").arg(r.kind, resp.error.text());
            if (r.kind != QLatin1String("Kubernetes") && r.kind != QLatin1String("KubernetesNodes") && r.kind != QLatin1String("Event") &&
                r.kind != QLatin1String("Secret"))
                st->input.treeVisible = false;
        } else if (!resp.error.isNotFound()) { // not served here, or (the app, the Secret) not there
            st->errors << QStringLiteral("%1: %2").arg(r.kind, resp.error.text());
        }
    };
    const QList<kube::ResourceRef> kinds = treeKinds();
    st->pending = int(kinds.size()) + 2;
    for (const kube::ResourceRef &r : kinds)
        client->get(r.path(ns), context, [r, take, finishOne](const kube::ApiResponse &resp) {
            take(r, resp, true);
            finishOne();
        });
    client->get(PlatformSession::EventRef.path(ns) + QStringLiteral("?limit=%1").arg(EventLimit), context, [take, finishOne](const kube::ApiResponse &resp) {
        take(PlatformSession::EventRef, resp, true);
        finishOne();
    });
    // Metadata only: a Secret's data is never fetched for troubleshooting.
    kube::RequestExtras extras;
    extras.accept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";
    client->request("GET", PlatformSession::SecretRef.objectPath(ns, naming::adminKubeconfigSecret(name)), {}, {}, context,
                    [take, finishOne](const kube::ApiResponse &resp) {
                        take(PlatformSession::SecretRef, resp, false);
                        finishOne();
                    },
                    extras);
}

} // namespace nestdeck::platform
