#pragma once

#include "Components/UiTypes.h"

#include <QByteArray>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QStringList>

// One Secret of a cluster (the admin kubeconfig), fetched only when the user
// asks and kept in memory only; never logged. Actions on one key: save as a
// private file, copy, add to a kubeconfig, test the connection it gives.
// super-admin.* keys need confirm=true (the UI asks first).
class SecretAccess : public QObject {
    Q_OBJECT
    QML_ELEMENT
    // The session it reads through (fetch() is its only use).
    Q_PROPERTY(nestdeck::platform::PlatformSession *session READ session WRITE setSession NOTIFY targetChanged)
    Q_PROPERTY(QString namespaceName MEMBER m_ns NOTIFY targetChanged)
    Q_PROPERTY(QString secretName MEMBER m_name NOTIFY targetChanged)
    // Where "Add to my kubeconfig" writes (AppController.kubeconfigWriteTarget: kubectl's rule).
    Q_PROPERTY(QString kubeconfigPath MEMBER m_kubeconfigPath NOTIFY targetChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY stateChanged)
    Q_PROPERTY(bool loaded READ loaded NOTIFY stateChanged)
    Q_PROPERTY(QString error READ error NOTIFY stateChanged)
    Q_PROPERTY(QStringList keys READ keys NOTIFY stateChanged)

public:
    explicit SecretAccess(QObject *parent = nullptr);
    ~SecretAccess() override;

    nestdeck::platform::PlatformSession *session() const { return m_session.data(); }
    void setSession(nestdeck::platform::PlatformSession *s)
    {
        if (s == m_session)
            return;
        m_session = s;
        emit targetChanged();
    }
    bool loading() const { return m_loading; }
    bool loaded() const { return !m_values.isEmpty(); }
    QString error() const { return m_error; }
    QStringList keys() const { return m_values.keys(); }

    Q_INVOKABLE void fetch();
    Q_INVOKABLE void forget();
    Q_INVOKABLE QString describe(const QString &key) const;
    Q_INVOKABLE bool needsConfirmation(const QString &key) const { return key.startsWith(QLatin1String("super-admin")); }
    Q_INVOKABLE QString localPath(const QUrl &url) const;
    // Return "" on success, else the error in words.
    Q_INVOKABLE QString saveAs(const QString &key, const QString &path, bool confirm);
    Q_INVOKABLE QString copy(const QString &key, bool confirm);
    Q_INVOKABLE QString addToKubeconfig(const QString &key, bool confirm);
    Q_INVOKABLE void testConnection(const QString &key);

signals:
    void targetChanged();
    void stateChanged();
    void tested(bool ok, const QString &message);
    void notice(const QString &message);

private:
    QString check(const QString &key, bool confirm) const;

    QPointer<nestdeck::platform::PlatformSession> m_session;
    QString m_ns, m_name, m_kubeconfigPath;
    QMap<QString, QByteArray> m_values;
    bool m_loading = false;
    QString m_error;
};
