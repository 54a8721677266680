#pragma once

#include "core/kube/ApiError.h"
#include "core/platform/AppDefinition.h"
#include "core/platform/AppValues.h"
#include "core/platform/SchemaValidator.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

namespace nestdeck::kube {
class RestClient;
}

namespace nestdeck::platform {

// The outcome of one write, whatever stopped it: local validation, the
// server's dry-run or the write itself. The caller keeps the user's input;
// nothing here discards it.
struct WriteResult {
    bool ok = false;
    bool dryRun = false;          // ok after the dry-run only (nothing was stored)
    bool sent = false;            // the server was asked at all (false: refused locally)
    bool conflict = false;        // 409: the object changed on the server meanwhile; never retried blindly
    bool unchanged = false;       // an update with nothing to change: no request was made
    QJsonObject object;           // the server's answer (the object as stored, or as it would be)
    QJsonObject body;             // what was (or would have been) sent: the manifest or the merge patch
    QList<DiffLine> changes;      // an update's changes, old → new
    QList<DiffLine> theirChanges; // conflict: what changed on the server since the edit began
    QJsonObject latest;           // conflict: the object as the server has it now
    QList<FieldError> fieldErrors; // errors on fields (paths below spec), local or from the server
    QString nameError;            // the object's name is refused
    QString message;              // what is not about one field
    kube::ApiError apiError;      // code 0 when the server was not asked or not reached

    // Everything wrong, one line each ("path: message").
    QStringList lines() const;
};

// Creates and updates application objects with the platform's rules:
// validate locally (schema, name, immutability), dry-run on the server
// (dryRun=All), then write. Updates are JSON merge patches carrying the
// resourceVersion the user's edit started from, so a concurrent change
// gives a 409 instead of being overwritten. A 409 is never retried blindly:
// the writer reads the object again, and only if its spec is still the one
// the edit started from (the platform changed status or metadata only) does
// it send the same patch on the new version; otherwise the caller gets the
// conflict with what changed on the server.
class AppWriter : public QObject {
    Q_OBJECT
public:
    AppWriter(kube::RestClient *client, AppDefinitionPtr definition, ValidatorPtr validator, QObject *parent = nullptr);

    enum class Mode { DryRunOnly, DryRunThenWrite };
    using Done = std::function<void(const WriteResult &)>;

    const AppDefinition &definition() const { return *m_def; }
    const SchemaValidator &validator() const { return *m_validator; }

    // The object a create sends: only the values the user set; the schema's
    // defaults stay the server's, so they can evolve with the platform.
    // metadata: labels and annotations to carry (from a manifest); other keys are ignored.
    QJsonObject manifest(const QString &ns, const QString &name, const QJsonObject &spec, const QJsonObject &metadata = {}) const;

    void create(const QString &ns, const QString &name, const QJsonObject &spec, Mode mode, QObject *context, Done done,
                const QJsonObject &metadata = {});
    // current: the live object the edit started from (its spec and resourceVersion),
    // as the server sent it. newSpec: the whole new spec; a key left out goes
    // back to its default (sent as null, unless it holds the default already).
    // metadata: labels and annotations to set (never removes any).
    void update(const QJsonObject &current, const QJsonObject &newSpec, Mode mode, QObject *context, Done done,
                const QJsonObject &metadata = {});

    // The merge patch from one spec to another without removals that change
    // nothing (a key that holds its default anyway), so that a server which
    // stores defaults and a manifest which leaves them out agree.
    QJsonValue specPatch(const QJsonObject &oldSpec, const QJsonObject &newSpec) const;

    // A server error in the caller's terms: causes under spec become field errors.
    static WriteResult fromApiError(const kube::ApiError &error);

private:
    bool validateLocally(const QString &name, const QJsonObject &spec, const QJsonObject *oldSpec, WriteResult *result) const;
    void send(const QByteArray &method, const QString &path, const QJsonObject &body, Mode mode, WriteResult base,
              QObject *context, Done done);
    void patch(const QString &path, const QJsonObject &startedFrom, const QJsonValue &specChange, const QString &resourceVersion,
               Mode mode, WriteResult base, QObject *context, Done done, int attemptsLeft);

    kube::RestClient *m_client;
    AppDefinitionPtr m_def;
    ValidatorPtr m_validator;
};

} // namespace nestdeck::platform
