#pragma once

#include <QByteArray>

#include <atomic>
#include <memory>
#include <mutex>
#include <string_view>

namespace nestdeck::kube {

// A zstd dictionary made of sample objects, shared by every object packed
// with it (each holds a reference, so it outlives its cache if need be).
// Immutable: any thread may pack and unpack with it.
class PackDict {
public:
    explicit PackDict(const QByteArray &content);
    ~PackDict();
    PackDict(const PackDict &) = delete;
    PackDict &operator=(const PackDict &) = delete;

    // A zstd frame of json, or empty when zstd fails (it does not on valid input).
    QByteArray pack(std::string_view json) const;
    // The JSON of a frame made by pack(); empty (and a warning) on a corrupt frame.
    QByteArray unpack(const QByteArray &frame) const;

private:
    void *m_cdict = nullptr; // ZSTD_CDict
    void *m_ddict = nullptr; // ZSTD_DDict
};

// Compresses the JSON a cache keeps, which is most of a cached object's
// memory. The objects of one resource repeat one another (keys, condition
// types, reasons, label values), so a dictionary made of the first few of
// them makes the rest ~10x smaller (a 1.2 KB HelmRelease: ~120 bytes), where
// zstd or zlib alone on 1 KB documents save little. Each cache has its own
// packer: one resource's objects do not predict another's.
//
// The first objects go in as samples and stay plain; once SampleBytes or
// SampleCount are reached the dictionary is made and every later object is
// packed (objects over MaxSample are not samples). Thread-safe: the decoding threads of one cache share it.
class JsonPacker {
public:
    struct Packed {
        QByteArray data;                     // a zstd frame, or the JSON itself when dict is null
        std::shared_ptr<const PackDict> dict; // what unpacks data
    };
    Packed pack(std::string_view json);
    // The dictionary, once made (null while sampling).
    std::shared_ptr<const PackDict> dict() const { return m_dict.load(std::memory_order_acquire); }

    static constexpr qsizetype SampleBytes = 32 * 1024;
    static constexpr int SampleCount = 16;
    static constexpr qsizetype MaxSample = SampleBytes / 4;

private:
    std::atomic<std::shared_ptr<const PackDict>> m_dict;
    std::mutex m_mutex; // guards the samples
    QByteArray m_samples;
    int m_sampled = 0;
};

} // namespace nestdeck::kube
