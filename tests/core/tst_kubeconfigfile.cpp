#include "core/kube/Kubeconfig.h"
#include "core/kube/KubeconfigFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace nestdeck::kube;

namespace {
const QByteArray secretConf = "apiVersion: v1\nkind: Config\nclusters:\n- name: kubernetes-prod\n  cluster:\n    server: https://127.0.0.1:6443\n"
                              "users:\n- name: kubernetes-admin\n  user:\n    token: abc\ncontexts:\n- name: kubernetes-admin@kubernetes-prod\n"
                              "  context:\n    cluster: kubernetes-prod\n    user: kubernetes-admin\ncurrent-context: kubernetes-admin@kubernetes-prod\n";
QByteArray read(const QString &p)
{
    QFile f(p);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
void write(const QString &p, const QByteArray &d)
{
    QFile f(p);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(d);
}
} // namespace

class TestKubeconfigFile : public QObject {
    Q_OBJECT
private slots:
    void privateAtomicWrite()
    {
        QTemporaryDir dir;
        const QString p = dir.filePath(QStringLiteral("sub/admin.conf"));
        QVERIFY(writePrivateFile(p, "secret"));
        QCOMPARE(read(p), QByteArray("secret"));
        const auto perms = QFile::permissions(p);
        QVERIFY(!(perms & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther)));
        QCOMPARE(QDir(dir.filePath(QStringLiteral("sub"))).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temp file left
    }

    void mergeKeepsEverythingElse()
    {
        QTemporaryDir dir;
        const QString p = dir.filePath(QStringLiteral("config"));
        const QByteArray original = "# my clusters, hand-written\napiVersion: v1\nkind: Config\nclusters:\n  - name: home   # the lab\n    cluster:\n      server: https://home:6443\n"
                                    "contexts:\n  - name: home\n    context:\n      cluster: home\n      user: me\n"
                                    "current-context: home\nusers:\n  - name: me\n    user:\n      token: t\npreferences: {}\n";
        write(p, original);
        auto r = mergeKubeconfig(p, secretConf, QStringLiteral("alpha-prod"));
        QVERIFY2(r, r ? "" : qPrintable(r.error().message));
        QCOMPARE(r->contextName, QStringLiteral("alpha-prod"));
        QCOMPARE(read(r->backupPath), original);
        const QByteArray merged = read(p);
        // Every original line is still there, in order.
        qsizetype at = 0;
        for (const QByteArray &line : original.split('\n')) {
            at = merged.indexOf(line, at);
            QVERIFY2(at >= 0, line.constData());
        }
        auto cfg = Kubeconfig::loadFile(p);
        QVERIFY(cfg);
        QCOMPARE(cfg->currentContext, QStringLiteral("home"));
        QCOMPARE(cfg->restConfig(QStringLiteral("alpha-prod"))->server, QStringLiteral("https://127.0.0.1:6443"));
        QCOMPARE(cfg->restConfig(QStringLiteral("home"))->token, QStringLiteral("t"));
        // Again, the same cluster and user: nothing written, the same context named.
        const QByteArray once = read(p);
        auto again = mergeKubeconfig(p, secretConf, QStringLiteral("alpha-prod"));
        QVERIFY(again);
        QVERIFY(again->unchanged);
        QCOMPARE(again->contextName, QStringLiteral("alpha-prod"));
        QCOMPARE(read(p), once);
        QVERIFY(!Kubeconfig::loadFile(p)->contexts.contains(QStringLiteral("alpha-prod-2")));
        // A new token for the same cluster (a rotated credential): the user is updated in place.
        QByteArray rotated = secretConf;
        rotated.replace("token: abc", "token: def");
        auto updated = mergeKubeconfig(p, rotated, QStringLiteral("alpha-prod"));
        QVERIFY2(updated, updated ? "" : qPrintable(updated.error().message));
        QVERIFY(updated->updated);
        QCOMPARE(read(updated->backupPath), once);
        cfg = Kubeconfig::loadFile(p);
        QCOMPARE(cfg->contexts.size(), 2);
        QCOMPARE(cfg->restConfig(QStringLiteral("alpha-prod"))->token, QStringLiteral("def"));
        QCOMPARE(cfg->restConfig(QStringLiteral("home"))->token, QStringLiteral("t"));
        // Every line of the hand-written file is still there.
        at = 0;
        for (const QByteArray &line : original.split('\n')) {
            at = read(p).indexOf(line, at);
            QVERIFY2(at >= 0, line.constData());
        }
        // Another cluster of the same name (another server): a second context.
        QByteArray elsewhere = secretConf;
        elsewhere.replace("127.0.0.1:6443", "127.0.0.2:6443");
        auto other = mergeKubeconfig(p, elsewhere, QStringLiteral("alpha-prod"));
        QVERIFY(other && !other->unchanged && !other->updated);
        QCOMPARE(other->contextName, QStringLiteral("alpha-prod-2"));
    }

    void mergeIntoNewFile()
    {
        QTemporaryDir dir;
        const QString p = dir.filePath(QStringLiteral(".kube/config"));
        auto r = mergeKubeconfig(p, secretConf, QStringLiteral("x"));
        QVERIFY(r);
        QVERIFY(r->backupPath.isEmpty());
        QCOMPARE(Kubeconfig::loadFile(p)->currentContext, QStringLiteral("x"));
    }

    void refusesWhatItCannotEditSafely()
    {
        QTemporaryDir dir;
        const QString p = dir.filePath(QStringLiteral("config"));
        const QByteArray flow = "clusters: [{name: a, cluster: {server: https://a}}]\ncontexts: []\nusers: []\n";
        write(p, flow);
        auto r = mergeKubeconfig(p, secretConf, QStringLiteral("x"));
        QVERIFY(!r);
        QVERIFY(r.error().message.contains(QLatin1String("flow style")));
        QCOMPARE(read(p), flow); // untouched
        write(p, "clusters: [oops");
        QVERIFY(!mergeKubeconfig(p, secretConf, QStringLiteral("x")));
        QCOMPARE(read(p), QByteArray("clusters: [oops"));
        QVERIFY(!mergeKubeconfig(dir.filePath(QStringLiteral("other")), "not: a kubeconfig", QStringLiteral("x")));
    }
};

QTEST_GUILESS_MAIN(TestKubeconfigFile)
#include "tst_kubeconfigfile.moc"
