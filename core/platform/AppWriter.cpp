#include "core/platform/AppWriter.h"
#include "core/platform/Tr.h"

#include "core/kube/RestClient.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QPointer>
#include <QUrlQuery>

namespace nestdeck::platform {

namespace {
const QByteArray MergePatch = "application/merge-patch+json";
} // namespace

QStringList WriteResult::lines() const
{
    QStringList out;
    if (!nameError.isEmpty())
        out << translate("nestdeck::platform", "name: %1").arg(nameError);
    for (const FieldError &e : fieldErrors)
        out << e.text();
    if (!message.isEmpty())
        out << message;
    return out;
}

AppWriter::AppWriter(kube::RestClient *client, AppDefinitionPtr definition, ValidatorPtr validator, QObject *parent)
    : QObject(parent), m_client(client), m_def(std::move(definition)), m_validator(std::move(validator))
{
}

namespace {
QJsonObject labelsAndAnnotations(const QJsonObject &metadata)
{
    QJsonObject out;
    for (const char *k : {"labels", "annotations"})
        if (metadata.value(QLatin1String(k)).isObject() && !metadata.value(QLatin1String(k)).toObject().isEmpty())
            out.insert(QLatin1String(k), metadata.value(QLatin1String(k)));
    return out;
}

// Drops the removals (nulls) of a merge patch that change nothing: the old
// value is what the default would give anyway.
QJsonValue pruneRemovals(const QJsonValue &patch, const QJsonValue &oldSpec, const QJsonValue &effectiveNew)
{
    if (!patch.isObject())
        return patch;
    QJsonObject p = patch.toObject();
    for (auto it = p.begin(); it != p.end();) {
        const QJsonValue old = oldSpec.toObject().value(it.key());
        const QJsonValue eff = effectiveNew.toObject().value(it.key());
        if (it.value().isNull() && old == eff) {
            it = p.erase(it);
            continue;
        }
        if (it.value().isObject() && old.isObject()) {
            const QJsonValue sub = pruneRemovals(it.value(), old, eff);
            if (sub.toObject().isEmpty()) {
                it = p.erase(it);
                continue;
            }
            it.value() = sub;
        }
        ++it;
    }
    return p;
}
} // namespace

QJsonObject AppWriter::manifest(const QString &ns, const QString &name, const QJsonObject &spec, const QJsonObject &metadata) const
{
    const kube::ResourceRef ref = m_def->resource();
    QJsonObject meta = labelsAndAnnotations(metadata);
    meta.insert(QStringLiteral("name"), name);
    meta.insert(QStringLiteral("namespace"), ns);
    return QJsonObject{{QStringLiteral("apiVersion"), ref.apiVersion()},
                       {QStringLiteral("kind"), m_def->kind},
                       {QStringLiteral("metadata"), meta},
                       {QStringLiteral("spec"), spec}};
}

QJsonValue AppWriter::specPatch(const QJsonObject &oldSpec, const QJsonObject &newSpec) const
{
    const QJsonValue raw = mergePatch(oldSpec, newSpec);
    if (raw.isUndefined())
        return raw;
    const QJsonValue pruned = pruneRemovals(raw, oldSpec, m_validator->withDefaults(newSpec));
    return pruned.toObject().isEmpty() ? QJsonValue(QJsonValue::Undefined) : pruned;
}

bool AppWriter::validateLocally(const QString &name, const QJsonObject &spec, const QJsonObject *oldSpec, WriteResult *r) const
{
    if (!oldSpec)
        r->nameError = m_def->nameError(name);
    const ValidationResult v = m_validator->validate(spec, oldSpec);
    r->fieldErrors = v.errors;
    if (r->nameError.isEmpty() && v.ok())
        return true;
    r->message = translate("nestdeck::platform", "Nothing was sent: fix the fields marked first.");
    return false;
}

void AppWriter::create(const QString &ns, const QString &name, const QJsonObject &spec, Mode mode, QObject *context, Done done,
                       const QJsonObject &metadata)
{
    WriteResult base;
    base.body = manifest(ns, name, spec, metadata);
    if (!validateLocally(name, spec, nullptr, &base)) {
        done(base);
        return;
    }
    send("POST", m_def->resource().path(ns), base.body, mode, base, context, std::move(done));
}

void AppWriter::update(const QJsonObject &current, const QJsonObject &newSpec, Mode mode, QObject *context, Done done,
                       const QJsonObject &metadata)
{
    const QJsonObject meta = current.value(QLatin1String("metadata")).toObject();
    const QString ns = meta.value(QLatin1String("namespace")).toString();
    const QString name = meta.value(QLatin1String("name")).toString();
    const QString rv = meta.value(QLatin1String("resourceVersion")).toString();
    const QJsonObject oldSpec = current.value(QLatin1String("spec")).toObject();
    WriteResult base;
    if (!validateLocally(name, newSpec, &oldSpec, &base)) {
        done(base);
        return;
    }
    const QJsonValue patchOfSpec = specPatch(oldSpec, newSpec);
    // Labels and annotations the caller sets and the object lacks (never removed).
    QJsonObject metaPatch;
    const QJsonObject currentMeta = current.value(QLatin1String("metadata")).toObject();
    const QJsonObject wanted = labelsAndAnnotations(metadata);
    for (auto it = wanted.begin(); it != wanted.end(); ++it) {
        const QJsonValue sub = mergePatch(currentMeta.value(it.key()).toObject(),
                                          applyMergePatch(currentMeta.value(it.key()).toObject(), it.value()));
        if (!sub.isUndefined())
            metaPatch.insert(it.key(), sub);
    }
    // What changes, in effect: both sides with their defaults, so that going
    // back to a default reads "x → default" rather than a removal.
    const QJsonObject after = patchOfSpec.isUndefined() ? oldSpec : applyMergePatch(oldSpec, patchOfSpec).toObject();
    base.changes = diff(m_validator->withDefaults(oldSpec), m_validator->withDefaults(after));
    if (patchOfSpec.isUndefined() && metaPatch.isEmpty()) {
        base.ok = true;
        base.unchanged = true;
        base.object = current;
        done(base);
        return;
    }
    base.body = QJsonObject{{QStringLiteral("metadata"), metaPatch}};
    patch(m_def->resource().objectPath(ns, name), oldSpec, patchOfSpec, rv, mode, base, context, std::move(done), 3);
}

void AppWriter::patch(const QString &path, const QJsonObject &startedFrom, const QJsonValue &specChange, const QString &resourceVersion,
                      Mode mode, WriteResult base, QObject *context, Done done, int attemptsLeft)
{
    // The resourceVersion in a merge patch is a precondition: the server
    // refuses with 409 if the object changed since the user's edit began.
    QJsonObject meta = base.body.value(QLatin1String("metadata")).toObject();
    meta.insert(QStringLiteral("resourceVersion"), resourceVersion);
    QJsonObject body{{QStringLiteral("metadata"), meta}};
    if (!specChange.isUndefined())
        body.insert(QStringLiteral("spec"), specChange);
    base.body = body;
    QPointer<QObject> guard(context);
    QPointer<AppWriter> self(this); // the GUI may drop the writer while its page lives on
    send("PATCH", path, body, mode, base, context,
         [self, path, startedFrom, specChange, mode, base, guard, done, attemptsLeft](const WriteResult &r) {
             if (!r.conflict || !guard || !self) {
                 done(r);
                 return;
             }
             self->m_client->getObject(path, guard, [self, path, startedFrom, specChange, mode, base, guard, done, attemptsLeft, r](const kube::ApiResponse &g) {
                 WriteResult out = r;
                 if (!g.ok()) {
                     done(out);
                     return;
                 }
                 const QJsonObject latest = QJsonDocument::fromJson(g.body).object();
                 const QJsonObject latestSpec = latest.value(QLatin1String("spec")).toObject();
                 if (latestSpec == startedFrom && attemptsLeft > 1 && guard && self) {
                     // Only status or metadata moved: the user's edit still applies as made.
                     const QString rv = latest.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
                     self->patch(path, startedFrom, specChange, rv, mode, base, guard, done, attemptsLeft - 1);
                     return;
                 }
                 out.latest = latest;
                 out.theirChanges = diff(startedFrom, latestSpec);
                 done(out);
             });
         });
}

void AppWriter::send(const QByteArray &method, const QString &path, const QJsonObject &body, Mode mode, WriteResult base,
                     QObject *context, Done done)
{
    const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    const QByteArray type = method == "PATCH" ? MergePatch : QByteArray("application/json");
    auto withQuery = [path](bool dryRun) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("fieldManager"), QStringLiteral("nestdeck"));
        if (dryRun)
            q.addQueryItem(QStringLiteral("dryRun"), QStringLiteral("All"));
        return kube::RestClient::withQuery(path, q);
    };
    auto finish = [base](const kube::ApiResponse &r, bool dryRun) {
        WriteResult out = r.ok() ? base : fromApiError(r.error);
        out.body = base.body;
        out.changes = base.changes;
        out.sent = true;
        out.dryRun = dryRun;
        if (r.ok()) {
            out.ok = true;
            out.object = QJsonDocument::fromJson(r.body).object();
        }
        return out;
    };
    QPointer<QObject> guard(context);
    kube::RestClient *client = m_client; // outlives the writer: it belongs to the session
    m_client->request(method, withQuery(true), bytes, type, context,
                      [client, method, bytes, type, mode, guard, finish, done, withQuery](const kube::ApiResponse &dry) {
                          WriteResult r = finish(dry, true);
                          if (!r.ok || mode == Mode::DryRunOnly || !guard) {
                              done(r);
                              return;
                          }
                          client->request(method, withQuery(false), bytes, type, guard,
                                            [finish, done](const kube::ApiResponse &real) { done(finish(real, false)); });
                      });
}

