#include "cli/Cli.h"

#include "core/AppInfo.h"
#include "cli/AppCommands.h"
#include "cli/Diagnose.h"
#include "core/kube/Discovery.h"
#include "core/kube/Kubeconfig.h"
#include "core/kube/ListAll.h"
#include "core/kube/RestClient.h"
#include "core/kube/SharedInformer.h"
#include "core/platform/Format.h"
#include "core/platform/PlatformSession.h"
#include "core/platform/Yaml.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>
#include <QTimer>
#include <QUrlQuery>

#include <sys/resource.h>
#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

#include <algorithm>
#include <cstdio>
#include <memory>

namespace nestdeck::cli {

using namespace nestdeck::kube;

namespace {

QTextStream &out() { return cliOut(); }
QTextStream &err() { return cliErr(); }

qint64 peakRssKiB()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

// Bytes the C library's allocator has handed out and not had back; -1 where
// it cannot say.
qint64 heapInUseBytes()
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
    const struct mallinfo2 mi = mallinfo2();
    return qint64(mi.uordblks + mi.hblkhd);
#else
    return -1;
#endif
}

void fail(const QString &message, int code = 1)
{
    err() << "error: " << message << Qt::endl;
    QCoreApplication::exit(code);
}

QString eventWord(Delta::Type t)
{
    switch (t) {
    case Delta::Added: return QStringLiteral("ADDED");
    case Delta::Updated: return QStringLiteral("MODIFIED");
    case Delta::Deleted: return QStringLiteral("DELETED");
    }
    return {};
}

struct Options {
    QString ns;
    bool allNamespaces = false;
    QString selector;
    QString output = QStringLiteral("table");
    int seconds = 0;
    QString dump;
    bool watchList = false; // paged LIST by default (see ReflectorOptions::useWatchList)
    QStringList resources;
};

// Resolves every resource name, then calls fn with the refs.
void withResources(RestClient *client, QObject *ctx, const QStringList &names,
                   std::function<void(const QList<ResourceRef> &)> fn)
{
    Discovery::fetch(client, ctx, [names, fn](const Expected<QList<ApiResourceInfo>> &all) {
        if (!all) {
            fail(all.error().message);
            return;
        }
        QList<ResourceRef> refs;
        for (const QString &n : names) {
            auto ref = Discovery::resolve(*all, n);
            if (!ref) {
                fail(QStringLiteral("the server doesn't have a resource type \"%1\"").arg(n));
                return;
            }
            refs << *ref;
        }
        fn(refs);
    });
}

// kubectl's table: the server's own printer columns (a Table request), page
// by page. Each row carries its object's metadata.
void listTable(RestClient *client, const QString &path, QObject *ctx, const QString &continueToken, QJsonArray columns, QJsonArray rows,
               std::function<void(const QJsonArray &columns, const QJsonArray &rows, const ApiError *error)> done)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("limit"), QStringLiteral("500"));
    if (!continueToken.isEmpty())
        q.addQueryItem(QStringLiteral("continue"), continueToken);
    RequestExtras extras;
    extras.timeoutMs = 120000;
    extras.accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
    const QString sep = path.contains(QLatin1Char('?')) ? QStringLiteral("&") : QStringLiteral("?");
    client->request("GET", path + sep + q.toString(QUrl::FullyEncoded), {}, {}, ctx,
                    [client, path, ctx, columns, rows, done](const ApiResponse &r) mutable {
                        if (!r.ok()) {
                            done({}, {}, &r.error);
                            return;
                        }
                        const QJsonObject t = QJsonDocument::fromJson(r.body).object();
                        if (t.value(QLatin1String("kind")).toString() != QLatin1String("Table")) {
                            const ApiError e = ApiError::transport(QStringLiteral("the server did not answer with a Table"));
                            done({}, {}, &e);
                            return;
                        }
                        if (columns.isEmpty())
                            columns = t.value(QLatin1String("columnDefinitions")).toArray();
                        for (const QJsonValue &row : t.value(QLatin1String("rows")).toArray())
                            rows << row;
                        const QString next = t.value(QLatin1String("metadata")).toObject().value(QLatin1String("continue")).toString();
                        if (next.isEmpty())
                            done(columns, rows, nullptr);
                        else
                            listTable(client, path, ctx, next, columns, rows, done);
                    },
                    extras);
}

