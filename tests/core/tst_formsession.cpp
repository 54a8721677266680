// The form session and the write route without a server: a scripted
// platform that treats writes as cozystack-api does (defaults filled in on
// read, dry-run updates stored, no 409), and what the form makes of it:
// an edit's review sends nothing, a cleared field reads as its default, a
// change of the same field meanwhile stops the write and can be put under
// the user's, a change of another field stands and is said, a write over ours
// after we wrote is said, invalid text never reaches the server, the version
// policy holds as in Upgrade….
#include "core/platform/AppDefinition.h"
#include "core/platform/AppValues.h"
#include "core/platform/AppWriter.h"
#include "core/platform/FormSession.h"
#include "core/platform/SchemaValidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

using namespace nestdeck;
using namespace nestdeck::platform;

namespace {
const char *Schema = R"({"type": "object", "properties": {
  "host": {"type": "string", "default": ""},
  "version": {"type": "string", "default": "v1.33", "enum": ["v1.32", "v1.33", "v1.34", "v1.35"]},
  "replicas": {"type": "integer", "default": 2, "minimum": 1},
  "storageClass": {"type": "string", "default": "replicated",
                   "x-kubernetes-validations": [{"rule": "self == oldSelf", "message": "storageClass is immutable"}]},
  "addons": {"type": "object", "default": {}, "properties": {"velero": {"type": "object", "default": {},
             "properties": {"enabled": {"type": "boolean", "default": false}}}}}
}})";

AppDefinitionPtr definition()
{
    const QJsonObject def{
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("kubernetes")}}},
        {QStringLiteral("spec"),
         QJsonObject{{QStringLiteral("application"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("Kubernetes")},
                                                                 {QStringLiteral("plural"), QStringLiteral("kuberneteses")},
                                                                 {QStringLiteral("singular"), QStringLiteral("kubernetes")},
                                                                 {QStringLiteral("openAPISchema"), QLatin1String(Schema)}}},
                     {QStringLiteral("release"), QJsonObject{{QStringLiteral("prefix"), QStringLiteral("kubernetes-")}}}}}};
    auto d = AppDefinition::fromJson(def);
    if (!d)
        qFatal("%s", qPrintable(d.error().message));
    return std::make_shared<const AppDefinition>(*d);
}

kube::ApiResponse answer(int status, const QJsonObject &body)
{
    kube::ApiResponse r;
    r.status = status;
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    if (status >= 300)
        r.error = kube::ApiError::fromResponse(status, r.body);
    return r;
}

// One application on a server that treats writes as the platform's does.
class FakePlatform final : public ApiCalls {
public:
    explicit FakePlatform(ValidatorPtr v, bool dryRunUpdates = false) : m_v(std::move(v)), m_dryRunUpdates(dryRunUpdates) {}

    QJsonObject stored; // as stored: the spec without defaults, unless an update wrote them
    int writes = 0;     // writes of the object (a dry-run update the platform stores counts)
    QStringList requests; // "GET", "PATCH dryRun", ...
    std::function<void()> afterPatch;
    QByteArray warning; // a Warning header on every answer, when set

    // The object as every read returns it.
    QJsonObject read() const
    {
        QJsonObject o = stored;
        o.insert(QStringLiteral("spec"), m_v->withDefaults(stored.value(QLatin1String("spec")).toObject()));
        return o;
    }
    // kubectl patch: a merge patch of the spec, applied to the live object.
    void theirPatch(const char *spec)
    {
        stored.insert(QStringLiteral("spec"), applyMergePatch(read().value(QLatin1String("spec")), QJsonDocument::fromJson(spec).object()));
        bump();
    }

