#include "core/kube/Transport.h"

#include "core/Logging.h"
#include "core/Threading.h"

#include <QMetaObject>
#include <QPointer>

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace nestdeck::kube {

QByteArray HttpResponse::header(const QByteArray &lowerName) const
{
    for (const auto &h : headers)
        if (h.first == lowerName)
            return h.second;
    return {};
}

namespace {

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    ~CurlGlobal() { curl_global_cleanup(); }
};

QString describeCurlError(CURLcode code, const char *detail, const QString &url)
{
    const QString d = QString::fromUtf8(detail).trimmed();
    QString what;
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
        what = QStringLiteral("cannot resolve the host of %1").arg(url);
        break;
    case CURLE_COULDNT_RESOLVE_PROXY:
        what = QStringLiteral("cannot resolve the proxy for %1").arg(url);
        break;
    case CURLE_COULDNT_CONNECT:
        what = QStringLiteral("cannot connect to %1").arg(url);
        break;
    case CURLE_OPERATION_TIMEDOUT:
        what = QStringLiteral("timed out talking to %1").arg(url);
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
        what = QStringLiteral("the server certificate of %1 is not trusted").arg(url);
        break;
    case CURLE_SSL_CONNECT_ERROR:
        what = QStringLiteral("TLS handshake with %1 failed").arg(url);
        break;
    case CURLE_SSL_CERTPROBLEM:
        what = QStringLiteral("the client certificate or key for %1 cannot be used").arg(url);
        break;
    case CURLE_SSL_CACERT_BADFILE:
        what = QStringLiteral("the certificate authority for %1 cannot be read").arg(url);
        break;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_PARTIAL_FILE:
        what = QStringLiteral("the connection to %1 broke").arg(url);
        break;
    default:
        what = QStringLiteral("request to %1 failed").arg(url);
    }
    if (!d.isEmpty())
        what += QStringLiteral(": ") + d;
    return what;
}

} // namespace

struct Transport::Impl {
    struct Op {
        Id id = 0;
        HttpRequest req;
        bool streaming = false;
        HeadersFn onHeaders;
        ChunkFn onChunk;
        QPointer<QObject> context;
        std::function<void(const HttpResponse &)> done;
        ProcessFn process;
        // I/O-thread state
        CURL *easy = nullptr;
        curl_slist *headerList = nullptr;
        HttpResponse resp;
        bool headersDelivered = false;
        bool tooLarge = false; // stopped reading at maxBodyBytes
        char errbuf[CURL_ERROR_SIZE] = {};
        std::string url, method, connectTo, proxy, basic;
        curl_slist *connectToList = nullptr;
        QMetaObject::Connection contextGone;
        // Held by the I/O thread while it calls back or posts for this
        // request, and by the context's destructor to close it: once the
        // context is gone nothing more is delivered, and what was being
        // delivered has finished. A QPointer check alone races the
        // deletion, and at exit a chunk decoded after the event dispatcher
        // went (it goes before the application's other children) was posted
        // to freed memory (nestdeck-cli diagnose -A crashed so in CI).
        struct Gate {
            std::mutex mu;
            bool open = true;
        };
        std::shared_ptr<Gate> gate = std::make_shared<Gate>();
    };

    Transport *q;
    CURLM *multi = nullptr;
    std::thread thread;
    std::mutex mu;
    std::deque<std::unique_ptr<Op>> toAdd;
    std::vector<Id> toCancel;
    bool stopping = false;
    std::atomic<Id> nextId{1};
    std::unordered_map<Id, std::unique_ptr<Op>> running; // I/O thread only

