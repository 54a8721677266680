// The UI models on live data from the sandbox: QAbstractItemModelTester on
// every model, incremental signals (no resets) when clusters come and go, and
// a tenant user's restricted view.
#include "core/kube/Kubeconfig.h"
#include "core/platform/ClusterTree.h"
#include "qml/Clusters/ClusterDetails.h"
#include "qml/Clusters/ClusterTableModel.h"
#include "qml/Clusters/EventModel.h"
#include "qml/Clusters/ProblemsModel.h"
#include "qml/Editor/AppForm.h"
#include "qml/Tenants/TenantModel.h"
#include "tests/common/SandboxClient.h"
#include "tests/common/TcpRelay.h"

#include <QAbstractItemModelTester>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace nestdeck;
using namespace nestdeck::platform;

namespace {
using testing::sandboxDir;

std::unique_ptr<PlatformSession> session(const QString &user)
{
    const QString path = user.isEmpty() ? testing::adminConfig() : testing::userConfig(user);
    auto rc = kube::Kubeconfig::loadFile(path)->restConfig();
    auto s = std::make_unique<PlatformSession>(*rc);
    s->start();
    return s;
}

kube::ApiResponse call(kube::RestClient *c, const QByteArray &method, const QString &path, const QByteArray &body = {},
                       const QByteArray &type = "application/json")
{
    return testing::call(*c, method, path, body, type);
}

QString pathKey(const QStringList &path)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(path)).toJson(QJsonDocument::Compact));
}

// The form's row for a path, or -1.
int rowOf(const AppForm &form, const QStringList &path)
{
    for (int r = 0; r < form.rowCount(); ++r)
        if (form.index(r).data(AppForm::PathRole).toString() == pathKey(path))
            return r;
    return -1;
}

// The form's row for a path on whichever step shows it (the form is moved there), or -1.
int rowOnItsStep(AppForm &form, const QStringList &path)
{
    for (int step = 0; step < form.steps().size(); ++step) {
        form.setCurrentStep(step);
        if (const int r = rowOf(form, path); r >= 0)
            return r;
    }
    return -1;
}

QStringList column(const QAbstractItemModel &m, int role, int col = 0)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.index(r, col).data(role).toString();
    return out;
}
} // namespace

