#include "AppForm.h"

#include "core/platform/NodePools.h"

#include "core/kube/Access.h"
#include "core/platform/AppValues.h"
#include "core/platform/FieldOptions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>

using namespace nestdeck;
using namespace nestdeck::platform;

// The QML enum mirrors core's by position.
static_assert(int(AppForm::YamlKind) == int(FieldKind::Yaml) && int(AppForm::MapKind) == int(FieldKind::Map));

namespace {
QStringList pathOf(const QString &key)
{
    QStringList out;
    for (const QJsonValue &v : QJsonDocument::fromJson(key.toUtf8()).array())
        out << v.toString();
    return out;
}

// What a valid value looks like, in words, from the field's constraints.
// On an edit an immutable field says why it is read-only instead.
QString hintOf(const Field &f, bool editing)
{
    QStringList parts;
    if (f.minimum && f.maximum)
        parts << AppForm::tr("%1 to %2").arg(*f.minimum).arg(*f.maximum);
    else if (f.minimum)
        parts << (f.exclusiveMinimum ? AppForm::tr("more than %1") : AppForm::tr("at least %1")).arg(*f.minimum);
    else if (f.maximum)
        parts << (f.exclusiveMaximum ? AppForm::tr("less than %1") : AppForm::tr("at most %1")).arg(*f.maximum);
    if (f.kind == FieldKind::Quantity)
        parts << AppForm::tr("a quantity such as 500m, 2, 512Mi or 4Gi");
    if (f.maxLength)
        parts << AppForm::tr("up to %1 characters").arg(*f.maxLength);
    if (!f.pattern.isEmpty() && f.kind == FieldKind::Text)
        parts << AppForm::tr("pattern %1").arg(f.pattern);
    if (f.immutable && !editing)
        parts << AppForm::tr("fixed once created");
    return parts.join(QStringLiteral(" · "));
}
} // namespace

AppForm::AppForm(QObject *parent) : QAbstractListModel(parent), SessionFollower(this) {}

void AppForm::attach(PlatformSession *session)
{
    if (session) {
        // A changed definition (a new schema) sets the form up again; the user's values stay.
        follow(connect(session->apps(), &AppCatalog::changed, this, [this] {
            if (!m_form)
                setup();
        }));
        // A kind served now (or no longer): a form not yet touched is set up again.
        follow(connect(session, &PlatformSession::servedAppsChanged, this, [this] {
            if (!m_form || !m_form->dirty())
                setup();
        }));
        // Whether the server honours a dry-run update, once known: a form not yet
        // touched is set up again with it (until then it is assumed it does not).
        follow(connect(session, &PlatformSession::servingChanged, this, [this] {
            if (!m_form || !m_form->dirty())
                setup();
        }));
    }
    setup();
    emit sessionChanged();
}

void AppForm::setKind(const QString &kind)
{
    if (kind == m_kind)
        return;
    m_kind = kind;
    setup();
}

void AppForm::setInitialValues(const QJsonObject &values)
{
    if (values == m_initialValues)
        return;
    m_initialValues = values;
    if (!editing())
        setup();
}

void AppForm::setInitialName(const QString &name)
{
    if (name == m_initialName)
        return;
    m_initialName = m_name = name;
    if (!editing())
        setup();
}

void AppForm::applyPlatformRules(FormSession *form)
{
    // Node pools: what the platform's chart checks only when it renders.
    if (m_kind != QLatin1String(KubernetesNodesKind))
        return;
    QPointer<PlatformSession> s(session());
    const QString ns = m_ns;
    form->setRules([s, ns](const QString &name, const QJsonObject &effective) {
        return nodePoolRuleErrors(name, effective, [s, ns](const QString &cluster) -> std::optional<QString> {
            const ObjectPtr app = s ? s->kuberneteses()->get(ns + QLatin1Char('/') + cluster) : ObjectPtr();
            if (!app)
                return std::nullopt;
            return KubernetesSpec::versionOf(toJson(app));
        });
    });
}

