#include "core/platform/Naming.h"
#include "core/platform/Tr.h"

#include <QCoreApplication>

#include <algorithm>

namespace nestdeck::platform::naming {

namespace {
const QString KubePrefix = QStringLiteral("kubernetes-");
const QString NodesPrefix = QStringLiteral("kubernetes-nodes-");
const QString TenantPrefix = QStringLiteral("tenant-");
const QString AdminKubeconfigSuffix = QStringLiteral("-admin-kubeconfig");

bool lowerAlpha(QChar c) { return c >= QLatin1Char('a') && c <= QLatin1Char('z'); }
bool digit(QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); }
} // namespace

QString kubernetesReleasePrefix() { return KubePrefix; }
QString kubernetesRelease(const QString &appName) { return KubePrefix + appName; }
QString kubernetesAppOfRelease(const QString &release)
{
    return release.startsWith(KubePrefix) ? release.mid(KubePrefix.size()) : QString();
}
QString machineDeployment(const QString &appName, const QString &nodeGroup)
{
    return kubernetesRelease(appName) + QLatin1Char('-') + nodeGroup;
}
QString nodePoolRelease(const QString &poolApp) { return NodesPrefix + poolApp; }
QString addonReleasePrefix(const QString &appName) { return kubernetesRelease(appName) + QLatin1Char('-'); }
QString adminKubeconfigSecret(const QString &appName) { return kubernetesRelease(appName) + AdminKubeconfigSuffix; }
QString releaseOfAdminKubeconfigSecret(const QString &secretName)
{
    return secretName.endsWith(AdminKubeconfigSuffix) ? secretName.chopped(AdminKubeconfigSuffix.size()) : secretName;
}

QString tenantNamespacePrefix() { return TenantPrefix; }
QString rootTenantNamespace() { return TenantPrefix + QStringLiteral("root"); }
bool isTenantNamespace(const QString &ns) { return ns.startsWith(TenantPrefix) && ns.size() > TenantPrefix.size(); }
QString tenantDisplayName(const QString &ns) { return isTenantNamespace(ns) ? ns.mid(TenantPrefix.size()) : ns; }
QString childTenantNamespace(const QString &parentNs, const QString &tenantName)
{
    // Children of the root tenant drop "root": tenant-root + foo = tenant-foo.
    if (parentNs == rootTenantNamespace() || !isTenantNamespace(parentNs))
        return TenantPrefix + tenantName;
    return parentNs + QLatin1Char('-') + tenantName;
}

int maxAppNameLength(const QString &releasePrefix)
{
    return std::min(Dns1035LabelMax, HelmReleaseNameMax - int(releasePrefix.size()));
}

QString appNameError(const QString &name, int maxLength)
{
    if (name.isEmpty())
        return translate("nestdeck::platform", "a name is required");
    if (name.size() > maxLength)
        return translate("nestdeck::platform", "must be at most %1 characters (this one has %2)").arg(maxLength).arg(name.size());
    if (!lowerAlpha(name.front()))
        return translate("nestdeck::platform", "must start with a lowercase letter");
    for (QChar c : name)
        if (!lowerAlpha(c) && !digit(c) && c != QLatin1Char('-'))
            return translate("nestdeck::platform", "may contain only lowercase letters, digits and '-' (found '%1')").arg(c);
    if (name.back() == QLatin1Char('-'))
        return translate("nestdeck::platform", "must end with a letter or digit");
    return {};
}

QString tenantNameError(const QString &name)
{
    if (name.isEmpty())
        return translate("nestdeck::platform", "a name is required");
    if (!lowerAlpha(name.front()))
        return translate("nestdeck::platform", "must start with a lowercase letter");
    for (QChar c : name)
        if (!lowerAlpha(c) && !digit(c))
            return translate("nestdeck::platform", "tenant names may contain only lowercase letters and digits (found '%1')").arg(c);
    return {};
}

} // namespace nestdeck::platform::naming
