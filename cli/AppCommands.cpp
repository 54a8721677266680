#include "cli/AppCommands.h"

#include "core/kube/RestClient.h"
#include "core/platform/AppDefinition.h"
#include "core/platform/AppSchema.h"
#include "core/platform/AppValues.h"
#include "core/platform/AppWriter.h"
#include "core/platform/FieldOptions.h"
#include "core/platform/SchemaValidator.h"
#include "core/platform/Yaml.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QSet>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>
#include <functional>
#include <memory>

namespace nestdeck::cli {

using namespace nestdeck::platform;
using kube::ApiResponse;
using kube::RestClient;

QTextStream &cliOut()
{
    static QTextStream s(stdout);
    return s;
}

namespace {
QObject *g_scope = nullptr;
}

QObject *commandScope()
{
    Q_ASSERT(g_scope);
    return g_scope;
}

void setCommandScope(QObject *scope) { g_scope = scope; }

QTextStream &cliErr()
{
    static QTextStream s(stderr);
    return s;
}

namespace {

void finish(int code)
{
    cliOut().flush();
    cliErr().flush();
    // Queued: an offline command finishes before the event loop has started,
    // and exit() before exec() would be lost.
    QMetaObject::invokeMethod(QCoreApplication::instance(), [code] { QCoreApplication::exit(code); }, Qt::QueuedConnection);
}

void fatal(const QString &message, int code = 2)
{
    cliErr() << "error: " << message << Qt::endl;
    finish(code);
}

// One document of an input file.
struct Doc {
    QString file;
    int index = 0; // 1-based
    QJsonObject object;
    QString where() const { return QStringLiteral("%1:doc %2").arg(file, QString::number(index)); }
    QString kind() const { return object.value(QLatin1String("kind")).toString(); }
    QString name() const { return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString(); }
    QString ns() const { return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("namespace")).toString(); }
    QJsonObject spec() const { return object.value(QLatin1String("spec")).toObject(); }
    QString label() const { return kind() + QLatin1Char('/') + (name().isEmpty() ? QStringLiteral("(no name)") : name()); }
};

Expected<QByteArray> readInput(const QString &path)
{
    QFile f;
    const bool ok = path == QLatin1String("-") ? f.open(stdin, QIODevice::ReadOnly) : (f.setFileName(path), f.open(QIODevice::ReadOnly));
    if (!ok)
        return makeError(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    constexpr qint64 Max = 64 * 1024 * 1024;
    const QByteArray data = f.read(Max + 1);
    if (data.size() > Max)
        return makeError(QStringLiteral("%1 is larger than 64 MiB").arg(path));
    return data;
}

// Documents of every file; a "List" contributes its items.
Expected<QList<Doc>> readDocs(const QStringList &files)
{
    QList<Doc> out;
    for (const QString &file : files) {
        auto data = readInput(file);
        if (!data)
            return data.error();
        auto docs = yamlDocuments(*data);
        if (!docs)
            return makeError(QStringLiteral("%1: %2").arg(file == QLatin1String("-") ? QStringLiteral("<stdin>") : file, docs.error().message));
        if (docs->isEmpty())
            cliErr() << "warning: " << (file == QLatin1String("-") ? QStringLiteral("<stdin>") : file) << ": no documents to check\n";
        int n = 0;
        for (const QJsonValue &v : *docs) {
            ++n;
            const QString name = file == QLatin1String("-") ? QStringLiteral("<stdin>") : file;
            if (!v.isObject())
                return makeError(QStringLiteral("%1:doc %2: not an object (a manifest has apiVersion, kind, metadata and spec)").arg(name).arg(n));
            const QJsonObject o = v.toObject();
            if (o.value(QLatin1String("kind")).toString() == QLatin1String("List")) {
                for (const auto &item : o.value(QLatin1String("items")).toArray())
                    out << Doc{name, n, item.toObject()};
                continue;
            }
            out << Doc{name, n, o};
        }
    }
    return out;
}

using CatalogPtr = std::shared_ptr<AppCatalog>;

CatalogPtr catalogFrom(const QList<QJsonObject> &objects, QStringList *errors)
{
    QList<AppDefinitionPtr> defs;
    for (const QJsonObject &o : objects) {
        auto d = AppDefinition::fromJson(o);
        if (d)
            defs << std::make_shared<const AppDefinition>(std::move(d).value());
        else
            *errors << d.error().message;
    }
    return std::make_shared<AppCatalog>(defs);
}

// The application kinds: from a saved ApplicationDefinition file, or live
// from the server (falling back to the older CozystackResourceDefinition).
void loadCatalog(RestClient *client, const QString &schemaFile, QObject *ctx, std::function<void(CatalogPtr)> fn)
{
    QStringList errors;
    if (!schemaFile.isEmpty()) {
        auto docs = readDocs({schemaFile});
        if (!docs) {
            fatal(docs.error().message);
            return;
        }
        QList<QJsonObject> objects;
        for (const Doc &d : *docs)
            if (d.kind() == QLatin1String("ApplicationDefinition") || d.kind() == QLatin1String("CozystackResourceDefinition"))
                objects << d.object;
        if (objects.isEmpty()) {
            fatal(QStringLiteral("%1 holds no ApplicationDefinition").arg(schemaFile));
            return;
        }
        auto catalog = catalogFrom(objects, &errors);
        for (const QString &e : std::as_const(errors))
            cliErr() << "warning: " << e << '\n';
        fn(catalog);
        return;
    }
    auto get = std::make_shared<std::function<void(const QString &, bool)>>();
    *get = [client, ctx, fn, get](const QString &resource, bool fallback) {
        client->get(QStringLiteral("/apis/cozystack.io/v1alpha1/") + resource, ctx, [fn, get, fallback](const ApiResponse &r) {
            if (r.status == 404 && fallback) {
                (*get)(QStringLiteral("cozystackresourcedefinitions"), false);
                return;
            }
            if (!r.ok()) {
                fatal(QStringLiteral("cannot read the platform's application definitions: %1").arg(r.error.text()));
                return;
            }
            QList<QJsonObject> objects;
            for (const auto &v : QJsonDocument::fromJson(r.body).object().value(QLatin1String("items")).toArray())
                objects << v.toObject();
            QStringList errs;
            auto catalog = catalogFrom(objects, &errs);
            for (const QString &e : std::as_const(errs))
                cliErr() << "warning: " << e << '\n';
            fn(catalog);
        });
    };
    (*get)(QStringLiteral("applicationdefinitions"), true);
}

QString kindList(const AppCatalog &c)
{
    QStringList kinds;
    for (const auto &d : c.all())
        kinds << d->kind;
    return kinds.join(QStringLiteral(", "));
}

// Validators built once per kind.
struct Validators {
    QHash<QString, ValidatorPtr> byKind;
    Expected<ValidatorPtr> get(const AppDefinition &d)
    {
        if (auto v = byKind.value(d.kind))
            return v;
        auto v = SchemaValidator::create(d);
        if (!v)
            return makeError(QStringLiteral("the schema of %1 cannot be used: %2").arg(d.kind, v.error().message));
        byKind.insert(d.kind, *v);
        return *v;
    }
};

// ---- explain ---------------------------------------------------------------

QString valueText(const QJsonValue &v)
{
    const QString s = compactValue(v);
    return s.size() > 200 ? s.left(197) + QStringLiteral("...") : s;
}

void describeConstraints(const Field &f, QStringList &lines)
{
    if (f.hasDefault())
        lines << QStringLiteral("default: %1").arg(valueText(f.defaultValue));
    if (!f.enumValues.isEmpty()) {
        QStringList vals;
        for (const auto &e : f.enumValues)
            vals << (e.isString() ? e.toString() : compactValue(e));
        lines << QStringLiteral("one of: %1").arg(vals.join(QStringLiteral(", ")));
    }
    auto num = [](double d) { return compactValue(QJsonValue(d)); };
    if (f.minimum)
        lines << QStringLiteral("minimum: %1%2").arg(num(*f.minimum), f.exclusiveMinimum ? QStringLiteral(" (exclusive)") : QString());
    if (f.maximum)
        lines << QStringLiteral("maximum: %1%2").arg(num(*f.maximum), f.exclusiveMaximum ? QStringLiteral(" (exclusive)") : QString());
    if (f.multipleOf)
        lines << QStringLiteral("multiple of: %1").arg(num(*f.multipleOf));
    if (f.minLength)
        lines << QStringLiteral("min length: %1").arg(*f.minLength);
    if (f.maxLength)
        lines << QStringLiteral("max length: %1").arg(*f.maxLength);
    if (f.minItems)
        lines << QStringLiteral("min entries: %1").arg(*f.minItems);
    if (f.maxItems)
        lines << QStringLiteral("max entries: %1").arg(*f.maxItems);
    if (f.minProperties)
        lines << QStringLiteral("min keys: %1").arg(*f.minProperties);
    if (f.maxProperties)
        lines << QStringLiteral("max keys: %1").arg(*f.maxProperties);
    if (!f.pattern.isEmpty())
        lines << QStringLiteral("pattern: %1").arg(f.pattern);
    if (!f.format.isEmpty())
        lines << QStringLiteral("format: %1").arg(f.format);
    if (f.kind == FieldKind::Quantity)
        lines << QStringLiteral("a Kubernetes quantity: 500m, 2, 512Mi, 4Gi, ...");
    if (f.immutable)
        lines << QStringLiteral("immutable: cannot be changed after creation%1")
                     .arg(f.immutableMessage.isEmpty() ? QString() : QStringLiteral(" (") + f.immutableMessage + QLatin1Char(')'));
    if (!f.optionsSource.isEmpty())
        lines << QStringLiteral("options: from the cluster (%1)").arg(f.optionsSource);
    for (const SchemaRule &r : f.rules)
        lines << QStringLiteral("rule: %1%2").arg(r.rule, r.message.isEmpty() ? QString() : QStringLiteral(" (") + r.message + QLatin1Char(')'));
    if (f.kind == FieldKind::FreeForm)
        lines << QStringLiteral("free-form: any keys and values, edited as YAML");
    if (f.kind == FieldKind::Yaml)
        lines << QStringLiteral("edited as YAML: %1").arg(f.fallbackReason);
    for (auto it = f.unknownKeywords.begin(); it != f.unknownKeywords.end(); ++it)
        lines << QStringLiteral("%1: %2").arg(it.key(), valueText(it.value()));
}

QString indent(const QString &text, int n)
{
    const QString pad(n, QLatin1Char(' '));
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &l : lines)
        l = pad + l;
    return lines.join(QLatin1Char('\n'));
}

void printExplain(const AppDefinition &d, const Field &f, const QStringList &path)
{
    QTextStream &o = cliOut();
    o << "KIND:       " << d.kind << '\n'
      << "VERSION:    " << d.resource().apiVersion() << '\n'
      << "RESOURCE:   " << d.plural << " (release prefix \"" << d.releasePrefix << "\", names up to " << d.maxNameLength()
      << " characters)\n\n";
    o << "FIELD:      " << (path.isEmpty() ? QStringLiteral("spec") : pathText(path)) << " <" << f.typeText() << ">"
      << (f.required ? " -required-" : "") << "\n";
    QStringList constraints;
    describeConstraints(f, constraints);
    for (const QString &c : std::as_const(constraints))
        o << indent(c, 4) << '\n';
    o << "\nDESCRIPTION:\n" << indent(f.description.isEmpty() ? (f.title.isEmpty() ? QStringLiteral("<empty>") : f.title) : f.description, 4) << '\n';
    const Field *container = &f;
    QString label = QStringLiteral("FIELDS");
    if ((f.kind == FieldKind::Map || f.kind == FieldKind::List) && f.item) {
        container = f.item.get();
        label = f.kind == FieldKind::Map ? QStringLiteral("FIELDS (of each value; keys are names you choose)")
                                         : QStringLiteral("FIELDS (of each entry)");
        if (container->kind != FieldKind::Object) {
            o << "\nVALUES: <" << container->typeText() << ">\n";
            QStringList c;
            describeConstraints(*container, c);
            for (const QString &x : std::as_const(c))
                o << indent(x, 4) << '\n';
        }
    }
    if (container->kind == FieldKind::Object && !container->children.isEmpty()) {
        o << '\n' << label << ":\n";
        for (const Field &c : container->children) {
            o << "  " << c.key << "\t<" << c.typeText() << ">" << (c.required ? " -required-" : "") << '\n';
            if (!c.description.isEmpty())
                o << indent(c.description, 4) << '\n';
            QStringList cl;
            describeConstraints(c, cl);
            for (const QString &x : std::as_const(cl))
                o << indent(x, 4) << '\n';
            o << '\n';
        }
    }
}

} // namespace

