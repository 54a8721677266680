#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace nestdeck::platform {

// kubectl's short age: "42s", "17m", "5h", "3d"; "—" when unknown.
QString shortAge(const QDateTime &since, const QDateTime &now = QDateTime::currentDateTimeUtc());

// A Kubernetes quantity as text. JSON holds quantities as numbers (2) or
// strings ("500m", "4Gi"); both read the same here. "" when absent or of
// another type.
QString quantityText(const QJsonValue &v);

// A Kubernetes quantity's value ("500m" 0.5, "4Gi" 4294967296, "2e3" 2000);
// nullopt when the text is not a quantity.
std::optional<double> quantityValue(const QString &text);

} // namespace nestdeck::platform
