#include "core/platform/Yaml.h"
#include "core/platform/Tr.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <QCoreApplication>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace nestdeck::platform {

namespace {

// A plain scalar's type under YAML 1.2's core schema.
QJsonValue plainScalar(const std::string &raw)
{
    const QString s = QString::fromStdString(raw);
    static const QRegularExpression nullRe(QStringLiteral("^(~|null|Null|NULL|)$"));
    static const QRegularExpression trueRe(QStringLiteral("^(true|True|TRUE)$"));
    static const QRegularExpression falseRe(QStringLiteral("^(false|False|FALSE)$"));
    static const QRegularExpression intRe(QStringLiteral("^[-+]?[0-9]+$"));
    static const QRegularExpression hexRe(QStringLiteral("^0x[0-9a-fA-F]+$"));
    static const QRegularExpression octRe(QStringLiteral("^0o[0-7]+$"));
    static const QRegularExpression floatRe(QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
    if (nullRe.match(s).hasMatch())
        return QJsonValue::Null;
    if (trueRe.match(s).hasMatch())
        return true;
    if (falseRe.match(s).hasMatch())
        return false;
    bool ok = false;
    if (intRe.match(s).hasMatch()) {
        const double d = s.toDouble(&ok);
        if (ok)
            return d;
    }
    if (hexRe.match(s).hasMatch())
        return double(s.mid(2).toLongLong(&ok, 16));
    if (octRe.match(s).hasMatch())
        return double(s.mid(2).toLongLong(&ok, 8));
    if (floatRe.match(s).hasMatch()) {
        const double d = s.toDouble(&ok);
        if (ok)
            return d;
    }
    return s; // .inf, .nan and everything else: text (JSON has no infinities)
}

// Strings that would read back as another type must be quoted.
bool needsQuotes(const QString &s)
{
    // Control characters only survive escaped, in double quotes (found by fuzz_yaml).
    const bool control = std::any_of(s.begin(), s.end(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
    return s.isEmpty() || control || !plainScalar(s.toStdString()).isString() || s.front().isSpace() || s.back().isSpace();
}

struct Converter {
    // Values after alias expansion ("billion laughs" guard). No manifest or
    // kubeconfig comes near it; at 2,000,000 a 717-byte bomb took 2.8 s to
    // refuse (found by fuzz_yaml), at this it takes a tenth of that.
    qint64 budget = 200'000;
    // Bytes of text after alias expansion: few values can still be huge when
    // each is a long string (found by fuzz_yaml: 2 GB from 10 KB).
    qint64 bytes = 64 * 1024 * 1024;
    QString error;

    QJsonValue convert(const YAML::Node &n, int depth)
    {
        if (!error.isEmpty())
            return {};
        if (--budget < 0 || depth > 256) {
            error = depth > 256 ? translate("nestdeck::platform", "the document is nested more than 256 levels deep")
                                : translate("nestdeck::platform", "the document is too large once its aliases are expanded");
            return {};
        }
        switch (n.Type()) {
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined: return QJsonValue::Null;
        case YAML::NodeType::Scalar:
            if ((bytes -= qint64(n.Scalar().size())) < 0) {
                error = translate("nestdeck::platform", "the document is too large once its aliases are expanded");
                return {};
            }
            // Quoted ("!") and explicitly tagged strings (!!str) stay text.
            return n.Tag() == "!" || n.Tag() == "tag:yaml.org,2002:str" ? QJsonValue(QString::fromStdString(n.Scalar()))
                                                                         : plainScalar(n.Scalar());
        case YAML::NodeType::Sequence: {
            QJsonArray a;
            for (const auto &x : n)
                a.append(convert(x, depth + 1));
            return a;
        }
        case YAML::NodeType::Map: {
            QJsonObject o;
            for (const auto &kv : n) {
                if (!kv.first.IsScalar()) {
                    error = translate("nestdeck::platform", "line %1: a key must be plain text, not a list or a map").arg(kv.first.Mark().line + 1);
                    return {};
                }
                bytes -= qint64(kv.first.Scalar().size());
                o.insert(QString::fromStdString(kv.first.Scalar()), convert(kv.second, depth + 1));
            }
            return o;
        }
        }
        return {};
    }
};

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
        if (needsQuotes(v.toString()))
            out << YAML::DoubleQuoted;
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
    return jsonToYaml(doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()));
}

QString jsonToYaml(const QJsonValue &value)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetMapFormat(YAML::Block);
    out.SetSeqFormat(YAML::Block);
    emitValue(out, value);
    return QString::fromStdString(out.c_str()) + QLatin1Char('\n');
}

Expected<QList<QJsonValue>> yamlDocuments(const QByteArray &text)
{
    // YAML allows no control characters in the stream but tab and line breaks
    // (they must be escaped in double quotes); yaml-cpp takes them as text,
    // which then did not read back the same (found by fuzz_yaml).
    int line = 1, column = 1;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            return makeError(translate("nestdeck::platform", "line %1, column %2: control character U+%3 is not allowed in YAML (write it escaped in double quotes)")
                                 .arg(line).arg(column).arg(int(c), 4, 16, QLatin1Char('0')));
        if (c == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    std::vector<YAML::Node> docs;
    try {
        docs = YAML::LoadAll(text.toStdString());
    } catch (const YAML::Exception &e) {
        return makeError(translate("nestdeck::platform", "line %1, column %2: %3").arg(e.mark.line + 1).arg(e.mark.column + 1).arg(QString::fromStdString(e.msg)));
    }
    QList<QJsonValue> out;
    Converter c;
    for (const YAML::Node &d : docs) {
        if (d.IsNull() || !d.IsDefined())
            continue;
        out << c.convert(d, 0);
        if (!c.error.isEmpty())
            return makeError(c.error);
    }
    return out;
}

} // namespace nestdeck::platform
