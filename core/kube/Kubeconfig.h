#pragma once

#include "core/Expected.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace nestdeck::kube {

// users[].user.exec: a client-go credential plugin.
struct ExecConfig {
    QString apiVersion; // client.authentication.k8s.io/v1 or /v1beta1
    QString command;    // resolved against the kubeconfig's directory if it contains a '/'
    QStringList args;
    QList<QPair<QString, QString>> env;
    QString installHint;
    bool provideClusterInfo = false;
    QString interactiveMode; // Never, IfAvailable, Always
};

struct Cluster {
    QString name;
    QString server;
    QByteArray certificateAuthorityData; // PEM
    QString certificateAuthority;        // absolute path
    QString tlsServerName;
    bool insecureSkipTlsVerify = false;
    QString proxyUrl;
    QString sourceFile;
};

struct AuthInfo {
    QString name;
    QByteArray clientCertificateData; // PEM
    QByteArray clientKeyData;         // PEM
    QString clientCertificate;        // absolute path
    QString clientKey;                // absolute path
    QString token;
    QString tokenFile; // absolute path
    QString username;
    QString password;
    std::optional<ExecConfig> exec;
    QString authProvider; // name of a legacy auth-provider: refused with a hint
    QString impersonate;
    QStringList impersonateGroups;
    QString sourceFile;
};

struct Context {
    QString name;
    QString cluster;
    QString user;
    QString ns;
    QString sourceFile;
};

// Everything needed to talk to one API server, resolved from a context with
// files read: what the transport consumes. Holds secrets: never log it.
struct RestConfig {
    QString contextName;
    QString clusterName;
    QString userName;
    QString server; // https://host:port[/path], no trailing slash
    QString ns;     // the context's default namespace ("default" if unset)
    QByteArray caPem;
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QString proxyUrl;
    QByteArray clientCertPem;
    QByteArray clientKeyPem;
    QString token;
    QString tokenFile; // re-read when the server says 401
    QString username;
    QString password;
    std::optional<ExecConfig> exec;
    QString impersonate;
    QStringList impersonateGroups;
    QString sourceFile; // where the context came from, for messages
};

// Whether two configs reach the same server as the same user: what a
// session must be made anew for when a kubeconfig file changes (a sandbox
// back on another port, a rotated certificate or token).
bool sameConnection(const RestConfig &a, const RestConfig &b);

// Where kubeconfigs come from, as kubectl decides: an explicit --kubeconfig,
// else $KUBECONFIG (a ':'-separated list, merged), else ~/.kube/config.
struct LoadingRules {
    QString explicitPath;
    QString kubeconfigEnv;
    QString homeDir;

    static LoadingRules fromEnvironment(const QString &explicitPath = {});

    // The files to read, in precedence order: the explicit file; else each
    // entry of $KUBECONFIG once, absolute; else ~/.kube/config. Files of the
    // list may not exist (kubectl skips them when reading).
    QStringList files() const;
    // For people: the files joined with ':' (what `Contexts from …` shows).
    QString displayPath() const;
    // Where kubectl writes a new context (client-go's GetDefaultFilename): the
    // explicit file; else the first existing file of $KUBECONFIG, or its last
    // entry if none exists; else ~/.kube/config.
    QString writeTarget() const;
};

// A merged kubeconfig. Merging follows kubectl: the first file to define a
// cluster, user or context name wins, and so does the first non-empty
// current-context. Relative paths are resolved against the file naming them.
class Kubeconfig {
public:
    // Files larger than this are refused rather than parsed.
    static constexpr qint64 MaxFileSize = 16 * 1024 * 1024;

    static Expected<Kubeconfig> load(const LoadingRules &rules);
    static Expected<Kubeconfig> loadFile(const QString &path);
    // Parses kubeconfig text as if it were the file `path` (used for Secrets).
    static Expected<Kubeconfig> parse(const QByteArray &text, const QString &path);

    QMap<QString, Cluster> clusters;
    QMap<QString, AuthInfo> users;
    QMap<QString, Context> contexts;
    QString currentContext;
    QStringList files; // the files that were read, in order

    QStringList contextNames() const { return contexts.keys(); }

    // Resolves a context (empty: current-context), validates it like kubectl
    // and reads the files it names. Does file I/O: not on the GUI thread.
    Expected<RestConfig> restConfig(const QString &contextName = {}) const;

private:
    void mergeFrom(const Kubeconfig &other);
};

} // namespace nestdeck::kube
