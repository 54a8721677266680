// The day-two actions as pure changes: the upgrade policy for every pair of
// versions, stop and start restoring sizes exactly (default node groups
// included), scaling, and the refusals in words.
#include "core/platform/AppValues.h"
#include "core/platform/ClusterActions.h"
#include "core/platform/Format.h"
#include "core/platform/TenantQuota.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace nestdeck::platform;

namespace {
QJsonObject json(const char *text) { return QJsonDocument::fromJson(text).object(); }
ValidatorPtr validator()
{
    QFile f(QStringLiteral(SCHEMA_FIXTURES "/cluster.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture cluster.json");
    return *SchemaValidator::create(f.readAll());
}

QJsonObject app(const char *spec, const QJsonObject &annotations = {})
{
    QJsonObject meta{{QStringLiteral("name"), QStringLiteral("c")}, {QStringLiteral("namespace"), QStringLiteral("tenant-x")}};
    if (!annotations.isEmpty())
        meta.insert(QStringLiteral("annotations"), annotations);
    return {{QStringLiteral("metadata"), meta}, {QStringLiteral("spec"), QJsonDocument::fromJson(spec).object()}};
}

QJsonObject withMetadata(QJsonObject a, const QJsonObject &metaPatch)
{
    QJsonObject meta = a.value(QLatin1String("metadata")).toObject();
    meta = applyMergePatch(meta, metaPatch).toObject();
    a.insert(QStringLiteral("metadata"), meta);
    return a;
}
} // namespace

class TestClusterActions : public QObject {
    Q_OBJECT
private slots:
    void upgradePolicy_data()
    {
        QTest::addColumn<QString>("current");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("refusal"); // a word of the reason, "" when allowed
        QTest::newRow("next minor") << "v1.32" << "v1.33" << "";
        QTest::newRow("same") << "v1.32" << "v1.32" << "runs";
        QTest::newRow("two minors") << "v1.31" << "v1.33" << "v1.32 first";
        QTest::newRow("downgrade") << "v1.33" << "v1.32" << "downgrade";
        QTest::newRow("patch release") << "v1.32.1" << "v1.32.4" << "";
        QTest::newRow("patch downgrade") << "v1.32.4" << "v1.32.1" << "downgrade";
        QTest::newRow("major") << "v1.33" << "v2.0" << "major";
        QTest::newRow("garbage") << "v1.33" << "latest" << "understands";
    }
    void upgradePolicy()
    {
        QFETCH(QString, current);
        QFETCH(QString, target);
        QFETCH(QString, refusal);
        const QString why = upgradeRefusal({}, current, target);
        if (refusal.isEmpty())
            QVERIFY2(why.isEmpty(), qPrintable(why));
        else
            QVERIFY2(why.contains(refusal), qPrintable(why));
    }

    void choicesExplainEveryVersion()
    {
        const QJsonArray offered{QStringLiteral("v1.30"), QStringLiteral("v1.31"), QStringLiteral("v1.32"), QStringLiteral("v1.33")};
        const QList<VersionChoice> c = upgradeChoices(offered, QStringLiteral("v1.31"));
        QCOMPARE(c.size(), 4);
        QVERIFY(!c[0].allowed && c[0].reason.contains(QLatin1String("downgrade")));
        QVERIFY(!c[1].allowed && c[1].current);
        QVERIFY(c[2].allowed && c[2].reason.isEmpty());
        QVERIFY(!c[3].allowed && c[3].reason.contains(QLatin1String("v1.32")));
        QVERIFY(upgradeRefusal(offered, QStringLiteral("v1.33"), QStringLiteral("v1.34")).contains(QLatin1String("offers")));
    }

    void stopAndStartRestoreExactly()
    {
        const auto v = validator();
        // A plain string: moc misreads raw strings with quotes and braces.
        const QJsonObject a = app("{\"nodeGroups\": {\"md0\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"instanceType\": \"u1.small\"}, \"gpu\": {\"minReplicas\": 0, \"maxReplicas\": 2, \"instanceType\": \"g1.large\"}}}");
        QVERIFY(!isStopped(a));
        const SpecChange stop = stopChange(a, *v);
        QVERIFY2(stop.ok(), qPrintable(stop.error));
        QCOMPARE(valueAt(stop.spec, {QStringLiteral("nodeGroups"), QStringLiteral("md0"), QStringLiteral("maxReplicas")}).toInt(), 0);
        QCOMPARE(valueAt(stop.spec, {QStringLiteral("nodeGroups"), QStringLiteral("gpu"), QStringLiteral("instanceType")}).toString(), QStringLiteral("g1.large"));
        QVERIFY(v->validate(stop.spec).ok());
        // As the server stores it: the new spec and the annotation.
        QJsonObject stopped = withMetadata(a, stop.metadata);
        stopped.insert(QStringLiteral("spec"), stop.spec);
        QVERIFY(isStopped(stopped));
        QCOMPARE(recordedSizes(stopped), (QStringList{QStringLiteral("gpu: minimum 0, maximum 2 nodes"), QStringLiteral("md0: minimum 1, maximum 3 nodes")}));
        QVERIFY(recordedSizes(a).isEmpty());
        QVERIFY(!stopChange(stopped, *v).ok());
        QVERIFY(!scaleChange(stopped, *v, QStringLiteral("md0"), 1, 1).ok());
        const SpecChange start = startChange(stopped, *v);
        QVERIFY2(start.ok(), qPrintable(start.error));
        QCOMPARE(start.spec, a.value(QLatin1String("spec")).toObject());
        QVERIFY(!isStopped(withMetadata(stopped, start.metadata)));
        QVERIFY(!startChange(a, *v).ok());
    }

