#include "core/kube/ObjectValues.h"

#include <algorithm>
#include <new>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace nestdeck::kube {

LabelEntry::LabelEntry(QByteArrayView key, QByteArrayView value)
{
    const qsizetype size = key.size() + 1 + value.size();
    // One block: the header, then "key\0value\0".
    void *block = ::operator new(sizeof(Data) + size_t(size) + 1);
    d = new (block) Data{QAtomicInt(1), quint32(key.size()), quint32(size)};
    char *t = static_cast<char *>(block) + sizeof(Data);
    if (!key.isEmpty()) // (a null view's data may not go to memcpy, even for 0 bytes)
        std::memcpy(t, key.data(), size_t(key.size()));
    t[key.size()] = '\0';
    if (!value.isEmpty())
        std::memcpy(t + key.size() + 1, value.data(), size_t(value.size()));
    t[size] = '\0';
}

LabelEntry::~LabelEntry()
{
    if (d && !d->refs.deref()) {
        d->~Data();
        ::operator delete(d);
    }
}

qsizetype LabelEntry::memoryBytes() const { return d ? qsizetype(sizeof(Data)) + d->size + 1 : 0; }

qsizetype Labels::memoryBytes() const
{
    qsizetype n = m_entries.capacity() * qsizetype(sizeof(LabelEntry));
    for (const LabelEntry &e : m_entries)
        n += e.memoryBytes();
    return n;
}

namespace {
// A canonical UUID is 16 bytes as 8-4-4-4-12 hex digits: a dash before bytes
// 4, 6, 8 and 10 (text positions 8, 13, 18 and 23).
constexpr bool dashBefore(size_t byte) { return byte == 4 || byte == 6 || byte == 8 || byte == 10; }
int hexValue(char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; }
} // namespace

Uid::Uid(QByteArrayView text)
{
    if (text.isEmpty())
        return;
    bool ok = text.size() == 36;
    for (size_t i = 0, at = 0; ok && i < m_b.size(); ++i) {
        if (dashBefore(i) && text[qsizetype(at++)] != '-')
            ok = false;
        const int hi = hexValue(text[qsizetype(at)]), lo = hexValue(text[qsizetype(at + 1)]);
        at += 2;
        ok = ok && hi >= 0 && lo >= 0;
        m_b[i] = quint8(hi << 4 | lo);
    }
    if (ok) {
        m_kind = Compact;
        return;
    }
    m_b = {};
    const detail::SharedBytes *t = detail::SharedBytes::make(text);
    std::memcpy(m_b.data(), &t, sizeof t);
    m_kind = Text;
}

QByteArray Uid::toByteArray() const
{
    if (m_kind != Compact)
        return m_kind == Text ? text()->bytes : QByteArray();
    static constexpr char Hex[] = "0123456789abcdef";
    QByteArray out;
    out.reserve(36);
    for (size_t i = 0; i < m_b.size(); ++i) {
        if (dashBefore(i))
            out.append('-');
        out.append(Hex[m_b[i] >> 4]).append(Hex[m_b[i] & 15]);
    }
    return out;
}

bool operator==(const Uid &a, const Uid &b)
{
    if (a.m_kind != b.m_kind)
        return false;
    switch (a.m_kind) {
    case Uid::Empty:
        return true;
    case Uid::Compact:
        return a.m_b == b.m_b;
    case Uid::Text:
        return a.text()->bytes == b.text()->bytes;
    }
    return false;
}

ResourceVersion::ResourceVersion(QByteArrayView text)
{
    if (text.isEmpty())
        return;
    // A number only in the form that prints back the same: digits, no
    // leading zero (but "0" itself), small enough to shift (18 digits; etcd's
    // revisions are int64 and will not reach that in this world).
    bool number = text.size() <= 18 && (text.size() == 1 || text.front() != '0');
    quint64 n = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            number = false;
            break;
        }
        n = n * 10 + quint64(c - '0');
    }
    if (number) {
        m_v = n << 1 | 1;
        return;
    }
    m_v = quint64(reinterpret_cast<quintptr>(detail::SharedBytes::make(text)));
}

QByteArray ResourceVersion::toByteArray() const
{
    if (!m_v)
        return {};
    if (isNumber())
        return QByteArray::number(m_v >> 1);
    return text()->bytes;
}

bool operator==(const ResourceVersion &a, const ResourceVersion &b)
{
    if (a.m_v == b.m_v)
        return true;
    // A number and a text never hold the same version (the text is not canonical).
    if (!a.m_v || !b.m_v || a.isNumber() || b.isNumber())
        return false;
    return a.text()->bytes == b.text()->bytes;
}

