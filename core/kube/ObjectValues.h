#pragma once

#include <QAtomicInt>
#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QSharedData>
#include <QString>

#include <array>
#include <cstring>
#include <span>
#include <string_view>
#include <utility>

// The compact value types a cached object's metadata is kept in, and the
// decoder's pools that share them between objects. Each counts its heap bytes
// (memoryBytes) for the bytes-per-object figures.

namespace nestdeck::kube {

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

// The decoding thread's intern pools. Strings that thousands of cached objects
// repeat are shared instead of copied: one value per distinct one, per
// decoding thread; text over 128 bytes is rarely shared and is copied.
QByteArray sharedBytes(std::string_view v); // owner UIDs
QString sharedText(std::string_view v);     // namespaces
LabelEntry sharedLabel(std::string_view key, std::string_view value);
// Interned entries as an object's labels: one list shared by every object
// with the same entries, unless an entry is one of its own (too long to pool).
Labels sharedLabels(std::span<const LabelEntry> entries);

} // namespace nestdeck::kube
