#pragma once

#include "ClusterRows.h"
#include "Components/SessionFollower.h"
#include "Components/UiTypes.h"
#include "Components/ValueListModel.h"
#include "core/platform/ClusterActions.h"
#include "core/platform/ClusterTree.h"
#include "core/platform/KubernetesSpec.h"

#include <QHash>
#include <QObject>
#include <QQmlEngine>
#include <QTimer>

#include "EventModel.h"

// Everything the cluster page shows about one Kubernetes app, live: the
// derived health and the chain behind it, node groups with their machines
// and instance types, addons, control plane, YAML, Secrets and Events.
class ClusterDetails : public QObject, public SessionFollower {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(nestdeck::platform::PlatformSession *session READ session WRITE followSession NOTIFY sessionChanged)
    Q_PROPERTY(QString appKey READ appKey WRITE setAppKey NOTIFY appKeyChanged)
    Q_PROPERTY(bool exists READ exists NOTIFY changed)
    Q_PROPERTY(QString name READ name NOTIFY appKeyChanged)
    Q_PROPERTY(QString namespaceName READ namespaceName NOTIFY appKeyChanged)
    Q_PROPERTY(nestdeck::platform::Health health READ health NOTIFY changed)
    Q_PROPERTY(QString healthWord READ healthWord NOTIFY changed)
    Q_PROPERTY(QString reason READ reason NOTIFY changed)
    // Why its actions are off now ("" when they are not): deleting, or not live.
    Q_PROPERTY(QString actionsBlocked READ actionsBlocked NOTIFY changed)
    // Not Ready: the diagnosis's one sentence (the same one the Problems view
    // and the Troubleshoot tab give, from what the session holds), and what to do.
    Q_PROPERTY(QString headline READ headline NOTIFY changed)
    Q_PROPERTY(QString nextStep READ nextStep NOTIFY changed)
    Q_PROPERTY(QString wantedVersion READ wantedVersion NOTIFY changed)
    Q_PROPERTY(QString runningVersion READ runningVersion NOTIFY changed)
    Q_PROPERTY(QString nodesText READ nodesText NOTIFY changed)
    Q_PROPERTY(ValueListModel *conditions READ conditions CONSTANT)
    Q_PROPERTY(ValueListModel *nodeGroups READ nodeGroups CONSTANT)
    Q_PROPERTY(ValueListModel *addons READ addons CONSTANT)
    Q_PROPERTY(ValueListModel *components READ components CONSTANT)
    Q_PROPERTY(ControlPlaneInfo controlPlane READ controlPlane NOTIFY changed)
    Q_PROPERTY(QString yaml READ yaml NOTIFY changed)
    Q_PROPERTY(QStringList secretNames READ secretNames NOTIFY changed)
    Q_PROPERTY(bool treeVisible READ treeVisible NOTIFY changed)
    // What deleting removes ("Kind name" lines), and what a deletion waits for.
    Q_PROPERTY(QStringList deletionPlan READ deletionPlan NOTIFY changed)
    Q_PROPERTY(QString deletionWait READ deletionWait NOTIFY changed)
    // Its node pools (KubernetesNodes apps): deleting the cluster leaves them.
    Q_PROPERTY(QStringList poolNames READ poolNames NOTIFY changed)
    Q_PROPERTY(EventModel *events READ events CONSTANT)

public:
    explicit ClusterDetails(QObject *parent = nullptr);

    QString appKey() const { return m_key; }
    void setAppKey(const QString &key);
    bool exists() const { return m_objects.app != nullptr; }
    QString name() const { return m_key.section(QLatin1Char('/'), 1); }
    QString namespaceName() const { return m_key.section(QLatin1Char('/'), 0, 0); }
    nestdeck::platform::Health health() const { return m_status.health; }
    QString healthWord() const { return m_status.word; }
    QString reason() const { return m_status.reason; }
    QString actionsBlocked() const;
    QString headline() const { return m_diagnosis.headline; }
    QString nextStep() const { return m_diagnosis.nextStep; }
    QString wantedVersion() const { return m_status.wantedVersion; }
    QString runningVersion() const { return m_status.runningVersion; }
    QString nodesText() const;
    ValueListModel *conditions() const { return m_conditions; }
    ValueListModel *nodeGroups() const { return m_nodeGroups; }
    ValueListModel *addons() const { return m_addons; }
    ValueListModel *components() const { return m_components; }
    ControlPlaneInfo controlPlane() const;
    QString yaml() const;
    QStringList secretNames() const;
    bool treeVisible() const { return m_objects.treeVisible; }
    QStringList deletionPlan() const { return nestdeck::platform::deletionPlan(m_objects); }
    QString deletionWait() const { return nestdeck::platform::deletionWait(m_objects); }
    QStringList poolNames() const;
    EventModel *events() const { return m_events; }

signals:
    void sessionChanged();
    void appKeyChanged();
    void changed();

private:
    void attach(nestdeck::platform::PlatformSession *session) override;
    void refresh();
    QList<ConditionRow> conditionRows() const;
    QList<NodeGroupRow> nodeGroupRows();
    QList<AddonRow> addonRows() const;
    QList<ComponentRow> componentRows() const;

    QString m_key;
    nestdeck::platform::ClusterObjects m_objects;
    nestdeck::platform::ClusterStatus m_status;
    nestdeck::platform::Diagnosis m_diagnosis; // empty while Ready
    nestdeck::platform::KubernetesSpec m_spec; // the app's spec, read with its definition's schema
    ValueListModel *m_conditions, *m_nodeGroups, *m_addons, *m_components;
    QHash<QString, ValueListModel *> m_machines; // per node group
    EventModel *m_events;
    static constexpr int AgeTickMs = 5000;
    QTimer m_ageTick;
};
