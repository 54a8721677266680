// The YAML reader (manifests, form values) and the YAML view of what it read.
#include "FuzzTarget.h"
#include "core/platform/Yaml.h"

#include <QJsonArray>
#include <QJsonObject>

static bool longKey(const QJsonValue &v)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (it.key().toUtf8().size() > 250 || longKey(it.value()))
                return true;
    } else if (v.isArray()) {
        for (const QJsonValue &x : v.toArray())
            if (longKey(x))
                return true;
    }
    return false;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto docs = nestdeck::platform::yamlDocuments(fuzzBytes(data, size));
    if (!docs)
        return 0;
    for (const QJsonValue &v : *docs) {
        // What the view shows must read back as the same value. Not checked for
        // keys over 250 bytes (up to 1,000 characters once escaped): yaml-cpp
        // writes them as implicit keys,
        // which YAML limits to 1,024 (its parser then refuses them; no crash).
        if (longKey(v))
            continue;
        const QString shown = nestdeck::platform::jsonToYaml(v);
        const auto again = nestdeck::platform::yamlDocuments(shown.toUtf8());
        if (!again || again->size() != 1 || again->first() != v)
            __builtin_trap();
    }
    return 0;
}
