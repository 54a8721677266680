#include "AppController.h"

#include "ClusterTableModel.h"
#include "TenantModel.h"
#include "core/Logging.h"

#include <QDir>
#include <QPointer>
#include <QSettings>
#include <QThreadPool>

using namespace nestdeck;

namespace {
AppController *s_instance = nullptr;
}

AppController::AppController(QObject *parent)
    : QObject(parent), m_clusters(new ClusterTableModel(this)), m_tenants(new TenantModel(this))
{
}

AppController::~AppController()
{
    m_clusters->setSession(nullptr);
    m_tenants->setSession(nullptr);
}

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
    m_startupContext = context;
    reloadKubeconfig();
    if (!context.isEmpty())
        connectTo(context);
}

QString AppController::kubeconfigPath() const
{
    if (!m_explicitPath.isEmpty())
        return m_explicitPath;
    const QString env = qEnvironmentVariable("KUBECONFIG");
    return env.isEmpty() ? QDir::homePath() + QStringLiteral("/.kube/config") : env;
}

QString AppController::lastContext() const
{
    return QSettings().value(QStringLiteral("connection/lastContext")).toString();
}

void AppController::reloadKubeconfig()
{
    // Reading kubeconfig files is I/O: a worker thread does it.
    const auto rules = kube::LoadingRules::fromEnvironment(m_explicitPath);
    const quint64 gen = ++m_generation;
    QPointer<AppController> self(this);
    QThreadPool::globalInstance()->start([self, rules, gen] {
        auto cfg = kube::Kubeconfig::load(rules);
        QVariantList contexts;
        QString error;
        if (!cfg) {
            error = cfg.error().message;
        } else {
            for (const auto &c : cfg->contexts) {
                const auto cl = cfg->clusters.value(c.cluster);
                contexts << QVariantMap{{QStringLiteral("name"), c.name},
                                        {QStringLiteral("cluster"), c.cluster},
                                        {QStringLiteral("server"), cl.server},
                                        {QStringLiteral("user"), c.user},
                                        {QStringLiteral("namespace"), c.ns},
                                        {QStringLiteral("current"), c.name == cfg->currentContext}};
            }
            if (contexts.isEmpty())
                error = QObject::tr("%1 defines no contexts.").arg(cfg->files.join(QStringLiteral(", ")));
        }
        QMetaObject::invokeMethod(self.data(), [self, contexts, error, gen] {
            if (!self || gen != self->m_generation)
                return;
            self->m_contexts = contexts;
            self->m_kubeconfigError = error;
            emit self->kubeconfigChanged();
        });
    });
}

void AppController::connectTo(const QString &context)
{
    const auto rules = kube::LoadingRules::fromEnvironment(m_explicitPath);
    QPointer<AppController> self(this);
    QThreadPool::globalInstance()->start([self, rules, context] {
        auto cfg = kube::Kubeconfig::load(rules);
        Expected<kube::RestConfig> rc = cfg ? cfg->restConfig(context) : Expected<kube::RestConfig>(cfg.error());
        QMetaObject::invokeMethod(self.data(), [self, rc, context] {
            if (!self)
                return;
            if (!rc) {
                emit self->connectFailed(rc.error().message);
                return;
            }
            self->disconnectFromCluster();
            self->m_context = rc->contextName;
            self->m_session = std::make_unique<platform::PlatformSession>(*rc);
            connect(self->m_session.get(), &platform::PlatformSession::stateChanged, self.data(), &AppController::connectionChanged);
            self->m_clusters->setSession(self->m_session.get());
            self->m_tenants->setSession(self->m_session.get());
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
    m_clusters->setSession(nullptr);
    m_tenants->setSession(nullptr);
    emit sessionEnding();
    m_session.reset();
    m_context.clear();
    emit connectionChanged();
}

QString AppController::server() const { return m_session ? m_session->config().server : QString(); }
QString AppController::userName() const { return m_session ? m_session->config().userName : QString(); }
bool AppController::insecure() const { return m_session && m_session->config().insecureSkipTlsVerify; }
bool AppController::treeVisible() const { return m_session && m_session->treeVisible(); }
bool AppController::clusterWide() const { return m_session && m_session->clusterWide(); }

QString AppController::state() const
{
    if (!m_session)
        return QStringLiteral("disconnected");
    switch (m_session->state()) {
    case platform::PlatformSession::State::Connecting: return QStringLiteral("connecting");
    case platform::PlatformSession::State::Synced: return QStringLiteral("synced");
    case platform::PlatformSession::State::Reconnecting: return QStringLiteral("reconnecting");
    case platform::PlatformSession::State::Forbidden: return QStringLiteral("forbidden");
    }
    return {};
}

QString AppController::stateReason() const { return m_session ? m_session->stateReason() : QString(); }
