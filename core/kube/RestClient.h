#pragma once

#include "core/kube/ApiError.h"
#include "core/kube/Kubeconfig.h"
#include "core/kube/Transport.h"
#include "core/kube/Warnings.h"

#include <QObject>
#include <QUrlQuery>

#include <functional>
#include <memory>

namespace nestdeck::kube {

class ExecCredentialProvider;
class ListerWatcher;

struct ApiResponse {
    int status = 0;
    QByteArray body;
    Headers headers;
    ApiError error; // set when !ok()
    std::shared_ptr<void> decoded; // what the ProcessFn made of the body
    bool ok() const { return status >= 200 && status < 300; }
    // What the server warned about (Warning headers), on success and failure alike.
    QStringList warnings() const { return warningTexts(headers); }
};

// Less common knobs of a request.
struct RequestExtras {
    int timeoutMs = 30000;
    ProcessFn process;  // runs on the I/O thread on the finished response (decode there)
    QByteArray accept;  // replaces "application/json"
    qint64 maxBodyBytes = 0; // 0: ClientLimits::maxResponseBytes
};

// Bounds on what a server may send: a broken proxy or a hostile server gets a
// clear error, never a hang or unbounded memory. Real API servers stay far
// below them (etcd refuses objects over 1.5 MiB).
struct ClientLimits {
    qint64 maxObjectBytes = qint64(16) << 20;    // one object: a GET of one, a list item, a watch event
    qint64 maxResponseBytes = qint64(128) << 20; // one response, e.g. a list page
    // No progress for this long fails the request: under 256 bytes/s for a
    // response, or a watch event that stays incomplete (a trickling server).
    int stallSeconds = 30;
    int maxThrottleRetries = 5;    // 429 (and 503) with Retry-After: tries again, waiting as asked
    int maxRetryAfterSeconds = 30; // ... but never longer than this per try
};

struct WriteOptions {
    bool dryRun = false;         // dryRun=All: the server validates, persists nothing
    QString fieldManager = QStringLiteral("nestdeck");
};

struct DeleteOptions {
    QString propagationPolicy; // Foreground, Background, Orphan; empty: server default
    QString preconditionUid;
    QString preconditionResourceVersion;
    bool dryRun = false;
};

// REST on top of the Transport for one RestConfig: authentication (certs,
// tokens, basic, exec plugins, impersonation), typed errors from Status
// bodies, one retry after 401 with fresh credentials.
class RestClient : public QObject {
    Q_OBJECT
public:
    explicit RestClient(RestConfig config, std::shared_ptr<Transport> transport = Transport::shared(),
                        QObject *parent = nullptr);
    ~RestClient() override;

    const RestConfig &config() const { return m_config; }
    const ClientLimits &limits() const { return m_limits; }
    Transport &transport() const { return *m_transport; }
    // LIST and WATCH through this client, for reflectors and listAll: one per
    // client, so that what one reflector learns of the server all know.
    ListerWatcher *listerWatcher() { return m_listerWatcher.get(); }

    using Callback = std::function<void(const ApiResponse &)>;

    // path: absolute API path with query, e.g. "/api/v1/namespaces?limit=500".
    void request(const QByteArray &method, const QString &path, const QByteArray &body,
                 const QByteArray &contentType, QObject *context, Callback done, RequestExtras extras = {});

    void get(const QString &path, QObject *context, Callback done) { request("GET", path, {}, {}, context, std::move(done)); }
    // A GET of one object: bounded by maxObjectBytes, not maxResponseBytes.
    void getObject(const QString &path, QObject *context, Callback done);
    void create(const QString &collectionPath, const QByteArray &json, const WriteOptions &o, QObject *context, Callback done);
    void mergePatch(const QString &objectPath, const QByteArray &patch, const WriteOptions &o, QObject *context, Callback done);
    void remove(const QString &objectPath, const DeleteOptions &o, QObject *context, Callback done);

    // A streamed GET (watch): see Transport::stream. Credentials are resolved first.
    // timeoutMs bounds the whole stream (0: none), for servers that ignore timeoutSeconds.
    void stream(const QString &path, HeadersFn onHeaders, ChunkFn onChunk, QObject *context,
                std::function<void(const HttpResponse &)> done, std::function<void(Transport::Id)> started = {},
                int timeoutMs = 0);
    void cancel(Transport::Id id) { m_transport->cancel(id); }

    // Called after a 401: drop cached credentials (exec) and re-read tokenFile.
    void refreshCredentials();

    static QString withQuery(const QString &path, const QUrlQuery &query);

    // What went wrong with a response, in words, or false when nothing did:
    // transport failures, redirects (never followed: they would carry the
    // credentials elsewhere), Status bodies, and a 2xx whose Content-Type is
    // not what was asked for (a proxy's login page, protobuf).
    static bool responseError(const HttpResponse &http, const QByteArray &accept, ApiError *error);
    // The same check on the headers alone (streams), before the body arrives.
    static bool contentTypeError(int status, const Headers &headers, const QByteArray &accept, ApiError *error);

private:
    struct Auth {
        QString token;
        QByteArray cert, key;
    };
    void withAuth(QObject *context, std::function<void(const Auth *, const ApiError &)> fn);
    HttpRequest makeRequest(const QByteArray &method, const QString &path, const Auth &auth) const;
    void doRequest(const QByteArray &method, const QString &path, const QByteArray &body,
                   const QByteArray &contentType, QObject *context, Callback done, const RequestExtras &extras,
                   bool retried, int throttled);

    RestConfig m_config;
    ClientLimits m_limits;
    std::shared_ptr<Transport> m_transport;
    std::shared_ptr<ExecCredentialProvider> m_exec;
    std::unique_ptr<ListerWatcher> m_listerWatcher;
};

} // namespace nestdeck::kube
