#pragma once

#include "Components/SessionFollower.h"
#include "Components/UiTypes.h"
#include "core/platform/FieldOptions.h"
#include "core/platform/FormSession.h"

#include <QAbstractListModel>
#include <QJsonObject>
#include <QQmlEngine>

// A guided form for creating or changing one application of any kind, for
// QML: core's FormSession (the values, validation, review, check, write and
// conflict) with what a window adds: the definition and the live object
// fetched through the session, the access review, the options of the
// cluster's dropdowns, and the current step's fields as rows.
//
// The model's rows are the current step's fields (FormRow); a path travels
// to QML as a JSON array string ("[\"nodeGroups\",\"md0\"]", FormSession::key).
class AppForm : public QAbstractListModel, public SessionFollower {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(nestdeck::platform::PlatformSession *session READ session WRITE followSession NOTIFY sessionChanged)
    // The kind to create ("Kubernetes", "Tenant", …) in namespaceName; or, for
    // an edit, appKey "namespace/name" of a live object of that kind.
    Q_PROPERTY(QString kind READ kind WRITE setKind NOTIFY setupChanged)
    Q_PROPERTY(QString namespaceName READ namespaceName WRITE setNamespaceName NOTIFY setupChanged)
    Q_PROPERTY(QString editKey READ editKey WRITE setEditKey NOTIFY setupChanged)
    // A create's starting values from where it was asked for (a node pool's
    // cluster and version): not the user's changes.
    Q_PROPERTY(QJsonObject initialValues READ initialValues WRITE setInitialValues NOTIFY setupChanged)
    Q_PROPERTY(QString initialName READ initialName WRITE setInitialName NOTIFY setupChanged)
    Q_PROPERTY(bool editing READ editing NOTIFY setupChanged)
    Q_PROPERTY(bool ready READ ready NOTIFY setupChanged)
    Q_PROPERTY(QString setupError READ setupError NOTIFY setupChanged)
    Q_PROPERTY(QString kindTitle READ kindTitle NOTIFY setupChanged)
    Q_PROPERTY(QString name READ name WRITE setName NOTIFY valuesChanged)
    Q_PROPERTY(QString nameError READ nameError NOTIFY valuesChanged)
    Q_PROPERTY(QStringList steps READ steps NOTIFY setupChanged)
    Q_PROPERTY(int currentStep READ currentStep WRITE setCurrentStep NOTIFY currentStepChanged)
    Q_PROPERTY(bool onReview READ onReview NOTIFY currentStepChanged)
    Q_PROPERTY(bool stepValid READ stepValid NOTIFY valuesChanged)
    Q_PROPERTY(QList<bool> stepsValid READ stepsValid NOTIFY valuesChanged)
    Q_PROPERTY(bool valid READ valid NOTIFY valuesChanged)
    Q_PROPERTY(int errorCount READ errorCount NOTIFY valuesChanged)
    Q_PROPERTY(bool dirty READ dirty NOTIFY valuesChanged)
    Q_PROPERTY(QString reviewYaml READ reviewYaml NOTIFY valuesChanged)
    Q_PROPERTY(QStringList reviewChanges READ reviewChanges NOTIFY valuesChanged)
    // Rules of the schema the client cannot evaluate (each as the schema
    // writes it), and a heading saying who checks them: information beside the
    // verdict, not a problem (it read like an error after a passing dry run).
    Q_PROPERTY(QStringList ruleNotes READ ruleNotes NOTIFY valuesChanged)
    Q_PROPERTY(QString ruleNotesHeading READ ruleNotesHeading NOTIFY setupChanged)
    Q_PROPERTY(QStringList checkedLocally READ checkedLocally NOTIFY setupChanged)
    // The review of an edit is the client's own: the platform stores a dry-run update.
    Q_PROPERTY(bool localReview READ localReview NOTIFY setupChanged)
    Q_PROPERTY(QStringList warnings READ warnings NOTIFY stateChanged)
    Q_PROPERTY(QStringList notStuck READ notStuck NOTIFY stateChanged)
    Q_PROPERTY(bool readOnly READ readOnly NOTIFY accessChanged)
    Q_PROPERTY(QString readOnlyReason READ readOnlyReason NOTIFY accessChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY stateChanged)
    Q_PROPERTY(QString verdict READ verdict NOTIFY stateChanged)
    Q_PROPERTY(bool verdictOk READ verdictOk NOTIFY stateChanged)
    Q_PROPERTY(bool conflict READ conflict NOTIFY stateChanged)
    Q_PROPERTY(bool created READ created NOTIFY stateChanged)
    Q_PROPERTY(QString appKey READ appKey NOTIFY stateChanged)
    Q_PROPERTY(QStringList theirChanges READ theirChanges NOTIFY stateChanged)
    Q_PROPERTY(QJsonObject values READ values NOTIFY valuesChanged)

public:
    enum Role {
        PathRole = Qt::UserRole + 1, // JSON array of the value path
        KeyRole,
        LabelRole,
        DescriptionRole,
        RowTypeRole,   // FormRow::Type
        FieldKindRole, // nestdeck::platform::FieldKind
        DepthRole,
        TextRole,      // the value as an editor shows it ("" when unset)
        CheckedRole,   // booleans
        DefaultTextRole, // "default: 10" when the schema has one
        FromDefaultRole, // nothing set here: the default applies
        ChangedRole,   // edit: differs from the live object
        ErrorRole,     // the first error at this path, in words
        RequiredRole,
        ReadOnlyRole,
        ReadOnlyReasonRole,
        ChoicesRole,      // enum values or cluster-sourced options (values)
        ChoiceLabelsRole, // the same for people ("u1.medium — 1 vCPU, 4Gi")
        HintRole,         // bounds, pattern, units: what a valid value looks like
        CanAddRole,       // a map or list heading
        IsMapRole,
        DefaultValueRole, // the schema's default as text ("" when none)
    };
    Q_ENUM(Role)
    enum RowType { Heading = nestdeck::platform::FormRow::Heading, Value = nestdeck::platform::FormRow::Value,
                   Entry = nestdeck::platform::FormRow::Entry, Yaml = nestdeck::platform::FormRow::Yaml };
    Q_ENUM(RowType)
    enum Kind { ObjectKind, TextKind, IntegerKind, NumberKind, BooleanKind, EnumKind, QuantityKind, IntOrStringKind,
                MapKind, ListKind, FreeFormKind, YamlKind };
    Q_ENUM(Kind)

