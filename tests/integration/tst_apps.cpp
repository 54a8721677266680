// The schema engine against the sandbox's real API server: every served kind
// explained and validated (engine and CLI), a create and an edit through the
// engine, a server-side rejection the client did not predict mapped to its
// field, an edit racing kubectl (409, the user's values kept), live changes
// of ApplicationDefinitions.
#include "core/kube/Kubeconfig.h"
#include "core/kube/RestClient.h"
#include "core/platform/AppDefinition.h"
#include "core/platform/AppWriter.h"
#include "core/platform/ClusterActions.h"
#include "core/platform/PlatformSession.h"
#include "core/platform/ResourceCache.h"
#include "core/platform/SchemaValidator.h"
#include "tests/common/SandboxClient.h"

#include <QEventLoop>

#include <optional>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace nestdeck;
using namespace nestdeck::kube;
using namespace nestdeck::platform;

namespace {

using namespace nestdeck::testing;
const QString Ns = QStringLiteral("tenant-root");

struct CliResult {
    int code = -1;
    QString out, err;
};

CliResult cli(const QStringList &args, const QByteArray &stdinData = {}, const QString &kubeconfig = adminConfig())
{
    QProcess p;
    p.start(qEnvironmentVariable("NESTDECK_CLI"), QStringList{QStringLiteral("--kubeconfig"), kubeconfig} + args);
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(120000))
        qFatal("nestdeck-cli did not finish");
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

int kubectl(const QStringList &args)
{
    QProcess p;
    p.start(sandboxBin() + QStringLiteral("/kubectl"),
            QStringList{QStringLiteral("--kubeconfig"), adminConfig()} + args);
    if (!p.waitForFinished(60000))
        return -1;
    if (p.exitCode() != 0)
        qWarning("kubectl: %s", p.readAllStandardError().constData());
    return p.exitCode();
}

QJsonObject json(const char *text) { return QJsonDocument::fromJson(text).object(); }

QStringList texts(const QList<FieldError> &errors)
{
    QStringList out;
    for (const auto &e : errors)
        out << e.text();
    return out;
}

} // namespace

class TestApps : public QObject {
    Q_OBJECT
public:
    // The informer cancels its watch through the client: it goes before the
    // client does (found by ASan).
    ~TestApps() override
    {
        delete m_catalog;
        delete m_defs;
    }

private slots:
    void initTestCase()
    {
        m_client = std::make_unique<RestClient>(configFor(adminConfig()));
        m_defs = new ResourceCache(m_client.get(), PlatformSession::AppDefinitionRef, this);
        m_catalog = new AppCatalog(m_defs, this);
        m_defs->watchAllNamespaces();
        QTRY_VERIFY_WITH_TIMEOUT(m_defs->hasSynced(), 30000);
        QVERIFY(m_catalog->find(QStringLiteral("Kubernetes")));
        for (const char *name : {"apps-it-1", "apps-it-race", "apps-it-ingress", "apps-it-actions", "apps-it-delete"})
            call(*m_client, "DELETE", m_catalog->find(QStringLiteral("Kubernetes"))->resource().objectPath(Ns, QLatin1String(name)));
    }

    // Every kind the sandbox serves: a field tree, defaults that validate,
    // and `explain` / `validate` through the CLI.
    void everyServedKind()
    {
        QVERIFY(m_catalog->all().size() >= 2);
        for (const AppDefinitionPtr &d : m_catalog->all()) {
            auto v = SchemaValidator::create(*d);
            QVERIFY2(v, qPrintable(d->kind + QStringLiteral(": ") + (v ? QString() : v.error().message)));
            QVERIFY2((*v)->schema().fieldCount() > 3, qPrintable(d->kind));
            const ValidationResult r = (*v)->validate({});
            QVERIFY2(r.ok(), qPrintable(d->kind + QStringLiteral(": ") + texts(r.errors).join(QStringLiteral("; "))));

            const CliResult ex = cli({QStringLiteral("explain"), d->plural});
            QVERIFY2(ex.code == 0, qPrintable(ex.err));
            QVERIFY(ex.out.contains(QStringLiteral("KIND:       ") + d->kind));
            QVERIFY(ex.out.contains(QLatin1String("FIELDS:")));

            // A minimal manifest (name only) is valid: every default satisfies the schema.
            const QByteArray manifest = QStringLiteral("apiVersion: apps.cozystack.io/v1alpha1\nkind: %1\nmetadata:\n  name: check\n  namespace: tenant-root\n")
                                            .arg(d->kind).toUtf8();
            const CliResult val = cli({QStringLiteral("validate"), QStringLiteral("-f"), QStringLiteral("-"), QStringLiteral("--server-dry-run")}, manifest);
            QVERIFY2(val.code == 0, qPrintable(d->kind + QStringLiteral(": ") + val.out + val.err));
            QVERIFY2(val.out.contains(QLatin1String("valid (server dry-run)")), qPrintable(val.out));
        }
        // The engine knows no kind by name: explain works on any case and form.
        const CliResult ex = cli({QStringLiteral("explain"), QStringLiteral("KUBERNETES.nodeGroups.md0.maxReplicas")});
        QVERIFY2(ex.code == 0, qPrintable(ex.err));
        QVERIFY(ex.out.contains(QLatin1String("FIELD:      nodeGroups.md0.maxReplicas <integer> -required-")));
        QVERIFY(ex.out.contains(QLatin1String("default: 10")));
        const CliResult sc = cli({QStringLiteral("explain"), QStringLiteral("kubernetes.storageClass")});
        QVERIFY(sc.out.contains(QLatin1String("immutable")));
        QVERIFY(sc.out.contains(QLatin1String("options: from the cluster (storageclass)")));
        QCOMPARE(cli({QStringLiteral("explain"), QStringLiteral("nosuchkind")}).code, 2);
        QCOMPARE(cli({QStringLiteral("explain"), QStringLiteral("kubernetes.nosuchfield")}).code, 2);
    }

