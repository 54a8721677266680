// A cluster's object tree from whatever the server holds: the fixture format of
// tests/core/trees ({"ns", "name", "objects": [...], "events": [...]}).
#include "FuzzTarget.h"
#include "core/platform/ClusterTree.h"
#include "core/platform/SupportBundle.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonObject o = QJsonDocument::fromJson(fuzzBytes(data, size)).object();
    nestdeck::platform::TreeInput in;
    in.ns = o.value(QLatin1String("ns")).toString();
    in.name = o.value(QLatin1String("name")).toString();
    for (const QJsonValue &v : o.value(QLatin1String("objects")).toArray())
        in.objects << v.toObject();
    for (const QJsonValue &v : o.value(QLatin1String("events")).toArray())
        in.events << v.toObject();
    nestdeck::platform::TreeOptions options;
    options.now = QDateTime::fromSecsSinceEpoch(1800000000, QTimeZone::UTC);
    const auto tree = nestdeck::platform::buildTree(in, options);
    (void)nestdeck::platform::treeText(tree);
    (void)nestdeck::platform::diagnosisText(tree);
    (void)nestdeck::platform::supportBundleFiles(tree, in.events);
    return 0;
}
