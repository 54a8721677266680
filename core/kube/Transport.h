#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace nestdeck::kube {

using Headers = QList<QPair<QByteArray, QByteArray>>;

// TLS and proxy settings of a request. The PEM blobs stay in memory: curl
// reads them from there (CURLOPT_*_BLOB), no temporary files.
struct TlsConfig {
    QByteArray caPem;
    QByteArray clientCertPem;
    QByteArray clientKeyPem;
    bool insecureSkipVerify = false;
    QString connectTo; // CURLOPT_CONNECT_TO entry, for tls-server-name
    QString proxyUrl;
};

struct HttpRequest {
    QByteArray method = "GET";
    QString url;
    Headers headers;
    QByteArray body;
    TlsConfig tls;
    QString basicUser; // basic auth, when set
    QString basicPassword;
    int timeoutMs = 30000; // whole request; 0 = none (watches)
    int connectTimeoutMs = 10000;
    // Bounds against a broken or hostile server (0 = none): the body kept in
    // memory (streams: not counted, their consumer bounds what it holds), and
    // progress: fail when fewer than lowSpeedBytes arrive per second over
    // lowSpeedSeconds (a server trickling a response).
    qint64 maxBodyBytes = 0;
    int lowSpeedBytes = 0;
    int lowSpeedSeconds = 0;
};

struct HttpResponse {
    int status = 0;         // HTTP status; 0 when the request never got one
    Headers headers;        // lower-case names
    QByteArray body;        // whole body (not for streamed requests)
    QString transportError; // what went wrong below HTTP, in words
    int curlCode = 0;
    bool cancelled = false;
    long httpVersion = 0; // 2 for HTTP/2
    // Set by a ProcessFn on the I/O thread: the body decoded off the GUI thread.
    std::shared_ptr<void> decoded;

    QByteArray header(const QByteArray &lowerName) const;
};

// Called on the I/O thread with each piece of a streamed body; keep it cheap
// and thread-safe (decode, then post results to your own thread).
using ChunkFn = std::function<void(const char *data, size_t size)>;
// Called on the I/O thread with a finished response, before it is handed to
// the context's thread: decode big bodies here (set HttpResponse::decoded).
using ProcessFn = std::function<void(HttpResponse &)>;
// Called on the I/O thread when status and headers of a streamed request are in.
using HeadersFn = std::function<void(int status, const Headers &headers)>;

// The one place that does HTTP. One I/O thread drives a libcurl multi handle:
// HTTP/2 with multiplexing (many watches share a connection), keep-alive,
// timeouts and cancellation. Completion callbacks run on the thread of their
// context object, and not at all once it is destroyed (which also cancels).
class Transport {
public:
    Transport();
    ~Transport();
    Transport(const Transport &) = delete;
    Transport &operator=(const Transport &) = delete;

    using Id = quint64;
    Id send(HttpRequest request, QObject *context, std::function<void(const HttpResponse &)> done,
            ProcessFn process = {});
    // A streamed request: headers and chunks go to the I/O-thread callbacks;
    // done runs on the context's thread when the stream ends (body empty).
    Id stream(HttpRequest request, HeadersFn onHeaders, ChunkFn onChunk, QObject *context,
              std::function<void(const HttpResponse &)> done);
    void cancel(Id id);

    // Connections to one host at most: room for a watch per informer over HTTP/1.1.
    static constexpr int MaxConnectionsPerHost = 64;

    // Counters for tests and benchmarks.
    int connectionsOpened() const { return m_connectionsOpened.load(); }

    // Shared instance used by default (created on first use).
    static std::shared_ptr<Transport> shared();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
    std::atomic<int> m_connectionsOpened{0};
    friend struct Impl;
};

} // namespace nestdeck::kube
