#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QPair>
#include <QString>

#include <memory>
#include <string>
#include <string_view>

namespace nestdeck::kube {

// What a cache leaves out of the objects it keeps, as client-go's transform
// functions do: each path names a field from the object's root, one key per
// level ({"spec", "values"}; a key may hold dots, as annotation keys do).
// A path through something that is not an object, or to a field that is not
// there, cuts nothing; so do paths to the metadata the decoder extracts
// (name, namespace, uid, labels, ...). Immutable once made, so every decoding
// thread may read it.
struct Trim {
    QList<QByteArrayList> paths;
};
using TrimPtr = std::shared_ptr<const Trim>;

// One cached API object, immutable and shared. The JSON is kept as the
// server sent it minus metadata.managedFields (usually a third of the bytes
// and never shown) and whatever its cache's Trim names; the few fields caches
// and indexes need are extracted once. Domain code parses the JSON on demand.
struct KubeObject {
    QByteArray json;
    QString ns;
    QString name;
    QByteArray resourceVersion;
    QByteArray uid;
    QList<QPair<QByteArray, QByteArray>> labels;
    QList<QByteArray> ownerUids;
    bool deleting = false; // metadata.deletionTimestamp is set
    bool trimmed = false;  // a Trim cut fields out of json: not the whole object (show or export a fresh one)

    QString key() const { return ns.isEmpty() ? name : ns + QLatin1Char('/') + name; }
    QByteArray label(const QByteArray &k) const
    {
        for (const auto &l : labels)
            if (l.first == k)
                return l.second;
        return {};
    }
    // Bytes this object holds on the heap (for the bytes-per-object figure).
    qsizetype memoryBytes() const;
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
