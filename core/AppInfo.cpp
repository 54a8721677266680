#include "core/AppInfo.h"
#include "core/kube/Decoder.h"

#include <QStringList>
#include <curl/curl.h>
#include <simdjson.h>

namespace nestdeck {

QString AppInfo::version() { return QStringLiteral(NESTDECK_VERSION); }

QString AppInfo::appId() { return QStringLiteral(NESTDECK_APP_ID); }

QString AppInfo::libraryVersions()
{
    QStringList parts;
    parts << QStringLiteral("Qt %1").arg(QString::fromLatin1(qVersion()));
    const curl_version_info_data *curl = curl_version_info(CURLVERSION_NOW);
    QString curlText = QStringLiteral("libcurl %1").arg(QString::fromLatin1(curl->version));
    if ((curl->features & CURL_VERSION_HTTP2) != 0)
        curlText += QStringLiteral(" (HTTP/2)");
    parts << curlText;
    parts << QStringLiteral("simdjson %1").arg(QStringLiteral(SIMDJSON_VERSION));
    parts << QStringLiteral("JSON kernel %1").arg(QString::fromStdString(nestdeck::kube::decoderKernel()));
    return parts.join(QStringLiteral(", "));
}

} // namespace nestdeck
