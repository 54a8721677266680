#include "core/kube/ApiError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace nestdeck::kube {

namespace {
QString statusWord(int code)
{
    switch (code) {
    case 400: return QStringLiteral("Bad request");
    case 401: return QStringLiteral("Not authenticated (the credentials were rejected or have expired)");
    case 403: return QStringLiteral("Forbidden");
    case 404: return QStringLiteral("Not found");
    case 405: return QStringLiteral("Method not allowed");
    case 409: return QStringLiteral("Conflict");
    case 410: return QStringLiteral("Gone");
    case 413: return QStringLiteral("Request too large");
    case 415: return QStringLiteral("Unsupported media type");
    case 422: return QStringLiteral("Invalid");
    case 429: return QStringLiteral("Too many requests");
    case 500: return QStringLiteral("Internal server error");
    case 502: return QStringLiteral("Bad gateway");
    case 503: return QStringLiteral("Service unavailable");
    case 504: return QStringLiteral("Gateway timeout");
    default: return QStringLiteral("HTTP %1").arg(code);
    }
}
} // namespace

QString ApiError::text() const
{
    if (code == 0)
        return message;
    QString t = message.isEmpty() ? statusWord(code) : message;
    if (code == 401 && !t.contains(QLatin1String("expired")))
        t = statusWord(401) + (message.isEmpty() ? QString() : QStringLiteral(": ") + message);
    QStringList causes; // "field: message"
    for (const Cause &c : fieldCauses)
        causes << (c.field.isEmpty() ? c.message : c.field + QStringLiteral(": ") + c.message);
    if (!causes.isEmpty() && !t.contains(causes.first()))
        t += QStringLiteral(" (") + causes.join(QStringLiteral("; ")) + QLatin1Char(')');
    return t;
}

ApiError ApiError::fromResponse(int status, const QByteArray &body, const QByteArray &retryAfter)
{
    ApiError e;
    e.code = status;
    e.retryAfterSeconds = retryAfter.trimmed().toInt();
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    if (o.value(QLatin1String("kind")).toString() == QLatin1String("Status")) {
        e.reason = o.value(QLatin1String("reason")).toString();
        e.message = o.value(QLatin1String("message")).toString();
        const int c = o.value(QLatin1String("code")).toInt();
        if (c > 0)
            e.code = c;
        const QJsonObject details = o.value(QLatin1String("details")).toObject();
        for (const auto &v : details.value(QLatin1String("causes")).toArray()) {
            const QJsonObject cause = v.toObject();
            const QString field = cause.value(QLatin1String("field")).toString();
            const QString msg = cause.value(QLatin1String("message")).toString();
            e.fieldCauses << Cause{field, msg, cause.value(QLatin1String("reason")).toString()};
        }
        if (e.retryAfterSeconds == 0)
            e.retryAfterSeconds = details.value(QLatin1String("retryAfterSeconds")).toInt();
    } else {
        // Not a Status (a proxy's HTML page, say): keep a short, printable excerpt.
        QString text = QString::fromUtf8(body.left(300)).simplified();
        e.message = text.isEmpty() ? statusWord(status) : statusWord(status) + QStringLiteral(": ") + text;
    }
    return e;
}

} // namespace nestdeck::kube