void explain(RestClient *client, const QString &target, const AppCommandOptions &o)
{
    auto *ctx = new QObject(commandScope());
    const qsizetype dot = target.indexOf(QLatin1Char('.')), bracket = target.indexOf(QLatin1Char('['));
    const qsizetype cut = dot < 0 ? bracket : (bracket < 0 ? dot : std::min(dot, bracket));
    const QString kind = cut < 0 ? target : target.left(cut);
    QStringList path = cut < 0 ? QStringList() : parsePath(target.mid(cut));
    if (!path.isEmpty() && path.first() == QLatin1String("spec"))
        path.removeFirst(); // "kubernetes.spec.version" reads like kubectl explain
    loadCatalog(client, o.schemaFile, ctx, [client, kind, path](const CatalogPtr &catalog) {
        const AppDefinitionPtr d = catalog->find(kind);
        if (!d) {
            fatal(QStringLiteral("the server has no application kind \"%1\" (it has: %2)").arg(kind, kindList(*catalog)));
            return;
        }
        Validators validators;
        auto v = validators.get(*d);
        if (!v) {
            fatal(v.error().message);
            return;
        }
        const Field *f = (*v)->schema().find(path);
        if (!f) {
            fatal(QStringLiteral("%1 has no field \"%2\"").arg(d->kind, pathText(path)));
            return;
        }
        for (const QString &w : (*v)->schemaWarnings())
            cliErr() << "warning: " << w << '\n';
        printExplain(*d, *f, path);
        // A field whose values come from the cluster: list them, as a form's dropdown would.
        const Field *valued = (f->kind == FieldKind::Map || f->kind == FieldKind::List) && f->item ? f->item.get() : f;
        const auto ref = optionsResource(valued->optionsSource);
        if (!client || !ref) {
            finish(0);
            return;
        }
        const QString source = valued->optionsSource;
        client->get(ref->path(), commandScope(), [source](const ApiResponse &r) {
            if (!r.ok()) {
                cliOut() << "\nOPTIONS: not readable here (" << r.error.text() << ")\n";
                finish(0);
                return;
            }
            QList<QJsonObject> objects;
            for (const auto &item : QJsonDocument::fromJson(r.body).object().value(QLatin1String("items")).toArray())
                objects << item.toObject();
            cliOut() << "\nOPTIONS (from the cluster's " << source << " objects):\n";
            for (const FieldOption &opt : optionsFromObjects(source, objects))
                cliOut() << "  " << opt.value.leftJustified(24) << ' ' << opt.detail << '\n';
            finish(0);
        });
    });
}

