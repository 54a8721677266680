#include "core/kube/JsonPacker.h"

#include "core/Logging.h"

#include <zstd.h>

namespace nestdeck::kube {

namespace {

// Level 1: at these sizes higher levels gain a few bytes an object and cost
// the decoding threads several times the time.
constexpr int Level = 1;

// One context per thread, kept: making one costs more than packing an object.
struct Contexts {
    ZSTD_CCtx *c = ZSTD_createCCtx();
    ZSTD_DCtx *d = ZSTD_createDCtx();
    ~Contexts()
    {
        ZSTD_freeCCtx(c);
        ZSTD_freeDCtx(d);
    }
};
thread_local Contexts t_zstd;

} // namespace

PackDict::PackDict(const QByteArray &content)
{
    // Content without zstd's dictionary magic is taken as raw content: its
    // bytes are what later objects are matched against. (The stable API
    // copies it; the by-reference variants are zstd's experimental API.)
    m_cdict = ZSTD_createCDict(content.constData(), size_t(content.size()), Level);
    m_ddict = ZSTD_createDDict(content.constData(), size_t(content.size()));
    if (!m_cdict || !m_ddict) { // out of memory: pack nothing rather than frames none can read
        ZSTD_freeCDict(static_cast<ZSTD_CDict *>(m_cdict));
        ZSTD_freeDDict(static_cast<ZSTD_DDict *>(m_ddict));
        m_cdict = m_ddict = nullptr;
    }
}

PackDict::~PackDict()
{
    ZSTD_freeCDict(static_cast<ZSTD_CDict *>(m_cdict));
    ZSTD_freeDDict(static_cast<ZSTD_DDict *>(m_ddict));
}

QByteArray PackDict::pack(std::string_view json) const
{
    if (!m_cdict)
        return {};
    QByteArray frame(qsizetype(ZSTD_compressBound(json.size())), Qt::Uninitialized);
    const size_t n = ZSTD_compress_usingCDict(t_zstd.c, frame.data(), size_t(frame.size()), json.data(), json.size(),
                                              static_cast<const ZSTD_CDict *>(m_cdict));
    if (ZSTD_isError(n))
        return {};
    // Exactly its size: a frame keeping its bound's capacity would hold
    // the plain size again.
    return QByteArray(frame.constData(), qsizetype(n));
}

QByteArray PackDict::unpack(const QByteArray &frame) const
{
    const unsigned long long size = ZSTD_getFrameContentSize(frame.constData(), size_t(frame.size()));
    if (!m_ddict || size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ull << 31)) {
        qCWarning(lcWatch) << "a packed cached object cannot be unpacked (corrupt frame)";
        return {};
    }
    QByteArray json(qsizetype(size), Qt::Uninitialized);
    const size_t n = ZSTD_decompress_usingDDict(t_zstd.d, json.data(), size_t(json.size()), frame.constData(), size_t(frame.size()),
                                                static_cast<const ZSTD_DDict *>(m_ddict));
    if (ZSTD_isError(n) || n != size) {
        qCWarning(lcWatch) << "a packed cached object cannot be unpacked:" << ZSTD_getErrorName(n);
        return {};
    }
    return json;
}

JsonPacker::Packed JsonPacker::pack(std::string_view json)
{
    auto plain = [json]() -> Packed { return {QByteArray(json.data(), qsizetype(json.size())), nullptr}; };
    std::shared_ptr<const PackDict> dict = m_dict.load(std::memory_order_acquire);
    if (!dict) {
        std::lock_guard lock(m_mutex);
        dict = m_dict.load(std::memory_order_acquire); // made while this thread waited
        if (!dict) {
            // A large object would fill the dictionary with one object's
            // data: it stays plain, and the next ones are the samples.
            if (qsizetype(json.size()) > MaxSample)
                return plain();
            m_samples.append(json.data(), qsizetype(json.size()));
            if (++m_sampled < SampleCount && m_samples.size() < SampleBytes)
                return plain();
            dict = std::make_shared<const PackDict>(std::exchange(m_samples, {}));
            m_dict.store(dict, std::memory_order_release);
        }
    }
    QByteArray frame = dict->pack(json);
    if (frame.isEmpty() || frame.size() >= qsizetype(json.size()))
        return plain();
    return {std::move(frame), std::move(dict)};
}

} // namespace nestdeck::kube
