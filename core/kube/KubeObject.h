#pragma once

#include <QByteArray>
#include <QAtomicInt>
#include <QByteArrayList>
#include <QList>
#include <QPair>
#include <QSharedData>
#include <QString>

#include "core/kube/JsonPacker.h"

#include <array>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <string_view>

namespace nestdeck::kube {

// What a cache leaves out of the objects it keeps, as client-go's transform
// functions do: each path names a field from the object's root, one key per
// level ({"spec", "values"}; a key may hold dots, as annotation keys do).
// A path through something that is not an object, or to a field that is not
// there, cuts nothing; so do paths to the metadata the decoder extracts
// (name, namespace, uid, labels, ...). Immutable once made, so every decoding
// thread may read it.
//
// packer, when set, compresses the JSON that is kept (JsonPacker): the
// pointer is fixed, the packer itself is shared by the decoding threads.
//
// ownerUids false: KubeObject::ownerUids stays empty (the JSON keeps the
// references); for a cache with no owner index, where the list was ~60 bytes
// an object that nothing read.
struct Trim {
    QList<QByteArrayList> paths;
    std::shared_ptr<JsonPacker> packer = nullptr;
    bool ownerUids = true;
};
using TrimPtr = std::shared_ptr<const Trim>;

// One label, "key" and "value", in one reference-counted block of its own
// (interned by the decoder: shared by every object that carries it). 8 bytes
// in a list of labels; a QByteArray was 24, and a list of seven ~190 bytes
// where it is now ~70 (most objects have a list of their own: a machine's
// labels name it).
class LabelEntry {
public:
    LabelEntry() = default;
    LabelEntry(QByteArrayView key, QByteArrayView value);
    LabelEntry(const LabelEntry &o) noexcept : d(o.d)
    {
        if (d)
            d->refs.ref();
    }
    LabelEntry(LabelEntry &&o) noexcept : d(std::exchange(o.d, nullptr)) {}
    LabelEntry &operator=(LabelEntry o) noexcept
    {
        std::swap(d, o.d);
        return *this;
    }
    ~LabelEntry();

    QByteArrayView key() const { return d ? QByteArrayView(text(), d->keySize) : QByteArrayView(); }
    QByteArrayView value() const { return d ? QByteArrayView(text() + d->keySize + 1, d->size - d->keySize - 1) : QByteArrayView(); }
    // "key\0value": what the decoder's pool looks entries up by.
    QByteArrayView whole() const { return d ? QByteArrayView(text(), d->size) : QByteArrayView(); }
    // Only this one holds the entry (a pool drops such entries).
    bool isDetached() const { return d && d->refs.loadRelaxed() == 1; }
    const void *identity() const { return d; }
    // Bytes of the block, shared or not.
    qsizetype memoryBytes() const;

private:
    struct Data {
        QAtomicInt refs;
        quint32 keySize;
        quint32 size;
    };
    const char *text() const { return reinterpret_cast<const char *>(d + 1); }
    Data *d = nullptr;
};

// An object's labels: a list of interned entries. The decoder interns whole
// lists too: a cluster's Cluster, control planes and node groups carry the
// same labels, and share one list (the lists were ~175 bytes an object, 36 MB
// of 20,000 clusters' trees, before entries took 8 bytes).
class Labels {
public:
    struct Label {
        QByteArrayView key, value;
    };
    Labels() = default;
    Labels(std::initializer_list<QPair<QByteArray, QByteArray>> pairs) : Labels(QList<QPair<QByteArray, QByteArray>>(pairs)) {}
    Labels(const QList<QPair<QByteArray, QByteArray>> &pairs)
    {
        m_entries.reserve(pairs.size());
        for (const auto &[k, v] : pairs)
            m_entries << LabelEntry(k, v);
    }
    // Takes the entries as they are, at their exact size.
    template <typename It> Labels(It first, It last) : m_entries(first, last) {}
    // Shares a list of entries.
    static Labels shared(QList<LabelEntry> entries)
    {
        Labels l;
        l.m_entries = std::move(entries);
        return l;
    }