namespace {

// Validate and apply share the walk over the documents.
struct Run {
    RestClient *client = nullptr;
    std::unique_ptr<RestCalls> calls;
    // How the server treats each group-version's writes (see AppWriter), asked once.
    QHash<QString, ServerTraits> traits;
    AppCommandOptions options;
    bool apply = false;
    QList<Doc> docs;
    CatalogPtr catalog;
    Validators validators;
    QObject *ctx = nullptr;
    int invalid = 0;
    int unchecked = 0;
    QSet<QString> warned; // kinds whose schema warnings were printed

    // The cluster's options (storage classes, instance types, ...) for the
    // kinds in the input, read once; offline there are none to compare with.
    QHash<QString, QSet<QString>> clusterOptions; // source → values
    void loadOptions()
    {
        QStringList sources;
        for (const Doc &d : std::as_const(docs))
            if (const AppDefinitionPtr def = catalog->find(d.kind()))
                if (auto v = validators.get(*def))
                    for (const QString &s : optionSources((*v)->schema().root()))
                        if (!sources.contains(s) && optionsResource(s))
                            sources << s;
        if (!client || sources.isEmpty()) {
            next(0);
            return;
        }
        auto pending = std::make_shared<int>(int(sources.size()));
        for (const QString &source : std::as_const(sources)) {
            client->get(optionsResource(source)->path(), ctx, [this, source, pending](const ApiResponse &r) {
                if (r.ok()) {
                    QSet<QString> values;
                    for (const auto &item : QJsonDocument::fromJson(r.body).object().value(QLatin1String("items")).toArray())
                        values.insert(item.toObject().value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString());
                    clusterOptions.insert(source, values);
                } // not readable: that check is simply not made
                if (--*pending == 0)
                    next(0);
            });
        }
    }

