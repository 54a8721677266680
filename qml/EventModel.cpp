#include "EventModel.h"

#include "core/platform/Format.h"
#include "core/platform/Naming.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace nestdeck;
using namespace nestdeck::platform;

EventModel::EventModel(QObject *parent) : QAbstractListModel(parent) {}
EventModel::~EventModel() = default;

void EventModel::setSession(PlatformSession *session)
{
    m_session = session;
    restart();
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
    m_informer.reset();
    if (!m_rows.isEmpty()) {
        beginRemoveRows({}, 0, int(m_rows.size()) - 1);
        m_rows.clear();
        endRemoveRows();
        emit countChanged();
    }
    if (!m_session || m_ns.isEmpty() || m_name.isEmpty())
        return;
    kube::ReflectorOptions o;
    o.ns = m_ns;
    m_informer = std::make_unique<kube::SharedInformer>(m_session->client(), PlatformSession::EventRef, o);
    connect(m_informer.get(), &kube::SharedInformer::changed, this, &EventModel::onDeltas);
    connect(m_informer.get(), &kube::SharedInformer::stateChanged, this, [this](kube::Reflector::State s, const QString &reason) {
        const QString e = s == kube::Reflector::State::Backoff ? reason : QString();
        if (s == kube::Reflector::State::Backoff && m_informer->reflector().lastError().isForbidden())
            m_informer->stop(); // not allowed: say so once, no retries
        if (e != m_error) {
            m_error = e;
            emit errorChanged();
        }
    });
    m_informer->start();
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
        const QJsonObject e = QJsonDocument::fromJson(d.object->json).object();
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
