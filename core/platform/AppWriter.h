#pragma once

#include "core/kube/ApiError.h"
#include "core/platform/ApiCalls.h"
#include "core/platform/AppDefinition.h"
#include "core/platform/AppValues.h"
#include "core/platform/SchemaValidator.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

namespace nestdeck::platform {

// What the server does with a write it is asked to check (section 8 of the
// API doc). The kube-apiserver honours dryRun on every verb for what it serves
// itself (built-ins, CRDs); the platform's aggregated application server
// honours it on create and delete only: a dry-run update is a real write.
struct ServerTraits {
    bool dryRunUpdates = false; // an update sent with dryRun=All stores nothing
};

// The outcome of one write or check, whatever stopped it: local validation,
// a conflict, the server's answer. The caller keeps the user's input;
// nothing here discards it.
struct WriteResult {
    bool ok = false;
    bool dryRun = false;          // ok, and nothing was stored (a check)
    bool sent = false;            // the write or its dry run reached the server
    bool serverChecked = false;   // the server checked it without storing it (a dry run it honours)
    bool localOnly = false;       // a check of an update the server cannot make without applying it: the client's own only
    bool conflict = false;        // someone changed what the user changed since the edit began; nothing was written
    bool unchanged = false;       // an update with nothing to change: no write was made
    QJsonObject object;           // the object as stored (read back), or as the server would store it
    QJsonObject body;             // what was (or would be) sent: the manifest or the merge patch
    QList<DiffLine> changes;      // an update's changes, defaults applied on both sides
    QList<DiffLine> theirChanges; // what changed on the server since the edit began (conflict, or others that stand)
    QList<QStringList> sameFields; // conflict: the fields both changed
    QJsonObject latest;           // the object as the server has it now (conflict)
    QList<DiffLine> notStuck;     // after the write: the user's values the server does not hold (intended → stored)
    QStringList warnings;         // the server's Warning headers, in order
    QList<FieldError> fieldErrors; // errors on fields (paths below spec), local or from the server
    QString nameError;            // the object's name is refused
    QString message;              // what is not about one field
    kube::ApiError apiError;      // code 0 when the server was not asked or not reached

    // Everything wrong, one line each ("path: message").
    QStringList lines() const;
};

// The changes from one spec to another as people read them: both sides with
// the schema's defaults, a cleared field "reset to the default".
QList<DiffLine> specChanges(const SchemaValidator &validator, const QJsonObject &from, const QJsonObject &to);

// The one route every write of an application takes (forms, day-two actions,
// the CLI): validate locally (schema, names, immutability); a check asks the
// server only where its dry run stores nothing; an update reads the live
// object first and stops on a change someone made to the same fields since
// the edit began (the platform's server gives no 409: the last writer would
// win), sends a merge patch of the user's changes only (so others' changes to
// other fields stand), then reads the object back and says which of the
// user's values the server does not hold. Deletes are checked by their dry
// run, which every server honours.
class AppWriter : public QObject {
    Q_OBJECT
public:
    AppWriter(ApiCalls *calls, AppDefinitionPtr definition, ValidatorPtr validator, ServerTraits traits,
              QObject *parent = nullptr);

    // Check: what a review does; nothing is stored. Write: the write itself
    // (after a check the user saw: no dry run first).
    enum class Mode { Check, Write };
    using Done = std::function<void(const WriteResult &)>;

    const AppDefinition &definition() const { return *m_def; }
    const SchemaValidator &validator() const { return *m_validator; }
    ServerTraits traits() const { return m_traits; }

    // The object a create sends: only the values the user set; the schema's
    // defaults stay the server's, so they can evolve with the platform.
    // metadata: labels and annotations to carry (from a manifest); other keys are ignored.
    QJsonObject manifest(const QString &ns, const QString &name, const QJsonObject &spec, const QJsonObject &metadata = {}) const;

    void create(const QString &ns, const QString &name, const QJsonObject &spec, Mode mode, QObject *context, Done done,
                const QJsonObject &metadata = {});
    // base: the object the edit started from (its spec and resourceVersion),
    // as the server sent it; baseIsLive: it was read just now (the day-two
    // actions', the CLI's), so there is no edit for others to race. newSpec:
    // the whole new spec; a key left out goes back to its default. metadata:
    // labels and annotations to set (null removes one).
    void update(const QJsonObject &base, const QJsonObject &newSpec, Mode mode, QObject *context, Done done,
                const QJsonObject &metadata = {}, bool baseIsLive = false);

    // The merge patch from one spec to another without removals that change
    // nothing (a key that holds its default anyway), so that a server which
    // stores defaults and a manifest which leaves them out agree.
    QJsonValue specPatch(const QJsonObject &oldSpec, const QJsonObject &newSpec) const;

    // A server error in the caller's terms: causes under spec become field errors.
    static WriteResult fromApiError(const kube::ApiError &error);

private:
    struct Update;
    bool validateLocally(const QString &name, const QJsonObject &spec, const QJsonObject *oldSpec, WriteResult *result) const;
    void againstLive(const std::shared_ptr<Update> &u, const QJsonObject &live, int attemptsLeft);
    void send(const std::shared_ptr<Update> &u, const QJsonObject &live, int attemptsLeft);
    void readBack(const std::shared_ptr<Update> &u, const QJsonObject &before);
    void get(const QString &path, QObject *context, std::function<void(const kube::ApiResponse &)> done);

    ApiCalls *m_calls;
    AppDefinitionPtr m_def;
    ValidatorPtr m_validator;
    ServerTraits m_traits;
};

} // namespace nestdeck::platform