    void report(const Doc &d, const QString &message) { cliOut() << d.where() << ": " << d.label() << ": " << message << '\n'; }

    // Local checks; true when the document may be sent.
    bool checkLocally(const Doc &d, const AppDefinition &def, const SchemaValidator &v)
    {
        bool ok = true;
        if (d.object.value(QLatin1String("apiVersion")).toString() != def.resource().apiVersion()) {
            report(d, QStringLiteral("apiVersion: must be %1").arg(def.resource().apiVersion()));
            ok = false;
        }
        if (const QString e = def.nameError(d.name()); !e.isEmpty()) {
            report(d, QStringLiteral("metadata.name: %1").arg(e));
            ok = false;
        }
        if (!d.object.value(QLatin1String("spec")).isObject() && !d.object.value(QLatin1String("spec")).isUndefined()) {
            report(d, QStringLiteral("spec: must be an object"));
            ok = false;
        }
        const ValidationResult r = v.validate(d.spec());
        for (const FieldError &e : r.errors)
            report(d, e.text());
        for (const FieldError &w : r.warnings)
            cliErr() << "warning: " << d.where() << ": " << d.label() << ": " << w.text() << '\n';
        // Accepted by the schema, but the platform could not provision it.
        for (const OptionUse &u : optionUses(v.schema().root(), r.effective))
            if (clusterOptions.contains(u.source) && !clusterOptions.value(u.source).contains(u.value))
                cliErr() << "warning: " << d.where() << ": " << d.label() << ": " << pathText(u.path) << ": \"" << u.value
                         << "\" is not among this cluster's " << u.source << " options\n";
        return ok && r.ok();
    }

