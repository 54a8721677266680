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

QJsonObject AppWriter::manifest(const QString &ns, const QString &name, const QJsonObject &spec) const
{
    const kube::ResourceRef ref = m_def->resource();
    return QJsonObject{{QStringLiteral("apiVersion"), ref.apiVersion()},
                       {QStringLiteral("kind"), m_def->kind},
                       {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns}}},
                       {QStringLiteral("spec"), spec}};
}

bool AppWriter::validateLocally(const QString &name, const QJsonObject &spec, const QJsonObject *oldSpec, WriteResult *r) const
{
    if (!oldSpec)
        r->nameError = m_def->nameError(name);
    const ValidationResult v = m_validator->validate(spec, oldSpec);
    r->fieldErrors = v.errors;
    return r->nameError.isEmpty() && v.ok();
}

void AppWriter::create(const QString &ns, const QString &name, const QJsonObject &spec, Mode mode, QObject *context, Done done)
{
    WriteResult base;
    base.body = manifest(ns, name, spec);
    if (!validateLocally(name, spec, nullptr, &base)) {
        base.message = translate("nestdeck::platform", "Nothing was sent: fix the fields marked first.");
        done(base);
        return;
    }
    send("POST", m_def->resource().path(ns), base.body, mode, base, context, std::move(done));
}

void AppWriter::update(const QJsonObject &current, const QJsonObject &newSpec, Mode mode, QObject *context, Done done)
{
    const QJsonObject meta = current.value(QLatin1String("metadata")).toObject();
    const QString ns = meta.value(QLatin1String("namespace")).toString();
    const QString name = meta.value(QLatin1String("name")).toString();
    const QString rv = meta.value(QLatin1String("resourceVersion")).toString();
    const QJsonObject oldSpec = current.value(QLatin1String("spec")).toObject();
    WriteResult base;
    base.changes = diff(oldSpec, newSpec);
    if (!validateLocally(name, newSpec, &oldSpec, &base)) {
        base.message = translate("nestdeck::platform", "Nothing was sent: fix the fields marked first.");
        done(base);
        return;
    }
    const QJsonValue specPatch = mergePatch(oldSpec, newSpec);
    if (specPatch.isUndefined()) {
        base.ok = true;
        base.unchanged = true;
        base.object = current;
        done(base);
        return;
    }
    patch(m_def->resource().objectPath(ns, name), oldSpec, specPatch, rv, mode, base, context, std::move(done), 3);
}

void AppWriter::patch(const QString &path, const QJsonObject &startedFrom, const QJsonValue &specPatch, const QString &resourceVersion,
                      Mode mode, WriteResult base, QObject *context, Done done, int attemptsLeft)
{
    // The resourceVersion in a merge patch is a precondition: the server
    // refuses with 409 if the object changed since the user's edit began.
    base.body = QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), resourceVersion}}},
                            {QStringLiteral("spec"), specPatch}};
    QPointer<QObject> guard(context);
    send("PATCH", path, base.body, mode, base, context,
         [this, path, startedFrom, specPatch, mode, base, guard, done, attemptsLeft](const WriteResult &r) {
             if (!r.conflict || !guard) {
                 done(r);
                 return;
             }
             m_client->get(path, guard, [this, path, startedFrom, specPatch, mode, base, guard, done, attemptsLeft, r](const kube::ApiResponse &g) {
                 WriteResult out = r;
                 if (!g.ok()) {
                     done(out);
                     return;
                 }
                 const QJsonObject latest = QJsonDocument::fromJson(g.body).object();
                 const QJsonObject latestSpec = latest.value(QLatin1String("spec")).toObject();
                 if (latestSpec == startedFrom && attemptsLeft > 1 && guard) {
                     // Only status or metadata moved: the user's edit still applies as made.
                     const QString rv = latest.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
                     patch(path, startedFrom, specPatch, rv, mode, base, guard, done, attemptsLeft - 1);
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
    if (r.conflict)
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
