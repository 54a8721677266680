#pragma once

#include "core/kube/ApiError.h"
#include "core/kube/Kubeconfig.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace nestdeck::kube {

struct Credential {
    QString token;
    QByteArray clientCertPem;
    QByteArray clientKeyPem;
    QDateTime expires; // invalid: does not expire
};

// Runs a client-go exec credential plugin (client.authentication.k8s.io/v1 or
// v1beta1) on a worker thread, never the GUI thread, and caches its
// credential until expirationTimestamp. invalidate() after a 401 makes the
// next get() run the plugin again.
class ExecCredentialProvider : public std::enable_shared_from_this<ExecCredentialProvider> {
public:
    ExecCredentialProvider(ExecConfig exec, QString userName, QString server, QByteArray caPem, bool insecure);

    // done runs on context's thread with the credential or a readable error.
    void get(QObject *context, std::function<void(const Credential *, const ApiError &)> done);
    void invalidate();

    // Runs the plugin synchronously (the worker-thread body; public for tests).
    static Credential run(const ExecConfig &exec, const QString &userName, const QByteArray &execInfo, ApiError *error);
    // What the plugin printed, read as an ExecCredential of apiVersion; `who`
    // names the plugin in errors. Never trusts the output (fuzzed).
    static Credential parseOutput(const QByteArray &out, const QString &apiVersion, const QString &who, ApiError *error);

    int runs() const { return m_runs; }

private:
    ExecConfig m_exec;
    QString m_user;
    QByteArray m_execInfo;
    std::mutex m_mu;
    Credential m_cached;
    bool m_valid = false;
    bool m_running = false;
    std::vector<std::pair<QPointer<QObject>, std::function<void(const Credential *, const ApiError &)>>> m_waiters;
    int m_runs = 0;
};

} // namespace nestdeck::kube
