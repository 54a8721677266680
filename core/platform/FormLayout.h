#pragma once

#include "core/platform/AppSchema.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace nestdeck::platform {

// How a form lays out an application's schema: steps from the schema's own
// sections, and each step's fields as rows with the values they hold. Pure
// functions of the field tree and the values; the GUI's form model adapts
// them, and knows no parameter by name either.

// One step of a guided form. "Basics" gathers the top-level fields that are
// single values; every top-level section (object, map, list, free-form) is a
// step of its own, in the schema's display order. The form adds Review.
struct FormStep {
    QString id;               // "" for Basics, else the top-level key
    QString title;            // for people
    QList<QStringList> roots; // the top-level fields this step shows
};
QList<FormStep> formSteps(const Field &root);

// One row of a form: a section heading, a value to edit, an entry of a map or
// list, or a YAML editor for what cannot be fields.
struct FormRow {
    enum Type {
        Heading, // an object, map or list: its title; maps and lists can add entries
        Value,   // a single value with an editor of its field's kind
        Entry,   // one entry of a map (its key) or list (its index); removable
        Yaml,    // free-form or unrenderable: edited as YAML text
    };
    Type type = Value;
    QStringList path; // value path below spec: map keys and list indices included
    const Field *field = nullptr; // the schema node (for an Entry: the map's or list's item)
    int depth = 0;
    QJsonValue value = QJsonValue(QJsonValue::Undefined); // what the spec holds here (undefined: unset)
    QJsonValue effective = QJsonValue(QJsonValue::Undefined); // with the schema's defaults applied
    bool fromDefault = false; // nothing set here or above: the row shows the default
};

// The rows of the fields under `roots`, with the values of `spec` (what the
// user set) and `effective` (the same with defaults applied). Map and list
// entries come from the effective value, so a default map (node groups)
// shows its default entries until the user changes it.
QList<FormRow> formRows(const Field &root, const QList<QStringList> &roots, const QJsonObject &spec,
                        const QJsonObject &effective);

// Values typed as text, read with their field's kind: "3" is 3 for an
// integer, "1.5" a number, "2" an int for a quantity but "500m" a string;
// "" is unset. Returns an error in words when the text cannot be the kind.
struct TextValue {
    QJsonValue value = QJsonValue(QJsonValue::Undefined);
    QString error;
};
TextValue valueFromText(const Field &field, const QString &text);
// The value a new map or list entry starts from: the item's default, else
// an empty value of its kind ({} for objects, whose defaults the caller fills
// in; "" for text and quantities, which the user must then type).
QJsonValue newEntryValue(const Field &item);

// The reverse, for an editor: numbers without exponent noise, strings as they are.
QString textOfValue(const QJsonValue &value);

} // namespace nestdeck::platform
