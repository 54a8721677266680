#include "ClusterActionsModel.h"

#include "core/platform/AppValues.h"
#include "core/platform/NodePools.h"

#include <QPointer>

using namespace nestdeck;
using namespace nestdeck::platform;

namespace {
// How long "Scaling md1: sent; the cluster follows live." stays: read, then
// out of the way (it pushed the tabs down for as long as the page was open).
constexpr int PlainSuccessShownMs = 10000;
} // namespace

ClusterActionsModel::ClusterActionsModel(QObject *parent)
    : QObject(parent), SessionFollower(this), m_versions(ValueListModel::of<VersionRow>(this))
{
    m_messageExpiry.setSingleShot(true);
    m_messageExpiry.setInterval(PlainSuccessShownMs);
    connect(&m_messageExpiry, &QTimer::timeout, this, &ClusterActionsModel::dismissMessage);
}

void ClusterActionsModel::dismissMessage()
{
    m_messageExpiry.stop();
    if (m_busy || m_message.isEmpty())
        return;
    m_message.clear();
    m_messageOk = true;
    emit stateChanged();
}

void ClusterActionsModel::attach(PlatformSession *session)
{
    if (session) {
        follow(connect(session->kuberneteses(), &ResourceCache::changed, this, [this](const QList<kube::Delta> &deltas) {
            for (const auto &d : deltas)
                if (d.object->key() == m_key) {
                    refresh();
                    return;
                }
        }));
        follow(connect(session->apps(), &AppCatalog::changed, this, &ClusterActionsModel::rebuild));
        follow(connect(session, &PlatformSession::servingChanged, this, &ClusterActionsModel::rebuild));
        // Rights may differ after a reconnect: ask again.
        follow(connect(session, &PlatformSession::stateChanged, this, [this] {
            if (m_actions && this->session() && this->session()->state() == PlatformSession::State::Synced) {
                m_actions->clear();
                rebuild();
            }
        }));
    }
    rebuild();
    emit sessionChanged();
}

void ClusterActionsModel::setAppKey(const QString &key)
{
    if (key == m_key)
        return;
    m_key = key;
    emit appKeyChanged();
    rebuild();
}

QJsonObject ClusterActionsModel::app() const
{
    if (!session() || m_key.isEmpty())
        return {};
    return toJson(session()->kuberneteses()->get(m_key));
}

bool ClusterActionsModel::stopped() const { return isStopped(app()); }
QStringList ClusterActionsModel::recordedSizes() const { return platform::recordedSizes(app()); }

QString ClusterActionsModel::version() const
{
    return m_validator ? m_validator->withDefaults(app().value(QLatin1String("spec")).toObject()).value(QLatin1String("version")).toString()
                       : QString();
}

ClusterActions *ClusterActionsModel::runnerFor(const AppDefinitionPtr &def, ValidatorPtr *validator, bool ClusterActionsModel::*allowed,
                                               QString ClusterActionsModel::*deniedReason)
{
    if (!def || !def->hasSchema())
        return nullptr;
    auto v = SchemaValidator::create(*def);
    if (!v)
        return nullptr;
    *validator = *v;
    auto *runner = new ClusterActions(session()->client(), session()->calls(), def, *validator, session()->writeTraits(def->resource()), this);
    // Asked once per namespace; the buttons wait for the answer.
    QPointer<ClusterActionsModel> self(this);
    runner->mayChange(m_key.section(QLatin1Char('/'), 0, 0), this, [self, allowed, deniedReason](bool ok, const QString &reason) {
        if (!self)
            return;
        self.data()->*allowed = ok;
        self.data()->*deniedReason = reason;
        emit self->accessChanged();
    });
    return runner;
}

void ClusterActionsModel::rebuild()
{
    delete m_actions;
    m_actions = nullptr;
    m_validator.reset();
    m_allowed = false;
    m_deniedReason.clear();
    m_deleteAllowed = false;
    m_deleteDeniedReason.clear();
    delete m_poolActions;
    m_poolActions = nullptr;
    m_poolValidator.reset();
    m_poolsAllowed = false;
    m_poolsDeniedReason.clear();
    // Node pools, where the platform defines them (a release without the kind offers none).
    if (session() && !m_key.isEmpty()) {
        m_poolActions = runnerFor(session()->apps()->find(QLatin1String(KubernetesNodesKind)), &m_poolValidator, &ClusterActionsModel::m_poolsAllowed,
                                  &ClusterActionsModel::m_poolsDeniedReason);
        m_actions = runnerFor(session()->apps()->find(PlatformSession::KubernetesRef.kind), &m_validator, &ClusterActionsModel::m_allowed,
                              &ClusterActionsModel::m_deniedReason);
        if (m_actions) {
            QPointer<ClusterActionsModel> self(this);
            m_actions->mayDelete(m_key.section(QLatin1Char('/'), 0, 0), this, [self](bool ok, const QString &reason) {
                if (!self)
                    return;
                self->m_deleteAllowed = ok;
                self->m_deleteDeniedReason = reason;
                emit self->accessChanged();
            });
        }
    }
    emit accessChanged();
    refresh();
}

