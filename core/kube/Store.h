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

// Store keyed "namespace/name", with named indexes (client-go's Indexer).
// Built-in indexes: "namespace", "label" (values "key=value") and "owner"
// (owner UIDs). Not thread-safe: it lives on its informer's thread.
class Indexer {
public:
    using IndexFn = std::function<QList<QByteArray>(const KubeObject &)>;

    Indexer();
    void addIndex(const QString &name, IndexFn fn);

    // Each returns the delta it caused (nothing when the object is unchanged).
    std::optional<Delta> upsert(const ObjectPtr &obj);
    std::optional<Delta> remove(const QString &key);
    // Atomic replace after a (re)list: deletes what vanished, adds and updates
    // the rest. Returns the deltas in that order.
    QList<Delta> replace(const QList<ObjectPtr> &items);

    ObjectPtr get(const QString &key) const { return m_items.value(key); }
    QList<ObjectPtr> list() const { return m_items.values(); }
    QList<QString> keys() const { return m_items.keys(); }
    qsizetype size() const { return m_items.size(); }
    QList<ObjectPtr> byIndex(const QString &index, const QByteArray &value) const;
    qsizetype memoryBytes() const;

private:
    void index(const QString &key, const KubeObject &obj);
    void unindex(const QString &key, const KubeObject &obj);

    QHash<QString, ObjectPtr> m_items;
    struct Index {
        IndexFn fn;
        QHash<QByteArray, QSet<QString>> values;
    };
    QHash<QString, Index> m_indexes;
};

} // namespace nestdeck::kube
