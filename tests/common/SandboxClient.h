#pragma once

// What tests and benchmarks against the sandbox share: where it is, its
// users' kubeconfigs, and a blocking REST call (a nested event loop; fine in
// a test, never in the app).
#include "core/kube/Kubeconfig.h"
#include "core/kube/RestClient.h"

#include <QEventLoop>
#include <QString>

namespace nestdeck::testing {

inline QString sandboxDir() { return qEnvironmentVariable("NESTDECK_SANDBOX_DIR"); }
inline QString sandboxBin() { return qEnvironmentVariable("NESTDECK_SANDBOX_BIN"); }
inline QString adminConfig() { return sandboxDir() + QStringLiteral("/kubeconfig"); }
inline QString userConfig(const QString &user) { return sandboxDir() + QStringLiteral("/users/") + user + QStringLiteral(".kubeconfig"); }

inline kube::RestConfig configFor(const QString &path)
{
    auto cfg = kube::Kubeconfig::loadFile(path);
    if (!cfg)
        qFatal("%s", qPrintable(cfg.error().message));
    auto rc = cfg->restConfig();
    if (!rc)
        qFatal("%s", qPrintable(rc.error().message));
    return *rc;
}

inline kube::ApiResponse call(kube::RestClient &c, const QByteArray &method, const QString &path, const QByteArray &body = {},
                              const QByteArray &type = "application/json")
{
    QEventLoop loop;
    kube::ApiResponse out;
    QObject ctx;
    c.request(method, path, body, body.isEmpty() ? QByteArray() : type, &ctx, [&](const kube::ApiResponse &r) {
        out = r;
        loop.quit();
    });
    loop.exec();
    return out;
}

} // namespace nestdeck::testing
