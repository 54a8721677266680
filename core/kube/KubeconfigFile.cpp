#include "core/kube/KubeconfigFile.h"

#include "core/kube/Kubeconfig.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

#include <yaml-cpp/yaml.h>

namespace nestdeck::kube {

Expected<bool> writePrivateFile(const QString &path, const QByteArray &data)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return makeError(QStringLiteral("cannot create the folder %1").arg(info.absolutePath()));
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return makeError(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    // Owner-only before the first byte is written.
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (f.write(data) != data.size() || !f.commit())
        return makeError(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    return true;
}

namespace {

QString uniqueName(const QString &base, const QStringList &taken)
{
    QString name = base;
    for (int i = 2; taken.contains(name); ++i)
        name = QStringLiteral("%1-%2").arg(base).arg(i);
    return name;
}

QString emitItem(const QString &name, const char *key, const YAML::Node &body, int indent)
{
    YAML::Emitter e;
    e.SetIndent(2);
    e << YAML::BeginSeq << YAML::BeginMap << YAML::Key << "name" << YAML::Value << name.toStdString() << YAML::Key << key
      << YAML::Value << body << YAML::EndMap << YAML::EndSeq;
    const QString pad(indent, QLatin1Char(' '));
    QString out;
    for (const QString &line : QString::fromStdString(e.c_str()).split(QLatin1Char('\n')))
        if (!line.isEmpty())
            out += pad + line + QLatin1Char('\n');
    return out;
}

// Inserts block-sequence items into the top-level `section` of a YAML text.
Expected<QString> insertItems(QString text, const QString &section, const QString &items0)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    const QRegularExpression header(QStringLiteral("^%1:\\s*(\\[\\s*\\]|null|~)?\\s*(#.*)?$").arg(section));
    const QRegularExpression flow(QStringLiteral("^%1:\\s*\\[").arg(section));
    int at = -1;
    for (int i = 0; i < lines.size(); ++i) {
        if (header.match(lines[i]).hasMatch()) {
            at = i;
            break;
        }
        if (flow.match(lines[i]).hasMatch())
            return makeError(QStringLiteral("its %1 are written in YAML flow style ([...]), which Nestdeck does not rewrite; "
                                            "save the kubeconfig to a file instead").arg(section));
    }
    auto indentOf = [](const QString &items, int indent) {
        QString out;
        for (const QString &l : items.split(QLatin1Char('\n')))
            if (!l.isEmpty())
                out += QString(indent, QLatin1Char(' ')) + l + QLatin1Char('\n');
        return out;
    };
    if (at < 0) {
        if (!text.isEmpty() && !text.endsWith(QLatin1Char('\n')))
            text += QLatin1Char('\n');
        return text + section + QStringLiteral(":\n") + items0;
    }
    // The block runs until the next top-level key.
    int end = at + 1;
    int indent = -1;
    while (end < lines.size()) {
        const QString &l = lines[end];
        if (!l.isEmpty() && !l[0].isSpace() && !l.startsWith(QLatin1Char('-')) && !l.startsWith(QLatin1Char('#')))
            break;
        if (indent < 0 && l.trimmed().startsWith(QLatin1Char('-')))
            indent = int(l.indexOf(QLatin1Char('-')));
        ++end;
    }
    // Do not separate the block from trailing blank lines or comments that belong to the next key.
    while (end > at + 1 && lines[end - 1].trimmed().isEmpty())
        --end;
    lines[at] = section + QLatin1Char(':');
    const QString items = indentOf(items0, std::max(indent, 0));
    QStringList newLines = items.split(QLatin1Char('\n'));
    newLines.removeLast(); // the text ended in '\n'
    for (int i = 0; i < newLines.size(); ++i)
        lines.insert(end + i, newLines[i]);
    return lines.join(QLatin1Char('\n'));
}

// The lines [first, end) of the item named `name` in the top-level block
// `section`, or {-1, -1}. Items are found by their "- " at the block's
// indent and named by parsing each alone (kubectl writes "name:" last).
std::pair<int, int> findItem(const QStringList &lines, const QString &section, const QString &name)
{
    const QRegularExpression header(QStringLiteral("^%1:\\s*(#.*)?$").arg(section));
    int at = -1;
    for (int i = 0; i < lines.size() && at < 0; ++i)
        if (header.match(lines[i]).hasMatch())
            at = i;
    if (at < 0)
        return {-1, -1};
    int end = at + 1, indent = -1;
    QList<int> starts;
    while (end < lines.size()) {
        const QString &l = lines[end];
        if (!l.isEmpty() && !l[0].isSpace() && !l.startsWith(QLatin1Char('-')) && !l.startsWith(QLatin1Char('#')))
            break;
        const int dash = int(l.indexOf(QLatin1Char('-')));
        if (dash >= 0 && l.left(dash).trimmed().isEmpty() && (indent < 0 || dash == indent) && l.mid(dash).startsWith(QLatin1String("- ")))
            indent = dash, starts << end;
        ++end;
    }
    while (end > at + 1 && (lines[end - 1].trimmed().isEmpty() || lines[end - 1].trimmed().startsWith(QLatin1Char('#'))))
        --end;
    for (int k = 0; k < starts.size(); ++k) {
        const int first = starts[k], last = k + 1 < starts.size() ? starts[k + 1] : end;
        QStringList item;
        for (int i = first; i < last; ++i)
            item << lines[i].mid(std::min<int>(indent, int(lines[i].size())));
        try {
            const YAML::Node n = YAML::Load(item.join(QLatin1Char('\n')).toStdString());
            if (n.IsSequence() && n.size() == 1 && QString::fromStdString(n[0]["name"].as<std::string>("")) == name)
                return {first, last};
        } catch (const YAML::Exception &) {
        }
    }
    return {-1, -1};
}

// Replaces the item named `name` of `section` with `item` (emitItem's text, unindented).
Expected<QString> replaceItem(const QString &text, const QString &section, const QString &name, const QString &item)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    const auto [first, last] = findItem(lines, section, name);
    if (first < 0)
        return makeError(QStringLiteral("cannot find %1 \"%2\" to update").arg(section, name));
    const int indent = int(lines[first].indexOf(QLatin1Char('-')));
    QStringList replacement;
    for (const QString &l : item.split(QLatin1Char('\n')))
        if (!l.isEmpty())
            replacement << QString(indent, QLatin1Char(' ')) + l;
    lines.remove(first, last - first);
    for (int i = 0; i < replacement.size(); ++i)
        lines.insert(first + i, replacement[i]);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

Expected<MergeResult> mergeKubeconfig(const QString &path, const QByteArray &kubeconfigText, const QString &baseName)
{
    // What to add: the current context of the given kubeconfig.
    YAML::Node src;
    try {
        src = YAML::Load(kubeconfigText.toStdString());
    } catch (const YAML::Exception &e) {
        return makeError(QStringLiteral("the kubeconfig to add is not valid YAML: %1").arg(QString::fromStdString(e.msg)));
    }
    const auto parsedSrc = Kubeconfig::parse(kubeconfigText, QStringLiteral("the kubeconfig to add"));
    if (!parsedSrc)
        return parsedSrc.error();
    const QString ctxName = parsedSrc->currentContext;
    if (ctxName.isEmpty() || !parsedSrc->contexts.contains(ctxName))
        return makeError(QStringLiteral("the kubeconfig to add has no current context"));
    const Context srcCtx = parsedSrc->contexts.value(ctxName);
    YAML::Node clusterBody, userBody;
    for (const auto &c : src["clusters"])
        if (c["name"].as<std::string>("") == srcCtx.cluster.toStdString())
            clusterBody = c["cluster"];
    for (const auto &u : src["users"])
        if (u["name"].as<std::string>("") == srcCtx.user.toStdString())
            userBody = u["user"];
    if (!clusterBody || !userBody)
        return makeError(QStringLiteral("the kubeconfig to add is missing its cluster or user"));

    // The target as it is now.
    QByteArray original;
    const bool exists = QFileInfo::exists(path);
    Kubeconfig current;
    if (exists) {
        auto loaded = Kubeconfig::loadFile(path);
        if (!loaded)
            return makeError(QStringLiteral("%1 is not a kubeconfig Nestdeck can safely change: %2").arg(path, loaded.error().message));
        current = *loaded;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return makeError(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
        original = f.readAll();
    }
    // Added before: a context of ours (baseName, baseName-2, ...) for the
    // same server. The same credentials: nothing to do. New ones (a
    // rotated certificate, a new token): its user is updated in place.
    const auto added = parsedSrc->restConfig(ctxName);
    for (const QString &c : current.contexts.keys()) {
        if (c != baseName && !(c.startsWith(baseName + QLatin1Char('-')) && c.mid(baseName.size() + 1).toInt() > 1))
            continue;
        const auto mine = current.restConfig(c);
        if (!added || !mine || mine->server != added->server || mine->caPem != added->caPem)
            continue;
        MergeResult same;
        same.contextName = c;
        if (sameConnection(*mine, *added)) {
            same.unchanged = true;
            return same;
        }
        const QString user = current.contexts.value(c).user;
        auto updated = replaceItem(QString::fromUtf8(original), QStringLiteral("users"), user, emitItem(user, "user", userBody, 0));
        if (!updated)
            break; // a file we cannot edit in place: add a new context below
        const auto check = Kubeconfig::parse(updated->toUtf8(), path);
        if (!check || check->contexts.keys() != current.contexts.keys() || check->currentContext != current.currentContext ||
            !check->restConfig(c) || !sameConnection(*check->restConfig(c), *added))
            return makeError(QStringLiteral("updating context \"%1\" in %2 would not work; nothing was changed").arg(c, path));
        same.backupPath = path + QStringLiteral(".nestdeck-backup-") + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        for (int i = 2; QFileInfo::exists(same.backupPath); ++i)
            same.backupPath = path + QStringLiteral(".nestdeck-backup-%1-%2").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))).arg(i);
        if (auto b = writePrivateFile(same.backupPath, original); !b)
            return makeError(QStringLiteral("cannot back up %1: %2; nothing was changed").arg(path, b.error().message));
        if (auto w = writePrivateFile(path, updated->toUtf8()); !w)
            return w.error();
        same.updated = true;
        return same;
    }
    const QString name = uniqueName(baseName, current.contexts.keys() + current.clusters.keys() + current.users.keys());