    void cliValidateReportsEachError()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("apps.yaml"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("apiVersion: apps.cozystack.io/v1alpha1\nkind: Kubernetes\nmetadata: {name: good, namespace: tenant-root}\n"
                "spec: {nodeGroups: {md0: {minReplicas: 1, maxReplicas: 3}}}\n"
                "---\n"
                "apiVersion: apps.cozystack.io/v1alpha1\nkind: Kubernetes\nmetadata: {name: bad, namespace: tenant-root}\n"
                "spec:\n  version: v1.99\n  nodeGroups: {md0: {minReplicas: 3, maxReplicas: 2, ephemeralStorage: 20GB}}\n"
                "---\n"
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n");
        f.close();
        const CliResult r = cli({QStringLiteral("validate"), QStringLiteral("-f"), file});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(file + QStringLiteral(":doc 1: Kubernetes/good: valid")), qPrintable(r.out));
        QVERIFY2(r.out.contains(file + QStringLiteral(":doc 2: Kubernetes/bad: nodeGroups.md0.maxReplicas: must be at least minReplicas (3)")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(file + QStringLiteral(":doc 2: Kubernetes/bad: version: must be one of")));
        QVERIFY(r.out.contains(file + QStringLiteral(":doc 2: Kubernetes/bad: nodeGroups.md0.ephemeralStorage: \"20GB\" is not a quantity")));
        QVERIFY(r.err.contains(QLatin1String("skipped: ")));
        // A value the schema allows but the cluster does not offer: a warning, not an error.
        const CliResult opt = cli({QStringLiteral("validate"), QStringLiteral("-f"), QStringLiteral("-")},
                                  "apiVersion: apps.cozystack.io/v1alpha1\nkind: Kubernetes\nmetadata: {name: opt, namespace: tenant-root}\n"
                                  "spec: {nodeGroups: {md0: {minReplicas: 1, maxReplicas: 2, instanceType: u9.huge}}}\n");
        QCOMPARE(opt.code, 0);
        QVERIFY2(opt.err.contains(QLatin1String("nodeGroups.md0.instanceType: \"u9.huge\" is not among this cluster's instancetype options")), qPrintable(opt.err));
        QVERIFY(!opt.err.contains(QLatin1String("storageClass")));

        // Offline, against a saved ApplicationDefinition: no server needed.
        const ApiResponse ad = call(*m_client, "GET", PlatformSession::AppDefinitionRef.objectPath({}, QStringLiteral("kubernetes")));
        QVERIFY(ad.ok());
        const QString saved = dir.filePath(QStringLiteral("kubernetes-ad.json"));
        QFile s(saved);
        QVERIFY(s.open(QIODevice::WriteOnly));
        s.write(ad.body);
        s.close();
        const CliResult off = cli({QStringLiteral("validate"), QStringLiteral("--schema-file"), saved, QStringLiteral("-f"), file},
                                  {}, QStringLiteral("/nonexistent/kubeconfig"));
        QCOMPARE(off.code, 1);
        QCOMPARE(off.out, r.out);

        // Could not check: an unknown app kind, an unreadable file, no server.
        const CliResult unknown = cli({QStringLiteral("validate"), QStringLiteral("-f"), QStringLiteral("-")},
                                      "apiVersion: apps.cozystack.io/v1alpha1\nkind: Nonexistent\nmetadata: {name: x}\n");
        QCOMPARE(unknown.code, 2);
        QVERIFY(unknown.err.contains(QLatin1String("no such application kind")));
        QCOMPARE(cli({QStringLiteral("validate"), QStringLiteral("-f"), dir.filePath(QStringLiteral("missing.yaml"))}).code, 2);
        QCOMPARE(cli({QStringLiteral("validate"), QStringLiteral("-f"), QStringLiteral("-")}, "a: [broken\n").code, 2);
        QCOMPARE(cli({QStringLiteral("validate"), QStringLiteral("-f"), file}, {}, sandboxDir() + QStringLiteral("/users/expired.kubeconfig")).code, 2);
    }

    void createAndEditThroughTheEngine()
    {
        const AppDefinitionPtr def = m_catalog->find(QStringLiteral("kuberneteses"));
        auto v = SchemaValidator::create(*def);
        QVERIFY(v);
        AppWriter writer(m_client.get(), def, *v);
        const QJsonObject spec = json(R"({"nodeGroups": {"md0": {"minReplicas": 1, "maxReplicas": 2, "instanceType": "u1.small"}}})");

        // Locally invalid: nothing is sent.
        WriteResult bad = run([&](auto done) { writer.create(Ns, QStringLiteral("Bad_Name"), spec, AppWriter::Mode::DryRunThenWrite, this, done); });
        QVERIFY(!bad.ok);
        QVERIFY(!bad.sent);
        QVERIFY(!bad.nameError.isEmpty());

        WriteResult dry = run([&](auto done) { writer.create(Ns, QStringLiteral("apps-it-1"), spec, AppWriter::Mode::DryRunOnly, this, done); });
        QVERIFY2(dry.ok, qPrintable(dry.lines().join('\n')));
        QVERIFY(dry.dryRun);
        QCOMPARE(call(*m_client, "GET", def->resource().objectPath(Ns, QStringLiteral("apps-it-1"))).status, 404);
        // The dry-run answer carries the server's defaults; what was sent does not.
        QCOMPARE(valueAt(dry.object, {"spec", "storageClass"}).toString(), QStringLiteral("replicated"));
        QCOMPARE(dry.body["spec"].toObject(), spec);

        WriteResult created = run([&](auto done) { writer.create(Ns, QStringLiteral("apps-it-1"), spec, AppWriter::Mode::DryRunThenWrite, this, done); });
        QVERIFY2(created.ok, qPrintable(created.lines().join('\n')));
        QVERIFY(!created.dryRun);
        QCOMPARE(valueAt(created.object, {"metadata", "name"}).toString(), QStringLiteral("apps-it-1"));

        // An edit: only the change travels, with the resourceVersion as precondition.
        QJsonObject newSpec = created.object["spec"].toObject();
        QJsonObject groups = newSpec["nodeGroups"].toObject();
        QJsonObject md0 = groups["md0"].toObject();
        md0["maxReplicas"] = 4;
        groups["md0"] = md0;
        newSpec["nodeGroups"] = groups;
        WriteResult edited = run([&](auto done) { writer.update(created.object, newSpec, AppWriter::Mode::DryRunThenWrite, this, done); });
        QVERIFY2(edited.ok, qPrintable(edited.lines().join('\n')));
        QCOMPARE(edited.body["spec"].toObject(), json(R"({"nodeGroups": {"md0": {"maxReplicas": 4}}})"));
        // The precondition: the version the edit started from, or a later one
        // if the platform changed only the status meanwhile (the simulator does).
        QVERIFY(!valueAt(edited.body, {"metadata", "resourceVersion"}).toString().isEmpty());
        QCOMPARE(edited.changes.size(), 1);
        QCOMPARE(edited.changes.first().text(), QStringLiteral("~ nodeGroups.md0.maxReplicas: 2 → 4"));
        QCOMPARE(valueAt(edited.object, {"spec", "nodeGroups", "md0", "maxReplicas"}).toInt(), 4);

        // A field the user clears is really removed on the server (not sent as
        // "", not silently kept): set a CPU override, then clear it.
        QJsonObject withCpu = edited.object["spec"].toObject();
        withCpu = withValueAt(withCpu, {"nodeGroups", "md0", "resources", "cpu"}, QStringLiteral("2")).toObject();
        WriteResult set = run([&](auto done) { writer.update(edited.object, withCpu, AppWriter::Mode::DryRunThenWrite, this, done); });
        QVERIFY2(set.ok, qPrintable(set.lines().join('\n')));
        QCOMPARE(valueAt(set.object, {"spec", "nodeGroups", "md0", "resources", "cpu"}).toString(), QStringLiteral("2"));
        const QJsonObject cleared = withValueAt(set.object["spec"].toObject(), {"nodeGroups", "md0", "resources", "cpu"},
                                                QJsonValue(QJsonValue::Undefined)).toObject();
        WriteResult clear = run([&](auto done) { writer.update(set.object, cleared, AppWriter::Mode::DryRunThenWrite, this, done); });
        QVERIFY2(clear.ok, qPrintable(clear.lines().join('\n')));
        QCOMPARE(valueAt(clear.body, {"spec", "nodeGroups", "md0", "resources", "cpu"}), QJsonValue(QJsonValue::Null));
        const QJsonObject onServer = QJsonDocument::fromJson(
            call(*m_client, "GET", def->resource().objectPath(Ns, QStringLiteral("apps-it-1"))).body).object();
        QVERIFY(valueAt(onServer, {"spec", "nodeGroups", "md0", "resources", "cpu"}).isUndefined());
        edited = clear;

        // Immutable: refused locally, with the reason.
        QJsonObject moved = edited.object["spec"].toObject();
        moved["storageClass"] = QStringLiteral("local");
        WriteResult immutable = run([&](auto done) { writer.update(edited.object, moved, AppWriter::Mode::DryRunThenWrite, this, done); });
        QVERIFY(!immutable.ok);
        QVERIFY(!immutable.sent);
        QVERIFY2(texts(immutable.fieldErrors).join(' ').contains(QLatin1String("storageClass: cannot be changed after creation")),
                 qPrintable(texts(immutable.fieldErrors).join(' ')));
        // ... and the server agrees when asked directly (the CRD enforces it too).
        const ApiResponse direct = call(*m_client, "PATCH", def->resource().objectPath(Ns, QStringLiteral("apps-it-1")),
                                        R"({"spec":{"storageClass":"local"}})", "application/merge-patch+json");
        QCOMPARE(direct.status, 422);
        const WriteResult mapped = AppWriter::fromApiError(direct.error);
        QCOMPARE(mapped.fieldErrors.size(), 1);
        QCOMPARE(mapped.fieldErrors.first().path, QStringList{QStringLiteral("storageClass")});

        // Unchanged: no request at all.
        WriteResult same = run([&](auto done) { writer.update(edited.object, edited.object["spec"].toObject(), AppWriter::Mode::DryRunThenWrite, this, done); });
        QVERIFY(same.ok);
        QVERIFY(same.unchanged);
        QVERIFY(!same.sent);
    }

    // A rule the client cannot evaluate (a CEL expression over the whole spec)
    // is left to the server; its 422 comes back on the field the rule names.
    void serverRejectionMapsToField()
    {
        const AppDefinitionPtr def = m_catalog->find(QStringLiteral("Kubernetes"));
        auto v = SchemaValidator::create(*def);
        QVERIFY(v);
        const QJsonObject spec = json(R"({"addons": {"ingressNginx": {"enabled": true}},
                                          "nodeGroups": {"md0": {"minReplicas": 1, "maxReplicas": 2, "roles": []}}})");
        const ValidationResult local = (*v)->validate(spec);
        QVERIFY2(local.ok(), qPrintable(texts(local.errors).join('\n')));
        QVERIFY(!local.serverChecked.isEmpty()); // the client says it cannot judge this rule
        AppWriter writer(m_client.get(), def, *v);
        WriteResult r = run([&](auto done) { writer.create(Ns, QStringLiteral("apps-it-ingress"), spec, AppWriter::Mode::DryRunThenWrite, this, done); });
        QVERIFY(!r.ok);
        QVERIFY(r.sent);
        QVERIFY(r.dryRun); // stopped at the dry-run: nothing stored
        QCOMPARE(r.apiError.code, 422);
        QCOMPARE(r.fieldErrors.size(), 1);
        QCOMPARE(r.fieldErrors.first().path, (QStringList{"addons", "ingressNginx", "enabled"}));
        QVERIFY2(r.fieldErrors.first().message.contains(QLatin1String("ingress-nginx")), qPrintable(r.fieldErrors.first().message));
        QCOMPARE(call(*m_client, "GET", def->resource().objectPath(Ns, QStringLiteral("apps-it-ingress"))).status, 404);
    }