void AppForm::setNamespaceName(const QString &ns)
{
    if (ns == m_ns)
        return;
    m_ns = ns;
    // A create moving to another tenant keeps what was typed; the options,
    // the rights and the platform's rules are the new tenant's.
    if (m_form && !editing() && !ns.isEmpty()) {
        ++m_setupGeneration; // answers for the old tenant's options no longer count
        m_form->moveTo(ns);
        loadOptions(m_form->validator().schema().root());
        applyPlatformRules(m_form);
        checkAccess();
        rebuildRows();
        emit setupChanged();
        emit valuesChanged();
        emit stateChanged();
        return;
    }
    setup();
}

void AppForm::setEditKey(const QString &key)
{
    if (key == m_editKey)
        return;
    m_editKey = key;
    setup();
}

QString AppForm::kindTitle() const { return m_def ? (m_def->title.isEmpty() ? m_def->kind : m_def->title) : m_kind; }

void AppForm::start(FormSession *form)
{
    delete m_form;
    m_form = form;
    connect(form, &FormSession::valuesChanged, this, [this] {
        rebuildRows();
        emit valuesChanged();
    });
    connect(form, &FormSession::stateChanged, this, &AppForm::stateChanged);
    connect(form, &FormSession::finished, this, &AppForm::finished);
    rebuildRows();
}

void AppForm::setup()
{
    ++m_setupGeneration;
    beginResetModel();
    m_rows.clear();
    endResetModel();
    delete m_form;
    m_form = nullptr;
    m_def.reset();
    m_setupError.clear();
    m_step = 0;
    PlatformSession *s = session();
    if (editing()) {
        m_ns = m_editKey.section(QLatin1Char('/'), 0, 0);
        m_name = m_editKey.section(QLatin1Char('/'), 1);
    }
    if (!s || m_kind.isEmpty() || m_ns.isEmpty()) {
        emit setupChanged();
        return;
    }
    m_def = s->apps()->find(m_kind);
    if (!m_def) {
        m_setupError = tr("The platform defines no application kind \"%1\" (no ApplicationDefinition).").arg(m_kind);
    } else if (!m_def->hasSchema()) {
        m_setupError = m_def->schemaError;
    } else if (!s->appResourceServed(m_def->resource().resource)) {
        m_setupError = tr("The platform defines %1, but its API server does not serve %2: there is nothing to create or change. "
                          "A definition applied just now is served within seconds; otherwise the application server has not "
                          "picked it up.")
                           .arg(m_kind, m_def->resource().resource);
    } else if (auto v = SchemaValidator::create(*m_def); !v) {
        m_setupError = v.error().message;
    } else {
        loadOptions((*v)->schema().root());
        const ValidatorPtr validator = *v;
        const ServerTraits traits = s->writeTraits(m_def->resource());
        if (!editing()) {
            auto *form = new FormSession(s->calls(), m_def, validator, traits, this);
            form->startCreate(m_ns, m_name, m_initialValues);
            applyPlatformRules(form);
            start(form);
        } else {
            // The object as the server has it now (its resourceVersion is the edit's base).
            QPointer<AppForm> self(this);
            const quint64 generation = m_setupGeneration;
            s->client()->getObject(m_def->resource().objectPath(m_ns, m_name), this,
                                   [this, self, validator, traits, generation](const kube::ApiResponse &r) {
                // Only the latest setup's answer counts: an earlier one arriving
                // after the user started typing must not reset their values.
                if (!self || generation != m_setupGeneration || !session())
                    return;
                if (!r.ok()) {
                    m_setupError = r.error.isNotFound() ? tr("%1 no longer exists.").arg(m_editKey) : r.error.text();
                    emit setupChanged();
                    return;
                }
                auto *form = new FormSession(session()->calls(), m_def, validator, traits, this);
                form->startEdit(QJsonDocument::fromJson(r.body).object());
                applyPlatformRules(form);
                start(form);
                emit setupChanged();
                emit valuesChanged();
                emit stateChanged();
            });
        }
    }
    checkAccess();
    emit setupChanged();
    emit currentStepChanged();
    emit valuesChanged();
    emit stateChanged();
}

