#include "core/kube/ExecCredential.h"

#include "core/Logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QThreadPool>

namespace nestdeck::kube {

ExecCredentialProvider::ExecCredentialProvider(ExecConfig exec, QString userName, QString server, QByteArray caPem,
                                               bool insecure)
    : m_exec(std::move(exec)), m_user(std::move(userName))
{
    QJsonObject spec{{QStringLiteral("interactive"), false}};
    if (m_exec.provideClusterInfo) {
        QJsonObject cluster{{QStringLiteral("server"), server},
                            {QStringLiteral("insecure-skip-tls-verify"), insecure}};
        if (!caPem.isEmpty())
            cluster.insert(QStringLiteral("certificate-authority-data"), QString::fromLatin1(caPem.toBase64()));
        spec.insert(QStringLiteral("cluster"), cluster);
    }
    m_execInfo = QJsonDocument(QJsonObject{{QStringLiteral("apiVersion"), m_exec.apiVersion},
                                           {QStringLiteral("kind"), QStringLiteral("ExecCredential")},
                                           {QStringLiteral("spec"), spec}})
                     .toJson(QJsonDocument::Compact);
}

Credential ExecCredentialProvider::run(const ExecConfig &exec, const QString &userName, const QByteArray &execInfo,
                                       ApiError *error)
{
    auto fail = [&](const QString &msg) {
        *error = ApiError::transport(msg);
        return Credential{};
    };
    const QString who = QStringLiteral("exec plugin \"%1\" of user \"%2\"").arg(exec.command, userName);
    if (exec.interactiveMode == QLatin1String("Always"))
        return fail(who + QStringLiteral(" needs an interactive terminal (interactiveMode: Always), which Nestdeck "
                                         "cannot provide; log in with it in a terminal first or set IfAvailable"));
    const QString program = exec.command.contains(QLatin1Char('/')) ? exec.command
                                                                     : QStandardPaths::findExecutable(exec.command);
    if (program.isEmpty()) {
        QString msg = who + QStringLiteral(" was not found in PATH");
        if (!exec.installHint.isEmpty())
            msg += QStringLiteral(". ") + exec.installHint.trimmed();
        return fail(msg);
    }
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto &kv : exec.env)
        env.insert(kv.first, kv.second);
    env.insert(QStringLiteral("KUBERNETES_EXEC_INFO"), QString::fromUtf8(execInfo));
    p.setProcessEnvironment(env);
    p.setProgram(program);
    p.setArguments(exec.args);
    p.setStandardInputFile(QProcess::nullDevice());
    p.start();
    if (!p.waitForStarted(10000))
        return fail(who + QStringLiteral(" could not be started: ") + p.errorString());
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished(1000);
        return fail(who + QStringLiteral(" did not finish within 2 minutes"));
    }
    const QByteArray out = p.readAllStandardOutput();
    // stderr is the plugin's own message for a person; it never carries the credential.
    const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed().right(400);
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return fail(who + QStringLiteral(" failed (exit code %1)%2")
                              .arg(p.exitCode())
                              .arg(err.isEmpty() ? QString() : QStringLiteral(": ") + err));
    return parseOutput(out, exec.apiVersion, who, error);
}

Credential ExecCredentialProvider::parseOutput(const QByteArray &out, const QString &apiVersion, const QString &who, ApiError *error)
{
    auto fail = [&](const QString &msg) {
        *error = ApiError::transport(msg);
        return Credential{};
    };
    QJsonParseError perr{};
    const QJsonObject o = QJsonDocument::fromJson(out, &perr).object();
    if (perr.error != QJsonParseError::NoError)
        return fail(who + QStringLiteral(" printed something that is not an ExecCredential (JSON error: %1)").arg(perr.errorString()));
    if (o.value(QLatin1String("kind")).toString() != QLatin1String("ExecCredential"))
        return fail(who + QStringLiteral(" printed a \"%1\", not an ExecCredential").arg(o.value(QLatin1String("kind")).toString()));
    if (o.value(QLatin1String("apiVersion")).toString() != apiVersion)
        return fail(who + QStringLiteral(" answered with apiVersion \"%1\" but was asked for \"%2\"")
                              .arg(o.value(QLatin1String("apiVersion")).toString(), apiVersion));
    const QJsonObject status = o.value(QLatin1String("status")).toObject();
    Credential c;
    c.token = status.value(QLatin1String("token")).toString();
    c.clientCertPem = status.value(QLatin1String("clientCertificateData")).toString().toUtf8();
    c.clientKeyPem = status.value(QLatin1String("clientKeyData")).toString().toUtf8();
    const QString exp = status.value(QLatin1String("expirationTimestamp")).toString();
    if (!exp.isEmpty()) {
        c.expires = QDateTime::fromString(exp, Qt::ISODate);
        if (!c.expires.isValid())
            return fail(who + QStringLiteral(" gave an unreadable expirationTimestamp \"%1\"").arg(exp));
    }
    if (c.token.isEmpty() && c.clientCertPem.isEmpty())
        return fail(who + QStringLiteral(" returned neither a token nor a client certificate"));
    if (c.clientCertPem.isEmpty() != c.clientKeyPem.isEmpty())
        return fail(who + QStringLiteral(" returned a client certificate without its key (or the other way round)"));
    return c;
}

void ExecCredentialProvider::get(QObject *context, std::function<void(const Credential *, const ApiError &)> done)
{
    std::unique_lock lock(m_mu);
    if (m_valid && (!m_cached.expires.isValid() || m_cached.expires > QDateTime::currentDateTimeUtc().addSecs(10))) {
        const Credential c = m_cached;
        lock.unlock();
        QMetaObject::invokeMethod(context, [done, c] { done(&c, ApiError{}); }, Qt::QueuedConnection);
        return;
    }
    m_waiters.emplace_back(context, std::move(done));
    if (m_running)
        return; // one plugin run serves everyone waiting
    m_running = true;
    ++m_runs;
    const ExecConfig exec = m_exec;
    const QString user = m_user;
    const QByteArray info = m_execInfo;
    QThreadPool::globalInstance()->start([this, self = shared_from_this(), exec, user, info] {
        ApiError error;
        const Credential c = run(exec, user, info, &error);
        std::unique_lock guard(m_mu);
        m_running = false;
        m_valid = error.message.isEmpty();
        if (m_valid)
            m_cached = c;
        auto waiters = std::move(m_waiters);
        m_waiters.clear();
        guard.unlock();
        if (!error.message.isEmpty())
            qCWarning(lcApi).noquote() << error.message; // the plugin's words, never its credential
        for (auto &w : waiters) {
            if (w.first)
                QMetaObject::invokeMethod(
                    w.first.data(), [fn = std::move(w.second), c, error] { fn(error.message.isEmpty() ? &c : nullptr, error); },
                    Qt::QueuedConnection);
        }
    });
}

void ExecCredentialProvider::invalidate()
{
    std::lock_guard lock(m_mu);
    m_valid = false;
}

} // namespace nestdeck::kube
