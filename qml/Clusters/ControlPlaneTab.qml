pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck.Components
import Nestdeck.Clusters

ScrollView {
    id: tab
    required property ClusterDetails details
    contentWidth: availableWidth
    readonly property controlPlaneInfo cp: details.controlPlane

    ColumnLayout {
        width: tab.availableWidth
        spacing: Theme.spacing
        InfoRow { label: qsTr("State"); value: tab.cp.status || qsTr("not visible with your rights") }
        InfoRow { label: qsTr("Replicas"); value: tab.cp.replicas }
        InfoRow { label: qsTr("Running version"); value: tab.cp.runningVersion || "—" }
        InfoRow { label: qsTr("Endpoint"); value: tab.cp.endpoint || "—" }
        Label {
            Layout.topMargin: Theme.gap
            text: qsTr("Components (resource presets are per replica; they are not VM instance types)")
            font.bold: true
        }
        Repeater {
            model: tab.details.components
            delegate: RowLayout {
                id: component
                required property string name
                required property string preset
                required property string presetMeaning
                required property string explicitResources
                spacing: Theme.gap
                Label { Layout.preferredWidth: 180; text: component.name }
                Label {
                    Layout.preferredWidth: 320
                    text: component.preset ? qsTr("preset %1 (%2)").arg(component.preset).arg(component.presetMeaning) : qsTr("no preset")
                    opacity: component.explicitResources ? 0.5 : 1
                }
                Label { Layout.fillWidth: true; text: component.explicitResources; wrapMode: Text.Wrap }
            }
        }
    }
}
