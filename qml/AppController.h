#pragma once

#include "Components/UiTypes.h"
#include "Components/ValueListModel.h"
#include "core/kube/Kubeconfig.h"

#include <QObject>
#include <QFileSystemWatcher>
#include <QTimer>
#include <QQmlEngine>
#include <QStringList>

#include <memory>

// One context of the merged kubeconfig, as the Connect page lists it.
struct ContextRow {
    Q_GADGET
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(QString cluster MEMBER cluster)
    Q_PROPERTY(QString server MEMBER server)
    Q_PROPERTY(QString user MEMBER user)
    Q_PROPERTY(QString namespaceName MEMBER namespaceName)
    Q_PROPERTY(bool current MEMBER current)
public:
    QString name, cluster, server, user, namespaceName;
    bool current = false;
    bool operator==(const ContextRow &) const = default;
};

// The application's state seen from QML: which kubeconfig and context, and
// the session with the management cluster. View-models do not look it up:
// QML passes `AppController.session` to them. One instance, owned by main();
// QML gets it as a singleton.
class AppController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString kubeconfigPath READ kubeconfigPath NOTIFY kubeconfigChanged)
    Q_PROPERTY(QString kubeconfigWriteTarget READ kubeconfigWriteTarget NOTIFY kubeconfigChanged)
    Q_PROPERTY(ValueListModel *contexts READ contexts CONSTANT)
    Q_PROPERTY(int preferredContext READ preferredContext NOTIFY kubeconfigChanged)
    Q_PROPERTY(QString kubeconfigError READ kubeconfigError NOTIFY kubeconfigChanged)
    Q_PROPERTY(nestdeck::platform::PlatformSession *session READ session NOTIFY sessionChanged)
    Q_PROPERTY(QString currentContext READ currentContext NOTIFY connectionChanged)
    Q_PROPERTY(QString server READ server NOTIFY connectionChanged)
    Q_PROPERTY(QString userName READ userName NOTIFY connectionChanged)
    Q_PROPERTY(ConnectionState::Value state READ state NOTIFY connectionChanged)
    Q_PROPERTY(QString stateReason READ stateReason NOTIFY connectionChanged)
    // "" while live; else how long it has not been, and as of when the data is.
    Q_PROPERTY(QString staleText READ staleText NOTIFY staleChanged)
    Q_PROPERTY(bool connected READ connected NOTIFY connectionChanged)
    Q_PROPERTY(bool connecting READ connecting NOTIFY connectingChanged)
    Q_PROPERTY(bool insecure READ insecure NOTIFY connectionChanged)
    Q_PROPERTY(bool treeVisible READ treeVisible NOTIFY connectionChanged)
    Q_PROPERTY(bool clusterWide READ clusterWide NOTIFY connectionChanged)
    Q_PROPERTY(QString lastContext READ lastContext NOTIFY kubeconfigChanged)
    // The application kinds the platform defines (ApplicationDefinitions), most important first.
    Q_PROPERTY(QStringList appKinds READ appKinds NOTIFY appKindsChanged)
    // Kinds defined but not served by the API server (a definition it has not
    // picked up, or a broken one): listed, not offered.
    Q_PROPERTY(QStringList unservedKinds READ unservedKinds NOTIFY appKindsChanged)

public:
    // Not default-constructible on purpose: QML would construct its own
    // instance instead of calling create() (see QQmlPrivate::singletonConstructionMode).
    explicit AppController(QObject *parent);
    ~AppController() override;
    static AppController *create(QQmlEngine *, QJSEngine *);
    static void setInstance(AppController *instance);

    // From the command line; empty path means kubectl's rules.
    void setStartup(const QString &kubeconfigPath, const QString &context);

    QString kubeconfigPath() const { return rules().displayPath(); }
    QString kubeconfigWriteTarget() const { return rules().writeTarget(); }
    ValueListModel *contexts() const { return m_contexts; }
    // The row to preselect: the last context used, else current-context, else the first.
    int preferredContext() const;
    QString kubeconfigError() const { return m_kubeconfigError; }
    nestdeck::platform::PlatformSession *session() const { return m_session.get(); }
    QString currentContext() const { return m_context; }
    QString server() const;
    QString userName() const;
    ConnectionState::Value state() const { return ConnectionState::of(m_session.get()); }
    QString stateReason() const;
    QString staleText() const;
    bool connected() const { return m_session != nullptr; }
    bool connecting() const { return m_connecting; }
    bool insecure() const;
    bool treeVisible() const;
    bool clusterWide() const;
    QString lastContext() const;
    QStringList appKinds() const;
    QStringList unservedKinds() const;

    Q_INVOKABLE void reloadKubeconfig();
    Q_INVOKABLE void connectTo(const QString &context);
    Q_INVOKABLE void disconnectFromCluster();

signals:
    void kubeconfigChanged();
    void connectionChanged();
    void staleChanged();
    void connectingChanged();
    void appKindsChanged();
    // Emitted with the new session (or null) while the old one still exists:
    // bindings let go of it before it is destroyed.
    void sessionChanged();
    void connectFailed(const QString &message);

private:
    nestdeck::kube::LoadingRules rules() const { return nestdeck::kube::LoadingRules::fromEnvironment(m_explicitPath); }
    void setConnecting(bool on);

    QString m_explicitPath;
    ValueListModel *m_contexts;
    QString m_kubeconfigError;
    QString m_context;
    std::unique_ptr<nestdeck::platform::PlatformSession> m_session;
    quint64 m_generation = 0;
    bool m_connecting = false;
    // Ticks once a second while the session is not live, for staleText.
    QTimer m_staleTick;
    // The kubeconfig files are watched: contexts follow them, and a context
    // that moved reconnects by itself.
    void watchKubeconfig();
    QFileSystemWatcher m_watcher;
    QTimer m_reloadSoon;
};
