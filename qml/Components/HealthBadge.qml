import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck.Components

// A coloured dot and the health word; the colour never carries meaning alone.
RowLayout {
    id: badge
    property int health: Health.Unknown
    property string text
    spacing: 6
    Accessible.role: Accessible.StaticText
    Accessible.name: text

    Rectangle {
        Layout.alignment: Qt.AlignVCenter
        implicitWidth: 10
        implicitHeight: 10
        radius: 5
        color: Theme.healthColor(badge.health)
    }
    Label {
        Layout.fillWidth: true
        text: badge.text
        elide: Text.ElideRight
        color: badge.health === Health.Failed ? Theme.error : palette.windowText
    }
}
