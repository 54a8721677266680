#include "core/platform/AppSchema.h"
#include "core/platform/Tr.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <simdjson.h>

#include <algorithm>
#include <climits>
#include <utility>

namespace nestdeck::platform {

namespace {


// Nesting beyond this is not a form any more (and guards the recursion).
constexpr int MaxDepth = 64;
constexpr int MaxFields = 50'000;

// Keywords the engine interprets. Everything else is kept in unknownKeywords.
const QSet<QString> &knownKeywords()
{
    static const QSet<QString> k = {
        QStringLiteral("type"), QStringLiteral("title"), QStringLiteral("description"), QStringLiteral("default"),
        QStringLiteral("enum"), QStringLiteral("const"), QStringLiteral("minimum"), QStringLiteral("maximum"),
        QStringLiteral("exclusiveMinimum"), QStringLiteral("exclusiveMaximum"), QStringLiteral("multipleOf"),
        QStringLiteral("minLength"), QStringLiteral("maxLength"), QStringLiteral("pattern"), QStringLiteral("format"),
        QStringLiteral("minItems"), QStringLiteral("maxItems"), QStringLiteral("uniqueItems"),
        QStringLiteral("minProperties"), QStringLiteral("maxProperties"), QStringLiteral("required"),
        QStringLiteral("properties"), QStringLiteral("additionalProperties"), QStringLiteral("items"),
        QStringLiteral("anyOf"), QStringLiteral("oneOf"), QStringLiteral("allOf"), QStringLiteral("not"),
        QStringLiteral("$ref"), QStringLiteral("definitions"), QStringLiteral("$defs"), QStringLiteral("$schema"),
        QStringLiteral("$id"), QStringLiteral("id"), QStringLiteral("nullable"),
        QStringLiteral("x-kubernetes-preserve-unknown-fields"), QStringLiteral("x-kubernetes-int-or-string"),
        QStringLiteral("x-kubernetes-validations"), QStringLiteral("x-cozystack-options"),
        QStringLiteral("if"), QStringLiteral("then"), QStringLiteral("else"), QStringLiteral("patternProperties"),
        QStringLiteral("dependencies"), QStringLiteral("dependentSchemas"), QStringLiteral("dependentRequired"),
    };
    return k;
}

// The order of keys of every object in the raw schema, by JSON pointer.
// QJsonObject sorts keys; a form should follow the schema author's order.
using KeyOrder = QHash<QString, QStringList>;

void collectOrder(simdjson::dom::element e, const QString &pointer, KeyOrder &out, int depth)
{
    if (depth > MaxDepth * 4)
        return;
    if (e.is_object()) {
        QStringList keys;
        for (auto field : simdjson::dom::object(e)) {
            const QString k = QString::fromUtf8(field.key.data(), qsizetype(field.key.size()));
            keys << k;
            QString escaped = k;
            escaped.replace(QLatin1Char('~'), QLatin1String("~0")).replace(QLatin1Char('/'), QLatin1String("~1"));
            collectOrder(field.value, pointer + QLatin1Char('/') + escaped, out, depth + 1);
        }
        out.insert(pointer, keys);
    } else if (e.is_array()) {
        int i = 0;
        for (auto v : simdjson::dom::array(e))
            collectOrder(v, pointer + QLatin1Char('/') + QString::number(i++), out, depth + 1);
    }
}

QString unescapePointer(QString s) { return s.replace(QLatin1String("~1"), QLatin1String("/")).replace(QLatin1String("~0"), QLatin1String("~")); }

bool isQuantityPattern(const QString &pattern, const QString &format)
{
    return format == QLatin1String("quantity") || pattern.contains(QLatin1String("KMGTPE")) ||
           pattern.contains(QLatin1String("Ki")) || pattern.contains(QLatin1String("Gi"));
}

struct Builder {
    QJsonObject rootSchema;
    KeyOrder order;
    const QList<QStringList> *keysOrder = nullptr;
    QStringList warnings;
    QStringList refStack;
    int fields = 0;

