#pragma once

#include "core/Expected.h"
#include "core/kube/KubeObject.h"
#include "core/kube/Resource.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace nestdeck::platform {

class ResourceCache;

// One ApplicationDefinition (API doc, section 2), read once into a typed value.
// The schema is parsed here; a missing or unparsable schema is kept as a
// per-kind error (schemaError), never a crash, and the rest stays usable.
struct AppDefinition {
    QString name;          // metadata.name
    QString kind;          // spec.application.kind, e.g. "Kubernetes"
    QString plural;        // "kuberneteses"
    QString singular;      // "kubernetes"
    QString releasePrefix; // spec.release.prefix, e.g. "kubernetes-"
    QStringList secretTemplates; // spec.secrets.include[].resourceNames, with {{ .name }}
    QJsonObject schema;    // spec.application.openAPISchema, parsed
    QByteArray schemaJson; // the same as published: keeps the author's key order
    QString schemaError;   // why there is no usable schema; empty when there is
    // spec.dashboard
    QString title, titlePlural, description, category, iconSvgBase64;
    QStringList tags;
    QList<QStringList> keysOrder; // paths below spec, e.g. {"nodeGroups"}
    int weight = 0;
    QByteArray resourceVersion;

    bool hasSchema() const { return schemaError.isEmpty(); }
    // The app resource these definitions describe (apps.cozystack.io/v1alpha1).
    kube::ResourceRef resource() const;
    // Secret names of an app, templates resolved ({{ .name }} and {{.name}}).
    QStringList secretNames(const QString &appName) const;
    // The longest name an app of this kind may have (53 minus the prefix).
    int maxNameLength() const;
    // Why `appName` is not a valid name for this kind, or "".
    QString nameError(const QString &appName) const;
    // kind, plural or singular, any case.
    bool matches(const QString &nameOrKind) const;

    static Expected<AppDefinition> fromJson(const QJsonObject &object);
    static Expected<AppDefinition> fromObject(const kube::KubeObject &object);
};

using AppDefinitionPtr = std::shared_ptr<const AppDefinition>;

// Every application kind the platform defines, followed live from the
// ApplicationDefinition informer: a changed definition changes the kind's
// schema (and so its fields) without a restart.
class AppCatalog : public QObject {
    Q_OBJECT
public:
    explicit AppCatalog(ResourceCache *definitions, QObject *parent = nullptr);
    // Offline use (CLI --schema-file, tests).
    explicit AppCatalog(QList<AppDefinitionPtr> definitions, QObject *parent = nullptr);

    AppDefinitionPtr find(const QString &nameOrKind) const;
    QList<AppDefinitionPtr> all() const { return m_defs; }
    // Definitions that could not be read at all (no kind), as "name: why".
    QStringList errors() const { return m_errors; }
    bool hasSynced() const;

signals:
    void changed();

private:
    void rebuild();
    ResourceCache *m_source = nullptr;
    QList<AppDefinitionPtr> m_defs;
    QStringList m_errors;
};

} // namespace nestdeck::platform