void ClusterActionsModel::refresh()
{
    QList<VersionRow> rows;
    if (m_validator)
        if (const Field *f = m_validator->schema().find({QStringLiteral("version")}))
            for (const VersionChoice &c : upgradeChoices(f->enumValues, version()))
                rows << VersionRow{c.version, c.allowed, c.current, c.reason};
    m_versions->setRows(rows);
    emit objectChanged();
}

void ClusterActionsModel::done(const QString &what, const WriteResult &r)
{
    m_busy = false;
    m_messageOk = r.ok && r.notStuck.isEmpty();
    if (r.ok) {
        QStringList lines{r.unchanged ? tr("%1: nothing to change.").arg(what) : tr("%1: sent; the cluster follows live.").arg(what)};
        for (const DiffLine &d : r.notStuck)
            lines << tr("Read back, %1 is %2, not %3: someone wrote over it.")
                         .arg(pathText(d.path), d.newValue.isUndefined() ? tr("unset") : compactValue(d.newValue), compactValue(d.oldValue));
        for (const DiffLine &d : r.theirChanges)
            lines << tr("Changed by someone else meanwhile, and kept: %1").arg(d.text());
        m_message = lines.join(QLatin1Char('\n'));
        if (lines.size() == 1 && r.warnings.isEmpty())
            m_messageExpiry.start();
    } else {
        m_message = tr("%1 was not done: %2").arg(what, r.message.isEmpty() ? r.lines().join(QStringLiteral("; ")) : r.message);
    }
    for (const QString &w : r.warnings)
        m_message += QLatin1Char('\n') + tr("The server warns: %1").arg(w);
    emit stateChanged();
}

void ClusterActionsModel::run(const QString &what, const Call &call)
{
    if (!m_actions || m_busy)
        return;
    m_busy = true;
    m_messageExpiry.stop();
    m_message = tr("%1…").arg(what);
    m_messageOk = true;
    emit stateChanged();
    QPointer<ClusterActionsModel> self(this);
    call(m_key.section(QLatin1Char('/'), 0, 0), m_key.section(QLatin1Char('/'), 1), [self, what](const WriteResult &r) {
        if (self)
            self->done(what, r);
    });
}

void ClusterActionsModel::scale(const QString &group, int minReplicas, int maxReplicas)
{
    run(tr("Scaling %1").arg(group), [=, this](const QString &ns, const QString &name, ClusterActions::Done d) {
        m_actions->scale(ns, name, group, minReplicas, maxReplicas, QString(), this, std::move(d));
    });
}

void ClusterActionsModel::stop()
{
    run(tr("Stopping"), [this](const QString &ns, const QString &name, ClusterActions::Done d) { m_actions->stop(ns, name, this, std::move(d)); });
}

void ClusterActionsModel::start()
{
    run(tr("Starting"), [this](const QString &ns, const QString &name, ClusterActions::Done d) { m_actions->start(ns, name, this, std::move(d)); });
}

void ClusterActionsModel::upgrade(const QString &version)
{
    run(tr("Upgrading to %1").arg(version), [=, this](const QString &ns, const QString &name, ClusterActions::Done d) {
        m_actions->upgrade(ns, name, version, this, std::move(d));
    });
}

void ClusterActionsModel::remove(const QString &typedName)
{
    run(tr("Deleting"), [=, this](const QString &ns, const QString &name, ClusterActions::Done d) {
        // The cluster the user confirmed, by uid: not one made again under its name meanwhile.
        const QString uid = valueAt(app(), {QStringLiteral("metadata"), QStringLiteral("uid")}).toString();
        m_actions->remove(ns, name, typedName, uid, this, std::move(d));
    });
}

QJsonObject ClusterActionsModel::pool(const QString &name) const
{
    if (!session() || m_key.isEmpty())
        return {};
    return toJson(session()->nodePools()->get(m_key.section(QLatin1Char('/'), 0, 0) + QLatin1Char('/') + name));
}

