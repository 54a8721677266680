// The kubeconfig loader: YAML from any file the user points at.
#include "FuzzTarget.h"
#include "core/kube/Kubeconfig.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto cfg = nestdeck::kube::Kubeconfig::parse(fuzzBytes(data, size), QStringLiteral("fuzz.kubeconfig"));
    if (!cfg)
        return 0;
    (void)cfg->restConfig(); // the current context
    for (const QString &name : cfg->contextNames())
        (void)cfg->restConfig(name);
    return 0;
}
