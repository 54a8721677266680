import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck.Components
import Nestdeck

// Connection state in words: connecting, synced, reconnecting (and why), forbidden.
RowLayout {
    id: root
    objectName: "connectionIndicator"
    spacing: 6
    readonly property int state: AppController.state
    // Never connected, and the server has answered with an error: say so, not "Connecting…".
    readonly property bool failing: state === ConnectionState.Connecting && AppController.stateReason.length > 0
    Accessible.role: Accessible.StaticText
    Accessible.name: label.text

    Rectangle {
        implicitWidth: 10
        implicitHeight: 10
        radius: 5
        color: root.state === ConnectionState.Synced ? Theme.ok
               : root.state === ConnectionState.Forbidden || root.failing ? Theme.error : Theme.warning
    }
    Label {
        id: label
        objectName: "connectionState"
        text: {
            switch (root.state) {
            case ConnectionState.Connecting:
                return root.failing ? qsTr("Cannot connect: %1").arg(AppController.stateReason) : qsTr("Connecting…")
            case ConnectionState.Synced: return AppController.clusterWide ? qsTr("Live") : qsTr("Live (tenant scope)")
            case ConnectionState.Reconnecting: return qsTr("Reconnecting: %1").arg(AppController.stateReason)
            case ConnectionState.Forbidden: return qsTr("Forbidden: %1").arg(AppController.stateReason)
            default: return ""
            }
        }
        elide: Text.ElideRight
        Layout.maximumWidth: 420
        // The reason is often longer than the bar: all of it on hover.
        ToolTip.visible: hover.hovered && label.truncated
        ToolTip.text: label.text
        ToolTip.delay: 300
        HoverHandler { id: hover }
    }
}
