#include "core/kube/Kubeconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUrl>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

namespace nestdeck::kube {

namespace {

// Kubeconfigs never use YAML aliases in practice; a file whose aliases expand
// past this many nodes is an alias bomb, refused before it is walked.
constexpr qsizetype MaxExpandedNodes = 200000;

// Also bounded in depth: an anchor whose node contains its own alias is a
// cycle, and counting it would recurse until the stack ran out (found by
// fuzz_kubeconfig).
constexpr int MaxDepth = 256;

bool countNodes(const YAML::Node &node, qsizetype &budget, int depth = 0)
{
    if (--budget < 0 || depth > MaxDepth)
        return false;
    if (node.IsMap()) {
        for (const auto &kv : node) {
            if (!countNodes(kv.first, budget, depth + 1) || !countNodes(kv.second, budget, depth + 1))
                return false;
        }
    } else if (node.IsSequence()) {
        for (const auto &item : node) {
            if (!countNodes(item, budget, depth + 1))
                return false;
        }
    }
    return true;
}

QString q(const std::string &s) { return QString::fromStdString(s); }

// Walks the YAML tree of one file, remembering the first problem with its path.
class Reader {
public:
    explicit Reader(QString file) : m_file(std::move(file)) {}

    bool failed() const { return !m_error.isEmpty(); }
    Error error() const { return makeError(m_error); }

    void fail(const QString &where, const QString &what)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("%1: %2 %3").arg(m_file, where, what);
    }

    QString string(const YAML::Node &map, const char *key, const QString &where)
    {
        const YAML::Node v = map[key];
        if (!v || v.IsNull())
            return {};
        if (!v.IsScalar()) {
            fail(where + QLatin1Char('.') + QLatin1String(key), QStringLiteral("must be a string"));
            return {};
        }
        return q(v.Scalar());
    }

    bool boolean(const YAML::Node &map, const char *key, const QString &where)
    {
        const YAML::Node v = map[key];
        if (!v || v.IsNull())
            return false;
        const QString s = v.IsScalar() ? q(v.Scalar()).toLower() : QString();
        if (s == QLatin1String("true"))
            return true;
        if (s == QLatin1String("false"))
            return false;
        fail(where + QLatin1Char('.') + QLatin1String(key), QStringLiteral("must be true or false"));
        return false;
    }

    QStringList strings(const YAML::Node &map, const char *key, const QString &where)
    {
        const YAML::Node v = map[key];
        QStringList out;
        if (!v || v.IsNull())
            return out;
        if (!v.IsSequence()) {
            fail(where + QLatin1Char('.') + QLatin1String(key), QStringLiteral("must be a list of strings"));
            return out;
        }
        for (const auto &item : v) {
            if (!item.IsScalar()) {
                fail(where + QLatin1Char('.') + QLatin1String(key), QStringLiteral("must be a list of strings"));
                return out;
            }
            out << q(item.Scalar());
        }
        return out;
    }

    // *-data fields are base64 of PEM; Go's decoder ignores line breaks.
    QByteArray pemData(const YAML::Node &map, const char *key, const QString &where, const char *pemKind)
    {
        QString text = string(map, key, where);
        if (text.isEmpty())
            return {};
        text.remove(QLatin1Char('\n')).remove(QLatin1Char('\r'));
        const auto decoded =
            QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        const QString field = where + QLatin1Char('.') + QLatin1String(key);
        if (!decoded) {
            fail(field, QStringLiteral("is not valid base64"));
            return {};
        }
        if (!looksLikePem(*decoded, pemKind)) {
            fail(field, QStringLiteral("does not hold a PEM %1").arg(QLatin1String(pemKind)));
            return {};
        }
        return *decoded;
    }

    QString path(const YAML::Node &map, const char *key, const QString &where)
    {
        const QString p = string(map, key, where);
        return p.isEmpty() ? p : resolve(p);
    }