    QJsonValue resolvePointer(const QString &ref, bool *found) const
    {
        *found = false;
        if (!ref.startsWith(QLatin1Char('#')))
            return {};
        QJsonValue cur = rootSchema;
        const QStringList parts = ref.mid(1).split(QLatin1Char('/'), Qt::SkipEmptyParts);
        for (const QString &raw : parts) {
            const QString p = unescapePointer(raw);
            if (cur.isObject() && cur.toObject().contains(p))
                cur = cur.toObject().value(p);
            else if (cur.isArray() && p.toInt() >= 0 && p.toInt() < cur.toArray().size())
                cur = cur.toArray().at(p.toInt());
            else
                return {};
        }
        *found = true;
        return cur;
    }

    Field yaml(Field f, const QString &reason)
    {
        f.kind = FieldKind::Yaml;
        f.fallbackReason = reason;
        f.children.clear();
        f.item.reset();
        return f;
    }

    int rankOf(const QStringList &path) const
    {
        if (!keysOrder)
            return INT_MAX;
        const int i = int(keysOrder->indexOf(path));
        return i < 0 ? INT_MAX : i;
    }

    Field build(QJsonObject s, QString pointer, const QString &key, const QStringList &path, bool required)
    {
        ++fields;
        Field f;
        f.key = key;
        f.path = path;
        f.required = required;

        // $ref: local references are followed (siblings override the target,
        // as OpenAPI 3.1 allows); a cycle or a remote reference is YAML.
        if (s.contains(QLatin1String("$ref"))) {
            const QString ref = s.value(QLatin1String("$ref")).toString();
            if (refStack.contains(ref))
                return yaml(f, translate("nestdeck::platform", "the schema refers to itself (%1): edited as YAML").arg(ref));
            bool found = false;
            const QJsonValue target = resolvePointer(ref, &found);
            if (!found || !target.isObject()) {
                warnings << translate("nestdeck::platform", "%1: $ref \"%2\" cannot be resolved").arg(pathText(path).isEmpty() ? QStringLiteral("(root)") : pathText(path), ref);
                return yaml(f, translate("nestdeck::platform", "refers to \"%1\", which this schema does not contain: edited as YAML").arg(ref));
            }
            QJsonObject merged = target.toObject();
            for (auto it = s.begin(); it != s.end(); ++it)
                if (it.key() != QLatin1String("$ref"))
                    merged.insert(it.key(), it.value());
            refStack << ref;
            Field r = build(merged, ref.mid(1), key, path, required);
            refStack.removeLast();
            --fields;
            return r;
        }
        if (path.size() > MaxDepth)
            return yaml(f, translate("nestdeck::platform", "nested deeper than %1 levels: edited as YAML").arg(MaxDepth));
        // References shared by many fields are expanded at each use: a small
        // schema can describe billions of fields. Past a form's worth, YAML.
        if (fields > MaxFields)
            return yaml(f, translate("nestdeck::platform", "the schema has more than %1 fields: the rest is edited as YAML").arg(MaxFields));
        // allOf with one member is how schemas attach a description to a $ref.
        if (s.value(QLatin1String("allOf")).toArray().size() == 1 && s.value(QLatin1String("allOf")).toArray().first().isObject()) {
            QJsonObject merged = s.value(QLatin1String("allOf")).toArray().first().toObject();
            for (auto it = s.begin(); it != s.end(); ++it)
                if (it.key() != QLatin1String("allOf"))
                    merged.insert(it.key(), it.value());
            --fields;
            return build(merged, pointer, key, path, required);
        }

        // Attributes every node may carry.
        f.title = s.value(QLatin1String("title")).toString();
        f.description = s.value(QLatin1String("description")).toString();
        if (s.contains(QLatin1String("default")))
            f.defaultValue = s.value(QLatin1String("default"));
        f.enumValues = s.value(QLatin1String("enum")).toArray();
        if (s.contains(QLatin1String("const")))
            f.enumValues = QJsonArray{s.value(QLatin1String("const"))};
        auto num = [&](const char *k) -> std::optional<double> {
            const QJsonValue v = s.value(QLatin1String(k));
            return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
        };
        auto count = [&](const char *k) -> std::optional<qint64> {
            const QJsonValue v = s.value(QLatin1String(k));
            return v.isDouble() ? std::optional<qint64>(qint64(v.toDouble())) : std::nullopt;
        };
        f.minimum = num("minimum");
        f.maximum = num("maximum");
        // Draft 4 / OpenAPI 3.0: boolean flags; draft 6+: the bound itself.
        const QJsonValue exMin = s.value(QLatin1String("exclusiveMinimum")), exMax = s.value(QLatin1String("exclusiveMaximum"));
        if (exMin.isBool())
            f.exclusiveMinimum = exMin.toBool();
        else if (exMin.isDouble())
            f.minimum = exMin.toDouble(), f.exclusiveMinimum = true;
        if (exMax.isBool())
            f.exclusiveMaximum = exMax.toBool();
        else if (exMax.isDouble())
            f.maximum = exMax.toDouble(), f.exclusiveMaximum = true;
        f.multipleOf = num("multipleOf");
        f.minLength = count("minLength");
        f.maxLength = count("maxLength");
        f.minItems = count("minItems");
        f.maxItems = count("maxItems");
        f.minProperties = count("minProperties");
        f.maxProperties = count("maxProperties");
        f.uniqueItems = s.value(QLatin1String("uniqueItems")).toBool();
        f.pattern = s.value(QLatin1String("pattern")).toString();
        f.format = s.value(QLatin1String("format")).toString();
        f.nullable = s.value(QLatin1String("nullable")).toBool();
        f.preserveUnknown = s.value(QLatin1String("x-kubernetes-preserve-unknown-fields")).toBool();
        const QJsonObject opts = s.value(QLatin1String("x-cozystack-options")).toObject();
        f.options = opts;
        f.optionsSource = opts.value(QLatin1String("source")).toString();
        for (const auto &v : s.value(QLatin1String("x-kubernetes-validations")).toArray()) {
            const QJsonObject r = v.toObject();
            const QString rule = r.value(QLatin1String("rule")).toString();
            QString compact = rule;
            compact.remove(QLatin1Char(' '));
            if (compact == QLatin1String("self==oldSelf") || compact == QLatin1String("oldSelf==self")) {
                f.immutable = true;
                f.immutableMessage = r.value(QLatin1String("message")).toString();
            } else {
                f.rules << SchemaRule{rule, r.value(QLatin1String("message")).toString(), r.value(QLatin1String("fieldPath")).toString()};
            }
        }
        for (auto it = s.begin(); it != s.end(); ++it)
            if (!knownKeywords().contains(it.key()))
                f.unknownKeywords.insert(it.key(), it.value());

        // The declared type; ["string", "null"] is a nullable string.
        const QJsonValue t = s.value(QLatin1String("type"));
        if (t.isArray()) {
            QStringList types;
            for (const auto &x : t.toArray())
                if (x.toString() == QLatin1String("null"))
                    f.nullable = true;
                else
                    types << x.toString();
            if (types.size() > 1)
                return yaml(f, translate("nestdeck::platform", "may be any of %1: edited as YAML").arg(types.join(QStringLiteral(", "))));
            f.type = types.value(0);
        } else {
            f.type = t.toString();
        }

        // Alternatives: int|string is a quantity (or int-or-string); anything
        // else cannot be a single editor.
        auto altTypes = [](const QJsonArray &alts) {
            QStringList types;
            for (const auto &a : alts)
                types << a.toObject().value(QLatin1String("type")).toString();
            types.sort();
            return types;
        };
        const QJsonArray anyOf = s.value(QLatin1String("anyOf")).toArray();
        const QJsonArray oneOf = s.value(QLatin1String("oneOf")).toArray();
        const bool intOrString = s.value(QLatin1String("x-kubernetes-int-or-string")).toBool() ||
                                 altTypes(anyOf) == QStringList{QStringLiteral("integer"), QStringLiteral("string")} ||
                                 altTypes(oneOf) == QStringList{QStringLiteral("integer"), QStringLiteral("string")};
        if (intOrString) {
            f.kind = isQuantityPattern(f.pattern, f.format) ? FieldKind::Quantity : FieldKind::IntOrString;
            f.type = QStringLiteral("int-or-string");
            return f;
        }
        for (const char *k : {"anyOf", "oneOf", "allOf", "not", "if", "patternProperties", "dependencies",
                              "dependentSchemas", "dependentRequired"})
            if (s.contains(QLatin1String(k)))
                return yaml(f, translate("nestdeck::platform", "uses \"%1\", which a form cannot show as fields: edited as YAML").arg(QLatin1String(k)));

        if (!f.enumValues.isEmpty()) {
            f.kind = FieldKind::Enum;
            return f;
        }
        const QJsonValue props = s.value(QLatin1String("properties"));
        const QJsonValue additional = s.value(QLatin1String("additionalProperties"));
        const QJsonValue items = s.value(QLatin1String("items"));
        const bool preserve = s.value(QLatin1String("x-kubernetes-preserve-unknown-fields")).toBool();
        QString type = f.type;
        if (type.isEmpty()) {
            // No type: infer it from the structure the node describes.
            if (props.isObject() || additional.isObject())
                type = QStringLiteral("object");
            else if (items.isObject() || items.isArray())
                type = QStringLiteral("array");
        }
        if (type == QLatin1String("string")) {
            f.kind = FieldKind::Text;
            if (isQuantityPattern(f.pattern, f.format) && f.format == QLatin1String("quantity"))
                f.kind = FieldKind::Quantity;
            return f;
        }
        if (type == QLatin1String("integer")) {
            f.kind = FieldKind::Integer;
            return f;
        }
        if (type == QLatin1String("number")) {
            f.kind = FieldKind::Number;
            return f;
        }
        if (type == QLatin1String("boolean")) {
            f.kind = FieldKind::Boolean;
            return f;
        }
        if (type == QLatin1String("array")) {
            if (items.isArray())
                return yaml(f, translate("nestdeck::platform", "a list whose entries each have their own schema (tuple): edited as YAML"));
            f.kind = FieldKind::List;
            f.item = std::make_shared<Field>(
                build(items.toObject(), pointer + QStringLiteral("/items"), QStringLiteral("[]"), path + QStringList{QStringLiteral("[]")}, false));
            return f;
        }
        if (type == QLatin1String("object")) {
            const QJsonObject p = props.toObject();
            for (const auto &r : s.value(QLatin1String("required")).toArray())
                f.requiredKeys << r.toString();
            if (additional.isBool())
                f.additionalAllowed = additional.toBool();
            std::shared_ptr<Field> valueField;
            if (additional.isObject() || (additional.isBool() && additional.toBool() && p.isEmpty())) {
                valueField = std::make_shared<Field>(build(additional.toObject(), pointer + QStringLiteral("/additionalProperties"),
                                                           QStringLiteral("*"), path + QStringList{QStringLiteral("*")}, false));
            }
            if (p.isEmpty() && !valueField) {
                // No declared keys at all: any object. Preserve-unknown-fields
                // says so explicitly (valuesOverride); either way it is YAML.
                f.kind = FieldKind::FreeForm;
                return f;
            }
            if (p.isEmpty()) {
                f.kind = FieldKind::Map;
                f.item = valueField;
                return f;
            }
            f.kind = FieldKind::Object;
            f.item = valueField; // keys beyond the declared ones, if the schema allows a schema for them
            if (preserve)
                f.additionalAllowed = true;
            QStringList keys = order.value(pointer + QStringLiteral("/properties"));
            for (const QString &k : p.keys())
                if (!keys.contains(k))
                    keys << k;
            keys.erase(std::remove_if(keys.begin(), keys.end(), [&](const QString &k) { return !p.contains(k); }), keys.end());
            QString escapedPointer = pointer + QStringLiteral("/properties/");
            for (const QString &k : std::as_const(keys)) {
                QString esc = k;
                esc.replace(QLatin1Char('~'), QLatin1String("~0")).replace(QLatin1Char('/'), QLatin1String("~1"));
                const QJsonValue child = p.value(k);
                f.children << build(child.isObject() ? child.toObject() : QJsonObject(), escapedPointer + esc, k, path + QStringList{k},
                                    f.requiredKeys.contains(k));
            }
            std::stable_sort(f.children.begin(), f.children.end(),
                             [this](const Field &a, const Field &b) { return rankOf(a.path) < rankOf(b.path); });
            return f;
        }
        if (!type.isEmpty())
            return yaml(f, translate("nestdeck::platform", "has the unknown type \"%1\": edited as YAML").arg(type));
        // No type and no structure: any value.
        f.kind = FieldKind::FreeForm;
        return f;
    }
};

int countFields(const Field &f)
{
    int n = 1;
    for (const Field &c : f.children)
        n += countFields(c);
    if (f.item)
        n += countFields(*f.item);
    return n;
}

// Words that keep their own spelling in a label, by their lower-case form:
// keys are camelCase or all lower case ("gpus", "coredns"), labels are not.
QString wordAsWritten(const QString &lower)
{
    static const QHash<QString, QString> words = [] {
        QHash<QString, QString> w;
        for (const char *word : {"API", "APIs", "CIDR", "CPU", "CPUs", "DNS", "FQDN", "GPU", "GPUs", "HTTP", "HTTPS", "ID", "IDs",
                                 "IP", "IPs", "NFS", "OIDC", "S3", "SSH", "SSO", "TLS", "UI", "URL", "URLs", "VM", "VMs",
                                 "CoreDNS", "MetalLB", "KubeVirt", "Kamaji", "Cilium", "Velero", "Talos"})
            w.insert(QString::fromLatin1(word).toLower(), QString::fromLatin1(word));
        return w;
    }();
    return words.value(lower);
}

// "nodeGroups" → "Node groups", "gatewayAPI" → "Gateway API",
// "imageFactoryURL" → "Image factory URL", "gpus" → "GPUs", "max_size" → "Max size".
QString titleOfKey(const QString &key)
{
    // Words: a capital after a small letter or digit starts one; a run of
    // capitals is one word (an acronym), but its last capital starts the next
    // word when a small letter follows ("HTTPServer" → "HTTP", "Server").
    QStringList words;
    QString word;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const QChar c = key[i];
        if (c == QLatin1Char('_') || c == QLatin1Char('-') || c == QLatin1Char(' ') || c == QLatin1Char('.')) {
            if (!word.isEmpty())
                words << std::exchange(word, {});
            continue;
        }
        const bool startsWord = c.isUpper() && i > 0 && !word.isEmpty() &&
                                (!key[i - 1].isUpper() || (i + 1 < key.size() && key[i + 1].isLower()));
        if (startsWord)
            words << std::exchange(word, {});
        word += c;
    }
    if (!word.isEmpty())
        words << word;
    QStringList out;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString &w = words[i];
        const QString known = wordAsWritten(w.toLower());
        const bool acronym = w.size() > 1 && w == w.toUpper() && w != w.toLower();
        QString shown = !known.isEmpty() ? known : acronym ? w : w.toLower();
        if (i == 0 && known.isEmpty() && !acronym)
            shown[0] = shown[0].toUpper();
        out << shown;
    }
    return out.join(QLatin1Char(' '));
}

} // namespace

