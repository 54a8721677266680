#pragma once

#include <QDateTime>
#include <QString>

namespace nestdeck::platform {

// kubectl's short age: "42s", "17m", "5h", "3d"; "—" when unknown.
QString shortAge(const QDateTime &since, const QDateTime &now = QDateTime::currentDateTimeUtc());

} // namespace nestdeck::platform
