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
    // Why every change is off now ("" when not): the cluster is being deleted, or not live.
    property string blockedReason
    // "Add pool…": the page opens the pool form for this cluster.
    signal addPoolRequested()
    contentWidth: availableWidth

    ColumnLayout {
        width: tab.availableWidth
        spacing: Theme.gap
        // Node pools, where the platform has them: apps of their own beside the cluster.
        RowLayout {
            visible: tab.actions.poolsOffered
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                opacity: 0.8
                text: qsTr("Node groups come from the cluster's spec and from node pools (KubernetesNodes apps naming this cluster).")
            }
            Button {
                objectName: "addPoolButton"
                text: qsTr("Add pool…")
                enabled: tab.actions.poolsAllowed && tab.details.exists && tab.blockedReason.length === 0
                onClicked: tab.addPoolRequested()
                ToolTip.visible: hovered && !tab.actions.poolsAllowed && tab.actions.poolsDeniedReason.length > 0
                ToolTip.text: tab.actions.poolsDeniedReason
            }
        }
        Repeater {
            model: tab.details.nodeGroups
            delegate: Frame {
                id: group
                required property string name
                required property bool pool
                required property string app
                required property string source
                required property string version
                required property bool ignored
                required property string note
                required property string releaseState
                required property string releaseMessage
                required property bool releaseFailed
                required property bool deleting
                required property int minReplicas
                required property int maxReplicas
                required property string instanceType
                required property string instanceSize
                required property string resourcesOverride
                required property string roles
                required property string gpus
                required property string diskSize
                required property string phase
                required property int replicas
                required property int ready
                required property ValueListModel machines
                objectName: (pool ? "pool_" + app : "nodeGroup_" + name)
                Layout.fillWidth: true
                Accessible.name: qsTr("%1, %2").arg(name).arg(source)
                ColumnLayout {
                    anchors.fill: parent
                    spacing: Theme.spacing
                    RowLayout {
                        // A pool by its app's name (the group is its last part; a mis-named one has none).
                        Label { text: group.pool ? group.app : group.name; font.bold: true; font.pointSize: Theme.basePointSize * Theme.headingScale }
                        Label {
                            text: group.phase
                            color: group.phase === "Failed" ? Theme.error : palette.windowText
                            opacity: 0.8
                        }
                        Label {
                            objectName: "source_" + (group.pool ? group.app : group.name)
                            text: group.pool ? qsTr("node pool (KubernetesNodes)") : group.source
                            opacity: 0.7
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                        }
                        Button {
                            objectName: "poolUpgrade_" + group.app
                            visible: group.pool
                            text: qsTr("Upgrade…")
                            enabled: tab.actions.poolsAllowed && !tab.actions.busy && !group.deleting && tab.blockedReason.length === 0
                            onClicked: poolUpgradeDialog.openFor(group.app, group.version)
                            Accessible.name: qsTr("Upgrade pool %1…").arg(group.app)
                        }
                        Button {
                            objectName: "poolDelete_" + group.app
                            visible: group.pool
                            text: qsTr("Delete…")
                            enabled: tab.actions.poolsAllowed && !tab.actions.busy && !group.deleting && tab.blockedReason.length === 0
                            onClicked: poolDeleteDialog.openFor(group.app)
                            Accessible.name: qsTr("Delete pool %1…").arg(group.app)
                        }
                    }
                    // Said first: the platform ignores this entry, or the pool breaks a rule.
                    Label {
                        objectName: "note_" + (group.pool ? group.app : group.name)
                        visible: group.note.length > 0
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: group.note
                        color: Theme.warning
                    }
                    InfoRow {
                        visible: group.pool
                        label: qsTr("Pool release")
                        value: group.releaseMessage.length > 0 ? qsTr("%1 — %2").arg(group.releaseState).arg(group.releaseMessage)
                                                               : group.releaseState
                        valueColor: group.releaseFailed ? Theme.error : palette.windowText
                    }
                    InfoRow {
                        visible: group.pool
                        label: qsTr("Version")
                        value: group.version || qsTr("the platform's default")
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
                        visible: !group.ignored
                        // A pool is its own app: the cluster's stop does not hold it.
                        enabled: tab.blockedReason.length === 0
                                 && (group.pool ? tab.actions.poolsAllowed && !tab.actions.busy && !group.deleting
                                                : tab.actions.allowed && !tab.actions.stopped && !tab.actions.busy)
                        Label { text: qsTr("Scale"); Layout.preferredWidth: 160; opacity: 0.7 }
                        Label { text: qsTr("min") }
                        SpinBox {
                            id: minBox
                            // The value follows what is typed: committed only when focus
                            // left the box, Apply stayed off and lost the first click.
                            live: true
                            objectName: "scaleMin_" + (group.pool ? group.app : group.name)
                            from: 0
                            to: 1000
                            value: group.minReplicas
                            editable: true
                            Accessible.name: qsTr("Minimum nodes of %1").arg(group.name)
                        }
                        Label { text: qsTr("max") }
                        SpinBox {
                            id: maxBox
                            live: true
                            objectName: "scaleMax_" + (group.pool ? group.app : group.name)
                            from: 0
                            to: 1000
                            value: group.maxReplicas
                            editable: true
                            Accessible.name: qsTr("Maximum nodes of %1").arg(group.name)
                        }
                        Button {
                            objectName: "scaleApply_" + (group.pool ? group.app : group.name)
                            text: qsTr("Apply")
                            enabled: minBox.value !== group.minReplicas || maxBox.value !== group.maxReplicas
                            onClicked: group.pool ? tab.actions.scalePool(group.app, minBox.value, maxBox.value)
                                                  : tab.actions.scale(group.name, minBox.value, maxBox.value)
                            Accessible.name: qsTr("Apply the new size of %1").arg(group.pool ? group.app : group.name)
                        }
                        Label {
                            visible: group.pool ? !tab.actions.poolsAllowed : (!tab.actions.allowed || tab.actions.stopped)
                            text: group.pool ? tab.actions.poolsDeniedReason
                                             : tab.actions.stopped ? qsTr("the cluster is stopped") : tab.actions.deniedReason
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
                    InfoRow { label: qsTr("Disk"); value: group.diskSize || qsTr("the platform's default") }
                    InfoRow { label: qsTr("Roles"); value: group.roles || qsTr("none") }
                    InfoRow { label: qsTr("GPUs"); value: group.gpus || qsTr("none") }
                    Label {
                        // A group that went away keeps its delegate a moment after its machines' model.
                        visible: group.machines !== null && group.machines.count > 0
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

    // A pool's version: never ahead of its cluster. Opening it writes nothing.
    Dialog {
        id: poolUpgradeDialog
        objectName: "poolUpgradeDialog"
        property string pool
        property var choices: []
        function openFor(name: string, current: string) {
            pool = name
            choices = tab.actions.poolVersions(name)
            title = qsTr("Upgrade pool %1 (now %2)").arg(name).arg(current || qsTr("the platform's default"))
            open()
        }
        modal: true
        anchors.centerIn: Overlay.overlay
        standardButtons: Dialog.Close
        ColumnLayout {
            width: 520
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                opacity: 0.8
                text: qsTr("One minor version at a time, never down, and never ahead of the cluster (%1): a pool may lag its cluster, never lead it.").arg(tab.actions.version)
            }
            Repeater {
                model: poolUpgradeDialog.choices
                delegate: RowLayout {
                    id: poolChoice
                    required property var modelData
                    Layout.fillWidth: true
                    Button {
                        objectName: "poolUpgradeTo_" + poolChoice.modelData.version
                        text: poolChoice.modelData.version
                        enabled: poolChoice.modelData.allowed
                        highlighted: poolChoice.modelData.allowed
                        onClicked: {
                            poolUpgradeDialog.close()
                            tab.actions.upgradePool(poolUpgradeDialog.pool, poolChoice.modelData.version)
                        }
                    }
                    Label {
                        objectName: "poolUpgradeReason_" + poolChoice.modelData.version
                        Layout.fillWidth: true
                        text: poolChoice.modelData.allowed ? qsTr("allowed") : poolChoice.modelData.reason
                        opacity: poolChoice.modelData.allowed ? 1 : 0.6
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
    }
    Dialog {
        id: poolDeleteDialog
        objectName: "poolDeleteDialog"
        property string pool
        function openFor(name: string) {
            pool = name
            poolDeleteName.text = ""
            open()
        }
        title: qsTr("Delete pool %1?").arg(pool)
        modal: true
        anchors.centerIn: Overlay.overlay
        ColumnLayout {
            width: 520
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("Its machines are drained and removed; workloads on them move to the cluster's other nodes, if they fit. Type the pool's name, %1, to confirm.").arg(poolDeleteDialog.pool)
            }
            TextField {
                id: poolDeleteName
                objectName: "poolDeleteConfirmName"
                Layout.fillWidth: true
                placeholderText: poolDeleteDialog.pool
                Accessible.name: qsTr("The pool's name, to confirm")
            }
        }
        footer: DialogButtonBox {
            Button {
                objectName: "poolDeleteConfirm"
                text: qsTr("Delete")
                enabled: poolDeleteName.text === poolDeleteDialog.pool
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            }
            Button {
                text: qsTr("Cancel")
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
        }
        onAccepted: tab.actions.removePool(pool, poolDeleteName.text)
    }
}
