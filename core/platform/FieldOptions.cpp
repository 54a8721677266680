#include "core/platform/FieldOptions.h"

#include "core/platform/Format.h"
#include "core/platform/Tr.h"

#include <algorithm>

namespace nestdeck::platform {

std::optional<kube::ResourceRef> optionsResource(const QString &source)
{
    if (source == QLatin1String("storageclass"))
        return kube::ResourceRef{QStringLiteral("storage.k8s.io"), QStringLiteral("v1"), QStringLiteral("storageclasses"), false,
                                 QStringLiteral("StorageClass")};
    if (source == QLatin1String("instancetype"))
        return kube::ResourceRef{QStringLiteral("instancetype.kubevirt.io"), QStringLiteral("v1beta1"),
                                 QStringLiteral("virtualmachineclusterinstancetypes"), false, QStringLiteral("VirtualMachineClusterInstancetype")};
    return std::nullopt;
}

QList<FieldOption> optionsFromObjects(const QString &source, const QList<QJsonObject> &objects)
{
    QList<FieldOption> out;
    for (const QJsonObject &o : objects) {
        const QJsonObject meta = o.value(QLatin1String("metadata")).toObject();
        FieldOption opt{meta.value(QLatin1String("name")).toString(), {}};
        if (opt.value.isEmpty())
            continue;
        const QJsonObject annotations = meta.value(QLatin1String("annotations")).toObject();
        if (source == QLatin1String("storageclass")) {
            if (annotations.value(QLatin1String("storageclass.kubernetes.io/is-default-class")).toString() == QLatin1String("true"))
                opt.detail = translate("nestdeck::platform", "default");
        } else if (source == QLatin1String("instancetype")) {
            const QJsonObject spec = o.value(QLatin1String("spec")).toObject();
            const QString series = annotations.value(QLatin1String("instancetype.kubevirt.io/description")).toString();
            opt.detail = translate("nestdeck::platform", "%1 vCPU, %2")
                             .arg(spec.value(QLatin1String("cpu")).toObject().value(QLatin1String("guest")).toInt())
                             .arg(quantityText(spec.value(QLatin1String("memory")).toObject().value(QLatin1String("guest"))));
            if (!series.isEmpty())
                opt.detail += QStringLiteral("; ") + series;
        }
        out << opt;
    }
    std::sort(out.begin(), out.end(), [](const FieldOption &a, const FieldOption &b) { return a.value < b.value; });
    return out;
}

} // namespace nestdeck::platform