void AppForm::checkAccess()
{
    const quint64 ask = ++m_accessAsk;
    m_readOnly = false;
    m_readOnlyReason.clear();
    emit accessChanged();
    if (!session() || !m_def)
        return;
    const kube::ResourceRef ref = m_def->resource();
    const kube::AccessQuery q{editing() ? QStringLiteral("patch") : QStringLiteral("create"), ref.group, ref.resource, m_ns,
                              editing() ? m_name : QString()};
    QPointer<AppForm> self(this);
    kube::checkAccess(session()->client(), q, this, [self, ask, q, this](const kube::AccessAnswer &a) {
        if (!self || ask != m_accessAsk)
            return;
        // A failed review says nothing: the write itself will tell.
        if (a.error.code != 0 || a.allowed)
            return;
        m_readOnly = true;
        m_readOnlyReason = (editing() ? tr("You may view this %1 but not change it: your role does not allow \"patch\" on %2 in %3.")
                                      : tr("You may not create a %1 here: your role does not allow \"create\" on %2 in %3."))
                               .arg(kindTitle(), q.resource, q.ns);
        if (!a.reason.isEmpty())
            m_readOnlyReason += QLatin1Char(' ') + a.reason;
        emit accessChanged();
    });
}

void AppForm::loadOptions(const Field &root)
{
    m_options.clear();
    if (!session())
        return;
    for (const QString &source : optionSources(root)) {
        QPointer<AppForm> self(this);
        const quint64 generation = m_setupGeneration;
        // The platform's options API first: it answers tenant users too.
        session()->client()->getObject(optionsApi().objectPath(m_ns, source), this, [this, self, source, generation](const kube::ApiResponse &r) {
            if (!self || generation != m_setupGeneration)
                return;
            if (r.ok()) {
                m_options.insert(source, optionsFromOptionObject(QJsonDocument::fromJson(r.body).object()));
                rebuildRows(); // same rows, new choices: dataChanged
                return;
            }
            // Not served (an older platform): the objects behind the source, where
            // the user may list them. Instance types come from the session's cache.
            const auto ref = optionsResource(source);
            if (!ref || ref->resource == PlatformSession::InstanceTypeRef.resource)
                return;
            session()->client()->get(ref->path(), this, [this, self, source, generation](const kube::ApiResponse &list) {
                // Not allowed or not there: the field stays free text, which the platform's chart then judges.
                if (!self || generation != m_setupGeneration || !list.ok())
                    return;
                QList<QJsonObject> objects;
                for (const QJsonValue &o : QJsonDocument::fromJson(list.body).object().value(QLatin1String("items")).toArray())
                    objects << o.toObject();
                m_options.insert(source, optionsFromObjects(source, objects));
                rebuildRows();
            });
        });
    }
}

void AppForm::setName(const QString &name)
{
    if (editing())
        return;
    m_name = name;
    if (m_form)
        m_form->setName(name);
    emit valuesChanged();
}

QStringList AppForm::steps() const
{
    QStringList out;
    if (!m_form)
        return out;
    for (const FormStep &s : m_form->steps())
        out << s.title;
    if (!out.isEmpty())
        out << tr("Review");
    return out;
}

void AppForm::setCurrentStep(int step)
{
    step = std::clamp(step, 0, m_form ? int(m_form->steps().size()) : 0);
    if (step == m_step)
        return;
    m_step = step;
    rebuildRows();
    emit currentStepChanged();
    if (onReview() && !conflict())
        dryRun();
}

bool AppForm::next()
{
    if (!stepValid() || onReview())
        return false;
    setCurrentStep(m_step + 1);
    return true;
}

void AppForm::back() { setCurrentStep(m_step - 1); }

