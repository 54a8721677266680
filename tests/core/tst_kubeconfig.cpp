#include "core/kube/Kubeconfig.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace nestdeck::kube;

// The corpus lives in tests/core/kubeconfigs/: one file per case, and
// expectations.txt saying for each either "ok key=value..." (what the
// resolved RestConfig must hold) or a fragment of the expected error.
class TestKubeconfig : public QObject {
    Q_OBJECT
private slots:
    void corpus_data();
    void corpus();
    void missingExplicitFile();
    void directoryIsRefused();
    void hugeFileIsRefused();
    void binaryFileIsRefused();
    void kubeconfigListMergesFirstWins();
    void homeConfigIsTheFallback();
    void filesAndWriteTargetFollowKubectl();
    void parseFromSecretText();

private:
    static QString corpusDir() { return QStringLiteral(KUBECONFIG_CORPUS); }
    static void write(const QString &path, const QByteArray &data)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(data);
    }
};

void TestKubeconfig::corpus_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expect");
    QFile f(corpusDir() + QStringLiteral("/expectations.txt"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    int count = 0;
    while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.isEmpty())
            continue;
        const auto parts = line.split(QLatin1Char('\t'));
        QTest::newRow(qPrintable(parts[0])) << parts[0] << parts[1];
        ++count;
    }
    QVERIFY2(count >= 40, "the corpus must hold at least 40 kubeconfigs");
}

void TestKubeconfig::corpus()
{
    QFETCH(QString, file);
    QFETCH(QString, expect);
    const QString path = corpusDir() + QLatin1Char('/') + file;
    const auto loaded = Kubeconfig::loadFile(path);
    QString error;
    std::optional<RestConfig> rc;
    if (!loaded) {
        error = loaded.error().message;
    } else {
        auto resolved = loaded->restConfig();
        if (resolved)
            rc = *resolved;
        else
            error = resolved.error().message;
    }
    if (expect.startsWith(QLatin1String("load-ok"))) {
        QVERIFY2(loaded.ok(), qPrintable(error));
        QVERIFY2(!rc, "expected no usable context");
        return;
    }
    if (!expect.startsWith(QLatin1String("ok"))) {
        QVERIFY2(!error.isEmpty(), qPrintable(QStringLiteral("expected an error containing: ") + expect));
        QVERIFY2(error.contains(expect), qPrintable(QStringLiteral("error was: ") + error + QStringLiteral("\nexpected: ") + expect));
        // Every error names the file it is about.
        QVERIFY2(error.contains(file), qPrintable(QStringLiteral("error does not name the file: ") + error));
        return;
    }
    QVERIFY2(rc, qPrintable(error));
    const auto checks = expect.split(QLatin1Char(' '), Qt::SkipEmptyParts).mid(1);
    for (const QString &check : checks) {
        const QString key = check.section(QLatin1Char('='), 0, 0);
        const QString val = check.section(QLatin1Char('='), 1);
        if (key == QLatin1String("server"))
            QCOMPARE(rc->server, val);
        else if (key == QLatin1String("ns"))
            QCOMPARE(rc->ns, val);
        else if (key == QLatin1String("token"))
            QCOMPARE(rc->token, val);
        else if (key == QLatin1String("insecure"))
            QVERIFY(rc->insecureSkipTlsVerify);
        else if (key == QLatin1String("proxy"))
            QCOMPARE(rc->proxyUrl, val);
        else if (key == QLatin1String("as"))
            QCOMPARE(rc->impersonate, val);
        else if (key == QLatin1String("groups"))
            QCOMPARE(rc->impersonateGroups.join(QLatin1Char(',')), val);
        else if (key == QLatin1String("sni"))
            QCOMPARE(rc->tlsServerName, val);
        else if (key == QLatin1String("mode"))
            QCOMPARE(rc->exec->interactiveMode, val);
        else if (key == QLatin1String("auth")) {
            QString kind = QStringLiteral("none");
            if (rc->exec)
                kind = QStringLiteral("exec");
            else if (!rc->token.isEmpty())
                kind = QStringLiteral("token");
            else if (!rc->username.isEmpty())
                kind = QStringLiteral("basic");
            else if (!rc->clientCertPem.isEmpty())
                kind = QStringLiteral("cert");
            QCOMPARE(kind, val);
            if (kind == QLatin1String("cert"))
                QVERIFY(rc->clientKeyPem.contains("PRIVATE KEY"));
        } else
            QFAIL(qPrintable(QStringLiteral("unknown check ") + check));
    }
}

void TestKubeconfig::missingExplicitFile()
{
    const auto r = Kubeconfig::load({QStringLiteral("/nonexistent/kube.yaml"), {}, {}});
    QVERIFY(!r);
    QCOMPARE(r.error().message, QStringLiteral("/nonexistent/kube.yaml: no such file"));
}

void TestKubeconfig::directoryIsRefused()
{
    QTemporaryDir dir;
    const auto r = Kubeconfig::loadFile(dir.path());
    QVERIFY(!r);
    QVERIFY(r.error().message.contains(QLatin1String("is a directory")));
}

void TestKubeconfig::hugeFileIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge.yaml"));
    write(path, QByteArray(Kubeconfig::MaxFileSize + 10, 'a'));
    const auto r = Kubeconfig::loadFile(path);
    QVERIFY(!r);
    QVERIFY2(r.error().message.contains(QLatin1String("are refused")), qPrintable(r.error().message));
}

