import QtQuick
import QtQuick.Controls

// A boolean: on or off; "(default)" while the schema's default applies,
// "(not set)" while unset without a default (the chart decides).
Switch {
    id: editor
    property bool fromDefault
    property bool hasDefault: true
    signal toggledTo(bool on)
    text: (checked ? qsTr("on") : qsTr("off"))
          + (!fromDefault ? "" : hasDefault ? qsTr(" (default)") : qsTr(" (not set)"))
    onToggled: editor.toggledTo(checked)
    Accessible.name: text
}
