#include "core/platform/AppDefinition.h"
#include "core/platform/Tr.h"

#include "core/platform/Naming.h"
#include "core/platform/ResourceCache.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace nestdeck::platform {

namespace {
QString str(const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)).toString(); }
QJsonObject objAt(const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)).toObject(); }
} // namespace

kube::ResourceRef AppDefinition::resource() const
{
    return kube::ResourceRef{QStringLiteral("apps.cozystack.io"), QStringLiteral("v1alpha1"), plural, true, kind};
}

QStringList AppDefinition::secretNames(const QString &appName) const
{
    QStringList out;
    for (QString t : secretTemplates)
        out << t.replace(QStringLiteral("{{ .name }}"), appName).replace(QStringLiteral("{{.name}}"), appName);
    return out;
}

int AppDefinition::maxNameLength() const { return naming::maxAppNameLength(releasePrefix); }

QString AppDefinition::nameError(const QString &appName) const
{
    QString e = naming::appNameError(appName, maxNameLength());
    if (e.isEmpty() && kind == QLatin1String("Tenant"))
        e = naming::tenantNameError(appName);
    return e;
}

bool AppDefinition::matches(const QString &n) const
{
    return n.compare(kind, Qt::CaseInsensitive) == 0 || n.compare(plural, Qt::CaseInsensitive) == 0 ||
           n.compare(singular, Qt::CaseInsensitive) == 0;
}

Expected<AppDefinition> AppDefinition::fromJson(const QJsonObject &o)
{
    AppDefinition d;
    const QJsonObject meta = objAt(o, "metadata");
    d.name = str(meta, "name");
    d.resourceVersion = str(meta, "resourceVersion").toUtf8();
    const QJsonObject spec = objAt(o, "spec");
    const QJsonObject app = objAt(spec, "application");
    d.kind = str(app, "kind");
    if (d.kind.isEmpty())
        return makeError(translate("nestdeck::platform", "ApplicationDefinition \"%1\" has no spec.application.kind").arg(d.name));
    d.plural = str(app, "plural");
    d.singular = str(app, "singular");
    if (d.plural.isEmpty())
        d.plural = d.kind.toLower() + QLatin1Char('s');
    if (d.singular.isEmpty())
        d.singular = d.kind.toLower();
    d.releasePrefix = str(objAt(spec, "release"), "prefix");
    for (const auto &inc : objAt(spec, "secrets").value(QLatin1String("include")).toArray())
        for (const auto &n : inc.toObject().value(QLatin1String("resourceNames")).toArray())
            if (n.isString())
                d.secretTemplates << n.toString();

    const QJsonValue raw = app.value(QLatin1String("openAPISchema"));
    if (raw.isUndefined() || raw.isNull() || (raw.isString() && raw.toString().trimmed().isEmpty())) {
        d.schemaError = translate("nestdeck::platform", "the ApplicationDefinition of %1 publishes no schema (spec.application.openAPISchema is empty)").arg(d.kind);
    } else if (raw.isObject()) {
        d.schema = raw.toObject(); // tolerated: some tools store it as an object
    } else if (!raw.isString()) {
        d.schemaError = translate("nestdeck::platform", "the schema of %1 is neither a JSON string nor an object").arg(d.kind);
    } else {
        QJsonParseError pe{};
        const QJsonDocument doc = QJsonDocument::fromJson(raw.toString().toUtf8(), &pe);
        if (pe.error != QJsonParseError::NoError)
            d.schemaError = translate("nestdeck::platform", "the schema of %1 is not valid JSON: %2 at offset %3").arg(d.kind, pe.errorString()).arg(pe.offset);
        else if (!doc.isObject())
            d.schemaError = translate("nestdeck::platform", "the schema of %1 is not a JSON object").arg(d.kind);
        else {
            d.schema = doc.object();
            d.schemaJson = raw.toString().toUtf8();
        }
    }

    const QJsonObject dash = objAt(spec, "dashboard");
    d.title = str(dash, "singular");
    if (d.title.isEmpty())
        d.title = d.kind;
    d.titlePlural = str(dash, "plural");
    d.description = str(dash, "description");
    d.category = str(dash, "category");
    d.iconSvgBase64 = str(dash, "icon");
    d.weight = dash.value(QLatin1String("weight")).toInt();
    for (const auto &t : dash.value(QLatin1String("tags")).toArray())
        d.tags << t.toString();
    // keysOrder is a list of paths from the object's root ([["spec","version"], ...]);
    // plain strings are taken as keys of spec. Only paths below spec matter to a form.
    for (const auto &k : dash.value(QLatin1String("keysOrder")).toArray()) {
        QStringList path;
        if (k.isString())
            path = k.toString().split(QLatin1Char('.'), Qt::SkipEmptyParts);
        else
            for (const auto &p : k.toArray())
                path << p.toString();
        if (path.size() >= 2 && path.first() == QLatin1String("spec"))
            d.keysOrder << path.mid(1);
        else if (k.isString() && !path.isEmpty() && path.first() != QLatin1String("spec"))
            d.keysOrder << path;
    }
    return d;
}

Expected<AppDefinition> AppDefinition::fromObject(const kube::KubeObject &object)
{
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(object.json(), &pe);
    if (!doc.isObject())
        return makeError(translate("nestdeck::platform", "ApplicationDefinition \"%1\" could not be decoded: %2").arg(object.name, pe.errorString()));
    return fromJson(doc.object());
}

AppCatalog::AppCatalog(ResourceCache *definitions, QObject *parent) : QObject(parent), m_source(definitions)
{
    connect(definitions, &ResourceCache::changed, this, &AppCatalog::rebuild);
    connect(definitions, &ResourceCache::synced, this, &AppCatalog::rebuild);
    rebuild();
}

AppCatalog::AppCatalog(QList<AppDefinitionPtr> definitions, QObject *parent)
    : QObject(parent), m_defs(std::move(definitions))
{
}

bool AppCatalog::hasSynced() const { return !m_source || m_source->hasSynced(); }

void AppCatalog::rebuild()
{
    QList<AppDefinitionPtr> defs;
    QStringList errors;
    for (const auto &o : m_source->all()) {
        auto d = AppDefinition::fromObject(*o);
        if (d)
            defs << std::make_shared<const AppDefinition>(std::move(d).value());
        else
            errors << d.error().message;
    }
    std::sort(defs.begin(), defs.end(), [](const AppDefinitionPtr &a, const AppDefinitionPtr &b) {
        return a->weight != b->weight ? a->weight > b->weight : a->kind < b->kind;
    });
    m_defs = defs;
    m_errors = errors;
    emit changed();
}

AppDefinitionPtr AppCatalog::find(const QString &nameOrKind) const
{
    for (const auto &d : m_defs)
        if (d->matches(nameOrKind))
            return d;
    return {};
}

} // namespace nestdeck::platform
