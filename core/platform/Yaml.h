#pragma once

#include <QByteArray>
#include <QString>

namespace nestdeck::platform {

// Renders a JSON document as YAML (block style, keys in the document's order
// as far as QJsonObject keeps them: alphabetical), for read-only YAML views.
QString jsonToYaml(const QByteArray &json);

} // namespace nestdeck::platform