    explicit Impl(Transport *owner) : q(owner)
    {
        static CurlGlobal global;
        multi = curl_multi_init();
        curl_multi_setopt(multi, CURLMOPT_PIPELINING, long(CURLPIPE_MULTIPLEX));
        // Over HTTP/1.1 (a proxy that does not speak HTTP/2) every watch
        // holds a connection of its own: with a cap of 8 the ninth watch
        // waited for minutes until another one ended (found by the hostile
        // server's http1 mode). Over HTTP/2, PIPEWAIT below makes requests
        // share connections; the cap only bounds a burst past the server's
        // concurrent-stream limit.
        curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, long(Transport::MaxConnectionsPerHost));
        thread = std::thread([this] {
            backgroundThread();
            loop();
        });
    }

    ~Impl()
    {
        {
            std::lock_guard lock(mu);
            stopping = true;
        }
        curl_multi_wakeup(multi);
        thread.join();
        curl_multi_cleanup(multi);
    }

    Id submit(std::unique_ptr<Op> op)
    {
        const Id id = nextId++;
        op->id = id;
        if (op->context) {
            // Closing the page that asked cancels its requests.
            op->contextGone = QObject::connect(
                op->context, &QObject::destroyed, op->context,
                [this, id, gate = op->gate] {
                    {
                        std::lock_guard lock(gate->mu);
                        gate->open = false;
                    }
                    cancel(id);
                },
                Qt::DirectConnection);
        }
        {
            std::lock_guard lock(mu);
            toAdd.push_back(std::move(op));
        }
        curl_multi_wakeup(multi);
        return id;
    }

    void cancel(Id id)
    {
        {
            std::lock_guard lock(mu);
            toCancel.push_back(id);
        }
        curl_multi_wakeup(multi);
    }

    static size_t onWrite(char *data, size_t size, size_t n, void *user)
    {
        auto *op = static_cast<Op *>(user);
        const size_t len = size * n;
        deliverHeaders(op);
        if (op->streaming && op->resp.status >= 200 && op->resp.status < 300) {
            std::lock_guard lock(op->gate->mu);
            if (op->gate->open)
                op->onChunk(data, len);
        } else {
            if (op->req.maxBodyBytes > 0 && op->resp.body.size() + qint64(len) > op->req.maxBodyBytes) {
                op->tooLarge = true;
                op->resp.body = QByteArray(); // the part read is of no use: give it back now
                return CURL_WRITEFUNC_ERROR;
            }
            op->resp.body.append(data, qsizetype(len));
        }
        return len;
    }

    static void deliverHeaders(Op *op)
    {
        if (op->headersDelivered)
            return;
        op->headersDelivered = true;
        long code = 0;
        curl_easy_getinfo(op->easy, CURLINFO_RESPONSE_CODE, &code);
        op->resp.status = int(code);
        if (op->streaming && op->onHeaders) {
            std::lock_guard lock(op->gate->mu);
            if (op->gate->open)
                op->onHeaders(op->resp.status, op->resp.headers);
        }
    }

    static size_t onHeader(char *data, size_t size, size_t n, void *user)
    {
        auto *op = static_cast<Op *>(user);
        const size_t len = size * n;
        const QByteArray line = QByteArray(data, qsizetype(len)).trimmed();
        if (line.startsWith("HTTP/")) {
            op->resp.headers.clear(); // a new response (after 100-continue or a redirect)
            op->headersDelivered = false;
        } else if (const int colon = int(line.indexOf(':')); colon > 0) {
            op->resp.headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
        }
        return len;
    }

    static curl_socket_t onSocketOpen(void *user, curlsocktype, curl_sockaddr *addr)
    {
        static_cast<Transport *>(user)->m_connectionsOpened++;
        return ::socket(addr->family, addr->socktype, addr->protocol);
    }

    void start(std::unique_ptr<Op> op)
    {
        CURL *e = curl_easy_init();
        op->easy = e;
        op->url = op->req.url.toStdString();
        op->method = op->req.method.toStdString();
        curl_easy_setopt(e, CURLOPT_URL, op->url.c_str());
        curl_easy_setopt(e, CURLOPT_PRIVATE, op.get());
        curl_easy_setopt(e, CURLOPT_ERRORBUFFER, op->errbuf);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_2TLS));
        // Wait for a connection that can multiplex rather than opening another.
        curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
        curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
        curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Impl::onWrite);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, op.get());
        curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Impl::onHeader);
        curl_easy_setopt(e, CURLOPT_HEADERDATA, op.get());
        curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &Impl::onSocketOpen);
        curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, q);
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, long(op->req.connectTimeoutMs));
        if (op->req.timeoutMs > 0)
            curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, long(op->req.timeoutMs));
        if (op->req.lowSpeedSeconds > 0) {
            curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, long(std::max(1, op->req.lowSpeedBytes)));
            curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, long(op->req.lowSpeedSeconds));
        }
        if (op->req.method != "GET")
            curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, op->method.c_str());
        if (!op->req.body.isEmpty() || op->req.method == "POST" || op->req.method == "PUT" ||
            op->req.method == "PATCH") {
            curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(op->req.body.size()));
            curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, op->req.body.constData());
            if (op->req.method != "POST")
                curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, op->method.c_str());
        }
        for (const auto &h : op->req.headers)
            op->headerList = curl_slist_append(op->headerList, (h.first + ": " + h.second).constData());
        // No "Expect: 100-continue" round trip before bodies.
        op->headerList = curl_slist_append(op->headerList, "Expect:");
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, op->headerList);
        const TlsConfig &tls = op->req.tls;
        if (!tls.caPem.isEmpty()) {
            curl_blob blob{const_cast<char *>(tls.caPem.constData()), size_t(tls.caPem.size()), CURL_BLOB_COPY};
            curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &blob);
        }
        if (!tls.clientCertPem.isEmpty()) {
            curl_blob cert{const_cast<char *>(tls.clientCertPem.constData()), size_t(tls.clientCertPem.size()),
                           CURL_BLOB_COPY};
            curl_blob key{const_cast<char *>(tls.clientKeyPem.constData()), size_t(tls.clientKeyPem.size()),
                          CURL_BLOB_COPY};
            curl_easy_setopt(e, CURLOPT_SSLCERT_BLOB, &cert);
            curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
            curl_easy_setopt(e, CURLOPT_SSLKEY_BLOB, &key);
            curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
        }
        if (tls.insecureSkipVerify) {
            curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
            curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
        }
        if (!tls.connectTo.isEmpty()) {
            op->connectTo = tls.connectTo.toStdString();
            op->connectToList = curl_slist_append(nullptr, op->connectTo.c_str());
            curl_easy_setopt(e, CURLOPT_CONNECT_TO, op->connectToList);
        }
        if (!tls.proxyUrl.isEmpty()) {
            op->proxy = tls.proxyUrl.toStdString();
            curl_easy_setopt(e, CURLOPT_PROXY, op->proxy.c_str());
        } else {
            curl_easy_setopt(e, CURLOPT_PROXY, ""); // ignore http_proxy from the environment, as kubeconfig decides
        }
        if (!op->req.basicUser.isEmpty()) {
            op->basic = (op->req.basicUser + QLatin1Char(':') + op->req.basicPassword).toStdString();
            curl_easy_setopt(e, CURLOPT_HTTPAUTH, long(CURLAUTH_BASIC));
            curl_easy_setopt(e, CURLOPT_USERPWD, op->basic.c_str());
        }
        curl_multi_add_handle(multi, e);
        const Id id = op->id;
        running.emplace(id, std::move(op));
    }

    void finish(Id id, CURLcode code, bool cancelled)
    {
        auto it = running.find(id);
        if (it == running.end())
            return;
        std::unique_ptr<Op> op = std::move(it->second);
        running.erase(it);
        curl_multi_remove_handle(multi, op->easy);
        deliverHeaders(op.get());
        op->resp.cancelled = cancelled;
        op->resp.curlCode = int(code);
        long version = 0;
        curl_easy_getinfo(op->easy, CURLINFO_HTTP_VERSION, &version);
        op->resp.httpVersion = version == CURL_HTTP_VERSION_2_0 ? 2 : (version == CURL_HTTP_VERSION_3 ? 3 : 1);
        const QString url = op->req.url.section(QLatin1Char('?'), 0, 0);
        if (op->tooLarge && !cancelled) {
            op->resp.transportError = QStringLiteral("the response from %1 is larger than %2 MiB; Nestdeck stopped reading it "
                                                     "(no API server sends that much in one response: a broken server or proxy?)")
                                          .arg(url)
                                          .arg(op->req.maxBodyBytes >> 20);
        } else if (code == CURLE_OPERATION_TIMEDOUT && op->req.lowSpeedSeconds > 0 &&
                   QByteArray(op->errbuf).contains("too slow")) {
            op->resp.transportError = QStringLiteral("%1 sends too slowly: less than %2 bytes per second for %3 s; giving up")
                                          .arg(url)
                                          .arg(std::max(1, op->req.lowSpeedBytes))
                                          .arg(op->req.lowSpeedSeconds);
        } else if (code != CURLE_OK && !cancelled) {
            op->resp.transportError = describeCurlError(code, op->errbuf, url);
        }
        curl_easy_cleanup(op->easy);
        curl_slist_free_all(op->headerList);
        curl_slist_free_all(op->connectToList);
        if (cancelled || !op->context || !op->done) {
            QObject::disconnect(op->contextGone);
            return;
        }
        if (op->process)
            op->process(op->resp);
        auto done = std::move(op->done);
        HttpResponse resp = std::move(op->resp);
        {
            // Under the gate: a context being destroyed waits for the post,
            // which its destructor then removes with its other events.
            std::lock_guard lock(op->gate->mu);
            if (op->gate->open && op->context)
                QMetaObject::invokeMethod(
                    op->context.data(), [done = std::move(done), resp = std::move(resp)] { done(resp); },
                    Qt::QueuedConnection);
        }
        QObject::disconnect(op->contextGone);
    }

    void loop()
    {
        for (;;) {
            std::deque<std::unique_ptr<Op>> adds;
            std::vector<Id> cancels;
            {
                std::lock_guard lock(mu);
                if (stopping)
                    break;
                adds.swap(toAdd);
                cancels.swap(toCancel);
            }
            for (auto &op : adds)
                start(std::move(op));
            for (Id id : cancels)
                finish(id, CURLE_OK, true);
            int stillRunning = 0;
            curl_multi_perform(multi, &stillRunning);
            int left = 0;
            while (CURLMsg *msg = curl_multi_info_read(multi, &left)) {
                if (msg->msg != CURLMSG_DONE)
                    continue;
                Op *op = nullptr;
                curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &op);
                if (op)
                    finish(op->id, msg->data.result, false);
            }
            curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
        }
        std::vector<Id> ids;
        for (auto &kv : running)
            ids.push_back(kv.first);
        for (Id id : ids)
            finish(id, CURLE_OK, true);
    }
};

Transport::Transport() : d(std::make_unique<Impl>(this)) {}

Transport::~Transport() = default;

Transport::Id Transport::send(HttpRequest request, QObject *context, std::function<void(const HttpResponse &)> done,
                              ProcessFn process)
{
    auto op = std::make_unique<Impl::Op>();
    op->req = std::move(request);
    op->process = std::move(process);
    op->context = context;
    op->done = std::move(done);
    return d->submit(std::move(op));
}

Transport::Id Transport::stream(HttpRequest request, HeadersFn onHeaders, ChunkFn onChunk, QObject *context,
                                std::function<void(const HttpResponse &)> done)
{
    auto op = std::make_unique<Impl::Op>();
    op->req = std::move(request);
    op->streaming = true;
    op->onHeaders = std::move(onHeaders);
    op->onChunk = std::move(onChunk);
    op->context = context;
    op->done = std::move(done);
    return d->submit(std::move(op));
}

void Transport::cancel(Id id) { d->cancel(id); }

std::shared_ptr<Transport> Transport::shared()
{
    static std::shared_ptr<Transport> instance = std::make_shared<Transport>();
    return instance;
}

} // namespace nestdeck::kube
