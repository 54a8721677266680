#pragma once

#include "core/kube/JsonPacker.h"
#include "core/kube/ObjectValues.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace nestdeck::kube {

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

} // namespace nestdeck::kube
