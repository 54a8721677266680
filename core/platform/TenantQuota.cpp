#include "core/platform/TenantQuota.h"

#include "core/platform/Format.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSet>

namespace nestdeck::platform {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("nestdeck::platform", s); }

// The quota controller's aliases: a bare resource name means its requests.
QString canonical(const QString &key)
{
    static const QSet<QString> bare{QStringLiteral("cpu"), QStringLiteral("memory"), QStringLiteral("storage"),
                                    QStringLiteral("ephemeral-storage")};
    return bare.contains(key) ? QStringLiteral("requests.") + key : key;
}
} // namespace

QList<QuotaUse> readTenantQuota(const QJsonObject &q)
{
    const QJsonObject hard = q.value(QLatin1String("status")).toObject().value(QLatin1String("hard")).toObject().isEmpty()
                                 ? q.value(QLatin1String("spec")).toObject().value(QLatin1String("hard")).toObject()
                                 : q.value(QLatin1String("status")).toObject().value(QLatin1String("hard")).toObject();
    const QJsonObject used = q.value(QLatin1String("status")).toObject().value(QLatin1String("used")).toObject();
    // The tightest key of each canonical resource.
    QHash<QString, QString> holder; // canonical -> key
    for (auto it = hard.begin(); it != hard.end(); ++it) {
        const QString c = canonical(it.key());
        const auto prev = holder.constFind(c);
        if (prev == holder.cend()) {
            holder.insert(c, it.key());
            continue;
        }
        const auto mine = quantityValue(quantityText(it.value())), theirs = quantityValue(quantityText(hard.value(*prev)));
        if (mine && (!theirs || *mine < *theirs))
            holder.insert(c, it.key());
    }
    static const QList<QPair<QString, const char *>> known{
        {QStringLiteral("count/kuberneteses.apps.cozystack.io"), QT_TRANSLATE_NOOP("nestdeck::platform", "clusters")},
        {QStringLiteral("requests.cpu"), QT_TRANSLATE_NOOP("nestdeck::platform", "cpu")},
        {QStringLiteral("requests.memory"), QT_TRANSLATE_NOOP("nestdeck::platform", "memory")},
        {QStringLiteral("requests.storage"), QT_TRANSLATE_NOOP("nestdeck::platform", "storage")}};
    QList<QuotaUse> out;
    auto use = [&](const QString &key, const QString &label) {
        out << QuotaUse{key, label, used.contains(key) ? quantityText(used.value(key)) : QStringLiteral("0"), quantityText(hard.value(key))};
    };
    for (const auto &[c, label] : known)
        if (const auto it = holder.constFind(c); it != holder.cend())
            use(*it, tr(label));
    QStringList rest;
    for (auto it = holder.cbegin(); it != holder.cend(); ++it)
        if (std::none_of(known.cbegin(), known.cend(), [&](const auto &k) { return k.first == it.key(); }))
            rest << it.value();
    rest.sort();
    for (const QString &k : rest)
        use(k, k);
    return out;
}

QList<QuotaUse> readTenantQuota(const kube::KubeObject &q) { return readTenantQuota(QJsonDocument::fromJson(q.json()).object()); }

QString quotaLine(const QList<QuotaUse> &uses, int most)
{
    QStringList parts;
    for (const QuotaUse &u : uses) {
        if (most > 0 && parts.size() == most)
            break;
        parts << QStringLiteral("%1 %2/%3").arg(u.label, u.used, u.hard);
    }
    return parts.join(QStringLiteral(" · "));
}

} // namespace nestdeck::platform