QString fieldKindName(FieldKind k)
{
    switch (k) {
    case FieldKind::Object: return QStringLiteral("object");
    case FieldKind::Text: return QStringLiteral("text");
    case FieldKind::Integer: return QStringLiteral("integer");
    case FieldKind::Number: return QStringLiteral("number");
    case FieldKind::Boolean: return QStringLiteral("boolean");
    case FieldKind::Enum: return QStringLiteral("enum");
    case FieldKind::Quantity: return QStringLiteral("quantity");
    case FieldKind::IntOrString: return QStringLiteral("int-or-string");
    case FieldKind::Map: return QStringLiteral("map");
    case FieldKind::List: return QStringLiteral("list");
    case FieldKind::FreeForm: return QStringLiteral("free-form");
    case FieldKind::Yaml: return QStringLiteral("yaml");
    }
    return {};
}

QString fieldLabel(const Field &field) { return field.title.isEmpty() ? titleOfKey(field.key) : field.title; }

QString Field::pathText() const { return platform::pathText(path); }

QString Field::typeText() const
{
    switch (kind) {
    case FieldKind::Map: return QStringLiteral("map[string]") + (item ? item->typeText() : QStringLiteral("any"));
    case FieldKind::List: return QStringLiteral("[]") + (item ? item->typeText() : QStringLiteral("any"));
    case FieldKind::Quantity: return QStringLiteral("quantity");
    case FieldKind::IntOrString: return QStringLiteral("int-or-string");
    case FieldKind::FreeForm: return QStringLiteral("object (free-form)");
    case FieldKind::Yaml: return type.isEmpty() ? QStringLiteral("any (YAML)") : type + QStringLiteral(" (YAML)");
    case FieldKind::Enum: return type.isEmpty() ? QStringLiteral("enum") : type;
    default: return type.isEmpty() ? fieldKindName(kind) : type;
    }
}

