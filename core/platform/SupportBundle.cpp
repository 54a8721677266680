#include "core/platform/SupportBundle.h"

#include "core/platform/Tr.h"
#include "core/platform/Yaml.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace nestdeck::platform {

namespace {
QString tr(const char *s) { return translate("nestdeck::platform", s); }

} // namespace

QJsonObject scrubbed(const QString &kind, QJsonObject o)
{
    QJsonObject meta = o.value(QLatin1String("metadata")).toObject();
    meta.remove(QStringLiteral("managedFields"));
    if (kind == QLatin1String("Secret")) {
        o.remove(QStringLiteral("data"));
        o.remove(QStringLiteral("stringData"));
        QJsonObject ann = meta.value(QLatin1String("annotations")).toObject();
        ann.remove(QStringLiteral("kubectl.kubernetes.io/last-applied-configuration"));
        if (meta.contains(QLatin1String("annotations")))
            meta.insert(QStringLiteral("annotations"), ann);
    }
    o.insert(QStringLiteral("metadata"), meta);
    return o;
}

namespace {

QString safe(QString s)
{
    for (QChar &c : s)
        if (!(c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('.') || c == QLatin1Char('_')))
            c = QLatin1Char('_');
    return s;
}

// One ustar entry: header, content, padding to 512 bytes.
void tarEntry(QByteArray &out, const QString &path, const QByteArray &content, qint64 mtime)
{
    char h[512];
    std::memset(h, 0, sizeof h);
    QByteArray name = path.toUtf8(), prefix;
    if (name.size() > 99) { // ustar: a directory prefix (155) and a name (100)
        bool split = false;
        for (qsizetype p = name.indexOf('/'); p > 0 && p <= 154; p = name.indexOf('/', p + 1))
            if (name.size() - p - 1 <= 99) {
                prefix = name.left(p);
                name = name.mid(p + 1);
                split = true;
                break;
            }
        if (!split)
            name = name.right(99);
    }
    std::memcpy(h, name.constData(), size_t(std::min<qsizetype>(name.size(), 99)));
    std::snprintf(h + 100, 8, "%07o", 0600);
    std::snprintf(h + 108, 8, "%07o", 0);
    std::snprintf(h + 116, 8, "%07o", 0);
    std::snprintf(h + 124, 12, "%011llo", static_cast<unsigned long long>(content.size()));
    std::snprintf(h + 136, 12, "%011llo", static_cast<unsigned long long>(mtime));
    h[156] = '0';
    std::memcpy(h + 257, "ustar", 6);
    std::memcpy(h + 263, "00", 2);
    std::memcpy(h + 265, "nestdeck", 8);
    std::memcpy(h + 297, "nestdeck", 8);
    std::memcpy(h + 345, prefix.constData(), size_t(std::min<qsizetype>(prefix.size(), 154)));
    std::memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : h)
        sum += c;
    std::snprintf(h + 148, 8, "%06o", sum);
    h[155] = ' ';
    out.append(h, 512);
    out.append(content);
    out.append(QByteArray((512 - content.size() % 512) % 512, '\0'));
}

bool gzip(const QByteArray &in, QByteArray *out)
{
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    out->resize(qsizetype(deflateBound(&z, uLong(in.size()))) + 64);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
    z.avail_in = uInt(in.size());
    z.next_out = reinterpret_cast<Bytef *>(out->data());
    z.avail_out = uInt(out->size());
    const int rc = deflate(&z, Z_FINISH);
    out->resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return rc == Z_STREAM_END;
}

} // namespace

QList<QPair<QString, QByteArray>> supportBundleFiles(const ClusterTree &tree, const QList<QJsonObject> &events)
{
    const QString dir = safe(tree.ns) + QLatin1Char('_') + safe(tree.name) + QLatin1Char('/');
    QList<QPair<QString, QByteArray>> files;
    files.append({dir + QStringLiteral("diagnosis.txt"),
                  (diagnosisText(tree) + QLatin1Char('\n') + treeText(tree, true)).toUtf8()});
    int i = 0;
    for (const TreeNode &n : tree.nodes) {
        ++i;
        if (n.placeholder)
            continue;
        const QJsonObject o = scrubbed(n.kind, QJsonDocument::fromJson(n.json).object());
        files.append({dir + QStringLiteral("objects/%1-%2-%3.yaml").arg(i, 2, 10, QLatin1Char('0')).arg(safe(n.kind), safe(n.name)),
                      jsonToYaml(o).toUtf8()});
    }
    QList<QJsonObject> mine;
    for (const QJsonObject &e : events)
        if (std::any_of(tree.nodes.begin(), tree.nodes.end(),
                        [&](const TreeNode &n) { return !n.placeholder && eventIsAbout(e, n.uid, n.kind, n.name); }))
            mine << scrubbed(QStringLiteral("Event"), e);
    std::stable_sort(mine.begin(), mine.end(), [](const QJsonObject &a, const QJsonObject &b) { return eventTime(a) < eventTime(b); });
    QJsonArray list;
    for (const QJsonObject &e : std::as_const(mine))
        list.append(e);
    files.append({dir + QStringLiteral("events.yaml"), jsonToYaml(QJsonValue(list)).toUtf8()});
    return files;
}

QString writeSupportBundle(const ClusterTree &tree, const QList<QJsonObject> &events, const QString &path)
{
    if (tree.empty())
        return tr("nothing to write: the cluster's tree is empty");
    QByteArray tar;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    for (const auto &[name, content] : supportBundleFiles(tree, events))
        tarEntry(tar, name, content, now);
    tar.append(QByteArray(1024, '\0')); // end of archive
    QByteArray gz;
    if (!gzip(tar, &gz))
        return tr("could not compress the bundle");
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return tr("cannot write %1: %2").arg(path, f.errorString());
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(gz);
    if (!f.commit())
        return tr("cannot write %1: %2").arg(path, f.errorString());
    return {};
}

} // namespace nestdeck::platform
