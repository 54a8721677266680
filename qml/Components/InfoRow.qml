import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// "Label   value" in a two-column grid.
RowLayout {
    property alias label: key.text
    property alias value: val.text
    property alias valueColor: val.color
    spacing: Theme.gap
    Label {
        id: key
        Layout.preferredWidth: 160
        opacity: 0.7
    }
    Label {
        id: val
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        textFormat: Text.PlainText
    }
}