QList<bool> AppForm::stepsValid() const
{
    QList<bool> out;
    if (m_form)
        for (int i = 0; i <= m_form->steps().size(); ++i)
            out << m_form->stepValid(i);
    return out;
}

QStringList AppForm::ruleNotes() const { return m_form ? m_form->serverChecks() : QStringList(); }

QString AppForm::ruleNotesHeading() const
{
    // The kube-apiserver evaluates a CRD's rules; the platform's server none.
    if (!m_form)
        return {};
    return m_form->traits().dryRunUpdates
               ? tr("For your information, rules of the schema the server checks when you apply (Nestdeck cannot evaluate them):")
               : tr("For your information, rules of the schema that neither Nestdeck nor the platform evaluates (the chart would "
                    "fail on a value that breaks one):");
}

void AppForm::rebuildRows()
{
    const QList<FormRow> rows = m_form ? m_form->rows(m_step) : QList<FormRow>();
    bool samePaths = rows.size() == m_rows.size();
    for (qsizetype i = 0; samePaths && i < rows.size(); ++i)
        samePaths = rows[i].path == m_rows[i].path && rows[i].type == m_rows[i].type;
    if (!samePaths) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    // Same fields, new values or errors: update in place, so the editor being
    // typed in keeps its focus and cursor.
    m_rows = rows;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0), index(int(m_rows.size()) - 1));
}

QStringList AppForm::optionsFor(const Field &f, bool labels) const
{
    QStringList out;
    if (f.kind == FieldKind::Enum || !f.enumValues.isEmpty()) {
        for (const QJsonValue &v : f.enumValues)
            out << textOfValue(v);
        return out;
    }
    if (f.optionsSource.isEmpty() || !session())
        return out;
    QList<FieldOption> options = m_options.value(f.optionsSource);
    // Instance types from the session's cache (live) where the options API did not answer.
    if (const auto ref = optionsResource(f.optionsSource);
        options.isEmpty() && ref && ref->resource == PlatformSession::InstanceTypeRef.resource) {
        QList<QJsonObject> objects;
        for (const auto &o : session()->instanceTypes()->all())
            objects << toJson(o);
        options = optionsFromObjects(f.optionsSource, objects);
    }
    for (const FieldOption &o : options)
        out << (labels && !o.detail.isEmpty() ? QStringLiteral("%1 — %2").arg(o.value, o.detail) : o.value);
    return out;
}

QVariant AppForm::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || !m_form)
        return {};
    const FormRow &r = m_rows[index.row()];
    const Field &f = *r.field;
    const bool isEntry = r.type == FormRow::Entry;
    switch (role) {
    case PathRole: return FormSession::key(r.path);
    case KeyRole: return r.path.value(r.path.size() - 1);
    case LabelRole:
        if (isEntry)
            return r.path.last();
        return fieldLabel(f);
    // Schemas write descriptions in Markdown; a label shows `code` as code's plain words.
    case DescriptionRole: return QString(f.description).remove(QLatin1Char('`'));
    case RowTypeRole: return int(r.type);
    case FieldKindRole: return int(f.kind);
    case DepthRole: return r.depth;
    case TextRole: {
        if (m_form->hasTypedText(r.path))
            return m_form->typedText(r.path);
        if (r.type == FormRow::Yaml)
            return m_form->yamlOf(r.path);
        return textOfValue(r.value);
    }
    case CheckedRole: return r.effective.toBool();
    case DefaultTextRole:
        if (!f.hasDefault() || isEntry)
            return QString();
        if (f.defaultValue.isObject() || f.defaultValue.isArray())
            return QString();
        return tr("default: %1").arg(f.defaultValue.isString() && f.defaultValue.toString().isEmpty() ? tr("(empty)")
                                                                                                          : textOfValue(f.defaultValue));
    case DefaultValueRole: return f.hasDefault() && !isEntry ? textOfValue(f.defaultValue) : QString();
    case FromDefaultRole: return r.fromDefault;
    case ChangedRole: return m_form->changedAt(r.path);
    case ErrorRole: return m_form->errorAt(r.path);
    case RequiredRole: return f.required;
    case ReadOnlyRole: return m_readOnly || (editing() && f.immutable);
    case ReadOnlyReasonRole:
        // A form read-only as a whole says why once, above its fields.
        if (m_readOnly)
            return QString();
        if (editing() && f.immutable)
            return f.immutableMessage.isEmpty()
                       ? tr("cannot be changed after creation: the platform would accept a change and ignore it")
                       : tr("%1: the platform would accept a change and ignore it").arg(f.immutableMessage);
        return QString();
    case ChoicesRole: return optionsFor(f, false);
    case ChoiceLabelsRole: return optionsFor(f, true);
    case HintRole: return hintOf(f, editing());
    case CanAddRole: {
        if (r.type != FormRow::Heading || m_readOnly)
            return false;
        return f.kind == FieldKind::Map || f.kind == FieldKind::List;
    }
    case IsMapRole: {
        // For an entry: whether its parent is a map (keys can be renamed).
        if (isEntry) {
            const Field *parent = m_form->validator().schema().find(r.path.mid(0, r.path.size() - 1));
            return parent && parent->kind == FieldKind::Map;
        }
        return f.kind == FieldKind::Map;
    }
    default: return {};
    }
}

