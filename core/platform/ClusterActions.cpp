#include "core/platform/ClusterActions.h"

#include "core/kube/ListAll.h"

#include "core/platform/AppValues.h"
#include "core/platform/ClusterStatus.h"
#include "core/platform/Naming.h"
#include "core/platform/PlatformSession.h"
#include "core/platform/Tr.h"

#include <QJsonDocument>
#include <QPointer>

namespace nestdeck::platform {

namespace {
QString tr(const char *s) { return translate("nestdeck::platform", s); }

// Every delete as every write: the server's dry run first, then the delete,
// both with the uid the user saw as a precondition.
void deleteChecked(kube::RestClient *client, const QString &path, const QString &uid, QObject *context, kube::RestClient::Callback done)
{
    kube::DeleteOptions o;
    o.preconditionUid = uid;
    o.dryRun = true;
    QPointer<QObject> guard(context);
    client->remove(path, o, context, [client, path, o, guard, done](const kube::ApiResponse &dry) mutable {
        if (!guard)
            return;
        if (!dry.ok()) {
            done(dry);
            return;
        }
        o.dryRun = false;
        client->remove(path, o, guard.data(), done);
    });
}

QJsonObject specOf(const QJsonObject &app) { return app.value(QLatin1String("spec")).toObject(); }

QJsonObject annotationsOf(const QJsonObject &app)
{
    return app.value(QLatin1String("metadata")).toObject().value(QLatin1String("annotations")).toObject();
}

// The node groups as they are in effect (a spec without any has the schema's default ones).
QJsonObject nodeGroups(const QJsonObject &app, const SchemaValidator &v)
{
    return v.withDefaults(specOf(app)).value(QLatin1String("nodeGroups")).toObject();
}
} // namespace

bool isStopped(const QJsonObject &app) { return annotationsOf(app).contains(QLatin1String(StoppedSizesAnnotation)); }

QString actionsBlockedReason(Health health, bool live)
{
    if (!live)
        return tr("Not live: what is shown may be out of date, and a change would be judged against it. Changes wait "
                  "until the connection is back.");
    if (health == Health::Deleting)
        return tr("The cluster is being deleted.");
    return {};
}

SpecChange stopChange(const QJsonObject &app, const SchemaValidator &validator)
{
    if (isStopped(app))
        return {{}, {}, tr("the cluster is stopped already")};
    const QJsonObject groups = nodeGroups(app, validator);
    if (groups.isEmpty())
        return {{}, {}, tr("the cluster has no node groups to stop")};
    QJsonObject spec = specOf(app), sizes, stopped = groups;
    for (auto it = groups.begin(); it != groups.end(); ++it) {
        const QJsonObject g = it.value().toObject();
        sizes.insert(it.key(), QJsonObject{{QStringLiteral("minReplicas"), g.value(QLatin1String("minReplicas"))},
                                           {QStringLiteral("maxReplicas"), g.value(QLatin1String("maxReplicas"))}});
        QJsonObject z = g;
        z.insert(QStringLiteral("minReplicas"), 0);
        z.insert(QStringLiteral("maxReplicas"), 0);
        stopped.insert(it.key(), z);
    }
    spec.insert(QStringLiteral("nodeGroups"), stopped);
    const QString record = QString::fromUtf8(QJsonDocument(sizes).toJson(QJsonDocument::Compact));
    return {spec, QJsonObject{{QStringLiteral("annotations"), QJsonObject{{QLatin1String(StoppedSizesAnnotation), record}}}}, {}};
}

SpecChange startChange(const QJsonObject &app, const SchemaValidator &validator)
{
    if (!isStopped(app))
        return {{}, {}, tr("the cluster is not stopped")};
    const QByteArray record = annotationsOf(app).value(QLatin1String(StoppedSizesAnnotation)).toString().toUtf8();
    QJsonParseError err{};
    const QJsonObject sizes = QJsonDocument::fromJson(record, &err).object();
    if (err.error != QJsonParseError::NoError)
        return {{}, {}, tr("the recorded sizes (%1) cannot be read: %2").arg(QLatin1String(StoppedSizesAnnotation), err.errorString())};
    QJsonObject spec = specOf(app), groups = nodeGroups(app, validator);
    for (auto it = sizes.begin(); it != sizes.end(); ++it) {
        if (!groups.contains(it.key()))
            continue; // removed while stopped: nothing to restore
        QJsonObject g = groups.value(it.key()).toObject();
        for (const char *k : {"minReplicas", "maxReplicas"})
            g.insert(QLatin1String(k), it.value().toObject().value(QLatin1String(k)));
        groups.insert(it.key(), g);
    }
    spec.insert(QStringLiteral("nodeGroups"), groups);
    return {spec, QJsonObject{{QStringLiteral("annotations"), QJsonObject{{QLatin1String(StoppedSizesAnnotation), QJsonValue::Null}}}}, {}};
}

QStringList recordedSizes(const QJsonObject &app)
{
    const QJsonObject sizes =
        QJsonDocument::fromJson(annotationsOf(app).value(QLatin1String(StoppedSizesAnnotation)).toString().toUtf8()).object();
    QStringList out;
    for (auto it = sizes.begin(); it != sizes.end(); ++it) {
        const int min = it.value().toObject().value(QLatin1String("minReplicas")).toInt();
        const int max = it.value().toObject().value(QLatin1String("maxReplicas")).toInt();
        out << tr("%1: minimum %2, maximum %3 nodes").arg(it.key()).arg(min).arg(max);
    }
    return out;
}

SpecChange scaleChange(const QJsonObject &app, const SchemaValidator &validator, const QString &group, int minReplicas,
                       int maxReplicas, const QString &instanceType)
{
    QJsonObject groups = nodeGroups(app, validator);
    if (!groups.contains(group))
        return {{}, {}, tr("the cluster has no node group \"%1\"").arg(group)};
    if (isStopped(app))
        return {{}, {}, tr("the cluster is stopped: start it first, or its recorded sizes would win")};
    QJsonObject g = groups.value(group).toObject();
    g.insert(QStringLiteral("minReplicas"), minReplicas);
    g.insert(QStringLiteral("maxReplicas"), maxReplicas);
    if (!instanceType.isEmpty())
        g.insert(QStringLiteral("instanceType"), instanceType);
    groups.insert(group, g);
    QJsonObject spec = specOf(app);
    spec.insert(QStringLiteral("nodeGroups"), groups);
    return {spec, {}, {}};
}

SpecChange upgradeChange(const QJsonObject &app, const SchemaValidator &validator, const QString &target)
{
    const Field *field = validator.schema().find({QStringLiteral("version")});
    const QString current = validator.withDefaults(specOf(app)).value(QLatin1String("version")).toString();
    if (const QString why = upgradeRefusal(field ? field->enumValues : QJsonArray(), current, target); !why.isEmpty())
        return {{}, {}, tr("%1 → %2: %3").arg(current, target, why)};
    QJsonObject spec = specOf(app);
    spec.insert(QStringLiteral("version"), target);
    return {spec, {}, {}};
}

SpecChange poolScaleChange(const QJsonObject &pool, const SchemaValidator &, int minReplicas, int maxReplicas)
{
    QJsonObject spec = specOf(pool);
    spec.insert(QStringLiteral("minReplicas"), minReplicas);
    spec.insert(QStringLiteral("maxReplicas"), maxReplicas);
    return {spec, {}, {}};
}

SpecChange poolUpgradeChange(const QJsonObject &pool, const SchemaValidator &validator, const QString &clusterVersion,
                             const QString &target)
{
    const Field *field = validator.schema().find({QStringLiteral("version")});
    const QString current = validator.withDefaults(specOf(pool)).value(QLatin1String("version")).toString();
    QString why = upgradeRefusal(field ? field->enumValues : QJsonArray(), current, target);
    if (why.isEmpty())
        why = poolVersionError(target, clusterVersion);
    if (!why.isEmpty())
        return {{}, {}, tr("%1 → %2: %3").arg(current, target, why)};
    QJsonObject spec = specOf(pool);
    spec.insert(QStringLiteral("version"), target);
    return {spec, {}, {}};
}

QStringList deletionPlan(const ClusterObjects &objects)
{
    // Node pools are apps of their own: deleting the cluster does not delete them.
    ClusterObjects o = objects;
    o.pools.clear();
    o.poolReleases.clear();
    QStringList out;
    forEachObject(o, [&out](const ObjectPtr &obj, const QString &kind) { out << kind + QLatin1Char(' ') + obj->name; });
    return out;
}

QString deletionWait(const ClusterObjects &o)
{
    if (!o.app || !o.app->deleting)
        return {};
    QStringList waits;
    for (const auto &[obj, kind] : {std::pair{o.app, QStringLiteral("Kubernetes")}, std::pair{o.release, QStringLiteral("HelmRelease")}}) {
        if (!obj)
            continue;
        const QStringList finalizers = valueAt(toJson(obj), {QStringLiteral("metadata"), QStringLiteral("finalizers")}).toVariant().toStringList();
        if (!finalizers.isEmpty())
            waits << tr("the finalizer %1 on %2 %3").arg(finalizers.join(QStringLiteral(", ")), kind, obj->name);
    }
    return waits.isEmpty() ? QString() : tr("waiting for %1").arg(waits.join(QStringLiteral("; ")));
}

ClusterActions::ClusterActions(kube::RestClient *client, ApiCalls *calls, AppDefinitionPtr definition, ValidatorPtr validator,
                               ServerTraits traits, QObject *parent)
    : QObject(parent), m_client(client), m_def(std::move(definition)), m_validator(std::move(validator)),
      m_writer(new AppWriter(calls, m_def, m_validator, traits, this))
{
}

void ClusterActions::mayDo(const QString &verb, const QString &ns, QObject *context, AccessDone done)
{
    const QString key = verb + QLatin1Char(' ') + ns;
    if (const auto it = m_access.constFind(key); it != m_access.cend()) {
        done(it->allowed, it->allowed ? QString() : it->reason);
        return;
    }
    const kube::ResourceRef ref = m_def->resource();
    QPointer<ClusterActions> self(this);
    kube::checkAccess(m_client, {verb, ref.group, ref.resource, ns, {}}, context,
                      [self, key, verb, ns, ref, done](const kube::AccessAnswer &a) {
                          if (!self)
                              return;
                          if (a.error.code != 0) { // the review failed: the write will tell
                              done(true, {});
                              return;
                          }
                          kube::AccessAnswer answer = a;
                          if (!a.allowed)
                              answer.reason = (verb == QLatin1String("delete")
                                                   ? tr("you may not delete %1 in %2 (your role does not allow \"delete\")")
                                                   : translate("nestdeck::platform",
                                                               "you may not change %1 in %2 (your role does not allow \"patch\")"))
                                                  .arg(ref.resource, ns) +
                                              (a.reason.isEmpty() ? QString() : QStringLiteral(": ") + a.reason);
                          self->m_access.insert(key, answer);
                          done(answer.allowed, answer.allowed ? QString() : answer.reason);
                      });
}

void ClusterActions::run(const QString &ns, const QString &name, Compute compute, QObject *context, Done done)
{
    QPointer<ClusterActions> self(this);
    QPointer<QObject> guard(context);
    mayChange(ns, context, [self, guard, ns, name, compute, done](bool allowed, const QString &reason) {
        if (!self || !guard)
            return;
        if (!allowed) {
            WriteResult r;
            r.message = reason;
            done(r); // refused before anything was sent
            return;
        }
        // The object as it is now: the change is computed from it and sent with its resourceVersion.
        self->m_client->getObject(self->m_def->resource().objectPath(ns, name), guard.data(),
                            [self, guard, compute, done](const kube::ApiResponse &resp) {
                                if (!self || !guard)
                                    return;
                                if (!resp.ok()) {
                                    done(AppWriter::fromApiError(resp.error));
                                    return;
                                }
                                const QJsonObject app = QJsonDocument::fromJson(resp.body).object();
                                const SpecChange change = compute(app);
                                if (!change.ok()) {
                                    WriteResult r;
                                    r.message = change.error;
                                    done(r); // refused by policy: nothing sent
                                    return;
                                }
                                // The object was read just now: it is the base, and there
                                // is no edit for someone else to have raced.
                                self->m_writer->update(app, change.spec, AppWriter::Mode::Write, guard.data(), done,
                                                       change.metadata, true);
                            });
    });
}

void ClusterActions::scale(const QString &ns, const QString &name, const QString &group, int minReplicas, int maxReplicas,
                           const QString &instanceType, QObject *context, Done done)
{
    const ValidatorPtr v = m_validator;
    run(ns, name, [v, group, minReplicas, maxReplicas, instanceType](const QJsonObject &app) {
        return scaleChange(app, *v, group, minReplicas, maxReplicas, instanceType);
    }, context, std::move(done));
}

void ClusterActions::stop(const QString &ns, const QString &name, QObject *context, Done done)
{
    const ValidatorPtr v = m_validator;
    run(ns, name, [v](const QJsonObject &app) { return stopChange(app, *v); }, context, std::move(done));
}

void ClusterActions::start(const QString &ns, const QString &name, QObject *context, Done done)
{
    const ValidatorPtr v = m_validator;
    run(ns, name, [v](const QJsonObject &app) { return startChange(app, *v); }, context, std::move(done));
}

void ClusterActions::upgrade(const QString &ns, const QString &name, const QString &version, QObject *context, Done done)
{
    const ValidatorPtr v = m_validator;
    run(ns, name, [v, version](const QJsonObject &app) { return upgradeChange(app, *v, version); }, context, std::move(done));
}

void ClusterActions::scalePool(const QString &ns, const QString &name, int minReplicas, int maxReplicas, QObject *context, Done done)
{
    const ValidatorPtr v = m_validator;
    run(ns, name, [v, minReplicas, maxReplicas](const QJsonObject &pool) { return poolScaleChange(pool, *v, minReplicas, maxReplicas); },
        context, std::move(done));
}

void ClusterActions::upgradePool(const QString &ns, const QString &name, const QString &clusterVersion, const QString &version,
                                 QObject *context, Done done)
{
    const ValidatorPtr v = m_validator;
    run(ns, name, [v, clusterVersion, version](const QJsonObject &pool) { return poolUpgradeChange(pool, *v, clusterVersion, version); },
        context, std::move(done));
}

void ClusterActions::remove(const QString &ns, const QString &name, const QString &typedName, const QString &uid, QObject *context,
                            Done done)
{
    if (typedName != name) {
        WriteResult r;
        r.message = tr("type the name (%1) to confirm").arg(name);
        done(r); // nothing sent
        return;
    }
    QPointer<ClusterActions> self(this);
    QPointer<QObject> guard(context);
    const kube::ResourceRef ref = m_def->resource();
    kube::checkAccess(m_client, {QStringLiteral("delete"), ref.group, ref.resource, ns, name}, context,
                      [self, guard, ns, name, uid, ref, done](const kube::AccessAnswer &a) {
                          if (!self || !guard)
                              return;
                          if (a.error.code == 0 && !a.allowed) {
                              WriteResult r;
                              r.message = tr("you may not delete %1 in %2 (your role does not allow \"delete\")").arg(ref.resource, ns);
                              done(r);
                              return;
                          }
                          deleteChecked(self->m_client, ref.objectPath(ns, name), uid, guard.data(), [done](const kube::ApiResponse &resp) {
                              WriteResult r = resp.ok() ? WriteResult{} : AppWriter::fromApiError(resp.error);
                              r.sent = true;
                              r.warnings = resp.warnings();
                              r.ok = resp.ok();
                              r.object = QJsonDocument::fromJson(resp.body).object();
                              done(r);
                          });
                      });
}

namespace {
// The volumes (KubeVirt CDI DataVolumes and PVCs) in `ns` ("" for every
// namespace) whose cluster-name label `selector` selects, with that label.
struct Labelled {
    Leftover volume;
    QString release; // the cluster-name label: "kubernetes-<app>"
};
void listVolumes(kube::RestClient *client, const QString &ns, const QString &selector, bool forbiddenIsNone, QObject *context,
                 std::function<void(const QList<Labelled> &found, const QString &error)> done)
{
    const QList<kube::ResourceRef> kinds{
        {QStringLiteral("cdi.kubevirt.io"), QStringLiteral("v1beta1"), QStringLiteral("datavolumes"), true, QStringLiteral("DataVolume")},
        {QString(), QStringLiteral("v1"), QStringLiteral("persistentvolumeclaims"), true, QStringLiteral("PersistentVolumeClaim")}};
    // Paged and decoded on the I/O thread (a scan of every volume at 20,000
    // clusters is tens of MB); only metadata is kept.
    kube::ListOptions lo;
    lo.labelSelector = selector;
    lo.trim = std::make_shared<const kube::Trim>(kube::Trim{{QByteArrayList{"spec"}, QByteArrayList{"status"}}, nullptr});
    auto found = std::make_shared<QList<Labelled>>();
    auto errors = std::make_shared<QStringList>();
    auto pending = std::make_shared<int>(int(kinds.size()));
    for (const kube::ResourceRef &ref : kinds)
        kube::listAll(client, ref, ns, lo, context, [ref, found, errors, pending, done, forbiddenIsNone](const kube::ListResult &r) {
            if (r.ok) {
                for (const kube::ObjectPtr &o : r.items)
                    *found << Labelled{Leftover{ref, o->ns, o->name, QString::fromUtf8(o->uid.toByteArray())},
                                       QString::fromUtf8(o->label(naming::ClusterNameLabel))};
            } else if (!r.error.isNotFound() && !(forbiddenIsNone && r.error.code == 403)) {
                // A kind the cluster does not serve has no leftovers (nor, for a scan, one the user may not read).
                *errors << QStringLiteral("%1: %2").arg(ref.kind, r.error.text());
            }
            if (--*pending == 0)
                done(*found, errors->join(QStringLiteral("; ")));
        });
}
} // namespace

void ClusterActions::findLeftovers(const QString &ns, const QString &name, QObject *context, LeftoversDone done)
{
    listVolumes(m_client, ns, QLatin1String(naming::ClusterNameLabel) + QLatin1Char('=') + naming::kubernetesRelease(name), false, context,
                [done](const QList<Labelled> &found, const QString &error) {
                    QList<Leftover> out;
                    for (const Labelled &l : found)
                        out << l.volume;
                    done(out, error);
                });
}

void findOrphanedVolumes(kube::RestClient *client, const QStringList &namespaces, const std::function<bool(const QString &key)> &exists,
                         QObject *context, OrphansDone done)
{
    auto byCluster = std::make_shared<QMap<QString, QList<Leftover>>>();
    auto errors = std::make_shared<QStringList>();
    auto pending = std::make_shared<int>(int(namespaces.size()));
    if (namespaces.isEmpty()) {
        done({}, {});
        return;
    }
    for (const QString &ns : namespaces)
        listVolumes(client, ns, QLatin1String(naming::ClusterNameLabel), true, context,
                    [byCluster, errors, pending, exists, done](const QList<Labelled> &found, const QString &error) {
                        for (const Labelled &l : found) {
                            const QString app = naming::kubernetesAppOfRelease(l.release);
                            const QString key = l.volume.ns + QLatin1Char('/') + app;
                            if (!app.isEmpty() && !exists(key))
                                (*byCluster)[key] << l.volume;
                        }
                        if (!error.isEmpty())
                            *errors << error;
                        if (--*pending == 0)
                            done(*byCluster, errors->join(QStringLiteral("; ")));
                    });
}

void ClusterActions::removeLeftovers(const QList<Leftover> &leftovers, QObject *context, LeftoversDone done)
{
    if (leftovers.isEmpty()) {
        done({}, {});
        return;
    }
    auto failed = std::make_shared<QList<Leftover>>();
    auto errors = std::make_shared<QStringList>();
    auto pending = std::make_shared<int>(int(leftovers.size()));
    for (const Leftover &l : leftovers)
        deleteChecked(m_client, l.resource.objectPath(l.ns, l.name), l.uid, context, [l, failed, errors, pending, done](const kube::ApiResponse &r) {
            if (!r.ok() && !r.error.isNotFound()) {
                *failed << l;
                *errors << QStringLiteral("%1: %2").arg(l.text(), r.error.text());
            }
            if (--*pending == 0)
                done(*failed, errors->join(QStringLiteral("; ")));
        });
}

} // namespace nestdeck::platform
