#pragma once

#include "core/Expected.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace nestdeck::platform {

// What editor a schema node needs. The engine decides this from the schema
// alone: it knows no parameter by name.
enum class FieldKind {
    Object,      // fixed properties, each a field
    Text,        // string
    Integer,
    Number,
    Boolean,
    Enum,        // one of a fixed list (any JSON type)
    Quantity,    // Kubernetes quantity: int or string such as 500m, 1Gi
    IntOrString, // int-or-string without quantity syntax
    Map,         // additionalProperties: keys chosen by the user, values of one schema
    List,        // items
    FreeForm,    // x-kubernetes-preserve-unknown-fields or untyped: edited as YAML
    Yaml,        // a construct the engine cannot render as fields: edited as YAML, with fallbackReason
};

QString fieldKindName(FieldKind k);

// A CEL rule of x-kubernetes-validations other than immutability.
struct SchemaRule {
    QString rule;
    QString message;
    QString fieldPath; // relative to the node, e.g. ".addons.ingressNginx.enabled"
};

// One node of an application's schema, as a form and `explain` need it.
struct Field {
    QString key;        // property name; "*" for a map's values, "[]" for list items; "" at the root
    QStringList path;   // from spec: {"nodeGroups", "*", "maxReplicas"}
    FieldKind kind = FieldKind::FreeForm;
    QString type;       // the declared JSON type ("" when the schema gives none)
    QString title;
    QString description;
    QJsonValue defaultValue = QJsonValue(QJsonValue::Undefined);
    QJsonArray enumValues;
    std::optional<double> minimum, maximum;
    bool exclusiveMinimum = false, exclusiveMaximum = false;
    std::optional<double> multipleOf;
    std::optional<qint64> minLength, maxLength, minItems, maxItems, minProperties, maxProperties;
    bool uniqueItems = false;
    QString pattern;
    QString format;
    bool required = false; // the parent lists it in `required`
    bool nullable = false;
    bool immutable = false; // x-kubernetes-validations: self == oldSelf
    QString immutableMessage;
    QString optionsSource;  // x-cozystack-options.source: storageclass, instancetype, ...
    QJsonObject options;    // the whole x-cozystack-options object
    QList<SchemaRule> rules; // other CEL rules: the server checks them
    QStringList requiredKeys; // Object: the node's own `required` list
    QJsonObject unknownKeywords; // keywords the engine does not interpret: kept, shown as text
    QString fallbackReason;      // Yaml: why this subtree is edited as YAML
    QList<Field> children;       // Object: properties, in display order
    std::shared_ptr<Field> item; // Map: the values' schema; List: the items' schema
    bool additionalAllowed = true; // Object: keys beyond `properties` are not refused by the schema
    bool preserveUnknown = false;  // x-kubernetes-preserve-unknown-fields: the server keeps unknown keys

    QString pathText() const;
    // A short type for people: "integer", "map[string]object", "[]string", "quantity", ...
    QString typeText() const;
    bool hasDefault() const { return !defaultValue.isUndefined(); }
    const Field *child(const QString &key) const;
};

// The field tree of one application kind, built from its schema. Building
// never fails on odd schemas: constructs it cannot render become Yaml fields
// with a reason, unresolvable $refs are reported in warnings().
class AppSchema {
public:
    // rawSchema: the schema as the server sent it (keeps the author's property
    // order, which QJsonObject loses). keysOrder: preferred order of keys, as
    // paths below spec (ApplicationDefinition spec.dashboard.keysOrder).
    static Expected<AppSchema> build(const QByteArray &rawSchema, const QList<QStringList> &keysOrder = {});
    static Expected<AppSchema> build(const QJsonObject &schema, const QList<QStringList> &keysOrder = {});

    const Field &root() const { return *m_root; }
    QStringList warnings() const { return m_warnings; }
    // The field a value path leads to: map keys and list indices step into
    // the item schema ({"nodeGroups", "md0", "maxReplicas"}). nullptr if none.
    const Field *find(const QStringList &valuePath) const;
    // The number of fields in the tree (a size figure for tests and benchmarks).
    int fieldCount() const;

private:
    std::shared_ptr<const Field> m_root;
    QStringList m_warnings;
};

// Paths as people and the API server write them: "nodeGroups.md0.maxReplicas",
// "resourceQuotas[requests.cpu]", "hosts[0]". The server's field paths
// ("spec.nodeGroups[md0].maxReplicas") parse to the same segments.
QString pathText(const QStringList &segments);
QStringList parsePath(const QString &text);

// A field's label: its title, else its key in words ("maxReplicas" → "Max
// replicas", "gatewayAPI" → "Gateway API", "gpus" → "GPUs").
QString fieldLabel(const Field &field);

// Kubernetes resource.Quantity syntax: 1, 500m, 1.5Gi, 2e3, +1Ki.
bool isQuantity(const QString &text);

} // namespace nestdeck::platform
