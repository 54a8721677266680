// Objects and lists as the server (or a proxy in front of it) sends them.
#include "FuzzTarget.h"
#include "core/kube/Decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view json(reinterpret_cast<const char *>(data), size);
    QString error;
    nestdeck::kube::KubeObject object;
    (void)nestdeck::kube::decodeObject(json, &object, &error);
    nestdeck::kube::ListPage page;
    (void)nestdeck::kube::decodeList(json, &page, &error);
    return 0;
}
