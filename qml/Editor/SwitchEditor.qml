import QtQuick
import QtQuick.Controls

// A boolean: on or off; "(default)" while the schema's default applies.
Switch {
    id: editor
    property bool fromDefault
    signal toggledTo(bool on)
    text: (checked ? qsTr("on") : qsTr("off")) + (fromDefault ? qsTr(" (default)") : "")
    onToggled: editor.toggledTo(checked)
    Accessible.name: text
}
