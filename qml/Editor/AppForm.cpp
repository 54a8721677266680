#include "AppForm.h"

#include "core/kube/Access.h"
#include "core/platform/AppValues.h"
#include "core/platform/FieldOptions.h"
#include "core/platform/Yaml.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>

using namespace nestdeck;
using namespace nestdeck::platform;

namespace {
QString pathKey(const QStringList &path)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(path)).toJson(QJsonDocument::Compact));
}

QStringList pathOf(const QString &key)
{
    QStringList out;
    for (const QJsonValue &v : QJsonDocument::fromJson(key.toUtf8()).array())
        out << v.toString();
    return out;
}

bool startsWith(const QStringList &path, const QStringList &prefix)
{
    return path.size() >= prefix.size() && path.mid(0, prefix.size()) == prefix;
}

// What a valid value looks like, in words, from the field's constraints.
QString hintOf(const Field &f)
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
    if (f.immutable)
        parts << AppForm::tr("fixed once created");
    return parts.join(QStringLiteral(" · "));
}
} // namespace

AppForm::AppForm(QObject *parent) : QAbstractListModel(parent), SessionFollower(this) {}

void AppForm::attach(PlatformSession *session)
{
    if (session)
        // A changed definition (a new schema) sets the form up again; the user's values stay.
        follow(connect(session->apps(), &AppCatalog::changed, this, [this] {
            if (!m_writer)
                setup();
        }));
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

void AppForm::setNamespaceName(const QString &ns)
{
    if (ns == m_ns)
        return;
    m_ns = ns;
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

void AppForm::setup()
{
    ++m_setupGeneration;
    beginResetModel();
    m_rows.clear();
    endResetModel();
    delete m_writer;
    m_writer = nullptr;
    m_def.reset();
    m_steps.clear();
    m_setupError.clear();
    m_step = 0;
    m_conflict = false;
    m_theirChanges.clear();
    m_verdict.clear();
    m_serverErrors.clear();
    m_localErrors.clear();
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
    } else if (auto v = SchemaValidator::create(*m_def); !v) {
        m_setupError = v.error().message;
    } else {
        m_steps = formSteps((*v)->schema().root());
        loadOptions((*v)->schema().root());
        if (!editing()) {
            m_writer = new AppWriter(s->client(), m_def, *v, this);
            m_live = {};
            m_original = {};
            revalidate();
        } else {
            // The object as the server has it now (its resourceVersion is the edit's base).
            const ValidatorPtr validator = *v;
            QPointer<AppForm> self(this);
            const quint64 generation = m_setupGeneration;
            s->client()->get(m_def->resource().objectPath(m_ns, m_name), this, [this, self, validator, generation](const kube::ApiResponse &r) {
                // Only the latest setup's answer counts: an earlier one arriving
                // after the user started typing must not reset their values.
                if (!self || generation != m_setupGeneration || !session())
                    return;
                if (!r.ok()) {
                    m_setupError = r.error.isNotFound() ? tr("%1 no longer exists.").arg(m_editKey) : r.error.text();
                    emit setupChanged();
                    return;
                }
                m_live = QJsonDocument::fromJson(r.body).object();
                m_original = m_live.value(QLatin1String("spec")).toObject();
                m_values = m_original;
                m_dirty = false;
                m_writer = new AppWriter(session()->client(), m_def, validator, this);
                revalidate();
                emit setupChanged();
                emit valuesChanged();
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
        const auto ref = optionsResource(source);
        // Instance types come from the session's own cache.
        if (!ref || ref->resource == PlatformSession::InstanceTypeRef.resource)
            continue;
        QPointer<AppForm> self(this);
        const quint64 generation = m_setupGeneration;
        session()->client()->get(ref->path(), this, [this, self, source, generation](const kube::ApiResponse &r) {
            // Not allowed or not there: the field stays free text, which the server still checks.
            if (!self || generation != m_setupGeneration || !r.ok())
                return;
            QList<QJsonObject> objects;
            for (const QJsonValue &o : QJsonDocument::fromJson(r.body).object().value(QLatin1String("items")).toArray())
                objects << o.toObject();
            m_options.insert(source, optionsFromObjects(source, objects));
            rebuildRows(); // same rows, new choices: dataChanged
        });
    }
}

void AppForm::setName(const QString &name)
{
    if (name == m_name || editing())
        return;
    m_name = name;
    m_dirty = true;
    emit valuesChanged();
}

QString AppForm::nameError() const
{
    if (editing() || !m_def)
        return {};
    return m_def->nameError(m_name);
}

QStringList AppForm::steps() const
{
    QStringList out;
    for (const FormStep &s : m_steps)
        out << s.title;
    if (!m_steps.isEmpty())
        out << tr("Review");
    return out;
}

void AppForm::setCurrentStep(int step)
{
    step = std::clamp(step, 0, int(m_steps.size()));
    if (step == m_step)
        return;
    m_step = step;
    rebuildRows();
    emit currentStepChanged();
    if (onReview() && !m_conflict)
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
    for (int i = 0; i <= m_steps.size(); ++i)
        out << isStepValid(i);
    return out;
}

bool AppForm::isStepValid(int step) const
{
    if (!m_writer)
        return false;
    if (step >= m_steps.size())
        return valid() && m_localErrors.isEmpty();
    const FormStep &s = m_steps[step];
    if (s.id.isEmpty() && !nameError().isEmpty())
        return false;
    auto inStep = [&s](const QStringList &path) {
        if (path.isEmpty())
            return s.id.isEmpty(); // errors about the spec as a whole: Basics
        for (const QStringList &r : s.roots)
            if (startsWith(path, r))
                return true;
        return false;
    };
    for (const FieldError &e : m_result.errors)
        if (inStep(e.path))
            return false;
    for (const FieldError &e : m_serverErrors)
        if (inStep(e.path))
            return false;
    for (auto it = m_localErrors.cbegin(); it != m_localErrors.cend(); ++it)
        if (inStep(pathOf(it.key())))
            return false;
    return true;
}

QString AppForm::errorAt(const QStringList &path) const
{
    if (const QString local = m_localErrors.value(pathKey(path)); !local.isEmpty())
        return local;
    for (const FieldError &e : m_serverErrors)
        if (e.path == path)
            return e.message;
    const QStringList mine = m_result.errorsAt(path);
    return mine.value(0);
}

void AppForm::revalidate()
{
    if (!m_writer)
        return;
    m_result = m_writer->validator().validate(m_values, editing() ? &m_original : nullptr);
    m_effective = m_result.effective;
    rebuildRows();
}

void AppForm::rebuildRows()
{
    QList<FormRow> rows;
    if (m_writer && m_step < m_steps.size())
        rows = formRows(m_writer->validator().schema().root(), m_steps[m_step].roots, m_values, m_effective);
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
    // Instance types from the session's cache (live); other sources as listed at setup.
    QList<FieldOption> options = m_options.value(f.optionsSource);
    if (const auto ref = optionsResource(f.optionsSource); ref && ref->resource == PlatformSession::InstanceTypeRef.resource) {
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
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const FormRow &r = m_rows[index.row()];
    const Field &f = *r.field;
    const bool isEntry = r.type == FormRow::Entry;
    switch (role) {
    case PathRole: return pathKey(r.path);
    case KeyRole: return r.path.value(r.path.size() - 1);
    case LabelRole:
        if (isEntry)
            return r.path.last();
        return fieldLabel(f);
    case DescriptionRole: return f.description;
    case RowTypeRole: return int(r.type);
    case FieldKindRole: return int(f.kind);
    case DepthRole: return r.depth;
    case TextRole: {
        if (const auto it = m_localErrors.constFind(pathKey(r.path)); it != m_localErrors.cend())
            return m_typedText.value(pathKey(r.path));
        if (r.type == FormRow::Yaml)
            return yamlOf(pathKey(r.path));
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
    case ChangedRole: return editing() && valueAt(m_original, r.path) != valueAt(m_values, r.path);
    case ErrorRole: return errorAt(r.path);
    case RequiredRole: return f.required;
    case ReadOnlyRole: return m_readOnly || (editing() && f.immutable);
    case ReadOnlyReasonRole:
        if (m_readOnly)
            return m_readOnlyReason;
        if (editing() && f.immutable)
            return f.immutableMessage.isEmpty() ? tr("cannot be changed after creation") : f.immutableMessage;
        return QString();
    case ChoicesRole: return optionsFor(f, false);
    case ChoiceLabelsRole: return optionsFor(f, true);
    case HintRole: return hintOf(f);
    case CanAddRole: {
        if (r.type != FormRow::Heading || m_readOnly)
            return false;
        return f.kind == FieldKind::Map || f.kind == FieldKind::List;
    }
    case IsMapRole: {
        // For an entry: whether its parent is a map (keys can be renamed).
        if (isEntry) {
            const Field *parent = m_writer ? m_writer->validator().schema().find(r.path.mid(0, r.path.size() - 1)) : nullptr;
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

void AppForm::materialize(const QStringList &path)
{
    // Editing inside a map or list that is unset edits a copy of its default:
    // a map's default applies only while the whole map is absent.
    for (qsizetype n = 1; n < path.size(); ++n) {
        const QStringList p = path.mid(0, n);
        if (!valueAt(m_values, p).isUndefined())
            continue;
        const Field *f = m_writer->validator().schema().find(p);
        if (f && (f->kind == FieldKind::Map || f->kind == FieldKind::List) && !valueAt(m_effective, p).isUndefined()) {
            m_values = withValueAt(m_values, p, valueAt(m_effective, p)).toObject();
            return;
        }
    }
}

void AppForm::edit(const QStringList &path, const QJsonValue &value)
{
    if (!m_writer || m_readOnly)
        return;
    materialize(path);
    m_values = withValueAt(m_values, path, value).toObject();
    m_localErrors.remove(pathKey(path));
    m_typedText.remove(pathKey(path));
    m_serverErrors.removeIf([&path](const FieldError &e) { return startsWith(e.path, path) || startsWith(path, e.path); });
    m_dirty = m_values != m_original;
    setVerdict({}, false);
    revalidate();
    emit valuesChanged();
}

void AppForm::setText(const QString &path, const QString &text)
{
    if (!m_writer)
        return;
    const QStringList p = pathOf(path);
    const Field *f = m_writer->validator().schema().find(p);
    if (!f)
        return;
    const TextValue v = valueFromText(*f, text);
    if (!v.error.isEmpty()) {
        // Kept as typed, with the reason; the spec keeps its last good value.
        m_localErrors.insert(path, v.error);
        m_typedText.insert(path, text);
        m_dirty = true;
        rebuildRows();
        emit valuesChanged();
        return;
    }
    // Clearing an entry's own value keeps the entry (empty, with its error):
    // removing an entry is the Remove button's job, not a side effect of typing.
    if (v.value.isUndefined() && p.size() > 1)
        if (const Field *parent = m_writer->validator().schema().find(p.mid(0, p.size() - 1));
            parent && (parent->kind == FieldKind::Map || parent->kind == FieldKind::List) && parent->item.get() == f) {
            edit(p, QJsonValue(text));
            return;
        }
    edit(p, v.value);
}

void AppForm::setChecked(const QString &path, bool checked) { edit(pathOf(path), QJsonValue(checked)); }

void AppForm::setYaml(const QString &path, const QString &yaml)
{
    const QStringList p = pathOf(path);
    if (yaml.trimmed().isEmpty()) {
        edit(p, QJsonValue(QJsonValue::Undefined));
        return;
    }
    const auto docs = yamlDocuments(yaml.toUtf8());
    if (!docs || docs->size() != 1) {
        m_localErrors.insert(path, docs ? tr("one YAML value, please (this has %n documents)", nullptr, int(docs->size()))
                                        : docs.error().message);
        m_typedText.insert(path, yaml);
        m_dirty = true;
        rebuildRows();
        emit valuesChanged();
        return;
    }
    edit(p, docs->first());
}

QString AppForm::yamlOf(const QString &path) const
{
    const QStringList p = pathOf(path);
    QJsonValue v = valueAt(m_values, p);
    if (v.isUndefined())
        v = valueAt(m_effective, p);
    if (v.isUndefined() || (v.isObject() && v.toObject().isEmpty()))
        return {};
    return jsonToYaml(v);
}

void AppForm::resetToDefault(const QString &path) { edit(pathOf(path), QJsonValue(QJsonValue::Undefined)); }

QString AppForm::addEntry(const QString &path, const QString &key)
{
    if (!m_writer || m_readOnly)
        return tr("This form is read-only.");
    const QStringList p = pathOf(path);
    const Field *f = m_writer->validator().schema().find(p);
    if (!f || !f->item)
        return tr("Entries cannot be added here.");
    if (f->kind == FieldKind::Map) {
        const QString k = key.trimmed();
        if (k.isEmpty())
            return tr("Give the new entry a name.");
        if (valueAt(m_effective, p).toObject().contains(k))
            return tr("\"%1\" exists already.").arg(k);
        if (f->maxProperties && valueAt(m_effective, p).toObject().size() >= *f->maxProperties)
            return tr("At most %1 entries.").arg(*f->maxProperties);
        // The new entry starts from its schema's defaults, visible and editable.
        const QStringList entry = p + QStringList{k};
        materialize(entry);
        QJsonValue initial = newEntryValue(*f->item);
        if (initial.isObject()) {
            const QJsonObject probe = withValueAt(m_values, entry, initial).toObject();
            initial = valueAt(m_writer->validator().withDefaults(probe), entry);
        }
        edit(entry, initial);
        return {};
    }
    const QJsonArray items = valueAt(m_effective, p).toArray();
    if (f->maxItems && items.size() >= *f->maxItems)
        return tr("At most %1 entries.").arg(*f->maxItems);
    materialize(p + QStringList{QStringLiteral("0")});
    QJsonArray now = valueAt(m_values, p).toArray();
    QJsonValue initial = newEntryValue(*f->item);
    if (initial.isObject()) {
        const QStringList entry = p + QStringList{QString::number(now.size())};
        initial = valueAt(m_writer->validator().withDefaults(withValueAt(m_values, entry, initial).toObject()), entry);
    }
    now.append(initial);
    edit(p, now);
    return {};
}

void AppForm::removeEntry(const QString &path)
{
    if (!m_writer || m_readOnly)
        return;
    const QStringList p = pathOf(path);
    materialize(p);
    edit(p, QJsonValue(QJsonValue::Undefined));
}

QString AppForm::renameEntry(const QString &path, const QString &newKey)
{
    if (!m_writer || m_readOnly)
        return tr("This form is read-only.");
    const QStringList p = pathOf(path);
    const QString k = newKey.trimmed();
    if (p.isEmpty() || k == p.last())
        return {};
    if (k.isEmpty())
        return tr("A name is needed.");
    const QStringList parent = p.mid(0, p.size() - 1);
    if (valueAt(m_effective, parent).toObject().contains(k))
        return tr("\"%1\" exists already.").arg(k);
    materialize(p);
    const QJsonValue v = valueAt(m_values, p);
    QJsonObject map = valueAt(m_values, parent).toObject();
    map.remove(p.last());
    map.insert(k, v);
    edit(parent, map);
    return {};
}

void AppForm::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit stateChanged();
}

void AppForm::setVerdict(const QString &text, bool ok)
{
    if (text == m_verdict && ok == m_verdictOk)
        return;
    m_verdict = text;
    m_verdictOk = ok;
    emit stateChanged();
}

QString AppForm::reviewYaml() const
{
    if (!m_writer)
        return {};
    if (editing())
        return jsonToYaml(QJsonValue(m_values));
    return jsonToYaml(QJsonValue(m_writer->manifest(m_ns, m_name, m_values)));
}

QStringList AppForm::reviewChanges() const
{
    QStringList out;
    for (const DiffLine &d : diff(m_original, m_values))
        out << d.text();
    return out;
}

QStringList AppForm::serverChecked() const
{
    QStringList out;
    for (const FieldError &e : m_result.serverChecked)
        out << e.text();
    return out;
}

void AppForm::dryRun()
{
    if (!m_writer || m_busy)
        return;
    if (!valid() || !m_localErrors.isEmpty()) {
        QStringList lines;
        if (!nameError().isEmpty())
            lines << tr("name: %1").arg(nameError());
        for (const FieldError &e : m_result.errors)
            lines << e.text();
        setVerdict(tr("Not sent: fix these first.") + QLatin1Char('\n') + lines.join(QLatin1Char('\n')), false);
        return;
    }
    setBusy(true);
    setVerdict(tr("Asking the server (dry run)…"), true);
    QPointer<AppForm> self(this);
    auto done = [self](const WriteResult &r) {
        if (self)
            self->take(r, false);
    };
    if (editing())
        m_writer->update(m_live, m_values, AppWriter::Mode::DryRunOnly, this, done);
    else
        m_writer->create(m_ns, m_name, m_values, AppWriter::Mode::DryRunOnly, this, done);
}

void AppForm::apply()
{
    if (!m_writer || m_busy || m_readOnly || m_conflict)
        return;
    setBusy(true);
    setVerdict(editing() ? tr("Applying…") : tr("Creating…"), true);
    QPointer<AppForm> self(this);
    auto done = [self](const WriteResult &r) {
        if (self)
            self->take(r, true);
    };
    if (editing())
        m_writer->update(m_live, m_values, AppWriter::Mode::DryRunThenWrite, this, done);
    else
        m_writer->create(m_ns, m_name, m_values, AppWriter::Mode::DryRunThenWrite, this, done);
}

void AppForm::take(const WriteResult &r, bool forReal)
{
    setBusy(false);
    m_serverErrors = r.fieldErrors;
    if (r.conflict) {
        m_conflict = true;
        m_latest = r.latest;
        m_theirChanges.clear();
        for (const DiffLine &d : r.theirChanges)
            m_theirChanges << d.text();
        setVerdict(r.message, false);
        rebuildRows();
        emit valuesChanged();
        emit stateChanged();
        return;
    }
    if (r.unchanged) {
        setVerdict(tr("Nothing to change: the object already has these values."), true);
        return;
    }
    if (!r.ok) {
        QStringList lines = r.lines();
        setVerdict(lines.isEmpty() ? r.message : lines.join(QLatin1Char('\n')), false);
        rebuildRows();
        emit valuesChanged();
        return;
    }
    if (!forReal || r.dryRun) {
        setVerdict(editing() ? tr("The server accepts these changes (dry run): nothing is stored until you apply.")
                             : tr("The server accepts this %1 (dry run): nothing is created until you confirm.").arg(kindTitle()),
                   true);
        return;
    }
    // Stored: the live object is the new base.
    m_live = r.object;
    m_original = m_live.value(QLatin1String("spec")).toObject();
    m_values = m_original;
    m_dirty = false;
    setVerdict(editing() ? tr("Applied.") : tr("Created."), true);
    revalidate();
    emit valuesChanged();
    emit finished(m_ns + QLatin1Char('/') + m_name);
}

void AppForm::reapplyMine()
{
    if (!m_conflict || !m_writer)
        return;
    // My edits, as a patch on the spec they started from, laid over the server's spec now.
    const QJsonValue mine = mergePatch(m_original, m_values);
    m_live = m_latest;
    m_original = m_live.value(QLatin1String("spec")).toObject();
    m_values = (mine.isUndefined() ? QJsonValue(m_original) : applyMergePatch(m_original, mine)).toObject();
    m_conflict = false;
    m_theirChanges.clear();
    m_dirty = m_values != m_original;
    revalidate();
    emit valuesChanged();
    emit stateChanged();
    dryRun();
}

void AppForm::revert()
{
    m_values = m_original;
    m_localErrors.clear();
    m_typedText.clear();
    m_serverErrors.clear();
    m_dirty = false;
    if (!editing())
        m_name.clear();
    setVerdict({}, false);
    revalidate();
    emit valuesChanged();
}