    void call(const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &, QObject *context, Done done) override
    {
        const bool dry = QUrlQuery(path.section(QLatin1Char('?'), 1)).queryItemValue(QStringLiteral("dryRun")) == QLatin1String("All");
        requests << QString::fromLatin1(method) + (dry ? QStringLiteral(" dryRun") : QString());
        const QJsonObject in = QJsonDocument::fromJson(body).object();
        kube::ApiResponse r;
        if (method == "GET") {
            r = stored.isEmpty() ? answer(404, {{QStringLiteral("kind"), QStringLiteral("Status")}, {QStringLiteral("code"), 404},
                                                {QStringLiteral("reason"), QStringLiteral("NotFound")}})
                                 : answer(200, read());
        } else if (method == "POST") {
            if (!stored.isEmpty()) {
                r = answer(409, {{QStringLiteral("kind"), QStringLiteral("Status")}, {QStringLiteral("code"), 409},
                                 {QStringLiteral("reason"), QStringLiteral("AlreadyExists")}});
            } else {
                QJsonObject o = in;
                QJsonObject meta = o.value(QLatin1String("metadata")).toObject();
                meta.insert(QStringLiteral("resourceVersion"), QStringLiteral("1"));
                o.insert(QStringLiteral("metadata"), meta);
                if (dry) {
                    o.insert(QStringLiteral("spec"), m_v->withDefaults(o.value(QLatin1String("spec")).toObject()));
                    r = answer(201, o);
                } else {
                    stored = o;
                    ++writes;
                    r = answer(201, read());
                }
            }
        } else if (method == "PATCH") {
            // No resourceVersion precondition, and a dry-run update is stored
            // unless the server is a fixed release.
            if (!dry || !m_dryRunUpdates) {
                QJsonObject o = read(); // the update writes what the read returned, defaults and all
                o.insert(QStringLiteral("spec"), applyMergePatch(o.value(QLatin1String("spec")), in.value(QLatin1String("spec"))));
                QJsonObject meta = stored.value(QLatin1String("metadata")).toObject();
                const QJsonObject annotations = in.value(QLatin1String("metadata")).toObject().value(QLatin1String("annotations")).toObject();
                if (!annotations.isEmpty())
                    meta.insert(QStringLiteral("annotations"), applyMergePatch(meta.value(QLatin1String("annotations")), annotations));
                o.insert(QStringLiteral("metadata"), meta);
                stored = o;
                bump();
                ++writes;
            }
            r = answer(200, read());
        }
        if (!warning.isEmpty())
            r.headers.append({QByteArray("warning"), "299 - \"" + warning + '"'});
        QTimer::singleShot(0, context, [this, method, r, done] {
            if (method == "PATCH" && afterPatch)
                afterPatch();
            done(r);
        });
    }

private:
    void bump()
    {
        QJsonObject meta = stored.value(QLatin1String("metadata")).toObject();
        meta.insert(QStringLiteral("resourceVersion"), QString::number(meta.value(QLatin1String("resourceVersion")).toString().toInt() + 1));
        stored.insert(QStringLiteral("metadata"), meta);
    }
    ValidatorPtr m_v;
    bool m_dryRunUpdates;
};

QJsonObject app(const char *spec)
{
    return {{QStringLiteral("apiVersion"), QStringLiteral("apps.cozystack.io/v1alpha1")},
            {QStringLiteral("kind"), QStringLiteral("Kubernetes")},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("c1")},
                                                     {QStringLiteral("namespace"), QStringLiteral("tenant-x")},
                                                     {QStringLiteral("resourceVersion"), QStringLiteral("1")}}},
            {QStringLiteral("spec"), QJsonDocument::fromJson(spec).object()}};
}

QStringList path(const char *p) { return QString::fromLatin1(p).split(QLatin1Char('.')); }
} // namespace

class TestFormSession : public QObject {
    Q_OBJECT
private:
    ValidatorPtr m_v;
    AppDefinitionPtr m_def;
    std::unique_ptr<FakePlatform> m_server;
    std::unique_ptr<FormSession> m_form;

    void start(const char *spec, bool dryRunUpdates = false)
    {
        m_server = std::make_unique<FakePlatform>(m_v, dryRunUpdates);
        m_server->stored = app(spec);
        m_form = std::make_unique<FormSession>(m_server.get(), m_def, m_v, ServerTraits{dryRunUpdates});
        m_form->startEdit(m_server->read());
    }
    void settle() { QTRY_VERIFY(!m_form->busy()); }

private slots:
    void initTestCase()
    {
        m_def = definition();
        auto v = SchemaValidator::create(*m_def);
        QVERIFY(v);
        m_v = *v;
    }

