#include "core/platform/Catalog.h"

#include <QHash>

namespace nestdeck::platform {

PresetSize presetSize(const QString &preset)
{
    // <series>.<size>: CPU by size (nano 250m … 4xlarge 32), memory by series
    // (t1 half the CPU, c1 equal, s1 twice, u1 four times, m1 eight times),
    // as the platform's cozy-lib defines them; then the legacy flat names of
    // older releases, which keep their old sizes.
    static const QHash<QString, PresetSize> sizes = [] {
        QHash<QString, PresetSize> out;
        const char *names[] = {"nano", "micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge"};
        const char *cpus[] = {"250m", "500m", "1", "2", "4", "8", "16", "32"};
        const int mebibytesPerCpu[] = {512, 1024, 2048, 4096, 8192}; // t1, c1, s1, u1, m1 (per CPU)
        const char *series[] = {"t1", "c1", "s1", "u1", "m1"};
        const int millicpu[] = {250, 500, 1000, 2000, 4000, 8000, 16000, 32000};
        for (int s = 0; s < 5; ++s)
            for (int i = 0; i < 8; ++i) {
                const qint64 mib = qint64(mebibytesPerCpu[s]) * millicpu[i] / 1000;
                const QString memory = mib % 1024 == 0 ? QStringLiteral("%1Gi").arg(mib / 1024) : QStringLiteral("%1Mi").arg(mib);
                out.insert(QStringLiteral("%1.%2").arg(QLatin1String(series[s]), QLatin1String(names[i])),
                           {QLatin1String(cpus[i]), memory});
            }
        const std::pair<const char *, PresetSize> legacy[] = {
            {"nano", {QStringLiteral("250m"), QStringLiteral("128Mi")}}, {"micro", {QStringLiteral("500m"), QStringLiteral("256Mi")}},
            {"small", {QStringLiteral("1"), QStringLiteral("512Mi")}},   {"medium", {QStringLiteral("1"), QStringLiteral("1Gi")}},
            {"large", {QStringLiteral("2"), QStringLiteral("2Gi")}},     {"xlarge", {QStringLiteral("4"), QStringLiteral("4Gi")}},
            {"2xlarge", {QStringLiteral("8"), QStringLiteral("8Gi")}}};
        for (const auto &[name, size] : legacy)
            out.insert(QLatin1String(name), size);
        return out;
    }();
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