    // The user edits while someone else changes the object with kubectl: the
    // write gets a 409, nothing is overwritten, the user's values are intact
    // and can be applied on top of the new version.
    void editRacingKubectl()
    {
        const AppDefinitionPtr def = m_catalog->find(QStringLiteral("Kubernetes"));
        auto v = SchemaValidator::create(*def);
        AppWriter writer(m_client.get(), def, *v);
        WriteResult created = run([&](auto done) {
            writer.create(Ns, QStringLiteral("apps-it-race"), json(R"({"nodeGroups": {"md0": {"minReplicas": 1, "maxReplicas": 2}}})"),
                          AppWriter::Mode::DryRunThenWrite, this, done);
        });
        QVERIFY2(created.ok, qPrintable(created.lines().join('\n')));
        const QJsonObject startedFrom = created.object;
        QJsonObject mine = startedFrom["spec"].toObject();
        mine["host"] = QStringLiteral("race.example.org");
        const QJsonObject mineCopy = mine;

        QCOMPARE(kubectl({QStringLiteral("-n"), Ns, QStringLiteral("patch"), QStringLiteral("kuberneteses"), QStringLiteral("apps-it-race"),
                          QStringLiteral("--type=merge"), QStringLiteral("-p"), QStringLiteral(R"({"spec":{"version":"v1.32"}})")}),
                 0);

        WriteResult r = run([&](auto done) { writer.update(startedFrom, mine, AppWriter::Mode::DryRunThenWrite, this, done); });
        QVERIFY(!r.ok);
        QVERIFY(r.conflict);
        QCOMPARE(r.apiError.code, 409);
        QVERIFY(!r.message.isEmpty());
        QCOMPARE(mine, mineCopy); // the user's values are untouched
        // The user sees what changed on the server, and has its version to rebase on.
        QCOMPARE(r.theirChanges.size(), 1);
        QCOMPARE(r.theirChanges.first().text(), QStringLiteral("~ version: \"v1.33\" → \"v1.32\""));
        QCOMPARE(valueAt(r.latest, {"spec", "version"}).toString(), QStringLiteral("v1.32"));
        const QJsonObject server = QJsonDocument::fromJson(
            call(*m_client, "GET", def->resource().objectPath(Ns, QStringLiteral("apps-it-race"))).body).object();
        QCOMPARE(valueAt(server, {"spec", "version"}).toString(), QStringLiteral("v1.32")); // kubectl's change stands
        QCOMPARE(valueAt(server, {"spec", "host"}).toString(), QString());                  // ours was not written

        // Re-apply on top: the user's own changes onto the server's version.
        const QJsonValue myChanges = mergePatch(startedFrom["spec"], mine);
        const QJsonObject rebased = applyMergePatch(server["spec"], myChanges).toObject();
        WriteResult again = run([&](auto done) { writer.update(server, rebased, AppWriter::Mode::DryRunThenWrite, this, done); });
        QVERIFY2(again.ok, qPrintable(again.lines().join('\n')));
        QCOMPARE(valueAt(again.object, {"spec", "version"}).toString(), QStringLiteral("v1.32"));
        QCOMPARE(valueAt(again.object, {"spec", "host"}).toString(), QStringLiteral("race.example.org"));
    }

