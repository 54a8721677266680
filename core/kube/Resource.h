#pragma once

#include <QString>

namespace nestdeck::kube {

// A resource type as the API addresses it: group/version/resource plus scope.
struct ResourceRef {
    QString group; // "" for the core group
    QString version;
    QString resource; // plural, lower case
    bool namespaced = true;
    QString kind;

    // The collection path, across all namespaces when ns is empty.
    QString path(const QString &ns = {}) const
    {
        QString p = group.isEmpty() ? QStringLiteral("/api/") + version
                                    : QStringLiteral("/apis/") + group + QLatin1Char('/') + version;
        if (namespaced && !ns.isEmpty())
            p += QStringLiteral("/namespaces/") + ns;
        return p + QLatin1Char('/') + resource;
    }
    QString objectPath(const QString &ns, const QString &name) const { return path(ns) + QLatin1Char('/') + name; }
    QString apiVersion() const { return group.isEmpty() ? version : group + QLatin1Char('/') + version; }
    QString id() const { return group.isEmpty() ? resource : resource + QLatin1Char('.') + group; }
};

} // namespace nestdeck::kube
