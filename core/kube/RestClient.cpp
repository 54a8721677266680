#include "core/kube/RestClient.h"

#include "core/Logging.h"
#include "core/kube/ExecCredential.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace nestdeck::kube {

RestClient::RestClient(RestConfig config, std::shared_ptr<Transport> transport, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_transport(std::move(transport))
{
    if (m_config.exec)
        m_exec = std::make_shared<ExecCredentialProvider>(*m_config.exec, m_config.userName, m_config.server,
                                                          m_config.caPem, m_config.insecureSkipTlsVerify);
}

RestClient::~RestClient() = default;

QString RestClient::withQuery(const QString &path, const QUrlQuery &query)
{
    if (query.isEmpty())
        return path;
    return path + (path.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) +
           query.toString(QUrl::FullyEncoded);
}

void RestClient::refreshCredentials()
{
    if (m_exec)
        m_exec->invalidate();
    if (!m_config.tokenFile.isEmpty()) {
        // Projected service-account tokens rotate: read the file again.
        QFile f(m_config.tokenFile);
        if (f.open(QIODevice::ReadOnly)) {
            const QString token = QString::fromUtf8(f.read(1024 * 1024).trimmed());
            if (!token.isEmpty())
                m_config.token = token;
        }
    }
}

void RestClient::withAuth(QObject *context, std::function<void(const Auth *, const ApiError &)> fn)
{
    if (!m_exec) {
        const Auth a{m_config.token, m_config.clientCertPem, m_config.clientKeyPem};
        fn(&a, ApiError{});
        return;
    }
    m_exec->get(context, [fn = std::move(fn)](const Credential *c, const ApiError &err) {
        if (!c) {
            fn(nullptr, err);
            return;
        }
        const Auth a{c->token, c->clientCertPem, c->clientKeyPem};
        fn(&a, ApiError{});
    });
}

HttpRequest RestClient::makeRequest(const QByteArray &method, const QString &path, const Auth &auth) const
{
    HttpRequest r;
    r.method = method;
    QUrl server(m_config.server);
    if (!m_config.tlsServerName.isEmpty()) {
        // Verify (and send SNI) for tls-server-name while connecting to the real host.
        const int port = server.port(server.scheme() == QLatin1String("https") ? 443 : 80);
        r.tls.connectTo = QStringLiteral("%1:%2:%3:%2").arg(m_config.tlsServerName).arg(port).arg(server.host());
        server.setHost(m_config.tlsServerName);
    }
    r.url = server.toString(QUrl::StripTrailingSlash) + path;
    r.tls.caPem = m_config.caPem;
    r.tls.insecureSkipVerify = m_config.insecureSkipTlsVerify;
    r.tls.proxyUrl = m_config.proxyUrl;
    r.tls.clientCertPem = auth.cert;
    r.tls.clientKeyPem = auth.key;
    r.headers.append({QByteArray("Accept"), QByteArray("application/json")});
    r.headers.append({QByteArray("User-Agent"), QByteArray("nestdeck/" NESTDECK_VERSION)});
    if (!auth.token.isEmpty())
        r.headers.append({QByteArray("Authorization"), "Bearer " + auth.token.toUtf8()});
    else if (!m_config.username.isEmpty()) {
        r.basicUser = m_config.username;
        r.basicPassword = m_config.password;
    }
    if (!m_config.impersonate.isEmpty()) {
        r.headers.append({QByteArray("Impersonate-User"), m_config.impersonate.toUtf8()});
        for (const QString &g : m_config.impersonateGroups)
            r.headers.append({QByteArray("Impersonate-Group"), g.toUtf8()});
    }
    return r;
}

void RestClient::request(const QByteArray &method, const QString &path, const QByteArray &body,
                         const QByteArray &contentType, QObject *context, Callback done, RequestExtras extras)
{
    doRequest(method, path, body, contentType, context, std::move(done), extras, false);
}

void RestClient::doRequest(const QByteArray &method, const QString &path, const QByteArray &body,
                           const QByteArray &contentType, QObject *context, Callback done,
                           const RequestExtras &extras, bool retried)
{
    QPointer<RestClient> self(this);
    withAuth(context, [=, this, done = std::move(done)](const Auth *auth, const ApiError &authError) mutable {
        if (!auth) {
            ApiResponse r;
            r.error = authError;
            done(r);
            return;
        }
        if (!self)
            return;
        HttpRequest req = makeRequest(method, path, *auth);
        req.body = body;
        req.timeoutMs = extras.timeoutMs;
        if (!extras.accept.isEmpty())
            req.headers[0].second = extras.accept; // makeRequest puts Accept first
        if (!contentType.isEmpty())
            req.headers.append({QByteArray("Content-Type"), contentType});
        qCDebug(lcApi).noquote() << method << path;
        m_transport->send(std::move(req), context, [=, done = std::move(done)](const HttpResponse &http) mutable {
            ApiResponse r;
            r.status = http.status;
            r.body = http.body;
            r.headers = http.headers;
            r.decoded = http.decoded;
            if (!http.transportError.isEmpty()) {
                r.status = 0;
                r.error = ApiError::transport(http.transportError);
            } else if (!r.ok()) {
                r.error = ApiError::fromResponse(http.status, http.body, http.header("retry-after"));
            }
            const bool canRefresh = self && (self->m_exec || !self->m_config.tokenFile.isEmpty());
            if (r.status == 401 && canRefresh && !retried) {
                qCInfo(lcApi) << "401 from the server: refreshing credentials and retrying once";
                self->refreshCredentials();
                self->doRequest(method, path, body, contentType, context, std::move(done), extras, true);
                return;
            }
            done(r);
        }, extras.process);
    });
}

namespace {
QUrlQuery writeQuery(const WriteOptions &o)
{
    QUrlQuery q;
    if (o.dryRun)
        q.addQueryItem(QStringLiteral("dryRun"), QStringLiteral("All"));
    if (!o.fieldManager.isEmpty())
        q.addQueryItem(QStringLiteral("fieldManager"), o.fieldManager);
    return q;
}
} // namespace

void RestClient::create(const QString &collectionPath, const QByteArray &json, const WriteOptions &o, QObject *context, Callback done)
{
    request("POST", withQuery(collectionPath, writeQuery(o)), json, "application/json", context, std::move(done));
}

void RestClient::update(const QString &objectPath, const QByteArray &json, const WriteOptions &o, QObject *context, Callback done)
{
    request("PUT", withQuery(objectPath, writeQuery(o)), json, "application/json", context, std::move(done));
}

void RestClient::mergePatch(const QString &objectPath, const QByteArray &patch, const WriteOptions &o, QObject *context, Callback done)
{
    request("PATCH", withQuery(objectPath, writeQuery(o)), patch, "application/merge-patch+json", context, std::move(done));
}

void RestClient::jsonPatch(const QString &objectPath, const QByteArray &patch, const WriteOptions &o, QObject *context, Callback done)
{
    request("PATCH", withQuery(objectPath, writeQuery(o)), patch, "application/json-patch+json", context, std::move(done));
}

void RestClient::remove(const QString &objectPath, const DeleteOptions &o, QObject *context, Callback done)
{
    QJsonObject body{{QStringLiteral("kind"), QStringLiteral("DeleteOptions")}, {QStringLiteral("apiVersion"), QStringLiteral("v1")}};
    if (!o.propagationPolicy.isEmpty())
        body.insert(QStringLiteral("propagationPolicy"), o.propagationPolicy);
    if (!o.preconditionUid.isEmpty() || !o.preconditionResourceVersion.isEmpty()) {
        QJsonObject pre;
        if (!o.preconditionUid.isEmpty())
            pre.insert(QStringLiteral("uid"), o.preconditionUid);
        if (!o.preconditionResourceVersion.isEmpty())
            pre.insert(QStringLiteral("resourceVersion"), o.preconditionResourceVersion);
        body.insert(QStringLiteral("preconditions"), pre);
    }
    if (o.dryRun)
        body.insert(QStringLiteral("dryRun"), QJsonArray{QStringLiteral("All")});
    request("DELETE", objectPath, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", context,
            std::move(done));
}

void RestClient::stream(const QString &path, HeadersFn onHeaders, ChunkFn onChunk, QObject *context,
                        std::function<void(const HttpResponse &)> done, std::function<void(Transport::Id)> started)
{
    QPointer<RestClient> self(this);
    withAuth(context, [=, this](const Auth *auth, const ApiError &err) {
        if (!auth) {
            HttpResponse r;
            r.transportError = err.message;
            done(r);
            return;
        }
        if (!self)
            return;
        HttpRequest req = makeRequest("GET", path, *auth);
        req.timeoutMs = 0; // the server ends watches (timeoutSeconds)
        const auto id = m_transport->stream(std::move(req), onHeaders, onChunk, context, done);
        if (started)
            started(id);
    });
}

} // namespace nestdeck::kube