    void cliApply()
    {
        const QByteArray manifest = "apiVersion: apps.cozystack.io/v1alpha1\nkind: Kubernetes\nmetadata: {name: apps-it-1, namespace: tenant-root}\n"
                                    "spec: {nodeGroups: {md0: {minReplicas: 1, maxReplicas: 5, instanceType: u1.small}}}\n";
        const CliResult r = cli({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, manifest);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QLatin1String("Kubernetes/apps-it-1: configured")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("~ nodeGroups.md0.maxReplicas: 4 → 5")), qPrintable(r.out));
        const CliResult again = cli({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, manifest);
        QVERIFY2(again.out.contains(QLatin1String("Kubernetes/apps-it-1: unchanged")), qPrintable(again.out));
        const CliResult invalid = cli({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")},
                                      QByteArray(manifest).replace("maxReplicas: 5", "maxReplicas: 0"));
        QCOMPARE(invalid.code, 1);
        QVERIFY(invalid.out.contains(QLatin1String("nodeGroups.md0.maxReplicas: must be at least minReplicas (1)")));
    }

    // A changed definition changes the fields without a restart; a broken one
    // is an error for its kind only.
    void definitionsFollowedLive()
    {
        QSignalSpy changed(m_catalog, &AppCatalog::changed);
        const QString path = PlatformSession::AppDefinitionRef.objectPath({}, QStringLiteral("tenant"));
        const QJsonObject before = QJsonDocument::fromJson(call(*m_client, "GET", path).body).object();
        QJsonObject schema = QJsonDocument::fromJson(valueAt(before, {"spec", "application", "openAPISchema"}).toString().toUtf8()).object();
        QJsonObject props = schema["properties"].toObject();
        props["newParameter"] = QJsonObject{{"type", "integer"}, {"default", 7}, {"description", "added by a newer platform"}};
        schema["properties"] = props;
        const QByteArray patch = QJsonDocument(QJsonObject{{"spec", QJsonObject{{"application", QJsonObject{
            {"openAPISchema", QString::fromUtf8(QJsonDocument(schema).toJson(QJsonDocument::Compact))}}}}}}).toJson();
        QVERIFY(call(*m_client, "PATCH", path, patch, "application/merge-patch+json").ok());
        QTRY_VERIFY_WITH_TIMEOUT(m_catalog->find(QStringLiteral("Tenant"))->schema["properties"].toObject().contains("newParameter"), 20000);
        auto v = SchemaValidator::create(*m_catalog->find(QStringLiteral("Tenant")));
        QVERIFY(v);
        QCOMPARE((*v)->schema().find({QStringLiteral("newParameter")})->defaultValue.toInt(), 7);

        // A definition with a broken schema: its kind reports why, the others work.
        // A plain string: moc loses the rest of the class after a multi-line raw string with quotes.
        const QJsonObject brokenSpec{{QStringLiteral("application"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("Broken")},
                                                                                 {QStringLiteral("plural"), QStringLiteral("brokens")},
                                                                                 {QStringLiteral("singular"), QStringLiteral("broken")},
                                                                                 {QStringLiteral("openAPISchema"), QStringLiteral("{\"type\": \"object\", ")}}},
                                     {QStringLiteral("release"), QJsonObject{{QStringLiteral("prefix"), QStringLiteral("broken-")}}}};
        const QByteArray broken = QJsonDocument(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("cozystack.io/v1alpha1")},
                                                            {QStringLiteral("kind"), QStringLiteral("ApplicationDefinition")},
                                                            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("apps-it-broken")}}},
                                                            {QStringLiteral("spec"), brokenSpec}})
                                      .toJson(QJsonDocument::Compact);
        QVERIFY(call(*m_client, "POST", PlatformSession::AppDefinitionRef.path(), broken).ok());
        QTRY_VERIFY_WITH_TIMEOUT(m_catalog->find(QStringLiteral("Broken")), 20000);
        QVERIFY(!m_catalog->find(QStringLiteral("Broken"))->hasSchema());
        QVERIFY(!SchemaValidator::create(*m_catalog->find(QStringLiteral("Broken"))));
        QVERIFY(SchemaValidator::create(*m_catalog->find(QStringLiteral("Kubernetes"))));
        const CliResult ex = cli({QStringLiteral("explain"), QStringLiteral("broken")});
        QCOMPARE(ex.code, 2);
        QVERIFY2(ex.err.contains(QLatin1String("not valid JSON")), qPrintable(ex.err));
        QCOMPARE(cli({QStringLiteral("explain"), QStringLiteral("tenant.newParameter")}).code, 0);

        // Restore.
        QVERIFY(call(*m_client, "DELETE", PlatformSession::AppDefinitionRef.objectPath({}, QStringLiteral("apps-it-broken"))).ok());
        const QByteArray restore = QJsonDocument(QJsonObject{{"spec", QJsonObject{{"application", QJsonObject{
            {"openAPISchema", valueAt(before, {"spec", "application", "openAPISchema"})}}}}}}).toJson();
        QVERIFY(call(*m_client, "PATCH", path, restore, "application/merge-patch+json").ok());
        QTRY_VERIFY_WITH_TIMEOUT(!m_catalog->find(QStringLiteral("Tenant"))->schema["properties"].toObject().contains("newParameter"), 20000);
        QVERIFY(changed.count() >= 3);
    }

    // Day-two actions through the code the UI uses: scale, stop and start
    // (sizes restored exactly), an allowed and a refused upgrade, and every
    // action refused for a view-only user before anything is written.
    void clusterActions()
    {
        const AppDefinitionPtr def = m_catalog->find(QStringLiteral("Kubernetes"));
        auto v = SchemaValidator::create(*def);
        QVERIFY(v);
        const QString name = QStringLiteral("apps-it-actions");
        const QString path = def->resource().objectPath(Ns, name);
        AppWriter writer(m_client.get(), def, *v);
        // A plain string: moc misreads raw strings with quotes and braces.
        const QJsonObject spec = json("{\"version\": \"v1.32\", \"nodeGroups\": {\"md0\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"instanceType\": \"u1.small\"}, \"md1\": {\"minReplicas\": 2, \"maxReplicas\": 4, \"instanceType\": \"u1.small\"}}}");
        WriteResult created = run([&](auto done) { writer.create(Ns, name, spec, AppWriter::Mode::DryRunThenWrite, this, done); });
        QVERIFY2(created.ok, qPrintable(created.lines().join('\n')));
        const QString mdPath = QStringLiteral("/apis/cluster.x-k8s.io/v1beta1/namespaces/%1/machinedeployments/kubernetes-%2-").arg(Ns, name);
        auto md = [&](const QString &group) { return QJsonDocument::fromJson(call(*m_client, "GET", mdPath + group).body).object(); };
        auto live = [&] { return QJsonDocument::fromJson(call(*m_client, "GET", path).body).object(); };
        QTRY_COMPARE_WITH_TIMEOUT(valueAt(md(QStringLiteral("md1")), {"spec", "replicas"}).toInt(), 2, 60000);

        ClusterActions actions(m_client.get(), def, *v);
        // Scale: in place, validated, with the conflict check of every write.
        WriteResult r = run([&](auto done) { actions.scale(Ns, name, QStringLiteral("md0"), 2, 5, {}, this, done); });
        QVERIFY2(r.ok, qPrintable(r.lines().join('\n')));
        QTRY_COMPARE_WITH_TIMEOUT(valueAt(md(QStringLiteral("md0")), {"spec", "replicas"}).toInt(), 2, 60000);
        // An invalid size is refused by the schema before sending.
        r = run([&](auto done) { actions.scale(Ns, name, QStringLiteral("md0"), 4, 1, {}, this, done); });
        QVERIFY(!r.ok && !r.sent);
        r = run([&](auto done) { actions.scale(Ns, name, QStringLiteral("nope"), 1, 1, {}, this, done); });
        QVERIFY(!r.ok && !r.sent && r.message.contains(QLatin1String("nope")));

        // Stop: every group to zero, the sizes recorded on the app.
        r = run([&](auto done) { actions.stop(Ns, name, this, done); });
        QVERIFY2(r.ok, qPrintable(r.lines().join('\n')));
        QVERIFY(isStopped(live()));
        QCOMPARE(valueAt(live(), {"spec", "nodeGroups", "md1", "maxReplicas"}).toInt(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(valueAt(md(QStringLiteral("md0")), {"spec", "replicas"}).toInt(), 0, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(valueAt(md(QStringLiteral("md1")), {"spec", "replicas"}).toInt(), 0, 60000);
        r = run([&](auto done) { actions.stop(Ns, name, this, done); });
        QVERIFY(!r.ok && !r.sent); // stopped already
        r = run([&](auto done) { actions.scale(Ns, name, QStringLiteral("md0"), 1, 1, {}, this, done); });
        QVERIFY(!r.ok && !r.sent); // scaling a stopped cluster would be undone by start

        // Start: exactly the sizes before; the record goes.
        r = run([&](auto done) { actions.start(Ns, name, this, done); });
        QVERIFY2(r.ok, qPrintable(r.lines().join('\n')));
        const QJsonObject started = live();
        QVERIFY(!isStopped(started));
        QCOMPARE(valueAt(started, {"spec", "nodeGroups", "md0", "minReplicas"}).toInt(), 2);
        QCOMPARE(valueAt(started, {"spec", "nodeGroups", "md0", "maxReplicas"}).toInt(), 5);
        QCOMPARE(valueAt(started, {"spec", "nodeGroups", "md1", "minReplicas"}).toInt(), 2);
        QCOMPARE(valueAt(started, {"spec", "nodeGroups", "md1", "maxReplicas"}).toInt(), 4);
        QTRY_COMPARE_WITH_TIMEOUT(valueAt(md(QStringLiteral("md1")), {"spec", "replicas"}).toInt(), 2, 60000);

        // Upgrade: two minors at once is refused before sending; one is allowed.
        // (First the started group's machines are up, on the old version.)
        const QString machinesPath = QStringLiteral("/apis/cluster.x-k8s.io/v1beta1/namespaces/%1/machines?labelSelector=cluster.x-k8s.io/deployment-name%3Dkubernetes-%2-md1")
                                         .arg(Ns, name);
        auto machines = [&] {
            QJsonArray out;
            for (const QJsonValue &m : QJsonDocument::fromJson(call(*m_client, "GET", machinesPath).body).object()[QStringLiteral("items")].toArray())
                if (!valueAt(m, {"metadata", "deletionTimestamp"}).isString())
                    out << m;
            return out;
        };
        QTRY_VERIFY_WITH_TIMEOUT([&] {
            const QJsonArray ms = machines();
            return ms.size() == 2 && std::all_of(ms.begin(), ms.end(), [](const QJsonValue &m) {
                       return valueAt(m, {"status", "phase"}).toString() == QLatin1String("Running");
                   });
        }(), 120000);
        r = run([&](auto done) { actions.upgrade(Ns, name, QStringLiteral("v1.30"), this, done); });
        QVERIFY(!r.ok && !r.sent && r.message.contains(QLatin1String("downgrade")));
        r = run([&](auto done) { actions.upgrade(Ns, name, QStringLiteral("v1.33"), this, done); });
        QVERIFY2(r.ok, qPrintable(r.lines().join('\n') + r.message));
        QCOMPARE(valueAt(live(), {"spec", "version"}).toString(), QStringLiteral("v1.33"));
        // The machines roll to the new version one at a time (never more than one extra, never fewer than wanted).
        int most = 0, fewest = 99;
        auto rolled = [&] {
            const QJsonArray ms = machines();
            int current = 0;
            for (const QJsonValue &m : ms)
                current += valueAt(m, {"spec", "version"}).toString().startsWith(QLatin1String("v1.33")) ? 1 : 0;
            most = std::max(most, int(ms.size()));
            fewest = std::min(fewest, int(ms.size()));
            return ms.size() == 2 && current == 2;
        };
        QTRY_VERIFY_WITH_TIMEOUT(rolled(), 120000);
        // 3 at most: one surge machine at a time; it was seen, so the old ones were replaced, not kept.
        QVERIFY2(most == 3 && fewest >= 2, qPrintable(QStringLiteral("machines ranged %1..%2").arg(fewest).arg(most)));

        // A view-only user: every action refused with the reason, nothing written.
        RestClient viewer(configFor(userConfig(QStringLiteral("victor"))));
        ClusterActions refused(&viewer, def, *v);
        const QString brokenPath = def->resource().objectPath(QStringLiteral("tenant-beta"), QStringLiteral("broken"));
        const QString rvBefore = valueAt(QJsonDocument::fromJson(call(*m_client, "GET", brokenPath).body).object(), {"metadata", "resourceVersion"}).toString();
        for (int i = 0; i < 4; ++i) {
            r = run([&](auto done) {
                if (i == 0)
                    refused.scale(QStringLiteral("tenant-beta"), QStringLiteral("broken"), QStringLiteral("md0"), 1, 2, {}, this, done);
                else if (i == 1)
                    refused.stop(QStringLiteral("tenant-beta"), QStringLiteral("broken"), this, done);
                else if (i == 2)
                    refused.start(QStringLiteral("tenant-beta"), QStringLiteral("broken"), this, done);
                else
                    refused.upgrade(QStringLiteral("tenant-beta"), QStringLiteral("broken"), QStringLiteral("v1.32"), this, done);
            });
            QVERIFY2(!r.ok && !r.sent && r.message.contains(QLatin1String("may not")), qPrintable(r.message));
        }
        QCOMPARE(valueAt(QJsonDocument::fromJson(call(*m_client, "GET", brokenPath).body).object(), {"metadata", "resourceVersion"}).toString(), rvBefore);
        call(*m_client, "DELETE", path);
    }

    // Delete only with the name typed; then the volumes the platform's cleanup
    // left behind (the linger-datavolumes injection) found and removed.
    void deleteFindsLeftovers()
    {
        const AppDefinitionPtr def = m_catalog->find(QStringLiteral("Kubernetes"));
        auto v = SchemaValidator::create(*def);
        QVERIFY(v);
        const QString name = QStringLiteral("apps-it-delete");
        const QString path = def->resource().objectPath(Ns, name);
        AppWriter writer(m_client.get(), def, *v);
        const QJsonObject spec = json("{\"nodeGroups\": {\"md0\": {\"minReplicas\": 1, \"maxReplicas\": 1, \"instanceType\": \"u1.small\"}}}");
        const QJsonObject meta = json("{\"annotations\": {\"sandbox.nestdeck.io/linger-datavolumes\": \"true\"}}");
        WriteResult created = run([&](auto done) { writer.create(Ns, name, spec, AppWriter::Mode::DryRunThenWrite, this, done, meta); });
        QVERIFY2(created.ok, qPrintable(created.lines().join('\n')));
        ClusterActions actions(m_client.get(), def, *v);
        auto leftovers = [&] {
            QList<Leftover> found;
            QString error = QStringLiteral("no answer");
            QEventLoop loop;
            actions.findLeftovers(Ns, name, this, [&](const QList<Leftover> &f, const QString &e) {
                found = f;
                error = e;
                loop.quit();
            });
            loop.exec();
            return error.isEmpty() ? std::optional<QList<Leftover>>(found) : std::nullopt; // an error is neither "some" nor "none"
        };
        auto some = [&] { const auto l = leftovers(); return l && !l->isEmpty(); };
        auto none = [&] { const auto l = leftovers(); return l && l->isEmpty(); };
        // The machine's volume exists while the cluster does.
        QTRY_VERIFY_WITH_TIMEOUT(some(), 60000);

        WriteResult r = run([&](auto done) { actions.remove(Ns, name, QStringLiteral("apps-it-delet"), {}, this, done); });
        QVERIFY(!r.ok && !r.sent && r.message.contains(name));
        RestClient viewer(configFor(userConfig(QStringLiteral("victor"))));
        ClusterActions refused(&viewer, def, *v);
        r = run([&](auto done) { refused.remove(QStringLiteral("tenant-beta"), QStringLiteral("broken"), QStringLiteral("broken"), {}, this, done); });
        QVERIFY2(!r.ok && !r.sent && r.message.contains(QLatin1String("may not")), qPrintable(r.message));
        QCOMPARE(call(*m_client, "GET", def->resource().objectPath(QStringLiteral("tenant-beta"), QStringLiteral("broken"))).status, 200);

        // The uid is a precondition: another object under this name is not deleted.
        r = run([&](auto done) { actions.remove(Ns, name, name, QStringLiteral("00000000-0000-0000-0000-000000000000"), this, done); });
        QVERIFY(!r.ok);
        QCOMPARE(call(*m_client, "GET", path).status, 200);
        const QString uid = valueAt(created.object, {"metadata", "uid"}).toString();
        QVERIFY(!uid.isEmpty());
        r = run([&](auto done) { actions.remove(Ns, name, name, uid, this, done); });
        QVERIFY2(r.ok && r.sent, qPrintable(r.message + r.lines().join('\n')));
        // While it goes, what it waits for is named.
        const QJsonObject deleting = QJsonDocument::fromJson(call(*m_client, "GET", path).body).object();
        if (valueAt(deleting, {"metadata", "deletionTimestamp"}).isString())
            QVERIFY2(deletionWait(deleting).contains(QLatin1String("finalizer")), qPrintable(deletionWait(deleting)));
        QTRY_COMPARE_WITH_TIMEOUT(call(*m_client, "GET", path).status, 404, 120000);
        // Gone, but its volumes stayed: found, removed, none left.
        QVERIFY(some());
        const QList<Leftover> left = *leftovers();
        QVERIFY(left.first().text().startsWith(QLatin1String("DataVolume ")));
        QList<Leftover> failed{left.first()};
        QString error = QStringLiteral("no answer");
        QEventLoop loop;
        actions.removeLeftovers(left, this, [&](const QList<Leftover> &f, const QString &e) {
            failed = f;
            error = e;
            loop.quit();
        });
        loop.exec();
        QVERIFY2(failed.isEmpty() && error.isEmpty(), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(none(), 30000);
    }

    void cleanupTestCase()
    {
        for (const char *name : {"apps-it-1", "apps-it-race", "apps-it-ingress", "apps-it-actions", "apps-it-delete"})
            call(*m_client, "DELETE", PlatformSession::KubernetesRef.objectPath(Ns, QLatin1String(name)));
    }

private:
    template <typename Fn> WriteResult run(Fn start)
    {
        QEventLoop loop;
        WriteResult out;
        bool finished = false; // a write refused locally answers at once
        start([&](const WriteResult &r) {
            out = r;
            finished = true;
            loop.quit();
        });
        if (!finished)
            loop.exec();
        return out;
    }

    std::unique_ptr<RestClient> m_client;
    ResourceCache *m_defs = nullptr;
    AppCatalog *m_catalog = nullptr;
};

QTEST_GUILESS_MAIN(TestApps)
#include "tst_apps.moc"
