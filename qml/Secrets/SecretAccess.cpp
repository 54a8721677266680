#include "SecretAccess.h"

#include "core/platform/PlatformSession.h"
#include "core/kube/KubeconfigFile.h"
#include "core/kube/RestClient.h"
#include "core/platform/Naming.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QUrl>

using namespace nestdeck;

SecretAccess::SecretAccess(QObject *parent) : QObject(parent) {}

SecretAccess::~SecretAccess() { forget(); }

QString SecretAccess::localPath(const QUrl &url) const { return url.isLocalFile() ? url.toLocalFile() : url.toString(); }

void SecretAccess::forget()
{
    // Best effort: overwrite the credentials before the memory is released.
    for (auto &v : m_values)
        v.fill('\0');
    m_values.clear();
    emit stateChanged();
}

QString SecretAccess::describe(const QString &key) const
{
    if (key == QLatin1String("admin.conf"))
        return tr("The normal kubeconfig: cluster-admin, external API address. Use this one.");
    if (key == QLatin1String("admin.svc"))
        return tr("Same credentials, in-cluster service address: for programs running inside the management cluster.");
    if (key == QLatin1String("super-admin.conf"))
        return tr("Extended rights (system:masters) for troubleshooting and maintenance, external address.");
    if (key == QLatin1String("super-admin.svc"))
        return tr("Extended rights (system:masters), in-cluster service address.");
    return {};
}

void SecretAccess::fetch()
{
    if (!m_session) {
        m_error = tr("Not connected.");
        emit stateChanged();
        return;
    }
    m_loading = true;
    m_error.clear();
    emit stateChanged();
    // One GET of one Secret, on request: never a list.
    m_session->client()->get(
        platform::PlatformSession::SecretRef.objectPath(m_ns, m_name), this, [this](const kube::ApiResponse &r) {
            m_loading = false;
            if (!r.ok()) {
                m_error = r.error.isForbidden() ? tr("You may not read this Secret: %1").arg(r.error.text()) : r.error.text();
            } else {
                const QJsonObject data = QJsonDocument::fromJson(r.body).object()[QStringLiteral("data")].toObject();
                for (auto it = data.begin(); it != data.end(); ++it)
                    m_values.insert(it.key(), QByteArray::fromBase64(it.value().toString().toLatin1()));
            }
            emit stateChanged();
        });
}

QString SecretAccess::check(const QString &key, bool confirm) const
{
    if (!m_values.contains(key))
        return tr("%1 is not loaded.").arg(key);
    if (needsConfirmation(key) && !confirm)
        return tr("%1 grants extended rights; confirm first.").arg(key);
    return {};
}

QString SecretAccess::saveAs(const QString &key, const QString &path, bool confirm)
{
    if (const QString e = check(key, confirm); !e.isEmpty())
        return e;
    const auto r = kube::writePrivateFile(path, m_values.value(key));
    if (!r)
        return r.error().message;
    emit notice(tr("Saved %1 to %2 (readable only by you).").arg(key, path));
    return {};
}

QString SecretAccess::copy(const QString &key, bool confirm)
{
    if (const QString e = check(key, confirm); !e.isEmpty())
        return e;
    if (auto *cb = QGuiApplication::clipboard())
        cb->setText(QString::fromUtf8(m_values.value(key)));
    emit notice(tr("Copied %1 to the clipboard.").arg(key));
    return {};
}

QString SecretAccess::addToKubeconfig(const QString &key, bool confirm)
{
    const QString &path = m_kubeconfigPath;
    if (path.isEmpty())
        return tr("No kubeconfig file to add to.");
    if (const QString e = check(key, confirm); !e.isEmpty())
        return e;
    const QString cluster = platform::naming::releaseOfAdminKubeconfigSecret(m_name);
    QString base = QStringLiteral("%1-%2").arg(platform::naming::tenantDisplayName(m_ns), cluster);
    if (key.startsWith(QLatin1String("super-admin")))
        base += QStringLiteral("-super-admin");
    const auto r = kube::mergeKubeconfig(path, m_values.value(key), base);
    if (!r)
        return r.error().message;
    if (r->unchanged)
        emit notice(tr("%1 has this cluster and user already, as context \"%2\"; nothing was changed.").arg(path, r->contextName));
    else if (r->updated)
        emit notice(tr("Updated the credentials of context \"%1\" in %2 (backup: %3).").arg(r->contextName, path, r->backupPath));
    else
        emit notice(r->backupPath.isEmpty() ? tr("Added context \"%1\" to %2.").arg(r->contextName, path)
                                            : tr("Added context \"%1\" to %2 (backup: %3).").arg(r->contextName, path, r->backupPath));
    return {};
}

void SecretAccess::testConnection(const QString &key)
{
    if (const QString e = check(key, true); !e.isEmpty()) {
        emit tested(false, e);
        return;
    }
    const auto cfg = kube::Kubeconfig::parse(m_values.value(key), QStringLiteral("%1/%2[%3]").arg(m_ns, m_name, key));
    const auto rc = cfg ? cfg->restConfig() : Expected<kube::RestConfig>(cfg.error());
    if (!rc) {
        emit tested(false, rc.error().message);
        return;
    }
    auto client = std::make_shared<kube::RestClient>(*rc);
    QPointer<SecretAccess> self(this);
    client->get(QStringLiteral("/version"), this, [self, client](const kube::ApiResponse &v) {
        if (!self)
            return;
        if (!v.ok()) {
            emit self->tested(false, v.error.text());
            return;
        }
        const QString version = QJsonDocument::fromJson(v.body).object()[QStringLiteral("gitVersion")].toString();
        client->get(QStringLiteral("/api/v1/nodes"), self.data(), [self, client, version](const kube::ApiResponse &n) {
            if (!self)
                return;
            if (!n.ok()) {
                emit self->tested(true, tr("Server %1; nodes not listed: %2").arg(version, n.error.text()));
                return;
            }
            const int nodes = int(QJsonDocument::fromJson(n.body).object()[QStringLiteral("items")].toArray().size());
            emit self->tested(true, tr("Connected: Kubernetes %1, %n node(s).", nullptr, nodes).arg(version));
        });
    });
}
