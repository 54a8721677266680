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

    ColumnLayout {
        width: tab.availableWidth
        spacing: Theme.spacing
        InfoRow { label: qsTr("Health"); value: tab.details.healthWord }
        InfoRow { label: qsTr("Kubernetes wanted"); value: tab.details.wantedVersion }
        InfoRow { label: qsTr("Kubernetes running"); value: tab.details.runningVersion || qsTr("not known yet") }
        InfoRow { label: qsTr("Nodes"); value: tab.details.nodesText }
        Label {
            Layout.topMargin: Theme.gap
            text: qsTr("Conditions behind the health")
            font.bold: true
        }
        Label {
            visible: !tab.details.treeVisible
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            opacity: 0.7
            text: qsTr("Your rights show the application's own conditions only; Cluster API, Kamaji and Flux objects are not visible to you.")
        }
        Repeater {
            model: tab.details.conditions
            delegate: RowLayout {
                id: cond
                required property int severity
                required property string object
                required property string type
                required property string status
                required property string reason
                required property string message
                spacing: Theme.spacing
                Layout.fillWidth: true
                // Unknown is not yet known, not failed: no red cross for it.
                Label {
                    text: cond.severity === 0 ? "✔" : cond.severity === 3 ? "✖" : cond.severity === 2 ? "!" : "…"
                    color: cond.severity === 0 ? Theme.ok : cond.severity === 3 ? Theme.error
                         : cond.severity === 2 ? Theme.warning : palette.windowText
                    Accessible.name: cond.severity === 0 ? qsTr("fine") : cond.severity === 3 ? qsTr("problem")
                                   : cond.severity === 2 ? qsTr("warning") : qsTr("in progress or not known yet")
                }
                Label {
                    Layout.preferredWidth: 300
                    text: cond.object
                    elide: Text.ElideMiddle
                }
                Label {
                    Layout.preferredWidth: 200
                    text: cond.type + " = " + cond.status
                }
                Label {
                    Layout.fillWidth: true
                    text: [cond.reason, cond.message].filter(s => s).join(": ")
                    wrapMode: Text.Wrap
                    opacity: 0.8
                }
            }
        }
    }
}