    QString resolve(const QString &p) const
    {
        QString expanded = p;
        if (expanded.startsWith(QLatin1String("~/")))
            expanded = QDir::homePath() + expanded.mid(1);
        if (QDir::isAbsolutePath(expanded))
            return QDir::cleanPath(expanded);
        return QDir::cleanPath(QFileInfo(m_file).absoluteDir().filePath(expanded));
    }

    static bool looksLikePem(const QByteArray &data, const char *kind)
    {
        const QByteArray begin = "-----BEGIN ";
        const int at = int(data.indexOf(begin));
        if (at < 0 || data.indexOf("-----END ", at) < 0)
            return false;
        if (qstrcmp(kind, "private key") == 0)
            return data.indexOf("PRIVATE KEY-----", at) > 0;
        return data.indexOf("CERTIFICATE-----", at) > 0;
    }

    const QString &file() const { return m_file; }

private:
    QString m_file;
    QString m_error;
};

// A list of {name: ..., <key>: {...}} entries, as every kubeconfig section is.
template <typename Fn>
void eachNamed(Reader &r, const YAML::Node &root, const char *section, const char *inner, Fn fn)
{
    const YAML::Node list = root[section];
    if (!list || list.IsNull())
        return;
    if (!list.IsSequence()) {
        r.fail(QLatin1String(section), QStringLiteral("must be a list"));
        return;
    }
    QStringList seen;
    int index = 0;
    for (const auto &entry : list) {
        const QString where = QStringLiteral("%1[%2]").arg(QLatin1String(section)).arg(index++);
        if (!entry.IsMap()) {
            r.fail(where, QStringLiteral("must be a mapping with name and %1").arg(QLatin1String(inner)));
            return;
        }
        const QString name = r.string(entry, "name", where);
        if (r.failed())
            return;
        if (name.isEmpty()) {
            r.fail(where, QStringLiteral("has no name"));
            return;
        }
        if (seen.contains(name)) {
            r.fail(where, QStringLiteral("repeats the name \"%1\"").arg(name));
            return;
        }
        seen << name;
        const YAML::Node body = entry[inner];
        const QString bodyWhere = QStringLiteral("%1 \"%2\"").arg(QLatin1String(section).chopped(1), name);
        if (body && !body.IsNull() && !body.IsMap()) {
            r.fail(bodyWhere, QStringLiteral("must have %1 as a mapping").arg(QLatin1String(inner)));
            return;
        }
        fn(name, body ? body : YAML::Node(YAML::NodeType::Map), bodyWhere);
        if (r.failed())
            return;
    }
}

std::optional<ExecConfig> readExec(Reader &r, const YAML::Node &exec, const QString &where)
{
    if (!exec || exec.IsNull())
        return std::nullopt;
    if (!exec.IsMap()) {
        r.fail(where + QStringLiteral(".exec"), QStringLiteral("must be a mapping"));
        return std::nullopt;
    }
    const QString w = where + QStringLiteral(".exec");
    ExecConfig e;
    e.apiVersion = r.string(exec, "apiVersion", w);
    e.command = r.string(exec, "command", w);
    if (e.command.contains(QLatin1Char('/')))
        e.command = r.resolve(e.command);
    e.args = r.strings(exec, "args", w);
    e.installHint = r.string(exec, "installHint", w);
    e.provideClusterInfo = r.boolean(exec, "provideClusterInfo", w);
    e.interactiveMode = r.string(exec, "interactiveMode", w);
    const YAML::Node env = exec["env"];
    if (env && !env.IsNull()) {
        if (!env.IsSequence()) {
            r.fail(w + QStringLiteral(".env"), QStringLiteral("must be a list of {name, value}"));
            return std::nullopt;
        }
        for (const auto &item : env) {
            if (!item.IsMap()) {
                r.fail(w + QStringLiteral(".env"), QStringLiteral("must be a list of {name, value}"));
                return std::nullopt;
            }
            const QString name = r.string(item, "name", w + QStringLiteral(".env"));
            if (name.isEmpty()) {
                r.fail(w + QStringLiteral(".env"), QStringLiteral("has an entry without a name"));
                return std::nullopt;
            }
            e.env.append({name, r.string(item, "value", w + QStringLiteral(".env"))});
        }
    }
    return e;
}

Expected<Kubeconfig> fromYaml(const YAML::Node &root, const QString &file)
{
    Kubeconfig cfg;
    cfg.files << file;
    if (!root || root.IsNull())
        return cfg; // an empty file is an empty config, as for kubectl
    if (!root.IsMap())
        return makeError(QStringLiteral("%1: is not a kubeconfig (expected a mapping with clusters, users and contexts)").arg(file));
    qsizetype budget = MaxExpandedNodes;
    if (!countNodes(root, budget))
        return makeError(QStringLiteral("%1: is too large, too deep or too deeply aliased to be a kubeconfig (more than %2 YAML nodes "
                                        "once aliases are expanded, or nested more than %3 levels)")
                             .arg(file).arg(MaxExpandedNodes).arg(MaxDepth));

    Reader r(file);
    const QString kind = r.string(root, "kind", QStringLiteral("top level"));
    if (!kind.isEmpty() && kind != QLatin1String("Config"))
        return makeError(QStringLiteral("%1: has kind \"%2\"; a kubeconfig has kind Config").arg(file, kind));

    eachNamed(r, root, "clusters", "cluster", [&](const QString &name, const YAML::Node &b, const QString &w) {
        Cluster c;
        c.name = name;
        c.sourceFile = file;
        c.server = r.string(b, "server", w);
        c.certificateAuthority = r.path(b, "certificate-authority", w);
        c.certificateAuthorityData = r.pemData(b, "certificate-authority-data", w, "certificate");
        c.insecureSkipTlsVerify = r.boolean(b, "insecure-skip-tls-verify", w);
        c.tlsServerName = r.string(b, "tls-server-name", w);
        c.proxyUrl = r.string(b, "proxy-url", w);
        cfg.clusters.insert(name, c);
    });
    eachNamed(r, root, "users", "user", [&](const QString &name, const YAML::Node &b, const QString &w) {
        AuthInfo u;
        u.name = name;
        u.sourceFile = file;
        u.clientCertificate = r.path(b, "client-certificate", w);
        u.clientCertificateData = r.pemData(b, "client-certificate-data", w, "certificate");
        u.clientKey = r.path(b, "client-key", w);
        u.clientKeyData = r.pemData(b, "client-key-data", w, "private key");
        u.token = r.string(b, "token", w);
        u.tokenFile = r.path(b, "tokenFile", w);
        u.username = r.string(b, "username", w);
        u.password = r.string(b, "password", w);
        u.impersonate = r.string(b, "as", w);
        u.impersonateGroups = r.strings(b, "as-groups", w);
        const YAML::Node ap = b["auth-provider"];
        if (ap && !ap.IsNull()) {
            u.authProvider = ap.IsMap() ? r.string(ap, "name", w + QStringLiteral(".auth-provider")) : QString();
            if (u.authProvider.isEmpty())
                u.authProvider = QStringLiteral("unnamed");
        }
        u.exec = readExec(r, b["exec"], w);
        cfg.users.insert(name, u);
    });
    eachNamed(r, root, "contexts", "context", [&](const QString &name, const YAML::Node &b, const QString &w) {
        Context c;
        c.name = name;
        c.sourceFile = file;
        c.cluster = r.string(b, "cluster", w);
        c.user = r.string(b, "user", w);
        c.ns = r.string(b, "namespace", w);
        cfg.contexts.insert(name, c);
    });
    cfg.currentContext = r.string(root, "current-context", QStringLiteral("top level"));
    if (r.failed())
        return r.error();
    return cfg;
}

Error tooLarge(const QString &path, qint64 size)
{
    return makeError(QStringLiteral("%1: is %2 MiB; kubeconfig files over %3 MiB are refused")
                         .arg(path)
                         .arg(size / (1024 * 1024))
                         .arg(Kubeconfig::MaxFileSize / (1024 * 1024)));
}

} // namespace

