#include "core/platform/AppWriter.h"

#include "core/platform/Tr.h"
#include "core/platform/VersionPolicy.h"

#include <QJsonDocument>
#include <QPointer>
#include <QUrlQuery>

namespace nestdeck::platform {

namespace {
const QByteArray MergePatch = "application/merge-patch+json";


QJsonObject specOf(const QJsonObject &o) { return o.value(QLatin1String("spec")).toObject(); }
QJsonObject metaOf(const QJsonObject &o) { return o.value(QLatin1String("metadata")).toObject(); }

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

bool related(const QStringList &a, const QStringList &b)
{
    const qsizetype n = std::min(a.size(), b.size());
    return a.mid(0, n) == b.mid(0, n);
}

QString withQuery(const QString &path, bool dryRun)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("fieldManager"), QStringLiteral("nestdeck"));
    if (dryRun)
        q.addQueryItem(QStringLiteral("dryRun"), QStringLiteral("All"));
    return kube::RestClient::withQuery(path, q);
}

void addWarnings(WriteResult *r, const kube::ApiResponse &resp)
{
    for (const QString &w : resp.warnings())
        if (!r->warnings.contains(w))
            r->warnings << w;
}
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

QList<DiffLine> specChanges(const SchemaValidator &validator, const QJsonObject &from, const QJsonObject &to)
{
    QList<DiffLine> out = diff(validator.withDefaults(from), validator.withDefaults(to));
    for (DiffLine &d : out)
        // Not set in `to` at all (nor any object above it): the default speaks.
        d.toDefault = d.op == DiffLine::Changed && valueAt(to, d.path).isUndefined() && !valueAt(from, d.path).isUndefined();
    return out;
}

AppWriter::AppWriter(ApiCalls *calls, AppDefinitionPtr definition, ValidatorPtr validator, ServerTraits traits, QObject *parent)
    : QObject(parent), m_calls(calls), m_def(std::move(definition)), m_validator(std::move(validator)), m_traits(traits)
{
}

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
    if (oldSpec)
        r->fieldErrors << changeRuleErrors(m_def->kind, *m_validator, *oldSpec, spec);
    if (r->nameError.isEmpty() && r->fieldErrors.isEmpty())
        return true;
    r->message = tr("Nothing was sent: fix the fields marked first.");
    return false;
}

void AppWriter::get(const QString &path, QObject *context, std::function<void(const kube::ApiResponse &)> done)
{
    m_calls->call("GET", path, {}, {}, context, std::move(done));
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
    // Every server honours dryRun on create: the check is the server's.
    const bool dry = mode == Mode::Check;
    m_calls->call("POST", withQuery(m_def->resource().path(ns), dry), QJsonDocument(base.body).toJson(QJsonDocument::Compact),
                  "application/json", context, [base, dry, done](const kube::ApiResponse &resp) {
                      WriteResult r = resp.ok() ? base : fromApiError(resp.error);
                      r.body = base.body;
                      r.sent = true;
                      addWarnings(&r, resp);
                      if (resp.ok()) {
                          r.ok = true;
                          r.dryRun = r.serverChecked = dry;
                          r.object = QJsonDocument::fromJson(resp.body).object();
                      }
                      done(r);
                  });
}

// One update in flight: what the user asked for, and where it stands.
struct AppWriter::Update {
    QJsonObject base;     // the object the edit started from
    QJsonObject newSpec;  // the whole spec the user wants
    QJsonValue specPatch; // the user's changes of the spec (Undefined: none)
    QJsonObject metaPatch;
    QString path;
    Mode mode = Mode::Write;
    bool baseIsLive = false;
    QPointer<QObject> context;
    Done done;
    WriteResult result; // what is known so far: the local verdict, the changes
};

