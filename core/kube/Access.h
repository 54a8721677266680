#pragma once

#include "core/kube/RestClient.h"

#include <QJsonObject>

namespace nestdeck::kube {

// What the user may do, asked of the server (the UI hides or disables what is
// not allowed, with the reason, instead of letting a click fail).
struct AccessQuery {
    QString verb;     // get, list, create, patch, delete, ...
    QString group;    // "" for core
    QString resource; // plural
    QString ns;       // "" for cluster-wide
    QString name;     // optional
};

struct AccessAnswer {
    bool allowed = false;
    QString reason; // the authorizer's words when it gives them
    ApiError error; // the review itself failed
};

// SelfSubjectAccessReview (authorization.k8s.io/v1).
void checkAccess(RestClient *client, const AccessQuery &q, QObject *context, std::function<void(const AccessAnswer &)> done);

// SelfSubjectRulesReview: every rule the user has in one namespace (rules[]
// as the server sent them, resourceRules and nonResourceRules).
void listRules(RestClient *client, const QString &ns, QObject *context,
               std::function<void(const QJsonObject &status, const ApiError &error)> done);

// The OpenAPI v3 document of one group-version (e.g. apps.cozystack.io/v1alpha1),
// where the platform also publishes its form schemas.
void fetchOpenApiV3(RestClient *client, const QString &group, const QString &version, QObject *context,
                    std::function<void(const QJsonObject &doc, const ApiError &error)> done);

} // namespace nestdeck::kube
