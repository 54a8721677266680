// A watch body cut into chunks anywhere (the first byte picks the chunk size),
// split into values and each decoded as a watch event.
#include "FuzzTarget.h"
#include "core/kube/Decoder.h"
#include "core/kube/JsonStreamSplitter.h"

#include <algorithm>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const size_t chunk = size_t(data[0] % 64) + 1;
    nestdeck::kube::JsonStreamSplitter splitter;
    for (size_t at = 1; at < size; at += chunk) {
        splitter.feed(reinterpret_cast<const char *>(data) + at, std::min(chunk, size - at), [](std::string_view value) {
            nestdeck::kube::WatchEvent ev;
            (void)nestdeck::kube::decodeWatchEvent(value, &ev);
        });
        if (splitter.overflowed())
            break;
    }
    return 0;
}
