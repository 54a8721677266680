#include "cli/Diagnose.h"

#include "cli/AppCommands.h"
#include "core/kube/RestClient.h"
#include "core/platform/PlatformSession.h"
#include "core/platform/Problems.h"
#include "core/platform/SupportBundle.h"
#include "core/platform/TreeLoader.h"

#include <QCoreApplication>
#include <QTimer>

#include <optional>

#include <memory>

namespace nestdeck::cli {

using namespace nestdeck::platform;

namespace {
constexpr int SyncTimeoutMs = 120000;
constexpr int Parallel = 4; // trees loaded at once with -A

void printTree(const ClusterTree &tree)
{
    cliOut() << diagnosisText(tree) << '\n' << treeText(tree, true);
    cliOut().flush();
}

void diagnoseOne(kube::RestClient *client, const DiagnoseOptions &o)
{
    auto *ctx = new QObject(client);
    loadTree(client, o.ns, o.name, ctx, [o, ctx](const TreeInput &in, const QString &error) {
        ctx->deleteLater();
        const ClusterTree tree = buildTree(in, o.tree);
        if (!error.isEmpty())
            cliErr() << "warning: part of the tree could not be read: " << error << Qt::endl;
        if (tree.empty()) {
            cliErr() << "error: no cluster " << o.ns << '/' << o.name << " and nothing left of one" << Qt::endl;
            QCoreApplication::exit(error.isEmpty() ? 1 : 2);
            return;
        }
        printTree(tree);
        if (!o.bundle.isEmpty()) {
            if (const QString e = writeSupportBundle(tree, in.events, o.bundle); !e.isEmpty()) {
                cliErr() << "error: " << e << Qt::endl;
                QCoreApplication::exit(2);
                return;
            }
            cliErr() << "support bundle written to " << o.bundle << " (" << tree.nodes.size() << " objects, no Secret data)" << Qt::endl;
        }
        QCoreApplication::exit(tree.diagnosis.cause == Cause::None ? 0 : 1);
    });
}

// Full trees (VMs, volumes, events) of each chosen cluster, a few at a time,
// printed in order; exits 1 when the last is printed.
void printTrees(kube::RestClient *client, const DiagnoseOptions &o, const QList<Problem> &chosen)
{
    struct Run {
        QList<Problem> todo;
        QList<std::optional<ClusterTree>> done;
        int next = 0, printed = 0, inFlight = 0;
    };
    auto run = std::make_shared<Run>();
    run->todo = chosen;
    run->done.resize(chosen.size());
    auto pump = std::make_shared<std::function<void()>>();
    *pump = [run, client, o, pump] {
        while (run->printed < run->todo.size() && run->done[run->printed]) {
            printTree(*run->done[run->printed]);
            cliOut() << '\n';
            ++run->printed;
        }
        if (run->printed == run->todo.size()) {
            QCoreApplication::exit(1);
            return;
        }
        while (run->inFlight < Parallel && run->next < run->todo.size()) {
            const int i = run->next++;
            ++run->inFlight;
            const Problem p = run->todo[i];
            loadTree(client, p.ns, p.name, client, [run, i, o, pump](const TreeInput &in, const QString &error) {
                if (!error.isEmpty())
                    cliErr() << "warning: " << in.ns << '/' << in.name << ": " << error << Qt::endl;
                run->done[i] = buildTree(in, o.tree);
                --run->inFlight;
                (*pump)();
            });
        }
    };
    (*pump)();
}

void diagnoseAll(kube::RestClient *client, const DiagnoseOptions &o)
{
    whenSynced(client, [client, o](PlatformSession *session) {
        const QList<Problem> problems = findProblems(*session, o.tree);
        qsizetype total = 0;
        session->kuberneteses()->forEach([&total, &o](const kube::KubeObject &k) { total += o.ns.isEmpty() || k.ns == o.ns ? 1 : 0; });
        QList<Problem> chosen;
        for (const Problem &p : problems)
            if (o.ns.isEmpty() || p.ns == o.ns)
                chosen << p;
        // Clusters already gone whose volumes stayed: not in any cache, listed once.
        findOrphanedVolumes(client, leftoverScope(*session),
                            [session](const QString &key) { return session->kuberneteses()->get(key) != nullptr; }, session,
                            [client, o, chosen, total](const QMap<QString, QList<Leftover>> &orphans, const QString &error) mutable {
            if (!error.isEmpty())
                cliErr() << "warning: leftover volumes could not all be listed: " << error << Qt::endl;
            int gone = 0;
            for (auto it = orphans.cbegin(); it != orphans.cend(); ++it)
                if (o.ns.isEmpty() || it.key().section(QLatin1Char('/'), 0, 0) == o.ns) {
                    chosen << leftoverProblem(it.key(), it.value());
                    ++gone;
                }
            if (chosen.isEmpty()) {
                cliOut() << "All " << total << " clusters are Ready." << Qt::endl;
                QCoreApplication::exit(0);
                return;
            }
            cliOut() << (chosen.size() - gone) << " of " << total << " clusters are not Ready";
            if (gone > 0)
                cliOut() << "; " << gone << (gone == 1 ? " deleted cluster left" : " deleted clusters left") << " volumes behind";
            cliOut() << ".\n\n";
            printTrees(client, o, chosen);
        });
    });
}
} // namespace

void whenSynced(kube::RestClient *client, std::function<void(PlatformSession *session)> fn)
{
    auto *session = new PlatformSession(client->config(), Transport::shared(), client);
    auto *timeout = new QTimer(session);
    timeout->setSingleShot(true);
    auto started = std::make_shared<bool>(false);
    QObject::connect(session, &PlatformSession::allSyncedChanged, session, [session, started, timeout, fn] {
        if (*started || !session->allSynced())
            return;
        *started = true;
        timeout->stop();
        fn(session);
    });
    QObject::connect(timeout, &QTimer::timeout, session, [session] {
        cliErr() << "error: the platform's objects did not list within " << SyncTimeoutMs / 1000 << " s"
                 << (session->stateReason().isEmpty() ? QString() : QStringLiteral(": ") + session->stateReason()) << Qt::endl;
        QCoreApplication::exit(2);
    });
    timeout->start(SyncTimeoutMs);
    session->start();
}

void diagnose(kube::RestClient *client, const DiagnoseOptions &o)
{
    if (o.all)
        diagnoseAll(client, o);
    else
        diagnoseOne(client, o);
}

} // namespace nestdeck::cli
