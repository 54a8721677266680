#include "core/platform/SchemaValidator.h"
#include "core/platform/Tr.h"

#include "core/platform/AppDefinition.h"
#include "core/platform/AppValues.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <cmath>
#include <exception>

namespace nestdeck::platform {

namespace {


QString show(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return d == std::floor(d) && std::abs(d) < 1e15 ? QString::number(qint64(d)) : QString::number(d);
    }
    case QJsonValue::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Array: return translate("nestdeck::platform", "a list");
    case QJsonValue::Object: return translate("nestdeck::platform", "an object");
    case QJsonValue::Undefined: break;
    }
    return translate("nestdeck::platform", "nothing");
}

QString showNumber(double d) { return show(QJsonValue(d)); }

bool isInteger(const QJsonValue &v) { return v.isDouble() && v.toDouble() == std::floor(v.toDouble()) && std::isfinite(v.toDouble()); }

// The comparison rules of x-kubernetes-validations a client can evaluate:
// "self.a >= self.b" between two sibling fields.
const QRegularExpression &comparisonRule()
{
    static const QRegularExpression re(QStringLiteral("^\\s*self\\.(\\w+)\\s*(>=|<=|>|<|==|!=)\\s*self\\.(\\w+)\\s*$"));
    return re;
}

QString comparisonText(const QString &op, const QString &other, const QString &otherValue)
{
    if (op == QLatin1String(">="))
        return translate("nestdeck::platform", "must be at least %1 (%2)").arg(other, otherValue);
    if (op == QLatin1String("<="))
        return translate("nestdeck::platform", "must be at most %1 (%2)").arg(other, otherValue);
    if (op == QLatin1String(">"))
        return translate("nestdeck::platform", "must be greater than %1 (%2)").arg(other, otherValue);
    if (op == QLatin1String("<"))
        return translate("nestdeck::platform", "must be less than %1 (%2)").arg(other, otherValue);
    if (op == QLatin1String("=="))
        return translate("nestdeck::platform", "must equal %1 (%2)").arg(other, otherValue);
    return translate("nestdeck::platform", "must differ from %1 (%2)").arg(other, otherValue);
}

bool compare(double a, const QString &op, double b)
{
    if (op == QLatin1String(">="))
        return a >= b;
    if (op == QLatin1String("<="))
        return a <= b;
    if (op == QLatin1String(">"))
        return a > b;
    if (op == QLatin1String("<"))
        return a < b;
    if (op == QLatin1String("=="))
        return a == b;
    return a != b;
}

QString kindWord(FieldKind k)
{
    switch (k) {
    case FieldKind::Object:
    case FieldKind::Map:
    case FieldKind::FreeForm: return translate("nestdeck::platform", "must be an object (key: value pairs)");
    case FieldKind::List: return translate("nestdeck::platform", "must be a list");
    case FieldKind::Text: return translate("nestdeck::platform", "must be text");
    case FieldKind::Integer: return translate("nestdeck::platform", "must be a whole number");
    case FieldKind::Number: return translate("nestdeck::platform", "must be a number");
    case FieldKind::Boolean: return translate("nestdeck::platform", "must be true or false");
    case FieldKind::Quantity: return translate("nestdeck::platform", "must be a quantity such as 500m, 2 or 4Gi");
    case FieldKind::IntOrString: return translate("nestdeck::platform", "must be a number or text");
    default: return {};
    }
}

