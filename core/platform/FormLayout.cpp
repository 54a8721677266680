#include "core/platform/FormLayout.h"

#include "core/platform/AppValues.h"
#include "core/platform/Tr.h"

#include <QJsonArray>

#include <cmath>

namespace nestdeck::platform {

namespace {
QString tr(const char *s) { return translate("nestdeck::platform", s); }

bool isSection(const Field &f)
{
    return f.kind == FieldKind::Object || f.kind == FieldKind::Map || f.kind == FieldKind::List ||
           f.kind == FieldKind::FreeForm || f.kind == FieldKind::Yaml;
}

struct Walker {
    const QJsonObject &spec;
    const QJsonObject &effective;
    QList<FormRow> rows;

    FormRow row(FormRow::Type type, const QStringList &path, const Field *field, int depth, bool parentDefault) const
    {
        FormRow r;
        r.type = type;
        r.path = path;
        r.field = field;
        r.depth = depth;
        r.value = valueAt(spec, path);
        r.effective = valueAt(effective, path);
        r.fromDefault = parentDefault || r.value.isUndefined();
        return r;
    }

    void walk(const Field &f, const QStringList &path, int depth, bool parentDefault)
    {
        switch (f.kind) {
        case FieldKind::Object: {
            FormRow heading = row(FormRow::Heading, path, &f, depth, parentDefault);
            rows << heading;
            for (const Field &c : f.children)
                walk(c, path + QStringList{c.key}, depth + 1, heading.fromDefault);
            return;
        }
        case FieldKind::Map:
        case FieldKind::List: {
            FormRow heading = row(FormRow::Heading, path, &f, depth, parentDefault);
            rows << heading;
            if (!f.item)
                return;
            const bool isMap = f.kind == FieldKind::Map;
            const QJsonValue entries = heading.effective;
            QStringList keys;
            if (isMap)
                keys = entries.toObject().keys();
            else
                for (qsizetype i = 0; i < entries.toArray().size(); ++i)
                    keys << QString::number(i);
            for (const QString &k : std::as_const(keys)) {
                const QStringList p = path + QStringList{k};
                const Field &item = *f.item;
                FormRow entry = row(FormRow::Entry, p, &item, depth + 1, heading.value.isUndefined());
                rows << entry;
                if (item.kind == FieldKind::Object) {
                    for (const Field &c : item.children)
                        walk(c, p + QStringList{c.key}, depth + 2, entry.fromDefault);
                } else if (item.kind == FieldKind::Map || item.kind == FieldKind::List || item.kind == FieldKind::FreeForm ||
                           item.kind == FieldKind::Yaml) {
                    rows << row(FormRow::Yaml, p, &item, depth + 2, entry.fromDefault);
                }
                // Scalar items are edited on the entry row itself.
            }
            return;
        }
        case FieldKind::FreeForm:
        case FieldKind::Yaml:
            rows << row(FormRow::Yaml, path, &f, depth, parentDefault);
            return;
        default:
            rows << row(FormRow::Value, path, &f, depth, parentDefault);
        }
    }
};
} // namespace


QList<FormStep> formSteps(const Field &root)
{
    QList<FormStep> steps;
    FormStep basics{QString(), tr("Basics"), {}};
    for (const Field &c : root.children) {
        if (isSection(c))
            steps << FormStep{c.key, fieldLabel(c), {{c.key}}};
        else
            basics.roots << QStringList{c.key};
    }
    // Basics comes first even when it holds only the name (which the form adds).
    steps.prepend(basics);
    return steps;
}

QList<FormRow> formRows(const Field &root, const QList<QStringList> &roots, const QJsonObject &spec,
                        const QJsonObject &effective)
{
    Walker w{spec, effective, {}};
    for (const QStringList &r : roots) {
        const Field *f = root.child(r.value(0));
        for (qsizetype i = 1; f && i < r.size(); ++i)
            f = f->child(r[i]);
        if (f)
            w.walk(*f, r, 0, false);
    }
    return w.rows;
}

TextValue valueFromText(const Field &field, const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty() && field.kind != FieldKind::Text)
        return {};
    switch (field.kind) {
    case FieldKind::Integer: {
        bool ok = false;
        const qlonglong n = t.toLongLong(&ok);
        if (!ok)
            return {QJsonValue(QJsonValue::Undefined), tr("must be a whole number")};
        return {QJsonValue(double(n)), {}};
    }
    case FieldKind::Number: {
        bool ok = false;
        const double d = t.toDouble(&ok);
        if (!ok || !std::isfinite(d))
            return {QJsonValue(QJsonValue::Undefined), tr("must be a number")};
        return {QJsonValue(d), {}};
    }
    case FieldKind::Quantity:
    case FieldKind::IntOrString: {
        bool ok = false;
        const qlonglong n = t.toLongLong(&ok);
        if (ok) // a plain integer is sent as one, as kubectl does
            return {QJsonValue(double(n)), {}};
        return {QJsonValue(t), {}};
    }
    case FieldKind::Boolean:
        if (t == QLatin1String("true"))
            return {QJsonValue(true), {}};
        if (t == QLatin1String("false"))
            return {QJsonValue(false), {}};
        return {QJsonValue(QJsonValue::Undefined), tr("must be true or false")};
    case FieldKind::Text:
        // An empty text field is unset, not "": clearing a field removes it.
        return text.isEmpty() ? TextValue{} : TextValue{QJsonValue(text), {}};
    case FieldKind::Enum:
        for (const QJsonValue &e : field.enumValues)
            if (textOfValue(e) == t)
                return {e, {}};
        return {QJsonValue(t), {}};
    default:
        return {QJsonValue(t), {}};
    }
}

QJsonValue newEntryValue(const Field &item)
{
    if (item.hasDefault())
        return item.defaultValue;
    switch (item.kind) {
    case FieldKind::Integer:
    case FieldKind::Number: return 0;
    case FieldKind::Boolean: return false;
    case FieldKind::Object:
    case FieldKind::Map:
    case FieldKind::FreeForm: return QJsonObject();
    case FieldKind::List: return QJsonArray();
    case FieldKind::Enum: return item.enumValues.isEmpty() ? QJsonValue(QString()) : item.enumValues.first();
    default: return QString();
    }
}

QString textOfValue(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (std::floor(d) == d && std::abs(d) < 1e15)
            return QString::number(qlonglong(d));
        return QString::number(d, 'g', 15);
    }
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isString())
        return value.toString();
    if (value.isNull() || value.isUndefined())
        return {};
    return compactValue(value);
}

} // namespace nestdeck::platform
