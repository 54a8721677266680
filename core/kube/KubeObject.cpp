#include "core/kube/KubeObject.h"

#include <QVarLengthArray>

#include <algorithm>
#include <cstring>
#include <new>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include <simdjson.h>

namespace nestdeck::kube {

using namespace simdjson;

#define NESTDECK_STR2(x) #x
#define NESTDECK_STR(x) NESTDECK_STR2(x)
// The kernel this file was compiled for (builtin_implementation() would
// report the shared library's own build, not ours).
std::string decoderKernel() { return NESTDECK_STR(SIMDJSON_BUILTIN_IMPLEMENTATION); }

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

qsizetype KubeObject::memoryBytes() const
{
    // Heap blocks of the implicitly shared containers (capacity, not size, as
    // that is what the allocator holds) plus the object itself. Interned
    // strings (namespace, labels) are counted in full for every object that
    // shares them: an upper bound.
    qsizetype n = qsizetype(sizeof(KubeObject)) + m_json.capacity() + (ns.capacity() + name.capacity()) * 2 +
                  resourceVersion.memoryBytes() + uid.memoryBytes();
    n += labels.memoryBytes();
    n += ownerUids.memoryBytes();
    return n;
}

namespace {

thread_local ondemand::parser t_parser;

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
QByteArray sharedBytes(std::string_view v)
{
    return v.size() > MaxShared ? bytes(v) : t_bytes.get(v, [v] { return bytes(v); });
}

// Namespaces (a few thousand): the pool holds UTF-16, looked up by UTF-8.
thread_local std::unordered_map<std::string, QString, BytesHash, BytesEq> t_texts;
thread_local size_t t_textsPruneAt = 4096;
QString sharedText(std::string_view v)
{
    if (v.size() > MaxShared)
        return text(v);
    if (auto it = t_texts.find(v); it != t_texts.end())
        return it->second;
    pruneIfGrown(t_texts, t_textsPruneAt, [](const auto &e) -> const QString & { return e.second; });
    return t_texts.emplace(std::string(v), text(v)).first->second;
}

// Label entries, looked up by "key\0value".
thread_local InternPool<LabelEntry, BytesHash, BytesEq> t_labels;
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

// A field to leave out of the kept JSON: from its key's opening quote to the
// end of its value, as views into the parsed document.
struct Cut {
    std::string_view key, value;
    bool trim = true; // false: managedFields, which every cache drops
};
using Cuts = QVarLengthArray<Cut, 4>;

// The trim paths still to match below the current level, as indexes into
// Trim::paths (a path's keys above this level all matched).
using PathRefs = QVarLengthArray<qsizetype, 4>;

// The next field of an object being iterated, with its key's raw token
// (taken first: unescaped_key() consumes it; a cut starts at its opening
// quote) and its unescaped key. False on malformed JSON.
bool readField(simdjson_result<ondemand::field> result, ondemand::field *field, std::string_view *keyTok, std::string_view *key)
{
    if (std::move(result).get(*field) != SUCCESS)
        return false;
    *keyTok = field->key_raw_json_token();
    return field->unescaped_key().get(*key) == SUCCESS;
}

// Whether `field` (its key `key`, raw token `keyTok`, at `depth`) is to be
// cut whole, or holds fields that are: either way the cuts are recorded. Returns
// false only when the JSON below turned out malformed.
bool trimField(ondemand::field &field, std::string_view key, std::string_view keyTok, const Trim &trim, const PathRefs &paths,
               int depth, Cuts *cuts);

bool trimObject(ondemand::object object, const Trim &trim, const PathRefs &paths, int depth, Cuts *cuts)
{
    for (auto result : object) {
        ondemand::field f;
        std::string_view keyTok, key;
        if (!readField(std::move(result), &f, &keyTok, &key) || !trimField(f, key, keyTok, trim, paths, depth, cuts))
            return false;
    }
    return true;
}

bool trimField(ondemand::field &field, std::string_view key, std::string_view keyTok, const Trim &trim, const PathRefs &paths,
               int depth, Cuts *cuts)
{
    PathRefs below;
    const QByteArrayView k(key.data(), qsizetype(key.size()));
    for (qsizetype p : paths) {
        const QByteArrayList &path = trim.paths.at(p);
        if (path.at(depth) != k)
            continue;
        if (path.size() == depth + 1) {
            std::string_view raw;
            if (field.value().raw_json().get(raw) != SUCCESS)
                return false;
            cuts->append({keyTok, raw});
            return true;
        }
        below.append(p);
    }
    ondemand::object sub;
    if (!below.isEmpty() && field.value().get_object().get(sub) == SUCCESS)
        return trimObject(sub, trim, below, depth + 1, cuts);
    return true; // nothing to cut here, or a path through a non-object: nothing cut
}

// Parses one object; `doc` must stay valid while the cuts are used. The
// managedFields cut is always made; `trim` adds its own.
bool parseObject(const padded_string &doc, KubeObject *out, QString *error, Cuts *cuts, QByteArray *kind, const Trim *trim)
{
    ondemand::document d;
    if (t_parser.iterate(doc).get(d) != SUCCESS) {
        *error = QStringLiteral("not JSON");
        return false;
    }
    ondemand::object root;
    if (d.get_object().get(root) != SUCCESS) {
        *error = QStringLiteral("not a JSON object");
        return false;
    }
    PathRefs all;
    for (qsizetype i = 0; trim && i < trim->paths.size(); ++i)
        if (!trim->paths.at(i).isEmpty())
            all.append(i);
    for (auto fieldResult : root) {
        ondemand::field field;
        std::string_view rootKeyTok, key;
        if (!readField(std::move(fieldResult), &field, &rootKeyTok, &key)) {
            *error = QStringLiteral("malformed JSON");
            return false;
        }
        if (key == "kind" && kind) {
            std::string_view k;
            if (field.value().get_string().get(k) == SUCCESS)
                *kind = bytes(k);
            continue;
        }
        if (key != "metadata") {
            if (!all.isEmpty() && !trimField(field, key, rootKeyTok, *trim, all, 0, cuts)) {
                *error = QStringLiteral("malformed JSON");
                return false;
            }
            continue;
        }
        // Paths into metadata (an annotation, say) are matched below it.
        PathRefs inMeta;
        for (qsizetype p : all)
            if (trim->paths.at(p).at(0) == "metadata" && trim->paths.at(p).size() > 1)
                inMeta.append(p);
        ondemand::object meta;
        if (field.value().get_object().get(meta) != SUCCESS) {
            *error = QStringLiteral("metadata is not an object");
            return false;
        }
        for (auto mResult : meta) {
            ondemand::field m;
            std::string_view keyTok, mk;
            if (!readField(std::move(mResult), &m, &keyTok, &mk)) {
                *error = QStringLiteral("malformed metadata");
                return false;
            }
            std::string_view sv;
            if (mk == "name") {
                if (m.value().get_string().get(sv) == SUCCESS)
                    out->name = text(sv);
            } else if (mk == "namespace") {
                if (m.value().get_string().get(sv) == SUCCESS)
                    out->ns = sharedText(sv);
            } else if (mk == "resourceVersion") {
                if (m.value().get_string().get(sv) == SUCCESS)
                    out->resourceVersion = ResourceVersion(QByteArrayView(sv.data(), qsizetype(sv.size())));
            } else if (mk == "uid") {
                if (m.value().get_string().get(sv) == SUCCESS)
                    out->uid = Uid(QByteArrayView(sv.data(), qsizetype(sv.size())));
            } else if (mk == "deletionTimestamp") {
                out->deleting = m.value().is_null().value_unsafe() == false;
            } else if (mk == "labels") {
                ondemand::object labels;
                if (m.value().get_object().get(labels) == SUCCESS) {
                    // Collected first: the list is then allocated at its size.
                    QVarLengthArray<LabelEntry, 16> entries;
                    bool allShared = true; // a list holding an entry of its own is never found again: not pooled
                    for (auto l : labels) {
                        std::string_view lk, lv;
                        if (l.unescaped_key().get(lk) == SUCCESS && l.value().get_string().get(lv) == SUCCESS) {
                            allShared = allShared && lk.size() + 1 + lv.size() <= MaxShared;
                            entries.append(sharedLabel(lk, lv));
                        }
                    }
                    const LabelEntries found(entries.constData(), size_t(entries.size()));
                    out->labels = allShared ? Labels::shared(t_labelLists.get(found, [&] { return QList<LabelEntry>(entries.begin(), entries.end()); }))
                                            : Labels(entries.begin(), entries.end());
                }
            } else if (mk == "ownerReferences") {
                ondemand::array owners;
                if ((!trim || trim->ownerUids) && m.value().get_array().get(owners) == SUCCESS) {
                    QList<QByteArray> uids;
                    for (auto o : owners) {
                        ondemand::object oo;
                        if (o.get_object().get(oo) != SUCCESS)
                            continue;
                        std::string_view uid;
                        if (oo.find_field_unordered("uid").get_string().get(uid) == SUCCESS)
                            uids.append(sharedBytes(uid));
                    }
                    uids.squeeze();
                    out->ownerUids = OwnerUids(std::move(uids));
                }
            } else if (mk == "managedFields") {
                std::string_view raw;
                if (m.value().raw_json().get(raw) == SUCCESS)
                    cuts->append({keyTok, raw, false});
            } else if (!inMeta.isEmpty() && !trimField(m, mk, keyTok, *trim, inMeta, 1, cuts)) {
                *error = QStringLiteral("malformed metadata");
                return false;
            }
        }
    }
    if (out->name.isEmpty()) {
        *error = QStringLiteral("object without metadata.name");
        return false;
    }
    return true;
}

bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// The JSON without the cut fields, each with one neighbouring comma: the one
// before it if no earlier cut took that, else the one after. Cuts come in
// document order and do not overlap.
QByteArray withoutCuts(std::string_view json, const char *base, const Cuts &cuts)
{
    // The ranges to drop first, so that the kept copy is allocated at its
    // exact size: a cached object holds its capacity for as long as it lives.
    QVarLengthArray<std::pair<qsizetype, qsizetype>, 4> drop;
    qsizetype kept = 0, dropped = 0; // json before `kept` is decided
    for (const Cut &c : cuts) {
        qsizetype from = c.key.data() - base;
        qsizetype to = (c.value.data() + c.value.size()) - base;
        qsizetype i = from - 1;
        while (i >= kept && isSpace(json[size_t(i)]))
            --i;
        if (i >= kept && json[size_t(i)] == ',') {
            from = i;
        } else {
            qsizetype j = to;
            while (j < qsizetype(json.size()) && isSpace(json[size_t(j)]))
                ++j;
            if (j < qsizetype(json.size()) && json[size_t(j)] == ',')
                to = j + 1;
        }
        drop.append({from, to});
        dropped += to - from;
        kept = to;
    }
    QByteArray out;
    out.reserve(qsizetype(json.size()) - dropped);
    kept = 0;
    for (const auto &[from, to] : drop) {
        out.append(json.data() + kept, from - kept);
        kept = to;
    }
    out.append(json.data() + kept, qsizetype(json.size()) - kept);
    return out;
}

} // namespace

bool decodeObject(std::string_view json, KubeObject *out, QString *error, QByteArray *kind, const Trim *trim)
try {
    const padded_string doc(json);
    Cuts cuts;
    if (!parseObject(doc, out, error, &cuts, kind, trim))
        return false;
    // A managedFields cut alone leaves every field the server meant to show.
    out->trimmed = std::any_of(cuts.begin(), cuts.end(), [](const Cut &c) { return c.trim; });
    if (trim && trim->packer) {
        const QByteArray kept = cuts.isEmpty() ? QByteArray() : withoutCuts(json, doc.data(), cuts);
        out->setPacked(trim->packer->pack(cuts.isEmpty() ? json : std::string_view(kept.constData(), size_t(kept.size()))));
    } else {
        out->setJson(cuts.isEmpty() ? bytes(json) : withoutCuts(json, doc.data(), cuts));
    }
    return true;
} catch (const simdjson_error &e) {
    // Every simdjson error is handled by code above; this is the net under it.
    *error = QStringLiteral("malformed JSON (%1)").arg(QLatin1String(e.what()));
    return false;
}

bool decodeWatchEvent(std::string_view json, WatchEvent *out, const Trim *trim)
try {
    const padded_string doc(json);
    ondemand::document d;
    ondemand::object root;
    if (t_parser.iterate(doc).get(d) != SUCCESS || d.get_object().get(root) != SUCCESS) {
        out->type = EventType::Error;
        out->errorMessage = QStringLiteral("the watch stream sent something that is not a JSON object");
        return false;
    }
    std::string_view type, object;
    bool haveObject = false;
    for (auto field : root) {
        std::string_view key;
        if (field.unescaped_key().get(key) != SUCCESS)
            break;
        if (key == "type") {
            if (field.value().get_string().get(type) != SUCCESS)
                break;
        } else if (key == "object") {
            haveObject = field.value().raw_json().get(object) == SUCCESS;
        }
    }
    if (type.empty() || !haveObject) {
        out->type = EventType::Error;
        out->errorMessage = QStringLiteral("the watch stream sent an event without type or object");
        return false;
    }
    if (type == "ERROR") {
        out->type = EventType::Error;
        // A Status: {code, reason, message}.
        const padded_string sdoc(object);
        ondemand::document sd;
        ondemand::object so;
        if (t_parser.iterate(sdoc).get(sd) == SUCCESS && sd.get_object().get(so) == SUCCESS) {
            for (auto f : so) {
                std::string_view k, v;
                if (f.unescaped_key().get(k) != SUCCESS)
                    break;
                int64_t code = 0;
                if (k == "code" && f.value().get_int64().get(code) == SUCCESS)
                    out->errorCode = int(code);
                else if (k == "reason" && f.value().get_string().get(v) == SUCCESS)
                    out->errorReason = text(v);
                else if (k == "message" && f.value().get_string().get(v) == SUCCESS)
                    out->errorMessage = text(v);
            }
        }
        return true;
    }
    auto obj = std::make_shared<KubeObject>();
    QString error;
    if (type == "BOOKMARK") {
        out->type = EventType::Bookmark;
        // Only the resourceVersion (and the initial-events-end marker) matter.
        const padded_string odoc(object);
        ondemand::document od;
        ondemand::object oo;
        if (t_parser.iterate(odoc).get(od) == SUCCESS && od.get_object().get(oo) == SUCCESS) {
            ondemand::object meta;
            if (oo.find_field_unordered("metadata").get_object().get(meta) == SUCCESS) {
                std::string_view rv;
                for (auto m : meta) {
                    std::string_view k;
                    if (m.unescaped_key().get(k) != SUCCESS)
                        break;
                    if (k == "resourceVersion" && m.value().get_string().get(rv) == SUCCESS)
                        obj->resourceVersion = ResourceVersion(QByteArrayView(rv.data(), qsizetype(rv.size())));
                }
            }
        }
        out->initialEventsEnd = object.find("k8s.io/initial-events-end") != std::string_view::npos;
        out->object = std::move(obj);
        return !out->object->resourceVersion.isEmpty();
    }
    if (type == "ADDED")
        out->type = EventType::Added;
    else if (type == "MODIFIED")
        out->type = EventType::Modified;
    else if (type == "DELETED")
        out->type = EventType::Deleted;
    else {
        out->type = EventType::Error;
        out->errorMessage = QStringLiteral("unknown watch event type \"%1\"").arg(text(type));
        return false;
    }
    if (!decodeObject(object, obj.get(), &error, &out->objectKind, trim)) {
        out->type = EventType::Error;
        out->errorMessage = QStringLiteral("undecodable object in watch event: %1").arg(error);
        return false;
    }
    out->object = std::move(obj);
    return true;
} catch (const simdjson_error &e) {
    out->type = EventType::Error;
    out->object.reset();
    out->errorMessage = QStringLiteral("malformed watch event (%1)").arg(QLatin1String(e.what()));
    return false;
}

bool decodeList(std::string_view json, ListPage *out, QString *error, qsizetype maxItemBytes, const Trim *trim)
try {
    const padded_string doc(json);
    ondemand::parser parser; // items are decoded with the thread's parser meanwhile
    ondemand::document d;
    ondemand::object root;
    if (parser.iterate(doc).get(d) != SUCCESS || d.get_object().get(root) != SUCCESS) {
        *error = QStringLiteral("the list response is not a JSON object");
        return false;
    }
    bool sawItems = false;
    for (auto field : root) {
        std::string_view key;
        if (field.unescaped_key().get(key) != SUCCESS) {
            *error = QStringLiteral("malformed list response");
            return false;
        }
        if (key == "kind") {
            std::string_view k;
            if (field.value().get_string().get(k) == SUCCESS)
                out->kind = bytes(k);
        } else if (key == "metadata") {
            ondemand::object meta;
            if (field.value().get_object().get(meta) != SUCCESS)
                continue;
            for (auto m : meta) {
                std::string_view k, v;
                if (m.unescaped_key().get(k) != SUCCESS)
                    break;
                int64_t remaining = 0;
                if (k == "resourceVersion" && m.value().get_string().get(v) == SUCCESS)
                    out->resourceVersion = bytes(v);
                else if (k == "continue" && m.value().get_string().get(v) == SUCCESS)
                    out->continueToken = bytes(v);
                else if (k == "remainingItemCount" && m.value().get_int64().get(remaining) == SUCCESS)
                    out->remainingItemCount = remaining;
            }
        } else if (key == "items") {
            sawItems = true;
            ondemand::array items;
            if (field.value().get_array().get(items) != SUCCESS) {
                if (field.value().is_null().value_unsafe())
                    continue; // "items": null is an empty list
                *error = QStringLiteral("items is not an array");
                return false;
            }
            for (auto item : items) {
                std::string_view raw;
                if (item.raw_json().get(raw) != SUCCESS) {
                    *error = QStringLiteral("malformed item in the list");
                    return false;
                }
                auto obj = std::make_shared<KubeObject>();
                QString itemError;
                if (maxItemBytes > 0 && qsizetype(raw.size()) > maxItemBytes) {
                    // No API server stores objects this big (etcd refuses
                    // 1.5 MiB): a broken server or an attack, not data to cache.
                    *error = QStringLiteral("item %1 of the list is %2 MiB, over the limit of %3 MiB for one object")
                                 .arg(out->items.size())
                                 .arg(double(raw.size()) / (1 << 20), 0, 'f', 1)
                                 .arg(maxItemBytes >> 20);
                    return false;
                }
                if (!decodeObject(raw, obj.get(), &itemError, nullptr, trim)) {
                    *error = QStringLiteral("item %1 of the list: %2").arg(out->items.size()).arg(itemError);
                    return false;
                }
                out->items.append(std::move(obj));
            }
        }
    }
    if (!sawItems && out->resourceVersion.isEmpty()) {
        *error = QStringLiteral("the response is not a list (no items, no metadata.resourceVersion)");
        return false;
    }
    return true;
} catch (const simdjson_error &e) {
    *error = QStringLiteral("malformed list response (%1)").arg(QLatin1String(e.what()));
    return false;
}

} // namespace nestdeck::kube