QJsonValue applyDefaults(const Field &f, const QJsonValue &v)
{
    if (f.kind == FieldKind::Object && v.isObject()) {
        QJsonObject o = v.toObject();
        for (const Field &c : f.children) {
            QJsonValue cv = o.value(c.key);
            if (cv.isUndefined() || (cv.isNull() && !c.nullable)) {
                if (!c.hasDefault()) {
                    o.remove(c.key); // null on a non-nullable field: the server drops it
                    continue;
                }
                cv = c.defaultValue;
            }
            o.insert(c.key, applyDefaults(c, cv));
        }
        if (f.item)
            for (auto it = o.begin(); it != o.end(); ++it)
                if (!f.child(it.key()))
                    it.value() = applyDefaults(*f.item, it.value());
        return o;
    }
    if (f.kind == FieldKind::Map && v.isObject() && f.item) {
        QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            it.value() = applyDefaults(*f.item, it.value());
        return o;
    }
    if (f.kind == FieldKind::List && v.isArray() && f.item) {
        QJsonArray a = v.toArray();
        for (auto it = a.begin(); it != a.end(); ++it)
            *it = applyDefaults(*f.item, *it);
        return a;
    }
    return v;
}

struct Checker {
    ValidationResult *out;
    const QJsonObject *oldEffective = nullptr;
    QHash<QString, QRegularExpression> *patterns;

    void error(const QStringList &path, const QString &message) { out->errors << FieldError{path, message}; }

    QJsonValue oldAt(const QStringList &path) const
    {
        if (!oldEffective)
            return QJsonValue(QJsonValue::Undefined);
        QJsonValue cur = *oldEffective;
        for (const QString &s : path) {
            if (cur.isObject())
                cur = cur.toObject().value(s);
            else if (cur.isArray())
                cur = cur.toArray().at(s.toInt());
            else
                return QJsonValue(QJsonValue::Undefined);
        }
        return cur;
    }

    bool matches(const QString &pattern, const QString &text)
    {
        auto it = patterns->find(pattern);
        if (it == patterns->end())
            it = patterns->insert(pattern, QRegularExpression(pattern));
        return !it->isValid() || it->match(text).hasMatch(); // an invalid pattern is valijson's to report
    }

    void rules(const Field &f, const QJsonObject &o, const QStringList &path)
    {
        for (const SchemaRule &r : f.rules) {
            const auto m = comparisonRule().match(r.rule);
            if (!m.hasMatch()) {
                QStringList at = path;
                if (!r.fieldPath.isEmpty())
                    at += parsePath(r.fieldPath);
                out->serverChecked << FieldError{at, r.message.isEmpty() ? r.rule : r.message};
                continue;
            }
            const QJsonValue a = o.value(m.captured(1)), b = o.value(m.captured(3));
            if (!a.isDouble() || !b.isDouble())
                continue; // a missing or mistyped side is reported by its own field
            if (!compare(a.toDouble(), m.captured(2), b.toDouble())) {
                // The other field by its label, as the form shows it.
                const auto other = std::find_if(f.children.cbegin(), f.children.cend(),
                                                [&](const Field &c) { return c.key == m.captured(3); });
                const QString otherName = other == f.children.cend() ? m.captured(3) : fieldLabel(*other);
                error(path + QStringList{m.captured(1)},
                      comparisonText(m.captured(2), QStringLiteral("“%1”").arg(otherName), show(b)));
            }
        }
    }

