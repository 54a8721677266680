#include "core/kube/Store.h"

namespace nestdeck::kube {

Indexer::Indexer(const IndexOptions &options)
{
    addIndex(QStringLiteral("namespace"), [](const KubeObject &o) { return QList<QByteArray>{o.ns.toUtf8()}; });
    if (options.labels)
        addIndex(QStringLiteral("label"), [keys = options.labelKeys, byNs = options.labelsByNamespace](const KubeObject &o) {
            QList<QByteArray> out;
            out.reserve(keys.isEmpty() ? o.labels.size() : keys.size());
            const QByteArray prefix = byNs ? o.ns.toUtf8() + '/' : QByteArray();
            for (const auto l : o.labels)
                if (keys.isEmpty() || keys.contains(l.key))
                    out << QByteArray(prefix).append(l.key).append('=').append(l.value);
            return out;
        });
    if (options.owners)
        addIndex(QStringLiteral("owner"), [](const KubeObject &o) { return o.ownerUids; });
}

void Indexer::KeySet::insert(const QString &key)
{
    if (!m_set.isEmpty()) {
        m_set.insert(key);
        return;
    }
    if (m_list.contains(key))
        return;
    if (m_list.size() < MaxList) {
        m_list.append(key);
        return;
    }
    m_set = QSet<QString>(m_list.cbegin(), m_list.cend());
    m_set.insert(key);
    m_list = {};
}

void Indexer::KeySet::remove(const QString &key)
{
    if (!m_set.isEmpty())
        m_set.remove(key);
    else
        m_list.removeOne(key);
}

void Indexer::addIndex(const QString &name, IndexFn fn)
{
    Index idx{std::move(fn), {}};
    for (auto it = m_state.items.cbegin(); it != m_state.items.cend(); ++it)
        for (const QByteArray &v : idx.fn(*it.value()))
            idx.values[v].insert(it.key());
    m_state.indexes.insert(name, std::move(idx));
}

void Indexer::State::index(const QString &key, const KubeObject &obj)
{
    for (auto &idx : indexes)
        for (const QByteArray &v : idx.fn(obj))
            idx.values[v].insert(key);
}

void Indexer::State::unindex(const QString &key, const KubeObject &obj)
{
    for (auto &idx : indexes) {
        for (const QByteArray &v : idx.fn(obj)) {
            auto it = idx.values.find(v);
            if (it == idx.values.end())
                continue;
            it->remove(key);
            if (it->isEmpty())
                idx.values.erase(it);
        }
    }
}

std::optional<Delta> Indexer::State::upsert(const ObjectPtr &obj)
{
    const QString key = obj->key();
    auto it = items.find(key);
    if (it == items.end()) {
        items.insert(key, obj);
        index(key, *obj);
        return Delta{Delta::Added, obj, {}};
    }
    ObjectPtr old = it.value();
    // The same resourceVersion is the same object (a replayed event after a
    // reconnect): no delta, so handlers never see a duplicate.
    if (old->resourceVersion == obj->resourceVersion && old->uid == obj->uid)
        return std::nullopt;
    unindex(key, *old);
    it.value() = obj;
    index(key, *obj);
    return Delta{Delta::Updated, obj, old};
}

std::optional<Delta> Indexer::State::remove(const QString &key)
{
    auto it = items.find(key);
    if (it == items.end())
        return std::nullopt;
    ObjectPtr old = it.value();
    unindex(key, *old);
    items.erase(it);
    return Delta{Delta::Deleted, old, {}};
}

QList<Delta> Indexer::State::replace(const QList<ObjectPtr> &fresh)
{
    QList<Delta> deltas;
    QSet<QString> freshKeys;
    freshKeys.reserve(fresh.size());
    for (const auto &o : fresh)
        freshKeys.insert(o->key());
    // Tombstones first: whatever vanished while we were not watching.
    const auto current = items.keys();
    for (const QString &key : current)
        if (!freshKeys.contains(key))
            if (auto d = remove(key))
                deltas << *d;
    items.reserve(fresh.size());
    for (const auto &o : fresh)
        if (auto d = upsert(o))
            deltas << *d;
    return deltas;
}

QList<ObjectPtr> Indexer::byIndex(const QString &index, const QByteArray &value) const
{
    QList<ObjectPtr> out;
    const auto idx = m_state.indexes.constFind(index);
    if (idx == m_state.indexes.cend())
        return out;
    const auto keys = idx->values.constFind(value);
    if (keys == idx->values.cend())
        return out;
    out.reserve(keys->size());
    keys->forEach([&](const QString &k) { out << m_state.items.value(k); });
    return out;
}

qsizetype Indexer::memoryBytes() const
{
    qsizetype n = 0;
    for (const auto &o : m_state.items)
        n += o->memoryBytes() + 16; // + the shared_ptr control block
    return n;
}

} // namespace nestdeck::kube
