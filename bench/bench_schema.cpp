// bench_schema: the schema engine on the live Kubernetes schema with 50 node
// groups: field tree, full validation, both, median over many runs; and the
// same verdict from the server (dryRun=All) for comparison. Writes JSON.
//   bench_schema --kubeconfig F [--groups 50] [--runs 200] [--json OUT] [--manifest OUT.yaml]
#include "core/kube/Kubeconfig.h"
#include "core/kube/RestClient.h"
#include "core/platform/AppDefinition.h"
#include "core/platform/AppSchema.h"
#include "core/platform/SchemaValidator.h"
#include "core/platform/Yaml.h"
#include "tests/common/SandboxClient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <cstdio>

using namespace nestdeck;
using namespace nestdeck::kube;
using namespace nestdeck::platform;
using nestdeck::testing::call;

namespace {
double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

template <typename Fn> double timeMs(Fn fn)
{
    QElapsedTimer t;
    t.start();
    fn();
    return double(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    QCommandLineOption kubeconfig(QStringLiteral("kubeconfig"), QStringLiteral("Kubeconfig."), QStringLiteral("file"));
    QCommandLineOption groupsOpt(QStringLiteral("groups"), QStringLiteral("Node groups."), QStringLiteral("n"), QStringLiteral("50"));
    QCommandLineOption runsOpt(QStringLiteral("runs"), QStringLiteral("Runs."), QStringLiteral("n"), QStringLiteral("200"));
    QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Write figures here."), QStringLiteral("file"));
    QCommandLineOption manifestOpt(QStringLiteral("manifest"), QStringLiteral("Write the manifest here (for kubectl)."), QStringLiteral("file"));
    p.addOptions({kubeconfig, groupsOpt, runsOpt, jsonOpt, manifestOpt});
    p.process(app);

    auto cfg = Kubeconfig::loadFile(p.value(kubeconfig));
    if (!cfg) {
        std::fprintf(stderr, "bench_schema: %s\n", qPrintable(cfg.error().message));
        return 2;
    }
    RestClient client(*cfg->restConfig());
    const ApiResponse ad = call(client, "GET", QStringLiteral("/apis/cozystack.io/v1alpha1/applicationdefinitions/kubernetes"));
    if (!ad.ok()) {
        std::fprintf(stderr, "bench_schema: %s\n", qPrintable(ad.error.text()));
        return 2;
    }
    auto def = AppDefinition::fromJson(QJsonDocument::fromJson(ad.body).object());
    if (!def || !def->hasSchema()) {
        std::fprintf(stderr, "bench_schema: the Kubernetes definition has no usable schema\n");
        return 2;
    }
    const QByteArray raw = def->schemaJson;
    const int groups = p.value(groupsOpt).toInt(), runs = p.value(runsOpt).toInt();
    QJsonObject nodeGroups;
    for (int i = 0; i < groups; ++i)
        nodeGroups.insert(QStringLiteral("md%1").arg(i),
                          QJsonObject{{"minReplicas", i % 3}, {"maxReplicas", 3 + i % 5}, {"instanceType", "u1.medium"},
                                      {"ephemeralStorage", "20Gi"}, {"roles", QJsonArray{"ingress-nginx"}},
                                      {"resources", QJsonObject{{"cpu", "2"}, {"memory", "4Gi"}}}});
    const QJsonObject spec{{"version", "v1.33"}, {"nodeGroups", nodeGroups}, {"addons", QJsonObject{{"certManager", QJsonObject{{"enabled", true}}}}}};

    QList<double> tree, compile, validate, total;
    int errors = -1;
    for (int i = 0; i < runs; ++i) {
        tree << timeMs([&] { (void)AppSchema::build(raw, def->keysOrder); });
        ValidatorPtr v;
        compile << timeMs([&] { v = *SchemaValidator::create(raw, def->keysOrder); });
        validate << timeMs([&] { errors = int(v->validate(spec).errors.size()); });
        total << timeMs([&] {
            auto vv = SchemaValidator::create(raw, def->keysOrder);
            (void)(*vv)->validate(spec);
        });
    }
    // The server's verdict on the same object (dry-run create), for comparison.
    QJsonObject manifest{{"apiVersion", "apps.cozystack.io/v1alpha1"}, {"kind", "Kubernetes"},
                         {"metadata", QJsonObject{{"name", "bench-schema"}, {"namespace", "tenant-root"}}}, {"spec", spec}};
    const QByteArray body = QJsonDocument(manifest).toJson(QJsonDocument::Compact);
    QList<double> server;
    for (int i = 0; i < std::min(runs, 20); ++i)
        server << timeMs([&] { call(client, "POST", QStringLiteral("/apis/apps.cozystack.io/v1alpha1/namespaces/tenant-root/kuberneteses?dryRun=All"), body); });

    std::printf("  schema engine, Kubernetes schema, %d node groups (%lld bytes of spec), median of %d runs; errors found: %d\n", groups,
                qlonglong(body.size()), runs, errors);
    std::printf("  %-52s %8.3f ms\n", "field tree (AppSchema::build)", median(tree));
    std::printf("  %-52s %8.3f ms\n", "validator (field tree + valijson schema)", median(compile));
    std::printf("  %-52s %8.3f ms\n", "full validation (defaults, schema, rules)", median(validate));
    std::printf("  %-52s %8.3f ms\n", "field tree + full validation, from scratch", median(total));
    std::printf("  %-52s %8.3f ms\n", "server dry-run of the same object (HTTP/2, loopback)", median(server));
    if (p.isSet(manifestOpt)) {
        QSaveFile f(p.value(manifestOpt));
        if (f.open(QIODevice::WriteOnly)) {
            f.write(jsonToYaml(manifest).toUtf8());
            f.commit();
        }
    }
    if (p.isSet(jsonOpt)) {
        QSaveFile f(p.value(jsonOpt));
        if (f.open(QIODevice::WriteOnly)) {
            f.write(QJsonDocument(QJsonObject{{"nodeGroups", groups}, {"runs", runs}, {"errors", errors},
                                              {"treeMs", median(tree)}, {"validatorMs", median(compile)},
                                              {"validateMs", median(validate)}, {"treeAndValidateMs", median(total)},
                                              {"serverDryRunMs", median(server)}})
                        .toJson());
            f.commit();
        }
    }
    return errors == 0 ? 0 : 1;
}
