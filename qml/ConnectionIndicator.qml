import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck

// Connection state in words: connecting, synced, reconnecting (and why), forbidden.
RowLayout {
    id: root
    objectName: "connectionIndicator"
    spacing: 6
    readonly property string state: AppController.state
    Accessible.role: Accessible.StaticText
    Accessible.name: label.text

    Rectangle {
        implicitWidth: 10
        implicitHeight: 10
        radius: 5
        color: root.state === "synced" ? Theme.ok : root.state === "forbidden" ? Theme.error : Theme.warning
    }
    Label {
        id: label
        objectName: "connectionState"
        text: {
            switch (root.state) {
            case "connecting": return qsTr("Connecting…")
            case "synced": return AppController.clusterWide ? qsTr("Live") : qsTr("Live (tenant scope)")
            case "reconnecting": return qsTr("Reconnecting: %1").arg(AppController.stateReason)
            case "forbidden": return qsTr("Forbidden: %1").arg(AppController.stateReason)
            default: return ""
            }
        }
        elide: Text.ElideRight
        Layout.maximumWidth: 420
    }
}