    // The review of an edit sends nothing but a read (the platform would store
    // a dry-run update); the write is one PATCH between two reads.
    void reviewSendsNothingApplyWritesOnce()
    {
        start(R"({"replicas": 2})");
        m_form->setText(path("replicas"), QStringLiteral("3"));
        QVERIFY(m_form->dirty());
        m_form->check();
        settle();
        QCOMPARE(m_server->requests, QStringList{QStringLiteral("GET")});
        QCOMPARE(m_server->writes, 0);
        QVERIFY(m_form->verdictOk());
        QVERIFY(m_form->lastResult().localOnly);
        QVERIFY2(m_form->verdict().contains(QLatin1String("cannot check an edit without applying it")), qPrintable(m_form->verdict()));
        QSignalSpy finished(m_form.get(), &FormSession::finished);
        m_form->apply();
        settle();
        QCOMPARE(m_server->requests, (QStringList{QStringLiteral("GET"), QStringLiteral("GET"), QStringLiteral("PATCH"), QStringLiteral("GET")}));
        QCOMPARE(m_server->writes, 1);
        QCOMPARE(valueAt(m_server->read(), path("spec.replicas")).toInt(), 3);
        QCOMPARE(finished.size(), 1);
        QVERIFY(!m_form->dirty());
        QVERIFY(m_form->reviewChanges().isEmpty()); // no phantom change once written
        QVERIFY(m_form->warnings().isEmpty());
    }

    // A warning with the write: written, and the form stays to show it.
    void warningsAreShown()
    {
        start(R"({"replicas": 2})");
        m_server->warning = "spec.bogus is not a parameter of Kubernetes";
        m_form->setText(path("replicas"), QStringLiteral("3"));
        QSignalSpy finished(m_form.get(), &FormSession::finished);
        m_form->apply();
        settle();
        QCOMPARE(m_server->writes, 1);
        QCOMPARE(finished.size(), 0);
        QVERIFY(m_form->verdictOk() && !m_form->dirty());
        QVERIFY2(m_form->verdict().contains(QLatin1String("warning")), qPrintable(m_form->verdict()));
        QCOMPARE(m_form->warnings(), QStringList{QStringLiteral("spec.bogus is not a parameter of Kubernetes")});
    }

    // Where the server honours a dry-run update (a CRD), the review asks it.
    void reviewAsksAServerThatHonoursDryRun()
    {
        start(R"({"replicas": 2})", true);
        m_form->setText(path("replicas"), QStringLiteral("3"));
        m_form->check();
        settle();
        QCOMPARE(m_server->requests, (QStringList{QStringLiteral("GET"), QStringLiteral("PATCH dryRun")}));
        QCOMPARE(m_server->writes, 0);
        QVERIFY(m_form->lastResult().serverChecked);
    }

    // A cleared field holds its default on the platform: it reads so, and no
    // change is left after the write.
    void clearedFieldReadsAsItsDefault()
    {
        start(R"({"replicas": 3, "host": "a.example.org"})");
        m_form->resetToDefault(path("replicas"));
        QCOMPARE(m_form->reviewChanges(), QStringList{QStringLiteral("~ replicas: 3 → the default (2)")});
        m_form->setText(path("host"), QString());
        QCOMPARE(m_form->reviewChanges(), (QStringList{QStringLiteral("~ host: \"a.example.org\" → the default (\"\")"),
                                                       QStringLiteral("~ replicas: 3 → the default (2)")}));
        m_form->apply();
        settle();
        QVERIFY2(m_form->lastResult().ok, qPrintable(m_form->verdict()));
        QCOMPARE(valueAt(m_server->read(), path("spec.replicas")).toInt(), 2);
        QVERIFY(m_form->notStuck().isEmpty());
        QVERIFY(m_form->reviewChanges().isEmpty());
        QVERIFY(!m_form->dirty());
    }

