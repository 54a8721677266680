#include "TroubleshootModel.h"

#include "core/platform/Format.h"
#include "core/platform/SupportBundle.h"
#include "core/platform/TreeLoader.h"
#include "core/platform/Yaml.h"

#include <QCoreApplication>
#include <QDir>
#include <QPointer>
#include <QThreadPool>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QUrl>

using namespace nestdeck::platform;

namespace {
// Changes arrive in bursts (a machine's status, its VM's, their events): one
// reload per burst.
constexpr int ReloadDelayMs = 700;
}

TroubleshootModel::TroubleshootModel(QObject *parent) : QAbstractItemModel(parent), SessionFollower(this)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(ReloadDelayMs);
    connect(&m_debounce, &QTimer::timeout, this, &TroubleshootModel::reload);
}

void TroubleshootModel::attach(PlatformSession *session)
{
    if (session) {
        follow(connect(session, &PlatformSession::appsTouched, this, [this](const QSet<QString> &keys) {
            if (m_active && keys.contains(m_key))
                m_debounce.start();
        }));
        follow(connect(session->kuberneteses(), &ResourceCache::changed, this, [this](const QList<nestdeck::kube::Delta> &deltas) {
            for (const auto &d : deltas)
                if (m_active && d.object->key() == m_key)
                    m_debounce.start();
        }));
        follow(connect(session->events(), &ResourceCache::changed, this, [this](const QList<nestdeck::kube::Delta> &deltas) {
            for (const auto &d : deltas)
                if (m_active && d.object->ns == m_key.section(QLatin1Char('/'), 0, 0)) {
                    m_debounce.start();
                    return;
                }
        }));
    }
    emit sessionChanged();
    if (m_active)
        reload();
}

void TroubleshootModel::setAppKey(const QString &key)
{
    if (key == m_key)
        return;
    m_key = key;
    emit appKeyChanged();
    setTree({}, {}, {});
    if (m_active)
        reload();
}

void TroubleshootModel::setActive(bool a)
{
    if (a == m_active)
        return;
    m_active = a;
    emit activeChanged();
    if (m_active)
        reload();
}

void TroubleshootModel::reload()
{
    PlatformSession *s = session();
    if (!s || m_key.isEmpty())
        return;
    if (m_loading) {
        m_again = true;
        return;
    }
    m_loading = true;
    emit loadingChanged();
    m_request = new QObject(this);
    const QString key = m_key;
    QObject *request = m_request;
    loadTree(s->client(), key.section(QLatin1Char('/'), 0, 0), key.section(QLatin1Char('/'), 1), request,
             [this, key, request](const TreeInput &in, const QString &error) {
                 request->deleteLater();
                 if (m_request == request)
                     m_request = nullptr;
                 m_loading = false;
                 emit loadingChanged();
                 if (key != m_key)
                     return; // another cluster by now
                 // Built here, on the GUI thread: one cluster's tree is tens of objects.
                 setTree(buildTree(in), in.events, error);
                 if (m_again) {
                     m_again = false;
                     m_debounce.start();
                 }
             });
}

void TroubleshootModel::setTree(ClusterTree tree, QList<QJsonObject> events, const QString &error)
{
    // The same objects in the same places: update rows in place (expansion stays).
    bool same = tree.nodes.size() == m_tree.nodes.size();
    for (qsizetype i = 0; same && i < tree.nodes.size(); ++i)
        same = tree.nodes[i].uid == m_tree.nodes[i].uid && tree.nodes[i].parent == m_tree.nodes[i].parent;
    if (same && !m_tree.nodes.isEmpty()) {
        m_tree = std::move(tree);
        m_events = std::move(events);
        m_error = error;
        for (int i = 0; i < m_tree.nodes.size(); ++i) {
            const TreeNode &n = m_tree.nodes[i];
            const int row = n.parent < 0 ? 0 : int(m_tree.nodes[n.parent].children.indexOf(i));
            const QModelIndex idx = createIndex(row, 0, quintptr(i));
            emit dataChanged(idx, idx);
        }
    } else {
        beginResetModel();
        m_tree = std::move(tree);
        m_events = std::move(events);
        m_error = error;
        endResetModel();
    }
    ++m_revision;
    emit diagnosisChanged();
}

int TroubleshootModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return -1;
    const int n = int(index.internalId());
    return n >= 0 && n < m_tree.nodes.size() ? n : -1;
}

QModelIndex TroubleshootModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    if (!parent.isValid())
        return row == 0 && !m_tree.nodes.isEmpty() ? createIndex(0, 0, quintptr(0)) : QModelIndex();
    const int p = nodeOf(parent);
    if (p < 0 || row >= m_tree.nodes[p].children.size())
        return {};
    return createIndex(row, 0, quintptr(m_tree.nodes[p].children[row]));
}

QModelIndex TroubleshootModel::parent(const QModelIndex &child) const
{
    const int n = nodeOf(child);
    if (n <= 0)
        return {};
    const int p = m_tree.nodes[n].parent;
    const int pp = m_tree.nodes[p].parent;
    const int row = pp < 0 ? 0 : int(m_tree.nodes[pp].children.indexOf(p));
    return createIndex(row, 0, quintptr(p));
}

int TroubleshootModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return m_tree.nodes.isEmpty() ? 0 : 1;
    const int n = nodeOf(parent);
    return n < 0 ? 0 : int(m_tree.nodes[n].children.size());
}

int TroubleshootModel::columnCount(const QModelIndex &) const { return 1; }

QVariant TroubleshootModel::data(const QModelIndex &index, int role) const
{
    const int i = nodeOf(index);
    if (i < 0)
        return {};
    const TreeNode &n = m_tree.nodes[i];
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole: return n.title();
    case KindRole: return n.kind;
    case NameRole: return n.name;
    case WordRole: return n.own.word;
    case MessageRole: return n.own.message;
    case SeverityRole: return int(n.own.severity);
    case WorstRole: return int(n.worst);
    case AgeRole: return n.created.isValid() ? shortAge(n.created) : QString();
    case WarningRole: return n.warning.count > 0 ? n.warning.reason + QStringLiteral(": ") + n.warning.message : QString();
    case FinalizersRole: return n.finalizers.join(QStringLiteral(", "));
    case CauseRole: return m_tree.diagnosis.node == i;
    default: return {};
    }
}

QHash<int, QByteArray> TroubleshootModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"}, {KindRole, "kind"},       {NameRole, "name"},       {TitleRole, "title"},
            {WordRole, "word"},           {MessageRole, "message"}, {SeverityRole, "severity"}, {WorstRole, "worst"},
            {AgeRole, "age"},             {WarningRole, "warning"}, {FinalizersRole, "finalizers"}, {CauseRole, "isCause"}};
}

QString TroubleshootModel::causeName() const { return m_tree.empty() ? QString() : nestdeck::platform::causeName(m_tree.diagnosis.cause); }
QString TroubleshootModel::healthWord() const { return m_tree.empty() ? QString() : healthName(m_tree.diagnosis.health); }
QString TroubleshootModel::since() const { return m_tree.diagnosis.since.isValid() ? shortAge(m_tree.diagnosis.since) : QString(); }

QModelIndex TroubleshootModel::diagnosisIndex() const
{
    if (m_tree.empty())
        return {};
    const int n = std::max(0, m_tree.diagnosis.node);
    const int p = m_tree.nodes[n].parent;
    return createIndex(p < 0 ? 0 : int(m_tree.nodes[p].children.indexOf(n)), 0, quintptr(n));
}

QString TroubleshootModel::yamlOf(const QModelIndex &index) const
{
    const int n = nodeOf(index);
    if (n < 0)
        return {};
    if (m_tree.nodes[n].placeholder)
        return tr("# The app is gone; only its leftovers remain.");
    const QJsonObject o = scrubbed(m_tree.nodes[n].kind, QJsonDocument::fromJson(m_tree.nodes[n].json).object());
    return jsonToYaml(o);
}

QStringList TroubleshootModel::eventsOf(const QModelIndex &index) const
{
    const int n = nodeOf(index);
    if (n < 0)
        return {};
    const TreeNode &node = m_tree.nodes[n];
    QList<QPair<QDateTime, QString>> lines;
    for (const QJsonObject &e : m_events) {
        if (!eventIsAbout(e, node.uid, node.kind, node.name))
            continue;
        const QDateTime when = eventTime(e);
        const int count = e.value(QLatin1String("count")).toInt(1);
        lines.append({when, QStringLiteral("%1  %2 %3: %4%5")
                                .arg(shortAge(when), e.value(QLatin1String("type")).toString() == QLatin1String("Warning") ? QStringLiteral("⚠") : QStringLiteral("•"),
                                     e.value(QLatin1String("reason")).toString(), e.value(QLatin1String("message")).toString(),
                                     count > 1 ? QStringLiteral(" (×%1)").arg(count) : QString())});
    }
    std::sort(lines.begin(), lines.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    QStringList out;
    for (const auto &l : std::as_const(lines))
        out << l.second;
    return out;
}

QStringList TroubleshootModel::ownersOf(const QModelIndex &index) const
{
    QStringList out;
    for (int n = nodeOf(index); n >= 0; n = m_tree.nodes[n].parent)
        out.prepend(m_tree.nodes[n].title());
    return out;
}

QString TroubleshootModel::suggestedBundleName() const
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    const QString file = QStringLiteral("nestdeck-%1-%2-%3.tar.gz")
                             .arg(m_tree.ns, m_tree.name, QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    return QDir(dir.isEmpty() ? QDir::homePath() : dir).filePath(file);
}

void TroubleshootModel::exportBundle(const QString &pathOrUrl)
{
    const QUrl url(pathOrUrl);
    const QString path = url.isLocalFile() ? url.toLocalFile() : pathOrUrl;
    QPointer<TroubleshootModel> self(this);
    // A copy of the tree goes to the pool: the model may reload meanwhile.
    QThreadPool::globalInstance()->start([self, path, tree = m_tree, events = m_events] {
        const QString error = writeSupportBundle(tree, events, path);
        QMetaObject::invokeMethod(qApp, [self, path, error] {
            if (self)
                emit self->bundleWritten(path, error);
        });
    });
}
