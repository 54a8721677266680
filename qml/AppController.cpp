#include "AppController.h"

#include "core/Logging.h"
#include "core/Threading.h"
#include "core/platform/Format.h"

#include <QFileInfo>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QThreadPool>

using namespace nestdeck;

namespace {
AppController *s_instance = nullptr;
}

AppController::AppController(QObject *parent) : QObject(parent), m_contexts(ValueListModel::of<ContextRow>(this))
{
    m_staleTick.setInterval(1000);
    connect(&m_staleTick, &QTimer::timeout, this, &AppController::staleChanged);
    // A burst of writes (an editor, kubectl config set-*) is read once.
    m_reloadSoon.setSingleShot(true);
    m_reloadSoon.setInterval(300);
    connect(&m_reloadSoon, &QTimer::timeout, this, &AppController::reloadKubeconfig);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_reloadSoon, qOverload<>(&QTimer::start));
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, [this](const QString &dir) {
        // Only a folder holding one of the files matters, and only if a file of it changed.
        for (const QString &f : rules().files())
            if (QFileInfo(f).absolutePath() == dir) {
                m_reloadSoon.start();
                return;
            }
    });
}

AppController::~AppController() { disconnectFromCluster(); }

void AppController::setInstance(AppController *instance) { s_instance = instance; }

AppController *AppController::create(QQmlEngine *, QJSEngine *)
{
    // The app owns it; QML must not delete it.
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    return s_instance;
}

void AppController::setStartup(const QString &kubeconfigPath, const QString &context)
{
    m_explicitPath = kubeconfigPath;
    reloadKubeconfig();
    if (!context.isEmpty())
        connectTo(context);
}

QString AppController::lastContext() const
{
    return QSettings().value(QStringLiteral("connection/lastContext")).toString();
}

int AppController::preferredContext() const
{
    const QString last = lastContext();
    int current = -1;
    for (int i = 0; i < m_contexts->count(); ++i) {
        const auto row = m_contexts->at<ContextRow>(i);
        if (row.name == last)
            return i;
        if (row.current && current < 0)
            current = i;
    }
    return current >= 0 ? current : (m_contexts->count() > 0 ? 0 : -1);
}

void AppController::reloadKubeconfig()
{
    // Reading kubeconfig files is I/O: a worker thread does it.
    const auto r = rules();
    const quint64 gen = ++m_generation;
    QPointer<AppController> self(this);
    QObject *home = resultsHome(this);
    const QString context = m_context;
    QThreadPool::globalInstance()->start([self, home, r, gen, context] {
        auto cfg = kube::Kubeconfig::load(r);
        QList<ContextRow> contexts;
        QString error;
        std::optional<kube::RestConfig> current; // the connected context as the files say now
        if (!cfg) {
            error = cfg.error().message;
        } else {
            for (const auto &c : cfg->contexts)
                contexts << ContextRow{c.name, c.cluster, cfg->clusters.value(c.cluster).server, c.user, c.ns,
                                       c.name == cfg->currentContext};
            if (contexts.isEmpty())
                error = tr("%1 defines no contexts.").arg(r.displayPath());
            if (!context.isEmpty())
                if (auto rc = cfg->restConfig(context))
                    current = *rc;
        }
        QMetaObject::invokeMethod(home, [self, contexts, error, gen, current] {
            if (!self || gen != self->m_generation)
                return;
            self->m_contexts->setRows(contexts);
            self->m_kubeconfigError = error;
            self->watchKubeconfig();
            emit self->kubeconfigChanged();
            // The connected context moved (another port, a new certificate or
            // token): kubectl would read the file anew, and so does the session.
            if (self->m_session && current && current->contextName == self->m_context &&
                !kube::sameConnection(*current, self->m_session->config())) {
                qCInfo(lcUi).noquote() << "context" << self->m_context << "changed in the kubeconfig: reconnecting";
                self->connectTo(self->m_context);
            }
        });
    });
}

