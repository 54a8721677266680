#include "core/platform/Format.h"

#include <QLocale>

#include <cmath>

namespace nestdeck::platform {

QString shortAge(const QDateTime &since, const QDateTime &now)
{
    if (!since.isValid())
        return QStringLiteral("—");
    const qint64 s = std::max<qint64>(since.secsTo(now), 0);
    if (s < 120)
        return QStringLiteral("%1s").arg(s);
    if (s < 7200)
        return QStringLiteral("%1m").arg(s / 60);
    if (s < 2 * 86400)
        return QStringLiteral("%1h").arg(s / 3600);
    return QStringLiteral("%1d").arg(s / 86400);
}

QString quantityText(const QJsonValue &v)
{
    if (!v.isDouble())
        return v.toString();
    const double d = v.toDouble();
    // Whole numbers in full ("4294967296", not "4.29497e+09"), others as short as exact.
    if (std::trunc(d) == d && std::abs(d) < 9.0e15)
        return QString::number(qint64(d));
    return QString::number(d, 'g', QLocale::FloatingPointShortest);
}

} // namespace nestdeck::platform
