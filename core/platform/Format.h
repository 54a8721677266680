#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace nestdeck::platform {

// kubectl's short age: "42s", "17m", "5h", "3d"; "—" when unknown.
QString shortAge(const QDateTime &since, const QDateTime &now = QDateTime::currentDateTimeUtc());

// A Kubernetes quantity as text. JSON holds quantities as numbers (2) or
// strings ("500m", "4Gi"); both read the same here. "" when absent or of
// another type.
QString quantityText(const QJsonValue &v);

} // namespace nestdeck::platform
