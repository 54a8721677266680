// The transport's promise to the objects that ask: once a context is
// destroyed, nothing more is delivered for it, and what was being delivered
// has finished. At exit a watch chunk decoded after that point was posted to
// a freed event dispatcher (nestdeck-cli diagnose -A crashed so in CI).
#include "core/kube/Transport.h"

#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

using namespace nestdeck::kube;

namespace {

// A plain-HTTP server on loopback that answers every connection with an
// endless chunked body, a chunk every few milliseconds, until the client
// hangs up. Raw sockets on a thread of its own: no event loop to share.
class EndlessServer {
public:
    EndlessServer()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&a), sizeof a);
        ::listen(m_fd, 8);
        socklen_t len = sizeof a;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&a), &len);
        m_port = ntohs(a.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~EndlessServer()
    {
        m_stop = true;
        ::shutdown(m_fd, SHUT_RDWR);
        ::close(m_fd);
        m_thread.join();
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/endless").arg(m_port); }

private:
    void serve()
    {
        while (!m_stop) {
            const int c = ::accept(m_fd, nullptr, nullptr);
            if (c < 0)
                return;
            char buf[4096];
            (void)::recv(c, buf, sizeof buf, 0); // the request; its contents do not matter
            const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            bool ok = ::send(c, head, sizeof head - 1, MSG_NOSIGNAL) > 0;
            const char chunk[] = "10\r\n{\"type\":\"x\"}\n    \r\n";
            while (ok && !m_stop) {
                ok = ::send(c, chunk, sizeof chunk - 1, MSG_NOSIGNAL) > 0;
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            ::close(c);
        }
    }
    int m_fd = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

} // namespace

class TestTransport : public QObject {
    Q_OBJECT
private slots:
    // The context goes while a chunk is in its callback: its destruction
    // waits for that callback, and none follows.
    void noChunkAfterTheContextIsGone()
    {
        EndlessServer server;
        Transport transport;
        std::atomic<int> chunks{0};
        std::atomic<bool> inside{false};
        auto *context = new QObject;
        HttpRequest req;
        req.url = server.url();
        req.timeoutMs = 0;
        transport.stream(
            req, {},
            [&](const char *, size_t) {
                inside = true;
                ++chunks;
                // A chunk's decoding takes a while: long enough for the
                // context to be destroyed in the middle of it.
                std::this_thread::sleep_for(std::chrono::milliseconds(30));
                inside = false;
            },
            context, [](const HttpResponse &) {});
        QVERIFY(QTest::qWaitFor([&] { return inside.load(); }, 10000));
        delete context;
        QVERIFY2(!inside.load(), "a chunk was still being delivered after its context was destroyed");
        const int after = chunks.load();
        // The server keeps sending; the transport must have stopped delivering.
        // Time passes here for data that must NOT arrive: nothing to wait for.
        QTest::qWait(200);
        QCOMPARE(chunks.load(), after);
    }

    // A finished request whose context is gone runs no completion.
    void noCompletionAfterTheContextIsGone()
    {
        EndlessServer server;
        Transport transport;
        bool called = false;
        auto *context = new QObject;
        HttpRequest req;
        req.url = server.url();
        req.timeoutMs = 300; // ends the endless body: a completion is due
        transport.send(req, context, [&](const HttpResponse &) { called = true; });
        delete context;
        QObject witness;
        bool witnessed = false;
        req.timeoutMs = 600;
        transport.send(req, &witness, [&](const HttpResponse &) { witnessed = true; });
        QVERIFY(QTest::qWaitFor([&] { return witnessed; }, 10000));
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestTransport)
#include "tst_transport.moc"