    void check(const Field &f, const QJsonValue &v, const QStringList &path)
    {
        if (v.isUndefined())
            return;
        if (v.isNull()) {
            if (!f.nullable)
                error(path, translate("nestdeck::platform", "must not be null"));
            return;
        }
        if (f.immutable && oldEffective) {
            const QJsonValue old = oldAt(path);
            if (!old.isUndefined() && old != v)
                error(path, translate("nestdeck::platform", "cannot be changed after creation (it is %1)%2")
                                .arg(show(old), f.immutableMessage.isEmpty() ? QString() : QStringLiteral(": ") + f.immutableMessage));
        }
        switch (f.kind) {
        case FieldKind::Object: {
            if (!v.isObject())
                return error(path, kindWord(f.kind));
            const QJsonObject o = v.toObject();
            for (const QString &k : f.requiredKeys)
                if (!o.contains(k))
                    error(path + QStringList{k}, translate("nestdeck::platform", "is required"));
            for (auto it = o.begin(); it != o.end(); ++it) {
                const QStringList p = path + QStringList{it.key()};
                if (const Field *c = f.child(it.key()))
                    check(*c, it.value(), p);
                else if (f.item)
                    check(*f.item, it.value(), p);
                else if (!f.additionalAllowed)
                    error(p, translate("nestdeck::platform", "is not a parameter here"));
                else if (!f.preserveUnknown)
                    out->warnings << FieldError{p, translate("nestdeck::platform", "is not a parameter of this schema: the server drops it")};
            }
            checkCount(f, o.size(), path);
            rules(f, o, path);
            return;
        }
        case FieldKind::Map: {
            if (!v.isObject())
                return error(path, kindWord(f.kind));
            const QJsonObject o = v.toObject();
            if (f.item)
                for (auto it = o.begin(); it != o.end(); ++it)
                    check(*f.item, it.value(), path + QStringList{it.key()});
            checkCount(f, o.size(), path);
            rules(f, o, path);
            return;
        }
        case FieldKind::List: {
            if (!v.isArray())
                return error(path, kindWord(f.kind));
            const QJsonArray a = v.toArray();
            if (f.minItems && a.size() < *f.minItems)
                error(path, translate("nestdeck::platform", "needs at least %n entries", nullptr, int(*f.minItems)));
            if (f.maxItems && a.size() > *f.maxItems)
                error(path, translate("nestdeck::platform", "may have at most %n entries", nullptr, int(*f.maxItems)));
            if (f.uniqueItems) {
                QHash<QByteArray, qsizetype> first;
                for (qsizetype i = 0; i < a.size(); ++i) {
                    const QByteArray key = QJsonDocument(QJsonArray{a.at(i)}).toJson(QJsonDocument::Compact);
                    if (const auto it = first.constFind(key); it != first.cend())
                        error(path + QStringList{QString::number(i)}, translate("nestdeck::platform", "repeats entry %1").arg(*it));
                    else
                        first.insert(key, i);
                }
            }
            if (f.item)
                for (qsizetype i = 0; i < a.size(); ++i)
                    check(*f.item, a.at(i), path + QStringList{QString::number(i)});
            return;
        }
        case FieldKind::Enum: {
            if (!f.enumValues.contains(v)) {
                QStringList allowed;
                for (const auto &e : f.enumValues)
                    allowed << (e.isString() ? e.toString() : show(e));
                error(path, translate("nestdeck::platform", "must be one of %1 (not %2)").arg(allowed.join(QStringLiteral(", ")), show(v)));
            }
            return;
        }
        case FieldKind::Boolean:
            if (!v.isBool())
                error(path, kindWord(f.kind));
            return;
        case FieldKind::Integer:
            if (!isInteger(v))
                return error(path, kindWord(f.kind) + (v.isString() ? translate("nestdeck::platform", " (not %1)").arg(show(v)) : QString()));
            return checkBounds(f, v.toDouble(), path);
        case FieldKind::Number:
            if (!v.isDouble())
                return error(path, kindWord(f.kind));
            return checkBounds(f, v.toDouble(), path);
        case FieldKind::Text: {
            if (!v.isString())
                return error(path, kindWord(f.kind));
            const QString s = v.toString();
            if (f.minLength && s.size() < *f.minLength)
                error(path, *f.minLength == 1 ? translate("nestdeck::platform", "must not be empty") : translate("nestdeck::platform", "must be at least %1 characters").arg(*f.minLength));
            if (f.maxLength && s.size() > *f.maxLength)
                error(path, translate("nestdeck::platform", "must be at most %1 characters (this has %2)").arg(*f.maxLength).arg(s.size()));
            if (!f.pattern.isEmpty() && !matches(f.pattern, s))
                error(path, translate("nestdeck::platform", "%1 does not match the pattern %2").arg(show(v), f.pattern));
            return;
        }
        case FieldKind::Quantity:
            if (isInteger(v))
                return;
            if (!v.isString() || !isQuantity(v.toString()))
                error(path, v.isString() ? translate("nestdeck::platform", "%1 is not a quantity (write it like 500m, 2, 512Mi or 4Gi)").arg(show(v)) : kindWord(f.kind));
            return;
        case FieldKind::IntOrString:
            if (!isInteger(v) && !v.isString())
                error(path, kindWord(f.kind));
            else if (v.isString() && !f.pattern.isEmpty() && !matches(f.pattern, v.toString()))
                error(path, translate("nestdeck::platform", "%1 does not match the pattern %2").arg(show(v), f.pattern));
            return;
        case FieldKind::FreeForm:
        case FieldKind::Yaml:
            return; // the schema check (valijson) covers what such a subtree declares
        }
    }

