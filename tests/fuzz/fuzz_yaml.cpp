// The YAML reader (manifests, form values) and the YAML view of what it read.
#include "FuzzTarget.h"
#include "core/platform/Yaml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto docs = nestdeck::platform::yamlDocuments(fuzzBytes(data, size));
    if (!docs)
        return 0;
    for (const QJsonValue &v : *docs) {
        // What the view shows must read back as the same value.
        const QString shown = nestdeck::platform::jsonToYaml(v);
        const auto again = nestdeck::platform::yamlDocuments(shown.toUtf8());
        if (!again || again->size() != 1 || again->first() != v)
            __builtin_trap();
    }
    return 0;
}
