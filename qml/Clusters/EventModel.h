#pragma once

#include "Components/SessionFollower.h"
#include "Components/UiTypes.h"

#include <QAbstractListModel>
#include <QTimer>
#include <QDateTime>
#include <QQmlEngine>

// Events of every object of one cluster (the app and its tree), live and
// newest first; Warnings are marked. Reads the session's event cache for the
// cluster's namespace (which tenant users may read too).
class EventModel : public QAbstractListModel, public SessionFollower {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by ClusterDetails")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int warnings READ warnings NOTIFY countChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    enum Role { TypeRole = Qt::UserRole + 1, WarningRole, ReasonRole, MessageRole, ObjectRole, CountRole, LastSeenRole, AgeRole };
    Q_ENUM(Role)

    explicit EventModel(QObject *parent = nullptr);
    void setCluster(const QString &ns, const QString &name);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int warnings() const;
    QString error() const { return m_error; }

signals:
    void sessionChanged();
    void countChanged();
    void errorChanged();

private:
    struct Row {
        QString key, type, reason, message, object;
        int count = 1;
        QDateTime last;
    };
    void attach(nestdeck::platform::PlatformSession *session) override;
    void restart();
    void updateError();
    void onDeltas(const QList<nestdeck::kube::Delta> &deltas);
    bool belongs(const QJsonObject &involved) const;
    int insertPosition(const QDateTime &t) const;

    QString m_ns, m_name;
    QList<Row> m_rows;
    QString m_error;
    static constexpr int AgeTickMs = 5000;
    QTimer m_ageTick;
};
