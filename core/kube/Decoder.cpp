#include "core/kube/Decoder.h"

#include <QVarLengthArray>

#include <algorithm>
#include <span>

#include <simdjson.h>

namespace nestdeck::kube {

using namespace simdjson;

#define NESTDECK_STR2(x) #x
#define NESTDECK_STR(x) NESTDECK_STR2(x)
// The kernel this file was compiled for (builtin_implementation() would
// report the shared library's own build, not ours).
std::string decoderKernel() { return NESTDECK_STR(SIMDJSON_BUILTIN_IMPLEMENTATION); }

namespace {

thread_local ondemand::parser t_parser;

QByteArray bytes(std::string_view v) { return QByteArray(v.data(), qsizetype(v.size())); }
QString text(std::string_view v) { return QString::fromUtf8(v.data(), qsizetype(v.size())); }

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
                    for (auto l : labels) {
                        std::string_view lk, lv;
                        if (l.unescaped_key().get(lk) == SUCCESS && l.value().get_string().get(lv) == SUCCESS)
                            entries.append(sharedLabel(lk, lv));
                    }
                    out->labels = sharedLabels(std::span<const LabelEntry>(entries.constData(), size_t(entries.size())));
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
