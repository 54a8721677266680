#pragma once

#include "Components/SessionFollower.h"
#include "Components/UiTypes.h"
#include "Components/ValueListModel.h"
#include "core/platform/ClusterActions.h"

#include <QObject>
#include <QTimer>
#include <QQmlEngine>

// One version of the upgrade picker: allowed or not, and why not.
struct VersionRow {
    Q_GADGET
    Q_PROPERTY(QString version MEMBER version)
    Q_PROPERTY(bool allowed MEMBER allowed)
    Q_PROPERTY(bool current MEMBER current)
    Q_PROPERTY(QString reason MEMBER reason)
public:
    QString version;
    bool allowed = false, current = false;
    QString reason;
    bool operator==(const VersionRow &) const = default;
};

// The cluster page's day-two actions (core's ClusterActions) for QML: each
// enabled only where the server allows it (asked once per namespace), with
// the reason otherwise; results and refusals in words.
class ClusterActionsModel : public QObject, public SessionFollower {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(nestdeck::platform::PlatformSession *session READ session WRITE followSession NOTIFY sessionChanged)
    Q_PROPERTY(QString appKey READ appKey WRITE setAppKey NOTIFY appKeyChanged)
    Q_PROPERTY(bool allowed READ allowed NOTIFY accessChanged)
    Q_PROPERTY(QString deniedReason READ deniedReason NOTIFY accessChanged)
    // Delete is a verb of its own: a role may change apps and not delete them.
    Q_PROPERTY(bool deleteAllowed READ deleteAllowed NOTIFY accessChanged)
    Q_PROPERTY(QString deleteDeniedReason READ deleteDeniedReason NOTIFY accessChanged)
    Q_PROPERTY(bool stopped READ stopped NOTIFY objectChanged)
    // What Start puts back, one line a node group.
    Q_PROPERTY(QStringList recordedSizes READ recordedSizes NOTIFY objectChanged)
    Q_PROPERTY(QString version READ version NOTIFY objectChanged)
    Q_PROPERTY(ValueListModel *versions READ versions CONSTANT)
    Q_PROPERTY(bool busy READ busy NOTIFY stateChanged)
    Q_PROPERTY(QString message READ message NOTIFY stateChanged)
    Q_PROPERTY(bool messageOk READ messageOk NOTIFY stateChanged)
    // After a delete: what the platform's cleanup left behind ("DataVolume x-boot").
    Q_PROPERTY(QStringList leftovers READ leftovers NOTIFY leftoversChanged)
    Q_PROPERTY(bool leftoversChecked READ leftoversChecked NOTIFY leftoversChanged)
    // Node pools (KubernetesNodes): offered where the platform defines the
    // kind; changed where the user may patch them.
    Q_PROPERTY(bool poolsOffered READ poolsOffered NOTIFY accessChanged)
    Q_PROPERTY(bool poolsAllowed READ poolsAllowed NOTIFY accessChanged)
    Q_PROPERTY(QString poolsDeniedReason READ poolsDeniedReason NOTIFY accessChanged)

public:
    explicit ClusterActionsModel(QObject *parent = nullptr);

    QString appKey() const { return m_key; }
    void setAppKey(const QString &key);
    bool allowed() const { return m_allowed; }
    QString deniedReason() const { return m_deniedReason; }
    bool deleteAllowed() const { return m_deleteAllowed; }
    QString deleteDeniedReason() const { return m_deleteDeniedReason; }
    bool stopped() const;
    QStringList recordedSizes() const;
    QString version() const;
    ValueListModel *versions() const { return m_versions; }
    bool busy() const { return m_busy; }
    QString message() const { return m_message; }
    bool messageOk() const { return m_messageOk; }
    QStringList leftovers() const;
    bool leftoversChecked() const { return m_leftoversChecked; }
    bool poolsOffered() const { return m_poolActions != nullptr; }
    bool poolsAllowed() const { return m_poolsAllowed; }
    QString poolsDeniedReason() const { return m_poolsDeniedReason; }

    // The action's line goes away: by the user, or by itself 10 s after a
    // plain success (one with something to tell stays until dismissed).
    Q_INVOKABLE void dismissMessage();
    Q_INVOKABLE void scale(const QString &group, int minReplicas, int maxReplicas);
    Q_INVOKABLE void stop();
    Q_INVOKABLE void start();
    Q_INVOKABLE void upgrade(const QString &version);
    // Delete; typedName must be the cluster's name (the dialog's confirmation).
    Q_INVOKABLE void remove(const QString &typedName);
    Q_INVOKABLE void findLeftovers();
    Q_INVOKABLE void removeLeftovers();
    // A node pool, by its app's name (in the cluster's namespace).
    Q_INVOKABLE void scalePool(const QString &pool, int minReplicas, int maxReplicas);
    Q_INVOKABLE void upgradePool(const QString &pool, const QString &version);
    // Delete; typedName must be the pool's name.
    Q_INVOKABLE void removePool(const QString &pool, const QString &typedName);
    // The pool's version picker: [{version, allowed, current, reason}], never ahead of the cluster.
    Q_INVOKABLE QVariantList poolVersions(const QString &pool) const;

signals:
    void sessionChanged();
    void appKeyChanged();
    void accessChanged();
    void objectChanged();
    void stateChanged();
    void leftoversChanged();

private:
    void attach(nestdeck::platform::PlatformSession *session) override;
    void rebuild();
    void refresh();
    void done(const QString &what, const nestdeck::platform::WriteResult &r);
    using Call = std::function<void(const QString &ns, const QString &name, nestdeck::platform::ClusterActions::Done)>;
    void run(const QString &what, const Call &call);
    void runPool(const QString &what, const QString &pool, const Call &call);
    // The runner of one kind (nullptr without its schema), and whether the user may change it here.
    nestdeck::platform::ClusterActions *runnerFor(const nestdeck::platform::AppDefinitionPtr &def, nestdeck::platform::ValidatorPtr *validator,
                                                  bool ClusterActionsModel::*allowed, QString ClusterActionsModel::*deniedReason);
    QJsonObject app() const;
    QJsonObject pool(const QString &name) const;

    QString m_key;
    nestdeck::platform::ClusterActions *m_actions = nullptr;
    nestdeck::platform::ValidatorPtr m_validator;
    ValueListModel *m_versions;
    bool m_allowed = false;
    QString m_deniedReason;
    QTimer m_messageExpiry;
    bool m_deleteAllowed = false;
    QString m_deleteDeniedReason;
    bool m_busy = false;
    QString m_message;
    bool m_messageOk = false;
    nestdeck::platform::ClusterActions *m_poolActions = nullptr;
    nestdeck::platform::ValidatorPtr m_poolValidator;
    bool m_poolsAllowed = false;
    QString m_poolsDeniedReason;
    QList<nestdeck::platform::Leftover> m_leftovers;
    bool m_leftoversChecked = false;
};
