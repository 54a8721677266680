#pragma once

// One libFuzzer harness per parser. Each fuzz_*.cpp defines
// LLVMFuzzerTestOneInput; built with clang and -fsanitize=fuzzer it is a fuzzer
// (make fuzz), built normally with regress_main.cpp it replays a corpus (the
// crashes found so far and the seeds) as a test in make test.
#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

inline QByteArray fuzzBytes(const uint8_t *data, size_t size)
{
    return QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
}