void TestKubeconfig::binaryFileIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bin"));
    write(path, QByteArray("\x7f" "ELF\0\0\0\1", 8));
    const auto r = Kubeconfig::loadFile(path);
    QVERIFY(!r);
    QVERIFY2(r.error().message.contains(QLatin1String("binary")), qPrintable(r.error().message));
}

void TestKubeconfig::filesAndWriteTargetFollowKubectl()
{
    QTemporaryDir dir;
    const QString home = dir.filePath(QStringLiteral("home"));
    const QString a = dir.filePath(QStringLiteral("a.yaml")), b = dir.filePath(QStringLiteral("b.yaml"));
    const QString missing = dir.filePath(QStringLiteral("missing.yaml"));
    const QString homeConfig = QDir(home).filePath(QStringLiteral(".kube/config"));
    // No KUBECONFIG: the home file, whether it exists or not.
    LoadingRules none{{}, {}, home};
    QCOMPARE(none.files(), QStringList{homeConfig});
    QCOMPARE(none.writeTarget(), homeConfig);
    // An explicit file wins over everything.
    LoadingRules explicitFile{a, missing + QLatin1Char(':') + b, home};
    QCOMPARE(explicitFile.files(), QStringList{a});
    QCOMPARE(explicitFile.writeTarget(), a);
    // A list: every entry once, in order; new contexts go to the first file that
    // exists (client-go's GetDefaultFilename), or the last entry if none does.
    LoadingRules list{{}, missing + QLatin1Char(':') + b + QLatin1Char(':') + a + QLatin1Char(':') + b, home};
    QCOMPARE(list.files(), (QStringList{missing, b, a}));
    QCOMPARE(list.displayPath(), missing + QLatin1Char(':') + b + QLatin1Char(':') + a);
    QCOMPARE(list.writeTarget(), a); // nothing exists yet: the last entry
    write(b, "clusters: []\n");
    QCOMPARE(list.writeTarget(), b); // the first that exists
    // A list naming no file at all falls back to the home file.
    LoadingRules empty{{}, QStringLiteral(":"), home};
    QCOMPARE(empty.files(), QStringList{});
    QCOMPARE(empty.writeTarget(), homeConfig);
}

void TestKubeconfig::kubeconfigListMergesFirstWins()
{
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.yaml")), b = dir.filePath(QStringLiteral("b.yaml"));
    write(a, "clusters:\n- name: shared\n  cluster: {server: https://from-a}\n"
             "users:\n- name: ua\n  user: {token: ta}\n"
             "contexts:\n- name: ca\n  context: {cluster: shared, user: ua}\n");
    write(b, "clusters:\n- name: shared\n  cluster: {server: https://from-b}\n- name: onlyb\n  cluster: {server: https://b}\n"
             "users:\n- name: ua\n  user: {token: tb}\n"
             "contexts:\n- name: cb\n  context: {cluster: onlyb, user: ua, namespace: nb}\n"
             "current-context: cb\n");
    // Missing files in the list are skipped, as kubectl does.
    const QString list = a + QStringLiteral(":") + dir.filePath(QStringLiteral("missing.yaml")) + QStringLiteral(":") + b;
    const auto r = Kubeconfig::load({{}, list, {}});
    QVERIFY2(r, qPrintable(r.error().message));
    QCOMPARE(r->clusters[QStringLiteral("shared")].server, QStringLiteral("https://from-a"));
    QCOMPARE(r->users[QStringLiteral("ua")].token, QStringLiteral("ta"));
    QCOMPARE(r->currentContext, QStringLiteral("cb")); // first non-empty
    QCOMPARE(r->files.size(), 2);
    const auto rc = r->restConfig();
    QVERIFY2(rc, qPrintable(rc.error().message));
    QCOMPARE(rc->server, QStringLiteral("https://b"));
    QCOMPARE(rc->token, QStringLiteral("ta"));
    QCOMPARE(rc->ns, QStringLiteral("nb"));
    const auto other = r->restConfig(QStringLiteral("ca"));
    QVERIFY(other);
    QCOMPARE(other->server, QStringLiteral("https://from-a"));
    // An error in any file of the list stops the load and names that file.
    write(b, "clusters: [oops");
    const auto broken = Kubeconfig::load({{}, list, {}});
    QVERIFY(!broken);
    QVERIFY(broken.error().message.startsWith(b));
}

void TestKubeconfig::homeConfigIsTheFallback()
{
    QTemporaryDir home;
    QVERIFY(QDir(home.path()).mkpath(QStringLiteral(".kube")));
    const auto none = Kubeconfig::load({{}, {}, home.path()});
    QVERIFY(none);
    QVERIFY(none->contexts.isEmpty());
    write(home.filePath(QStringLiteral(".kube/config")),
          "clusters:\n- name: k\n  cluster: {server: https://home}\ncontexts:\n- name: c\n  context: {cluster: k}\ncurrent-context: c\n");
    const auto r = Kubeconfig::load({{}, {}, home.path()});
    QVERIFY(r);
    QCOMPARE(r->restConfig()->server, QStringLiteral("https://home"));
}

void TestKubeconfig::parseFromSecretText()
{
    const auto r = Kubeconfig::parse("clusters:\n- name: k\n  cluster: {server: https://x:443}\n"
                                     "contexts:\n- name: c\n  context: {cluster: k}\ncurrent-context: c\n",
                                     QStringLiteral("secret tenant-a/kubernetes-x-admin-kubeconfig[admin.conf]"));
    QVERIFY(r);
    QCOMPARE(r->restConfig()->server, QStringLiteral("https://x:443"));
}

QTEST_GUILESS_MAIN(TestKubeconfig)
#include "tst_kubeconfig.moc"