    // Documents are handled in a loop; only a request to the server leaves
    // it, and its answer resumes the loop (no recursion per document).
    void next(int i)
    {
        for (; i < docs.size(); ++i)
            if (handle(i))
                return; // resumed by the server's answer
        finish(unchecked ? 2 : invalid ? 1 : 0);
    }

    // True when the document went to the server.
    bool handle(int i)
    {
        const Doc &d = docs.at(i);
        const AppDefinitionPtr def = catalog->find(d.kind());
        if (!def) {
            const QString group = d.object.value(QLatin1String("apiVersion")).toString().section(QLatin1Char('/'), 0, 0);
            if (group == QLatin1String("apps.cozystack.io") || d.kind().isEmpty()) {
                cliErr() << "error: " << d.where() << ": " << d.label() << ": no such application kind on this platform (it has: "
                         << kindList(*catalog) << ")\n";
                ++unchecked;
            } else {
                cliErr() << "skipped: " << d.where() << ": " << d.label() << ": not an application kind\n";
            }
            return false;
        }
        if (d.kind() != def->kind) { // the server takes the kind exactly, not the plural or another case
            report(d, QStringLiteral("kind: must be %1").arg(def->kind));
            ++invalid;
            return false;
        }
        auto v = validators.get(*def);
        if (!v) {
            cliErr() << "error: " << d.where() << ": " << v.error().message << '\n';
            ++unchecked;
            return false;
        }
        if (!warned.contains(def->kind)) {
            warned.insert(def->kind);
            for (const QString &w : (*v)->schemaWarnings())
                cliErr() << "warning: " << def->kind << ": " << w << '\n';
        }
        if (!checkLocally(d, *def, **v)) {
            ++invalid;
            return false;
        }
        if (!(*v)->complete() && (!client || (!apply && !options.serverDryRun))) {
            // Valid as far as this client can tell, but not checked in full.
            report(d, QStringLiteral("not checked in full (see the warnings); try --server-dry-run"));
            ++unchecked;
            return false;
        }
        if (!client || (!apply && !options.serverDryRun)) {
            report(d, QStringLiteral("valid"));
            return false;
        }
        toServer(i, def, *v);
        return true;
    }