WriteResult AppWriter::fromApiError(const kube::ApiError &e)
{
    WriteResult r;
    r.apiError = e;
    r.sent = true;
    r.conflict = e.isConflict();
    QStringList unplaced;
    for (const auto &c : e.fieldCauses) {
        QStringList path = parsePath(c.field);
        if (!path.isEmpty() && path.first() == QLatin1String("spec")) {
            r.fieldErrors << FieldError{path.mid(1), c.message};
        } else if (path == QStringList{QStringLiteral("metadata"), QStringLiteral("name")}) {
            r.nameError = c.message;
        } else {
            unplaced << (c.field.isEmpty() || c.field == QLatin1String("<nil>") ? c.message : c.field + QStringLiteral(": ") + c.message);
        }
    }
    if (e.reason == QLatin1String("AlreadyExists")) {
        r.conflict = false;
        r.nameError = translate("nestdeck::platform", "this name is taken: an object of this kind with this name exists already");
    } else if (r.conflict)
        r.message = translate("nestdeck::platform", "Someone else changed this object on the server after you started editing. "
                       "Nothing was overwritten; your values are kept: review their change, then apply yours on top.");
    else if (e.isForbidden())
        r.message = translate("nestdeck::platform", "You are not allowed to do this: %1").arg(e.message);
    else if (e.code >= 500 || e.isTransport())
        r.message = translate("nestdeck::platform", "The server could not take the change (%1); nothing was lost, try again.").arg(e.text());
    else if (!unplaced.isEmpty())
        r.message = unplaced.join(QStringLiteral("; "));
    else if (r.fieldErrors.isEmpty() && r.nameError.isEmpty())
        r.message = e.text();
    return r;
}

} // namespace nestdeck::platform