namespace {

QByteArray bytes(std::string_view v) { return QByteArray(v.data(), qsizetype(v.size())); }
QString text(std::string_view v) { return QString::fromUtf8(v.data(), qsizetype(v.size())); }

// Strings that thousands of cached objects repeat (namespaces, label keys and
// values, whole label lists) are shared instead of copied: one value per
// distinct one, per decoding thread. Each pool is a set of the values
// themselves, looked up by what the decoder holds (a separate key was a second
// copy of every string: more than the sharing saved, for label lists).
// pruneIfGrown drops the values only the pool still holds whenever the pool
// has doubled, so it follows what is cached, not all that was ever seen
// (value(entry) is an entry's pooled value).
template <typename Pool, typename Value> void pruneIfGrown(Pool &pool, size_t &pruneAt, Value value)
{
    if (pool.size() < pruneAt)
        return;
    std::erase_if(pool, [&](const auto &e) { return value(e).isDetached(); });
    pruneAt = std::max<size_t>(2 * pool.size(), 4096);
}

template <typename T, typename Hash, typename Eq> class InternPool {
public:
    template <typename Key, typename Make> T get(const Key &key, Make make)
    {
        if (auto it = m_pool.find(key); it != m_pool.end())
            return *it;
        pruneIfGrown(m_pool, m_pruneAt, [](const T &v) -> const T & { return v; });
        return *m_pool.insert(make()).first;
    }

private:
    std::unordered_set<T, Hash, Eq> m_pool;
    size_t m_pruneAt = 4096;
};

// Names and label values; longer text is rarely shared.
constexpr size_t MaxShared = 128;

std::string_view viewOf(std::string_view v) { return v; }
std::string_view viewOf(const QByteArray &b) { return {b.constData(), size_t(b.size())}; }
std::string_view viewOf(const LabelEntry &e) { return {e.whole().data(), size_t(e.whole().size())}; }
struct BytesHash {
    using is_transparent = void;
    template <typename T> size_t operator()(const T &v) const noexcept { return std::hash<std::string_view>{}(viewOf(v)); }
};
struct BytesEq {
    using is_transparent = void;
    template <typename A, typename B> bool operator()(const A &a, const B &b) const noexcept { return viewOf(a) == viewOf(b); }
};
thread_local InternPool<QByteArray, BytesHash, BytesEq> t_bytes;

// Namespaces (a few thousand): UTF-16, looked up by UTF-8.
thread_local std::unordered_map<std::string, QString, BytesHash, BytesEq> t_texts;
thread_local size_t t_textsPruneAt = 4096;

// Label entries, looked up by "key\0value".
thread_local InternPool<LabelEntry, BytesHash, BytesEq> t_labels;

// Whole label lists, looked up by the addresses of their (interned) entries.
// An address cannot stand for another entry while a list is pooled: the
// pooled list holds its entries, so they stay allocated.
using LabelEntries = std::span<const LabelEntry>;
LabelEntries entriesOf(LabelEntries e) { return e; }
LabelEntries entriesOf(const QList<LabelEntry> &l) { return {l.constData(), size_t(l.size())}; }
struct EntriesHash {
    using is_transparent = void;
    template <typename T> size_t operator()(const T &v) const noexcept
    {
        size_t h = 0;
        for (const LabelEntry &e : entriesOf(v))
            h = h * 31 + std::hash<const void *>{}(e.identity());
        return h;
    }
};
struct EntriesEq {
    using is_transparent = void;
    template <typename A, typename B> bool operator()(const A &a, const B &b) const noexcept
    {
        return std::ranges::equal(entriesOf(a), entriesOf(b), [](const LabelEntry &x, const LabelEntry &y) { return x.identity() == y.identity(); });
    }
};
thread_local InternPool<QList<LabelEntry>, EntriesHash, EntriesEq> t_labelLists;

} // namespace

QByteArray sharedBytes(std::string_view v)
{
    return v.size() > MaxShared ? bytes(v) : t_bytes.get(v, [v] { return bytes(v); });
}

QString sharedText(std::string_view v)
{
    if (v.size() > MaxShared)
        return text(v);
    if (auto it = t_texts.find(v); it != t_texts.end())
        return it->second;
    pruneIfGrown(t_texts, t_textsPruneAt, [](const auto &e) -> const QString & { return e.second; });
    return t_texts.emplace(std::string(v), text(v)).first->second;
}

LabelEntry sharedLabel(std::string_view key, std::string_view value)
{
    thread_local std::string whole;
    whole.assign(key).append(1, '\0').append(value);
    const auto make = [&] { return LabelEntry(QByteArrayView(key.data(), qsizetype(key.size())), QByteArrayView(value.data(), qsizetype(value.size()))); };
    // A key holding the separator would find another label's entry: its own
    // (the API server refuses such keys; a hostile one could send them).
    const bool plain = key.find('\0') == std::string_view::npos;
    return whole.size() > MaxShared || !plain ? make() : t_labels.get(std::string_view(whole), make);
}

Labels sharedLabels(std::span<const LabelEntry> entries)
{
    // A list holding an entry of its own is never found again: not pooled.
    const bool allShared = std::ranges::all_of(entries, [](const LabelEntry &e) { return size_t(e.whole().size()) <= MaxShared; });
    return allShared ? Labels::shared(t_labelLists.get(entries, [&] { return QList<LabelEntry>(entries.begin(), entries.end()); }))
                     : Labels(entries.begin(), entries.end());
}

} // namespace nestdeck::kube