class TestModels : public QObject {
    Q_OBJECT
private slots:
    void clusterTableIsIncremental()
    {
        auto s = session({});
        ClusterTableModel table;
        QAbstractItemModelTester tester(&table, QAbstractItemModelTester::FailureReportingMode::QtTest);
        table.followSession(s.get());
        QTRY_VERIFY_WITH_TIMEOUT(s->state() == PlatformSession::State::Synced && table.count() >= 7, 30000);
        QVERIFY(column(table, ClusterTableModel::KeyRole).contains(QStringLiteral("tenant-alpha/prod")));
        const int prod = table.rowOf(QStringLiteral("tenant-alpha/prod"));
        QTRY_COMPARE_WITH_TIMEOUT(table.data(table.index(prod, 0), ClusterTableModel::HealthRole).toInt(), int(Health::Ready), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(table.data(table.index(prod, ClusterTableModel::Nodes), Qt::DisplayRole).toString(), QStringLiteral("3/3"), 30000);
        QCOMPARE(table.headerData(ClusterTableModel::Health, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("Health"));

        // A change to a cluster whose row is on screen: the row keeps its
        // status (and its place when sorted by it) until the new one is
        // derived, then changes once; it never falls back to "…". Every
        // dataChanged naming the row once the cache holds the new version
        // is recorded (the old model announced the change at once, as "…").
        {
            const QString prodKey = QStringLiteral("tenant-alpha/prod");
            const kube::ResourceVersion rvBefore = s->kuberneteses()->get(prodKey)->resourceVersion;
            QStringList shown;
            bool seenAfterChange = false;
            auto conn = connect(&table, &QAbstractItemModel::dataChanged, this, [&](const QModelIndex &tl, const QModelIndex &br) {
                const int r = table.rowOf(prodKey);
                const auto cached = s->kuberneteses()->get(prodKey);
                if (r < tl.row() || r > br.row() || !cached || cached->resourceVersion == rvBefore)
                    return;
                seenAfterChange = true;
                shown << table.data(table.index(r, ClusterTableModel::Health), Qt::DisplayRole).toString();
            });
            const QString prodPath = PlatformSession::KubernetesRef.objectPath(QStringLiteral("tenant-alpha"), QStringLiteral("prod"));
            QVERIFY(call(s->client(), "PATCH", prodPath, "{\"metadata\":{\"annotations\":{\"test.nestdeck.io/touched\":\"1\"}}}",
                         "application/merge-patch+json").ok());
            QTRY_VERIFY_WITH_TIMEOUT(seenAfterChange, 20000);
            QVERIFY2(!shown.contains(QStringLiteral("…")), qPrintable(shown.join(QStringLiteral(" | "))));
            disconnect(conn);
        }

        QSignalSpy inserted(&table, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&table, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&table, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&table, &QAbstractItemModel::modelReset);
        // Ready must come by dataChanged, not only be there when asked.
        bool readyAnnounced = false;
        connect(&table, &QAbstractItemModel::dataChanged, this, [&](const QModelIndex &tl, const QModelIndex &br) {
            const int r = table.rowOf(QStringLiteral("tenant-root/modeltest"));
            if (r >= tl.row() && r <= br.row() && table.data(table.index(r, 0), ClusterTableModel::HealthRole).toInt() == int(Health::Ready))
                readyAnnounced = true;
        });
        const QByteArray app = "{\"apiVersion\":\"apps.cozystack.io/v1alpha1\",\"kind\":\"Kubernetes\",\"metadata\":{\"name\":\"modeltest\"},"
                               "\"spec\":{\"nodeGroups\":{\"md0\":{\"minReplicas\":1,\"maxReplicas\":2,\"instanceType\":\"u1.small\"}}}}";
        QCOMPARE(call(s->client(), "POST", PlatformSession::KubernetesRef.path(QStringLiteral("tenant-root")), app).status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(inserted.count(), 1, 20000);
        const int row = table.rowOf(QStringLiteral("tenant-root/modeltest"));
        QVERIFY(row >= 0);
        // Provisioning moves forward by dataChanged on that row, up to Ready
        // (how many steps the row shows depends on how fast the simulator
        // is: changes that come while a status is being derived make one).
        QTRY_COMPARE_WITH_TIMEOUT(table.data(table.index(row, 0), ClusterTableModel::HealthRole).toInt(), int(Health::Ready), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(readyAnnounced, 20000);
        // Changes name the rows they touch (the new cluster's among them), never everything.
        for (const auto &args : changed)
            QVERIFY(args.at(1).toModelIndex().row() - args.at(0).toModelIndex().row() < table.count());
        // A finalizer of the test's own holds the app in Deleting until the
        // table has shown it: on a busy machine the platform's cleanup can
        // otherwise finish before the row's health is derived. The platform
        // keeps an app's finalizers on its release.
        const QString path = PlatformSession::KubernetesRef.objectPath(QStringLiteral("tenant-root"), QStringLiteral("modeltest"));
        const QString release = PlatformSession::HelmReleaseRef.objectPath(QStringLiteral("tenant-root"), QStringLiteral("kubernetes-modeltest"));
        const QJsonObject live = QJsonDocument::fromJson(call(s->client(), "GET", release).body).object();
        QJsonArray finalizers = live.value(QLatin1String("metadata")).toObject().value(QLatin1String("finalizers")).toArray();
        finalizers.append(QStringLiteral("test.nestdeck.io/hold"));
        auto setFinalizers = [&](const QJsonArray &f) {
            return call(s->client(), "PATCH", release,
                        QJsonDocument(QJsonObject{{"metadata", QJsonObject{{"finalizers", f}}}}).toJson(QJsonDocument::Compact),
                        "application/merge-patch+json");
        };
        QVERIFY(setFinalizers(finalizers).ok());
        QCOMPARE(call(s->client(), "DELETE", path).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(table.data(table.index(table.rowOf(QStringLiteral("tenant-root/modeltest")), 0), ClusterTableModel::HealthRole).toInt(),
                                  int(Health::Deleting), 20000);
        // Let go: the platform's own finalizers, if any are left, finish the job.
        QJsonArray rest;
        for (const auto &f : QJsonDocument::fromJson(call(s->client(), "GET", release).body).object()
                                 .value(QLatin1String("metadata")).toObject().value(QLatin1String("finalizers")).toArray())
            if (f.toString() != QLatin1String("test.nestdeck.io/hold"))
                rest.append(f);
        QVERIFY(setFinalizers(rest).ok());
        // (Other demo clusters may come and go meanwhile: look for this one.)
        QTRY_COMPARE_WITH_TIMEOUT(table.rowOf(QStringLiteral("tenant-root/modeltest")), -1, 60000);
        QVERIFY(removed.count() >= 1);
        QCOMPARE(reset.count(), 0);
    }

    void filterAndSort()
    {
        auto s = session({});
        ClusterTableModel table;
        table.followSession(s.get());
        ClusterFilterModel filter;
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setSourceModel(&table);
        // The demo's seven, less "legacy", which is being deleted and may be gone
        // by now on a busy machine.
        QTRY_VERIFY_WITH_TIMEOUT(table.count() >= 6, 30000);
        filter.setTenantNamespace(QStringLiteral("tenant-alpha"));
        const auto nameSet = [&] {
            const QStringList names = column(filter, ClusterTableModel::NameRole);
            return QSet<QString>(names.begin(), names.end());
        };
        QTRY_COMPARE(nameSet(), (QSet<QString>{QStringLiteral("prod"), QStringLiteral("staging"), QStringLiteral("edge"), QStringLiteral("pooled")}));
        filter.setFilterString(QStringLiteral("prod"));
        QCOMPARE(column(filter, ClusterTableModel::NameRole), QStringList{QStringLiteral("prod")});
        filter.setFilterString(QString());
        filter.setTenantNamespace(QString());
        filter.sortBy(ClusterTableModel::Name, false);
        const QStringList names = column(filter, ClusterTableModel::NameRole);
        QStringList sorted = names;
        std::sort(sorted.begin(), sorted.end(), std::greater<>());
        QCOMPARE(names, sorted);
        // Health filter words: "fail" finds the broken ones.
        filter.setFilterString(QStringLiteral("fail"));
        QTRY_VERIFY(column(filter, ClusterTableModel::NameRole).contains(QStringLiteral("broken")));
        QVERIFY(!column(filter, ClusterTableModel::NameRole).contains(QStringLiteral("prod")));
    }

    void tenantTree()
    {
        auto s = session({});
        TenantModel tenants;
        QAbstractItemModelTester tester(&tenants, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tenants.followSession(s.get());
        QTRY_VERIFY_WITH_TIMEOUT(tenants.rowOfNamespace(QStringLiteral("tenant-alpha-gamma")) >= 0, 30000);
        QCOMPARE(tenants.index(0).data(TenantModel::NamespaceRole).toString(), QString()); // All tenants
        const auto at = [&](const QString &ns) { return tenants.index(tenants.rowOfNamespace(ns)); };
        QCOMPARE(at(QStringLiteral("tenant-root")).data(TenantModel::DepthRole).toInt(), 0);
        QTRY_COMPARE(at(QStringLiteral("tenant-alpha")).data(TenantModel::DepthRole).toInt(), 1);
        QCOMPARE(at(QStringLiteral("tenant-alpha-gamma")).data(TenantModel::DepthRole).toInt(), 2);
        QCOMPARE(at(QStringLiteral("tenant-alpha-gamma")).data(TenantModel::NameRole).toString(), QStringLiteral("gamma"));
        QTRY_VERIFY(at(QStringLiteral("tenant-alpha")).data(TenantModel::ClusterCountRole).toInt() >= 3); // prod, staging + gamma's edge
        QTRY_VERIFY_WITH_TIMEOUT(at(QStringLiteral("tenant-alpha")).data(TenantModel::QuotaRole).toString().contains(QLatin1String("cpu 0/32")), 30000);
        // A tenant's own quota ("cpu", "memory", as the platform stores
        // spec.resourceQuotas) is tighter than the chart's requests.*: it shows.
        const QString tenants_ = QStringLiteral("/apis/apps.cozystack.io/v1alpha1/namespaces/tenant-root/tenants");
        call(s->client(), "DELETE", tenants_ + QStringLiteral("/quotaed"));
        const auto created = call(s->client(), "POST", tenants_,
                                  "{\"apiVersion\":\"apps.cozystack.io/v1alpha1\",\"kind\":\"Tenant\",\"metadata\":{\"name\":\"quotaed\"},"
                                  "\"spec\":{\"resourceQuotas\":{\"cpu\":\"4\",\"memory\":\"8Gi\"}}}",
                                  "application/json");
        QVERIFY2(created.ok(), created.body.constData());
        QTRY_VERIFY_WITH_TIMEOUT(tenants.rowOfNamespace(QStringLiteral("tenant-quotaed")) >= 0 &&
                                     at(QStringLiteral("tenant-quotaed")).data(TenantModel::QuotaRole).toString().contains(QStringLiteral("cpu 0/4 · memory 0/8Gi")),
                                 30000);
        QCOMPARE(at(QStringLiteral("tenant-quotaed")).data(TenantModel::NameRole).toString(), QStringLiteral("quotaed"));
        call(s->client(), "DELETE", tenants_ + QStringLiteral("/quotaed"));
    }

    // A cluster that is not Ready says why in the diagnosis's words, with the
    // next step: the page and the Problems view give the same sentence.
    void pageAndProblemsSayTheDiagnosis()
    {
        auto s = session({});
        ClusterDetails details;
        details.followSession(s.get());
        details.setAppKey(QStringLiteral("tenant-beta/cp-down"));
        ProblemsModel problems;
        problems.followSession(s.get());
        // (While the session's caches still list, the tree is partial: the deepest failure may be the release's.)
        QTRY_VERIFY_WITH_TIMEOUT(s->treeSettled() && details.exists() && details.health() == Health::Failed &&
                                     details.headline().contains(QLatin1String("The control plane of cp-down does not come up")),
                                 30000);
        QVERIFY(!details.nextStep().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT([&] {
            for (int i = 0; i < problems.rowCount(); ++i)
                if (problems.keyAt(i) == QLatin1String("tenant-beta/cp-down"))
                    return problems.index(i).data(ProblemsModel::HeadlineRole).toString() == details.headline() &&
                           problems.index(i).data(ProblemsModel::NextStepRole).toString() == details.nextStep();
            return false;
        }(), 30000);
    }

    void detailsAndEvents()
    {
        auto s = session({});
        ClusterDetails details;
        details.followSession(s.get());
        QAbstractItemModelTester tester(details.events(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        details.setAppKey(QStringLiteral("tenant-beta/broken"));
        QTRY_VERIFY_WITH_TIMEOUT(details.exists() && details.health() == Health::Failed, 30000);
        QVERIFY(details.healthWord().contains(QLatin1String("machines failed")));
        QTRY_VERIFY_WITH_TIMEOUT(details.events()->warnings() > 0, 30000);
        // Rows are typed values; every model is checked like any item model.
        QAbstractItemModelTester groupsTester(details.nodeGroups(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester addonsTester(details.addons(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        // The instance type catalog may arrive after the cluster itself.
        QTRY_COMPARE_WITH_TIMEOUT(details.nodeGroups()->at<NodeGroupRow>(0).instanceSize, QStringLiteral("4 vCPU, 32Gi"), 30000);
        QCOMPARE(details.nodeGroups()->count(), 1);
        // Live: a failed machine may be in the middle of being replaced.
        QTRY_COMPARE_WITH_TIMEOUT(details.nodeGroups()->at<NodeGroupRow>(0).machines->count(), 2, 30000);
        // Roles are the gadget's property names, as QML delegates declare them.
        QCOMPARE(details.nodeGroups()->get(0, QStringLiteral("name")).toString(), details.nodeGroups()->at<NodeGroupRow>(0).name);
        QVERIFY(details.nodeGroups()->roleNames().values().contains("maxReplicas"));
        bool sawCertManager = false;
        for (int i = 0; i < details.addons()->count(); ++i)
            if (const auto a = details.addons()->at<AddonRow>(i); a.key == QLatin1String("certManager"))
                sawCertManager = !a.enabled;
        QVERIFY2(sawCertManager, "every addon of the schema is listed, disabled ones too");
        QVERIFY(details.yaml().contains(QLatin1String("kind: Kubernetes")));

        // The session's caches keep tree objects trimmed (cachedTreeTrim): the
        // release without its spec, the app whole. Health from the trimmed
        // cache is health from the whole objects, fetched fresh.
        // (The health above may come from an earlier tree; wait for this one's.)
        auto broken = [&] { return s->objectsFor(QStringLiteral("tenant-beta"), QStringLiteral("broken")); };
        QTRY_VERIFY_WITH_TIMEOUT(broken().release && broken().cluster && !broken().machines.isEmpty(), 30000);
        const ClusterObjects cached = broken();
        QVERIFY(cached.release->trimmed && !cached.release->json().contains("\"values\""));
        QVERIFY(cached.release->json().contains("\"conditions\""));
        QVERIFY(!cached.app->trimmed);
        const QHash<QString, kube::ResourceRef> refs{{QStringLiteral("Kubernetes"), PlatformSession::KubernetesRef},
                                                     {QStringLiteral("HelmRelease"), PlatformSession::HelmReleaseRef},
                                                     {QStringLiteral("Cluster"), PlatformSession::ClusterRef},
                                                     {QStringLiteral("TenantControlPlane"), PlatformSession::TenantControlPlaneRef},
                                                     {QStringLiteral("KamajiControlPlane"), PlatformSession::KamajiControlPlaneRef},
                                                     {QStringLiteral("MachineDeployment"), PlatformSession::MachineDeploymentRef},
                                                     {QStringLiteral("Machine"), PlatformSession::MachineRef}};
        auto fresh = [&](const ObjectPtr &o, const QString &kind) -> ObjectPtr {
            if (!o)
                return o;
            const auto r = call(s->client(), "GET", refs.value(kind).path(o->ns) + QLatin1Char('/') + o->name);
            auto whole = std::make_shared<kube::KubeObject>();
            QString error;
            if (!r.ok() || !kube::decodeObject(std::string_view(r.body.constData(), size_t(r.body.size())), whole.get(), &error))
                return {};
            return whole;
        };
        // Fetched one by one while the simulator moves on: compare once both
        // views hold the same resourceVersions.
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
            const ClusterObjects c = broken();
            ClusterObjects whole = c;
            whole.app = fresh(c.app, QStringLiteral("Kubernetes"));
            whole.release = fresh(c.release, QStringLiteral("HelmRelease"));
            whole.cluster = fresh(c.cluster, QStringLiteral("Cluster"));
            whole.tenantCp = fresh(c.tenantCp, QStringLiteral("TenantControlPlane"));
            whole.kamajiCp = fresh(c.kamajiCp, QStringLiteral("KamajiControlPlane"));
            for (auto &a : whole.addons)
                a = fresh(a, QStringLiteral("HelmRelease"));
            for (auto &m : whole.machineDeployments)
                m = fresh(m, QStringLiteral("MachineDeployment"));
            for (auto &m : whole.machines)
                m = fresh(m, QStringLiteral("Machine"));
            bool same = true, anyTrimmed = false;
            forEachObject(c, [&](const ObjectPtr &o, const QString &) { anyTrimmed |= o->trimmed; });
            forEachObject(whole, [&](const ObjectPtr &o, const QString &) { same &= o && !o->trimmed; });
            QList<QByteArray> rvsCached, rvsWhole;
            forEachObject(c, [&](const ObjectPtr &o, const QString &) { rvsCached << o->resourceVersion.toByteArray(); });
            forEachObject(whole, [&](const ObjectPtr &o, const QString &) { rvsWhole << (o ? o->resourceVersion.toByteArray() : QByteArray()); });
            if (!same || !anyTrimmed || rvsCached != rvsWhole)
                return false;
            const ClusterStatus a = deriveStatus(c), b = deriveStatus(whole);
            if (a.health != b.health || a.word != b.word || a.reason != b.reason || a.chain.size() != b.chain.size())
                qFatal("health from the trimmed cache differs: %s / %s", qPrintable(a.word), qPrintable(b.word));
            for (qsizetype i = 0; i < a.chain.size(); ++i)
                if (a.chain[i].status != b.chain[i].status || a.chain[i].message != b.chain[i].message)
                    qFatal("chain line %s differs", qPrintable(a.chain[i].object));
            const ClusterTree ta = buildTree(treeInputFromCache(c, {})), tb = buildTree(treeInputFromCache(whole, {}));
            if (diagnosisText(ta) != diagnosisText(tb) || treeText(ta) != treeText(tb))
                qFatal("diagnosis from the trimmed cache differs:\n%s\n%s", qPrintable(treeText(ta)), qPrintable(treeText(tb)));
            return true;
        }()), 30000);
        // The session's caches pack what they keep (JsonPacker): past the
        // dictionary's samples every object is packed, and each reads back
        // as the object it was.
        qsizetype packedCaches = 0;
        for (const ResourceCache *cache : s->caches()) {
            const QList<ObjectPtr> all = cache->all();
            qsizetype packed = 0, small = 0; // objects over MaxSample may stay plain
            for (const ObjectPtr &o : all) {
                packed += o->packed();
                const QByteArray json = o->json();
                small += json.size() <= kube::JsonPacker::MaxSample;
                const QJsonObject j = QJsonDocument::fromJson(json).object();
                QCOMPARE(j.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString(), o->name);
            }
            QVERIFY2(packed >= small - kube::JsonPacker::SampleCount,
                     qPrintable(QStringLiteral("%1: %2 of %3 packed").arg(cache->resource().kind).arg(packed).arg(all.size())));
            packedCaches += packed > 0;
        }
        QVERIFY(packedCaches > 0); // the sandbox has more than a dictionary's samples of some kind

        QCOMPARE(details.secretNames(), QStringList{QStringLiteral("kubernetes-broken-admin-kubeconfig")});
        QCOMPARE(details.components()->at<ComponentRow>(0).presetMeaning, QStringLiteral("2 CPU, 2Gi per replica")); // c1.medium
        QVERIFY(details.controlPlane().replicas > 0);

        // The session goes away: the details let go of it at once (no dangling use).
        s.reset();
        QCOMPARE(details.session(), nullptr);
        QVERIFY(!details.exists());
        QCOMPARE(details.events()->rowCount(), 0);
    }

    // The form model on a kind the e2e does not use: a child Tenant with quotas,
    // created, then changed (a field cleared really goes), through AppForm alone.
    void formCreatesAndEditsATenant()
    {
        auto s = session({});
        const QString name = QStringLiteral("f%1").arg(QDateTime::currentMSecsSinceEpoch() % 100000);
        {
            AppForm form;
            QAbstractItemModelTester tester(&form, QAbstractItemModelTester::FailureReportingMode::QtTest);
            form.setKind(QStringLiteral("Tenant"));
            form.setNamespaceName(QStringLiteral("tenant-root"));
            form.followSession(s.get());
            QTRY_VERIFY_WITH_TIMEOUT(form.ready(), 30000);
            const QStringList steps = form.steps();
            QCOMPARE(steps.last(), QStringLiteral("Review"));
            const int quotas = int(steps.indexOf(QStringLiteral("Resource quotas")));
            QVERIFY2(quotas > 0, qPrintable(steps.join(QLatin1Char(','))));
            // Tenant names are stricter than DNS names: the form says so before anything is sent.
            form.setName(QStringLiteral("has-dash"));
            QVERIFY(!form.nameError().isEmpty());
            QVERIFY(!form.stepValid());
            form.setName(name);
            QVERIFY(form.stepValid());
            QVERIFY(rowOf(form, {QStringLiteral("monitoring")}) >= 0);
            form.setChecked(pathKey({QStringLiteral("monitoring")}), true);
            QVERIFY(form.next());
            QCOMPARE(form.currentStep(), quotas);
            // A map of quantities: the new entry waits for its value, in words.
            QCOMPARE(form.addEntry(pathKey({QStringLiteral("resourceQuotas")}), QStringLiteral("requests.cpu")), QString());
            QCOMPARE(form.addEntry(pathKey({QStringLiteral("resourceQuotas")}), QStringLiteral("requests.cpu")), QStringLiteral("\"requests.cpu\" exists already."));
            const QStringList cpu{QStringLiteral("resourceQuotas"), QStringLiteral("requests.cpu")};
            const int cpuRow = rowOf(form, cpu);
            QVERIFY(cpuRow >= 0);
            QVERIFY(!form.index(cpuRow).data(AppForm::ErrorRole).toString().isEmpty());
            QVERIFY(!form.stepValid());
            form.setText(pathKey(cpu), QStringLiteral("4 cores"));
            QVERIFY(form.index(rowOf(form, cpu)).data(AppForm::ErrorRole).toString().contains(QLatin1String("quantity")));
            QCOMPARE(form.index(rowOf(form, cpu)).data(AppForm::TextRole).toString(), QStringLiteral("4 cores"));
            form.setText(pathKey(cpu), QStringLiteral("4"));
            QVERIFY(form.stepValid());
            QCOMPARE(form.addEntry(pathKey({QStringLiteral("resourceQuotas")}), QStringLiteral("requests.memory")), QString());
            form.setText(pathKey({QStringLiteral("resourceQuotas"), QStringLiteral("requests.memory")}), QStringLiteral("8Gi"));
            QVERIFY(form.valid());
            // Review: the manifest, then the server's dry run.
            QVERIFY(form.next());
            QVERIFY(form.onReview());
            QVERIFY(form.reviewYaml().contains(QLatin1String("requests.cpu: 4")));
            QTRY_VERIFY_WITH_TIMEOUT(!form.busy() && form.verdictOk() && form.verdict().contains(QLatin1String("dry run")), 20000);
            QVERIFY2(call(s->client(), "GET", QStringLiteral("/apis/apps.cozystack.io/v1alpha1/namespaces/tenant-root/tenants/") + name).error.isNotFound(),
                     "a dry run creates nothing");
            QSignalSpy finished(&form, &AppForm::finished);
            form.apply();
            QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
            QCOMPARE(finished.first().first().toString(), QStringLiteral("tenant-root/") + name);
            QVERIFY(!form.dirty());
        }
        // The platform made the tenant's namespace and quota from the form's values.
        const QString quotaPath = QStringLiteral("/api/v1/namespaces/tenant-%1/resourcequotas/tenant-quota").arg(name);
        auto hard = [&] {
            const auto r = call(s->client(), "GET", quotaPath);
            return QJsonDocument::fromJson(r.body).object()[QStringLiteral("spec")].toObject()[QStringLiteral("hard")].toObject();
        };
        QTRY_COMPARE_WITH_TIMEOUT(hard()[QStringLiteral("requests.cpu")].toString(), QStringLiteral("4"), 30000);

        // Edit: filled from the live object; a cleared field is removed, not kept (Cozystack #3135).
        AppForm edit;
        edit.setKind(QStringLiteral("Tenant"));
        edit.setEditKey(QStringLiteral("tenant-root/") + name);
        edit.followSession(s.get());
        QTRY_VERIFY_WITH_TIMEOUT(edit.ready(), 30000);
        QVERIFY(edit.editing());
        QCOMPARE(edit.values()[QStringLiteral("monitoring")].toBool(), true);
        edit.resetToDefault(pathKey({QStringLiteral("monitoring")}));
        edit.setCurrentStep(int(edit.steps().indexOf(QStringLiteral("Resource quotas"))));
        edit.setText(pathKey({QStringLiteral("resourceQuotas"), QStringLiteral("requests.cpu")}), QStringLiteral("6"));
        QVERIFY(edit.index(rowOf(edit, {QStringLiteral("resourceQuotas"), QStringLiteral("requests.cpu")})).data(AppForm::ChangedRole).toBool());
        QVERIFY(edit.dirty());
        const QStringList changes = edit.reviewChanges();
        QCOMPARE(changes.size(), 2);
        // Cleared: the platform fills the default back in on read, so it reads as the default, not as removed.
        QVERIFY2(changes.contains(QStringLiteral("~ monitoring: true → the default (false)")), qPrintable(changes.join(QLatin1Char('\n'))));
        edit.setCurrentStep(int(edit.steps().size()) - 1);
        QTRY_VERIFY_WITH_TIMEOUT(!edit.busy() && edit.verdictOk(), 20000);
        QSignalSpy applied(&edit, &AppForm::finished);
        edit.apply();
        QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, 20000);
        const auto live = call(s->client(), "GET", QStringLiteral("/apis/apps.cozystack.io/v1alpha1/namespaces/tenant-root/tenants/") + name);
        const QJsonObject spec = QJsonDocument::fromJson(live.body).object()[QStringLiteral("spec")].toObject();
        QVERIFY2(!spec[QStringLiteral("monitoring")].toBool(), live.body.constData());
        QTRY_COMPARE_WITH_TIMEOUT(hard()[QStringLiteral("requests.cpu")].toString(), QStringLiteral("6"), 30000);
        call(s->client(), "DELETE", QStringLiteral("/apis/apps.cozystack.io/v1alpha1/namespaces/tenant-root/tenants/") + name);
    }

    // The connection goes away mid-edit: the write fails in words, every value
    // stays, and the same Apply works once the server is back.
    void formKeepsInputWhenTheConnectionDrops()
    {
        auto rc = kube::Kubeconfig::loadFile(testing::adminConfig())->restConfig();
        QVERIFY(rc);
        testing::TcpRelay relay{QUrl(rc->server)};
        rc->server = relay.url();
        PlatformSession s(*rc);
        s.start();
        AppForm edit;
        edit.setKind(QStringLiteral("Kubernetes"));
        edit.setEditKey(QStringLiteral("tenant-alpha/staging"));
        edit.followSession(&s);
        QTRY_VERIFY_WITH_TIMEOUT(edit.ready(), 30000);
        const QStringList host{QStringLiteral("host")};
        const QString wanted = QStringLiteral("staging-%1.example.org").arg(QDateTime::currentMSecsSinceEpoch() % 100000);
        edit.setText(pathKey(host), wanted);
        edit.setCurrentStep(int(edit.steps().size()) - 1);
        QTRY_VERIFY_WITH_TIMEOUT(!edit.busy() && edit.verdictOk(), 20000);
        relay.cut();
        edit.apply();
        QTRY_VERIFY_WITH_TIMEOUT(!edit.busy(), 60000);
        QVERIFY2(!edit.verdictOk() && !edit.verdict().isEmpty(), qPrintable(edit.verdict()));
        QCOMPARE(edit.values()[QStringLiteral("host")].toString(), wanted);
        QVERIFY(edit.dirty());
        QVERIFY(relay.resume());
        QSignalSpy applied(&edit, &AppForm::finished);
        edit.apply();
        QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, 60000);
        const auto live = call(s.client(), "GET", QStringLiteral("/apis/apps.cozystack.io/v1alpha1/namespaces/tenant-alpha/kuberneteses/staging"));
        QCOMPARE(QJsonDocument::fromJson(live.body).object()[QStringLiteral("spec")].toObject()[QStringLiteral("host")].toString(), wanted);
    }

    // An outage: the session says since when it is not live, the cluster's
    // actions are off with the reason, and both come back with the server.
    void outageMarksStaleAndBlocksActions()
    {
        auto rc = kube::Kubeconfig::loadFile(testing::adminConfig())->restConfig();
        QVERIFY(rc);
        testing::TcpRelay relay{QUrl(rc->server)};
        rc->server = relay.url();
        PlatformSession s(*rc);
        ClusterDetails details;
        details.followSession(&s);
        details.setAppKey(QStringLiteral("tenant-alpha/prod"));
        s.start();
        QTRY_VERIFY_WITH_TIMEOUT(s.state() == PlatformSession::State::Synced && details.exists(), 30000);
        QVERIFY(!s.staleSince().isValid());
        QCOMPARE(details.actionsBlocked(), QString());
        const QDateTime before = QDateTime::currentDateTimeUtc();
        relay.cut();
        QTRY_COMPARE_WITH_TIMEOUT(s.state(), PlatformSession::State::Reconnecting, 60000);
        QVERIFY(s.staleSince().isValid() && s.staleSince() >= before.addSecs(-1));
        QVERIFY2(details.actionsBlocked().contains(QLatin1String("Not live")), qPrintable(details.actionsBlocked()));
        QVERIFY(details.exists()); // the page keeps what it had
        // Back for a moment and gone again (a server restarting): the session
        // does not call itself live in between; it does once it holds.
        QList<PlatformSession::State> states;
        connect(&s, &PlatformSession::stateChanged, this, [&] { states << s.state(); });
        QVERIFY(relay.resume());
        QTRY_VERIFY_WITH_TIMEOUT(s.kuberneteses()->access() == ResourceCache::Access::Allowed && s.kuberneteses()->hasSynced(), 60000);
        relay.cut();
        QTRY_VERIFY_WITH_TIMEOUT(s.kuberneteses()->access() != ResourceCache::Access::Allowed, 60000);
        QVERIFY(relay.resume());
        QTRY_COMPARE_WITH_TIMEOUT(s.state(), PlatformSession::State::Synced, 60000);
        QCOMPARE(states.count(PlatformSession::State::Synced), 1);
        QVERIFY(!s.staleSince().isValid());
        QCOMPARE(details.actionsBlocked(), QString());
    }

    // Ages move while the table stays open: the Age column is announced
    // changed for display only, and the sorted proxy keeps its order.
    void agesTick()
    {
        auto s = session({});
        ClusterTableModel table;
        ClusterFilterModel filter;
        filter.setSourceModel(&table);
        filter.sort(ClusterTableModel::Age, Qt::AscendingOrder);
        table.followSession(s.get());
        QTRY_VERIFY_WITH_TIMEOUT(s->state() == PlatformSession::State::Synced && table.count() >= 7 && table.pendingStatuses() == 0, 30000);
        QSignalSpy reset(&filter, &QAbstractItemModel::layoutChanged);
        QSignalSpy changed(&filter, &QAbstractItemModel::dataChanged);
        table.setAgeTickIntervals(200, 200);
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(changed.cbegin(), changed.cend(), [&](const QList<QVariant> &args) {
            const auto tl = args[0].value<QModelIndex>(), br = args[1].value<QModelIndex>();
            return tl.column() == ClusterTableModel::Age && br.column() == ClusterTableModel::Age && tl.row() == 0 &&
                   br.row() == filter.rowCount() - 1 && args[2].value<QList<int>>() == QList<int>{Qt::DisplayRole};
        }), 5000);
        QCOMPARE(reset.size(), 0); // no re-sort for a tick
    }

    // A tenant user may not list the cluster's instance types or storage
    // classes; the platform's options API gives the form its dropdowns.
    void tenantUserGetsChoicesFromTheOptionsApi()
    {
        auto s = session(QStringLiteral("alice"));
        AppForm create;
        create.setKind(QStringLiteral("Kubernetes"));
        create.setNamespaceName(QStringLiteral("tenant-alpha"));
        create.followSession(s.get());
        QTRY_VERIFY_WITH_TIMEOUT(create.ready(), 30000);
        QVERIFY(!create.readOnly());
        // The cluster's own objects are out of reach for alice...
        QCOMPARE(call(s->client(), "GET", QStringLiteral("/apis/storage.k8s.io/v1/storageclasses")).status, 403);
        // ... yet both fields offer what the platform has.
        const QStringList sc{QStringLiteral("storageClass")};
        QTRY_COMPARE_WITH_TIMEOUT(create.index(rowOnItsStep(create, sc)).data(AppForm::ChoicesRole).toStringList(),
                                  QStringList({QStringLiteral("local"), QStringLiteral("replicated")}), 20000);
        QCOMPARE(create.addEntry(pathKey({QStringLiteral("nodeGroups")}), QStringLiteral("md7")), QString());
        const QStringList it{QStringLiteral("nodeGroups"), QStringLiteral("md7"), QStringLiteral("instanceType")};
        const int itRow = rowOnItsStep(create, it);
        QVERIFY(itRow >= 0);
        // (The new entry's options are asked for when it appears: they may still be on their way.)
        QStringList types;
        QTRY_VERIFY2_WITH_TIMEOUT((types = create.index(itRow).data(AppForm::ChoicesRole).toStringList(),
                                   types.contains(QStringLiteral("u1.medium")) && types.contains(QStringLiteral("cx1.large"))),
                                  qPrintable(types.join(u' ')), 20000);
        // Labels say what a choice is, as the platform describes it.
        const QStringList labels = create.index(itRow).data(AppForm::ChoiceLabelsRole).toStringList();
        QCOMPARE(labels.size(), types.size());
        QVERIFY2(labels.at(types.indexOf(QStringLiteral("u1.medium"))).startsWith(QLatin1String("u1.medium ")),
                 qPrintable(labels.join(u'|')));
    }

    // What the server warns of on a write is shown beside the result.
    void formShowsTheServersWarnings()
    {
        auto s = session({});
        AppForm edit;
        edit.setKind(QStringLiteral("Kubernetes"));
        edit.setEditKey(QStringLiteral("tenant-alpha/staging"));
        edit.followSession(s.get());
        QTRY_VERIFY_WITH_TIMEOUT(edit.ready(), 30000);
        const QStringList preset{QStringLiteral("controlPlane"), QStringLiteral("apiServer"), QStringLiteral("resourcesPreset")};
        const QString before = edit.values()[QStringLiteral("controlPlane")].toObject()[QStringLiteral("apiServer")].toObject()
                                   [QStringLiteral("resourcesPreset")].toString();
        edit.setText(pathKey(preset), QStringLiteral("large")); // a legacy preset: accepted, with a warning
        edit.setCurrentStep(int(edit.steps().size()) - 1);
        QTRY_VERIFY_WITH_TIMEOUT(!edit.busy() && edit.verdictOk(), 20000);
        QVERIFY(edit.warnings().isEmpty()); // nothing was sent yet: the platform would have stored it
        QSignalSpy applied(&edit, &AppForm::finished);
        QSignalSpy state(&edit, &AppForm::stateChanged);
        edit.apply();
        QTRY_VERIFY_WITH_TIMEOUT(!edit.busy() && state.count() > 0, 30000);
        QVERIFY2(edit.warnings().join(u' ').contains(QLatin1String("\"large\" is a deprecated resource preset")),
                 qPrintable(edit.warnings().join(u'\n') + edit.verdict()));
        // Warned is not refused: it was written, and the form stays to show the warning.
        QCOMPARE(applied.size(), 0);
        QVERIFY2(edit.verdictOk() && !edit.dirty(), qPrintable(edit.verdict()));
        const QString path = PlatformSession::KubernetesRef.objectPath(QStringLiteral("tenant-alpha"), QStringLiteral("staging"));
        const QJsonObject live = QJsonDocument::fromJson(call(s->client(), "GET", path).body).object();
        QCOMPARE(live[QStringLiteral("spec")][QStringLiteral("controlPlane")][QStringLiteral("apiServer")][QStringLiteral("resourcesPreset")].toString(),
                 QStringLiteral("large"));
        // Put it back (the platform fills the default in again for an unset one).
        const QJsonValue back = before.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(before);
        const QJsonObject patch{{QStringLiteral("spec"), QJsonObject{{QStringLiteral("controlPlane"), QJsonObject{{QStringLiteral("apiServer"),
                                                                     QJsonObject{{QStringLiteral("resourcesPreset"), back}}}}}}}};
        QVERIFY(call(s->client(), "PATCH", path, QJsonDocument(patch).toJson(QJsonDocument::Compact), "application/merge-patch+json").ok());
    }

    // What the applications' API server serves comes from its discovery: a
    // kind it does not serve is not offered (the New… menu, the form).
    void servedKindsFromDiscovery()
    {
        auto s = session({});
        QSignalSpy discovered(s.get(), &PlatformSession::servedAppsChanged);
        QTRY_VERIFY_WITH_TIMEOUT(discovered.size() > 0, 20000);
        QVERIFY(s->appResourceServed(QStringLiteral("kuberneteses")));
        QVERIFY(s->appResourceServed(QStringLiteral("tenants")));
        QVERIFY(!s->appResourceServed(QStringLiteral("ghosts")));
        // A tenant user reads the same discovery.
        auto alice = session(QStringLiteral("alice"));
        QSignalSpy hers(alice.get(), &PlatformSession::servedAppsChanged);
        QTRY_VERIFY_WITH_TIMEOUT(hers.size() > 0, 20000);
        QVERIFY(alice->appResourceServed(QStringLiteral("kuberneteses")));
        QVERIFY(!alice->appResourceServed(QStringLiteral("ghosts")));
    }

    // Without write rights the form says so before anything is filled in.
    void formIsReadOnlyWithoutRights()
    {
        auto s = session(QStringLiteral("victor")); // a viewer of tenant-beta
        AppForm create;
        create.setKind(QStringLiteral("Kubernetes"));
        create.setNamespaceName(QStringLiteral("tenant-beta"));
        create.followSession(s.get());
        QTRY_VERIFY_WITH_TIMEOUT(create.ready(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(create.readOnly(), 20000);
        QVERIFY2(create.readOnlyReason().contains(QLatin1String("create")), qPrintable(create.readOnlyReason()));
        // Edits do nothing; every field is read-only, and the reason is said
        // once above them, not again under each.
        create.setName(QStringLiteral("x"));
        QCOMPARE(create.addEntry(pathKey({QStringLiteral("nodeGroups")}), QStringLiteral("md9")), QStringLiteral("This form is read-only."));
        QVERIFY(create.rowCount() > 0);
        for (int i = 0; i < create.rowCount(); ++i) {
            QVERIFY(create.index(i).data(AppForm::ReadOnlyRole).toBool());
            QVERIFY(create.index(i).data(AppForm::ReadOnlyReasonRole).toString().isEmpty());
        }
        AppForm edit;
        edit.setKind(QStringLiteral("Kubernetes"));
        edit.setEditKey(QStringLiteral("tenant-beta/broken"));
        edit.followSession(s.get());
        QTRY_VERIFY_WITH_TIMEOUT(edit.ready() && edit.readOnly(), 30000);
        QVERIFY2(edit.readOnlyReason().contains(QLatin1String("patch")), qPrintable(edit.readOnlyReason()));
    }

    void tenantUserSeesTheirTenantsOnly()
    {
        auto s = session(QStringLiteral("alice"));
        ClusterTableModel table;
        QAbstractItemModelTester tester(&table, QAbstractItemModelTester::FailureReportingMode::QtTest);
        table.followSession(s.get());
        QTRY_VERIFY_WITH_TIMEOUT(table.rowOf(QStringLiteral("tenant-alpha-gamma/edge")) >= 0, 30000);
        QTRY_VERIFY(table.rowOf(QStringLiteral("tenant-alpha/prod")) >= 0);
        QCOMPARE(table.rowOf(QStringLiteral("tenant-beta/broken")), -1);
        QVERIFY(!s->clusterWide());
        QTRY_VERIFY_WITH_TIMEOUT(!s->treeVisible(), 30000);
        // Rows show while the lists stream in, before every namespace's informer has synced.
        QTRY_COMPARE_WITH_TIMEOUT(s->state(), PlatformSession::State::Synced, 30000);
        // Health from the app's own conditions; nothing shown as zero that is unknown.
        const int prod = table.rowOf(QStringLiteral("tenant-alpha/prod"));
        QTRY_COMPARE(table.data(table.index(prod, 0), ClusterTableModel::HealthRole).toInt(), int(Health::Ready));
        QCOMPARE(table.data(table.index(prod, ClusterTableModel::Nodes), Qt::DisplayRole).toString(), QStringLiteral("—"));
        // Secrets: alice (admin of alpha) may get the kubeconfig Secret.
        // (The Secret appears once prod's control plane serves.)
        QTRY_VERIFY_WITH_TIMEOUT(call(s->client(), "GET", QStringLiteral("/api/v1/namespaces/tenant-alpha/secrets/kubernetes-prod-admin-kubeconfig")).ok(), 60000);
        // ... but not list them, and nothing of another tenant.
        QCOMPARE(call(s->client(), "GET", QStringLiteral("/api/v1/namespaces/tenant-alpha/secrets")).status, 403);
        QCOMPARE(call(s->client(), "GET", QStringLiteral("/api/v1/namespaces/tenant-beta/secrets/kubernetes-broken-admin-kubeconfig")).status, 403);
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