const Field *Field::child(const QString &k) const
{
    for (const Field &c : children)
        if (c.key == k)
            return &c;
    return nullptr;
}

Expected<AppSchema> AppSchema::build(const QByteArray &rawSchema, const QList<QStringList> &keysOrder)
{
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(rawSchema, &pe);
    if (pe.error != QJsonParseError::NoError)
        return makeError(translate("nestdeck::platform", "the schema is not valid JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset));
    if (!doc.isObject())
        return makeError(translate("nestdeck::platform", "the schema is not a JSON object"));
    Builder b;
    b.rootSchema = doc.object();
    b.keysOrder = &keysOrder;
    simdjson::dom::parser parser;
    simdjson::padded_string padded(rawSchema.constData(), size_t(rawSchema.size()));
    simdjson::dom::element root;
    if (parser.parse(padded).get(root) == simdjson::SUCCESS)
        collectOrder(root, QString(), b.order, 0);
    AppSchema out;
    out.m_root = std::make_shared<const Field>(b.build(b.rootSchema, QString(), QString(), {}, false));
    out.m_warnings = b.warnings;
    return out;
}

Expected<AppSchema> AppSchema::build(const QJsonObject &schema, const QList<QStringList> &keysOrder)
{
    return build(QJsonDocument(schema).toJson(QJsonDocument::Compact), keysOrder);
}

const Field *AppSchema::find(const QStringList &valuePath) const
{
    const Field *f = m_root.get();
    for (const QString &seg : valuePath) {
        if (!f)
            return nullptr;
        switch (f->kind) {
        case FieldKind::Object:
            if (const Field *c = f->child(seg))
                f = c;
            else
                f = f->item.get();
            break;
        case FieldKind::Map:
        case FieldKind::List:
            f = f->item.get();
            break;
        default:
            return nullptr;
        }
    }
    return f;
}

int AppSchema::fieldCount() const { return countFields(*m_root); }

QString pathText(const QStringList &segments)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_$][A-Za-z0-9_$-]*$"));
    QString out;
    for (const QString &s : segments) {
        bool index = false;
        s.toUInt(&index);
        if (s == QLatin1String("[]"))
            out += s; // any list item (schema paths)
        else if (index)
            out += QLatin1Char('[') + s + QLatin1Char(']');
        else if (s == QLatin1String("*") || plain.match(s).hasMatch())
            out += (out.isEmpty() ? QString() : QStringLiteral(".")) + s;
        else
            out += QLatin1Char('[') + s + QLatin1Char(']'); // a key with dots or odd characters
    }
    return out;
}