void AppWriter::update(const QJsonObject &base, const QJsonObject &newSpec, Mode mode, QObject *context, Done done,
                       const QJsonObject &metadata, bool baseIsLive)
{
    const QJsonObject meta = metaOf(base);
    const QString ns = meta.value(QLatin1String("namespace")).toString();
    const QString name = meta.value(QLatin1String("name")).toString();
    const QJsonObject oldSpec = specOf(base);
    auto u = std::make_shared<Update>();
    u->base = base;
    u->newSpec = newSpec;
    u->mode = mode;
    u->baseIsLive = baseIsLive;
    u->context = context;
    u->done = std::move(done);
    u->path = m_def->resource().objectPath(ns, name);
    if (!validateLocally(name, newSpec, &oldSpec, &u->result)) {
        u->done(u->result);
        return;
    }
    u->specPatch = specPatch(oldSpec, newSpec);
    // Labels and annotations the caller sets (a null removes one).
    const QJsonObject wanted = labelsAndAnnotations(metadata);
    for (auto it = wanted.begin(); it != wanted.end(); ++it) {
        const QJsonObject current = meta.value(it.key()).toObject();
        const QJsonValue sub = mergePatch(current, applyMergePatch(current, it.value()));
        if (!sub.isUndefined())
            u->metaPatch.insert(it.key(), sub);
    }
    const QJsonObject after = u->specPatch.isUndefined() ? oldSpec : applyMergePatch(oldSpec, u->specPatch).toObject();
    u->result.changes = specChanges(*m_validator, oldSpec, after);
    if (u->specPatch.isUndefined() && u->metaPatch.isEmpty()) {
        u->result.ok = true;
        u->result.unchanged = true;
        u->result.object = base;
        u->done(u->result);
        return;
    }
    if (baseIsLive) {
        againstLive(u, base, 2);
        return;
    }
    // The object now: has someone changed what the user changed?
    QPointer<AppWriter> self(this);
    get(u->path, context, [self, u](const kube::ApiResponse &resp) {
        if (!self || !u->context)
            return;
        if (!resp.ok()) {
            WriteResult r = fromApiError(resp.error);
            r.changes = u->result.changes;
            r.sent = false;
            u->done(r);
            return;
        }
        self->againstLive(u, QJsonDocument::fromJson(resp.body).object(), 2);
    });
}

void AppWriter::againstLive(const std::shared_ptr<Update> &u, const QJsonObject &live, int attemptsLeft)
{
    WriteResult &r = u->result;
    r.latest = live;
    r.sameFields.clear();
    const QJsonObject startedFrom = specOf(u->base);
    // Both sides with their defaults: a default filled in on read is no change.
    r.theirChanges = u->baseIsLive ? QList<DiffLine>() : specChanges(*m_validator, startedFrom, specOf(live));
    for (const DiffLine &theirs : std::as_const(r.theirChanges))
        for (const DiffLine &mine : std::as_const(r.changes))
            if (related(theirs.path, mine.path) && !r.sameFields.contains(theirs.path.size() <= mine.path.size() ? theirs.path : mine.path))
                r.sameFields << (theirs.path.size() <= mine.path.size() ? theirs.path : mine.path);
    if (!r.sameFields.isEmpty()) {
        r.conflict = true;
        r.message = tr("Someone else changed this object on the server after you started editing, and some of the fields you "
                       "changed too. Nothing was written; your values are kept: review their change, then apply yours on top.");
        u->done(r);
        return;
    }
    if (u->mode == Mode::Check && !m_traits.dryRunUpdates) {
        // cozystack-api would store a dry-run update: the check is the client's own.
        r.ok = true;
        r.dryRun = true;
        r.localOnly = true;
        r.object = live;
        u->done(r);
        return;
    }
    send(u, live, attemptsLeft);
}