QString cellText(const QJsonValue &cell, const QString &format)
{
    if (format == QLatin1String("date") && cell.isString()) // a CRD's date column: shown as an age, as kubectl does
        if (const QDateTime t = QDateTime::fromString(cell.toString(), Qt::ISODate); t.isValid())
            return platform::shortAge(t);
    if (cell.isString())
        return cell.toString();
    if (cell.isDouble())
        return platform::quantityText(cell);
    if (cell.isBool())
        return cell.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (cell.isNull() || cell.isUndefined())
        return QStringLiteral("<none>");
    return QString::fromUtf8(QJsonDocument(cell.isArray() ? QJsonDocument(cell.toArray()) : QJsonDocument(cell.toObject())).toJson(QJsonDocument::Compact));
}

void printTable(const QJsonArray &columns, const QJsonArray &rows, bool wide, bool showNs,
                const std::function<QString(const QString &ns, const QString &name)> &health)
{
    QList<QStringList> lines;
    QStringList header;
    QList<int> shown;
    for (int i = 0; i < columns.size(); ++i)
        if (wide || columns[i].toObject().value(QLatin1String("priority")).toInt() == 0)
            shown << i;
    if (showNs)
        header << QStringLiteral("NAMESPACE");
    for (int i : std::as_const(shown)) {
        header << columns[i].toObject().value(QLatin1String("name")).toString().toUpper();
        if (health && i == 0)
            header << QStringLiteral("HEALTH");
    }
    lines << header;
    for (const QJsonValue &rv : rows) {
        const QJsonObject row = rv.toObject();
        const QJsonObject meta = row.value(QLatin1String("object")).toObject().value(QLatin1String("metadata")).toObject();
        const QString ns = meta.value(QLatin1String("namespace")).toString(), name = meta.value(QLatin1String("name")).toString();
        const QJsonArray cells = row.value(QLatin1String("cells")).toArray();
        QStringList line;
        if (showNs)
            line << ns;
        for (int i : std::as_const(shown)) {
            line << cellText(cells.at(i), columns[i].toObject().value(QLatin1String("format")).toString());
            if (health && i == 0)
                line << health(ns, name);
        }
        lines << line;
    }
    QList<int> widths;
    for (const QStringList &l : std::as_const(lines))
        for (int c = 0; c < l.size(); ++c) {
            if (widths.size() <= c)
                widths << 0;
            widths[c] = std::max(widths[c], int(l[c].size()));
        }
    for (const QStringList &l : std::as_const(lines)) {
        QString text;
        for (int c = 0; c < l.size(); ++c)
            text += c + 1 < l.size() ? l[c].leftJustified(widths[c] + 3) : l[c];
        out() << text << '\n';
    }
}