void AppController::watchKubeconfig()
{
    // The files, and the folders they are in: an atomic write replaces a
    // file (the watch on the old one ends), and a file may appear later.
    QStringList files, dirs;
    for (const QString &f : rules().files()) {
        if (QFileInfo::exists(f))
            files << f;
        const QString dir = QFileInfo(f).absolutePath();
        if (QFileInfo::exists(dir) && !dirs.contains(dir))
            dirs << dir;
    }
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    if (!files.isEmpty())
        m_watcher.addPaths(files);
    if (!dirs.isEmpty())
        m_watcher.addPaths(dirs);
}

void AppController::setConnecting(bool on)
{
    if (on == m_connecting)
        return;
    m_connecting = on;
    emit connectingChanged();
}

void AppController::connectTo(const QString &context)
{
    const auto r = rules();
    setConnecting(true);
    QPointer<AppController> self(this);
    QObject *home = resultsHome(this);
    QThreadPool::globalInstance()->start([self, home, r, context] {
        auto cfg = kube::Kubeconfig::load(r);
        Expected<kube::RestConfig> rc = cfg ? cfg->restConfig(context) : Expected<kube::RestConfig>(cfg.error());
        QMetaObject::invokeMethod(home, [self, rc, context] {
            if (!self)
                return;
            self->setConnecting(false);
            if (!rc) {
                emit self->connectFailed(rc.error().message);
                return;
            }
            self->disconnectFromCluster();
            self->m_context = rc->contextName;
            self->m_session = std::make_unique<platform::PlatformSession>(*rc);
            connect(self->m_session.get(), &platform::PlatformSession::stateChanged, self.data(), &AppController::connectionChanged);
            connect(self->m_session.get(), &platform::PlatformSession::stateChanged, self.data(), [s = self.data()] {
                if (s->m_session && s->m_session->staleSince().isValid())
                    s->m_staleTick.start();
                else
                    s->m_staleTick.stop();
                emit s->staleChanged();
            });
            connect(self->m_session->apps(), &platform::AppCatalog::changed, self.data(), &AppController::appKindsChanged);
            connect(self->m_session.get(), &platform::PlatformSession::servedAppsChanged, self.data(), &AppController::appKindsChanged);
            emit self->sessionChanged();
            self->m_session->start();
            QSettings().setValue(QStringLiteral("connection/lastContext"), rc->contextName);
            qCInfo(lcUi).noquote() << "connecting to context" << rc->contextName;
            emit self->connectionChanged();
        });
    });
}

void AppController::disconnectFromCluster()
{
    if (!m_session)
        return;
    // Everything bound to the session lets go of it first (sessionChanged with
    // null), then it is destroyed.
    const std::unique_ptr<platform::PlatformSession> old = std::move(m_session);
    m_context.clear();
    m_staleTick.stop();
    emit staleChanged();
    emit sessionChanged();
    emit connectionChanged();
    emit appKindsChanged();
}

QStringList AppController::appKinds() const
{
    if (!m_session)
        return {};
    QList<platform::AppDefinitionPtr> defs = m_session->apps()->all();
    std::sort(defs.begin(), defs.end(), [](const auto &a, const auto &b) {
        return a->weight != b->weight ? a->weight > b->weight : a->kind < b->kind;
    });
    QStringList out;
    for (const auto &d : defs)
        if (d->hasSchema())
            out << d->kind;
    return out;
}

QStringList AppController::unservedKinds() const
{
    QStringList out;
    if (m_session)
        for (const auto &d : m_session->apps()->all())
            if (d->hasSchema() && !m_session->appResourceServed(d->resource().resource))
                out << d->kind;
    return out;
}

QString AppController::server() const { return m_session ? m_session->config().server : QString(); }
QString AppController::userName() const { return m_session ? m_session->config().userName : QString(); }
bool AppController::insecure() const { return m_session && m_session->config().insecureSkipTlsVerify; }
bool AppController::treeVisible() const { return m_session && m_session->treeVisible(); }
bool AppController::clusterWide() const { return m_session && m_session->clusterWide(); }
QString AppController::stateReason() const { return m_session ? m_session->stateReason() : QString(); }

QString AppController::staleText() const
{
    const QDateTime since = m_session ? m_session->staleSince() : QDateTime();
    if (!since.isValid())
        return {};
    return tr("Not live for %1: what is shown is as of %2, the last word from the server. Changes wait until it is back.")
        .arg(platform::shortAge(since), QLocale().toString(since.toLocalTime().time(), QLocale::LongFormat));
}