    qsizetype size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.isEmpty(); }
    Label at(qsizetype i) const
    {
        const LabelEntry &e = m_entries.at(i);
        return {e.key(), e.value()};
    }
    // The value of `key`; null when there is no such label.
    QByteArray value(QByteArrayView key) const
    {
        for (const LabelEntry &e : m_entries)
            if (e.key() == key)
                return e.value().toByteArray(); // an empty value is empty, not null (the view points into the entry)
        return {};
    }
    qsizetype memoryBytes() const;
    // Whether both hold the very same list (interned by the decoder).
    bool sharesListWith(const Labels &o) const { return !isEmpty() && m_entries.constData() == o.m_entries.constData(); }

    class const_iterator {
    public:
        const_iterator(const Labels *l, qsizetype i) : m_l(l), m_i(i) {}
        Label operator*() const { return m_l->at(m_i); }
        const_iterator &operator++()
        {
            ++m_i;
            return *this;
        }
        bool operator!=(const const_iterator &o) const { return m_i != o.m_i; }

    private:
        const Labels *m_l;
        qsizetype m_i;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }

private:
    QList<LabelEntry> m_entries;
};

namespace detail {
// Text behind one pointer, shared by copies: the rare forms of Uid and
// ResourceVersion (whose usual forms are numbers).
struct SharedBytes {
    mutable QAtomicInt refs;
    const QByteArray bytes;
    static const SharedBytes *make(QByteArrayView text) { return new SharedBytes{QAtomicInt(1), text.toByteArray()}; }
    static void ref(const SharedBytes *s)
    {
        if (s)
            s->refs.ref();
    }
    static void deref(const SharedBytes *s)
    {
        if (s && !s->refs.deref())
            delete s;
    }
    static qsizetype memoryBytes(const SharedBytes *s) { return s ? qsizetype(sizeof(SharedBytes)) + s->bytes.capacity() : 0; }
};
} // namespace detail

// An object's metadata.uid: its 16 bytes when it is a UUID in the canonical
// form the API server makes (lowercase, dashed), the text otherwise (given by
// hand or by another server), so it always reads back as it came. 17 bytes,
// aligned to 1 (the object's flags fill the rest of its word); as text it was
// a 36-character string of its own, ~88 bytes an object.
class Uid {
public:
    Uid() = default;
    Uid(QByteArrayView text);
    Uid(const QByteArray &text) : Uid(QByteArrayView(text)) {}
    Uid(const Uid &o) : m_b(o.m_b), m_kind(o.m_kind) { detail::SharedBytes::ref(text()); }
    Uid(Uid &&o) noexcept : m_b(std::exchange(o.m_b, {})), m_kind(std::exchange(o.m_kind, Empty)) {}
    Uid &operator=(Uid o) noexcept
    {
        std::swap(m_b, o.m_b);
        std::swap(m_kind, o.m_kind);
        return *this;
    }
    ~Uid() { detail::SharedBytes::deref(text()); }

    QByteArray toByteArray() const;
    bool isEmpty() const { return m_kind == Empty; }
    bool isCompact() const { return m_kind == Compact; }
    friend bool operator==(const Uid &a, const Uid &b);
    // Heap bytes beyond the object itself.
    qsizetype memoryBytes() const { return detail::SharedBytes::memoryBytes(text()); }

private:
    enum Kind : quint8 { Empty, Compact, Text };
    // The text's holder, kept in the first bytes of m_b (unaligned: copied out).
    const detail::SharedBytes *text() const
    {
        const detail::SharedBytes *t = nullptr;
        if (m_kind == Text)
            std::memcpy(&t, m_b.data(), sizeof t);
        return t;
    }
    std::array<quint8, 16> m_b{};
    Kind m_kind = Empty;
};

// The UIDs of an object's owners (metadata.ownerReferences), for the caches
// that index them (Trim::ownerUids): 8 bytes in the object and nothing more
// in most (a QList was 24 in each of them).
class OwnerUids {
public:
    OwnerUids() = default;
    OwnerUids(QList<QByteArray> uids)
    {
        if (!uids.isEmpty())
            d = new Data(std::move(uids));
    }
    QList<QByteArray> toList() const { return d ? d->uids : QList<QByteArray>(); }
    bool isEmpty() const { return !d; }
    qsizetype memoryBytes() const
    {
        if (!d)
            return 0;
        qsizetype n = qsizetype(sizeof(Data)) + d->uids.capacity() * qsizetype(sizeof(QByteArray));
        for (const QByteArray &u : d->uids)
            n += u.capacity();
        return n;
    }

private:
    struct Data : QSharedData {
        explicit Data(QList<QByteArray> u) : uids(std::move(u)) {}
        const QList<QByteArray> uids;
    };
    QExplicitlySharedDataPointer<Data> d;
};

