#include "core/platform/Format.h"

#include <QHash>
#include <QLocale>
#include <QRegularExpression>

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

std::optional<double> quantityValue(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^([+-]?(?:\\d+\\.?\\d*|\\.\\d+))(?:([eE][+-]?\\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    double v = m.captured(1).toDouble();
    if (!m.captured(2).isEmpty())
        return v * std::pow(10.0, m.captured(2).mid(1).toDouble());
    static const QHash<QString, double> factor{
        {QStringLiteral("Ki"), 1024.0}, {QStringLiteral("Mi"), std::pow(1024.0, 2)}, {QStringLiteral("Gi"), std::pow(1024.0, 3)},
        {QStringLiteral("Ti"), std::pow(1024.0, 4)}, {QStringLiteral("Pi"), std::pow(1024.0, 5)}, {QStringLiteral("Ei"), std::pow(1024.0, 6)},
        {QStringLiteral("n"), 1e-9}, {QStringLiteral("u"), 1e-6}, {QStringLiteral("m"), 1e-3}, {QStringLiteral("k"), 1e3},
        {QStringLiteral("M"), 1e6}, {QStringLiteral("G"), 1e9}, {QStringLiteral("T"), 1e12}, {QStringLiteral("P"), 1e15},
        {QStringLiteral("E"), 1e18}};
    if (!m.captured(3).isEmpty())
        v *= factor.value(m.captured(3));
    return v;
}

} // namespace nestdeck::platform
