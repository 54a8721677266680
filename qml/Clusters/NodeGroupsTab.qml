pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck.Components
import Nestdeck.Clusters

ScrollView {
    id: tab
    objectName: "nodeGroupsTab"
    required property ClusterDetails details
    required property ClusterActionsModel actions
    contentWidth: availableWidth

    ColumnLayout {
        width: tab.availableWidth
        spacing: Theme.gap
        Repeater {
            model: tab.details.nodeGroups
            delegate: Frame {
                id: group
                required property string name
                required property int minReplicas
                required property int maxReplicas
                required property string instanceType
                required property string instanceSize
                required property string resourcesOverride
                required property string roles
                required property string gpus
                required property string ephemeralStorage
                required property string phase
                required property int replicas
                required property int ready
                required property ValueListModel machines
                objectName: "nodeGroup_" + name
                Layout.fillWidth: true
                ColumnLayout {
                    anchors.fill: parent
                    spacing: Theme.spacing
                    RowLayout {
                        Label { text: group.name; font.bold: true; font.pointSize: Theme.basePointSize * Theme.headingScale }
                        Label {
                            text: group.phase
                            color: group.phase === "Failed" ? Theme.error : palette.windowText
                            opacity: 0.8
                        }
                    }
                    InfoRow {
                        label: qsTr("Nodes")
                        value: group.replicas < 0
                               ? qsTr("min %1, max %2").arg(group.minReplicas).arg(group.maxReplicas)
                               : qsTr("%1 of %2 ready (min %3, max %4)").arg(group.ready).arg(group.replicas)
                                     .arg(group.minReplicas).arg(group.maxReplicas)
                    }
                    // Scale in place: validated by the schema, sent with a conflict check.
                    RowLayout {
                        spacing: Theme.spacing
                        enabled: tab.actions.allowed && !tab.actions.stopped && !tab.actions.busy
                        Label { text: qsTr("Scale"); Layout.preferredWidth: 160; opacity: 0.7 }
                        Label { text: qsTr("min") }
                        SpinBox {
                            id: minBox
                            objectName: "scaleMin_" + group.name
                            from: 0
                            to: 1000
                            value: group.minReplicas
                            editable: true
                            Accessible.name: qsTr("Minimum nodes of %1").arg(group.name)
                        }
                        Label { text: qsTr("max") }
                        SpinBox {
                            id: maxBox
                            objectName: "scaleMax_" + group.name
                            from: 0
                            to: 1000
                            value: group.maxReplicas
                            editable: true
                            Accessible.name: qsTr("Maximum nodes of %1").arg(group.name)
                        }
                        Button {
                            objectName: "scaleApply_" + group.name
                            text: qsTr("Apply")
                            enabled: minBox.value !== group.minReplicas || maxBox.value !== group.maxReplicas
                            onClicked: tab.actions.scale(group.name, minBox.value, maxBox.value)
                        }
                        Label {
                            visible: !tab.actions.allowed || tab.actions.stopped
                            text: tab.actions.stopped ? qsTr("the cluster is stopped") : tab.actions.deniedReason
                            opacity: 0.7
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                    }
                    InfoRow {
                        label: qsTr("Instance type")
                        value: qsTr("%1 — %2 (VM size from the instance type catalog)").arg(group.instanceType).arg(group.instanceSize)
                    }
                    InfoRow {
                        visible: group.resourcesOverride.length > 0
                        label: qsTr("Resources override")
                        value: group.resourcesOverride
                    }
                    InfoRow { label: qsTr("Ephemeral storage"); value: group.ephemeralStorage }
                    InfoRow { label: qsTr("Roles"); value: group.roles || qsTr("none") }
                    InfoRow { label: qsTr("GPUs"); value: group.gpus || qsTr("none") }
                    Label {
                        visible: group.machines.count > 0
                        text: qsTr("Machines")
                        font.bold: true
                    }
                    Repeater {
                        model: group.machines
                        delegate: RowLayout {
                            id: machine
                            required property string name
                            required property string phase
                            required property string node
                            required property string age
                            required property string message
                            required property string version
                            spacing: Theme.gap
                            Label { Layout.preferredWidth: 300; text: machine.name; elide: Text.ElideMiddle; font.family: Theme.monoFamily }
                            Label {
                                Layout.preferredWidth: 110
                                text: machine.phase
                                color: machine.phase === "Failed" ? Theme.error : machine.phase === "Running" ? Theme.ok : palette.windowText
                            }
                            Label { Layout.preferredWidth: 260; text: machine.node || "—"; elide: Text.ElideMiddle }
                            Label { Layout.preferredWidth: 80; text: machine.version; opacity: 0.8 }
                            Label { Layout.preferredWidth: 50; text: machine.age; opacity: 0.7 }
                            Label { Layout.fillWidth: true; text: machine.message; color: Theme.error; wrapMode: Text.Wrap }
                        }
                    }
                }
            }
        }
        EmptyState {
            Layout.fillWidth: true
            Layout.preferredHeight: 200
            visible: tab.details.nodeGroups.count === 0
            title: qsTr("No node groups")
            explanation: qsTr("This cluster has no workers: only its control plane runs.")
        }
    }
}