    void checkCount(const Field &f, qsizetype n, const QStringList &path)
    {
        if (f.minProperties && n < *f.minProperties)
            error(path, translate("nestdeck::platform", "needs at least %n entries", nullptr, int(*f.minProperties)));
        if (f.maxProperties && n > *f.maxProperties)
            error(path, translate("nestdeck::platform", "may have at most %n entries", nullptr, int(*f.maxProperties)));
    }

    void checkBounds(const Field &f, double d, const QStringList &path)
    {
        if (f.minimum && (f.exclusiveMinimum ? d <= *f.minimum : d < *f.minimum))
            error(path, (f.exclusiveMinimum ? translate("nestdeck::platform", "must be greater than %1") : translate("nestdeck::platform", "must be at least %1")).arg(showNumber(*f.minimum)) +
                            translate("nestdeck::platform", " (not %1)").arg(showNumber(d)));
        if (f.maximum && (f.exclusiveMaximum ? d >= *f.maximum : d > *f.maximum))
            error(path, (f.exclusiveMaximum ? translate("nestdeck::platform", "must be less than %1") : translate("nestdeck::platform", "must be at most %1")).arg(showNumber(*f.maximum)) +
                            translate("nestdeck::platform", " (not %1)").arg(showNumber(d)));
        // Within rounding: 0.3 is a multiple of 0.1 although fmod says otherwise.
        if (f.multipleOf && *f.multipleOf > 0 && std::abs(d / *f.multipleOf - std::round(d / *f.multipleOf)) > 1e-9)
            error(path, translate("nestdeck::platform", "must be a multiple of %1").arg(showNumber(*f.multipleOf)));
    }
};

bool isPrefix(const QStringList &a, const QStringList &b)
{
    return a.size() <= b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// valijson's patterns through QRegularExpression (PCRE2, iterative): libstdc++'s
// std::regex recurses per character and overflows the stack on long values,
// and throws on syntax it does not know. An invalid pattern matches anything
// here; SchemaValidator::create reports it as a schema warning.
struct QtRegexEngine {
    explicit QtRegexEngine(const std::string &pattern) : re(QString::fromStdString(pattern)) {}
    static bool search(const std::string &s, const QtRegexEngine &r)
    {
        return !r.re.isValid() || r.re.match(QString::fromStdString(s)).hasMatch();
    }
    QRegularExpression re;
};

// The schema as valijson (draft 7) understands what Kubernetes means by it:
// OpenAPI 3.0's `nullable` becomes a "null" type, draft-4 boolean
// exclusiveMinimum/Maximum become draft-7 numeric bounds.
QJsonValue forValijson(const QJsonValue &v, int depth, QStringList *badPatterns)
{
    if (depth > 256)
        return v;
    if (v.isArray()) {
        QJsonArray a = v.toArray();
        for (auto it = a.begin(); it != a.end(); ++it)
            *it = forValijson(*it, depth + 1, badPatterns);
        return a;
    }
    if (!v.isObject())
        return v;
    QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.key() != QLatin1String("default") && it.key() != QLatin1String("enum") && it.key() != QLatin1String("const") &&
            it.key() != QLatin1String("examples") && it.key() != QLatin1String("example"))
            it.value() = forValijson(it.value(), depth + 1, badPatterns);
    if (o.value(QLatin1String("nullable")).toBool()) {
        const QJsonValue t = o.value(QLatin1String("type"));
        if (t.isString())
            o.insert(QStringLiteral("type"), QJsonArray{t, QStringLiteral("null")});
        if (o.value(QLatin1String("enum")).isArray()) {
            QJsonArray e = o.value(QLatin1String("enum")).toArray();
            e.append(QJsonValue::Null);
            o.insert(QStringLiteral("enum"), e);
        }
    }
    for (const char *k : {"Minimum", "Maximum"}) {
        const QString ex = QStringLiteral("exclusive") + QLatin1String(k);
        const QString bound = QString::fromLatin1(k).toLower();
        const QJsonValue flag = o.value(ex);
        if (flag.isBool()) {
            if (flag.toBool() && o.value(bound).isDouble()) {
                o.insert(ex, o.value(bound));
                o.remove(bound);
            } else {
                o.remove(ex);
            }
        }
    }
    if (o.value(QLatin1String("pattern")).isString() && !QRegularExpression(o.value(QLatin1String("pattern")).toString()).isValid())
        *badPatterns << o.value(QLatin1String("pattern")).toString();
    return o;
}

