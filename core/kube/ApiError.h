#pragma once

#include <QByteArray>
#include <QString>
#include <QList>

namespace nestdeck::kube {

// A failed API call, from the Status object the server sent or from the
// transport. text() is what a person reads.
struct ApiError {
    // One entry of Status.details.causes: the server names the field it refuses.
    struct Cause {
        QString field;   // e.g. "spec.nodeGroups[md0].maxReplicas"; may be empty
        QString message;
        QString reason;  // FieldValueInvalid, FieldValueRequired, ...
    };
    int code = 0;      // HTTP status; 0 = transport or client-side failure
    QString reason;    // Status.reason: NotFound, Forbidden, Expired, Conflict, Invalid, ...
    QString message;   // Status.message or the transport's description
    int retryAfterSeconds = 0;
    QList<Cause> fieldCauses; // Status.details.causes (last: aggregate initialisers omit it)

    bool isNotFound() const { return code == 404; }
    bool isForbidden() const { return code == 403; }
    bool isUnauthorized() const { return code == 401; }
    bool isConflict() const { return code == 409; }
    bool isGone() const { return code == 410 || reason == QLatin1String("Expired") || reason == QLatin1String("Gone"); }
    bool isTooManyRequests() const { return code == 429; }
    bool isTransport() const { return code == 0; }
    QString text() const;

    // Parses a Status body; falls back to the HTTP status and body text.
    static ApiError fromResponse(int status, const QByteArray &body, const QByteArray &retryAfter = {});
    static ApiError transport(const QString &message) { return ApiError{0, QStringLiteral("Transport"), message, 0, {}}; }
};

} // namespace nestdeck::kube
