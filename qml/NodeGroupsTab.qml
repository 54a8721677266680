pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck

ScrollView {
    id: tab
    objectName: "nodeGroupsTab"
    required property ClusterDetails details
    contentWidth: availableWidth

    ColumnLayout {
        width: tab.availableWidth
        spacing: Theme.gap
        Repeater {
            model: tab.details.nodeGroups
            delegate: Frame {
                id: group
                required property var modelData
                Layout.fillWidth: true
                ColumnLayout {
                    anchors.fill: parent
                    spacing: Theme.spacing
                    RowLayout {
                        Label { text: group.modelData.name; font.bold: true; font.pointSize: Theme.basePointSize * Theme.headingScale }
                        Label {
                            text: group.modelData.phase
                            color: group.modelData.phase === "Failed" ? Theme.error : palette.windowText
                            opacity: 0.8
                        }
                    }
                    InfoRow {
                        label: qsTr("Nodes")
                        value: group.modelData.replicas < 0
                               ? qsTr("min %1, max %2").arg(group.modelData.minReplicas).arg(group.modelData.maxReplicas)
                               : qsTr("%1 of %2 ready (min %3, max %4)").arg(group.modelData.ready).arg(group.modelData.replicas)
                                     .arg(group.modelData.minReplicas).arg(group.modelData.maxReplicas)
                    }
                    InfoRow {
                        label: qsTr("Instance type")
                        value: qsTr("%1 — %2 (VM size from the instance type catalog)").arg(group.modelData.instanceType).arg(group.modelData.instanceSize)
                    }
                    InfoRow {
                        visible: group.modelData.resourcesOverride.length > 0
                        label: qsTr("Resources override")
                        value: group.modelData.resourcesOverride
                    }
                    InfoRow { label: qsTr("Ephemeral storage"); value: group.modelData.ephemeralStorage }
                    InfoRow { label: qsTr("Roles"); value: group.modelData.roles || qsTr("none") }
                    InfoRow { label: qsTr("GPUs"); value: group.modelData.gpus || qsTr("none") }
                    Label {
                        visible: group.modelData.machines.length > 0
                        text: qsTr("Machines")
                        font.bold: true
                    }
                    Repeater {
                        model: group.modelData.machines
                        delegate: RowLayout {
                            id: machine
                            required property var modelData
                            spacing: Theme.gap
                            Label { Layout.preferredWidth: 300; text: machine.modelData.name; elide: Text.ElideMiddle; font.family: Theme.monoFamily }
                            Label {
                                Layout.preferredWidth: 110
                                text: machine.modelData.phase
                                color: machine.modelData.phase === "Failed" ? Theme.error : machine.modelData.phase === "Running" ? Theme.ok : palette.windowText
                            }
                            Label { Layout.preferredWidth: 260; text: machine.modelData.node || "—"; elide: Text.ElideMiddle }
                            Label { Layout.preferredWidth: 50; text: machine.modelData.age; opacity: 0.7 }
                            Label { Layout.fillWidth: true; text: machine.modelData.message; color: Theme.error; wrapMode: Text.Wrap }
                        }
                    }
                }
            }
        }
        EmptyState {
            Layout.fillWidth: true
            Layout.preferredHeight: 200
            visible: tab.details.nodeGroups.length === 0
            title: qsTr("No node groups")
            explanation: qsTr("This cluster has no workers: only its control plane runs.")
        }
    }
}
