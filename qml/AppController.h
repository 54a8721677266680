#pragma once

#include "core/kube/Kubeconfig.h"
#include "core/platform/PlatformSession.h"

#include <QObject>
#include <QQmlEngine>
#include <QStringList>
#include <QVariantList>

#include <memory>

#include "ClusterTableModel.h"
#include "TenantModel.h"

// The application's state seen from QML: which kubeconfig and context, the
// connection to the management cluster, the shared models. One instance,
// owned by main(); QML gets it as a singleton.
class AppController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString kubeconfigPath READ kubeconfigPath NOTIFY kubeconfigChanged)
    Q_PROPERTY(QVariantList contexts READ contexts NOTIFY kubeconfigChanged)
    Q_PROPERTY(QString kubeconfigError READ kubeconfigError NOTIFY kubeconfigChanged)
    Q_PROPERTY(QString currentContext READ currentContext NOTIFY connectionChanged)
    Q_PROPERTY(QString server READ server NOTIFY connectionChanged)
    Q_PROPERTY(QString userName READ userName NOTIFY connectionChanged)
    Q_PROPERTY(QString state READ state NOTIFY connectionChanged)
    Q_PROPERTY(QString stateReason READ stateReason NOTIFY connectionChanged)
    Q_PROPERTY(bool connected READ connected NOTIFY connectionChanged)
    Q_PROPERTY(bool insecure READ insecure NOTIFY connectionChanged)
    Q_PROPERTY(bool treeVisible READ treeVisible NOTIFY connectionChanged)
    Q_PROPERTY(bool clusterWide READ clusterWide NOTIFY connectionChanged)
    Q_PROPERTY(QString lastContext READ lastContext CONSTANT)
    Q_PROPERTY(ClusterTableModel *clusters READ clusters CONSTANT)
    Q_PROPERTY(TenantModel *tenants READ tenants CONSTANT)

public:
    // Not default-constructible on purpose: QML would construct its own
    // instance instead of calling create() (see QQmlPrivate::singletonConstructionMode).
    explicit AppController(QObject *parent);
    ~AppController() override;
    static AppController *create(QQmlEngine *, QJSEngine *);
    static void setInstance(AppController *instance);

    // From the command line; empty path means kubectl's rules.
    void setStartup(const QString &kubeconfigPath, const QString &context);

    QString kubeconfigPath() const;
    QVariantList contexts() const { return m_contexts; }
    QString kubeconfigError() const { return m_kubeconfigError; }
    QString currentContext() const { return m_context; }
    QString server() const;
    QString userName() const;
    QString state() const;
    QString stateReason() const;
    bool connected() const { return m_session != nullptr; }
    bool insecure() const;
    bool treeVisible() const;
    bool clusterWide() const;
    QString lastContext() const;
    ClusterTableModel *clusters() const { return m_clusters; }
    TenantModel *tenants() const { return m_tenants; }
    nestdeck::platform::PlatformSession *session() const { return m_session.get(); }

    Q_INVOKABLE void reloadKubeconfig();
    Q_INVOKABLE void connectTo(const QString &context);
    Q_INVOKABLE void disconnectFromCluster();

signals:
    void kubeconfigChanged();
    void connectionChanged();
    // Emitted while the old session still exists: drop every reference to it.
    void sessionEnding();
    void connectFailed(const QString &message);

private:
    QString m_explicitPath;
    QString m_startupContext;
    QVariantList m_contexts;
    QString m_kubeconfigError;
    QString m_context;
    std::unique_ptr<nestdeck::platform::PlatformSession> m_session;
    ClusterTableModel *m_clusters;
    TenantModel *m_tenants;
    quint64 m_generation = 0;
};
