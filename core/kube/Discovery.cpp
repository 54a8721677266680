#include "core/kube/Discovery.h"

#include "core/kube/RestClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <memory>

namespace nestdeck::kube {

namespace {
const QByteArray AggregatedAccept =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const auto &x : v.toArray())
        out << x.toString();
    return out;
}

bool parseInto(const QByteArray &body, QList<ApiResourceInfo> *out, QString *error)
{
    QJsonParseError perr{};
    const QJsonObject root = QJsonDocument::fromJson(body, &perr).object();
    if (perr.error != QJsonParseError::NoError) {
        *error = QStringLiteral("discovery answer is not JSON: %1").arg(perr.errorString());
        return false;
    }
    if (root.value(QLatin1String("kind")).toString() != QLatin1String("APIGroupDiscoveryList")) {
        *error = QStringLiteral("the server does not offer aggregated discovery (apidiscovery.k8s.io/v2, Kubernetes 1.30+)");
        return false;
    }
    for (const auto &g : root.value(QLatin1String("items")).toArray()) {
        const QJsonObject group = g.toObject();
        const QString groupName = group.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
        bool first = true;
        for (const auto &v : group.value(QLatin1String("versions")).toArray()) {
            const QJsonObject version = v.toObject();
            for (const auto &r : version.value(QLatin1String("resources")).toArray()) {
                const QJsonObject res = r.toObject();
                ApiResourceInfo info;
                info.ref.group = groupName;
                info.ref.version = version.value(QLatin1String("version")).toString();
                info.ref.resource = res.value(QLatin1String("resource")).toString();
                info.ref.namespaced = res.value(QLatin1String("scope")).toString() == QLatin1String("Namespaced");
                info.ref.kind = res.value(QLatin1String("responseKind")).toObject().value(QLatin1String("kind")).toString();
                info.singular = res.value(QLatin1String("singularResource")).toString();
                info.shortNames = strings(res.value(QLatin1String("shortNames")));
                info.verbs = strings(res.value(QLatin1String("verbs")));
                info.categories = strings(res.value(QLatin1String("categories")));
                info.preferred = first;
                out->append(info);
            }
            first = false; // versions are listed preferred first
        }
    }
    return true;
}
} // namespace

QList<ApiResourceInfo> Discovery::parse(const QByteArray &coreBody, const QByteArray &groupsBody, QString *error)
{
    QList<ApiResourceInfo> out;
    if (!parseInto(coreBody, &out, error) || !parseInto(groupsBody, &out, error))
        return {};
    return out;
}

void Discovery::fetch(RestClient *client, QObject *context,
                      std::function<void(const Expected<QList<ApiResourceInfo>> &)> done)
{
    // Two requests in parallel; the answer is assembled when both are in.
    struct Pending {
        ApiResponse core, groups;
        int left = 2;
    };
    auto state = std::make_shared<Pending>();
    auto finish = [state, done] {
        if (--state->left > 0)
            return;
        for (const ApiResponse *r : {&state->core, &state->groups})
            if (!r->ok()) {
                done(makeError(QStringLiteral("discovery failed: %1").arg(r->error.text())));
                return;
            }
        QString error;
        QList<ApiResourceInfo> all = parse(state->core.body, state->groups.body, &error);
        if (!error.isEmpty())
            done(makeError(error));
        else
            done(all);
    };
    RequestExtras extras;
    extras.accept = AggregatedAccept;
    client->request("GET", QStringLiteral("/api"), {}, {}, context, [state, finish](const ApiResponse &r) {
        state->core = r;
        finish();
    }, extras);
    client->request("GET", QStringLiteral("/apis"), {}, {}, context, [state, finish](const ApiResponse &r) {
        state->groups = r;
        finish();
    }, extras);
}

std::optional<ResourceRef> Discovery::resolve(const QList<ApiResourceInfo> &all, const QString &nameIn)
{
    const QString name = nameIn.toLower();
    QString base = name, group;
    if (const int dot = int(name.indexOf(QLatin1Char('.'))); dot > 0) {
        base = name.left(dot);
        group = name.mid(dot + 1);
    }
    auto matches = [&](const ApiResourceInfo &r, const QString &b) {
        return r.ref.resource == b || r.singular == b || r.shortNames.contains(b) || r.ref.kind.toLower() == b;
    };
    // Qualified: "kuberneteses.apps.cozystack.io" or "kuberneteses.v1alpha1.apps.cozystack.io".
    if (!group.isEmpty()) {
        for (const auto &r : all) {
            if (!matches(r, base) || r.ref.resource.contains(QLatin1Char('/')))
                continue;
            if (r.ref.group == group && r.preferred)
                return r.ref;
            if (r.ref.version + QLatin1Char('.') + r.ref.group == group)
                return r.ref;
        }
    }
    // Unqualified: the core group first, then the others, preferred versions only.
    for (int pass = 0; pass < 2; ++pass)
        for (const auto &r : all)
            if (r.preferred && !r.ref.resource.contains(QLatin1Char('/')) && (pass == 0) == r.ref.group.isEmpty() &&
                matches(r, name))
                return r.ref;
    return std::nullopt;
}

} // namespace nestdeck::kube