    // Someone changes the field the user changes: found before writing (at the
    // review already), nothing written, the user's values kept; then theirs
    // becomes the base and the user's change goes on top.
    void sameFieldMeanwhileStopsTheWrite()
    {
        start(R"({"replicas": 2})");
        m_form->setText(path("replicas"), QStringLiteral("3"));
        m_server->theirPatch(R"({"replicas": 4})");
        m_form->check();
        settle();
        QVERIFY(m_form->conflict());
        QCOMPARE(m_form->theirChanges(), QStringList{QStringLiteral("~ replicas: 2 → 4   (you changed this too)")});
        m_form->apply(); // refused while in conflict
        settle();
        QCOMPARE(m_server->writes, 0);
        QCOMPARE(valueAt(m_form->values(), path("replicas")).toInt(), 3);
        m_form->reapplyMine();
        settle();
        QVERIFY(!m_form->conflict());
        QCOMPARE(m_form->reviewChanges(), QStringList{QStringLiteral("~ replicas: 4 → 3")});
        m_form->apply();
        settle();
        QCOMPARE(m_server->writes, 1);
        QCOMPARE(valueAt(m_server->read(), path("spec.replicas")).toInt(), 3);
    }

    // Someone changes another field: the merge patch carries the user's changes
    // only, theirs stands, and the form says so (and stays to say it).
    void otherFieldMeanwhileStands()
    {
        start(R"({"replicas": 2})");
        m_form->setText(path("host"), QStringLiteral("mine.example.org"));
        m_server->theirPatch(R"({"replicas": 4})");
        QSignalSpy finished(m_form.get(), &FormSession::finished);
        m_form->apply();
        settle();
        QVERIFY2(m_form->lastResult().ok && !m_form->conflict(), qPrintable(m_form->verdict()));
        QCOMPARE(valueAt(m_server->read(), path("spec.replicas")).toInt(), 4);
        QCOMPARE(valueAt(m_server->read(), path("spec.host")).toString(), QStringLiteral("mine.example.org"));
        QCOMPARE(m_form->theirChanges(), QStringList{QStringLiteral("~ replicas: 2 → 4")});
        QCOMPARE(finished.size(), 0);
        QVERIFY(!m_form->dirty());
        QVERIFY(m_form->reviewChanges().isEmpty());
    }

    // A write over ours after we wrote: read back, the value that did not stick is named.
    void writeOverOursIsSaid()
    {
        start(R"({"replicas": 2})");
        m_server->afterPatch = [this] { m_server->theirPatch(R"({"host": "theirs.example.org"})"); };
        m_form->setText(path("host"), QStringLiteral("mine.example.org"));
        m_form->apply();
        settle();
        QVERIFY(m_form->lastResult().ok);
        QCOMPARE(m_form->notStuck(), QStringList{QStringLiteral("host: you set \"mine.example.org\", the server holds \"theirs.example.org\"")});
        QVERIFY(!m_form->verdictOk());
    }

    // What the client can tell is wrong never reaches the server.
    void invalidInputIsNotSent()
    {
        start(R"({"replicas": 2})");
        m_form->setText(path("replicas"), QStringLiteral("three"));
        QVERIFY(!m_form->valid());
        QVERIFY(!m_form->errorAt(path("replicas")).isEmpty());
        QCOMPARE(m_form->typedText(path("replicas")), QStringLiteral("three"));
        m_form->setText(path("replicas"), QStringLiteral("0"));
        QVERIFY(!m_form->valid());
        m_form->check();
        QVERIFY(!m_form->verdictOk());
        m_form->setText(path("storageClass"), QStringLiteral("local"));
        QVERIFY(m_form->errorAt(path("storageClass")).contains(QLatin1String("cannot be changed")));
        QVERIFY(m_server->requests.isEmpty());
    }

    // The platform's version policy (one minor at a time, never down) holds
    // in the form as in Upgrade…, and in the write route under every form,
    // action and `nestdeck-cli apply`: the platform's server would store any
    // version it is sent.
    void versionPolicyHoldsInEveryWrite()
    {
        start(R"({"version": "v1.33"})");
        m_form->setText(path("version"), QStringLiteral("v1.32"));
        QVERIFY(!m_form->valid());
        QVERIFY2(m_form->errorAt(path("version")).contains(QLatin1String("downgrade")), qPrintable(m_form->errorAt(path("version"))));
        m_form->setText(path("version"), QStringLiteral("v1.35"));
        QVERIFY2(m_form->errorAt(path("version")).contains(QLatin1String("upgrade to v1.34 first")), qPrintable(m_form->errorAt(path("version"))));
        m_form->apply();
        settle();
        QCOMPARE(m_server->writes, 0);
        m_form->setText(path("version"), QStringLiteral("v1.34"));
        QVERIFY2(m_form->valid(), qPrintable(m_form->errorAt(path("version"))));
        // Unset, the version is the default, the one it runs: no change, no error.
        m_form->setText(path("version"), QString());
        QVERIFY(m_form->errorAt(path("version")).isEmpty());

        AppWriter writer(m_server.get(), m_def, m_v, ServerTraits{});
        WriteResult got;
        bool done = false;
        writer.update(m_server->read(), QJsonDocument::fromJson(R"({"version": "v1.32"})").object(), AppWriter::Mode::Write, this,
                      [&](const WriteResult &r) {
                          got = r;
                          done = true;
                      });
        QTRY_VERIFY(done);
        QVERIFY(!got.ok);
        QCOMPARE(got.fieldErrors.size(), 1);
        QCOMPARE(got.fieldErrors.first().path, path("version"));
        QCOMPARE(m_server->writes, 0);
    }

