#include "core/platform/AppValues.h"

#include "core/platform/AppSchema.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace nestdeck::platform {

QJsonValue mergePatch(const QJsonValue &from, const QJsonValue &to)
{
    if (from == to)
        return QJsonValue(QJsonValue::Undefined);
    if (!from.isObject() || !to.isObject())
        return to.isUndefined() ? QJsonValue(QJsonValue::Null) : to;
    const QJsonObject a = from.toObject(), b = to.toObject();
    QJsonObject patch;
    for (auto it = a.begin(); it != a.end(); ++it)
        if (!b.contains(it.key()))
            patch.insert(it.key(), QJsonValue::Null);
    for (auto it = b.begin(); it != b.end(); ++it) {
        const QJsonValue old = a.value(it.key());
        if (old.isUndefined()) {
            patch.insert(it.key(), it.value());
            continue;
        }
        const QJsonValue sub = mergePatch(old, it.value());
        if (!sub.isUndefined())
            patch.insert(it.key(), sub);
    }
    return patch;
}

QJsonValue applyMergePatch(const QJsonValue &target, const QJsonValue &patch)
{
    if (!patch.isObject())
        return patch;
    QJsonObject t = target.isObject() ? target.toObject() : QJsonObject();
    const QJsonObject p = patch.toObject();
    for (auto it = p.begin(); it != p.end(); ++it) {
        if (it.value().isNull())
            t.remove(it.key());
        else
            t.insert(it.key(), applyMergePatch(t.value(it.key()), it.value()));
    }
    return t;
}

QString compactValue(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    case QJsonValue::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Undefined: return QString();
    case QJsonValue::Double: return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact).mid(1).chopped(1));
    case QJsonValue::Array: return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object: return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

QString DiffLine::text() const
{
    const QString p = pathText(path);
    switch (op) {
    case Added: return QStringLiteral("+ %1: %2").arg(p, compactValue(newValue));
    case Removed: return QStringLiteral("- %1 (was %2)").arg(p, compactValue(oldValue));
    case Changed:
        if (toDefault)
            return QStringLiteral("~ %1: %2 → the default (%3)").arg(p, compactValue(oldValue), compactValue(newValue));
        return QStringLiteral("~ %1: %2 → %3").arg(p, compactValue(oldValue), compactValue(newValue));
    }
    return {};
}

namespace {
void diffInto(const QJsonValue &a, const QJsonValue &b, const QStringList &path, QList<DiffLine> &out)
{
    if (a == b)
        return;
    if (a.isObject() && b.isObject()) {
        const QJsonObject x = a.toObject(), y = b.toObject();
        QStringList keys = x.keys();
        for (const QString &k : y.keys())
            if (!x.contains(k))
                keys << k;
        for (const QString &k : std::as_const(keys))
            diffInto(x.value(k), y.value(k), path + QStringList{k}, out);
        return;
    }
    if (a.isUndefined())
        out << DiffLine{DiffLine::Added, path, a, b};
    else if (b.isUndefined())
        out << DiffLine{DiffLine::Removed, path, a, b};
    else
        out << DiffLine{DiffLine::Changed, path, a, b};
}
} // namespace

QList<DiffLine> diff(const QJsonValue &from, const QJsonValue &to)
{
    QList<DiffLine> out;
    diffInto(from, to, {}, out);
    return out;
}

QJsonValue valueAt(const QJsonValue &root, const QStringList &path)
{
    QJsonValue cur = root;
    for (const QString &s : path) {
        if (cur.isObject()) {
            cur = cur.toObject().value(s);
        } else if (cur.isArray()) {
            bool ok = false;
            const int i = s.toInt(&ok);
            if (!ok || i < 0 || i >= cur.toArray().size())
                return QJsonValue(QJsonValue::Undefined);
            cur = cur.toArray().at(i);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return cur;
}

QJsonValue withValueAt(const QJsonValue &root, const QStringList &path, const QJsonValue &value)
{
    if (path.isEmpty())
        return value;
    const QString head = path.first();
    const QStringList rest = path.mid(1);
    if (root.isArray()) {
        QJsonArray a = root.toArray();
        bool ok = false;
        const int i = head.toInt(&ok);
        if (ok && i >= 0 && i < a.size()) {
            const QJsonValue v = withValueAt(a.at(i), rest, value);
            if (v.isUndefined())
                a.removeAt(i);
            else
                a[i] = v;
        } else if (ok && i == a.size() && !value.isUndefined()) {
            a.append(withValueAt(QJsonValue(QJsonValue::Undefined), rest, value));
        }
        return a;
    }
    QJsonObject o = root.toObject();
    const QJsonValue v = withValueAt(o.value(head), rest, value);
    if (v.isUndefined())
        o.remove(head);
    else
        o.insert(head, v);
    return o;
}

} // namespace nestdeck::platform