// An object's metadata.resourceVersion. Opaque to clients (API conventions):
// it is only compared and sent back. The API server's are etcd revisions in
// decimal; those are kept as the number (reading back the same text), any
// other text as a shared copy of it. 8 bytes either way: as a QByteArray of
// its own it was 24 plus a heap block of 48, ~13 MB of 182,000 objects.
class ResourceVersion {
public:
    ResourceVersion() = default;
    ResourceVersion(QByteArrayView text);
    ResourceVersion(const QByteArray &text) : ResourceVersion(QByteArrayView(text)) {}
    ResourceVersion(const char *text) : ResourceVersion(QByteArrayView(text)) {}
    ResourceVersion(const ResourceVersion &o) : m_v(o.m_v) { ref(); }
    ResourceVersion(ResourceVersion &&o) noexcept : m_v(std::exchange(o.m_v, 0)) {}
    ResourceVersion &operator=(const ResourceVersion &o)
    {
        ResourceVersion copy(o);
        std::swap(m_v, copy.m_v);
        return *this;
    }
    ResourceVersion &operator=(ResourceVersion &&o) noexcept
    {
        std::swap(m_v, o.m_v);
        return *this;
    }
    ~ResourceVersion() { deref(); }

    QByteArray toByteArray() const;
    bool isEmpty() const { return m_v == 0; }
    bool isNumber() const { return m_v & 1; }
    friend bool operator==(const ResourceVersion &a, const ResourceVersion &b);
    // Heap bytes beyond the object itself.
    qsizetype memoryBytes() const { return detail::SharedBytes::memoryBytes(text()); }

private:
    const detail::SharedBytes *text() const { return m_v && !isNumber() ? reinterpret_cast<const detail::SharedBytes *>(quintptr(m_v)) : nullptr; }
    void ref() const { detail::SharedBytes::ref(text()); }
    void deref() { detail::SharedBytes::deref(text()); }
    // 0: empty; odd: the number, shifted left by one; even: a SharedBytes
    // (its address: allocations are aligned to more than 1).
    quint64 m_v = 0;
};

// One cached API object, immutable and shared. The JSON is kept as the
// server sent it minus metadata.managedFields (usually a third of the bytes
// and never shown) and whatever its cache's Trim names, compressed if the
// Trim packs; the few fields caches and indexes need are extracted once.
// Domain code parses the JSON on demand.
struct KubeObject {
    // The kept JSON (unpacked: a copy for a packed object, a few µs a KB).
    QByteArray json() const { return m_dict ? m_dict->unpack(m_json) : m_json; }
    void setJson(QByteArray json)
    {
        m_json = std::move(json);
        m_dict.reset();
    }
    void setPacked(JsonPacker::Packed packed)
    {
        m_json = std::move(packed.data);
        m_dict = std::move(packed.dict);
    }
    bool packed() const { return bool(m_dict); }

    QString ns;
    QString name;
    ResourceVersion resourceVersion;
    Labels labels;
    OwnerUids ownerUids;
    Uid uid;
    bool deleting = false; // metadata.deletionTimestamp is set
    bool trimmed = false;  // a Trim cut fields out of json: not the whole object (show or export a fresh one)

    QString key() const { return ns.isEmpty() ? name : ns + QLatin1Char('/') + name; }
    QByteArray label(const QByteArray &k) const { return labels.value(k); }
    // Bytes this object holds on the heap (for the bytes-per-object figure).
    qsizetype memoryBytes() const;
    // Of which the kept JSON (packed or not).
    qsizetype jsonBytes() const { return m_json.capacity(); }

private:
    QByteArray m_json;                     // the JSON, or a zstd frame of it when m_dict is set
    std::shared_ptr<const PackDict> m_dict; // its cache's dictionary, shared
};

using ObjectPtr = std::shared_ptr<const KubeObject>;

enum class EventType { Added, Modified, Deleted, Bookmark, Error };

