#pragma once

#include "core/platform/AppWriter.h"
#include "core/platform/FormLayout.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>

namespace nestdeck::platform {

// One guided form for creating or changing an application of any kind,
// without a window: the values the user set, validated (with the schema's
// defaults) after every change, the steps and their rows, the review (the
// manifest, or the changes with a cleared field reading "the default"), the
// check and the write through AppWriter, a conflict with what someone else
// changed meanwhile and the user's changes put on top of it. The user's input
// survives every failure. The GUI's list model adapts it; unit tests drive it
// with a scripted server.
class FormSession : public QObject {
    Q_OBJECT
public:
    FormSession(ApiCalls *calls, AppDefinitionPtr definition, ValidatorPtr validator, ServerTraits traits, QObject *parent = nullptr);

    // A new object in ns (starting from a name and values the context gives,
    // which are not the user's changes), or an edit of `live` (the object as
    // the server sent it).
    void startCreate(const QString &ns, const QString &name = {}, const QJsonObject &values = {});
    void startEdit(const QJsonObject &live);
    // A create moves to another namespace (its tenant chosen again): what the
    // user set stays, what the server said about the old one goes.
    void moveTo(const QString &ns);

    const AppDefinition &definition() const { return m_writer.definition(); }
    const SchemaValidator &validator() const { return m_writer.validator(); }
    ServerTraits traits() const { return m_writer.traits(); }
    bool editing() const { return !m_live.isEmpty(); }
    QString ns() const { return m_ns; }
    QString name() const { return m_name; }
    void setName(const QString &name);
    QString nameError() const;
    // The platform's rules the schema does not carry (a node pool's name and
    // version against its cluster): errors by path below spec, an empty path
    // for the name (`name` is "" on an edit: it cannot change). Judged with
    // every change, as the schema is.
    using Rules = std::function<QList<FieldError>(const QString &name, const QJsonObject &effective)>;
    void setRules(Rules rules);

    const QList<FormStep> &steps() const { return m_steps; }
    // The rows of a step (0 .. steps().size()-1).
    QList<FormRow> rows(int step) const;
    bool stepValid(int step) const; // steps().size(): the whole form (Review)

    QJsonObject values() const { return m_values; }      // what the user set (no defaults)
    QJsonObject original() const { return m_original; }  // the spec the edit began from ({} for a create)
    QJsonObject live() const { return m_live; }
    QJsonObject effective() const { return m_effective; } // the values with the schema's defaults
    bool dirty() const { return m_dirty; }
    bool valid() const { return nameError().isEmpty() && m_result.ok() && m_localErrors.isEmpty(); }
    int errorCount() const;
    // The first error at a path, in words ("" when none).
    QString errorAt(const QStringList &path) const;
    // Text as typed that cannot be its field's kind (kept, with its error).
    bool hasTypedText(const QStringList &path) const { return m_typedText.contains(key(path)); }
    QString typedText(const QStringList &path) const { return m_typedText.value(key(path)); }
    bool changedAt(const QStringList &path) const { return editing() && valueAt(m_original, path) != valueAt(m_values, path); }

    // Edits. Text is read with the field's kind; "" unsets the field (its
    // default applies; on an update it is removed).
    void setText(const QStringList &path, const QString &text);
    void setChecked(const QStringList &path, bool checked);
    void setYaml(const QStringList &path, const QString &yaml);
    void resetToDefault(const QStringList &path);
    // Maps and lists; each returns "" or why not.
    QString addEntry(const QStringList &path, const QString &key);
    void removeEntry(const QStringList &path);
    QString renameEntry(const QStringList &path, const QString &newKey);
    // A value as YAML for its editor ("" when unset and without a default).
    QString yamlOf(const QStringList &path) const;
    // Start over from the live object (edit) or the empty form (create).
    void revert();

    // Review.
    QString reviewYaml() const;            // create: the manifest; edit: the spec
    QStringList reviewChanges() const;     // edit: the changes, defaults on both sides
    QStringList checkedLocally() const;    // what the client checks itself
    QStringList serverChecks() const;      // rules of the schema only the server checks

    // The server's part. check(): what a review asks (nothing is stored);
    // apply(): the write. After a conflict, reapplyMine() takes the server's
    // object as the new base and puts the user's changes on top.
    void check();
    void apply();
    void reapplyMine();

    bool busy() const { return m_busy; }
    QString verdict() const { return m_verdict; }
    bool verdictOk() const { return m_verdictOk; }
    bool conflict() const { return m_conflict; }
    // Created, and stayed to tell something (a warning): nothing more is sent from this form.
    bool created() const { return m_created; }
    QString appKey() const { return m_ns + QLatin1Char('/') + m_name; }
    const WriteResult &lastResult() const { return m_last; }
    QStringList theirChanges() const;   // conflict: what they changed ("(also yours)" marks a field both changed)
    QStringList warnings() const { return m_last.warnings; }
    QStringList notStuck() const;       // after a write: the values the server does not hold

    static QString key(const QStringList &path);

signals:
    void valuesChanged();
    void stateChanged();
    // Written, and nothing to tell beyond it: the object's "namespace/name".
    void finished(const QString &appKey);

private:
    void revalidate();
    void edit(const QStringList &path, const QJsonValue &value);
    void materialize(const QStringList &path);
    void setVerdict(const QString &text, bool ok);
    void take(const WriteResult &r, bool forReal);

    AppWriter m_writer;
    QList<FormStep> m_steps;
    QString m_ns, m_name;
    QString m_initialName; // a create's name from its context (not typed by the user)
    Rules m_rules;
    QString m_ruleNameError;
    QJsonObject m_live;     // edit: the object as the edit began (its spec and resourceVersion)
    QJsonObject m_original; // the spec the edit began from ({} for a create)
    QJsonObject m_values;   // what the user set
    QJsonObject m_effective;
    ValidationResult m_result;
    QList<FieldError> m_serverErrors;      // from the last check or write, until the field changes
    QHash<QString, QString> m_localErrors; // path key → why the typed text cannot be the field's kind
    QHash<QString, QString> m_typedText;   // path key → the text as typed, while it is not a valid value
    bool m_dirty = false;
    bool m_busy = false;
    QString m_verdict;
    bool m_verdictOk = false;
    bool m_conflict = false;
    bool m_created = false;
    WriteResult m_last;
};

} // namespace nestdeck::platform