LoadingRules LoadingRules::fromEnvironment(const QString &explicitPath)
{
    LoadingRules rules;
    rules.explicitPath = explicitPath;
    rules.kubeconfigEnv = qEnvironmentVariable("KUBECONFIG");
    rules.homeDir = QDir::homePath();
    return rules;
}

Expected<Kubeconfig> Kubeconfig::parse(const QByteArray &text, const QString &path)
{
    if (text.size() > MaxFileSize)
        return tooLarge(path, text.size());
    if (text.contains('\0'))
        return makeError(QStringLiteral("%1: is a binary file, not a kubeconfig").arg(path));
    YAML::Node root;
    try {
        root = YAML::Load(text.toStdString());
    } catch (const YAML::DeepRecursion &e) {
        return makeError(QStringLiteral("%1:%2:%3: not valid YAML: nested more than %4 levels deep")
                             .arg(path)
                             .arg(e.mark.line + 1)
                             .arg(e.mark.column + 1)
                             .arg(e.depth()));
    } catch (const YAML::ParserException &e) {
        return makeError(QStringLiteral("%1:%2:%3: not valid YAML: %4")
                             .arg(path)
                             .arg(e.mark.line + 1)
                             .arg(e.mark.column + 1)
                             .arg(q(e.msg)));
    } catch (const YAML::Exception &e) {
        return makeError(QStringLiteral("%1: not valid YAML: %2").arg(path, q(e.msg)));
    }
    try {
        return fromYaml(root, path);
    } catch (const YAML::Exception &e) {
        return makeError(QStringLiteral("%1: unexpected structure: %2").arg(path, q(e.msg)));
    }
}