// A chain of nothing but references that comes back to itself ({"$ref": "#"},
// a -> b -> a): valijson follows such chains without end.
bool hasReferenceLoop(const QJsonObject &root)
{
    QList<QJsonObject> stack{root};
    int visited = 0;
    while (!stack.isEmpty() && ++visited < 1'000'000) {
        const QJsonObject o = stack.takeLast();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.value().isObject())
                stack << it.value().toObject();
            else if (it.value().isArray())
                for (const auto &x : it.value().toArray())
                    if (x.isObject())
                        stack << x.toObject();
        }
        QString ref = o.value(QLatin1String("$ref")).toString();
        QSet<QString> seen;
        while (ref.startsWith(QLatin1Char('#'))) {
            if (seen.contains(ref))
                return true;
            seen.insert(ref);
            QJsonValue cur = root;
            for (const QString &part : ref.mid(1).split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
                QString p = part;
                p.replace(QLatin1String("~1"), QLatin1String("/")).replace(QLatin1String("~0"), QLatin1String("~"));
                cur = cur.isObject() ? cur.toObject().value(p) : cur.isArray() ? cur.toArray().at(p.toInt()) : QJsonValue();
            }
            ref = cur.toObject().value(QLatin1String("$ref")).toString();
        }
    }
    return false;
}

} // namespace

struct SchemaValidator::Compiled {
    QJsonDocument doc; // the adapter refers into it
    valijson::Schema schema;
};

SchemaValidator::~SchemaValidator() = default;

QStringList ValidationResult::errorsAt(const QStringList &path) const
{
    QStringList out;
    for (const FieldError &e : errors)
        if (e.path == path)
            out << e.message;
    return out;
}

Expected<ValidatorPtr> SchemaValidator::create(const AppDefinition &d)
{
    if (!d.hasSchema())
        return makeError(d.schemaError);
    return create(d.schemaJson.isEmpty() ? QJsonDocument(d.schema).toJson(QJsonDocument::Compact) : d.schemaJson, d.keysOrder);
}

Expected<ValidatorPtr> SchemaValidator::create(const QByteArray &rawSchema, const QList<QStringList> &keysOrder)
{
    auto tree = AppSchema::build(rawSchema, keysOrder);
    if (!tree)
        return tree.error();
    std::shared_ptr<SchemaValidator> v(new SchemaValidator);
    v->m_schema = std::move(tree).value();
    v->m_warnings = v->m_schema.warnings();
    auto compiled = std::make_unique<Compiled>();
    const QJsonObject original = QJsonDocument::fromJson(rawSchema).object();
    if (hasReferenceLoop(original)) {
        v->m_warnings << translate("nestdeck::platform", "the schema's references go round in a circle; only the field checks apply here, the server's dry-run checks the rest");
        return ValidatorPtr(std::move(v));
    }
    QStringList badPatterns;
    compiled->doc = QJsonDocument(forValijson(original, 0, &badPatterns).toObject());
    for (const QString &p : std::as_const(badPatterns))
        v->m_warnings << translate("nestdeck::platform", "the pattern %1 is not a regular expression this client understands; values are not checked against it").arg(p);
    try {
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        valijson::adapters::QtJsonAdapter adapter(compiled->doc.object());
        parser.populateSchema(adapter, compiled->schema);
        v->m_compiled = std::move(compiled);
    } catch (const std::exception &e) {
        v->m_warnings << translate("nestdeck::platform", "the schema cannot be checked in full here (%1); the server's dry-run still checks it")
                             .arg(QString::fromStdString(e.what()));
    }
    return ValidatorPtr(std::move(v));
}