    // The server's verdict: a dry-run (validate --server-dry-run) or the write (apply).
    void toServer(int i, const AppDefinitionPtr &def, const ValidatorPtr &v)
    {
        const Doc d = docs.at(i);
        const QString ns = d.ns().isEmpty() ? options.ns : d.ns();
        if (ns.isEmpty()) {
            cliErr() << "error: " << d.where() << ": " << d.label() << ": no namespace (set metadata.namespace or -n)\n";
            ++unchecked;
            return next(i + 1);
        }
        const kube::ResourceRef ref = def->resource();
        const QString gv = ref.group + QLatin1Char('/') + ref.version;
        if (!traits.contains(gv)) {
            // Served by an aggregated server (an APIService with a service) or by
            // the kube-apiserver itself; not knowing counts as aggregated.
            client->getObject(QStringLiteral("/apis/apiregistration.k8s.io/v1/apiservices/%1.%2").arg(ref.version, ref.group), ctx,
                              [this, i, def, v, gv](const ApiResponse &r) {
                                  traits.insert(gv, ServerTraits{r.ok() && !QJsonDocument::fromJson(r.body).object().value(QLatin1String("spec"))
                                                                                 .toObject().value(QLatin1String("service")).isObject()});
                                  toServer(i, def, v);
                              });
            return;
        }
        if (!calls)
            calls = std::make_unique<RestCalls>(client);
        auto *writer = new AppWriter(calls.get(), def, v, traits.value(gv), ctx);
        const auto mode = apply ? AppWriter::Mode::Write : AppWriter::Mode::Check;
        auto done = [this, i, d, writer](const WriteResult &r) {
            writer->deleteLater();
            // As kubectl prints them.
            for (const QString &w : r.warnings)
                cliErr() << "Warning: " << w << '\n';
            if (r.ok) {
                const QString what = r.unchanged ? QStringLiteral("unchanged")
                                     : r.localOnly ? QStringLiteral("valid; the server was not asked: the platform cannot check "
                                                                    "an update without applying it (it ignores dryRun on updates)")
                                     : !apply   ? QStringLiteral("valid (server dry-run)")
                                     : r.body.contains(QLatin1String("apiVersion")) ? QStringLiteral("created")
                                                                                     : QStringLiteral("configured");
                report(d, what);
                for (const DiffLine &c : r.changes)
                    cliOut() << "    " << c.text() << '\n';
                for (const DiffLine &c : r.notStuck)
                    report(d, QStringLiteral("read back, %1 is %2, not %3: someone wrote over it")
                                  .arg(pathText(c.path), c.newValue.isUndefined() ? QStringLiteral("unset") : compactValue(c.newValue),
                                       compactValue(c.oldValue)));
                for (const DiffLine &c : r.theirChanges)
                    cliOut() << "    changed by someone else meanwhile, and kept: " << c.text() << '\n';
                if (!r.notStuck.isEmpty())
                    ++invalid;
            } else {
                for (const QString &l : r.lines())
                    report(d, l);
                // Refused for what it says (400, 422) or, for apply, a conflict: invalid
                // or failed. Anything else (no rights, server trouble): not checked.
                const int code = r.apiError.code;
                if (!r.sent || code == 400 || code == 422 || (apply && code == 409))
                    ++invalid;
                else
                    ++unchecked;
            }
            next(i + 1);
        };
        client->getObject(def->resource().objectPath(ns, d.name()), ctx, [this, i, d, ns, writer, mode, done, v](const ApiResponse &r) {
            const QJsonObject metadata = d.object.value(QLatin1String("metadata")).toObject();
            if (r.status == 404) {
                writer->create(ns, d.name(), d.spec(), mode, ctx, done, metadata);
            } else if (r.ok()) {
                // The manifest's spec is the whole wanted spec: keys it leaves
                // out go back to their defaults (the writer sends no removal
                // for a key that holds its default already). The object was
                // read just now: it is the base.
                writer->update(QJsonDocument::fromJson(r.body).object(), d.spec(), mode, ctx, done, metadata, true);
            } else {
                report(d, r.error.text());
                ++unchecked;
                writer->deleteLater();
                next(i + 1);
            }
        });
    }
};

void runDocs(RestClient *client, const AppCommandOptions &o, bool apply)
{
    if (o.files.isEmpty()) {
        fatal(QStringLiteral("no input: give one or more -f FILE (- for stdin)"));
        return;
    }
    auto docs = readDocs(o.files);
    if (!docs) {
        fatal(docs.error().message);
        return;
    }
    auto run = std::make_shared<Run>();
    run->client = client;
    run->options = o;
    run->apply = apply;
    run->docs = *docs;
    run->ctx = new QObject(commandScope());
    loadCatalog(client, o.schemaFile, run->ctx, [run](const CatalogPtr &catalog) {
        run->catalog = catalog;
        run->loadOptions();
    });
    // The run lives as long as the application's event loop.
    QObject::connect(run->ctx, &QObject::destroyed, [run]() {});
}

} // namespace

void validate(RestClient *client, const AppCommandOptions &o) { runDocs(client, o, false); }
void apply(RestClient *client, const AppCommandOptions &o) { runDocs(client, o, true); }

} // namespace nestdeck::cli
