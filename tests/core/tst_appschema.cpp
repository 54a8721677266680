// The schema engine on schemas written for no particular app: field kinds,
// odd and hostile schemas, defaulting, validation messages, patches, YAML.
#include "core/platform/AppDefinition.h"
#include "core/platform/AppSchema.h"
#include "core/platform/AppValues.h"
#include "core/platform/AppWriter.h"
#include "core/platform/FormLayout.h"
#include "core/platform/SchemaValidator.h"
#include "core/platform/Yaml.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace nestdeck;
using namespace nestdeck::platform;

namespace {

QByteArray fixture(const QString &name)
{
    QFile f(QStringLiteral(SCHEMA_FIXTURES "/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return f.readAll();
}

QJsonObject json(const char *text) { return QJsonDocument::fromJson(text).object(); }

ValidatorPtr validatorFor(const QByteArray &schema, const QList<QStringList> &order = {})
{
    auto v = SchemaValidator::create(schema, order);
    if (!v)
        qFatal("%s", qPrintable(v.error().message));
    return *v;
}

QStringList texts(const QList<FieldError> &errors)
{
    QStringList out;
    for (const auto &e : errors)
        out << e.text();
    return out;
}

QStringList keys(const Field &f)
{
    QStringList out;
    for (const Field &c : f.children)
        out << c.key;
    return out;
}

} // namespace

class TestAppSchema : public QObject {
    Q_OBJECT
private slots:
    // The form's layout comes from the schema alone: a fixture written for no form.
    void formStepsFromSections()
    {
        auto s = AppSchema::build(fixture(QStringLiteral("kitchen-sink.json")));
        QVERIFY2(s, qPrintable(s.error().message));
        const QList<FormStep> steps = formSteps(s->root());
        QVERIFY(steps.size() >= 4);
        QCOMPARE(steps.first().id, QString()); // Basics: every single value
        QVERIFY(steps.first().roots.contains(QStringList{QStringLiteral("zone")}));
        QVERIFY(steps.first().roots.contains(QStringList{QStringLiteral("count")}));
        QStringList ids;
        for (const FormStep &st : steps)
            ids << st.id;
        for (const char *section : {"pools", "labels", "extra", "nested"})
            QVERIFY2(ids.contains(QLatin1String(section)), section);
        QVERIFY(!steps.first().roots.contains(QStringList{QStringLiteral("pools")}));
        QCOMPARE(steps[int(ids.indexOf(QStringLiteral("pools")))].title, QStringLiteral("Pools"));
        // Every top-level field is in exactly one step.
        int placed = 0;
        for (const FormStep &st : steps)
            placed += int(st.roots.size());
        QCOMPARE(placed, int(s->root().children.size()));
    }

    // Labels from keys read as words, acronyms and names kept as written.
    void labelsFromKeys()
    {
        const auto label = [](const char *key) {
            Field f;
            f.key = QString::fromLatin1(key);
            return fieldLabel(f);
        };
        QCOMPARE(label("nodeGroups"), QStringLiteral("Node groups"));
        QCOMPARE(label("maxReplicas"), QStringLiteral("Max replicas"));
        QCOMPARE(label("gatewayAPI"), QStringLiteral("Gateway API"));
        QCOMPARE(label("endpointURL"), QStringLiteral("Endpoint URL"));
        QCOMPARE(label("imageFactoryURL"), QStringLiteral("Image factory URL"));
        QCOMPARE(label("HTTPServer"), QStringLiteral("HTTP server"));
        QCOMPARE(label("gpus"), QStringLiteral("GPUs"));
        QCOMPARE(label("coredns"), QStringLiteral("CoreDNS"));
        QCOMPARE(label("tls"), QStringLiteral("TLS"));
        QCOMPARE(label("enableTLS"), QStringLiteral("Enable TLS"));
        QCOMPARE(label("max_connections"), QStringLiteral("Max connections"));
        QCOMPARE(label("ephemeralStorage"), QStringLiteral("Ephemeral storage"));
        QCOMPARE(label("s3Bucket"), QStringLiteral("S3 bucket"));
        QCOMPARE(label("x"), QStringLiteral("X"));
        Field titled;
        titled.key = QStringLiteral("gatewayAPI");
        titled.title = QStringLiteral("Gateway API (experimental)");
        QCOMPARE(fieldLabel(titled), titled.title);
    }

    void formRowsShowDefaultsUntilSet()
    {
        auto v = SchemaValidator::create(fixture(QStringLiteral("kitchen-sink.json")));
        QVERIFY(v);
        const Field &root = (*v)->schema().root();
        // Nothing set: the default map's entries show, marked as defaults.
        QJsonObject spec;
        QList<FormRow> rows = formRows(root, {{QStringLiteral("pools")}}, spec, (*v)->withDefaults(spec));
        QVERIFY(rows.size() >= 4);
        QCOMPARE(rows[0].type, FormRow::Heading);
        QCOMPARE(rows[1].type, FormRow::Entry);
        QCOMPARE(rows[1].path, (QStringList{QStringLiteral("pools"), QStringLiteral("p0")}));
        QVERIFY(rows[1].fromDefault);
        const auto maxRow = std::find_if(rows.cbegin(), rows.cend(), [](const FormRow &r) { return r.path.endsWith(QStringLiteral("max")); });
        QVERIFY(maxRow != rows.cend());
        QCOMPARE(maxRow->type, FormRow::Value);
        QCOMPARE(maxRow->effective.toInt(), 3);
        QVERIFY(maxRow->value.isUndefined());
        // Set: the user's entries replace the default map; values are not defaults.
        spec = json(R"({"pools": {"big": {"min": 2, "max": 9, "flavor": "xl"}}})");
        rows = formRows(root, {{QStringLiteral("pools")}}, spec, (*v)->withDefaults(spec));
        QCOMPARE(rows[1].path.last(), QStringLiteral("big"));
        QVERIFY(!rows[1].fromDefault);
        // A free-form section is one YAML row; a nested object is headings and values.
        rows = formRows(root, {{QStringLiteral("extra")}, {QStringLiteral("nested")}}, {}, (*v)->withDefaults({}));
        QCOMPARE(rows[0].type, FormRow::Yaml);
        QCOMPARE(rows.last().path, (QStringList{QStringLiteral("nested"), QStringLiteral("inner"), QStringLiteral("leaf")}));
        QCOMPARE(rows.last().effective.toString(), QStringLiteral("green"));
        QCOMPARE(rows.last().depth, 2);
        // A list of scalars: its items are entries.
        spec = json(R"({"labels": ["a", "b"]})");
        rows = formRows(root, {{QStringLiteral("labels")}}, spec, (*v)->withDefaults(spec));
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[2].path, (QStringList{QStringLiteral("labels"), QStringLiteral("1")}));
        QCOMPARE(rows[2].value.toString(), QStringLiteral("b"));
    }

    void formRowsOnSchemasWithoutTypes()
    {
        for (const char *name : {"no-types.json", "ref-loop.json", "refs.json", "dialect.json"}) {
            auto v = SchemaValidator::create(fixture(QLatin1String(name)));
            QVERIFY2(v, name);
            const Field &root = (*v)->schema().root();
            for (const FormStep &st : formSteps(root)) {
                const QList<FormRow> rows = formRows(root, st.roots, {}, (*v)->withDefaults({}));
                for (const FormRow &r : rows)
                    QVERIFY2(r.field != nullptr, name);
            }
        }
    }

    void valuesTypedAsText()
    {
        auto s = AppSchema::build(fixture(QStringLiteral("kitchen-sink.json")));
        QVERIFY(s);
        const Field *count = s->find({QStringLiteral("count")});
        const Field *ratio = s->find({QStringLiteral("ratio")});
        const Field *zone = s->find({QStringLiteral("zone")});
        const Field *port = s->find({QStringLiteral("port")});
        QVERIFY(count && ratio && zone && port);
        QCOMPARE(valueFromText(*count, QStringLiteral(" 12 ")).value, QJsonValue(12));
        QVERIFY(!valueFromText(*count, QStringLiteral("12a")).error.isEmpty());
        QVERIFY(!valueFromText(*count, QStringLiteral("1.5")).error.isEmpty());
        QVERIFY(valueFromText(*count, QString()).value.isUndefined()); // cleared: unset, its default applies
        QCOMPARE(valueFromText(*ratio, QStringLiteral("0.25")).value, QJsonValue(0.25));
        QVERIFY(!valueFromText(*ratio, QStringLiteral("inf")).error.isEmpty());
        QCOMPARE(valueFromText(*zone, QStringLiteral("eu-1")).value, QJsonValue(QStringLiteral("eu-1")));
        QVERIFY(valueFromText(*zone, QString()).value.isUndefined());
        QCOMPARE(valueFromText(*port, QStringLiteral("8080")).value, QJsonValue(8080));
        QCOMPARE(valueFromText(*port, QStringLiteral("http")).value, QJsonValue(QStringLiteral("http")));
        QCOMPARE(textOfValue(QJsonValue(3.0)), QStringLiteral("3"));
        QCOMPARE(textOfValue(QJsonValue(0.1)), QStringLiteral("0.1"));
        QCOMPARE(textOfValue(QJsonValue(true)), QStringLiteral("true"));
    }

    void fieldKinds()
    {
        auto s = AppSchema::build(fixture(QStringLiteral("kitchen-sink.json")));
        QVERIFY(s);
        const Field &root = s->root();
        QCOMPARE(root.kind, FieldKind::Object);
        // The author's order is kept (QJsonObject alone would sort it).
        QCOMPARE(keys(root), (QStringList{"zone", "storage", "count", "ratio", "enabled", "tier", "memory", "port", "labels", "pools",
                                          "extra", "restore", "note", "nested"}));
        auto at = [&](const QString &p) { return s->find(parsePath(p)); };
        QCOMPARE(at("zone")->kind, FieldKind::Text);
        QVERIFY(at("zone")->required);
        QCOMPARE(at("zone")->pattern, QStringLiteral("^[a-z]+$"));
        QCOMPARE(*at("zone")->maxLength, 8);
        QCOMPARE(at("storage")->optionsSource, QStringLiteral("storageclass"));
        QVERIFY(at("storage")->immutable);
        QCOMPARE(at("storage")->immutableMessage, QStringLiteral("storage is immutable"));
        QCOMPARE(at("count")->kind, FieldKind::Integer);
        QCOMPARE(*at("count")->maximum, 9.0);
        QCOMPARE(at("ratio")->kind, FieldKind::Number);
        QVERIFY(at("ratio")->exclusiveMaximum);
        QCOMPARE(at("enabled")->kind, FieldKind::Boolean);
        QCOMPARE(at("tier")->kind, FieldKind::Enum);
        QCOMPARE(at("tier")->enumValues.size(), 3);
        QCOMPARE(at("memory")->kind, FieldKind::Quantity); // through $ref
        QCOMPARE(at("memory")->defaultValue.toString(), QStringLiteral("1Gi")); // the sibling default wins
        QCOMPARE(at("memory")->description, QStringLiteral("A size"));
        QCOMPARE(at("port")->kind, FieldKind::IntOrString);
        QCOMPARE(at("labels")->kind, FieldKind::List);
        QCOMPARE(at("labels")->typeText(), QStringLiteral("[]string"));
        QCOMPARE(at("pools")->kind, FieldKind::Map);
        QCOMPARE(at("pools")->typeText(), QStringLiteral("map[string]object"));
        // Map keys and list indices step into the item schema.
        QCOMPARE(at("pools.anything.flavor")->optionsSource, QStringLiteral("instancetype"));
        QCOMPARE(at("pools.p0.disk")->kind, FieldKind::Quantity);
        QCOMPARE(at("pools.p0.gpus[2].name")->kind, FieldKind::Text);
        QCOMPARE(at("pools.p0")->rules.size(), 2);
        QCOMPARE(at("extra")->kind, FieldKind::FreeForm);
        QCOMPARE(at("restore")->kind, FieldKind::Yaml);
        QVERIFY(at("restore")->fallbackReason.contains(QLatin1String("oneOf")));
        QCOMPARE(at("note")->kind, FieldKind::Text);
        QVERIFY(at("note")->nullable);
        // Unknown keywords are kept, not dropped.
        QCOMPARE(at("note")->unknownKeywords.value(QLatin1String("x-ui-widget")).toString(), QStringLiteral("textarea"));
        QVERIFY(at("note")->unknownKeywords.contains(QLatin1String("examples")));
        QCOMPARE(at("nested.inner.leaf")->path, (QStringList{"nested", "inner", "leaf"}));
        QVERIFY(!at("nope"));
        QVERIFY(!at("count.deeper"));
    }

    void keysOrderWins()
    {
        auto s = AppSchema::build(fixture(QStringLiteral("kitchen-sink.json")),
                                  {{"pools"}, {"tier"}, {"nested", "inner"}});
        QVERIFY(s);
        QCOMPARE(keys(s->root()).mid(0, 3), (QStringList{"pools", "tier", "zone"}));
    }

    void oddSchemas_data()
    {
        QTest::addColumn<QByteArray>("schema");
        QTest::addColumn<int>("rootKind");
        QTest::newRow("empty") << QByteArray("{}") << int(FieldKind::FreeForm);
        QTest::newRow("no types") << fixture(QStringLiteral("no-types.json")) << int(FieldKind::Object);
        QTest::newRow("refs") << fixture(QStringLiteral("refs.json")) << int(FieldKind::Object);
        QTest::newRow("type array") << QByteArray(R"({"type": ["object", "array"]})") << int(FieldKind::Yaml);
        QTest::newRow("unknown type") << QByteArray(R"({"type": "tuple"})") << int(FieldKind::Yaml);
        QTest::newRow("tuple items") << QByteArray(R"({"type": "array", "items": [{"type": "string"}]})") << int(FieldKind::Yaml);
        QTest::newRow("properties not an object") << QByteArray(R"({"type": "object", "properties": [1, 2]})") << int(FieldKind::FreeForm);
        QTest::newRow("child not an object") << QByteArray(R"({"type": "object", "properties": {"a": 5}})") << int(FieldKind::Object);
        QTest::newRow("patternProperties") << QByteArray(R"({"type": "object", "patternProperties": {"^x": {}}})") << int(FieldKind::Yaml);
        QTest::newRow("bad regex") << QByteArray("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\", \"pattern\": \"((\"}}}")
                                   << int(FieldKind::Object);
    }

    void oddSchemas()
    {
        QFETCH(QByteArray, schema);
        QFETCH(int, rootKind);
        auto v = SchemaValidator::create(schema);
        QVERIFY2(v, qPrintable(v ? QString() : v.error().message));
        QCOMPARE(int((*v)->schema().root().kind), rootKind);
        // Whatever the schema, validating anything never crashes.
        (*v)->validate(json(R"({"a": {"b": "x"}, "list": [3], "tree": {"children": [{"name": 1}]}})"));
        (*v)->validate({});
    }

    // Schemas that used to crash, hang or mislead the exact check.
    void hostileSchemas()
    {
        // References that only point at each other: no crash, a warning.
        for (const QByteArray &loop : {QByteArray("{\"$ref\": \"#\"}"), fixture(QStringLiteral("ref-loop.json"))}) {
            auto v = SchemaValidator::create(loop);
            QVERIFY(v);
            QVERIFY(!(*v)->complete());
            QVERIFY(!(*v)->schemaWarnings().isEmpty());
            (*v)->validate(json(R"({"x": 1})"));
        }
        // A reference shared at every level: 2^31 fields if expanded naively.
        QJsonObject defs;
        for (int i = 0; i < 31; ++i) {
            const QJsonObject next{{"$ref", QStringLiteral("#/definitions/d%1").arg(i + 1)}};
            defs.insert(QStringLiteral("d%1").arg(i), QJsonObject{{"type", "object"}, {"properties", QJsonObject{{"a", next}, {"b", next}}}});
        }
        defs.insert(QStringLiteral("d31"), QJsonObject{{"type", "string"}});
        auto wide = AppSchema::build(QJsonObject{{"definitions", defs}, {"$ref", "#/definitions/d0"}});
        QVERIFY(wide);
        QVERIFY(wide->fieldCount() < 200000);
        // A value 200,000 characters long against a pattern: no stack overflow.
        auto v = validatorFor(fixture(QStringLiteral("kitchen-sink.json")));
        const QString longValue(200000, QLatin1Char('7'));
        QVERIFY(v->validate(QJsonObject{{"memory", longValue}}).ok());
        QCOMPARE(v->validate(QJsonObject{{"memory", longValue + QLatin1Char('x')}}).errors.size(), 1);
    }

    void kubernetesSchemaDialect()
    {
        // OpenAPI's nullable and draft-4 boolean exclusive bounds, as Kubernetes writes them.
        auto v = validatorFor(fixture(QStringLiteral("dialect.json")));
        QVERIFY(v->complete());
        const ValidationResult ok = v->validate(json(R"({"host": null, "level": null, "count": 2, "step": 0.3, "big": 8589934592, "code": "ABC"})"));
        QVERIFY2(ok.ok(), qPrintable(texts(ok.errors).join('\n')));
        QCOMPARE(texts(v->validate(json(R"({"count": 1})")).errors), QStringList{"count: must be greater than 1 (not 1)"});
        QCOMPARE(v->validate(json(R"({"step": 0.35})")).errors.size(), 1);
        QCOMPARE(v->validate(json(R"({"code": "abd"})")).errors.size(), 1);
    }

    void refs()
    {
        auto s = AppSchema::build(fixture(QStringLiteral("refs.json")));
        QVERIFY(s);
        // A recursive $ref is followed once, then the cycle is YAML.
        const Field *children = s->find({"tree", "children"});
        QVERIFY(children);
        QCOMPARE(children->kind, FieldKind::List);
        QCOMPARE(children->item->kind, FieldKind::Yaml);
        QVERIFY(children->item->fallbackReason.contains(QLatin1String("refers to itself")));
        QCOMPARE(s->find({"remote"})->kind, FieldKind::Yaml);
        QCOMPARE(s->find({"missing"})->kind, FieldKind::Yaml);
        QCOMPARE(s->warnings().size(), 2);
        QCOMPARE(s->find({"described"})->description, QStringLiteral("a node, described"));
        QCOMPARE(s->find({"described", "name"})->kind, FieldKind::Text);
    }

    void invalidSchemaStrings()
    {
        for (const QByteArray &bad : {QByteArray("{not json"), QByteArray("[1,2]"), QByteArray(""), QByteArray("\"x\"")}) {
            auto s = AppSchema::build(bad);
            QVERIFY(!s);
            QVERIFY(!s.error().message.isEmpty());
        }
        // In an ApplicationDefinition: a per-kind error, the rest still read.
        const QJsonObject ad{{"metadata", QJsonObject{{"name", "broken"}}},
                             {"spec", QJsonObject{{"application", QJsonObject{{"kind", "Broken"}, {"plural", "brokens"},
                                                                              {"openAPISchema", "{\"type\": \"object\", "}}},
                                                  {"release", QJsonObject{{"prefix", "broken-"}}}}}};
        auto d = AppDefinition::fromJson(ad);
        QVERIFY(d);
        QVERIFY(!d->hasSchema());
        QVERIFY2(d->schemaError.contains(QLatin1String("not valid JSON")), qPrintable(d->schemaError));
        QCOMPARE(d->maxNameLength(), 46);
        QVERIFY(!SchemaValidator::create(*d));
        QJsonObject noSchema = ad;
        QJsonObject spec = noSchema["spec"].toObject();
        spec["application"] = QJsonObject{{"kind", "Empty"}};
        noSchema["spec"] = spec;
        auto e = AppDefinition::fromJson(noSchema);
        QVERIFY(e);
        QVERIFY(e->schemaError.contains(QLatin1String("no schema")));
        QCOMPARE(e->plural, QStringLiteral("emptys"));
        QVERIFY(!AppDefinition::fromJson(QJsonObject{{"spec", QJsonObject{}}}));
    }

    void deepNesting()
    {
        QByteArray s = "{\"type\":\"object\",\"properties\":{\"a\":";
        for (int i = 0; i < 200; ++i)
            s += "{\"type\":\"object\",\"properties\":{\"a\":";
        s += "{\"type\":\"string\"}";
        for (int i = 0; i < 201; ++i)
            s += "}}";
        auto v = SchemaValidator::create(s);
        QVERIFY(v);
        QStringList deep(70, QStringLiteral("a"));
        const Field *f = (*v)->schema().find(deep.mid(0, 65));
        QVERIFY(f);
        QCOMPARE(f->kind, FieldKind::Yaml); // past 64 levels: YAML, with a reason
        QVERIFY(!f->fallbackReason.isEmpty());
        (*v)->validate(json(R"({"a": {"a": {"a": 1}}})"));
    }

    void twoMegabyteSchema()
    {
        QJsonObject props;
        QByteArray pad(200, 'x');
        int i = 0;
        QByteArray raw;
        while (raw.size() < 2 * 1024 * 1024) {
            for (int k = 0; k < 500; ++k, ++i)
                props.insert(QStringLiteral("p%1").arg(i, 6, 10, QLatin1Char('0')),
                             QJsonObject{{"type", i % 3 ? "string" : "integer"}, {"description", QString::fromLatin1(pad)}, {"default", i % 3 ? QJsonValue("d") : QJsonValue(i)}});
            raw = QJsonDocument(QJsonObject{{"type", "object"}, {"properties", props}}).toJson(QJsonDocument::Compact);
        }
        auto v = SchemaValidator::create(raw);
        QVERIFY(v);
        QCOMPARE((*v)->schema().root().children.size(), i);
        const ValidationResult r = (*v)->validate(json(R"({"p000000": "not a number"})"));
        QCOMPARE(texts(r.errors), QStringList{"p000000: must be a whole number (not \"not a number\")"});
        QCOMPARE(r.effective.size(), i);
    }

    void defaultsSatisfyRequired()
    {
        auto v = validatorFor(fixture(QStringLiteral("kitchen-sink.json")));
        // "zone" is required and has a default: leaving it out is fine; a new
        // pool given as {} gets min/max/flavor from the value schema's defaults.
        const ValidationResult r = v->validate(json(R"({"pools": {"p1": {}}})"));
        QVERIFY2(r.ok(), qPrintable(texts(r.errors).join('\n')));
        QCOMPARE(r.effective["zone"].toString(), QStringLiteral("a"));
        QCOMPARE(valueAt(r.effective, {"pools", "p1", "flavor"}).toString(), QStringLiteral("small"));
        QVERIFY(!r.effective["pools"].toObject().contains("p0")); // the map's default is for a missing map only
        QCOMPARE(valueAt(r.effective, {"nested", "inner", "leaf"}).toString(), QStringLiteral("green"));
        // Missing map: its default applies, and defaults inside it too.
        const ValidationResult d = v->validate({});
        QVERIFY(d.ok());
        QCOMPARE(valueAt(d.effective, {"pools", "p0", "flavor"}).toString(), QStringLiteral("small"));
        // null on a non-nullable field is unset: the default applies.
        QCOMPARE(v->validate(json(R"({"count": null})")).effective["count"].toInt(), 2);
        // Defaults are shown, not written: the input is untouched.
        QJsonObject in = json(R"({"count": 3})");
        v->validate(in);
        QCOMPARE(in, json(R"({"count": 3})"));
    }

    void errorsInWords_data()
    {
        QTest::addColumn<QByteArray>("spec");
        QTest::addColumn<QStringList>("errors");
        QTest::newRow("bounds") << QByteArray(R"({"count": 0})") << QStringList{"count: must be at least 1 (not 0)"};
        QTest::newRow("exclusive") << QByteArray(R"({"ratio": 1})") << QStringList{"ratio: must be less than 1 (not 1)"};
        QTest::newRow("integer") << QByteArray(R"({"count": 2.5})") << QStringList{"count: must be a whole number"};
        QTest::newRow("enum") << QByteArray(R"({"tier": "platinum"})")
                              << QStringList{"tier: must be one of bronze, silver, gold (not \"platinum\")"};
        QTest::newRow("pattern") << QByteArray(R"({"zone": "A1"})") << QStringList{"zone: \"A1\" does not match the pattern ^[a-z]+$"};
        QTest::newRow("empty required text") << QByteArray(R"({"zone": ""})")
                                             << QStringList{"zone: must not be empty", "zone: \"\" does not match the pattern ^[a-z]+$"};
        QTest::newRow("quantity") << QByteArray(R"({"memory": "1Gb"})")
                                  << QStringList{"memory: \"1Gb\" is not a quantity (write it like 500m, 2, 512Mi or 4Gi)"};
        QTest::newRow("comparison") << QByteArray(R"({"pools": {"md0": {"min": 3, "max": 2}}})")
                                    << QStringList{"pools.md0.max: must be at least “Min” (3)"};
        QTest::newRow("list") << QByteArray(R"({"labels": ["a", "b", "a", "c"]})")
                              << QStringList{"labels: may have at most 3 entries", "labels[2]: repeats entry 0"};
        QTest::newRow("map size") << QByteArray(R"({"pools": {"a": {}, "b": {}, "c": {}, "d": {}, "e": {}}})")
                                  << QStringList{"pools: may have at most 4 entries"};
        QTest::newRow("required in list item") << QByteArray(R"({"pools": {"p": {"gpus": [{}]}}})")
                                               << QStringList{"pools.p.gpus[0].name: is required"};
        QTest::newRow("reserved") << QByteArray(R"({"_internal": 1})")
                                  << QStringList{"_internal: keys beginning with \"_\" are reserved for the platform"};
        QTest::newRow("boolean") << QByteArray(R"({"enabled": "yes"})") << QStringList{"enabled: must be true or false"};
        QTest::newRow("object") << QByteArray(R"({"pools": [1]})") << QStringList{"pools: must be an object (key: value pairs)"};
        QTest::newRow("key with dots") << QByteArray(R"({"pools": {"a.b": {"min": "x"}}})")
                                       << QStringList{"pools[a.b].min: must be a whole number (not \"x\")"};
    }

    void errorsInWords()
    {
        QFETCH(QByteArray, spec);
        QFETCH(QStringList, errors);
        auto v = validatorFor(fixture(QStringLiteral("kitchen-sink.json")));
        const ValidationResult r = v->validate(QJsonDocument::fromJson(spec).object());
        QCOMPARE(texts(r.errors), errors);
    }

    void valijsonHasTheLastWord()
    {
        auto v = validatorFor(fixture(QStringLiteral("kitchen-sink.json")));
        // oneOf is not rendered as fields, but it is still checked exactly.
        const ValidationResult both = v->validate(json(R"({"restore": {"at": "2024-01-01T00:00:00Z", "from": "old"}})"));
        QCOMPARE(both.errors.size(), 1);
        QCOMPARE(both.errors.first().path, QStringList{"restore"});
        QVERIFY(v->validate(json(R"({"restore": {"from": "old"}})")).ok());
        // A rule the client cannot evaluate is left to the server, and said so.
        const ValidationResult r = v->validate(json(R"({"pools": {"p": {"max": 200}}})"));
        QVERIFY(r.ok());
        QCOMPARE(r.serverChecked.size(), 1);
        QCOMPARE(r.serverChecked.first().text(), QStringLiteral("pools.p.flavor: big pools need an x flavor"));
        // An unknown key is accepted by the schema but dropped by the server.
        const ValidationResult u = v->validate(json(R"({"zoen": "b", "extra": {"anything": [1]}})"));
        QVERIFY(u.ok());
        QCOMPARE(texts(u.warnings), QStringList{"zoen: is not a parameter of this schema: the server drops it"});
    }

    void immutableOnUpdate()
    {
        auto v = validatorFor(fixture(QStringLiteral("kitchen-sink.json")));
        const QJsonObject old = json(R"({"storage": "fast"})");
        QVERIFY(v->validate(json(R"({"storage": "slow"})")).ok()); // a create may choose
        QCOMPARE(texts(v->validate(json(R"({"storage": "slow"})"), &old).errors),
                 QStringList{"storage: cannot be changed after creation (it is \"fast\"): storage is immutable"});
        // Unset on both sides: the default, unchanged.
        const QJsonObject none;
        QVERIFY(v->validate(json(R"({"count": 4})"), &none).ok());
        // Setting it to the default it had is no change.
        QVERIFY(v->validate(json(R"({"storage": "fast"})"), &none).ok());
    }

    void validatorOnNoTypes()
    {
        auto v = validatorFor(fixture(QStringLiteral("no-types.json")));
        const ValidationResult r = v->validate(json(R"({"list": [3], "a": {}})"));
        QCOMPARE(texts(r.errors), QStringList{"list[0]: must be one of 1, 2 (not 3)"});
        QCOMPARE(valueAt(r.effective, {"a", "b"}).toInt(), 1);
    }

    void mergePatchRoundTrip()
    {
        const QJsonObject a = json(R"({"x": 1, "keep": {"a": 1, "b": [1, 2]}, "gone": {"deep": true}, "list": [1]})");
        const QJsonObject b = json(R"({"x": 2, "keep": {"a": 1, "b": [1, 2, 3], "c": null}, "new": {"n": 1}, "list": []})");
        const QJsonValue p = mergePatch(a, b);
        QCOMPARE(p.toObject(), json(R"({"x": 2, "keep": {"b": [1, 2, 3], "c": null}, "gone": null, "new": {"n": 1}, "list": []})"));
        // Nulls in the target cannot survive a merge patch (RFC 7386): "c" goes.
        QJsonObject expected = b;
        QJsonObject keep = expected["keep"].toObject();
        keep.remove("c");
        expected["keep"] = keep;
        QCOMPARE(applyMergePatch(a, p).toObject(), expected);
        QVERIFY(mergePatch(a, a).isUndefined());
        // Random specs: applying the patch always gives the new spec.
        auto *rng = QRandomGenerator::global();
        std::function<QJsonValue(int)> random = [&](int depth) -> QJsonValue {
            const int t = int(rng->bounded(depth > 2 ? 3 : 5));
            if (t == 0)
                return double(rng->bounded(5));
            if (t == 1)
                return QString(QChar(u'a' + rng->bounded(3)));
            if (t == 2)
                return rng->bounded(2) == 1;
            if (t == 3)
                return QJsonArray{random(depth + 1)};
            QJsonObject o;
            for (int i = 0, n = int(rng->bounded(4)); i < n; ++i)
                o.insert(QString(QChar(u'k' + rng->bounded(4))), random(depth + 1));
            return o;
        };
        for (int i = 0; i < 500; ++i) {
            const QJsonObject x = random(3).toObject(), y = random(3).toObject();
            const QJsonValue patch = mergePatch(x, y);
            QCOMPARE(patch.isUndefined() ? QJsonValue(x) : applyMergePatch(x, patch), QJsonValue(y));
        }
    }

    void readableDiff()
    {
        const QJsonObject a = json(R"({"pools": {"md0": {"max": 5}}, "host": "a", "tier": "gold"})");
        const QJsonObject b = json(R"({"pools": {"md0": {"max": 8}, "md1": {"min": 1}}, "tier": "gold"})");
        QStringList lines;
        for (const DiffLine &l : diff(a, b))
            lines << l.text();
        QCOMPARE(lines, (QStringList{"- host (was \"a\")", "~ pools.md0.max: 5 → 8", "+ pools.md1: {\"min\":1}"}));
        QVERIFY(diff(a, a).isEmpty());
    }

    void valuesAtPaths()
    {
        QJsonValue v = QJsonObject();
        v = withValueAt(v, {"pools", "md0", "max"}, 4);
        v = withValueAt(v, {"labels"}, QJsonArray{"a"});
        v = withValueAt(v, {"labels", "1"}, "b");
        QCOMPARE(v.toObject(), json(R"({"pools": {"md0": {"max": 4}}, "labels": ["a", "b"]})"));
        QCOMPARE(valueAt(v, {"labels", "1"}).toString(), QStringLiteral("b"));
        QVERIFY(valueAt(v, {"labels", "7"}).isUndefined());
        v = withValueAt(v, {"pools", "md0", "max"}, QJsonValue(QJsonValue::Undefined));
        QCOMPARE(valueAt(v, {"pools", "md0"}).toObject(), QJsonObject());
    }

    void paths()
    {
        QCOMPARE(parsePath("spec.nodeGroups[md0].maxReplicas"), (QStringList{"spec", "nodeGroups", "md0", "maxReplicas"}));
        QCOMPARE(parsePath("resourceQuotas[requests.cpu]"), (QStringList{"resourceQuotas", "requests.cpu"}));
        QCOMPARE(parsePath("hosts[0]"), (QStringList{"hosts", "0"}));
        QCOMPARE(parsePath(".addons.ingressNginx.enabled"), (QStringList{"addons", "ingressNginx", "enabled"}));
        QCOMPARE(pathText({"resourceQuotas", "requests.cpu"}), QStringLiteral("resourceQuotas[requests.cpu]"));
        QCOMPARE(pathText({"hosts", "0"}), QStringLiteral("hosts[0]"));
        QCOMPARE(pathText({"nodeGroups", "*", "roles", "[]"}), QStringLiteral("nodeGroups.*.roles[]"));
        for (const QString &p : {QStringLiteral("a.b[c.d][0].e"), QStringLiteral("x")})
            QCOMPARE(pathText(parsePath(p)), p);
    }

    void quantities()
    {
        for (const char *ok : {"1", "500m", "1.5Gi", "2e3", "+1Ki", "0.5", ".5", "100M", "1E"})
            QVERIFY2(isQuantity(QString::fromLatin1(ok)), ok);
        for (const char *bad : {"", "1Gb", "Gi", "1 Gi", "1.2.3", "--1", "1gi", "one"})
            QVERIFY2(!isQuantity(QString::fromLatin1(bad)), bad);
    }

    void serverErrorsMapToFields()
    {
        // (An ordinary string: moc's tokenizer stumbles over multi-line raw strings.)
        const QByteArray status = "{\"kind\":\"Status\",\"code\":422,\"reason\":\"Invalid\","
                                  "\"message\":\"Kubernetes.apps.cozystack.io \\\"x\\\" is invalid: ...\","
                                  "\"details\":{\"causes\":["
                                  "{\"reason\":\"FieldValueInvalid\",\"field\":\"spec.nodeGroups[md0].maxReplicas\",\"message\":\"Invalid value: 1: too small\"},"
                                  "{\"reason\":\"FieldValueInvalid\",\"field\":\"metadata.name\",\"message\":\"too long\"},"
                                  "{\"reason\":\"FieldValueForbidden\",\"field\":\"<nil>\",\"message\":\"root rule failed\"}]}}";
        kube::ApiError e = kube::ApiError::fromResponse(422, status);
        const WriteResult r = AppWriter::fromApiError(e);
        QCOMPARE(texts(r.fieldErrors), QStringList{"nodeGroups.md0.maxReplicas: Invalid value: 1: too small"});
        QCOMPARE(r.nameError, QStringLiteral("too long"));
        QCOMPARE(r.message, QStringLiteral("root rule failed"));
        QVERIFY(!r.conflict);
        const WriteResult c = AppWriter::fromApiError(kube::ApiError::fromResponse(409, R"({"kind":"Status","code":409,"reason":"Conflict","message":"the object has been modified"})"));
        QVERIFY(c.conflict);
        QVERIFY(c.message.contains(QLatin1String("your values are kept")));
    }

    void yaml()
    {
        auto docs = yamlDocuments("a: 1\nb: \"1\"\nc: true\nd: ~\ne: 1.5\nf: 0x10\ng: 1Gi\nh: 'yes'\ni: [1, two]\n---\n---\nx: {y: z}\n");
        QVERIFY(docs);
        QCOMPARE(docs->size(), 2);
        QCOMPARE(docs->at(0).toObject(), json(R"({"a": 1, "b": "1", "c": true, "d": null, "e": 1.5, "f": 16, "g": "1Gi", "h": "yes", "i": [1, "two"]})"));
        QCOMPARE(docs->at(1).toObject(), json(R"({"x": {"y": "z"}})"));
        auto bad = yamlDocuments("a: 1\nb: [unclosed\n");
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.startsWith(QLatin1String("line ")), qPrintable(bad.error().message));
        // An alias bomb is refused, not expanded until memory runs out.
        QByteArray bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (char c = 'b'; c <= 'j'; ++c)
            bomb += QByteArray(1, c) + ": &" + QByteArray(1, c) + " [*" + QByteArray(1, char(c - 1)) + ", *" + QByteArray(1, char(c - 1)) +
                    ", *" + QByteArray(1, char(c - 1)) + ", *" + QByteArray(1, char(c - 1)) + ", *" + QByteArray(1, char(c - 1)) + "]\n";
        auto b = yamlDocuments(bomb);
        QVERIFY(!b);
        QVERIFY(b.error().message.contains(QLatin1String("aliases")));
        // Few values but long ones: bounded in bytes too (1 MiB, repeated 100 times).
        QByteArray wide = "s: &s \"" + QByteArray(1024 * 1024, 'x') + "\"\nl: [";
        for (int i = 0; i < 100; ++i)
            wide += "*s, ";
        wide += "*s]\n";
        auto w = yamlDocuments(wide);
        QVERIFY(!w);
        QVERIFY(w.error().message.contains(QLatin1String("aliases")));
        // Control characters are not YAML text (they must be escaped); a tab is.
        auto ctl = yamlDocuments(QByteArray("a: b\nc: d\x01" "e\n"));
        QVERIFY(!ctl);
        QVERIFY2(ctl.error().message.startsWith(QLatin1String("line 2, column 5: control character U+0001")), qPrintable(ctl.error().message));
        QCOMPARE(yamlDocuments("a: \"x\\u0001y\"\nb:\tc\n")->first().toObject().value(QLatin1String("a")).toString(), QStringLiteral("x\u0001y"));
        QCOMPARE(yamlDocuments(jsonToYaml(json(R"({"a": "x\u0001y"})")).toUtf8())->first().toObject(), json(R"({"a": "x\u0001y"})"));
        // Strings that look like other types survive a round trip.
        const QJsonObject tricky = json(R"({"a": "1", "b": "true", "c": "", "d": "null", "e": " x", "f": "1.5e3", "g": 2})");
        QCOMPARE(yamlDocuments(jsonToYaml(tricky).toUtf8())->first().toObject(), tricky);
    }
};

QTEST_GUILESS_MAIN(TestAppSchema)
#include "tst_appschema.moc"
