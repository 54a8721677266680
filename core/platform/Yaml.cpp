#include "core/platform/Yaml.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <yaml-cpp/yaml.h>

namespace nestdeck::platform {

namespace {
void emitValue(YAML::Emitter &out, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        out << YAML::BeginMap;
        // apiVersion, kind, metadata, spec, status first, as kubectl shows them.
        QStringList keys = o.keys();
        static const QStringList first = {QStringLiteral("apiVersion"), QStringLiteral("kind"), QStringLiteral("metadata"),
                                          QStringLiteral("spec"), QStringLiteral("status")};
        std::stable_sort(keys.begin(), keys.end(), [](const QString &a, const QString &b) {
            const auto ia = first.indexOf(a), ib = first.indexOf(b);
            return (ia < 0 ? 99 : ia) < (ib < 0 ? 99 : ib);
        });
        for (const QString &k : keys) {
            out << YAML::Key << k.toStdString() << YAML::Value;
            emitValue(out, o.value(k));
        }
        out << YAML::EndMap;
        break;
    }
    case QJsonValue::Array:
        out << YAML::BeginSeq;
        for (const auto &x : v.toArray())
            emitValue(out, x);
        out << YAML::EndSeq;
        break;
    case QJsonValue::String:
        out << v.toString().toStdString();
        break;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == double(qint64(d)))
            out << qint64(d);
        else
            out << d;
        break;
    }
    case QJsonValue::Bool:
        out << v.toBool();
        break;
    default:
        out << YAML::Null;
    }
}
} // namespace

QString jsonToYaml(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (doc.isNull())
        return {};
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetMapFormat(YAML::Block);
    out.SetSeqFormat(YAML::Block);
    emitValue(out, doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()));
    return QString::fromStdString(out.c_str()) + QLatin1Char('\n');
}

} // namespace nestdeck::platform