Expected<Kubeconfig> Kubeconfig::loadFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return makeError(QStringLiteral("%1: no such file").arg(path));
    if (info.isDir())
        return makeError(QStringLiteral("%1: is a directory, not a kubeconfig file").arg(path));
    if (info.size() > MaxFileSize)
        return tooLarge(path, info.size());
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("%1: cannot be read: %2").arg(path, f.errorString()));
    // Read at most the limit, even if the file grew since the stat.
    return parse(f.read(MaxFileSize + 1), info.absoluteFilePath());
}

void Kubeconfig::mergeFrom(const Kubeconfig &other)
{
    for (auto it = other.clusters.cbegin(); it != other.clusters.cend(); ++it)
        if (!clusters.contains(it.key()))
            clusters.insert(it.key(), it.value());
    for (auto it = other.users.cbegin(); it != other.users.cend(); ++it)
        if (!users.contains(it.key()))
            users.insert(it.key(), it.value());
    for (auto it = other.contexts.cbegin(); it != other.contexts.cend(); ++it)
        if (!contexts.contains(it.key()))
            contexts.insert(it.key(), it.value());
    if (currentContext.isEmpty())
        currentContext = other.currentContext;
    files += other.files;
}

Expected<Kubeconfig> Kubeconfig::load(const LoadingRules &rules)
{
    if (!rules.explicitPath.isEmpty())
        return loadFile(rules.explicitPath);
    Kubeconfig merged;
    for (const QString &path : rules.files()) {
        // kubectl skips files of the list (and a missing ~/.kube/config) that do not exist.
        if (!QFileInfo::exists(path))
            continue;
        auto one = loadFile(path);
        if (!one)
            return one.error();
        merged.mergeFrom(*one);
    }
    return merged;
}

QStringList LoadingRules::files() const
{
    if (!explicitPath.isEmpty())
        return {explicitPath};
    if (kubeconfigEnv.isEmpty())
        return {QDir(homeDir).filePath(QStringLiteral(".kube/config"))};
    QStringList out;
    for (const QString &entry : kubeconfigEnv.split(QLatin1Char(':'), Qt::SkipEmptyParts)) {
        const QString path = QFileInfo(entry).absoluteFilePath();
        if (!out.contains(path)) // each file once
            out << path;
    }
    return out;
}

