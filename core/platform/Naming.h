#pragma once

#include <QString>

namespace nestdeck::platform {

// The application kinds the client knows by name (everything else it reads
// from the kinds' definitions): tenant clusters and their node pools (§9).
inline constexpr char KubernetesKind[] = "Kubernetes";
inline constexpr char KubernetesNodesKind[] = "KubernetesNodes";

// The platform's naming rules, in one place (API doc, sections 1, 3 and 4).
// A second copy of any of these is the next bug.
namespace naming {

inline constexpr int HelmReleaseNameMax = 53; // Helm's limit on a release name
inline constexpr int Dns1035LabelMax = 63;

// The release prefix of the Kubernetes app ("kubernetes-"), used where no
// ApplicationDefinition is at hand (the cluster tree is named after it).
QString kubernetesReleasePrefix();
// "kubernetes-<name>": the HelmRelease, Cluster API Cluster, Kamaji control planes.
QString kubernetesRelease(const QString &appName);
// "kubernetes-<name>" → "<name>"; "" when `release` is not a Kubernetes app's release.
QString kubernetesAppOfRelease(const QString &release);
// "kubernetes-<name>-<group>": a node group's MachineDeployment.
QString machineDeployment(const QString &appName, const QString &nodeGroup);
// "kubernetes-nodes-<pool app>": a node pool's HelmRelease (KubernetesNodes, section 9).
// (It also reads as the release of a Kubernetes app "nodes-<pool app>": tell
// them apart by the release's application.kind label.)
QString nodePoolRelease(const QString &poolApp);
// "kubernetes-<name>-": prefix of the addon HelmReleases of a cluster.
QString addonReleasePrefix(const QString &appName);
// "kubernetes-<name>-admin-kubeconfig": the platform's default admin Secret.
QString adminKubeconfigSecret(const QString &appName);
// "kubernetes-<name>-admin-kubeconfig" → "kubernetes-<name>"; other names unchanged.
QString releaseOfAdminKubeconfigSecret(const QString &secretName);

// Tenants: "tenant-root"; a Tenant "foo" in "tenant-root" lives in "tenant-foo",
// one in "tenant-foo" named "bar" in "tenant-foo-bar".
QString tenantNamespacePrefix();
QString rootTenantNamespace();
bool isTenantNamespace(const QString &ns);
// "tenant-alpha" → "alpha"; anything else is returned unchanged.
QString tenantDisplayName(const QString &ns);
QString childTenantNamespace(const QString &parentNs, const QString &tenantName);
inline constexpr char TenantQuotaName[] = "tenant-quota";
// Cluster API's label naming a cluster ("kubernetes-<app>") on its machines,
// node groups and the volumes they leave.
inline constexpr char ClusterNameLabel[] = "cluster.x-k8s.io/cluster-name";

// The longest app name a release prefix allows (53 minus the prefix: 42 for "kubernetes-").
int maxAppNameLength(const QString &releasePrefix);
// Why `name` is not a valid app name (DNS-1035 label within maxLength), or "".
QString appNameError(const QString &name, int maxLength);
// Why `name` is not a valid Tenant name (^[a-z][a-z0-9]*$), or "".
QString tenantNameError(const QString &name);

} // namespace naming
} // namespace nestdeck::platform
