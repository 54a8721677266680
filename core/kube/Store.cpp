#include "core/kube/Store.h"

namespace nestdeck::kube {

Indexer::Indexer()
{
    addIndex(QStringLiteral("namespace"), [](const KubeObject &o) { return QList<QByteArray>{o.ns.toUtf8()}; });
    addIndex(QStringLiteral("label"), [](const KubeObject &o) {
        QList<QByteArray> out;
        out.reserve(o.labels.size());
        for (const auto &l : o.labels)
            out << l.first + '=' + l.second;
        return out;
    });
    addIndex(QStringLiteral("owner"), [](const KubeObject &o) { return o.ownerUids; });
}

void Indexer::addIndex(const QString &name, IndexFn fn)
{
    Index idx{std::move(fn), {}};
    for (auto it = m_items.cbegin(); it != m_items.cend(); ++it)
        for (const QByteArray &v : idx.fn(*it.value()))
            idx.values[v].insert(it.key());
    m_indexes.insert(name, std::move(idx));
}

void Indexer::index(const QString &key, const KubeObject &obj)
{
    for (auto &idx : m_indexes)
        for (const QByteArray &v : idx.fn(obj))
            idx.values[v].insert(key);
}

void Indexer::unindex(const QString &key, const KubeObject &obj)
{
    for (auto &idx : m_indexes) {
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

std::optional<Delta> Indexer::upsert(const ObjectPtr &obj)
{
    const QString key = obj->key();
    auto it = m_items.find(key);
    if (it == m_items.end()) {
        m_items.insert(key, obj);
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

std::optional<Delta> Indexer::remove(const QString &key)
{
    auto it = m_items.find(key);
    if (it == m_items.end())
        return std::nullopt;
    ObjectPtr old = it.value();
    unindex(key, *old);
    m_items.erase(it);
    return Delta{Delta::Deleted, old, {}};
}

QList<Delta> Indexer::replace(const QList<ObjectPtr> &items)
{
    QList<Delta> deltas;
    QSet<QString> fresh;
    fresh.reserve(items.size());
    for (const auto &o : items)
        fresh.insert(o->key());
    // Tombstones first: whatever vanished while we were not watching.
    const auto current = m_items.keys();
    for (const QString &key : current)
        if (!fresh.contains(key))
            if (auto d = remove(key))
                deltas << *d;
    for (const auto &o : items)
        if (auto d = upsert(o))
            deltas << *d;
    return deltas;
}

QList<ObjectPtr> Indexer::byIndex(const QString &index, const QByteArray &value) const
{
    QList<ObjectPtr> out;
    const auto idx = m_indexes.constFind(index);
    if (idx == m_indexes.cend())
        return out;
    const auto keys = idx->values.value(value);
    out.reserve(keys.size());
    for (const QString &k : keys)
        out << m_items.value(k);
    return out;
}

qsizetype Indexer::memoryBytes() const
{
    qsizetype n = 0;
    for (const auto &o : m_items)
        n += o->memoryBytes() + 16; // + the shared_ptr control block
    return n;
}

} // namespace nestdeck::kube