QStringList parsePath(const QString &text)
{
    QStringList out;
    QString cur;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('.')) {
            if (!cur.isEmpty())
                out << cur;
            cur.clear();
        } else if (c == QLatin1Char('[')) {
            if (!cur.isEmpty())
                out << cur;
            cur.clear();
            const qsizetype end = text.indexOf(QLatin1Char(']'), i + 1);
            if (end < 0) {
                out << text.mid(i + 1);
                return out;
            }
            QString key = text.mid(i + 1, end - i - 1);
            if (key.size() >= 2 && (key.startsWith(QLatin1Char('"')) || key.startsWith(QLatin1Char('\''))))
                key = key.mid(1, key.size() - 2);
            out << key;
            i = end;
        } else {
            cur += c;
        }
    }
    if (!cur.isEmpty())
        out << cur;
    return out;
}

bool isQuantity(const QString &text)
{
    // resource.Quantity: <signedNumber><suffix>, suffix binary (Ki..Ei),
    // decimal SI (n u m "" k M G T P E) or a decimal exponent (e3, E-2).
    static const QRegularExpression re(QStringLiteral(
        "^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?(\\d+(\\.\\d*)?|\\.\\d+))?$"));
    return re.match(text).hasMatch();
}

} // namespace nestdeck::platform