    void stopRecordsDefaultNodeGroups()
    {
        // No nodeGroups in the spec: the schema's default groups are what runs, and what comes back.
        const auto v = validator();
        const QJsonObject a = app("{}");
        const SpecChange stop = stopChange(a, *v);
        QVERIFY(stop.ok());
        QVERIFY(stop.spec.value(QLatin1String("nodeGroups")).toObject().contains(QLatin1String("md0")));
        QJsonObject stopped = withMetadata(a, stop.metadata);
        stopped.insert(QStringLiteral("spec"), stop.spec);
        const SpecChange start = startChange(stopped, *v);
        QVERIFY(start.ok());
        QCOMPARE(valueAt(start.spec, {QStringLiteral("nodeGroups"), QStringLiteral("md0"), QStringLiteral("maxReplicas")}).toInt(), 10);
        // A record that cannot be read is said, not guessed around.
        const QJsonObject broken = app("{}", {{QLatin1String(StoppedSizesAnnotation), QStringLiteral("{oops")}});
        QVERIFY(startChange(broken, *v).error.contains(QLatin1String(StoppedSizesAnnotation)));
    }

    void scaleAndUpgrade()
    {
        const auto v = validator();
        const QJsonObject a = app("{\"version\": \"v1.32\", \"nodeGroups\": {\"md0\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"instanceType\": \"u1.small\"}}}");
        const SpecChange s = scaleChange(a, *v, QStringLiteral("md0"), 2, 6, QStringLiteral("u1.large"));
        QVERIFY(s.ok());
        QCOMPARE(valueAt(s.spec, {QStringLiteral("nodeGroups"), QStringLiteral("md0"), QStringLiteral("instanceType")}).toString(), QStringLiteral("u1.large"));
        QVERIFY(!scaleChange(a, *v, QStringLiteral("md9"), 1, 1).ok());
        QVERIFY(upgradeChange(a, *v, QStringLiteral("v1.33")).ok());
        QVERIFY(upgradeChange(a, *v, QStringLiteral("v1.31")).error.contains(QLatin1String("downgrade")));
    }
    // A tenant's quota holds both the chart's defaults and the Tenant's own
    // keys; "cpu" and "requests.cpu" bound the same thing: the tighter shows.
    void quotaTightestWins()
    {
        const QJsonObject q = json("{\"status\": {\"hard\": {\"requests.cpu\": \"32\", \"requests.memory\": \"64Gi\", \"cpu\": \"4\", "
                                   "\"memory\": \"8Gi\", \"requests.storage\": \"500Gi\", \"services.loadbalancers\": \"5\", "
                                   "\"count/kuberneteses.apps.cozystack.io\": \"3\"}, "
                                   "\"used\": {\"requests.cpu\": \"500m\", \"cpu\": \"500m\", \"count/kuberneteses.apps.cozystack.io\": \"1\"}}}");
        const QList<QuotaUse> uses = readTenantQuota(q);
        QCOMPARE(quotaLine(uses), QStringLiteral("clusters 1/3 · cpu 500m/4 · memory 0/8Gi · storage 0/500Gi · services.loadbalancers 0/5"));
        QCOMPARE(uses[1].resource, QStringLiteral("cpu"));
        // The chart's own limit is the tighter one: it shows.
        const QJsonObject loose = json("{\"status\": {\"hard\": {\"requests.cpu\": \"2\", \"cpu\": \"4000m\"}}}");
        QCOMPARE(quotaLine(readTenantQuota(loose)), QStringLiteral("cpu 0/2"));
        QCOMPARE(quantityValue(QStringLiteral("1.5Gi")).value_or(-1), 1.5 * 1024 * 1024 * 1024);
        QCOMPARE(quantityValue(QStringLiteral("250m")).value_or(-1), 0.25);
        QCOMPARE(quantityValue(QStringLiteral("2e3")).value_or(-1), 2000.0);
        QVERIFY(!quantityValue(QStringLiteral("lots")));
    }

    // Writes are off while the cluster is being deleted, and while the session is not live.
    void actionsBlocked()
    {
        QCOMPARE(actionsBlockedReason(Health::Ready, true), QString());
        QCOMPARE(actionsBlockedReason(Health::Failed, true), QString());
        QVERIFY(!actionsBlockedReason(Health::Deleting, true).isEmpty());
        QVERIFY(actionsBlockedReason(Health::Ready, false).contains(QLatin1String("Not live")));
    }

};

QTEST_MAIN(TestClusterActions)
#include "tst_clusteractions.moc"
