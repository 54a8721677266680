#include "core/platform/ResourceCache.h"

#include "core/Logging.h"

namespace nestdeck::platform {

ResourceCache::ResourceCache(RestClient *client, ResourceRef ref, QObject *parent, IndexOptions indexes, kube::TrimPtr trim)
    : QObject(parent), m_client(client), m_ref(std::move(ref)), m_indexes(std::move(indexes)), m_trim(std::move(trim))
{
}

void ResourceCache::watchAllNamespaces() { add(QString()); }

void ResourceCache::watchNamespace(const QString &ns)
{
    if (!m_informers.contains(QString()))
        add(ns);
}

void ResourceCache::add(const QString &ns)
{
    if (m_informers.contains(ns))
        return;
    ReflectorOptions o;
    o.ns = ns;
    o.trim = m_trim;
    auto *inf = new SharedInformer(m_client, m_ref, o, this, m_indexes);
    m_informers.insert(ns, inf);
    connect(inf, &SharedInformer::changed, this, &ResourceCache::changed);
    connect(inf, &SharedInformer::synced, this, [this] {
        if (m_access != Access::Forbidden)
            setAccess(Access::Allowed);
        if (hasSynced())
            emit synced();
    });
    connect(inf, &SharedInformer::stateChanged, this, [this, inf, ns](Reflector::State s, const QString &reason) {
        if (s != Reflector::State::Stopped) {
            const QString e = s == Reflector::State::Backoff ? reason : QString();
            if (e != m_nsErrors.value(ns)) {
                if (e.isEmpty())
                    m_nsErrors.remove(ns);
                else
                    m_nsErrors.insert(ns, e);
                emit namespaceErrorChanged(ns);
            }
        }
        if (s == Reflector::State::Watching && m_access == Access::Failing)
            setAccess(Access::Allowed);
        if (s != Reflector::State::Backoff)
            return;
        if (inf->reflector().lastError().isForbidden()) {
            // No retry storm for what the user may not see: stop and say so.
            inf->stop();
            if (ns.isEmpty()) {
                qCInfo(lcUi).noquote() << m_ref.id() << "is forbidden cluster-wide; watching namespaces instead";
                m_informers.remove(ns);
                inf->deleteLater();
                setAccess(Access::Forbidden, reason);
                emit clusterWideForbidden();
            } else if (m_informers.size() == 1) {
                setAccess(Access::Forbidden, reason);
            }
            return;
        }
        const bool listed = inf->reflector().hasSynced(); // its slices may still be on their way to handlers
        setAccess(listed ? Access::Failing : (m_access == Access::Allowed ? Access::Failing : Access::Pending), reason);
        if (!listed)
            m_lastError = reason;
    });
    inf->start();
}

void ResourceCache::setAccess(Access a, const QString &error)
{
    // A new error while still pending is news too: before the first list
    // succeeds it is the only thing that explains the wait.
    const bool newError = !error.isEmpty() && error != m_lastError;
    if (!error.isEmpty())
        m_lastError = error;
    if (a == m_access && !newError)
        return;
    m_access = a;
    emit accessChanged();
}

ObjectPtr ResourceCache::get(const QString &key) const
{
    for (auto *inf : m_informers)
        if (auto o = inf->store().get(key))
            return o;
    return {};
}

QList<ObjectPtr> ResourceCache::byLabel(const QByteArray &labelKeyValue, const QString &ns) const
{
    QList<ObjectPtr> out;
    const qsizetype eq = labelKeyValue.indexOf('=');
    const QByteArray key = labelKeyValue.left(eq);
    if (!m_indexes.labels || (!m_indexes.labelKeys.isEmpty() && !m_indexes.labelKeys.contains(key)) ||
        (m_indexes.labelsByNamespace && ns.isEmpty())) {
        // Not indexed (or indexed per namespace, asked across all): a scan,
        // correct, only slower.
        const QByteArray value = labelKeyValue.mid(eq + 1);
        for (auto *inf : m_informers)
            for (const auto &o : inf->store().list())
                if ((ns.isEmpty() || o->ns == ns) && eq >= 0 && o->label(key) == value)
                    out << o;
        return out;
    }
    const QByteArray value = m_indexes.labelsByNamespace ? ns.toUtf8() + '/' + labelKeyValue : labelKeyValue;
    for (auto *inf : m_informers)
        for (const auto &o : inf->store().byIndex(QStringLiteral("label"), value))
            if (ns.isEmpty() || o->ns == ns)
                out << o;
    return out;
}

QList<ObjectPtr> ResourceCache::inNamespace(const QString &ns) const
{
    QList<ObjectPtr> out;
    for (auto *inf : m_informers)
        out += inf->store().byIndex(QStringLiteral("namespace"), ns.toUtf8());
    return out;
}

QList<ObjectPtr> ResourceCache::all() const
{
    QList<ObjectPtr> out;
    for (auto *inf : m_informers)
        out += inf->store().list();
    return out;
}

qsizetype ResourceCache::size() const
{
    qsizetype n = 0;
    for (auto *inf : m_informers)
        n += inf->store().size();
    return n;
}

bool ResourceCache::notServed() const
{
    for (auto *inf : m_informers)
        if (!inf->reflector().hasSynced() && inf->reflector().lastError().code == 404)
            return true;
    return false;
}

bool ResourceCache::hasSynced() const
{
    if (m_informers.isEmpty())
        return false;
    for (auto *inf : m_informers)
        if (!inf->hasSynced() && inf->reflector().state() != Reflector::State::Stopped)
            return false;
    return true;
}

} // namespace nestdeck::platform
