#include "core/platform/Catalog.h"

#include <QHash>

namespace nestdeck::platform {

PresetSize presetSize(const QString &preset)
{
    static const QHash<QString, PresetSize> sizes = {
        {QStringLiteral("nano"), {QStringLiteral("250m"), QStringLiteral("128Mi")}},
        {QStringLiteral("micro"), {QStringLiteral("500m"), QStringLiteral("256Mi")}},
        {QStringLiteral("small"), {QStringLiteral("1"), QStringLiteral("512Mi")}},
        {QStringLiteral("medium"), {QStringLiteral("1"), QStringLiteral("1Gi")}},
        {QStringLiteral("large"), {QStringLiteral("2"), QStringLiteral("2Gi")}},
        {QStringLiteral("xlarge"), {QStringLiteral("4"), QStringLiteral("4Gi")}},
        {QStringLiteral("2xlarge"), {QStringLiteral("8"), QStringLiteral("8Gi")}},
    };
    return sizes.value(preset);
}

QString kebab(const QString &camel)
{
    QString out;
    for (int i = 0; i < camel.size(); ++i) {
        const QChar c = camel[i];
        // A run of capitals is one word: "gatewayAPI" → "gateway-api".
        if (c.isUpper() && i > 0 && !camel[i - 1].isUpper())
            out += QLatin1Char('-');
        out += c.toLower();
    }
    return out;
}

} // namespace nestdeck::platform
