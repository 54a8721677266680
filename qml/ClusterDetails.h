#pragma once

#include "core/platform/KubernetesSpec.h"
#include "core/platform/PlatformSession.h"

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

#include "EventModel.h"

// Everything the cluster page shows about one Kubernetes app, live: the
// derived health and the chain behind it, node groups with their machines
// and instance types, addons, control plane, YAML, Secrets and Events.
class ClusterDetails : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString appKey READ appKey WRITE setAppKey NOTIFY appKeyChanged)
    Q_PROPERTY(bool exists READ exists NOTIFY changed)
    Q_PROPERTY(QString name READ name NOTIFY appKeyChanged)
    Q_PROPERTY(QString namespaceName READ namespaceName NOTIFY appKeyChanged)
    Q_PROPERTY(int health READ health NOTIFY changed)
    Q_PROPERTY(QString healthWord READ healthWord NOTIFY changed)
    Q_PROPERTY(QString reason READ reason NOTIFY changed)
    Q_PROPERTY(QString wantedVersion READ wantedVersion NOTIFY changed)
    Q_PROPERTY(QString runningVersion READ runningVersion NOTIFY changed)
    Q_PROPERTY(QString nodesText READ nodesText NOTIFY changed)
    Q_PROPERTY(QVariantList conditions READ conditions NOTIFY changed)
    Q_PROPERTY(QVariantList nodeGroups READ nodeGroups NOTIFY changed)
    Q_PROPERTY(QVariantList addons READ addons NOTIFY changed)
    Q_PROPERTY(QVariantMap controlPlane READ controlPlane NOTIFY changed)
    Q_PROPERTY(QString yaml READ yaml NOTIFY changed)
    Q_PROPERTY(QStringList secretNames READ secretNames NOTIFY changed)
    Q_PROPERTY(bool treeVisible READ treeVisible NOTIFY changed)
    Q_PROPERTY(EventModel *events READ events CONSTANT)

public:
    explicit ClusterDetails(QObject *parent = nullptr);
    // For tests: a session other than the application's.
    void setSession(nestdeck::platform::PlatformSession *session);

    QString appKey() const { return m_key; }
    void setAppKey(const QString &key);
    bool exists() const { return m_objects.app != nullptr; }
    QString name() const { return m_key.section(QLatin1Char('/'), 1); }
    QString namespaceName() const { return m_key.section(QLatin1Char('/'), 0, 0); }
    int health() const { return int(m_status.health); }
    QString healthWord() const { return m_status.word; }
    QString reason() const { return m_status.reason; }
    QString wantedVersion() const { return m_status.wantedVersion; }
    QString runningVersion() const { return m_status.runningVersion; }
    QString nodesText() const;
    QVariantList conditions() const;
    QVariantList nodeGroups() const;
    QVariantList addons() const;
    QVariantMap controlPlane() const;
    QString yaml() const;
    QStringList secretNames() const;
    bool treeVisible() const { return m_objects.treeVisible; }
    EventModel *events() const { return m_events; }

signals:
    void appKeyChanged();
    void changed();

private:
    void refresh();

    nestdeck::platform::PlatformSession *m_session = nullptr;
    QString m_key;
    nestdeck::platform::ClusterObjects m_objects;
    nestdeck::platform::ClusterStatus m_status;
    nestdeck::platform::KubernetesSpec m_spec; // the app's spec, read with its definition's schema
    EventModel *m_events;
    QList<QMetaObject::Connection> m_connections;
};
