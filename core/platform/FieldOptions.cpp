#include "core/platform/FieldOptions.h"

#include "core/platform/Format.h"
#include "core/platform/Tr.h"

#include <QJsonArray>

#include <algorithm>

namespace nestdeck::platform {

kube::ResourceRef optionsApi()
{
    return kube::ResourceRef{QStringLiteral("core.cozystack.io"), QStringLiteral("v1alpha1"), QStringLiteral("options"), true,
                             QStringLiteral("Option")};
}

QList<FieldOption> optionsFromOptionObject(const QJsonObject &option)
{
    QList<FieldOption> out;
    for (const QJsonValue &v : option.value(QLatin1String("spec")).toObject().value(QLatin1String("items")).toArray()) {
        const QJsonObject item = v.toObject();
        FieldOption opt{item.value(QLatin1String("value")).toString(), {}};
        if (opt.value.isEmpty())
            continue;
        QStringList detail;
        // A label usually repeats the value ("u1.medium (1 vCPU, 4Gi)"): keep what it adds.
        QString label = item.value(QLatin1String("label")).toString().trimmed();
        if (label.startsWith(opt.value))
            label = label.mid(opt.value.size()).trimmed();
        if (label.startsWith(QLatin1Char('(')) && label.endsWith(QLatin1Char(')')))
            label = label.mid(1, label.size() - 2);
        if (!label.isEmpty() && label != translate("nestdeck::platform", "default"))
            detail << label;
        if (const QString d = item.value(QLatin1String("description")).toString(); !d.isEmpty())
            detail << d;
        // "the cluster's default", not "default": beside the schema's own
        // default, marked "(default)", the two read as one word twice.
        if (item.value(QLatin1String("default")).toBool())
            detail << translate("nestdeck::platform", "the cluster's default");
        opt.detail = detail.join(QStringLiteral("; "));
        out << opt;
    }
    std::sort(out.begin(), out.end(), [](const FieldOption &a, const FieldOption &b) { return a.value < b.value; });
    return out;
}

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

namespace {
void collectUses(const Field &f, const QJsonValue &v, const QStringList &path, QList<OptionUse> &out)
{
    if (!f.optionsSource.isEmpty() && v.isString()) {
        out << OptionUse{path, f.optionsSource, v.toString()};
        return;
    }
    if (f.kind == FieldKind::Object && v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (const Field *c = f.child(it.key()))
                collectUses(*c, it.value(), path + QStringList{it.key()}, out);
            else if (f.item)
                collectUses(*f.item, it.value(), path + QStringList{it.key()}, out);
        }
    } else if (f.kind == FieldKind::Map && v.isObject() && f.item) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            collectUses(*f.item, it.value(), path + QStringList{it.key()}, out);
    } else if (f.kind == FieldKind::List && v.isArray() && f.item) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            collectUses(*f.item, a.at(i), path + QStringList{QString::number(i)}, out);
    }
}

void collectSources(const Field &f, QStringList &out)
{
    if (!f.optionsSource.isEmpty() && !out.contains(f.optionsSource))
        out << f.optionsSource;
    for (const Field &c : f.children)
        collectSources(c, out);
    if (f.item)
        collectSources(*f.item, out);
}
} // namespace

QList<OptionUse> optionUses(const Field &root, const QJsonValue &spec)
{
    QList<OptionUse> out;
    collectUses(root, spec, {}, out);
    return out;
}

QStringList optionSources(const Field &root)
{
    QStringList out;
    collectSources(root, out);
    return out;
}

QString instanceTypeSize(const QJsonObject &instancetype)
{
    const QJsonObject spec = instancetype.value(QLatin1String("spec")).toObject();
    return translate("nestdeck::platform", "%1 vCPU, %2")
        .arg(spec.value(QLatin1String("cpu")).toObject().value(QLatin1String("guest")).toInt())
        .arg(quantityText(spec.value(QLatin1String("memory")).toObject().value(QLatin1String("guest"))));
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
                opt.detail = translate("nestdeck::platform", "the cluster's default");
        } else if (source == QLatin1String("instancetype")) {
            const QString series = annotations.value(QLatin1String("instancetype.kubevirt.io/description")).toString();
            opt.detail = instanceTypeSize(o);
            if (!series.isEmpty())
                opt.detail += QStringLiteral("; ") + series;
        }
        out << opt;
    }
    std::sort(out.begin(), out.end(), [](const FieldOption &a, const FieldOption &b) { return a.value < b.value; });
    return out;
}

} // namespace nestdeck::platform
