#include "core/kube/Access.h"

#include <QJsonDocument>

namespace nestdeck::kube {

void checkAccess(RestClient *client, const AccessQuery &q, QObject *context, std::function<void(const AccessAnswer &)> done)
{
    QJsonObject attrs{{QStringLiteral("verb"), q.verb}, {QStringLiteral("group"), q.group}, {QStringLiteral("resource"), q.resource}};
    if (!q.ns.isEmpty())
        attrs.insert(QStringLiteral("namespace"), q.ns);
    if (!q.name.isEmpty())
        attrs.insert(QStringLiteral("name"), q.name);
    const QJsonObject review{{QStringLiteral("apiVersion"), QStringLiteral("authorization.k8s.io/v1")},
                             {QStringLiteral("kind"), QStringLiteral("SelfSubjectAccessReview")},
                             {QStringLiteral("spec"), QJsonObject{{QStringLiteral("resourceAttributes"), attrs}}}};
    client->request("POST", QStringLiteral("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"),
                    QJsonDocument(review).toJson(QJsonDocument::Compact), "application/json", context,
                    [done = std::move(done)](const ApiResponse &r) {
                        AccessAnswer a;
                        if (!r.ok()) {
                            a.error = r.error;
                            done(a);
                            return;
                        }
                        const QJsonObject st = QJsonDocument::fromJson(r.body).object().value(QLatin1String("status")).toObject();
                        a.allowed = st.value(QLatin1String("allowed")).toBool() && !st.value(QLatin1String("denied")).toBool();
                        a.reason = st.value(QLatin1String("reason")).toString();
                        if (a.reason.isEmpty())
                            a.reason = st.value(QLatin1String("evaluationError")).toString();
                        done(a);
                    });
}

void listRules(RestClient *client, const QString &ns, QObject *context,
               std::function<void(const QJsonObject &status, const ApiError &error)> done)
{
    const QJsonObject review{{QStringLiteral("apiVersion"), QStringLiteral("authorization.k8s.io/v1")},
                             {QStringLiteral("kind"), QStringLiteral("SelfSubjectRulesReview")},
                             {QStringLiteral("spec"), QJsonObject{{QStringLiteral("namespace"), ns}}}};
    client->request("POST", QStringLiteral("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"),
                    QJsonDocument(review).toJson(QJsonDocument::Compact), "application/json", context,
                    [done = std::move(done)](const ApiResponse &r) {
                        if (!r.ok()) {
                            done({}, r.error);
                            return;
                        }
                        done(QJsonDocument::fromJson(r.body).object().value(QLatin1String("status")).toObject(), {});
                    });
}

void fetchOpenApiV3(RestClient *client, const QString &group, const QString &version, QObject *context,
                    std::function<void(const QJsonObject &doc, const ApiError &error)> done)
{
    const QString path = group.isEmpty() ? QStringLiteral("/openapi/v3/api/%1").arg(version)
                                         : QStringLiteral("/openapi/v3/apis/%1/%2").arg(group, version);
    RequestExtras extras;
    extras.timeoutMs = 60000;
    client->request("GET", path, {}, {}, context, [done = std::move(done)](const ApiResponse &r) {
        if (!r.ok()) {
            done({}, r.error);
            return;
        }
        QJsonParseError perr{};
        const QJsonObject doc = QJsonDocument::fromJson(r.body, &perr).object();
        if (perr.error != QJsonParseError::NoError) {
            done({}, ApiError::transport(QStringLiteral("the OpenAPI document is not JSON: %1").arg(perr.errorString())));
            return;
        }
        done(doc, {});
    }, extras);
}

} // namespace nestdeck::kube
