#pragma once

#include "core/platform/SchemaValidator.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace nestdeck::platform {

// The platform's version policy (API doc §6), in one place for every route a
// version can change by: Upgrade…, a pool's picker, the form's Version field,
// `nestdeck-cli apply`. The platform upgrades one minor version at a time and
// never downgrades; patch releases of the running minor are free. Versions
// are "v1.33" or "v1.33.2". Its server enforces none of it (§8: no schema,
// no admission): what is refused here is what would otherwise be stored.
struct VersionChoice {
    QString version;
    bool allowed = false;
    bool current = false;
    QString reason; // why not, in words ("" when allowed)
};
// Every version the schema offers (its enum), judged against `current`.
QList<VersionChoice> upgradeChoices(const QJsonArray &offered, const QString &current);
// "" when `target` may follow `current`, else why not.
QString upgradeRefusal(const QJsonArray &offered, const QString &current, const QString &target);
// Node pools (KubernetesNodes): why a pool cannot run `poolVersion` under a
// cluster wanting `clusterVersion` (a pool may lag its cluster's minor, never
// lead it); "" when it may, or when either is unknown.
QString poolVersionError(const QString &poolVersion, const QString &clusterVersion);
// A pool's picker: the versions its schema offers, judged as a cluster
// upgrade is (one minor at a time, never down) and never ahead of the cluster.
QList<VersionChoice> poolVersionChoices(const QJsonArray &offered, const QString &poolVersion, const QString &clusterVersion);

// The rules of a change from one spec to another that the schema cannot say,
// for the kinds that have them (a cluster's and a pool's `version`): errors by
// path below spec, judged with the schema's defaults on both sides (an unset
// version is its default). Every update of an application passes here.
QList<FieldError> changeRuleErrors(const QString &kind, const SchemaValidator &validator, const QJsonObject &oldSpec,
                                   const QJsonObject &newSpec);

} // namespace nestdeck::platform