QString LoadingRules::displayPath() const { return files().join(QLatin1Char(':')); }

QString LoadingRules::writeTarget() const
{
    const QStringList all = files();
    if (all.isEmpty()) // KUBECONFIG=":" names no file: kubectl falls back to the home file
        return QDir(homeDir).filePath(QStringLiteral(".kube/config"));
    if (!explicitPath.isEmpty() || kubeconfigEnv.isEmpty())
        return all.first();
    for (const QString &f : all)
        if (QFileInfo::exists(f))
            return f;
    return all.last();
}

namespace {

Expected<QByteArray> readSmallFile(const QString &path, const QString &what)
{
    QFile f(path);
    if (!f.exists())
        return makeError(QStringLiteral("%1 %2 does not exist").arg(what, path));
    if (!f.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("%1 %2 cannot be read: %3").arg(what, path, f.errorString()));
    if (f.size() > 1024 * 1024)
        return makeError(QStringLiteral("%1 %2 is larger than 1 MiB").arg(what, path));
    return f.readAll();
}

} // namespace

Expected<RestConfig> Kubeconfig::restConfig(const QString &contextName) const
{
    const QString where = files.isEmpty() ? QStringLiteral("the kubeconfig") : files.join(QLatin1Char(':'));
    const QString name = contextName.isEmpty() ? currentContext : contextName;
    if (name.isEmpty()) {
        if (contexts.isEmpty())
            return makeError(QStringLiteral("%1 defines no contexts").arg(where));
        return makeError(QStringLiteral("%1 has no current-context; choose one of: %2")
                             .arg(where, contexts.keys().join(QStringLiteral(", "))));
    }
    if (!contexts.contains(name))
        return makeError(QStringLiteral("context \"%1\" is not defined in %2").arg(name, where));
    const Context &ctx = contexts[name];
    if (ctx.cluster.isEmpty())
        return makeError(QStringLiteral("context \"%1\" (in %2) names no cluster").arg(name, ctx.sourceFile));
    if (!clusters.contains(ctx.cluster))
        return makeError(QStringLiteral("context \"%1\" (in %2) refers to cluster \"%3\", which is not defined")
                             .arg(name, ctx.sourceFile, ctx.cluster));
    if (!ctx.user.isEmpty() && !users.contains(ctx.user))
        return makeError(QStringLiteral("context \"%1\" (in %2) refers to user \"%3\", which is not defined")
                             .arg(name, ctx.sourceFile, ctx.user));
    const Cluster &cl = clusters[ctx.cluster];
    const QString clWhere = QStringLiteral("cluster \"%1\" (in %2)").arg(cl.name, cl.sourceFile);

    RestConfig rc;
    rc.contextName = name;
    rc.clusterName = cl.name;
    rc.userName = ctx.user;
    rc.ns = ctx.ns.isEmpty() ? QStringLiteral("default") : ctx.ns;
    rc.sourceFile = ctx.sourceFile;

    QString server = cl.server.trimmed();
    if (server.isEmpty())
        return makeError(clWhere + QStringLiteral(" has no server"));
    if (!server.contains(QLatin1String("://")))
        server.prepend(QLatin1String("https://"));
    const QUrl url(server, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        return makeError(clWhere + QStringLiteral(" has an invalid server URL \"%1\"").arg(cl.server));
    while (server.endsWith(QLatin1Char('/')))
        server.chop(1);
    rc.server = server;

    if (cl.insecureSkipTlsVerify && (!cl.certificateAuthority.isEmpty() || !cl.certificateAuthorityData.isEmpty()))
        return makeError(clWhere + QStringLiteral(" sets both insecure-skip-tls-verify and a certificate authority; "
                                                 "a root certificate with the insecure flag is not allowed"));
    rc.insecureSkipTlsVerify = cl.insecureSkipTlsVerify;
    if (!cl.certificateAuthorityData.isEmpty() && !cl.certificateAuthority.isEmpty())
        return makeError(clWhere + QStringLiteral(" sets both certificate-authority and certificate-authority-data; use one"));
    rc.caPem = cl.certificateAuthorityData;
    if (!cl.certificateAuthority.isEmpty()) {
        auto ca = readSmallFile(cl.certificateAuthority, clWhere + QStringLiteral(": certificate-authority"));
        if (!ca)
            return ca.error();
        if (!Reader::looksLikePem(*ca, "certificate"))
            return makeError(clWhere + QStringLiteral(": certificate-authority %1 holds no PEM certificate").arg(cl.certificateAuthority));
        rc.caPem = *ca;
    }
    rc.tlsServerName = cl.tlsServerName;
    if (!cl.proxyUrl.isEmpty()) {
        const QUrl proxy(cl.proxyUrl, QUrl::StrictMode);
        static const QStringList schemes = {QStringLiteral("http"), QStringLiteral("https"), QStringLiteral("socks5")};
        if (!proxy.isValid() || proxy.host().isEmpty() || !schemes.contains(proxy.scheme()))
            return makeError(clWhere + QStringLiteral(" has proxy-url \"%1\"; it must be an http, https or socks5 URL").arg(cl.proxyUrl));
        rc.proxyUrl = cl.proxyUrl;
    }

    if (ctx.user.isEmpty())
        return rc; // anonymous
    const AuthInfo &u = users[ctx.user];
    const QString uWhere = QStringLiteral("user \"%1\" (in %2)").arg(u.name, u.sourceFile);
    if (!u.authProvider.isEmpty())
        return makeError(uWhere + QStringLiteral(
                                      " uses the auth-provider \"%1\", which kubectl and client-go removed in v1.26. "
                                      "Use an exec credential plugin instead: kubelogin for OIDC and Azure, "
                                      "gke-gcloud-auth-plugin for GKE, aws eks get-token for EKS.")
                                      .arg(u.authProvider));
    QStringList methods;
    if (!u.token.isEmpty() || !u.tokenFile.isEmpty())
        methods << QStringLiteral("token");
    if (!u.username.isEmpty() || !u.password.isEmpty())
        methods << QStringLiteral("basic auth");
    if (u.exec)
        methods << QStringLiteral("exec plugin");
    if (methods.size() > 1)
        return makeError(uWhere + QStringLiteral(" has more than one authentication method (%1); only one is allowed")
                                      .arg(methods.join(QStringLiteral(", "))));
    if (!u.clientCertificate.isEmpty() && !u.clientCertificateData.isEmpty())
        return makeError(uWhere + QStringLiteral(" sets both client-certificate and client-certificate-data; use one"));
    if (!u.clientKey.isEmpty() && !u.clientKeyData.isEmpty())
        return makeError(uWhere + QStringLiteral(" sets both client-key and client-key-data; use one"));
    rc.clientCertPem = u.clientCertificateData;
    rc.clientKeyPem = u.clientKeyData;
    if (!u.clientCertificate.isEmpty()) {
        auto cert = readSmallFile(u.clientCertificate, uWhere + QStringLiteral(": client-certificate"));
        if (!cert)
            return cert.error();
        rc.clientCertPem = *cert;
    }
    if (!u.clientKey.isEmpty()) {
        auto key = readSmallFile(u.clientKey, uWhere + QStringLiteral(": client-key"));
        if (!key)
            return key.error();
        rc.clientKeyPem = *key;
    }
    if (rc.clientCertPem.isEmpty() != rc.clientKeyPem.isEmpty())
        return makeError(uWhere + (rc.clientCertPem.isEmpty() ? QStringLiteral(" has a client key but no client certificate")
                                                               : QStringLiteral(" has a client certificate but no client key")));
    if (!rc.clientCertPem.isEmpty() && !Reader::looksLikePem(rc.clientCertPem, "certificate"))
        return makeError(uWhere + QStringLiteral(": the client certificate is not PEM"));
    if (!rc.clientKeyPem.isEmpty() && !Reader::looksLikePem(rc.clientKeyPem, "private key"))
        return makeError(uWhere + QStringLiteral(": the client key is not a PEM private key"));

    rc.token = u.token;
    if (u.token.isEmpty() && !u.tokenFile.isEmpty()) {
        auto tok = readSmallFile(u.tokenFile, uWhere + QStringLiteral(": tokenFile"));
        if (!tok)
            return tok.error();
        rc.token = QString::fromUtf8(tok->trimmed());
        rc.tokenFile = u.tokenFile;
        if (rc.token.isEmpty())
            return makeError(uWhere + QStringLiteral(": tokenFile %1 is empty").arg(u.tokenFile));
    }
    if (!u.password.isEmpty() && u.username.isEmpty())
        return makeError(uWhere + QStringLiteral(" has a password but no username"));
    rc.username = u.username;
    rc.password = u.password;

    if (u.exec) {
        const ExecConfig &e = *u.exec;
        static const QStringList versions = {QStringLiteral("client.authentication.k8s.io/v1"),
                                             QStringLiteral("client.authentication.k8s.io/v1beta1")};
        if (e.apiVersion == QLatin1String("client.authentication.k8s.io/v1alpha1"))
            return makeError(uWhere + QStringLiteral(": exec apiVersion client.authentication.k8s.io/v1alpha1 is no longer "
                                                    "supported; the plugin must speak v1 or v1beta1"));
        if (!versions.contains(e.apiVersion))
            return makeError(uWhere + QStringLiteral(": exec apiVersion \"%1\" is not one of %2")
                                          .arg(e.apiVersion, versions.join(QStringLiteral(", "))));
        if (e.command.isEmpty())
            return makeError(uWhere + QStringLiteral(": exec has no command"));
        static const QStringList modes = {QStringLiteral("Never"), QStringLiteral("IfAvailable"), QStringLiteral("Always")};
        ExecConfig resolved = e;
        if (e.interactiveMode.isEmpty()) {
            if (e.apiVersion.endsWith(QLatin1String("/v1")))
                return makeError(uWhere + QStringLiteral(": exec interactiveMode must be set for client.authentication.k8s.io/v1"));
            resolved.interactiveMode = QStringLiteral("IfAvailable");
        } else if (!modes.contains(e.interactiveMode)) {
            return makeError(uWhere + QStringLiteral(": exec interactiveMode \"%1\" is not one of Never, IfAvailable, Always")
                                          .arg(e.interactiveMode));
        }
        rc.exec = resolved;
    }
    rc.impersonate = u.impersonate;
    rc.impersonateGroups = u.impersonateGroups;
    if (!rc.impersonateGroups.isEmpty() && rc.impersonate.isEmpty())
        return makeError(uWhere + QStringLiteral(" sets as-groups without as (a user to impersonate)"));
    return rc;
}

bool sameConnection(const RestConfig &a, const RestConfig &b)
{
    auto execKey = [](const std::optional<ExecConfig> &e) {
        return e ? QStringList{e->apiVersion, e->command} + e->args : QStringList();
    };
    return a.server == b.server && a.caPem == b.caPem && a.insecureSkipTlsVerify == b.insecureSkipTlsVerify &&
           a.tlsServerName == b.tlsServerName && a.proxyUrl == b.proxyUrl && a.clientCertPem == b.clientCertPem &&
           a.clientKeyPem == b.clientKeyPem && a.token == b.token && a.tokenFile == b.tokenFile && a.username == b.username &&
           a.password == b.password && execKey(a.exec) == execKey(b.exec) && a.impersonate == b.impersonate &&
           a.impersonateGroups == b.impersonateGroups && a.ns == b.ns;
}

} // namespace nestdeck::kube