void ClusterActionsModel::runPool(const QString &what, const QString &poolName, const Call &call)
{
    if (!m_poolActions || m_busy)
        return;
    m_busy = true;
    m_messageExpiry.stop();
    m_message = tr("%1…").arg(what);
    m_messageOk = true;
    emit stateChanged();
    QPointer<ClusterActionsModel> self(this);
    call(m_key.section(QLatin1Char('/'), 0, 0), poolName, [self, what](const WriteResult &r) {
        if (self)
            self->done(what, r);
    });
}

void ClusterActionsModel::scalePool(const QString &poolName, int minReplicas, int maxReplicas)
{
    runPool(tr("Scaling pool %1").arg(poolName), poolName, [=, this](const QString &ns, const QString &name, ClusterActions::Done d) {
        m_poolActions->scalePool(ns, name, minReplicas, maxReplicas, this, std::move(d));
    });
}

void ClusterActionsModel::upgradePool(const QString &poolName, const QString &target)
{
    const QString clusterVersion = version();
    runPool(tr("Pool %1 to %2").arg(poolName, target), poolName, [=, this](const QString &ns, const QString &name, ClusterActions::Done d) {
        m_poolActions->upgradePool(ns, name, clusterVersion, target, this, std::move(d));
    });
}

void ClusterActionsModel::removePool(const QString &poolName, const QString &typedName)
{
    runPool(tr("Deleting pool %1").arg(poolName), poolName, [=, this](const QString &ns, const QString &name, ClusterActions::Done d) {
        const QString uid = valueAt(pool(name), {QStringLiteral("metadata"), QStringLiteral("uid")}).toString();
        m_poolActions->remove(ns, name, typedName, uid, this, std::move(d));
    });
}

QVariantList ClusterActionsModel::poolVersions(const QString &poolName) const
{
    QVariantList out;
    if (!m_poolValidator)
        return out;
    const Field *f = m_poolValidator->schema().find({QStringLiteral("version")});
    const QString current = m_poolValidator->withDefaults(pool(poolName).value(QLatin1String("spec")).toObject())
                                .value(QLatin1String("version")).toString();
    for (const VersionChoice &c : poolVersionChoices(f ? f->enumValues : QJsonArray(), current, version()))
        out << QVariantMap{{QStringLiteral("version"), c.version}, {QStringLiteral("allowed"), c.allowed},
                           {QStringLiteral("current"), c.current}, {QStringLiteral("reason"), c.reason}};
    return out;
}

QStringList ClusterActionsModel::leftovers() const
{
    QStringList out;
    for (const Leftover &l : m_leftovers)
        out << l.text();
    return out;
}

void ClusterActionsModel::findLeftovers()
{
    if (!m_actions || m_busy)
        return;
    m_busy = true;
    m_message = tr("Looking for volumes the deletion left behind…");
    m_messageOk = true;
    emit stateChanged();
    QPointer<ClusterActionsModel> self(this);
    m_actions->findLeftovers(m_key.section(QLatin1Char('/'), 0, 0), m_key.section(QLatin1Char('/'), 1), this,
                             [self](const QList<Leftover> &found, const QString &error) {
                                 if (!self)
                                     return;
                                 self->m_busy = false;
                                 self->m_leftovers = found;
                                 self->m_leftoversChecked = error.isEmpty();
                                 self->m_messageOk = error.isEmpty();
                                 self->m_message = !error.isEmpty() ? tr("Could not look: %1").arg(error)
                                                   : found.isEmpty() ? tr("Nothing was left behind.")
                                                                     : tr("%n object(s) were left behind.", nullptr, int(found.size()));
                                 emit self->leftoversChanged();
                                 emit self->stateChanged();
                             });
}

void ClusterActionsModel::removeLeftovers()
{
    if (!m_actions || m_busy || m_leftovers.isEmpty())
        return;
    m_busy = true;
    m_message = tr("Removing what was left behind…");
    emit stateChanged();
    QPointer<ClusterActionsModel> self(this);
    m_actions->removeLeftovers(m_leftovers, this, [self](const QList<Leftover> &failed, const QString &error) {
        if (!self)
            return;
        self->m_busy = false;
        self->m_leftovers = failed;
        self->m_messageOk = failed.isEmpty();
        self->m_message = failed.isEmpty() ? tr("Removed.") : tr("Some could not be removed: %1").arg(error);
        emit self->leftoversChanged();
        emit self->stateChanged();
    });
}
