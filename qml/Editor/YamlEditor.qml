import QtQuick
import QtQuick.Controls
// qmllint disable unused-imports
import org.kde.syntaxhighlighting
// qmllint enable unused-imports
import Nestdeck.Components

// Free-form values (Helm values overrides, anything the form cannot show as
// fields) as YAML, highlighted. Sent to the form when editing ends; a parse
// error comes back in words and the text stays as typed.
ScrollView {
    id: editor
    property string value
    property string error
    signal edited(string yaml)
    implicitHeight: Math.min(Math.max(area.implicitHeight, 80), 260)

    TextArea {
        id: area
        objectName: "yamlArea"
        text: editor.value
        font.family: Theme.monoFamily
        wrapMode: TextEdit.NoWrap
        selectByMouse: true
        placeholderText: qsTr("key: value")
        onEditingFinished: if (text !== editor.value) editor.edited(text)
        Accessible.name: qsTr("YAML")
        Accessible.description: editor.error
        // KSyntaxHighlighting's QML module ships no type information for qmllint.
        // qmllint disable import unresolved-type missing-property
        SyntaxHighlighter {
            textEdit: area
            definition: "YAML"
        }
        // qmllint enable import unresolved-type missing-property
    }
    // Follow the form while the user is not typing here.
    Connections {
        target: editor
        function onValueChanged() { if (!area.activeFocus) area.text = editor.value }
    }
}