void AppWriter::send(const std::shared_ptr<Update> &u, const QJsonObject &live, int attemptsLeft)
{
    // The resourceVersion just read is a precondition: where the server honours
    // it (the kube-apiserver), a write between our read and our patch is a 409.
    QJsonObject meta = u->metaPatch;
    meta.insert(QStringLiteral("resourceVersion"), metaOf(live).value(QLatin1String("resourceVersion")));
    QJsonObject body{{QStringLiteral("metadata"), meta}};
    if (!u->specPatch.isUndefined())
        body.insert(QStringLiteral("spec"), u->specPatch);
    u->result.body = body;
    const bool dry = u->mode == Mode::Check;
    QPointer<AppWriter> self(this);
    m_calls->call("PATCH", withQuery(u->path, dry), QJsonDocument(body).toJson(QJsonDocument::Compact), MergePatch, u->context,
                  [self, u, dry, live, attemptsLeft](const kube::ApiResponse &resp) {
                      if (!self || !u->context)
                          return;
                      if (!resp.ok()) {
                          if (resp.error.isConflict() && attemptsLeft > 1) {
                              // Written to between our read and our patch: look again
                              // at what changed since the object this write started from.
                              u->baseIsLive = false;
                              self->get(u->path, u->context, [self, u, attemptsLeft](const kube::ApiResponse &g) {
                                  if (!self || !u->context)
                                      return;
                                  if (!g.ok()) {
                                      u->done(fromApiError(g.error));
                                      return;
                                  }
                                  self->againstLive(u, QJsonDocument::fromJson(g.body).object(), attemptsLeft - 1);
                              });
                              return;
                          }
                          WriteResult r = fromApiError(resp.error);
                          r.changes = u->result.changes;
                          r.body = u->result.body;
                          r.theirChanges = u->result.theirChanges;
                          addWarnings(&r, resp);
                          u->done(r);
                          return;
                      }
                      WriteResult &r = u->result;
                      r.sent = true;
                      addWarnings(&r, resp);
                      if (dry) {
                          r.ok = r.dryRun = r.serverChecked = true;
                          r.object = QJsonDocument::fromJson(resp.body).object();
                          u->done(r);
                          return;
                      }
                      self->readBack(u, live);
                  });
}

void AppWriter::readBack(const std::shared_ptr<Update> &u, const QJsonObject &before)
{
    QPointer<AppWriter> self(this);
    get(u->path, u->context, [self, u, before](const kube::ApiResponse &resp) {
        if (!self || !u->context)
            return;
        WriteResult &r = u->result;
        r.ok = true;
        if (!resp.ok()) {
            // Written; what it holds now is unknown. The caches will tell.
            r.message = tr("Written; reading it back failed: %1").arg(resp.error.text());
            u->done(r);
            return;
        }
        r.object = QJsonDocument::fromJson(resp.body).object();
        // What the user meant: the object before the write with their changes on it.
        const QJsonObject intended =
            u->specPatch.isUndefined() ? specOf(before) : applyMergePatch(specOf(before), u->specPatch).toObject();
        const QJsonObject want = self->m_validator->withDefaults(intended);
        const QJsonObject have = self->m_validator->withDefaults(specOf(r.object));
        for (const DiffLine &mine : std::as_const(r.changes)) {
            const QJsonValue w = valueAt(want, mine.path), h = valueAt(have, mine.path);
            if (w != h)
                r.notStuck << DiffLine{h.isUndefined() ? DiffLine::Removed : DiffLine::Changed, mine.path, w, h, false};
        }
        // Others' changes after our read: they stand beside ours (or over them: notStuck).
        for (const DiffLine &d : specChanges(*self->m_validator, intended, specOf(r.object))) {
            bool mineToo = false;
            for (const DiffLine &mine : std::as_const(r.changes))
                mineToo = mineToo || related(mine.path, d.path);
            if (!mineToo)
                r.theirChanges << d;
        }
        u->done(r);
    });
}

WriteResult AppWriter::fromApiError(const kube::ApiError &e)
{
    WriteResult r;
    r.apiError = e;
    r.sent = true;
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
        r.nameError = tr("this name is taken: an object of this kind with this name exists already");
    } else if (e.isConflict()) {
        r.conflict = true;
        r.message = tr("Someone else changed this object on the server after you started editing. "
                       "Nothing was overwritten; your values are kept: review their change, then apply yours on top.");
    } else if (e.isForbidden())
        r.message = tr("You are not allowed to do this: %1").arg(e.message);
    else if (e.code >= 500 || e.isTransport())
        r.message = tr("The server could not take the change (%1); nothing was lost, try again.").arg(e.text());
    else if (!unplaced.isEmpty())
        r.message = unplaced.join(QStringLiteral("; "));
    else if (r.fieldErrors.isEmpty() && r.nameError.isEmpty())
        r.message = e.text();
    return r;
}

} // namespace nestdeck::platform
