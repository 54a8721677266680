#include "core/AppInfo.h"
#include "core/kube/Decoder.h"

#include <QRegularExpression>
#include <QTest>

class TestAppInfo : public QObject {
    Q_OBJECT
private slots:
    void appIdIsReverseDns()
    {
        // The same id names the .desktop file, the metainfo and the icon.
        QCOMPARE(nestdeck::AppInfo::appId(), QStringLiteral("io.nestdeck.Nestdeck"));
    }
    void versionIsSemver()
    {
        QVERIFY(QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+$"))
                    .match(nestdeck::AppInfo::version())
                    .hasMatch());
    }
    void curlHasHttp2()
    {
        // Many watches share one connection only with HTTP/2; a libcurl built
        // without nghttp2 would silently fall back to one socket per watch.
        const QString versions = nestdeck::AppInfo::libraryVersions();
        QVERIFY2(versions.contains(QStringLiteral("(HTTP/2)")), qPrintable(versions));
        QVERIFY2(versions.startsWith(QStringLiteral("Qt 6.")), qPrintable(versions));
    }
    void decoderIsVectorised()
    {
#if defined(__x86_64__)
        // A scalar simdjson kernel would make the cache decode several times slower.
        QVERIFY2(nestdeck::kube::decoderKernel() != "fallback", nestdeck::kube::decoderKernel().c_str());
#endif
    }
};

QTEST_GUILESS_MAIN(TestAppInfo)
#include "tst_appinfo.moc"
