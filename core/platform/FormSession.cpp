#include "core/platform/FormSession.h"

#include "core/platform/Tr.h"
#include "core/platform/VersionPolicy.h"
#include "core/platform/Yaml.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>

namespace nestdeck::platform {

namespace {

bool startsWith(const QStringList &path, const QStringList &prefix)
{
    return path.size() >= prefix.size() && path.mid(0, prefix.size()) == prefix;
}

QStringList pathOfKey(const QString &key)
{
    QStringList out;
    for (const QJsonValue &v : QJsonDocument::fromJson(key.toUtf8()).array())
        out << v.toString();
    return out;
}
} // namespace

QString FormSession::key(const QStringList &path)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(path)).toJson(QJsonDocument::Compact));
}

FormSession::FormSession(ApiCalls *calls, AppDefinitionPtr definition, ValidatorPtr validator, ServerTraits traits, QObject *parent)
    : QObject(parent), m_writer(calls, std::move(definition), std::move(validator), traits)
{
    m_steps = formSteps(m_writer.validator().schema().root());
}

void FormSession::startCreate(const QString &ns, const QString &name, const QJsonObject &values)
{
    m_ns = ns;
    m_live = {};
    m_initialName = name;
    m_original = values;
    revert();
}

void FormSession::moveTo(const QString &ns)
{
    if (editing() || ns == m_ns)
        return;
    m_ns = ns;
    m_serverErrors.clear();
    m_last = {};
    setVerdict({}, false);
    revalidate();
    emit valuesChanged();
    emit stateChanged();
}

void FormSession::startEdit(const QJsonObject &live)
{
    const QJsonObject meta = live.value(QLatin1String("metadata")).toObject();
    m_ns = meta.value(QLatin1String("namespace")).toString();
    m_name = meta.value(QLatin1String("name")).toString();
    m_live = live;
    m_original = live.value(QLatin1String("spec")).toObject();
    revert();
}

void FormSession::setName(const QString &name)
{
    if (name == m_name || editing())
        return;
    m_name = name;
    m_dirty = m_name != m_initialName || m_values != m_original;
    revalidate(); // the platform's rules may judge the name
    emit valuesChanged();
}

QString FormSession::nameError() const
{
    if (editing())
        return {};
    const QString own = definition().nameError(m_name);
    return own.isEmpty() ? m_ruleNameError : own;
}

void FormSession::setRules(Rules rules)
{
    m_rules = std::move(rules);
    revalidate();
    emit valuesChanged();
}

QList<FormRow> FormSession::rows(int step) const
{
    if (step < 0 || step >= m_steps.size())
        return {};
    return formRows(validator().schema().root(), m_steps[step].roots, m_values, m_effective);
}

bool FormSession::stepValid(int step) const
{
    if (step >= m_steps.size())
        return valid();
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
        if (inStep(pathOfKey(it.key())))
            return false;
    return true;
}

int FormSession::errorCount() const
{
    return int(m_result.errors.size() + m_serverErrors.size() + m_localErrors.size()) + (nameError().isEmpty() ? 0 : 1);
}

QString FormSession::errorAt(const QStringList &path) const
{
    if (const QString local = m_localErrors.value(key(path)); !local.isEmpty())
        return local;
    for (const FieldError &e : m_serverErrors)
        if (e.path == path)
            return e.message;
    return m_result.errorsAt(path).value(0);
}

void FormSession::revalidate()
{
    // One validation per change; rows, errors and the review all read its result.
    m_result = validator().validate(m_values, editing() ? &m_original : nullptr);
    m_effective = m_result.effective;
    if (editing())
        m_result.errors << changeRuleErrors(definition().kind, validator(), m_original, m_values);
    m_ruleNameError.clear();
    if (m_rules)
        for (const FieldError &e : m_rules(editing() ? QString() : m_name, m_effective)) {
            if (e.path.isEmpty())
                m_ruleNameError = e.message;
            else
                m_result.errors << e;
        }
}

void FormSession::materialize(const QStringList &path)
{
    // Editing inside a map or list that is unset edits a copy of its default:
    // a map's default applies only while the whole map is absent.
    for (qsizetype n = 1; n < path.size(); ++n) {
        const QStringList p = path.mid(0, n);
        if (!valueAt(m_values, p).isUndefined())
            continue;
        const Field *f = validator().schema().find(p);
        if (f && (f->kind == FieldKind::Map || f->kind == FieldKind::List) && !valueAt(m_effective, p).isUndefined()) {
            m_values = withValueAt(m_values, p, valueAt(m_effective, p)).toObject();
            return;
        }
    }
}

void FormSession::edit(const QStringList &path, const QJsonValue &value)
{
    materialize(path);
    m_values = withValueAt(m_values, path, value).toObject();
    m_localErrors.remove(key(path));
    m_typedText.remove(key(path));
    m_serverErrors.removeIf([&path](const FieldError &e) { return startsWith(e.path, path) || startsWith(path, e.path); });
    m_dirty = m_values != m_original || (!editing() && m_name != m_initialName);
    setVerdict({}, false);
    revalidate();
    emit valuesChanged();
}

