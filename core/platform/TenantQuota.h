#pragma once

#include "core/kube/KubeObject.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace nestdeck::platform {

// A tenant's ResourceQuota (tenant-quota, API doc section 3) as the platform
// writes it: the chart's defaults ("requests.cpu": 32) beside the keys of the
// Tenant's spec.resourceQuotas as they were given ("cpu": 4). A key and its
// alias bound the same thing ("cpu" is "requests.cpu" to the quota
// controller): the tighter limit is the one that holds, and the one shown.
struct QuotaUse {
    QString resource; // the key that holds: "cpu", "requests.memory", "count/kuberneteses.apps.cozystack.io"
    QString label;    // for people: "clusters", "cpu", "memory", "storage", or the key
    QString used, hard;
};

// Every bound of the quota, the tighter of each alias pair: clusters, cpu,
// memory and storage first, then the other keys by name.
QList<QuotaUse> readTenantQuota(const QJsonObject &resourceQuota);
QList<QuotaUse> readTenantQuota(const kube::KubeObject &resourceQuota);

// "clusters 1/5 · cpu 0/4 · memory 0/8Gi" (the first `most` uses; 0: all).
QString quotaLine(const QList<QuotaUse> &uses, int most = 0);

} // namespace nestdeck::platform
