#include "core/platform/AppDefinition.h"
#include "core/platform/Format.h"
#include "core/platform/KubernetesSpec.h"
#include "core/platform/Naming.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace nestdeck;
using namespace nestdeck::platform;

namespace {
QJsonObject parse(const char *json)
{
    QJsonParseError e{};
    const QJsonObject o = QJsonDocument::fromJson(QByteArray(json), &e).object();
    if (e.error != QJsonParseError::NoError)
        qFatal("test JSON does not parse: %s at %d", qPrintable(e.errorString()), e.offset);
    return o;
}

QJsonObject appWithSpec(const QJsonObject &spec)
{
    return {{QStringLiteral("apiVersion"), QStringLiteral("apps.cozystack.io/v1alpha1")},
            {QStringLiteral("kind"), QStringLiteral("Kubernetes")},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("prod")}}},
            {QStringLiteral("spec"), spec}};
}

// The addons part of a Kubernetes schema, shaped like the platform's: cilium
// has no "enabled" switch (always on), the others do.
const char *SchemaJson = R"json({
  "type": "object",
  "properties": {
    "addons": {"type": "object", "properties": {
      "cilium": {"type": "object", "description": "Cilium CNI (always installed)",
                 "properties": {"valuesOverride": {"type": "object"}}},
      "certManager": {"type": "object", "description": "cert-manager",
                      "properties": {"enabled": {"type": "boolean"}, "valuesOverride": {"type": "object"}}},
      "gatewayAPI": {"type": "object", "properties": {"enabled": {"type": "boolean"}}}
    }}
  }
})json";

const char *SpecJson = R"json({
  "version": "v1.32",
  "storageClass": "replicated",
  "host": "prod.example.org",
  "nodeGroups": {
    "md1": {"minReplicas": 0, "maxReplicas": 2, "instanceType": "gn1.xlarge",
            "gpus": [{"name": "nvidia.com/AD102GL_L40S"}, {"name": "nvidia.com/GA100"}]},
    "md0": {"minReplicas": 1, "maxReplicas": 3, "instanceType": "u1.large", "ephemeralStorage": "30Gi",
            "roles": ["ingress-nginx", "worker"], "resources": {"cpu": 2, "memory": "8Gi"}}
  },
  "addons": {"certManager": {"enabled": true}, "custom": {"enabled": true}, "velero": {}},
  "controlPlane": {
    "replicas": 3,
    "apiServer": {"resourcesPreset": "large"},
    "controllerManager": {"resourcesPreset": "nosuchpreset"},
    "scheduler": {"resourcesPreset": "micro", "resources": {"cpu": "500m", "memory": 536870912}},
    "konnectivity": {"server": {"resources": {"cpu": 0.5}}}
  }
})json";
} // namespace

class TestKubernetesSpec : public QObject {
    Q_OBJECT
private slots:
    void readsTheSpec()
    {
        const KubernetesSpec k = KubernetesSpec::read(appWithSpec(parse(SpecJson)), parse(SchemaJson));
        QCOMPARE(k.version, QStringLiteral("v1.32"));
        QCOMPARE(k.storageClass, QStringLiteral("replicated"));
        QCOMPARE(k.host, QStringLiteral("prod.example.org"));
        QCOMPARE(k.controlPlaneReplicas, 3);
    }

    void nodeGroupsByName()
    {
        const KubernetesSpec k = KubernetesSpec::read(appWithSpec(parse(SpecJson)));
        QCOMPARE(k.nodeGroups.size(), 2);
        const NodeGroupSpec &md0 = k.nodeGroups[0];
        QCOMPARE(md0.name, QStringLiteral("md0"));
        QCOMPARE(md0.minReplicas, 1);
        QCOMPARE(md0.maxReplicas, 3);
        QCOMPARE(md0.instanceType, QStringLiteral("u1.large"));
        QCOMPARE(md0.diskSize, QStringLiteral("30Gi"));
        QCOMPARE(md0.roles, (QStringList{QStringLiteral("ingress-nginx"), QStringLiteral("worker")}));
        QVERIFY(md0.gpus.isEmpty());
        QCOMPARE(md0.resourcesCpu, QStringLiteral("2")); // an int quantity reads as text
        QCOMPARE(md0.resourcesMemory, QStringLiteral("8Gi"));
        const NodeGroupSpec &md1 = k.nodeGroups[1];
        QCOMPARE(md1.name, QStringLiteral("md1"));
        QCOMPARE(md1.gpus, (QStringList{QStringLiteral("nvidia.com/AD102GL_L40S"), QStringLiteral("nvidia.com/GA100")}));
        QVERIFY(md1.diskSize.isEmpty());
        QVERIFY(md1.resourcesCpu.isEmpty());
        QVERIFY(md1.roles.isEmpty());
    }