void FormSession::setText(const QStringList &path, const QString &text)
{
    const Field *f = validator().schema().find(path);
    if (!f)
        return;
    const TextValue v = valueFromText(*f, text);
    if (!v.error.isEmpty()) {
        // Kept as typed, with the reason; the spec keeps its last good value.
        m_localErrors.insert(key(path), v.error);
        m_typedText.insert(key(path), text);
        m_dirty = true;
        emit valuesChanged();
        return;
    }
    // Clearing an entry's own value keeps the entry (empty, with its error):
    // removing an entry is the Remove button's job, not a side effect of typing.
    if (v.value.isUndefined() && path.size() > 1)
        if (const Field *parent = validator().schema().find(path.mid(0, path.size() - 1));
            parent && (parent->kind == FieldKind::Map || parent->kind == FieldKind::List) && parent->item.get() == f) {
            edit(path, QJsonValue(text));
            return;
        }
    edit(path, v.value);
}

void FormSession::setChecked(const QStringList &path, bool checked) { edit(path, QJsonValue(checked)); }

void FormSession::setYaml(const QStringList &path, const QString &yaml)
{
    if (yaml.trimmed().isEmpty()) {
        edit(path, QJsonValue(QJsonValue::Undefined));
        return;
    }
    const auto docs = yamlDocuments(yaml.toUtf8());
    if (!docs || docs->size() != 1) {
        m_localErrors.insert(key(path), docs ? tr("one YAML value, please (this has %n documents)", nullptr, int(docs->size()))
                                             : docs.error().message);
        m_typedText.insert(key(path), yaml);
        m_dirty = true;
        emit valuesChanged();
        return;
    }
    edit(path, docs->first());
}

QString FormSession::yamlOf(const QStringList &path) const
{
    QJsonValue v = valueAt(m_values, path);
    if (v.isUndefined())
        v = valueAt(m_effective, path);
    if (v.isUndefined() || (v.isObject() && v.toObject().isEmpty()))
        return {};
    return jsonToYaml(v);
}

void FormSession::resetToDefault(const QStringList &path) { edit(path, QJsonValue(QJsonValue::Undefined)); }

QString FormSession::addEntry(const QStringList &p, const QString &newKey)
{
    const Field *f = validator().schema().find(p);
    if (!f || !f->item)
        return tr("Entries cannot be added here.");
    if (f->kind == FieldKind::Map) {
        const QString k = newKey.trimmed();
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
            initial = valueAt(validator().withDefaults(probe), entry);
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
        initial = valueAt(validator().withDefaults(withValueAt(m_values, entry, initial).toObject()), entry);
    }
    now.append(initial);
    edit(p, now);
    return {};
}

void FormSession::removeEntry(const QStringList &p)
{
    materialize(p);
    edit(p, QJsonValue(QJsonValue::Undefined));
}

