#pragma once

#include "core/Expected.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace nestdeck::platform {

// Renders a JSON document as YAML (block style, keys in the document's order
// as far as QJsonObject keeps them: alphabetical), for read-only YAML views.
QString jsonToYaml(const QByteArray &json);
QString jsonToYaml(const QJsonValue &value);

// Parses YAML (or JSON, which is YAML) with YAML 1.2's core schema: plain
// scalars become null, booleans, numbers or strings; quoted ones stay strings.
// Several documents ("---") give several values; empty documents are skipped.
// Errors name the line and column. Aliases are expanded, within a size limit.
Expected<QList<QJsonValue>> yamlDocuments(const QByteArray &text);

} // namespace nestdeck::platform