    explicit AppForm(QObject *parent = nullptr);

    QString kind() const { return m_kind; }
    void setKind(const QString &kind);
    QString namespaceName() const { return m_ns; }
    void setNamespaceName(const QString &ns);
    QJsonObject initialValues() const { return m_initialValues; }
    void setInitialValues(const QJsonObject &values);
    QString initialName() const { return m_initialName; }
    void setInitialName(const QString &name);
    QString editKey() const { return m_editKey; }
    void setEditKey(const QString &key);
    bool editing() const { return !m_editKey.isEmpty(); }
    bool ready() const { return m_form != nullptr; }
    QString setupError() const { return m_setupError; }
    QString kindTitle() const;
    QString name() const { return m_form ? m_form->name() : m_name; }
    void setName(const QString &name);
    QString nameError() const { return m_form ? m_form->nameError() : QString(); }
    QStringList steps() const;
    int currentStep() const { return m_step; }
    void setCurrentStep(int step);
    bool onReview() const { return m_form && m_step == int(m_form->steps().size()); }
    bool stepValid() const { return m_form && m_form->stepValid(m_step); }
    QList<bool> stepsValid() const;
    bool valid() const { return m_form && m_form->valid(); }
    int errorCount() const { return m_form ? m_form->errorCount() : 0; }
    bool dirty() const { return m_form && m_form->dirty(); }
    QString reviewYaml() const { return m_form ? m_form->reviewYaml() : QString(); }
    QStringList reviewChanges() const { return m_form ? m_form->reviewChanges() : QStringList(); }
    QStringList ruleNotes() const;
    QString ruleNotesHeading() const;
    QStringList checkedLocally() const { return m_form ? m_form->checkedLocally() : QStringList(); }
    bool localReview() const { return m_form && m_form->editing() && !m_form->traits().dryRunUpdates; }
    QStringList warnings() const { return m_form ? m_form->warnings() : QStringList(); }
    QStringList notStuck() const { return m_form ? m_form->notStuck() : QStringList(); }
    bool readOnly() const { return m_readOnly; }
    QString readOnlyReason() const { return m_readOnlyReason; }
    bool busy() const { return m_form && m_form->busy(); }
    QString verdict() const { return m_form ? m_form->verdict() : QString(); }
    bool verdictOk() const { return m_form && m_form->verdictOk(); }
    bool conflict() const { return m_form && m_form->conflict(); }
    bool created() const { return m_form && m_form->created(); }
    QString appKey() const { return m_form ? m_form->appKey() : QString(); }
    QStringList theirChanges() const { return m_form ? m_form->theirChanges() : QStringList(); }
    // The spec as edited (what the user set; the schema's defaults are not in it).
    QJsonObject values() const { return m_form ? m_form->values() : QJsonObject(); }

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Edits, by path (the PathRole string). Text is read with the field's kind;
    // "" unsets the field (its default applies; on an update it is removed).
    Q_INVOKABLE void setText(const QString &path, const QString &text);
    Q_INVOKABLE void setChecked(const QString &path, bool checked);
    Q_INVOKABLE void setYaml(const QString &path, const QString &yaml);
    Q_INVOKABLE void resetToDefault(const QString &path);
    // Maps and lists: add an entry (maps need a key), remove or rename one.
    // Return "" or why not.
    Q_INVOKABLE QString addEntry(const QString &path, const QString &key);
    Q_INVOKABLE void removeEntry(const QString &path);
    Q_INVOKABLE QString renameEntry(const QString &path, const QString &newKey);
    Q_INVOKABLE QString yamlOf(const QString &path) const;
    Q_INVOKABLE bool next();
    Q_INVOKABLE void back();
    // Review: check (the server's dry run where it stores nothing, else the
    // client's own); apply() sends for real.
    Q_INVOKABLE void dryRun();
    Q_INVOKABLE void apply();
    // After a conflict: take the server's object as the new base and put the
    // user's own changes on top of it (their changes stay, ours win where both changed).
    Q_INVOKABLE void reapplyMine();
    // Start over from the live object (edit) or the empty form (create).
    Q_INVOKABLE void revert();

signals:
    void sessionChanged();
    void setupChanged();
    void valuesChanged();
    void currentStepChanged();
    void accessChanged();
    void stateChanged();
    // The write is done: the object's "namespace/name".
    void finished(const QString &appKey);

private:
    void attach(nestdeck::platform::PlatformSession *session) override;
    void setup();
    void checkAccess();
    void loadOptions(const nestdeck::platform::Field &root);
    void rebuildRows();
    void applyPlatformRules(nestdeck::platform::FormSession *form);
    void start(nestdeck::platform::FormSession *form);
    QStringList optionsFor(const nestdeck::platform::Field &f, bool labels) const;

    QString m_kind, m_ns, m_editKey, m_name, m_setupError;
    QJsonObject m_initialValues;
    QString m_initialName;
    nestdeck::platform::AppDefinitionPtr m_def;
    nestdeck::platform::FormSession *m_form = nullptr;
    int m_step = 0;
    QList<nestdeck::platform::FormRow> m_rows;
    bool m_readOnly = false;
    QString m_readOnlyReason;
    quint64 m_accessAsk = 0;
    quint64 m_setupGeneration = 0; // answers to an earlier setup() are dropped
    // Options of sources the session does not cache (storage classes, …),
    // listed once when the form is set up.
    QHash<QString, QList<nestdeck::platform::FieldOption>> m_options;
};
