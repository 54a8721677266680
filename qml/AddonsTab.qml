pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck

ListView {
    id: list
    objectName: "addonsTab"
    required property ClusterDetails details
    clip: true
    spacing: 2
    model: details.addons
    header: Label {
        width: list.width
        bottomPadding: Theme.spacing
        wrapMode: Text.Wrap
        opacity: 0.7
        text: qsTr("Every addon the platform's schema offers, on or off, with the state of its HelmRelease.")
    }
    delegate: RowLayout {
        id: addon
        required property var modelData
        width: ListView.view.width
        spacing: Theme.gap
        Label {
            Layout.preferredWidth: 190
            text: addon.modelData.key
            font.bold: addon.modelData.enabled
            opacity: addon.modelData.enabled ? 1 : 0.6
        }
        Label {
            Layout.preferredWidth: 90
            text: addon.modelData.alwaysOn ? qsTr("always on") : addon.modelData.enabled ? qsTr("enabled") : qsTr("off")
            opacity: 0.7
        }
        Label {
            Layout.preferredWidth: 130
            text: addon.modelData.state
            color: addon.modelData.failed ? Theme.error : addon.modelData.state === qsTr("Ready") ? Theme.ok : palette.windowText
        }
        Label {
            Layout.fillWidth: true
            text: addon.modelData.message || addon.modelData.title
            wrapMode: Text.Wrap
            opacity: addon.modelData.message ? 1 : 0.6
        }
    }
}