// get without the server's table: the list itself (name, json, yaml), or
// NAME and AGE when a table was wanted and the server gave none (kubectl
// falls back so too). Its errors are the list decoder's, in words.
void getList(RestClient *client, QObject *ctx, const ResourceRef &ref, const QString &ns, const Options &o)
{
    ListOptions lo;
    lo.labelSelector = o.selector;
    lo.timeoutMs = 120000;
    listAll(client, ref, ns, lo, ctx, [=](const ListResult &r) {
        if (!r.ok) {
            fail(r.error.text());
            return;
        }
        QList<ObjectPtr> items = r.items;
        std::sort(items.begin(), items.end(), [](const ObjectPtr &a, const ObjectPtr &b) { return a->key() < b->key(); });
        if (o.output == QLatin1String("name")) {
            for (const auto &it : items)
                out() << ref.id() << '/' << it->name << '\n';
        } else if (o.output == QLatin1String("json") || o.output == QLatin1String("yaml")) {
            QByteArray list = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[";
            for (qsizetype i = 0; i < items.size(); ++i)
                list += (i ? "," : "") + items.at(i)->json();
            list += "]}";
            if (o.output == QLatin1String("yaml"))
                out() << platform::jsonToYaml(list);
            else
                out() << QString::fromUtf8(list) << '\n';
        } else if (items.isEmpty()) {
            err() << "No resources found" << (ns.isEmpty() ? QString() : QStringLiteral(" in %1 namespace").arg(ns)) << ".\n";
        } else {
            const QJsonArray columns{QJsonObject{{QStringLiteral("name"), QStringLiteral("Name")}},
                                     QJsonObject{{QStringLiteral("name"), QStringLiteral("Age")}, {QStringLiteral("format"), QStringLiteral("date")}}};
            QJsonArray rows;
            for (const auto &it : items) {
                const QJsonObject meta = QJsonDocument::fromJson(it->json()).object().value(QLatin1String("metadata")).toObject();
                rows << QJsonObject{{QStringLiteral("cells"), QJsonArray{it->name, meta.value(QLatin1String("creationTimestamp"))}},
                                    {QStringLiteral("object"), QJsonObject{{QStringLiteral("metadata"), meta}}}};
            }
            printTable(columns, rows, false, ns.isEmpty() && ref.namespaced, {});
        }
        out().flush();
        QCoreApplication::exit(0);
    });
}

void cmdGet(RestClient *client, QObject *ctx, const Options &o)
{
    withResources(client, ctx, o.resources.mid(0, 1), [client, ctx, o](const QList<ResourceRef> &refs) {
        const ResourceRef ref = refs.first();
        const QString ns = o.allNamespaces || !ref.namespaced ? QString() : (o.ns.isEmpty() ? client->config().ns : o.ns);
        if (o.output != QLatin1String("table") && o.output != QLatin1String("wide")) {
            getList(client, ctx, ref, ns, o);
            return;
        }
        QString path = ref.path(ns);
        if (!o.selector.isEmpty())
            path += QStringLiteral("?labelSelector=") + QString::fromUtf8(QUrl::toPercentEncoding(o.selector));
        listTable(client, path, ctx, {}, {}, {}, [client, ctx, ref, ns, o](const QJsonArray &columns, const QJsonArray &rows, const ApiError *e) {
            if (e) {
                // No table (a server without them, or one misbehaving): the plain
                // list, whose decoder says precisely what is wrong.
                getList(client, ctx, ref, ns, o);
                return;
            }
            if (rows.isEmpty()) {
                err() << "No resources found" << (ns.isEmpty() ? QString() : QStringLiteral(" in %1 namespace").arg(ns)) << ".\n";
                QCoreApplication::exit(0);
                return;
            }
            const bool wide = o.output == QLatin1String("wide"), showNs = ns.isEmpty() && ref.namespaced;
            if (ref.kind != platform::PlatformSession::KubernetesRef.kind || ref.group != platform::PlatformSession::KubernetesRef.group) {
                printTable(columns, rows, wide, showNs, {});
                out().flush();
                QCoreApplication::exit(0);
                return;
            }
            // Clusters: the health word, from the whole tree, as the app and diagnose judge it.
            whenSynced(client, [columns, rows, wide, showNs](platform::PlatformSession *session) {
                printTable(columns, rows, wide, showNs, [session](const QString &appNs, const QString &name) {
                    // The word with its counts ("Scaling (3/5 nodes)"), without a failure's sentence: a column, not a report.
                    const platform::ClusterStatus st = platform::deriveStatus(session->objectsFor(appNs, name));
                    return st.health == platform::Health::Failed ? platform::healthName(st.health) : st.word;
                });
                out().flush();
                QCoreApplication::exit(0);
            });
        });
    });
}

QList<SharedInformer *> startInformers(RestClient *client, QObject *ctx, const QList<ResourceRef> &refs, const Options &o)
{
    QList<SharedInformer *> informers;
    for (const ResourceRef &ref : refs) {
        ReflectorOptions ro;
        ro.ns = o.allNamespaces || !ref.namespaced ? QString() : o.ns;
        ro.labelSelector = o.selector;
        ro.useWatchList = o.watchList;
        // Caches as the app keeps them: whole objects, their JSON packed
        // against a dictionary of the resource's own (lossless; a few µs to
        // read one back), indexed by namespace only (nothing here looks up
        // labels or owners). Unpacked, 182,000 objects held 2.6 KB each.
        ro.trim = std::make_shared<const Trim>(Trim{{}, std::make_shared<JsonPacker>()});
        auto *inf = new SharedInformer(client, ref, ro, ctx, IndexOptions{false, {}, false});
        // Before the first sync any failure is fatal for a script; later ones are retried.
        QObject::connect(inf, &SharedInformer::stateChanged, ctx, [inf](Reflector::State s, const QString &reason) {
            if (s == Reflector::State::Backoff) {
                if (!inf->reflector().hasSynced())
                    fail(QStringLiteral("%1: %2").arg(inf->resource().id(), reason));
                else
                    err() << "warning: " << inf->resource().id() << ": " << reason << " (retrying)" << Qt::endl;
            }
        });
        informers << inf;
    }
    return informers;
}

void cmdWatch(RestClient *client, QObject *ctx, const Options &o)
{
    withResources(client, ctx, o.resources.mid(0, 1), [client, ctx, o](const QList<ResourceRef> &refs) {
        for (SharedInformer *inf : startInformers(client, ctx, refs, o)) {
            QObject::connect(inf, &SharedInformer::changed, ctx, [](const QList<Delta> &deltas) {
                for (const Delta &d : deltas)
                    out() << eventWord(d.type) << ' ' << d.object->key() << ' ' << d.object->resourceVersion.toByteArray() << '\n';
                out().flush();
            });
            inf->start();
        }
    });
}

void cmdSync(RestClient *client, QObject *ctx, const Options &o)
{
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    withResources(client, ctx, o.resources, [client, ctx, o, timer](const QList<ResourceRef> &refs) {
        const QList<SharedInformer *> informers = startInformers(client, ctx, refs, o);
        auto remaining = std::make_shared<int>(int(informers.size()));
        auto finish = [informers, o, timer, refs]() {
            // Each cache's bytes, and of them the JSON's (for the lines per cache below).
            qsizetype objects = 0, bytes = 0;
            QList<std::pair<qsizetype, qsizetype>> kept;
            for (SharedInformer *inf : informers) {
                qsizetype json = 0;
                inf->store().forEach([&json](const KubeObject &obj) { json += obj.jsonBytes(); });
                kept.append({inf->store().memoryBytes(), json});
                objects += inf->store().size();
                bytes += kept.last().first;
            }
            // Only when asked: a line per object is ~200 bytes of UTF-16, at
            // 20,000 clusters' five lists ~45 MB more than the caches it reports on.
            if (!o.dump.isEmpty()) {
                QStringList lines;
                lines.reserve(objects);
                for (SharedInformer *inf : informers) {
                    for (const auto &obj : inf->store().list()) {
                        const QString line = obj->key() + QLatin1Char(' ') + QString::fromUtf8(obj->resourceVersion.toByteArray());
                        lines << (informers.size() > 1 ? inf->resource().id() + QLatin1Char(' ') + line : line);
                    }
                }
                std::sort(lines.begin(), lines.end());
                QSaveFile f(o.dump);
                if (!f.open(QIODevice::WriteOnly)) {
                    fail(QStringLiteral("cannot write %1: %2").arg(o.dump, f.errorString()));
                    return;
                }
                for (const QString &l : lines)
                    f.write(l.toUtf8() + '\n');
                if (!f.commit()) {
                    fail(QStringLiteral("cannot write %1: %2").arg(o.dump, f.errorString()));
                    return;
                }
            }
            int relists = 0, watches = 0, pages = 0, streamed = 0;
            for (SharedInformer *inf : informers) {
                relists += inf->reflector().lists();
                watches += inf->reflector().watches();
                pages += inf->reflector().pages();
                streamed += inf->reflector().usedWatchList() ? 1 : 0;
            }
            out() << "objects: " << objects << '\n'
                  << "bytes/object: " << (objects ? bytes / objects : 0) << '\n';
            // What each cache keeps, and how much of it is the JSON: where to cut next.
            for (qsizetype i = 0; i < informers.size(); ++i) {
                const qsizetype n = std::max<qsizetype>(informers[i]->store().size(), 1);
                out() << "  " << informers[i]->resource().id() << ": " << informers[i]->store().size() << " objects, " << kept[i].first / n
                      << " bytes/object, JSON " << kept[i].second / n << '\n';
            }
            // The allocator's own count: shared strings once, its overhead
            // included, and the rest of the process (its baseline is ~1 MiB).
            if (const qint64 heap = heapInUseBytes(); heap >= 0)
                out() << "process heap in use KiB: " << heap / 1024 << " (" << (objects ? heap / objects : 0) << " bytes/object)\n";
            out() << "peak RSS KiB: " << peakRssKiB() << '\n'
                  << "lists: " << relists << ", list pages: " << pages << ", watches: " << watches
                  << ", streamed initial lists: " << streamed << '\n';
            out().flush();
            QCoreApplication::exit(0);
        };
        for (SharedInformer *inf : informers) {
            QObject::connect(inf, &SharedInformer::synced, ctx, [remaining, timer, o, finish]() {
                if (--*remaining > 0)
                    return;
                out() << "synced in ms: " << timer->elapsed() << '\n';
                out().flush();
                QTimer::singleShot(o.seconds * 1000, finish);
            });
            inf->start();
        }
    });
}

} // namespace