    // A create whose tenant is chosen again keeps what the user set.
    void createMovedToAnotherTenantKeepsInput()
    {
        m_server = std::make_unique<FakePlatform>(m_v);
        m_form = std::make_unique<FormSession>(m_server.get(), m_def, m_v, ServerTraits{});
        m_form->startCreate(QStringLiteral("tenant-a"));
        m_form->setName(QStringLiteral("c9"));
        m_form->setText(path("replicas"), QStringLiteral("3"));
        QVERIFY(m_form->dirty());
        m_form->moveTo(QStringLiteral("tenant-b"));
        QCOMPARE(m_form->ns(), QStringLiteral("tenant-b"));
        QCOMPARE(m_form->name(), QStringLiteral("c9"));
        QCOMPARE(m_form->values().value(QLatin1String("replicas")).toInt(), 3);
        QVERIFY(m_form->dirty());
        QCOMPARE(m_form->appKey(), QStringLiteral("tenant-b/c9"));
    }

    // A create's review is the server's dry run: every server honours it.
    void createIsCheckedByTheServer()
    {
        m_server = std::make_unique<FakePlatform>(m_v);
        m_form = std::make_unique<FormSession>(m_server.get(), m_def, m_v, ServerTraits{});
        m_form->startCreate(QStringLiteral("tenant-x"));
        m_form->setName(QStringLiteral("Bad_Name"));
        QVERIFY(!m_form->nameError().isEmpty());
        m_form->setName(QStringLiteral("c2"));
        m_form->setChecked(path("addons.velero.enabled"), true);
        m_form->check();
        settle();
        QCOMPARE(m_server->requests, QStringList{QStringLiteral("POST dryRun")});
        QVERIFY(m_server->stored.isEmpty());
        QVERIFY(m_form->lastResult().serverChecked);
        QSignalSpy finished(m_form.get(), &FormSession::finished);
        m_form->apply();
        settle();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toString(), QStringLiteral("tenant-x/c2"));
        QCOMPARE(valueAt(m_server->stored, path("spec.addons.velero.enabled")).toBool(), true);
        QVERIFY(valueAt(m_server->stored, path("spec.replicas")).isUndefined()); // defaults stay the platform's
    }

    // Created with a warning: the form stays to show it, and sends nothing more.
    void createdWithAWarningStaysDone()
    {
        m_server = std::make_unique<FakePlatform>(m_v);
        m_server->warning = "\\\"large\\\" is a deprecated resource preset";
        m_form = std::make_unique<FormSession>(m_server.get(), m_def, m_v, ServerTraits{});
        m_form->startCreate(QStringLiteral("tenant-x"));
        m_form->setName(QStringLiteral("c3"));
        QSignalSpy finished(m_form.get(), &FormSession::finished);
        m_form->apply();
        settle();
        QCOMPARE(m_server->writes, 1);
        QCOMPARE(finished.size(), 0);
        QVERIFY(m_form->created());
        QCOMPARE(m_form->appKey(), QStringLiteral("tenant-x/c3"));
        QCOMPARE(m_form->warnings(), QStringList{QStringLiteral("\"large\" is a deprecated resource preset")});
        m_form->apply(); // a second Create (Ctrl+Enter) sends nothing
        settle();
        QCOMPARE(m_server->requests.count(QStringLiteral("POST")), 1);
    }
};

QTEST_GUILESS_MAIN(TestFormSession)
#include "tst_formsession.moc"
