#pragma once

#include "core/kube/KubeObject.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <functional>
#include <optional>

namespace nestdeck::kube {

struct Delta {
    enum Type { Added, Updated, Deleted } type;
    ObjectPtr object; // the new object, or the last known one for Deleted
    ObjectPtr old;    // Updated: the previous object
};

// Which built-in indexes a store keeps. An index entry costs about as much as
// a short string per object, so caches index only what they look up.
struct IndexOptions {
    bool labels = true;            // "label": values "key=value"
    QList<QByteArray> labelKeys;   // only these label keys; empty: every label
    bool owners = true;            // "owner": owner UIDs
    // Label values as "namespace/key=value": a lookup within one namespace
    // then touches only that namespace's objects. Plain "key=value" would
    // return the c00001 of every tenant for one tenant's c00001 (quadratic
    // at thousands of tenants).
    bool labelsByNamespace = false;
};

// Store keyed "namespace/name", with named indexes (client-go's Indexer).
// Built-in indexes: "namespace", "label" (values "key=value") and "owner"
// (owner UIDs), as IndexOptions say. Not thread-safe: it lives on its
// informer's thread.
//
// Its contents are one copyable value (State, implicitly shared Qt
// containers), so that a replace of 20,000 objects can be computed on a worker
// from a copy (snapshot(), O(1)) and swapped in (adopt(), O(1)) while the
// owning thread keeps reading the old contents.
class Indexer {
public:
    using IndexFn = std::function<QList<QByteArray>(const KubeObject &)>;

    // The objects under one index value. Most values name one object or a
    // few (a cluster's machines, in its namespace), and an empty QSet's first
    // insert allocates about 1 KB: 15,000 of them were 20 MB at 5,000
    // clusters. So a few objects are a list, and many a hash. The objects
    // themselves, not their keys: 16 bytes an entry, and a lookup needs no
    // second one in the items.
    class ObjectSet {
    public:
        void insert(const ObjectPtr &obj);
        void remove(const ObjectPtr &obj);
        bool isEmpty() const { return m_list.isEmpty() && m_set.isEmpty(); }
        qsizetype size() const { return m_set.isEmpty() ? m_list.size() : m_set.size(); }
        template <typename Fn> void forEach(Fn fn) const
        {
            for (const ObjectPtr &o : m_list)
                fn(o);
            for (const Member &m : m_set)
                fn(m.obj);
        }
        static constexpr qsizetype MaxList = 32;

    private:
        // An object in the set, by its address: 16 bytes a node, where a hash
        // of address to object was 24.
        struct Member {
            ObjectPtr obj;
            friend bool operator==(const Member &a, const Member &b) noexcept { return a.obj == b.obj; }
            friend size_t qHash(const Member &m, size_t seed = 0) noexcept { return qHash(m.obj.get(), seed); }
        };
        QList<ObjectPtr> m_list; // while at most MaxList objects
        QSet<Member> m_set;      // beyond
    };

    struct Index {
        IndexFn fn;
        QHash<QByteArray, ObjectSet> values;
    };
    // The namespace and name to look an item up by.
    struct Key {
        QString ns, name;
        // "namespace/name" (or "name" for a cluster-scoped object) as a key
        // that borrows `key`'s characters: valid only while `key` lives.
        static Key borrowed(const QString &key);
    };
    // A stored object, hashed and compared by its namespace and name: the
    // object is its own key. A hash of Key to object was 64 bytes a node
    // (two strings and the pointer); this is 16, ~8 MB less at 182,000
    // objects. A lookup by key goes through a probe: an object on the stack
    // that exists only for the lookup (Store.cpp).
    struct Item {
        ObjectPtr obj;
        friend bool operator==(const Item &a, const Item &b) noexcept { return a.obj->name == b.obj->name && a.obj->ns == b.obj->ns; }
        friend size_t qHash(const Item &i, size_t seed = 0) noexcept { return qHashMulti(seed, i.obj->ns, i.obj->name); }
    };
    struct State {
        QSet<Item> items;
        QHash<QString, Index> indexes;

        ObjectPtr value(const Key &key) const;
        bool contains(const Key &key) const { return bool(value(key)); }

        std::optional<Delta> upsert(const ObjectPtr &obj);
        std::optional<Delta> remove(const QString &key);
        std::optional<Delta> remove(const Key &key);
        QList<Delta> replace(const QList<ObjectPtr> &items);

    private:
        void index(const ObjectPtr &obj);
        void unindex(const ObjectPtr &obj);
    };

    explicit Indexer(const IndexOptions &options = {});
    void addIndex(const QString &name, IndexFn fn);

    // Each returns the delta it caused (nothing when the object is unchanged).
    std::optional<Delta> upsert(const ObjectPtr &obj) { return m_state.upsert(obj); }
    std::optional<Delta> remove(const QString &key) { return m_state.remove(key); }
    // Atomic replace after a (re)list: deletes what vanished, adds and updates
    // the rest. Returns the deltas in that order.
    QList<Delta> replace(const QList<ObjectPtr> &items) { return m_state.replace(items); }

    // A copy of the contents, cheap until either side changes. Any thread may
    // work on the copy (State::replace); the store must not change meanwhile
    // if the result is to be adopted.
    State snapshot() const { return m_state; }
    // Takes `state` as the contents; `state` receives the old contents, for
    // the caller to free wherever suits it.
    void adopt(State &state) { std::swap(m_state, state); }

    ObjectPtr get(const QString &key) const { return m_state.value(Key::borrowed(key)); }
    QList<ObjectPtr> list() const;
    // Each object, without a list of them all (20,000 shared pointers copied).
    template <typename F> void forEach(F &&f) const
    {
        for (const Item &i : m_state.items)
            f(*i.obj);
    }
    qsizetype size() const { return m_state.items.size(); }
    QList<ObjectPtr> byIndex(const QString &index, const QByteArray &value) const;
    qsizetype memoryBytes() const;

private:
    State m_state;
};

} // namespace nestdeck::kube