QHash<int, QByteArray> AppForm::roleNames() const
{
    return {{PathRole, "path"},           {KeyRole, "key"},
            {LabelRole, "label"},         {DescriptionRole, "description"},
            {RowTypeRole, "rowType"},     {FieldKindRole, "fieldKind"},
            {DepthRole, "depth"},         {TextRole, "text"},
            {CheckedRole, "checked"},     {DefaultTextRole, "defaultText"},
            {FromDefaultRole, "fromDefault"}, {ChangedRole, "changed"},
            {ErrorRole, "error"},         {RequiredRole, "required"},
            {ReadOnlyRole, "readOnly"},   {ReadOnlyReasonRole, "readOnlyReason"},
            {ChoicesRole, "choices"},     {ChoiceLabelsRole, "choiceLabels"},
            {HintRole, "hint"},           {CanAddRole, "canAdd"},
            {IsMapRole, "isMap"},         {DefaultValueRole, "defaultValue"}};
}

void AppForm::setText(const QString &path, const QString &text)
{
    if (m_form && !m_readOnly)
        m_form->setText(pathOf(path), text);
}

void AppForm::setChecked(const QString &path, bool checked)
{
    if (m_form && !m_readOnly)
        m_form->setChecked(pathOf(path), checked);
}

void AppForm::setYaml(const QString &path, const QString &yaml)
{
    if (m_form && !m_readOnly)
        m_form->setYaml(pathOf(path), yaml);
}

QString AppForm::yamlOf(const QString &path) const { return m_form ? m_form->yamlOf(pathOf(path)) : QString(); }

void AppForm::resetToDefault(const QString &path)
{
    if (m_form && !m_readOnly)
        m_form->resetToDefault(pathOf(path));
}

QString AppForm::addEntry(const QString &path, const QString &key)
{
    if (!m_form || m_readOnly)
        return tr("This form is read-only.");
    return m_form->addEntry(pathOf(path), key);
}

void AppForm::removeEntry(const QString &path)
{
    if (m_form && !m_readOnly)
        m_form->removeEntry(pathOf(path));
}

QString AppForm::renameEntry(const QString &path, const QString &newKey)
{
    if (!m_form || m_readOnly)
        return tr("This form is read-only.");
    return m_form->renameEntry(pathOf(path), newKey);
}

void AppForm::dryRun()
{
    if (m_form)
        m_form->check();
}

void AppForm::apply()
{
    if (m_form && !m_readOnly)
        m_form->apply();
}

void AppForm::reapplyMine()
{
    if (m_form)
        m_form->reapplyMine();
}

void AppForm::revert()
{
    if (!m_form)
        return;
    m_form->revert();
    if (!editing())
        m_name.clear();
}