QJsonObject SchemaValidator::withDefaults(const QJsonObject &spec) const
{
    return applyDefaults(m_schema.root(), spec).toObject();
}

ValidationResult SchemaValidator::validate(const QJsonObject &spec, const QJsonObject *oldSpec) const
{
    ValidationResult r;
    r.effective = withDefaults(spec);
    QJsonObject oldEffective;
    if (oldSpec)
        oldEffective = withDefaults(*oldSpec);
    QHash<QString, QRegularExpression> patterns;
    Checker c{&r, oldSpec ? &oldEffective : nullptr, &patterns};
    for (auto it = spec.begin(); it != spec.end(); ++it)
        if (it.key().startsWith(QLatin1Char('_')))
            c.error({it.key()}, translate("nestdeck::platform", "keys beginning with \"_\" are reserved for the platform"));
    c.check(m_schema.root(), r.effective, {});

    if (!m_compiled)
        return r;
    // The schema, exactly: anything valijson finds that the checks above did
    // not already say in plain words is reported in valijson's words.
    valijson::ValidationResults results;
    try {
        valijson::ValidatorT<QtRegexEngine> validator;
        valijson::adapters::QtJsonAdapter target(r.effective);
        validator.validate(m_compiled->schema, target, &results);
    } catch (const std::exception &e) {
        r.errors << FieldError{{}, translate("nestdeck::platform", "the schema could not be checked: %1").arg(QString::fromStdString(e.what()))};
        return r;
    }
    QList<FieldError> raw;
    valijson::ValidationResults::Error e;
    while (results.popError(e)) {
        QStringList path;
        for (const std::string &s : e.context) {
            if (s == "<root>")
                continue;
            QString seg = QString::fromStdString(s);
            if (seg.startsWith(QLatin1Char('[')) && seg.endsWith(QLatin1Char(']')))
                seg = seg.mid(1, seg.size() - 2);
            path << seg;
        }
        raw << FieldError{path, QString::fromStdString(e.description)};
    }
    for (const FieldError &fe : raw) {
        // valijson reports every level of a failure ("failed to validate
        // property nodeGroups", ...): keep only the deepest of a branch.
        const bool chain = fe.message.startsWith(QLatin1String("Failed to validate"));
        const bool deeper = chain && std::any_of(raw.begin(), raw.end(), [&](const FieldError &o) {
            return o.path.size() > fe.path.size() && isPrefix(fe.path, o.path);
        });
        if (deeper)
            continue;
        // Said already: at this field, or below it (valijson names a missing
        // required key at its parent, the checks above at the key itself).
        const bool said = std::any_of(r.errors.begin(), r.errors.end(),
                                      [&](const FieldError &o) { return isPrefix(fe.path, o.path); });
        // valijson's Qt adapter takes whole numbers beyond 32 bits for
        // fractions: the checks above judged such a value already.
        if (const Field *f = m_schema.find(fe.path)) {
            const QJsonValue value = valueAt(r.effective, fe.path);
            if (isInteger(value) && std::abs(value.toDouble()) > 2147483647.0 &&
                (f->kind == FieldKind::Integer || f->kind == FieldKind::Quantity || f->kind == FieldKind::IntOrString))
                continue;
        }
        if (!said && !r.errors.contains(fe))
            r.errors << fe;
    }
    return r;
}

} // namespace nestdeck::platform
