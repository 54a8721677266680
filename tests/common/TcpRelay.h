#pragma once

// A TCP relay between the client and the sandbox's API server, for tests that
// need the connection to go away and come back on purpose: cut() drops every
// connection and refuses new ones, resume() listens on the same port again.
// TLS passes through untouched (the relay sees only bytes).
#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

namespace nestdeck::testing {

class TcpRelay : public QObject {
public:
    explicit TcpRelay(const QUrl &target) : m_target(target)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &TcpRelay::accept);
        resume();
    }
    // The server URL to give the client instead of the target's.
    QString url() const { return QStringLiteral("https://127.0.0.1:%1").arg(m_port); }
    void cut()
    {
        m_server.close();
        for (const auto &s : std::as_const(m_sockets))
            if (s)
                s->abort();
        m_sockets.clear();
    }
    bool resume()
    {
        const bool ok = m_server.listen(QHostAddress::LocalHost, m_port);
        m_port = m_server.serverPort();
        return ok;
    }

private:
    void accept()
    {
        while (QTcpSocket *in = m_server.nextPendingConnection()) {
            auto *out = new QTcpSocket(in);
            out->connectToHost(m_target.host(), quint16(m_target.port()));
            connect(in, &QTcpSocket::readyRead, out, [in, out] {
                if (out->state() == QAbstractSocket::ConnectedState)
                    out->write(in->readAll());
            });
            connect(out, &QTcpSocket::connected, in, [in, out] { out->write(in->readAll()); });
            connect(out, &QTcpSocket::readyRead, in, [in, out] { in->write(out->readAll()); });
            connect(in, &QTcpSocket::disconnected, in, &QObject::deleteLater);
            connect(out, &QTcpSocket::disconnected, in, [in] { in->disconnectFromHost(); });
            m_sockets << in << out;
        }
    }

    QUrl m_target;
    QTcpServer m_server;
    quint16 m_port = 0;
    QList<QPointer<QTcpSocket>> m_sockets;
};

} // namespace nestdeck::testing
