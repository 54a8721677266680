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
        addIndex(QStringLiteral("owner"), [](const KubeObject &o) { return o.ownerUids.toList(); });
}

Indexer::Key Indexer::Key::borrowed(const QString &key)
{
    const qsizetype slash = key.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return {QString(), QString::fromRawData(key.constData(), key.size())};
    return {QString::fromRawData(key.constData(), slash), QString::fromRawData(key.constData() + slash + 1, key.size() - slash - 1)};
}

namespace {
// The lookup of `key` in items: an object on the stack that lends its strings
// to an Item (a shared pointer that owns nothing; the probe outlives its use).
template <typename Set, typename Fn> auto withProbe(Set &items, const Indexer::Key &key, Fn fn)
{
    KubeObject probe;
    probe.ns = key.ns;
    probe.name = key.name;
    return fn(items.find(Indexer::Item{ObjectPtr(ObjectPtr(), &probe)}));
}
} // namespace

ObjectPtr Indexer::State::value(const Key &key) const
{
    return withProbe(items, key, [this](QSet<Item>::const_iterator it) { return it == items.cend() ? ObjectPtr() : it->obj; });
}

QList<ObjectPtr> Indexer::list() const
{
    QList<ObjectPtr> out;
    out.reserve(m_state.items.size());
    for (const Item &i : m_state.items)
        out << i.obj;
    return out;
}

void Indexer::ObjectSet::insert(const ObjectPtr &obj)
{
    if (!m_set.isEmpty()) {
        m_set.insert(Member{obj});
        return;
    }
    if (m_list.contains(obj))
        return;
    if (m_list.size() < MaxList) {
        // At its exact size: most sets hold one object or a few, and
        // growing by appends left room for more (10 MB at 20,000 clusters).
        m_list.reserve(m_list.size() + 1);
        m_list.append(obj);
        return;
    }
    m_set.reserve(m_list.size() + 1);
    for (const ObjectPtr &o : std::as_const(m_list))
        m_set.insert(Member{o});
    m_set.insert(Member{obj});
    m_list = {};
}

void Indexer::ObjectSet::remove(const ObjectPtr &obj)
{
    if (!m_set.isEmpty())
        m_set.remove(Member{obj});
    else
        m_list.removeOne(obj);
}

void Indexer::addIndex(const QString &name, IndexFn fn)
{
    Index idx{std::move(fn), {}};
    for (const Item &i : std::as_const(m_state.items))
        for (const QByteArray &v : idx.fn(*i.obj))
            idx.values[v].insert(i.obj);
    m_state.indexes.insert(name, std::move(idx));
}

void Indexer::State::index(const ObjectPtr &obj)
{
    for (auto &idx : indexes)
        for (const QByteArray &v : idx.fn(*obj))
            idx.values[v].insert(obj);
}

void Indexer::State::unindex(const ObjectPtr &obj)
{
    for (auto &idx : indexes) {
        for (const QByteArray &v : idx.fn(*obj)) {
            auto it = idx.values.find(v);
            if (it == idx.values.end())
                continue;
            it->remove(obj);
            if (it->isEmpty())
                idx.values.erase(it);
        }
    }
}

std::optional<Delta> Indexer::State::upsert(const ObjectPtr &obj)
{
    auto it = items.find(Item{obj});
    if (it == items.end()) {
        items.insert(Item{obj});
        index(obj);
        return Delta{Delta::Added, obj, {}};
    }
    ObjectPtr old = it->obj;
    // The same resourceVersion is the same object (a replayed event after a
    // reconnect): no delta, so handlers never see a duplicate.
    if (old->resourceVersion == obj->resourceVersion && old->uid == obj->uid)
        return std::nullopt;
    unindex(old);
    // The new object is the key now: the old one's strings are not kept alive
    // beside the new one's.
    items.erase(it);
    items.insert(Item{obj});
    index(obj);
    return Delta{Delta::Updated, obj, old};
}

std::optional<Delta> Indexer::State::remove(const QString &key) { return remove(Key::borrowed(key)); }

std::optional<Delta> Indexer::State::remove(const Key &key)
{
    return withProbe(items, key, [this](QSet<Item>::iterator it) -> std::optional<Delta> {
        if (it == items.end())
            return std::nullopt;
        ObjectPtr old = it->obj;
        unindex(old);
        items.erase(it);
        return Delta{Delta::Deleted, old, {}};
    });
}

QList<Delta> Indexer::State::replace(const QList<ObjectPtr> &fresh)
{
    QList<Delta> deltas;
    QSet<Item> freshItems;
    freshItems.reserve(fresh.size());
    for (const auto &o : fresh)
        freshItems.insert(Item{o});
    // Tombstones first: whatever vanished while we were not watching.
    QList<ObjectPtr> gone;
    for (const Item &i : std::as_const(items))
        if (!freshItems.contains(i))
            gone << i.obj;
    freshItems = {};
    for (const ObjectPtr &o : std::as_const(gone)) {
        items.remove(Item{o});
        unindex(o);
        deltas << Delta{Delta::Deleted, o, {}};
    }
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
    keys->forEach([&](const ObjectPtr &o) { out << o; });
    return out;
}

qsizetype Indexer::memoryBytes() const
{
    qsizetype n = 0;
    for (const Item &i : m_state.items)
        n += i.obj->memoryBytes() + 16; // + the shared_ptr control block
    return n;
}

} // namespace nestdeck::kube
