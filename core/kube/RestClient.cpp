#include "core/kube/RestClient.h"

#include "core/Logging.h"
#include "core/kube/ExecCredential.h"
#include "core/kube/ListerWatcher.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QUrl>

#include <algorithm>

namespace nestdeck::kube {

RestClient::RestClient(RestConfig config, std::shared_ptr<Transport> transport, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_transport(std::move(transport)),
      m_listerWatcher(std::make_unique<RestListerWatcher>(this))
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

namespace {
// The media type of a Content-Type or Accept value, lower case, without parameters.
QByteArray mediaType(const QByteArray &value) { return value.split(';').first().trimmed().toLower(); }

// A web page's <title>, to tell the user whose page came back.
QString htmlTitle(const QByteArray &body)
{
    const QByteArray lower = body.left(64 * 1024).toLower();
    const qsizetype open = lower.indexOf("<title");
    const qsizetype start = open < 0 ? -1 : lower.indexOf('>', open);
    const qsizetype end = start < 0 ? -1 : lower.indexOf("</title>", start);
    if (end < 0)
        return {};
    return QString::fromUtf8(body.mid(start + 1, std::min<qsizetype>(end - start - 1, 200))).simplified();
}
} // namespace

bool RestClient::contentTypeError(int status, const Headers &headers, const QByteArray &accept, ApiError *error)
{
    if (status < 200 || status >= 300)
        return false;
    QByteArray type;
    for (const auto &h : headers)
        if (h.first == "content-type")
            type = mediaType(h.second);
    // No Content-Type at all is sloppy but harmless; the decoder still judges the body.
    if (type.isEmpty())
        return false;
    const QByteArray acceptType = mediaType(accept);
    const QByteArray want = accept.isEmpty() || accept.contains("json") ? QByteArray("json") : acceptType.mid(acceptType.indexOf('/') + 1);
    if (type.contains(want))
        return false;
    *error = ApiError::transport(QStringLiteral("the server answered with %1 instead of %2")
                                     .arg(QString::fromLatin1(type), want == "json" ? QStringLiteral("JSON") : QString::fromLatin1(want)));
    error->reason = QStringLiteral("UnexpectedContentType");
    if (type == "text/html")
        error->message += QStringLiteral(": a web page, so a proxy or login page is probably in the way");
    else if (type.contains("protobuf"))
        error->message += QStringLiteral(", which Nestdeck does not ask for or read");
    return true;
}

bool RestClient::responseError(const HttpResponse &http, const QByteArray &accept, ApiError *error)
{
    if (!http.transportError.isEmpty()) {
        *error = ApiError::transport(http.transportError);
        return true;
    }
    if (http.status >= 300 && http.status < 400) {
        const QByteArray location = http.header("location");
        *error = ApiError{http.status, QStringLiteral("Redirect"),
                          QStringLiteral("the server redirected (HTTP %1) to %2; Nestdeck does not follow redirects, "
                                         "which would carry your credentials to another address: point the kubeconfig at "
                                         "the address the API server really has")
                              .arg(http.status)
                              .arg(location.isEmpty() ? QStringLiteral("nowhere") : QString::fromUtf8(location.left(500))),
                          0, {}};
        return true;
    }
    if (http.status < 200 || http.status >= 300) {
        *error = ApiError::fromResponse(http.status, http.body, http.header("retry-after"));
        return true;
    }
    if (contentTypeError(http.status, http.headers, accept, error)) {
        if (const QString title = htmlTitle(http.body); !title.isEmpty())
            error->message += QStringLiteral(" (page title: \u201c%1\u201d)").arg(title);
        return true;
    }
    return false;
}

void RestClient::request(const QByteArray &method, const QString &path, const QByteArray &body,
                         const QByteArray &contentType, QObject *context, Callback done, RequestExtras extras)
{
    doRequest(method, path, body, contentType, context, std::move(done), extras, false, 0);
}

void RestClient::getObject(const QString &path, QObject *context, Callback done)
{
    RequestExtras extras;
    extras.maxBodyBytes = m_limits.maxObjectBytes;
    request("GET", path, {}, {}, context, std::move(done), std::move(extras));
}

void RestClient::doRequest(const QByteArray &method, const QString &path, const QByteArray &body,
                           const QByteArray &contentType, QObject *context, Callback done,
                           const RequestExtras &extras, bool retried, int throttled)
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
        req.maxBodyBytes = extras.maxBodyBytes > 0 ? extras.maxBodyBytes : m_limits.maxResponseBytes;
        req.lowSpeedBytes = 256;
        req.lowSpeedSeconds = m_limits.stallSeconds;
        if (!extras.accept.isEmpty())
            req.headers[0].second = extras.accept; // makeRequest puts Accept first
        if (!contentType.isEmpty())
            req.headers.append({QByteArray("Content-Type"), contentType});
        qCDebug(lcApi).noquote() << method << path;
        QPointer<QObject> guard(context);
        m_transport->send(std::move(req), context, [=, done = std::move(done)](const HttpResponse &http) mutable {
            ApiResponse r;
            r.status = http.status;
            r.body = http.body;
            r.headers = http.headers;
            r.decoded = http.decoded;
            if (responseError(http, extras.accept, &r.error)) {
                if (r.error.isTransport())
                    r.status = 0; // a 2xx of the wrong type is no success either
                r.decoded.reset();
            }
            const bool canRefresh = self && (self->m_exec || !self->m_config.tokenFile.isEmpty());
            if (r.status == 401 && canRefresh && !retried) {
                qCInfo(lcApi) << "401 from the server: refreshing credentials and retrying once";
                self->refreshCredentials();
                self->doRequest(method, path, body, contentType, context, std::move(done), extras, true, throttled);
                return;
            }
            // The server shed the request before doing anything (API priority
            // and fairness): wait as it asks and try again, a bounded number of times.
            const int after = r.error.retryAfterSeconds;
            if (self && (r.status == 429 || (r.status == 503 && after > 0)) &&
                throttled < self->m_limits.maxThrottleRetries) {
                const int delay = std::clamp(after, 1, self->m_limits.maxRetryAfterSeconds);
                qCInfo(lcApi).noquote() << r.status << "from the server for" << method << path << "- retrying in" << delay
                                        << "s (" << throttled + 1 << "of" << self->m_limits.maxThrottleRetries << ")";
                QTimer::singleShot(delay * 1000, self.data(), [=, done = std::move(done)]() mutable {
                    if (self && guard)
                        self->doRequest(method, path, body, contentType, guard.data(), std::move(done), extras, retried,
                                        throttled + 1);
                });
                return;
            }
            // Never above debug: a deprecation notice on every request of an
            // older platform would flood a log read for real trouble.
            if (lcApi().isDebugEnabled())
                for (const QString &w : r.warnings())
                    qCDebug(lcApi).noquote() << "the server warns about" << method << path << "-" << w;
            if (r.status == 429 && throttled > 0)
                r.error.message += QStringLiteral(" (gave up after %1 tries)").arg(throttled + 1);
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

void RestClient::mergePatch(const QString &objectPath, const QByteArray &patch, const WriteOptions &o, QObject *context, Callback done)
{
    request("PATCH", withQuery(objectPath, writeQuery(o)), patch, "application/merge-patch+json", context, std::move(done));
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
                        std::function<void(const HttpResponse &)> done, std::function<void(Transport::Id)> started,
                        int timeoutMs)
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
        req.timeoutMs = timeoutMs; // the server ends watches (timeoutSeconds); this is the net under it
        req.maxBodyBytes = m_limits.maxObjectBytes; // an error body; the stream's consumer bounds the rest
        const auto id = m_transport->stream(std::move(req), onHeaders, onChunk, context, done);
        if (started)
            started(id);
    });
}

} // namespace nestdeck::kube
