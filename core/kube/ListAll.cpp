#include "core/kube/ListAll.h"

#include "core/kube/ListerWatcher.h"
#include "core/kube/RestClient.h"

#include <QPointer>

#include <memory>

namespace nestdeck::kube {

bool kindMatches(const ResourceRef &resource, const QByteArray &kind, bool isList)
{
    if (kind.isEmpty() || resource.kind.isEmpty())
        return true;
    const QByteArray want = resource.kind.toUtf8() + (isList ? "List" : "");
    if (kind == want)
        return true;
    return isList ? (kind == "List" || kind == "PartialObjectMetadataList" || kind == "Table")
                  : (kind == "PartialObjectMetadata");
}

namespace {

struct ListRun {
    ListerWatcher *lw;
    ResourceRef resource;
    QString ns;
    ListOptions options;
    QPointer<QObject> context;
    std::function<void(const ListResult &)> done;
    ListResult result;
    QByteArray lastToken;

    void fail(const ApiError &e)
    {
        result.ok = false;
        result.error = e;
        result.items.clear();
        done(result);
    }

    static void page(const std::shared_ptr<ListRun> &run, const QString &continueToken)
    {
        ListPageOptions o;
        o.limit = run->options.pageSize;
        o.continueToken = continueToken;
        o.labelSelector = run->options.labelSelector;
        o.fieldSelector = run->options.fieldSelector;
        o.timeoutMs = run->options.timeoutMs;
        ++run->result.pages;
        const qsizetype maxItem = run->lw->limits().maxObjectBytes;
        // The decode error travels back in the response, as a Status-less error.
        auto decodeError = std::make_shared<QString>();
        auto process = [maxItem, decodeError, trim = run->options.trim](HttpResponse &resp) {
            // On the I/O thread: decode the page (simdjson) before it reaches us.
            if (resp.status < 200 || resp.status >= 300)
                return;
            auto page = std::make_shared<ListPage>();
            if (decodeList(std::string_view(resp.body.constData(), size_t(resp.body.size())), page.get(), decodeError.get(), maxItem, trim.get())) {
                resp.decoded = page;
                resp.body.clear();
            }
        };
        run->lw->listPage(run->resource, run->ns, o, run->context.data(), [run, decodeError](const ApiResponse &r) {
            if (!r.ok()) {
                run->fail(r.error);
                return;
            }
            auto p = std::static_pointer_cast<ListPage>(r.decoded);
            const QString what = run->resource.id();
            if (!p) {
                run->fail(ApiError::transport(QStringLiteral("the server's list of %1 cannot be read: %2")
                                                  .arg(what, decodeError->isEmpty() ? QStringLiteral("not a list") : *decodeError)));
                return;
            }
            if (!kindMatches(run->resource, p->kind, true)) {
                run->fail(ApiError::transport(QStringLiteral("the server answered the list of %1 with a %2")
                                                  .arg(what, QString::fromUtf8(p->kind.left(100)))));
                return;
            }
            if (!p->continueToken.isEmpty() && p->continueToken == run->lastToken) {
                run->fail(ApiError::transport(QStringLiteral("the server's list of %1 does not end: page %2 names the same "
                                                             "next page as the one before")
                                                  .arg(what)
                                                  .arg(run->result.pages)));
                return;
            }
            run->result.items += p->items;
            if (!p->continueToken.isEmpty()) {
                run->lastToken = p->continueToken;
                page(run, QString::fromUtf8(p->continueToken));
                return;
            }
            run->result.ok = true;
            run->result.resourceVersion = p->resourceVersion;
            run->done(run->result);
        }, std::move(process));
    }
};

} // namespace

void listAll(ListerWatcher *lw, const ResourceRef &resource, const QString &ns, const ListOptions &options,
             QObject *context, std::function<void(const ListResult &)> done)
{
    auto run = std::make_shared<ListRun>(ListRun{lw, resource, ns, options, context, std::move(done), {}, {}});
    ListRun::page(run, {});
}

void listAll(RestClient *client, const ResourceRef &resource, const QString &ns, const ListOptions &options,
             QObject *context, std::function<void(const ListResult &)> done)
{
    listAll(client->listerWatcher(), resource, ns, options, context, std::move(done));
}

} // namespace nestdeck::kube