    void addonsFromSchemaAndSpec()
    {
        const KubernetesSpec k = KubernetesSpec::read(appWithSpec(parse(SpecJson)), parse(SchemaJson));
        // The schema's addons by key, then those only the spec names, by key.
        QStringList keys;
        for (const AddonSpec &a : k.addons)
            keys << a.key;
        QCOMPARE(keys, (QStringList{QStringLiteral("certManager"), QStringLiteral("cilium"), QStringLiteral("gatewayAPI"),
                                    QStringLiteral("custom"), QStringLiteral("velero")}));
        const AddonSpec &cert = k.addons[0], &cilium = k.addons[1], &gw = k.addons[2], &custom = k.addons[3], &velero = k.addons[4];
        QCOMPARE(cert.title, QStringLiteral("cert-manager"));
        QVERIFY(cert.enabled);
        QVERIFY(!cert.alwaysOn);
        QCOMPARE(cert.releaseSuffix(), QStringLiteral("cert-manager"));
        // No "enabled" in its schema: always on, whatever the spec says.
        QVERIFY(cilium.alwaysOn);
        QVERIFY(cilium.enabled);
        QCOMPARE(cilium.title, QStringLiteral("Cilium CNI (always installed)"));
        // No description: the key is the title.
        QCOMPARE(gw.title, QStringLiteral("gatewayAPI"));
        QVERIFY(!gw.enabled);
        QVERIFY(!gw.alwaysOn);
        QCOMPARE(gw.releaseSuffix(), QStringLiteral("gateway-api"));
        // Unknown to the schema: listed, never always on.
        QVERIFY(custom.enabled);
        QVERIFY(!custom.alwaysOn);
        QCOMPARE(custom.title, QStringLiteral("custom"));
        QVERIFY(!velero.enabled);
    }

    void addonsWithoutSchema()
    {
        const KubernetesSpec k = KubernetesSpec::read(appWithSpec(parse(SpecJson)), {});
        QCOMPARE(k.addons.size(), 3); // certManager, custom, velero
        for (const AddonSpec &a : k.addons)
            QVERIFY(!a.alwaysOn);
    }

    void controlPlaneComponents()
    {
        const KubernetesSpec k = KubernetesSpec::read(appWithSpec(parse(SpecJson)));
        using Id = ControlPlaneComponent::Id;
        QCOMPARE(k.components.size(), 4);
        const ControlPlaneComponent &api = k.components[0], &cm = k.components[1], &sched = k.components[2], &konn = k.components[3];
        QCOMPARE(api.id, Id::ApiServer);
        QCOMPARE(api.path, QStringLiteral("apiServer"));
        QCOMPARE(api.preset, QStringLiteral("large"));
        QCOMPARE(api.presetCpu, QStringLiteral("2"));
        QCOMPARE(api.presetMemory, QStringLiteral("2Gi"));
        QVERIFY(!api.hasExplicitResources());
        QCOMPARE(cm.id, Id::ControllerManager);
        QCOMPARE(cm.preset, QStringLiteral("nosuchpreset"));
        QVERIFY(cm.presetCpu.isEmpty()); // unknown preset: no meaning
        QCOMPARE(sched.id, Id::Scheduler);
        QCOMPARE(sched.presetCpu, QStringLiteral("500m"));
        QCOMPARE(sched.presetMemory, QStringLiteral("256Mi"));
        QVERIFY(sched.hasExplicitResources());
        QCOMPARE(sched.cpu, QStringLiteral("500m"));
        QCOMPARE(sched.memory, QStringLiteral("536870912")); // a whole number in full, not 5.36871e+08
        QCOMPARE(konn.id, Id::KonnectivityServer);
        QCOMPARE(konn.path, QStringLiteral("konnectivity.server"));
        QVERIFY(konn.preset.isEmpty());
        QCOMPARE(konn.cpu, QStringLiteral("0.5"));
        QVERIFY(konn.memory.isEmpty());
        QVERIFY(konn.hasExplicitResources());
    }

