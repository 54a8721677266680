// The schema engine and the write route against the sandbox's application
// API, which treats writes as the platform's does (API doc, section 8): every
// served kind explained and validated (engine and CLI), a create and an edit
// through the engine (nothing stored by a review, a cleared field back to its
// default), a server-side rejection the client did not predict mapped to its
// field, edits racing kubectl (the same field: stopped before writing; another
// field: theirs stands; a write over ours: said after reading back), the
// server's warnings, live changes of ApplicationDefinitions, day-two actions.
#include "core/kube/Decoder.h"
#include "core/kube/Kubeconfig.h"
#include "core/kube/RestClient.h"
#include "core/platform/AppDefinition.h"
#include "core/platform/AppWriter.h"
#include "core/platform/ClusterActions.h"
#include "core/platform/PlatformSession.h"
#include "core/platform/ResourceCache.h"
#include "core/platform/SchemaValidator.h"
#include "core/platform/TreeLoader.h"
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

ObjectPtr objectOf(const QByteArray &json)
{
    auto o = std::make_shared<KubeObject>();
    QString error;
    if (!decodeObject(std::string_view(json.constData(), size_t(json.size())), o.get(), &error))
        qFatal("%s", qPrintable(error));
    return o;
}

// The application's release: what a write really changed (cozystack-api stores
// an application as a HelmRelease; its generation counts the writes of its
// spec, while its resourceVersion also moves with the status Flux writes).
struct Release {
    qint64 generation = 0;
    QJsonValue values;
    bool operator==(const Release &) const = default;
};
Release releaseOf(RestClient &c, const QString &ns, const QString &app)
{
    const QJsonObject hr = QJsonDocument::fromJson(
        call(c, "GET", QStringLiteral("/apis/helm.toolkit.fluxcd.io/v2/namespaces/%1/helmreleases/kubernetes-%2").arg(ns, app)).body).object();
    return {qint64(valueAt(hr, {"metadata", "generation"}).toDouble()), valueAt(hr, {"spec", "values"})};
}