int run(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QObject scope; // before app goes: see commandScope()
    setCommandScope(&scope);
    QCoreApplication::setApplicationName(QStringLiteral("nestdeck-cli"));
    QCoreApplication::setApplicationVersion(AppInfo::version());
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Headless Nestdeck client.\n\n"
                                               "Commands:\n"
                                               "  version                      client and server versions\n"
                                               "  get RESOURCE                 list objects\n"
                                               "  watch RESOURCE               one line per change\n"
                                               "  sync RESOURCE...             run informers, report size and timing\n"
                                               "  explain KIND[.field.path]    an application kind's parameters, from its live schema\n"
                                               "  validate -f FILE...          check app manifests against their kind's schema\n"
                                               "                               (exit 0 valid, 1 invalid, 2 could not check)\n"
                                               "  apply -f FILE...             create or update apps: validated, dry-run first,\n"
                                               "                               conflicts reported, never forced\n"
                                               "  diagnose [NS/]NAME | -A       why a cluster is not Ready: its object tree and the\n"
                                               "                               cause (exit 0 Ready, 1 not, 2 could not check);\n"
                                               "                               --bundle FILE writes a support bundle (.tar.gz)"));
    p.addHelpOption();
    p.addVersionOption();
    QCommandLineOption kubeconfig(QStringLiteral("kubeconfig"), QStringLiteral("Kubeconfig file."), QStringLiteral("file"));
    QCommandLineOption context(QStringLiteral("context"), QStringLiteral("Context to use."), QStringLiteral("name"));
    QCommandLineOption nsOpt({QStringLiteral("n"), QStringLiteral("namespace")}, QStringLiteral("Namespace."), QStringLiteral("ns"));
    QCommandLineOption all({QStringLiteral("A"), QStringLiteral("all-namespaces")}, QStringLiteral("All namespaces."));
    QCommandLineOption selector({QStringLiteral("l"), QStringLiteral("selector")}, QStringLiteral("Label selector."), QStringLiteral("sel"));
    QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                              QStringLiteral("get: table (the server's columns; clusters with their health), wide, name, json or yaml."),
                              QStringLiteral("fmt"), QStringLiteral("table"));
    QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("sync: keep watching this long after sync."), QStringLiteral("n"), QStringLiteral("0"));
    QCommandLineOption dump(QStringLiteral("dump"), QStringLiteral("sync: write 'namespace/name resourceVersion' lines here."), QStringLiteral("file"));
    QCommandLineOption watchListOpt(QStringLiteral("watch-list"), QStringLiteral("sync/watch: the streaming initial list instead of paged LIST."));
    QCommandLineOption fileOpt({QStringLiteral("f"), QStringLiteral("filename")},
                               QStringLiteral("validate/apply: a manifest file (YAML or JSON, several documents; - for stdin). Repeatable."),
                               QStringLiteral("file"));
    QCommandLineOption serverDryRun(QStringLiteral("server-dry-run"), QStringLiteral("validate: also ask the server (dryRun=All)."));
    QCommandLineOption schemaFile(QStringLiteral("schema-file"),
                                  QStringLiteral("explain/validate: use a saved ApplicationDefinition instead of the server's (offline)."),
                                  QStringLiteral("file"));
    QCommandLineOption bundle(QStringLiteral("bundle"), QStringLiteral("diagnose: write the support bundle (.tar.gz) here."), QStringLiteral("file"));
    QCommandLineOption slowAfter(QStringLiteral("slow-after"),
                                 QStringLiteral("diagnose: provisioning longer than this many minutes is slow."), QStringLiteral("min"), QStringLiteral("20"));
    QCommandLineOption stuckAfter(QStringLiteral("stuck-after"),
                                  QStringLiteral("diagnose: a deletion waiting on finalizers longer than this many minutes is stuck."),
                                  QStringLiteral("min"), QStringLiteral("10"));
    p.addOptions({kubeconfig, context, nsOpt, all, selector, output, seconds, dump, watchListOpt, fileOpt, serverDryRun, schemaFile,
                  bundle, slowAfter, stuckAfter});
    p.addPositionalArgument(QStringLiteral("command"), QStringLiteral("version, get, watch, sync, explain, validate, apply or diagnose"));
    // Not process(): a bad option must exit 2 ("could not check"), not 1 ("invalid").
    if (!p.parse(QCoreApplication::arguments())) {
        err() << "error: " << p.errorText() << '\n';
        return 2;
    }
    if (p.isSet(QStringLiteral("help"))) {
        out() << p.helpText();
        return 0;
    }
    if (p.isSet(QStringLiteral("version"))) {
        out() << QCoreApplication::applicationName() << ' ' << QCoreApplication::applicationVersion() << '\n';
        return 0;
    }

    const QStringList args = p.positionalArguments();
    if (args.isEmpty()) {
        err() << p.helpText();
        return 2;
    }
    const QString cmd = args.first();
    Options o;
    o.ns = p.value(nsOpt);
    o.allNamespaces = p.isSet(all);
    o.selector = p.value(selector);
    o.output = p.value(output);
    if (!QStringList{QStringLiteral("table"), QStringLiteral("wide"), QStringLiteral("name"), QStringLiteral("json"), QStringLiteral("yaml")}
             .contains(o.output)) {
        err() << "error: -o takes table, wide, name, json or yaml\n";
        return 2;
    }
    o.seconds = p.value(seconds).toInt();
    o.dump = p.value(dump);
    o.watchList = p.isSet(watchListOpt);
    o.resources = args.mid(1);
    if ((cmd == QLatin1String("get") || cmd == QLatin1String("watch")) && o.resources.size() != 1) {
        err() << "error: " << cmd << " takes exactly one RESOURCE\n";
        return 2;
    }
    if (cmd == QLatin1String("sync") && o.resources.isEmpty()) {
        err() << "error: sync takes one or more RESOURCEs\n";
        return 2;
    }
    if (!QStringList{QStringLiteral("version"), QStringLiteral("get"), QStringLiteral("watch"), QStringLiteral("sync"),
                     QStringLiteral("explain"), QStringLiteral("validate"), QStringLiteral("apply"), QStringLiteral("diagnose")}
             .contains(cmd)) {
        err() << "error: unknown command \"" << cmd << "\"\n";
        return 2;
    }
    if (cmd == QLatin1String("explain") && o.resources.size() != 1) {
        err() << "error: explain takes exactly one KIND[.field.path]\n";
        return 2;
    }
    DiagnoseOptions diag;
    if (cmd == QLatin1String("diagnose")) {
        diag.all = o.allNamespaces;
        if (o.resources.size() > 1 || (o.resources.isEmpty() != diag.all)) {
            err() << "error: diagnose takes one cluster, NAME or NAMESPACE/NAME, or -A for every cluster that is not Ready\n";
            return 2;
        }
        bool okSlow = false, okStuck = false;
        const double slow = p.value(slowAfter).toDouble(&okSlow), stuck = p.value(stuckAfter).toDouble(&okStuck);
        if (!okSlow || !okStuck || slow < 0 || stuck < 0) {
            err() << "error: --slow-after and --stuck-after take minutes (a number >= 0)\n";
            return 2;
        }
        diag.tree.slowProvisioningSecs = qint64(slow * 60);
        diag.tree.stuckDeletionSecs = qint64(stuck * 60);
        diag.bundle = p.value(bundle);
        if (diag.all && !diag.bundle.isEmpty()) {
            err() << "error: --bundle is for one cluster\n";
            return 2;
        }
        if (!o.resources.isEmpty()) {
            const QString arg = o.resources.first();
            diag.name = arg.section(QLatin1Char('/'), -1);
            if (arg.contains(QLatin1Char('/')))
                diag.ns = arg.section(QLatin1Char('/'), 0, 0);
        }
    }
    AppCommandOptions appOptions;
    appOptions.files = p.values(fileOpt);
    appOptions.schemaFile = p.value(schemaFile);
    appOptions.serverDryRun = p.isSet(serverDryRun);
    if (cmd == QLatin1String("apply") && !appOptions.schemaFile.isEmpty()) {
        err() << "error: apply writes to the server: --schema-file is for explain and validate\n";
        return 2;
    }
    // explain and validate against a saved schema need no server at all.
    if (!appOptions.schemaFile.isEmpty() && !appOptions.serverDryRun) {
        if (cmd == QLatin1String("explain"))
            explain(nullptr, o.resources.first(), appOptions);
        else
            validate(nullptr, appOptions);
        return QCoreApplication::exec();
    }

    // Without a usable kubeconfig explain/validate/apply "could not check" (2).
    const int noConfig =
        QStringList{QStringLiteral("explain"), QStringLiteral("validate"), QStringLiteral("apply"), QStringLiteral("diagnose")}.contains(cmd) ? 2 : 1;
    const auto cfg = Kubeconfig::load(LoadingRules::fromEnvironment(p.value(kubeconfig)));
    if (!cfg) {
        err() << "error: " << cfg.error().message << '\n';
        return noConfig;
    }
    const auto rc = cfg->restConfig(p.value(context));
    if (!rc) {
        err() << "error: " << rc.error().message << '\n';
        return noConfig;
    }
    if (rc->insecureSkipTlsVerify)
        err() << "warning: TLS verification is OFF for cluster \"" << rc->clusterName
              << "\" (insecure-skip-tls-verify): anyone on the network path can read and change this traffic\n";
    auto *client = new RestClient(*rc, Transport::shared(), &scope);
    QObject ctx;
    if (o.ns.isEmpty() && !o.allNamespaces)
        o.ns = rc->ns;

    if (cmd == QLatin1String("version")) {
        client->get(QStringLiteral("/version"), &ctx, [](const ApiResponse &r) {
            if (!r.ok()) {
                fail(r.error.text());
                return;
            }
            const QJsonObject v = QJsonDocument::fromJson(r.body).object();
            out() << "Client Version: " << AppInfo::version() << " (" << AppInfo::libraryVersions() << ")\n"
                  << "Server Version: " << v.value(QLatin1String("gitVersion")).toString() << '\n';
            out().flush();
            QCoreApplication::exit(0);
        });
    } else if (cmd == QLatin1String("explain")) {
        explain(client, o.resources.first(), appOptions);
    } else if (cmd == QLatin1String("validate") || cmd == QLatin1String("apply")) {
        appOptions.ns = o.ns;
        if (cmd == QLatin1String("validate"))
            validate(client, appOptions);
        else
            apply(client, appOptions);
    } else if (cmd == QLatin1String("diagnose")) {
        if (diag.ns.isEmpty())
            diag.ns = p.isSet(nsOpt) ? o.ns : (diag.all ? QString() : rc->ns);
        diagnose(client, diag);
    } else if (cmd == QLatin1String("get")) {
        cmdGet(client, &ctx, o);
    } else if (cmd == QLatin1String("watch")) {
        cmdWatch(client, &ctx, o);
    } else {
        cmdSync(client, &ctx, o);
    }
    return QCoreApplication::exec();
}

} // namespace nestdeck::cli