    void emptyAndOddSpecs()
    {
        // No app at all: no groups or addons, the control plane's four parts, 2 replicas.
        for (const QJsonObject &app : {QJsonObject(), appWithSpec({}),
                                       parse(R"json({"spec": {"nodeGroups": [1, 2], "addons": "x", "controlPlane": {"replicas": "3"},
                                                 "version": ["v1"]}})json"),
                                       parse(R"json({"spec": "not an object"})json")}) {
            const KubernetesSpec k = KubernetesSpec::read(app, parse(SchemaJson));
            QVERIFY(k.nodeGroups.isEmpty());
            QCOMPARE(k.controlPlaneReplicas, 2);
            QCOMPARE(k.components.size(), 4);
            QVERIFY(k.version.isEmpty());
            // The schema's addons are listed even when the spec has none.
            QCOMPARE(k.addons.size(), 3);
        }
        // A node group that is not an object still has its name.
        const KubernetesSpec k = KubernetesSpec::read(parse(R"json({"spec": {"nodeGroups": {"md0": null}}})json"));
        QCOMPARE(k.nodeGroups.size(), 1);
        QCOMPARE(k.nodeGroups[0].name, QStringLiteral("md0"));
        QCOMPARE(k.nodeGroups[0].maxReplicas, 0); // what the spec says: no schema default filled in
    }

    void versionOf()
    {
        QCOMPARE(KubernetesSpec::versionOf(appWithSpec(parse(SpecJson))), QStringLiteral("v1.32"));
        QCOMPARE(KubernetesSpec::versionOf({}), QString());
    }

    void quantities_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("string") << QJsonValue(QStringLiteral("4Gi")) << QStringLiteral("4Gi");
        QTest::newRow("milli") << QJsonValue(QStringLiteral("250m")) << QStringLiteral("250m");
        QTest::newRow("int") << QJsonValue(2) << QStringLiteral("2");
        QTest::newRow("zero") << QJsonValue(0) << QStringLiteral("0");
        QTest::newRow("large int") << QJsonValue(qint64(4294967296)) << QStringLiteral("4294967296");
        QTest::newRow("fraction") << QJsonValue(0.25) << QStringLiteral("0.25");
        QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined) << QString();
        QTest::newRow("null") << QJsonValue(QJsonValue::Null) << QString();
        QTest::newRow("bool") << QJsonValue(true) << QString();
    }
    void quantities()
    {
        QFETCH(QJsonValue, value);
        QFETCH(QString, text);
        QCOMPARE(quantityText(value), text);
    }

    // The route ClusterDetails takes: the schema and the Secrets from an ApplicationDefinition.
    void definitionFeedsTheReader()
    {
        QJsonObject def = parse(R"json({"metadata": {"name": "kubernetes"},
            "spec": {"application": {"kind": "Kubernetes", "plural": "kuberneteses", "singular": "kubernetes"},
                     "release": {"prefix": "kubernetes-"},
                     "secrets": {"include": [{"resourceNames": ["kubernetes-{{ .name }}-admin-kubeconfig"]}]}}})json");
        QJsonObject spec = def[QStringLiteral("spec")].toObject();
        QJsonObject application = spec[QStringLiteral("application")].toObject();
        application[QStringLiteral("openAPISchema")] = QString::fromUtf8(QByteArray(SchemaJson)); // a JSON string, as served
        spec[QStringLiteral("application")] = application;
        def[QStringLiteral("spec")] = spec;
        const auto d = AppDefinition::fromJson(def);
        QVERIFY(d.ok());
        QVERIFY(d->hasSchema());
        QCOMPARE(d->secretNames(QStringLiteral("prod")), QStringList{naming::adminKubeconfigSecret(QStringLiteral("prod"))});
        QCOMPARE(d->maxNameLength(), 42);
        const KubernetesSpec k = KubernetesSpec::read(appWithSpec(parse(SpecJson)), d->schema);
        QCOMPARE(k.addons.size(), 5);
        QVERIFY(k.addons[1].alwaysOn); // cilium
    }

    // Naming: the platform's naming rules.
    void kubernetesNames()
    {
        const QString app = QStringLiteral("prod");
        QCOMPARE(naming::kubernetesReleasePrefix(), QStringLiteral("kubernetes-"));
        QCOMPARE(naming::kubernetesRelease(app), QStringLiteral("kubernetes-prod"));
        QCOMPARE(naming::machineDeployment(app, QStringLiteral("md0")), QStringLiteral("kubernetes-prod-md0"));
        QCOMPARE(naming::addonReleasePrefix(app), QStringLiteral("kubernetes-prod-"));
        QCOMPARE(naming::adminKubeconfigSecret(app), QStringLiteral("kubernetes-prod-admin-kubeconfig"));
    }

    void namesBackToApps()
    {
        QCOMPARE(naming::kubernetesAppOfRelease(QStringLiteral("kubernetes-prod")), QStringLiteral("prod"));
        QCOMPARE(naming::kubernetesAppOfRelease(QStringLiteral("kubernetes-prod-md0")), QStringLiteral("prod-md0"));
        QCOMPARE(naming::kubernetesAppOfRelease(QStringLiteral("tenant-alpha")), QString());
        QCOMPARE(naming::kubernetesAppOfRelease(QStringLiteral("kubernetes-")), QString());
        QCOMPARE(naming::releaseOfAdminKubeconfigSecret(QStringLiteral("kubernetes-prod-admin-kubeconfig")),
                 QStringLiteral("kubernetes-prod"));
        QCOMPARE(naming::releaseOfAdminKubeconfigSecret(QStringLiteral("my-own-secret")), QStringLiteral("my-own-secret"));
    }

    void tenantNamespaces()
    {
        QCOMPARE(naming::rootTenantNamespace(), QStringLiteral("tenant-root"));
        QCOMPARE(naming::tenantNamespacePrefix(), QStringLiteral("tenant-"));
        QVERIFY(naming::isTenantNamespace(QStringLiteral("tenant-root")));
        QVERIFY(naming::isTenantNamespace(QStringLiteral("tenant-foo-bar")));
        QVERIFY(!naming::isTenantNamespace(QStringLiteral("tenant-")));
        QVERIFY(!naming::isTenantNamespace(QStringLiteral("default")));
        QVERIFY(!naming::isTenantNamespace(QStringLiteral("cozy-system")));
        QCOMPARE(QLatin1String(naming::TenantQuotaName), QLatin1String("tenant-quota"));
    }

    void childTenantNamespace_data()
    {
        QTest::addColumn<QString>("parent");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("child");
        // API doc, section 3: children of the root drop "root".
        QTest::newRow("root's child") << "tenant-root" << "foo" << "tenant-foo";
        QTest::newRow("grandchild") << "tenant-foo" << "bar" << "tenant-foo-bar";
        QTest::newRow("great-grandchild") << "tenant-foo-bar" << "baz" << "tenant-foo-bar-baz";
        QTest::newRow("not a tenant namespace") << "default" << "foo" << "tenant-foo";
    }
    void childTenantNamespace()
    {
        QFETCH(QString, parent);
        QFETCH(QString, name);
        QFETCH(QString, child);
        QCOMPARE(naming::childTenantNamespace(parent, name), child);
    }

    void tenantDisplayName_data()
    {
        QTest::addColumn<QString>("ns");
        QTest::addColumn<QString>("shown");
        QTest::newRow("root") << "tenant-root" << "root";
        QTest::newRow("tenant") << "tenant-alpha" << "alpha";
        QTest::newRow("nested") << "tenant-alpha-gamma" << "alpha-gamma";
        QTest::newRow("other namespace") << "default" << "default";
        QTest::newRow("bare prefix") << "tenant-" << "tenant-";
        QTest::newRow("empty") << "" << "";
    }
    void tenantDisplayName()
    {
        QFETCH(QString, ns);
        QFETCH(QString, shown);
        QCOMPARE(naming::tenantDisplayName(ns), shown);
    }

    void appNameLimits()
    {
        // Helm's 53 characters minus the release prefix.
        QCOMPARE(naming::maxAppNameLength(QStringLiteral("kubernetes-")), 42);
        QCOMPARE(naming::maxAppNameLength(QStringLiteral("tenant-")), 46);
        QCOMPARE(naming::maxAppNameLength(QString()), 53);
        const int max = naming::maxAppNameLength(naming::kubernetesReleasePrefix());
        const QString at42 = QStringLiteral("a").repeated(42);
        QVERIFY(naming::appNameError(at42, max).isEmpty());
        QCOMPARE(naming::kubernetesRelease(at42).size(), naming::HelmReleaseNameMax);
        const QString e = naming::appNameError(at42 + QLatin1Char('a'), max);
        QVERIFY(!e.isEmpty());
        QVERIFY2(e.contains(QLatin1String("42")) && e.contains(QLatin1String("43")), qPrintable(e));
    }

    void appNameError_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("simple") << "prod" << true;
        QTest::newRow("dashes and digits") << "prod-2-eu" << true;
        QTest::newRow("one letter") << "a" << true;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("starts with digit") << "1prod" << false;
        QTest::newRow("starts with dash") << "-prod" << false;
        QTest::newRow("ends with dash") << "prod-" << false;
        QTest::newRow("upper case") << "Prod" << false;
        QTest::newRow("underscore") << "my_prod" << false;
        QTest::newRow("dot") << "prod.eu" << false;
    }
    void appNameError()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        const QString e = naming::appNameError(name, naming::maxAppNameLength(naming::kubernetesReleasePrefix()));
        QVERIFY2(e.isEmpty() == valid, qPrintable(name + QStringLiteral(": ") + e));
    }

    void tenantNameError_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        // ^[a-z][a-z0-9]*$
        QTest::newRow("letters") << "alpha" << true;
        QTest::newRow("letters and digits") << "team42" << true;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("dash") << "team-a" << false;
        QTest::newRow("starts with digit") << "42team" << false;
        QTest::newRow("upper case") << "Alpha" << false;
    }
    void tenantNameError()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        const QString e = naming::tenantNameError(name);
        QVERIFY2(e.isEmpty() == valid, qPrintable(name + QStringLiteral(": ") + e));
    }
};

QTEST_GUILESS_MAIN(TestKubernetesSpec)
#include "tst_kubernetesspec.moc"
