pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck.Components
import Nestdeck.Clusters

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
        required property string key
        required property string title
        required property bool enabled
        required property bool alwaysOn
        required property string state
        required property bool ready
        required property bool failed
        required property string message
        width: ListView.view.width
        spacing: Theme.gap
        Label {
            Layout.preferredWidth: 190
            text: addon.key
            font.bold: addon.enabled
            opacity: addon.enabled ? 1 : 0.6
        }
        Label {
            Layout.preferredWidth: 90
            text: addon.alwaysOn ? qsTr("always on") : addon.enabled ? qsTr("enabled") : qsTr("off")
            opacity: 0.7
        }
        Label {
            Layout.preferredWidth: 130
            text: addon.state
            color: addon.failed ? Theme.error : addon.ready ? Theme.ok : palette.windowText
        }
        Label {
            Layout.fillWidth: true
            text: addon.message || addon.title
            wrapMode: Text.Wrap
            opacity: addon.message ? 1 : 0.6
        }
    }
}
