#pragma once

#include "core/Expected.h"
#include "core/platform/AppSchema.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace nestdeck::platform {

struct AppDefinition;

// A problem with one field, for a person: the GUI puts it beside the field,
// the CLI prints "path: message".
struct FieldError {
    QStringList path; // below spec; empty: the object as a whole (e.g. its name)
    QString message;
    QString pathText() const { return platform::pathText(path); }
    QString text() const { return path.isEmpty() ? message : pathText() + QStringLiteral(": ") + message; }
    bool operator==(const FieldError &o) const { return path == o.path && message == o.message; }
};

struct ValidationResult {
    QJsonObject effective;     // the spec as the server will see it: the schema's defaults applied
    QList<FieldError> errors;  // what the server would refuse
    QList<FieldError> warnings; // accepted, but probably a mistake (an unknown key the server drops)
    QList<FieldError> serverChecked; // rules this client cannot evaluate: the server's dry-run checks them
    bool ok() const { return errors.isEmpty(); }
    // The errors of one field (not its children), for a form.
    QStringList errorsAt(const QStringList &path) const;
};

// Validates an application's spec exactly as its schema says (valijson,
// against the schema the server published), with the platform's semantics
// first and what JSON Schema cannot say after:
//  1. defaults are applied recursively, as the API server's structural
//     defaulting and Helm's values merge do (a missing field with a default
//     is never an error; a required field inside a defaulted object is
//     satisfied by its default; null on a non-nullable field counts as unset);
//  2. the schema is checked (valijson), errors in plain words with their path;
//  3. Kubernetes quantities, immutable fields on update (self == oldSelf),
//     comparisons between sibling fields (self.a >= self.b), reserved "_" keys.
// Thread-safe after construction: validate() is const.
class SchemaValidator {
public:
    ~SchemaValidator();
    static Expected<std::shared_ptr<const SchemaValidator>> create(const AppDefinition &definition);
    static Expected<std::shared_ptr<const SchemaValidator>> create(const QByteArray &rawSchema,
                                                                   const QList<QStringList> &keysOrder = {});

    const AppSchema &schema() const { return m_schema; }
    // Problems with the schema itself (an unresolvable $ref, a construct valijson refuses).
    QStringList schemaWarnings() const { return m_warnings; }
    // False when the schema could not be compiled for the exact check (only the
    // field checks apply; the server's dry-run is then the full verdict).
    bool complete() const { return m_compiled != nullptr; }

    QJsonObject withDefaults(const QJsonObject &spec) const;
    // oldSpec: the live object's spec for an update (immutability), nullptr for a create.
    ValidationResult validate(const QJsonObject &spec, const QJsonObject *oldSpec = nullptr) const;

private:
    SchemaValidator() = default;
    struct Compiled;
    AppSchema m_schema;
    std::unique_ptr<Compiled> m_compiled; // valijson's schema; null if valijson refused it
    QStringList m_warnings;
};

using ValidatorPtr = std::shared_ptr<const SchemaValidator>;

} // namespace nestdeck::platform
