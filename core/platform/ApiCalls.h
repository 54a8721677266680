#pragma once

#include "core/kube/RestClient.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace nestdeck::platform {

// The one seam between the platform's writes and the server: a request and
// its answer. The session's RestClient in the app and the CLI; a scripted
// server in unit tests, which then need no API server.
class ApiCalls {
public:
    virtual ~ApiCalls() = default;
    using Done = std::function<void(const kube::ApiResponse &)>;
    // path: absolute API path with its query. Done is not called once context is gone.
    virtual void call(const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &contentType,
                      QObject *context, Done done) = 0;
};

class RestCalls final : public ApiCalls {
public:
    explicit RestCalls(kube::RestClient *client) : m_client(client) {}
    void call(const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &contentType,
              QObject *context, Done done) override
    {
        kube::RequestExtras extras;
        if (method == "GET")
            extras.maxBodyBytes = m_client->limits().maxObjectBytes; // the writes read one object at a time
        m_client->request(method, path, body, contentType, context, std::move(done), std::move(extras));
    }

private:
    kube::RestClient *m_client;
};

} // namespace nestdeck::platform