    QString text = exists ? QString::fromUtf8(original) : QStringLiteral("apiVersion: v1\nkind: Config\n");
    for (const auto &[section, key, body] : {std::tuple{QStringLiteral("clusters"), "cluster", clusterBody},
                                             std::tuple{QStringLiteral("users"), "user", userBody}}) {
        auto r = insertItems(text, section, emitItem(name, key, body, 0));
        if (!r)
            return makeError(QStringLiteral("%1: %2").arg(path, r.error().message));
        text = *r;
    }
    YAML::Node ctx;
    ctx["cluster"] = name.toStdString();
    ctx["user"] = name.toStdString();
    if (!srcCtx.ns.isEmpty())
        ctx["namespace"] = srcCtx.ns.toStdString();
    auto withCtx = insertItems(text, QStringLiteral("contexts"), emitItem(name, "context", ctx, 0));
    if (!withCtx)
        return makeError(QStringLiteral("%1: %2").arg(path, withCtx.error().message));
    text = *withCtx;
    if (!exists)
        text += QStringLiteral("current-context: %1\n").arg(name);

    // Check before replacing: everything that was there still is, and the new context resolves.
    const auto check = Kubeconfig::parse(text.toUtf8(), path);
    if (!check)
        return makeError(QStringLiteral("merging into %1 would break it (%2); nothing was changed").arg(path, check.error().message));
    for (const QString &c : current.contexts.keys())
        if (!check->contexts.contains(c) || check->contexts[c].cluster != current.contexts[c].cluster ||
            check->contexts[c].user != current.contexts[c].user)
            return makeError(QStringLiteral("merging into %1 would change context \"%2\"; nothing was changed").arg(path, c));
    for (const QString &c : current.clusters.keys())
        if (!check->clusters.contains(c) || check->clusters[c].server != current.clusters[c].server)
            return makeError(QStringLiteral("merging into %1 would change cluster \"%2\"; nothing was changed").arg(path, c));
    if (check->currentContext != (exists ? current.currentContext : name))
        return makeError(QStringLiteral("merging into %1 would change current-context; nothing was changed").arg(path));
    if (!check->restConfig(name))
        return makeError(QStringLiteral("the new context would not work: %1").arg(check->restConfig(name).error().message));

    MergeResult result;
    result.contextName = name;
    if (exists) {
        result.backupPath = path + QStringLiteral(".nestdeck-backup-") + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        for (int i = 2; QFileInfo::exists(result.backupPath); ++i)
            result.backupPath = path + QStringLiteral(".nestdeck-backup-%1-%2").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))).arg(i);
        if (auto b = writePrivateFile(result.backupPath, original); !b)
            return makeError(QStringLiteral("cannot back up %1: %2; nothing was changed").arg(path, b.error().message));
    }
    if (auto w = writePrivateFile(path, text.toUtf8()); !w)
        return w.error();
    return result;
}

} // namespace nestdeck::kube