// A server for the writer that lets something happen after a PATCH is
// answered and before the writer reads the object back: a write racing ours.
class RacingCalls final : public ApiCalls {
public:
    RacingCalls(RestClient *client, std::function<void()> afterPatch) : m_rest(client), m_after(std::move(afterPatch)) {}
    void call(const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &type, QObject *context,
              Done done) override
    {
        m_rest.call(method, path, body, type, context, [this, method, done](const ApiResponse &r) {
            if (method == "PATCH" && r.ok() && m_after)
                m_after();
            done(r);
        });
    }

private:
    RestCalls m_rest;
    std::function<void()> m_after;
};

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
        m_calls = RestCalls(m_client.get());
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
                "spec:\n  version: v1.99\n  nodeGroups: {md0: {minReplicas: 3, maxReplicas: 2, diskSize: 20GB}}\n"
                "---\n"
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n");
        f.close();
        const CliResult r = cli({QStringLiteral("validate"), QStringLiteral("-f"), file});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(file + QStringLiteral(":doc 1: Kubernetes/good: valid")), qPrintable(r.out));
        QVERIFY2(r.out.contains(file + QStringLiteral(":doc 2: Kubernetes/bad: nodeGroups.md0.maxReplicas: must be at least “Min replicas” (3)")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(file + QStringLiteral(":doc 2: Kubernetes/bad: version: must be one of")));
        QVERIFY(r.out.contains(file + QStringLiteral(":doc 2: Kubernetes/bad: nodeGroups.md0.diskSize: \"20GB\" is not a quantity")));
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
        AppWriter writer(&m_calls, def, *v, ServerTraits{});
        const QJsonObject spec = json(R"({"nodeGroups": {"md0": {"minReplicas": 1, "maxReplicas": 2, "instanceType": "u1.small"}}})");

        // Locally invalid: nothing is sent.
        WriteResult bad = run([&](auto done) { writer.create(Ns, QStringLiteral("Bad_Name"), spec, AppWriter::Mode::Write, this, done); });
        QVERIFY(!bad.ok);
        QVERIFY(!bad.sent);
        QVERIFY(!bad.nameError.isEmpty());

        // A create's check is the server's: every server honours a dry-run create.
        WriteResult dry = run([&](auto done) { writer.create(Ns, QStringLiteral("apps-it-1"), spec, AppWriter::Mode::Check, this, done); });
        QVERIFY2(dry.ok, qPrintable(dry.lines().join('\n')));
        QVERIFY(dry.dryRun && dry.serverChecked && !dry.localOnly);
        QCOMPARE(call(*m_client, "GET", def->resource().objectPath(Ns, QStringLiteral("apps-it-1"))).status, 404);
        // The dry-run answer carries the server's defaults; what was sent does not.
        QCOMPARE(valueAt(dry.object, {"spec", "storageClass"}).toString(), QStringLiteral("replicated"));
        QCOMPARE(dry.body["spec"].toObject(), spec);

        WriteResult created = run([&](auto done) { writer.create(Ns, QStringLiteral("apps-it-1"), spec, AppWriter::Mode::Write, this, done); });
        QVERIFY2(created.ok, qPrintable(created.lines().join('\n')));
        QVERIFY(!created.dryRun);
        QCOMPARE(valueAt(created.object, {"metadata", "name"}).toString(), QStringLiteral("apps-it-1"));

        // An edit's check sends nothing: the platform would store a dry-run
        // update. The release is exactly as it was.
        QJsonObject newSpec = created.object["spec"].toObject();
        newSpec = withValueAt(newSpec, {"nodeGroups", "md0", "maxReplicas"}, 4).toObject();
        const Release before = releaseOf(*m_client, Ns, QStringLiteral("apps-it-1"));
        WriteResult checked = run([&](auto done) { writer.update(created.object, newSpec, AppWriter::Mode::Check, this, done); });
        QVERIFY2(checked.ok && checked.dryRun && checked.localOnly && !checked.serverChecked && !checked.sent,
                 qPrintable(checked.lines().join('\n')));
        QCOMPARE(releaseOf(*m_client, Ns, QStringLiteral("apps-it-1")), before);

        // The write: only the change travels, then the object is read back.
        WriteResult edited = run([&](auto done) { writer.update(created.object, newSpec, AppWriter::Mode::Write, this, done); });
        QVERIFY2(edited.ok, qPrintable(edited.lines().join('\n')));
        QCOMPARE(edited.body["spec"].toObject(), json(R"({"nodeGroups": {"md0": {"maxReplicas": 4}}})"));
        QCOMPARE(edited.changes.size(), 1);
        QCOMPARE(edited.changes.first().text(), QStringLiteral("~ nodeGroups.md0.maxReplicas: 2 → 4"));
        QCOMPARE(valueAt(edited.object, {"spec", "nodeGroups", "md0", "maxReplicas"}).toInt(), 4);
        QVERIFY(edited.notStuck.isEmpty());
        // One write, one release generation: no dry run went first.
        QCOMPARE(releaseOf(*m_client, Ns, QStringLiteral("apps-it-1")).generation, before.generation + 1);

        // A field the user clears is removed on the server (not sent as "",
        // not silently kept): set a CPU override, then clear it.
        QJsonObject withCpu = edited.object["spec"].toObject();
        withCpu = withValueAt(withCpu, {"nodeGroups", "md0", "resources", "cpu"}, QStringLiteral("2")).toObject();
        WriteResult set = run([&](auto done) { writer.update(edited.object, withCpu, AppWriter::Mode::Write, this, done); });
        QVERIFY2(set.ok, qPrintable(set.lines().join('\n')));
        QCOMPARE(valueAt(set.object, {"spec", "nodeGroups", "md0", "resources", "cpu"}).toString(), QStringLiteral("2"));
        const QJsonObject cleared = withValueAt(set.object["spec"].toObject(), {"nodeGroups", "md0", "resources", "cpu"},
                                                QJsonValue(QJsonValue::Undefined)).toObject();
        WriteResult clear = run([&](auto done) { writer.update(set.object, cleared, AppWriter::Mode::Write, this, done); });
        QVERIFY2(clear.ok, qPrintable(clear.lines().join('\n')));
        QCOMPARE(valueAt(clear.body, {"spec", "nodeGroups", "md0", "resources", "cpu"}), QJsonValue(QJsonValue::Null));
        QVERIFY(valueAt(clear.object, {"spec", "nodeGroups", "md0", "resources", "cpu"}).isUndefined());
        QVERIFY(clear.notStuck.isEmpty());

        // A field with a default that the user clears comes back holding the
        // default: "the default", never "removed", and no phantom change after.
        QJsonObject three = clear.object["spec"].toObject();
        three = withValueAt(three, {"controlPlane", "replicas"}, 3).toObject();
        WriteResult raised = run([&](auto done) { writer.update(clear.object, three, AppWriter::Mode::Write, this, done); });
        QVERIFY2(raised.ok, qPrintable(raised.lines().join('\n')));
        const QJsonObject reset = withValueAt(raised.object["spec"].toObject(), {"controlPlane", "replicas"},
                                              QJsonValue(QJsonValue::Undefined)).toObject();
        WriteResult toDefault = run([&](auto done) { writer.update(raised.object, reset, AppWriter::Mode::Write, this, done); });
        QVERIFY2(toDefault.ok, qPrintable(toDefault.lines().join('\n')));
        QCOMPARE(toDefault.changes.size(), 1);
        QCOMPARE(toDefault.changes.first().text(), QStringLiteral("~ controlPlane.replicas: 3 → the default (2)"));
        QCOMPARE(valueAt(toDefault.object, {"spec", "controlPlane", "replicas"}).toInt(), 2); // the platform fills it in on read
        QVERIFY(toDefault.notStuck.isEmpty());
        WriteResult after = run([&](auto done) {
            writer.update(toDefault.object, toDefault.object["spec"].toObject(), AppWriter::Mode::Check, this, done);
        });
        QVERIFY(after.unchanged);
        edited = toDefault;

        // Immutable: refused locally, with the reason...
        QJsonObject moved = edited.object["spec"].toObject();
        moved["storageClass"] = QStringLiteral("local");
        WriteResult immutable = run([&](auto done) { writer.update(edited.object, moved, AppWriter::Mode::Write, this, done); });
        QVERIFY(!immutable.ok);
        QVERIFY(!immutable.sent);
        QVERIFY2(texts(immutable.fieldErrors).join(' ').contains(QLatin1String("storageClass: cannot be changed after creation")),
                 qPrintable(texts(immutable.fieldErrors).join(' ')));
        // ... because the platform would take the change (and its chart ignore it).
        const QString path = def->resource().objectPath(Ns, QStringLiteral("apps-it-1"));
        const ApiResponse direct = call(*m_client, "PATCH", path, R"({"spec":{"storageClass":"local"}})", "application/merge-patch+json");
        QCOMPARE(direct.status, 200);
        QCOMPARE(valueAt(QJsonDocument::fromJson(direct.body).object(), {"spec", "storageClass"}).toString(), QStringLiteral("local"));
        QVERIFY(call(*m_client, "PATCH", path, R"({"spec":{"storageClass":"replicated"}})", "application/merge-patch+json").ok());

        // Unchanged: no request at all.
        WriteResult same = run([&](auto done) { writer.update(edited.object, edited.object["spec"].toObject(), AppWriter::Mode::Write, this, done); });
        QVERIFY(same.ok);
        QVERIFY(same.unchanged);
        QVERIFY(!same.sent);
    }

    // The platform checks no rule of a schema: what the client cannot judge
    // (a CEL rule over the whole spec) nobody judges before the chart fails.
    // What the server does check and the client could not predict (a child
    // tenant's quota against its parent's) comes back on its field.
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
        AppWriter writer(&m_calls, def, *v, ServerTraits{});
        WriteResult r = run([&](auto done) { writer.create(Ns, QStringLiteral("apps-it-ingress"), spec, AppWriter::Mode::Check, this, done); });
        QVERIFY2(r.ok && r.dryRun, qPrintable(r.lines().join('\n'))); // and neither can the platform

        const AppDefinitionPtr tenants = m_catalog->find(QStringLiteral("Tenant"));
        auto tv = SchemaValidator::create(*tenants);
        QVERIFY(tv);
        AppWriter tenantWriter(&m_calls, tenants, *tv, ServerTraits{});
        WriteResult parent = run([&](auto done) {
            tenantWriter.create(Ns, QStringLiteral("appsitq"), json(R"({"resourceQuotas": {"cpu": "4"}})"), AppWriter::Mode::Write, this, done);
        });
        QVERIFY2(parent.ok, qPrintable(parent.lines().join('\n')));
        WriteResult child = run([&](auto done) {
            tenantWriter.create(QStringLiteral("tenant-appsitq"), QStringLiteral("big"), json(R"({"resourceQuotas": {"cpu": "8"}})"),
                                AppWriter::Mode::Check, this, done);
        });
        QVERIFY(!child.ok);
        QVERIFY(child.sent);
        QCOMPARE(child.apiError.code, 422);
        QCOMPARE(child.fieldErrors.size(), 1);
        QCOMPARE(child.fieldErrors.first().path, (QStringList{"resourceQuotas", "cpu"}));
        QVERIFY2(child.fieldErrors.first().message.contains(QLatin1String("remaining quota")), qPrintable(child.fieldErrors.first().message));
        call(*m_client, "DELETE", tenants->resource().objectPath(Ns, QStringLiteral("appsitq")));
    }

    // The user edits while someone else changes the object with kubectl. The
    // platform would let the last writer win: the client looks first. The same
    // field: stopped before writing, theirs shown, the user's values intact,
    // then put on top. Another field: the write goes on, theirs stands and is
    // mentioned. A write landing after the client looked: said after reading back.
    void editRacingKubectl()
    {
        const AppDefinitionPtr def = m_catalog->find(QStringLiteral("Kubernetes"));
        auto v = SchemaValidator::create(*def);
        AppWriter writer(&m_calls, def, *v, ServerTraits{});
        WriteResult created = run([&](auto done) {
            writer.create(Ns, QStringLiteral("apps-it-race"),
                          json(R"({"version": "v1.34", "nodeGroups": {"md0": {"minReplicas": 1, "maxReplicas": 2}}})"),
                          AppWriter::Mode::Write, this, done);
        });
        QVERIFY2(created.ok, qPrintable(created.lines().join('\n')));
        auto kubectlPatch = [](const char *patch) {
            return kubectl({QStringLiteral("-n"), Ns, QStringLiteral("patch"), QStringLiteral("kuberneteses"), QStringLiteral("apps-it-race"),
                            QStringLiteral("--type=merge"), QStringLiteral("-p"), QLatin1String(patch)});
        };
        const QString path = def->resource().objectPath(Ns, QStringLiteral("apps-it-race"));
        auto server = [&] { return QJsonDocument::fromJson(call(*m_client, "GET", path).body).object(); };

        // The same field.
        const QJsonObject startedFrom = created.object;
        QJsonObject mine = withValueAt(startedFrom["spec"].toObject(), {"host"}, QStringLiteral("mine.example.org")).toObject();
        const QJsonObject mineCopy = mine;
        QCOMPARE(kubectlPatch(R"({"spec":{"host":"theirs.example.org"}})"), 0);
        const Release before = releaseOf(*m_client, Ns, QStringLiteral("apps-it-race"));
        WriteResult r = run([&](auto done) { writer.update(startedFrom, mine, AppWriter::Mode::Write, this, done); });
        QVERIFY(!r.ok);
        QVERIFY(r.conflict);
        QCOMPARE(r.apiError.code, 0); // found by the client: the platform gives no 409
        QVERIFY(!r.message.isEmpty());
        QCOMPARE(releaseOf(*m_client, Ns, QStringLiteral("apps-it-race")), before); // nothing written
        QCOMPARE(mine, mineCopy);
        QCOMPARE(r.theirChanges.size(), 1);
        QCOMPARE(r.theirChanges.first().path, QStringList{QStringLiteral("host")});
        QVERIFY2(r.theirChanges.first().text().contains(QLatin1String("\"theirs.example.org\"")), qPrintable(r.theirChanges.first().text()));
        QCOMPARE(r.sameFields, QList<QStringList>{QStringList{QStringLiteral("host")}});
        QCOMPARE(valueAt(r.latest, {"spec", "host"}).toString(), QStringLiteral("theirs.example.org"));
        // The review sees it too, before anything could be written.
        WriteResult checked = run([&](auto done) { writer.update(startedFrom, mine, AppWriter::Mode::Check, this, done); });
        QVERIFY(checked.conflict);

        // Put on top: the user's own changes onto the server's version.
        const QJsonValue myChanges = mergePatch(startedFrom["spec"], mine);
        const QJsonObject rebased = applyMergePatch(r.latest["spec"], myChanges).toObject();
        WriteResult again = run([&](auto done) { writer.update(r.latest, rebased, AppWriter::Mode::Write, this, done); });
        QVERIFY2(again.ok, qPrintable(again.lines().join('\n')));
        QCOMPARE(valueAt(again.object, {"spec", "host"}).toString(), QStringLiteral("mine.example.org"));

        // Another field: theirs stands beside ours, and is mentioned.
        const QJsonObject base = again.object;
        const QJsonObject upgraded = withValueAt(base["spec"].toObject(), {"version"}, QStringLiteral("v1.35")).toObject();
        QCOMPARE(kubectlPatch(R"({"spec":{"controlPlane":{"replicas":3}}})"), 0);
        WriteResult beside = run([&](auto done) { writer.update(base, upgraded, AppWriter::Mode::Write, this, done); });
        QVERIFY2(beside.ok && !beside.conflict, qPrintable(beside.lines().join('\n')));
        QCOMPARE(valueAt(server(), {"spec", "version"}).toString(), QStringLiteral("v1.35"));
        QCOMPARE(valueAt(server(), {"spec", "controlPlane", "replicas"}).toInt(), 3);
        QCOMPARE(beside.theirChanges.size(), 1);
        QCOMPARE(beside.theirChanges.first().text(), QStringLiteral("~ controlPlane.replicas: 2 → 3"));

        // A write over ours between our patch and our read-back: the value that
        // did not stick is named.
        RacingCalls racing(m_client.get(), [&] { kubectlPatch(R"({"spec":{"host":"theirs.example.org"}})"); });
        AppWriter raced(&racing, def, *v, ServerTraits{});
        const QJsonObject other = withValueAt(beside.object["spec"].toObject(), {"host"}, QStringLiteral("again.example.org")).toObject();
        WriteResult lost = run([&](auto done) { raced.update(beside.object, other, AppWriter::Mode::Write, this, done); });
        QVERIFY2(lost.ok, qPrintable(lost.lines().join('\n')));
        QCOMPARE(lost.notStuck.size(), 1);
        QCOMPARE(lost.notStuck.first().path, QStringList{QStringLiteral("host")});
        QCOMPARE(lost.notStuck.first().oldValue.toString(), QStringLiteral("again.example.org"));
        QCOMPARE(lost.notStuck.first().newValue.toString(), QStringLiteral("theirs.example.org"));
    }

    // get prints the server's own columns (a Table), a cluster's health word
    // from its whole tree beside them; other outputs are the objects themselves.
    void cliGetTable()
    {
        CliResult r = cli({QStringLiteral("get"), QStringLiteral("kuberneteses"), QStringLiteral("-n"), QStringLiteral("tenant-beta")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(lines.size() >= 2, qPrintable(r.out));
        const QStringList header = lines.first().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QVERIFY2(header.mid(0, 2) == (QStringList{QStringLiteral("NAME"), QStringLiteral("HEALTH")}) && header.contains(QStringLiteral("AGE")) &&
                     header.size() > 3,
                 qPrintable(lines.first()));
        const auto row = std::find_if(lines.begin(), lines.end(), [](const QString &l) { return l.startsWith(QLatin1String("broken ")); });
        QVERIFY2(row != lines.end() && row->split(QLatin1Char(' '), Qt::SkipEmptyParts).value(1) == QLatin1String("Failed"), qPrintable(r.out));
        r = cli({QStringLiteral("get"), QStringLiteral("kuberneteses"), QStringLiteral("-A"), QStringLiteral("-o"), QStringLiteral("wide")});
        QVERIFY2(r.code == 0 && r.out.startsWith(QLatin1String("NAMESPACE ")), qPrintable(r.out + r.err));
        r = cli({QStringLiteral("get"), QStringLiteral("kuberneteses"), QStringLiteral("-n"), QStringLiteral("tenant-beta"), QStringLiteral("-o"), QStringLiteral("yaml")});
        QVERIFY2(r.code == 0 && r.out.startsWith(QLatin1String("apiVersion: v1\nkind: List\n")) && r.out.contains(QLatin1String("name: broken")), qPrintable(r.out));
        r = cli({QStringLiteral("get"), QStringLiteral("namespaces")});
        QVERIFY2(r.code == 0 && r.out.startsWith(QLatin1String("NAME ")) && r.out.contains(QLatin1String("STATUS")), qPrintable(r.out)); // a built-in's columns
        r = cli({QStringLiteral("get"), QStringLiteral("kuberneteses"), QStringLiteral("-o"), QStringLiteral("bogus")});
        QCOMPARE(r.code, 2);
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
        QVERIFY(invalid.out.contains(QStringLiteral("nodeGroups.md0.maxReplicas: must be at least “Min replicas” (1)")));

        // The check of an edit: the platform cannot check it without applying
        // it, so the server is not asked, and the CLI says so.
        const Release before = releaseOf(*m_client, Ns, QStringLiteral("apps-it-1"));
        const QByteArray edit = QByteArray(manifest).replace("maxReplicas: 5", "maxReplicas: 6");
        const CliResult check = cli({QStringLiteral("validate"), QStringLiteral("--server-dry-run"), QStringLiteral("-f"), QStringLiteral("-")}, edit);
        QVERIFY2(check.code == 0, qPrintable(check.out + check.err));
        QVERIFY2(check.out.contains(QLatin1String("the server was not asked")), qPrintable(check.out));
        QVERIFY2(check.out.contains(QStringLiteral("~ nodeGroups.md0.maxReplicas: 5 → 6")), qPrintable(check.out));
        QCOMPARE(releaseOf(*m_client, Ns, QStringLiteral("apps-it-1")), before);

        // The server's warnings reach stderr, as kubectl prints them.
        const CliResult warned = cli({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")},
                                     QByteArray(manifest).replace("spec: {", "spec: {controlPlane: {apiServer: {resourcesPreset: large}}, "));
        QVERIFY2(warned.code == 0, qPrintable(warned.out + warned.err));
        QVERIFY2(warned.err.contains(QLatin1String("Warning: spec.controlPlane.apiServer.resourcesPreset: \"large\" is a deprecated resource preset")),
                 qPrintable(warned.err));
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
        AppWriter writer(&m_calls, def, *v, ServerTraits{});
        // A plain string: moc misreads raw strings with quotes and braces.
        const QJsonObject spec = json("{\"version\": \"v1.32\", \"nodeGroups\": {\"md0\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"instanceType\": \"u1.small\"}, \"md1\": {\"minReplicas\": 2, \"maxReplicas\": 4, \"instanceType\": \"u1.small\"}}}");
        WriteResult created = run([&](auto done) { writer.create(Ns, name, spec, AppWriter::Mode::Write, this, done); });
        QVERIFY2(created.ok, qPrintable(created.lines().join('\n')));
        const QString mdPath = QStringLiteral("/apis/cluster.x-k8s.io/v1beta1/namespaces/%1/machinedeployments/kubernetes-%2-").arg(Ns, name);
        auto md = [&](const QString &group) { return QJsonDocument::fromJson(call(*m_client, "GET", mdPath + group).body).object(); };
        auto live = [&] { return QJsonDocument::fromJson(call(*m_client, "GET", path).body).object(); };
        QTRY_COMPARE_WITH_TIMEOUT(valueAt(md(QStringLiteral("md1")), {"spec", "replicas"}).toInt(), 2, 60000);

        ClusterActions actions(m_client.get(), &m_calls, def, *v, ServerTraits{});
        // Scale: in place, validated; one write (no dry run first: the platform would store it too).
        const Release before = releaseOf(*m_client, Ns, name);
        WriteResult r = run([&](auto done) { actions.scale(Ns, name, QStringLiteral("md0"), 2, 5, {}, this, done); });
        QVERIFY2(r.ok, qPrintable(r.lines().join('\n')));
        QCOMPARE(releaseOf(*m_client, Ns, name).generation, before.generation + 1);
        QTRY_COMPARE_WITH_TIMEOUT(valueAt(md(QStringLiteral("md0")), {"spec", "replicas"}).toInt(), 2, 60000);
        // An invalid size is refused by the schema before sending.
        r = run([&](auto done) { actions.scale(Ns, name, QStringLiteral("md0"), 4, 1, {}, this, done); });
        QVERIFY(!r.ok && !r.sent);
        r = run([&](auto done) { actions.scale(Ns, name, QStringLiteral("nope"), 1, 1, {}, this, done); });
        QVERIFY(!r.ok && !r.sent && r.message.contains(QLatin1String("nope")));
        // The server's warnings come with an action's result: a cluster with a
        // legacy preset is warned about on every write of it.
        QVERIFY(call(*m_client, "PATCH", path, "{\"spec\":{\"controlPlane\":{\"apiServer\":{\"resourcesPreset\":\"large\"}}}}",
                     "application/merge-patch+json").ok());
        r = run([&](auto done) { actions.scale(Ns, name, QStringLiteral("md0"), 2, 6, {}, this, done); });
        QVERIFY2(r.ok, qPrintable(r.lines().join('\n')));
        QVERIFY2(r.warnings.join(u' ').contains(QLatin1String("\"large\" is a deprecated resource preset")), qPrintable(r.warnings.join('\n')));
        QVERIFY(call(*m_client, "PATCH", path, "{\"spec\":{\"controlPlane\":{\"apiServer\":{\"resourcesPreset\":null}}}}",
                     "application/merge-patch+json").ok());
        r = run([&](auto done) { actions.scale(Ns, name, QStringLiteral("md0"), 2, 5, {}, this, done); });
        QVERIFY2(r.ok && r.warnings.isEmpty(), qPrintable(r.warnings.join('\n')));

        // Stop: every group to zero, the sizes recorded on the app.
        r = run([&](auto done) { actions.stop(Ns, name, this, done); });
        QVERIFY2(r.ok, qPrintable(r.lines().join('\n')));
        QVERIFY(isStopped(live()));
        QCOMPARE(valueAt(live(), {"spec", "nodeGroups", "md1", "maxReplicas"}).toInt(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(valueAt(md(QStringLiteral("md0")), {"spec", "replicas"}).toInt(), 0, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(valueAt(md(QStringLiteral("md1")), {"spec", "replicas"}).toInt(), 0, 60000);
        // The word, from the same judgement the table and the tree use: Stopped, never Ready.
        QTRY_COMPARE_WITH_TIMEOUT(healthOf(name).health, Health::Stopped, 60000);
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
        // Until its machines are up it is Scaling (it served before), never Ready.
        // (The nodes are counted after the word: nodes that came up in between
        // cannot make a true Ready look early.)
        QStringList words;
        int readyWhenReady = -1;
        QTRY_VERIFY_WITH_TIMEOUT([&] {
            const Health h = healthOf(name).health;
            words << healthName(h);
            if (h != Health::Ready)
                return false;
            readyWhenReady = valueAt(md(QStringLiteral("md0")), {"status", "readyReplicas"}).toInt() +
                             valueAt(md(QStringLiteral("md1")), {"status", "readyReplicas"}).toInt();
            return true;
        }(), 120000);
        QVERIFY2(words.contains(healthName(Health::Scaling)), qPrintable(words.join(u',')));
        QCOMPARE(readyWhenReady, 4);

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
        r = run([&](auto done) { actions.upgrade(Ns, name, QStringLiteral("v1.31"), this, done); });
        QVERIFY(!r.ok && !r.sent && r.message.contains(QLatin1String("downgrade")));
        r = run([&](auto done) { actions.upgrade(Ns, name, QStringLiteral("v1.33"), this, done); });
        QVERIFY2(r.ok, qPrintable(r.lines().join('\n') + r.message));
        QCOMPARE(valueAt(live(), {"spec", "version"}).toString(), QStringLiteral("v1.33"));
        // The machines roll to the new version one at a time (never more than one extra, never fewer than wanted).
        int most = 0, fewest = 99;
        // While old and new machines run side by side the word is Upgrading,
        // with the machines counted; Ready only once all of them are new.
        words.clear();
        bool readyWhileMixed = false;
        auto rolled = [&] {
            const Diagnosis d = healthOf(name);
            const QJsonArray ms = machines();
            int current = 0;
            for (const QJsonValue &m : ms)
                current += valueAt(m, {"spec", "version"}).toString().startsWith(QLatin1String("v1.33")) ? 1 : 0;
            most = std::max(most, int(ms.size()));
            fewest = std::min(fewest, int(ms.size()));
            words << d.headline;
            // Machines read after the word: an old one gone in between cannot make a true Ready look early.
            readyWhileMixed = readyWhileMixed || (d.health == Health::Ready && current < int(ms.size()));
            return ms.size() == 2 && current == 2;
        };
        QTRY_VERIFY_WITH_TIMEOUT(rolled(), 120000);
        QVERIFY2(!readyWhileMixed, qPrintable(words.join(u'\n')));
        QVERIFY2(words.join(u'\n').contains(QLatin1String("Upgrading (machines ")), qPrintable(words.join(u'\n')));
        // 3 at most: one surge machine at a time; it was seen, so the old ones were replaced, not kept.
        QVERIFY2(most == 3 && fewest >= 2, qPrintable(QStringLiteral("machines ranged %1..%2").arg(fewest).arg(most)));

        // A view-only user: every action refused with the reason, nothing written.
        RestClient viewer(configFor(userConfig(QStringLiteral("victor"))));
        RestCalls viewerCalls(&viewer);
        ClusterActions refused(&viewer, &viewerCalls, def, *v, ServerTraits{});
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
                    refused.upgrade(QStringLiteral("tenant-beta"), QStringLiteral("broken"), QStringLiteral("v1.34"), this, done);
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
        AppWriter writer(&m_calls, def, *v, ServerTraits{});
        const QJsonObject spec = json("{\"nodeGroups\": {\"md0\": {\"minReplicas\": 1, \"maxReplicas\": 1, \"instanceType\": \"u1.small\"}}}");
        const QJsonObject meta = json("{\"annotations\": {\"sandbox.nestdeck.io/linger-datavolumes\": \"true\"}}");
        WriteResult created = run([&](auto done) { writer.create(Ns, name, spec, AppWriter::Mode::Write, this, done, meta); });
        QVERIFY2(created.ok, qPrintable(created.lines().join('\n')));
        ClusterActions actions(m_client.get(), &m_calls, def, *v, ServerTraits{});
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
        RestCalls viewerCalls(&viewer);
        ClusterActions refused(&viewer, &viewerCalls, def, *v, ServerTraits{});
        r = run([&](auto done) { refused.remove(QStringLiteral("tenant-beta"), QStringLiteral("broken"), QStringLiteral("broken"), {}, this, done); });
        QVERIFY2(!r.ok && !r.sent && r.message.contains(QLatin1String("may not")), qPrintable(r.message));
        QCOMPARE(call(*m_client, "GET", def->resource().objectPath(QStringLiteral("tenant-beta"), QStringLiteral("broken"))).status, 200);
        // Asked before the button: the reason names the verb the role lacks (delete, not patch).
        bool answered = false, mayDelete = true;
        QString deniedWhy;
        refused.mayDelete(QStringLiteral("tenant-beta"), this, [&](bool ok, const QString &why) {
            mayDelete = ok;
            deniedWhy = why;
            answered = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 20000);
        QVERIFY(!mayDelete);
        QVERIFY2(deniedWhy.contains(QLatin1String("\"delete\"")) && !deniedWhy.contains(QLatin1String("patch")), qPrintable(deniedWhy));

        // The uid is a precondition: another object under this name is not deleted.
        r = run([&](auto done) { actions.remove(Ns, name, name, QStringLiteral("00000000-0000-0000-0000-000000000000"), this, done); });
        QVERIFY(!r.ok);
        QCOMPARE(call(*m_client, "GET", path).status, 200);
        const QString uid = valueAt(created.object, {"metadata", "uid"}).toString();
        QVERIFY(!uid.isEmpty());
        r = run([&](auto done) { actions.remove(Ns, name, name, uid, this, done); });
        QVERIFY2(r.ok && r.sent, qPrintable(r.message + r.lines().join('\n')));
        // While it goes, what it waits for is named: on the platform the app
        // shows no finalizers, its release holds them.
        const ApiResponse app = call(*m_client, "GET", path);
        const ApiResponse release = call(*m_client, "GET", PlatformSession::HelmReleaseRef.objectPath(Ns, QStringLiteral("kubernetes-") + name));
        if (app.ok() && release.ok()) {
            ClusterObjects objects;
            objects.app = objectOf(app.body);
            objects.release = objectOf(release.body);
            QVERIFY(valueAt(QJsonDocument::fromJson(app.body).object(), {"metadata", "finalizers"}).isUndefined());
            if (objects.app->deleting)
                QVERIFY2(deletionWait(objects).contains(QLatin1String("finalizer")), qPrintable(deletionWait(objects)));
        }
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

    // The diagnosis of one cluster from its whole tree, as the cluster page has it.
    Diagnosis healthOf(const QString &name)
    {
        QEventLoop loop;
        TreeInput input;
        QObject ctx;
        loadTree(m_client.get(), Ns, name, &ctx, [&](const TreeInput &in, const QString &) {
            input = in;
            loop.quit();
        });
        loop.exec();
        return buildTree(input).diagnosis;
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
    RestCalls m_calls{nullptr};
    ResourceCache *m_defs = nullptr;
    AppCatalog *m_catalog = nullptr;
};

QTEST_GUILESS_MAIN(TestApps)
#include "tst_apps.moc"