QString FormSession::renameEntry(const QStringList &p, const QString &newKey)
{
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

void FormSession::revert()
{
    m_values = m_original;
    m_localErrors.clear();
    m_typedText.clear();
    m_serverErrors.clear();
    m_dirty = false;
    m_conflict = false;
    m_last = {};
    if (!editing())
        m_name = m_initialName;
    setVerdict({}, false);
    revalidate();
    emit valuesChanged();
    emit stateChanged();
}

QString FormSession::reviewYaml() const
{
    if (editing())
        return jsonToYaml(QJsonValue(m_values));
    return jsonToYaml(QJsonValue(m_writer.manifest(m_ns, m_name, m_values)));
}

QStringList FormSession::reviewChanges() const
{
    QStringList out;
    for (const DiffLine &d : specChanges(validator(), m_original, m_values))
        out << d.text();
    return out;
}

QStringList FormSession::checkedLocally() const
{
    QStringList out{tr("the schema: types, bounds, patterns and required fields, with its defaults applied")};
    if (editing())
        out << tr("fields that cannot change after creation");
    else
        out << tr("the name");
    return out;
}

QStringList FormSession::serverChecks() const
{
    QStringList out;
    for (const FieldError &e : m_result.serverChecked)
        out << e.text();
    return out;
}

QStringList FormSession::theirChanges() const
{
    QStringList out;
    for (const DiffLine &d : m_last.theirChanges) {
        bool mine = false;
        for (const QStringList &both : m_last.sameFields)
            mine = mine || startsWith(d.path, both) || startsWith(both, d.path);
        out << (mine ? tr("%1   (you changed this too)").arg(d.text()) : d.text());
    }
    return out;
}

QStringList FormSession::notStuck() const
{
    QStringList out;
    for (const DiffLine &d : m_last.notStuck)
        out << tr("%1: you set %2, the server holds %3")
                   .arg(pathText(d.path), compactValue(d.oldValue), d.newValue.isUndefined() ? tr("nothing") : compactValue(d.newValue));
    return out;
}

void FormSession::setVerdict(const QString &text, bool ok)
{
    if (text == m_verdict && ok == m_verdictOk)
        return;
    m_verdict = text;
    m_verdictOk = ok;
    emit stateChanged();
}

void FormSession::check()
{
    if (m_busy)
        return;
    if (!valid()) {
        QStringList lines;
        if (!nameError().isEmpty())
            lines << tr("name: %1").arg(nameError());
        for (const FieldError &e : m_result.errors)
            lines << e.text();
        setVerdict(tr("Not sent: fix these first.") + QLatin1Char('\n') + lines.join(QLatin1Char('\n')), false);
        return;
    }
    m_busy = true;
    setVerdict(editing() && !traits().dryRunUpdates ? tr("Looking for changes made meanwhile…") : tr("Asking the server (dry run)…"), true);
    emit stateChanged();
    QPointer<FormSession> self(this);
    auto done = [self](const WriteResult &r) {
        if (self)
            self->take(r, false);
    };
    if (editing())
        m_writer.update(m_live, m_values, AppWriter::Mode::Check, this, done);
    else
        m_writer.create(m_ns, m_name, m_values, AppWriter::Mode::Check, this, done);
}

void FormSession::apply()
{
    if (m_busy || m_conflict || m_created)
        return;
    m_busy = true;
    setVerdict(editing() ? tr("Applying…") : tr("Creating…"), true);
    emit stateChanged();
    QPointer<FormSession> self(this);
    auto done = [self](const WriteResult &r) {
        if (self)
            self->take(r, true);
    };
    if (editing())
        m_writer.update(m_live, m_values, AppWriter::Mode::Write, this, done);
    else
        m_writer.create(m_ns, m_name, m_values, AppWriter::Mode::Write, this, done);
}

void FormSession::take(const WriteResult &r, bool forReal)
{
    m_busy = false;
    m_last = r;
    m_serverErrors = r.fieldErrors;
    if (r.conflict) {
        m_conflict = true;
        setVerdict(r.message, false);
        emit valuesChanged();
        emit stateChanged();
        return;
    }
    if (r.unchanged) {
        setVerdict(tr("Nothing to change: the object already has these values."), true);
        emit stateChanged();
        return;
    }
    if (!r.ok) {
        const QStringList lines = r.lines();
        setVerdict(lines.isEmpty() ? r.message : lines.join(QLatin1Char('\n')), false);
        emit valuesChanged();
        emit stateChanged();
        return;
    }
    if (!forReal) {
        if (r.localOnly)
            setVerdict(tr("Checked here; nothing was sent. The platform cannot check an edit without applying it "
                          "(it ignores dry runs of updates): Apply writes these changes."),
                       true);
        else if (editing())
            setVerdict(tr("The server accepts these changes (dry run): nothing is stored until you apply."), true);
        else
            setVerdict(tr("The server accepts this %1 (dry run): nothing is created until you confirm.")
                           .arg(definition().title.isEmpty() ? definition().kind : definition().title),
                       true);
        emit stateChanged();
        return;
    }
    // Stored: the object read back is the new base.
    const bool wasCreate = !editing();
    m_live = r.object;
    m_original = m_live.value(QLatin1String("spec")).toObject();
    m_values = m_original;
    m_dirty = false;
    QString verdict = editing() ? tr("Applied.") : tr("Created.");
    if (!r.notStuck.isEmpty())
        verdict = tr("Applied, but the server does not hold all of your values (someone wrote over them, or the platform "
                     "changed them): see below.");
    else if (!r.theirChanges.isEmpty())
        verdict = tr("Applied. Changes someone else made meanwhile to other fields stand beside yours: see below.");
    else if (!r.warnings.isEmpty())
        verdict = editing() ? tr("Applied, with a warning from the server: see below.")
                            : tr("Created, with a warning from the server: see below.");
    revalidate();
    setVerdict(verdict, r.notStuck.isEmpty());
    emit valuesChanged();
    emit stateChanged();
    // With something to tell (values that did not stick, others' changes
    // beside the user's, the server's warnings), the form stays to tell it.
    // A create that stays is done: nothing more is sent from it.
    if (r.notStuck.isEmpty() && r.theirChanges.isEmpty() && r.warnings.isEmpty())
        emit finished(m_ns + QLatin1Char('/') + m_name);
    else if (wasCreate) {
        m_created = true;
        emit stateChanged();
    }
}

void FormSession::reapplyMine()
{
    if (!m_conflict)
        return;
    // My edits, as a patch on the spec they started from, laid over the server's spec now.
    const QJsonValue mine = mergePatch(m_original, m_values);
    m_live = m_last.latest;
    m_original = m_live.value(QLatin1String("spec")).toObject();
    m_values = (mine.isUndefined() ? QJsonValue(m_original) : applyMergePatch(m_original, mine)).toObject();
    m_conflict = false;
    m_dirty = m_values != m_original;
    revalidate();
    emit valuesChanged();
    emit stateChanged();
    check();
}

} // namespace nestdeck::platform
