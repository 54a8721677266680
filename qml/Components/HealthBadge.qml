import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck.Components

// A coloured dot and the health word; the colour never carries meaning alone.
RowLayout {
    id: badge
    property int health: Health.Unknown
    property string text
    // Not live: the last word heard, not vouched for now (hollow dot, dimmed).
    property bool stale: false
    spacing: 6
    Accessible.role: Accessible.StaticText
    Accessible.name: stale ? qsTr("%1 (not live)").arg(text) : text

    Rectangle {
        Layout.alignment: Qt.AlignVCenter
        implicitWidth: 10
        implicitHeight: 10
        radius: 5
        color: badge.stale ? "transparent" : Theme.healthColor(badge.health)
        border.color: Theme.healthColor(badge.health)
        border.width: badge.stale ? 2 : 0
    }
    Label {
        Layout.fillWidth: true
        text: badge.text
        elide: Text.ElideRight
        color: badge.health === Health.Failed ? Theme.error : palette.windowText
        opacity: badge.stale ? 0.6 : 1
    }
}
