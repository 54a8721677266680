pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck.Components
import Nestdeck.Editor

// One row of a schema form: a heading (with Add for maps and lists), an entry
// of a map or list (rename, remove), a value with the editor of its kind, or a
// YAML editor. The error sits under the field, in words; then the hint.
ColumnLayout {
    id: row
    required property AppForm form
    required property string path
    required property string key
    required property string label
    required property string description
    required property int rowType
    required property int fieldKind
    required property int depth
    required property string text
    required property bool checked
    required property string defaultText
    required property string defaultValue
    required property bool fromDefault
    required property bool changed
    required property string error
    required property bool required
    required property bool readOnly
    required property string readOnlyReason
    required property list<string> choices
    required property list<string> choiceLabels
    required property string hint
    required property bool canAdd
    required property bool isMap

    readonly property bool scalarEntry: rowType === AppForm.Entry && fieldKind !== AppForm.ObjectKind
                                        && fieldKind !== AppForm.MapKind && fieldKind !== AppForm.ListKind
                                        && fieldKind !== AppForm.FreeFormKind && fieldKind !== AppForm.YamlKind
    readonly property bool hasEditor: rowType === AppForm.Value || scalarEntry
    property string addError

    objectName: "field_" + path
    spacing: 2
    Layout.fillWidth: true
    Layout.leftMargin: depth * 20
    Layout.topMargin: rowType === AppForm.Heading ? Theme.spacing : 0

    RowLayout {
        spacing: Theme.spacing
        Layout.fillWidth: true

        // The label column: a field's name, a heading, or an entry's key.
        Label {
            visible: row.rowType !== AppForm.Entry || !row.isMap
            Layout.preferredWidth: row.rowType === AppForm.Heading ? -1 : 200
            text: (row.rowType === AppForm.Entry ? "#" + row.key : row.label) + (row.required && row.rowType === AppForm.Value ? " *" : "")
            font.bold: row.rowType !== AppForm.Value
            font.pointSize: row.rowType === AppForm.Heading && row.depth === 0 ? Theme.basePointSize * Theme.headingScale : Theme.basePointSize
            elide: Text.ElideRight
            ToolTip.visible: labelHover.hovered && row.description.length > 0
            ToolTip.text: row.description
            HoverHandler { id: labelHover }
        }
        TextField {
            // A map entry's key: rename on Enter or when leaving the field.
            visible: row.rowType === AppForm.Entry && row.isMap
            objectName: "entryKey_" + row.path
            Layout.preferredWidth: 200
            text: row.key
            font.bold: true
            enabled: !row.readOnly
            onEditingFinished: if (text !== row.key) {
                const why = row.form.renameEntry(row.path, text)
                if (why.length > 0) { row.addError = why; text = row.key }
            }
            Accessible.name: qsTr("Name of entry %1").arg(row.key)
        }
        Label {
            visible: row.changed
            text: "●"
            color: Theme.info
            Accessible.name: qsTr("changed")
            ToolTip.visible: changedHover.hovered
            ToolTip.text: qsTr("Changed from the live object")
            HoverHandler { id: changedHover }
        }

        // The editor of the field's kind.
        Loader {
            Layout.fillWidth: true
            active: row.hasEditor
            visible: active
            sourceComponent: row.fieldKind === AppForm.BooleanKind ? switchEditor
                             : row.choices.length > 0 ? choiceEditor : textEditor
        }
        Label {
            visible: row.hasEditor && row.fromDefault && row.defaultText.length > 0 && row.fieldKind !== AppForm.BooleanKind
                     && row.choices.length === 0
            text: row.defaultText
            opacity: 0.6
        }
        ToolButton {
            visible: row.hasEditor && !row.fromDefault && row.defaultText.length > 0 && !row.readOnly && row.rowType === AppForm.Value
            text: "↺"
            onClicked: row.form.resetToDefault(row.path)
            Accessible.name: qsTr("Back to the default of %1").arg(row.label)
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Back to the default (%1)").arg(row.defaultText)
        }
        Item { visible: !row.hasEditor; Layout.fillWidth: true }

        // Maps and lists: add an entry (a map's needs a name).
        TextField {
            id: newKey
            visible: row.canAdd && row.isMap
            objectName: "newKey_" + row.path
            Layout.preferredWidth: 160
            placeholderText: qsTr("new name")
            onAccepted: addButton.clicked()
            Accessible.name: qsTr("Name of the new entry of %1").arg(row.label)
        }
        Button {
            id: addButton
            visible: row.canAdd
            objectName: "add_" + row.path
            text: qsTr("Add")
            onClicked: {
                row.addError = row.form.addEntry(row.path, newKey.text)
                if (row.addError.length === 0) newKey.text = ""
            }
            Accessible.name: qsTr("Add an entry to %1").arg(row.label)
        }
        Button {
            visible: row.rowType === AppForm.Entry && !row.readOnly
            objectName: "remove_" + row.path
            text: qsTr("Remove")
            onClicked: row.form.removeEntry(row.path)
            Accessible.name: qsTr("Remove %1").arg(row.key)
        }
    }

    YamlEditor {
        visible: row.rowType === AppForm.Yaml
        Layout.fillWidth: true
        Layout.leftMargin: 200 + Theme.spacing
        value: row.text
        error: row.error
        enabled: !row.readOnly
        onEdited: (yaml) => row.form.setYaml(row.path, yaml)
    }

    Label {
        // The error in words, beside its field.
        objectName: "error_" + row.path
        visible: text.length > 0
        Layout.fillWidth: true
        Layout.leftMargin: 200 + Theme.spacing
        text: row.error || row.addError
        color: Theme.error
        wrapMode: Text.Wrap
    }
    Label {
        visible: text.length > 0 && row.rowType !== AppForm.Entry
        Layout.fillWidth: true
        Layout.leftMargin: row.rowType === AppForm.Heading ? 0 : 200 + Theme.spacing
        text: row.readOnly && row.readOnlyReason.length > 0 ? row.readOnlyReason
              : [row.rowType === AppForm.Value ? row.description : "", row.hint].filter(s => s).join(" — ")
        wrapMode: Text.Wrap
        opacity: 0.6
        font.pointSize: Theme.basePointSize * 0.9
    }

    Component {
        id: textEditor
        TextEditor {
            objectName: "edit_" + row.path
            value: row.text
            defaultText: row.defaultText
            error: row.error
            enabled: !row.readOnly
            onEdited: (text) => row.form.setText(row.path, text)
            Accessible.name: row.label
        }
    }
    Component {
        id: choiceEditor
        ChoiceEditor {
            objectName: "edit_" + row.path
            value: row.fromDefault ? "" : row.text
            defaultValue: row.defaultValue
            choices: row.choices
            labels: row.choiceLabels
            enabled: !row.readOnly
            onChosen: (value) => row.form.setText(row.path, value)
        }
    }
    Component {
        id: switchEditor
        SwitchEditor {
            objectName: "edit_" + row.path
            checked: row.checked
            fromDefault: row.fromDefault
            hasDefault: row.defaultValue.length > 0
            enabled: !row.readOnly
            onToggledTo: (on) => row.form.setChecked(row.path, on)
        }
    }
}
