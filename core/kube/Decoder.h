#pragma once

#include "core/kube/KubeObject.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
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

} // namespace nestdeck::kube
