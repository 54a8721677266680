// The schema engine: an arbitrary schema becomes a field tree and a validator,
// and an arbitrary value is validated against it. Input: the schema, a NUL
// byte, the value (both JSON); without a NUL the value is {}.
#include "FuzzTarget.h"
#include "core/platform/FormLayout.h"
#include "core/platform/SchemaValidator.h"

#include <QJsonDocument>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray all = fuzzBytes(data, size);
    const qsizetype nul = all.indexOf('\0');
    const QByteArray schema = nul < 0 ? all : all.left(nul);
    const QByteArray value = nul < 0 ? QByteArray("{}") : all.mid(nul + 1);
    const auto validator = nestdeck::platform::SchemaValidator::create(schema);
    if (!validator)
        return 0;
    const QJsonObject spec = QJsonDocument::fromJson(value).object();
    (void)(*validator)->validate(spec);
    (void)(*validator)->validate(spec, &spec); // as an update of itself
    const QJsonObject effective = (*validator)->withDefaults(spec);
    const auto &root = (*validator)->schema().root();
    for (const auto &step : nestdeck::platform::formSteps(root))
        (void)nestdeck::platform::formRows(root, step.roots, spec, effective);
    return 0;
}