struct WatchEvent {
    EventType type = EventType::Error;
    ObjectPtr object;          // Added/Modified/Deleted; for Bookmark only resourceVersion is set
    int errorCode = 0;         // Error: Status.code
    QString errorReason;       // Error: Status.reason
    QString errorMessage;      // Error: Status.message, or why the event could not be decoded
    bool initialEventsEnd = false; // Bookmark carrying k8s.io/initial-events-end
    QByteArray objectKind;         // Added/Modified/Deleted: the object's kind, to catch a server sending the wrong one
};

// Decoding with simdjson. Each returns false with *error set on bad input;
// none of them throws or crashes on anything the server (or a proxy) sends.
// kind, when given, receives the object's "kind" (empty when it has none).
// trim, when given, names fields to leave out of the kept JSON.
bool decodeObject(std::string_view json, KubeObject *out, QString *error, QByteArray *kind = nullptr, const Trim *trim = nullptr);
bool decodeWatchEvent(std::string_view json, WatchEvent *out, const Trim *trim = nullptr);

struct ListPage {
    QList<ObjectPtr> items;
    QByteArray resourceVersion;
    QByteArray continueToken;
    qint64 remainingItemCount = -1;
    QByteArray kind; // "NamespaceList", ...; items of typed lists carry no kind of their own
};
// maxItemBytes > 0: an item larger than that fails the page.
bool decodeList(std::string_view json, ListPage *out, QString *error, qsizetype maxItemBytes = 0, const Trim *trim = nullptr);

// The simdjson kernel the decoder was compiled for ("westmere", "haswell", "fallback").
std::string decoderKernel();

// Splits a stream of concatenated JSON values (a watch body) into whole
// values, wherever the chunks happen to be cut.
class JsonStreamSplitter {
public:
    // Appends data; calls fn(std::string_view) for every complete top-level value.
    template <typename Fn> void feed(const char *data, size_t size, Fn fn);
    explicit JsonStreamSplitter(qsizetype maxValue = DefaultMaxValue) : m_maxValue(maxValue) {}
    // Bytes held for a value not yet complete.
    qsizetype pending() const { return m_buf.size(); }
    // A value larger than maxValue is garbage (or an attack): the stream is broken.
    static constexpr qsizetype DefaultMaxValue = 64 * 1024 * 1024;
    qsizetype maxValue() const { return m_maxValue; }
    bool overflowed() const { return m_overflow; }

private:
    qsizetype m_maxValue;
    QByteArray m_buf;
    qsizetype m_scan = 0; // where scanning resumes in m_buf
    int m_depth = 0;
    bool m_inString = false;
    bool m_escape = false;
    qsizetype m_start = -1;
    bool m_overflow = false;
};

template <typename Fn> void JsonStreamSplitter::feed(const char *data, size_t size, Fn fn)
{
    if (m_overflow)
        return;
    m_buf.append(data, qsizetype(size));
    const char *b = m_buf.constData();
    const qsizetype n = m_buf.size();
    qsizetype consumed = 0;
    for (qsizetype i = m_scan; i < n; ++i) {
        const char c = b[i];
        if (m_inString) {
            if (m_escape)
                m_escape = false;
            else if (c == '\\')
                m_escape = true;
            else if (c == '"')
                m_inString = false;
            continue;
        }
        switch (c) {
        case '"':
            m_inString = true;
            break;
        case '{':
        case '[':
            if (m_depth++ == 0)
                m_start = i;
            break;
        case '}':
        case ']':
            if (m_depth > 0 && --m_depth == 0) {
                fn(std::string_view(b + m_start, size_t(i + 1 - m_start)));
                consumed = i + 1;
                m_start = -1;
            }
            break;
        default:
            break; // whitespace and newlines between values, scalars inside
        }
    }
    if (m_depth == 0 && !m_inString) {
        // Between values: what is left is whitespace (the newline after each
        // event), not the start of one. Keeping it would count as an event
        // in progress (pending()) and trip the stall check.
        m_buf.clear();
        m_start = -1;
    } else if (consumed > 0) {
        m_buf.remove(0, consumed);
        if (m_start >= 0)
            m_start -= consumed;
    }
    m_scan = m_buf.size();
    if (m_buf.size() > m_maxValue) {
        m_overflow = true;
        m_buf = QByteArray(); // and give the memory back
    }
}

} // namespace nestdeck::kube
