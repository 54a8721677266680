#include "core/platform/VersionPolicy.h"

#include "core/platform/Naming.h"
#include "core/platform/Tr.h"

#include <QRegularExpression>

namespace nestdeck::platform {

namespace {
QString tr(const char *s) { return translate("nestdeck::platform", s); }

struct Version {
    int major = -1, minor = -1, patch = -1; // patch -1: a minor version ("v1.33")
    bool valid() const { return major >= 0; }
};

Version parse(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return {};
    return {m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).isEmpty() ? -1 : m.captured(3).toInt()};
}

QString judge(const QString &current, const QString &target)
{
    const Version c = parse(current), t = parse(target);
    if (!t.valid())
        return tr("not a version this client understands");
    if (!c.valid())
        return {}; // nothing known to compare with: the server decides
    if (target == current)
        return tr("the version it runs");
    if (t.major != c.major)
        return tr("a different major version: not supported");
    if (t.minor < c.minor)
        return tr("a downgrade: not supported");
    if (t.minor == c.minor) {
        if (t.patch < 0 || (c.patch >= 0 && t.patch <= c.patch))
            return t.patch < c.patch ? tr("a downgrade: not supported") : tr("the version it runs");
        return {}; // a patch release of the running minor
    }
    if (t.minor > c.minor + 1)
        return tr("one minor version at a time: upgrade to v%1.%2 first").arg(c.major).arg(c.minor + 1);
    return {};
}

} // namespace

QList<VersionChoice> upgradeChoices(const QJsonArray &offered, const QString &current)
{
    QList<VersionChoice> out;
    for (const QJsonValue &v : offered) {
        const QString version = v.toString();
        const QString why = judge(current, version);
        out << VersionChoice{version, why.isEmpty(), version == current, why};
    }
    return out;
}

QString upgradeRefusal(const QJsonArray &offered, const QString &current, const QString &target)
{
    if (!offered.isEmpty() && !offered.contains(QJsonValue(target)))
        return tr("%1 is not a version the platform offers").arg(target);
    return judge(current, target);
}

QString poolVersionError(const QString &poolVersion, const QString &clusterVersion)
{
    const Version p = parse(poolVersion), c = parse(clusterVersion);
    if (!p.valid() || !c.valid())
        return {};
    if (p.major > c.major || (p.major == c.major && p.minor > c.minor))
        return tr("ahead of its cluster's %1: a pool may lag its cluster, never lead it").arg(clusterVersion);
    return {};
}

QList<VersionChoice> poolVersionChoices(const QJsonArray &offered, const QString &poolVersion, const QString &clusterVersion)
{
    QList<VersionChoice> out = upgradeChoices(offered, poolVersion);
    // Ahead of the cluster is said first: no number of steps makes it allowed.
    for (VersionChoice &c : out)
        if (const QString why = poolVersionError(c.version, clusterVersion); !c.current && !why.isEmpty()) {
            c.allowed = false;
            c.reason = why;
        }
    return out;
}

QList<FieldError> changeRuleErrors(const QString &kind, const SchemaValidator &validator, const QJsonObject &oldSpec,
                                   const QJsonObject &newSpec)
{
    if (kind != QLatin1String(KubernetesKind) && kind != QLatin1String(KubernetesNodesKind))
        return {};
    const QStringList path{QStringLiteral("version")};
    const Field *field = validator.schema().find(path);
    const QString from = validator.withDefaults(oldSpec).value(path.first()).toString();
    const QString to = validator.withDefaults(newSpec).value(path.first()).toString();
    if (from == to)
        return {};
    if (const QString why = upgradeRefusal(field ? field->enumValues : QJsonArray(), from, to); !why.isEmpty())
        return {FieldError{path, tr("%1 → %2: %3").arg(from, to, why)}};
    return {};
}

} // namespace nestdeck::platform
