#include "EventModel.h"

#include "core/platform/Format.h"
#include "core/platform/Naming.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace nestdeck;
using namespace nestdeck::platform;

EventModel::EventModel(QObject *parent) : QAbstractListModel(parent), SessionFollower(this)
{
    // "5s ago" moves on while the tab is open: the age role alone is announced.
    m_ageTick.setInterval(AgeTickMs);
    connect(&m_ageTick, &QTimer::timeout, this, [this] {
        if (rowCount() > 0)
            emit dataChanged(index(0), index(rowCount() - 1), {AgeRole});
    });
    m_ageTick.start();
}

void EventModel::attach(PlatformSession *session)
{
    if (session) {
        follow(connect(session->events(), &ResourceCache::changed, this, &EventModel::onDeltas));
        follow(connect(session->events(), &ResourceCache::namespaceErrorChanged, this, [this](const QString &ns) {
            if (ns == m_ns)
                updateError();
        }));
    }
    restart();
    emit sessionChanged();
}

void EventModel::setCluster(const QString &ns, const QString &name)
{
    if (ns == m_ns && name == m_name)
        return;
    m_ns = ns;
    m_name = name;
    restart();
}

void EventModel::restart()
{
    if (!m_rows.isEmpty()) {
        beginRemoveRows({}, 0, int(m_rows.size()) - 1);
        m_rows.clear();
        endRemoveRows();
        emit countChanged();
    }
    PlatformSession *s = session();
    if (s && !m_ns.isEmpty() && !m_name.isEmpty()) {
        s->watchEvents(m_ns);
        // What the cache already holds (another page of this namespace was open before).
        QList<kube::Delta> present;
        for (const kube::ObjectPtr &o : s->events()->inNamespace(m_ns))
            present << kube::Delta{kube::Delta::Added, o, {}};
        onDeltas(present);
    }
    updateError();
}

void EventModel::updateError()
{
    // 403 or a failing watch: the cache says why, once (a 403 is not retried).
    const QString e = session() && !m_ns.isEmpty() ? session()->events()->errorIn(m_ns) : QString();
    if (e != m_error) {
        m_error = e;
        emit errorChanged();
    }
}

bool EventModel::belongs(const QJsonObject &involved) const
{
    const QString n = involved[QStringLiteral("name")].toString();
    const QString rel = naming::kubernetesRelease(m_name);
    // The app itself, and every object of its tree (named after the release).
    return (n == m_name && involved[QStringLiteral("kind")].toString() == QLatin1String("Kubernetes")) || n == rel ||
           n.startsWith(rel + QLatin1Char('-'));
}

int EventModel::insertPosition(const QDateTime &t) const
{
    int lo = 0, hi = int(m_rows.size());
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (m_rows[mid].last > t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void EventModel::onDeltas(const QList<kube::Delta> &deltas)
{
    for (const kube::Delta &d : deltas) {
        if (d.object->ns != m_ns) // the cache holds every namespace asked for
            continue;
        const QString key = d.object->key();
        int existing = -1;
        for (int i = 0; i < m_rows.size(); ++i)
            if (m_rows[i].key == key) {
                existing = i;
                break;
            }
        if (existing >= 0) {
            beginRemoveRows({}, existing, existing);
            m_rows.removeAt(existing);
            endRemoveRows();
        }
        if (d.type == kube::Delta::Deleted)
            continue;
        const QJsonObject e = QJsonDocument::fromJson(d.object->json()).object();
        const QJsonObject involved = e[QStringLiteral("involvedObject")].toObject();
        if (!belongs(involved))
            continue;
        Row r;
        r.key = key;
        r.type = e[QStringLiteral("type")].toString();
        r.reason = e[QStringLiteral("reason")].toString();
        r.message = e[QStringLiteral("message")].toString();
        r.object = involved[QStringLiteral("kind")].toString() + QLatin1Char('/') + involved[QStringLiteral("name")].toString();
        r.count = std::max(1, e[QStringLiteral("count")].toInt());
        for (const char *f : {"lastTimestamp", "eventTime", "firstTimestamp"}) {
            r.last = QDateTime::fromString(e[QLatin1String(f)].toString(), Qt::ISODate);
            if (r.last.isValid())
                break;
        }
        const int pos = insertPosition(r.last);
        beginInsertRows({}, pos, pos);
        m_rows.insert(pos, r);
        endInsertRows();
    }
    emit countChanged();
}

int EventModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int EventModel::warnings() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row &r) { return r.type == QLatin1String("Warning"); }));
}

QVariant EventModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case MessageRole: return r.message;
    case TypeRole: return r.type;
    case WarningRole: return r.type == QLatin1String("Warning");
    case ReasonRole: return r.reason;
    case ObjectRole: return r.object;
    case CountRole: return r.count;
    case LastSeenRole: return r.last;
    case AgeRole: return r.last.isValid() ? tr("%1 ago").arg(shortAge(r.last)) : QStringLiteral("—");
    default: return {};
    }
}

QHash<int, QByteArray> EventModel::roleNames() const
{
    return {{TypeRole, "type"}, {WarningRole, "warning"}, {ReasonRole, "reason"}, {MessageRole, "message"},
            {ObjectRole, "object"}, {CountRole, "count"}, {LastSeenRole, "lastSeen"}, {AgeRole, "age"}};
}
