#include "core/kube/KubeObject.h"

namespace nestdeck::kube {

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

} // namespace nestdeck::kube
