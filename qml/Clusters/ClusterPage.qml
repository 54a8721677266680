pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck.Components
import Nestdeck.Clusters
import Nestdeck.Secrets

// One tenant Kubernetes cluster: health and why, node groups, addons, control
// plane, events, YAML and Secrets.
Page {
    id: page
    objectName: "clusterPage"
    property alias session: details.session
    property alias appKey: details.appKey
    // Where "Add to my kubeconfig" writes.
    property string kubeconfigPath
    // "" while live; else since when the page is as it was (AppController.staleText).
    property string staleText
    readonly property alias details: details
    signal editRequested(string appKey)
    // A new node pool for this cluster: its namespace, the cluster's name and version.
    signal addPoolRequested(string namespaceName, string cluster, string version)

    ClusterDetails { id: details }
    // Why every action of the page is off now ("" when not): deleting, or not live.
    readonly property string blockedReason: details.actionsBlocked
    // Why an action button is off, whichever the reason.
    readonly property string offReason: blockedReason.length > 0 ? blockedReason
                                        : !actions.allowed ? actions.deniedReason : ""

    ClusterActionsModel {
        id: actions
        session: details.session
        appKey: details.appKey
    }
    readonly property alias actions: actions
    TroubleshootModel {
        id: troubleshoot
        session: details.session
        appKey: details.appKey
        // Fetches the whole tree only while the tab is shown (or the cluster is gone).
        active: tabs.currentIndex === page.troubleshootTab
    }
    readonly property alias troubleshoot: troubleshoot
    readonly property int troubleshootTab: 7
    // The tab shown first (the Problems view opens the tree).
    property int startTab: 0
    Component.onCompleted: tabs.currentIndex = startTab

    header: ColumnLayout {
        spacing: Theme.spacing
        // The name, tenant and health, then the actions: on one line when
        // they fit (the actions at the right), else the actions wrap below. A
        // long name is elided, never the health word (at 1024×700 a
        // 42-character name hid it and pushed Edit… off the window).
        Flow {
            id: headerFlow
            Layout.margins: Theme.gap
            Layout.bottomMargin: 0
            Layout.fillWidth: true
            spacing: Theme.gap
            readonly property bool oneLine: identity.implicitWidth + spacing + actionButtons.implicitWidth <= width
            RowLayout {
                id: identity
                width: headerFlow.oneLine ? headerFlow.width - headerFlow.spacing - actionButtons.implicitWidth
                                          : Math.min(implicitWidth, headerFlow.width)
                spacing: Theme.gap
                Label {
                    objectName: "clusterName"
                    text: details.name
                    font.pointSize: Theme.basePointSize * Theme.titleScale
                    font.bold: true
                    elide: Text.ElideMiddle
                    Layout.fillWidth: true
                    Layout.minimumWidth: Math.min(implicitWidth, 120)
                    Layout.maximumWidth: implicitWidth
                    ToolTip.visible: truncated && nameHover.hovered
                    ToolTip.text: details.name
                    HoverHandler { id: nameHover }
                }
                Label {
                    text: qsTr("in %1").arg(details.namespaceName)
                    opacity: 0.7
                }
                HealthBadge {
                    objectName: "clusterHealth"
                    health: details.health
                    text: details.healthWord
                    stale: page.staleText.length > 0
                    Layout.fillWidth: true
                    Layout.minimumWidth: implicitWidth
                }
            }
            RowLayout {
                id: actionButtons
                spacing: Theme.gap
                Button {
                    objectName: "stopStartButton"
                    text: actions.stopped ? qsTr("Start…") : qsTr("Stop…")
                    enabled: details.exists && actions.allowed && !actions.busy && page.blockedReason.length === 0
                    onClicked: actions.stopped ? startDialog.open() : stopDialog.open()
                    ToolTip.visible: hovered && page.offReason.length > 0
                    ToolTip.text: page.offReason
                }
                Button {
                    objectName: "upgradeButton"
                    text: qsTr("Upgrade…")
                    enabled: details.exists && actions.allowed && !actions.busy && page.blockedReason.length === 0
                    onClicked: upgradeDialog.open()
                    ToolTip.visible: hovered && page.offReason.length > 0
                    ToolTip.text: page.offReason
                }
                Button {
                    objectName: "deleteButton"
                    text: qsTr("Delete…")
                    enabled: details.exists && actions.deleteAllowed && !actions.busy && page.blockedReason.length === 0
                    onClicked: {
                        deleteName.text = ""
                        deleteDialog.open()
                    }
                    readonly property string offReason: page.blockedReason.length > 0 ? page.blockedReason
                                                        : !actions.deleteAllowed ? actions.deleteDeniedReason : ""
                    ToolTip.visible: hovered && offReason.length > 0
                    ToolTip.text: offReason
                }
                Button {
                    objectName: "editButton"
                    text: qsTr("Edit…")
                    enabled: details.exists && page.blockedReason.length === 0
                    onClicked: page.editRequested(details.appKey)
                    ToolTip.visible: hovered && page.blockedReason.length > 0
                    ToolTip.text: page.blockedReason
                    Accessible.name: qsTr("Edit the parameters of %1 (Ctrl+E)").arg(details.name)
                }
            }
        }
        // Why, in the diagnosis's words: the whole tree's once the Troubleshoot
        // tab has it (VMs, pods, events), else what the session holds.
        Label {
            objectName: "clusterWhy"
            readonly property string headline: details.health === Health.Ready ? details.reason
                : troubleshoot.loaded && troubleshoot.headline.length > 0 ? troubleshoot.headline
                : details.headline.length > 0 ? details.headline : details.reason
            // The badge beside the name says the word already ("Upgrading (machines 0/2): …").
            readonly property string why: headline.startsWith(details.healthWord + ": ")
                                          ? headline.substring(details.healthWord.length + 2) : headline
            Layout.leftMargin: Theme.gap
            Layout.fillWidth: true
            visible: why.length > 0 && !details.healthWord.includes(why)
            text: why
            wrapMode: Text.Wrap
            opacity: 0.8
        }
        Label {
            objectName: "staleBanner"
            Layout.leftMargin: Theme.gap
            Layout.fillWidth: true
            visible: page.staleText.length > 0
            text: page.staleText
            color: Theme.warning
            wrapMode: Text.Wrap
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }
        Label {
            objectName: "deletionWait"
            Layout.leftMargin: Theme.gap
            Layout.fillWidth: true
            visible: text.length > 0
            text: details.deletionWait
            color: Theme.warning
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.leftMargin: Theme.gap
            Layout.fillWidth: true
            // Once the cluster is gone the message sits with the leftovers, not twice.
            visible: actions.message.length > 0 && details.exists
            Label {
                objectName: "actionMessage"
                Layout.fillWidth: true
                text: actions.message
                color: actions.messageOk ? Theme.ok : Theme.error
                wrapMode: Text.Wrap
            }
            ToolButton {
                objectName: "dismissActionMessage"
                text: "✕"
                visible: !actions.busy
                onClicked: actions.dismissMessage()
                Accessible.name: qsTr("Dismiss this message")
                ToolTip.visible: hovered
                ToolTip.text: Accessible.name
            }
        }
        TabBar {
            id: tabs
            objectName: "clusterTabs"
            Layout.fillWidth: true
            Repeater {
                model: [qsTr("Overview"), qsTr("Node groups"), qsTr("Addons"), qsTr("Control plane"),
                        qsTr("Events"), qsTr("YAML"), qsTr("Secrets"), qsTr("Troubleshoot")]
                TabButton {
                    required property string modelData
                    required property int index
                    objectName: "tab_" + index
                    text: index === 4 && details.events.warnings > 0 ? qsTr("%1 (%2 ⚠)").arg(modelData).arg(details.events.warnings)
                        : index === page.troubleshootTab && details.health !== Health.Ready && details.exists ? modelData + " ⚠"
                        : modelData
                    width: implicitWidth
                }
            }
        }
    }

    // Opened from the keyboard, the keyboard goes on here: the current tab has focus.
    StackView.onActivated: if (tabs.currentItem) tabs.currentItem.forceActiveFocus()

    Shortcut { sequence: "Ctrl+E"; enabled: page.visible && details.exists && page.blockedReason.length === 0; onActivated: page.editRequested(details.appKey) }
    Shortcut { sequence: "Ctrl+Tab"; onActivated: tabs.currentIndex = (tabs.currentIndex + 1) % tabs.count }
    Shortcut { sequence: "Ctrl+Shift+Tab"; onActivated: tabs.currentIndex = (tabs.currentIndex + tabs.count - 1) % tabs.count }

    ColumnLayout {
        anchors.centerIn: parent
        width: parent.width
        visible: !details.exists
        spacing: Theme.gap
        EmptyState {
            objectName: "goneState"
            Layout.fillWidth: true
            Layout.preferredHeight: implicitHeight
            title: qsTr("This cluster no longer exists")
            explanation: qsTr("It was deleted. The platform's cleanup can leave its virtual machines' volumes behind.")
            actionText: actions.busy ? "" : qsTr("Check for leftovers")
            onActionTriggered: actions.findLeftovers()
        }
        Repeater {
            model: actions.leftovers
            delegate: Label {
                required property string modelData
                Layout.alignment: Qt.AlignHCenter
                text: modelData
                font.family: Theme.monoFamily
            }
        }
        Button {
            objectName: "removeLeftovers"
            Layout.alignment: Qt.AlignHCenter
            visible: actions.leftovers.length > 0
            enabled: !actions.busy
            text: qsTr("Remove them…")
            onClicked: leftoversDialog.open()
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            visible: !details.exists && actions.message.length > 0
            text: actions.message
            color: actions.messageOk ? Theme.ok : Theme.error
        }
    }

    StackLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        visible: details.exists
        currentIndex: tabs.currentIndex
        OverviewTab { details: details }
        NodeGroupsTab {
            details: details
            actions: actions
            blockedReason: page.blockedReason
            onAddPoolRequested: page.addPoolRequested(details.namespaceName, details.name, actions.version)
        }
        AddonsTab { details: details }
        ControlPlaneTab { details: details }
        EventsTab { details: details }
        YamlTab { details: details }
        SecretsTab {
            session: details.session
            namespaceName: details.namespaceName
            clusterName: details.name
            secretNames: details.secretNames
            kubeconfigPath: page.kubeconfigPath
        }
        TroubleshootTab { model: troubleshoot }
    }

    ConfirmDialog {
        id: stopDialog
        objectName: "stopDialog"
        title: qsTr("Stop %1?").arg(details.name)
        confirmText: qsTr("Stop")
        confirmName: "stopConfirm"
        destructive: true
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Stopping scales every node group to zero nodes and records their sizes on the cluster, so Start puts them back exactly. On this platform the control plane keeps running as pods in the management cluster; workloads on the nodes stop; volumes stay.")
        }
        Label {
            visible: details.poolNames.length > 0
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.warning
            text: qsTr("Node pools are apps of their own and keep running: %1. Scale them to zero on the Node groups tab.").arg(details.poolNames.join(", "))
        }
        onAccepted: actions.stop()
    }
    ConfirmDialog {
        id: startDialog
        objectName: "startDialog"
        title: qsTr("Start %1?").arg(details.name)
        confirmText: qsTr("Start")
        confirmName: "startConfirm"
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("The node groups go back to the sizes they had when the cluster was stopped:")
        }
        Repeater {
            model: actions.recordedSizes
            delegate: Label {
                required property string modelData
                objectName: "startSize_" + modelData.split(":")[0]
                Layout.fillWidth: true
                text: "• " + modelData
            }
        }
        onAccepted: actions.start()
    }
    // Upgrade: pick a version, then confirm it; picking alone sends nothing.
    ConfirmDialog {
        id: upgradeDialog
        objectName: "upgradeDialog"
        property string target
        title: qsTr("Upgrade %1 (now %2)").arg(details.name).arg(actions.version)
        confirmText: target.length > 0 ? qsTr("Upgrade to %1").arg(target) : qsTr("Upgrade")
        confirmName: "upgradeConfirm"
        confirmEnabled: target.length > 0
        onAboutToShow: target = ""
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            opacity: 0.8
            text: qsTr("One minor version at a time, never down. The control plane moves first, then the machines are replaced one by one.")
        }
        ButtonGroup { id: upgradeChoices }
        Repeater {
            model: actions.versions
            delegate: RowLayout {
                id: choice
                required property string version
                required property bool allowed
                required property bool current
                required property string reason
                Layout.fillWidth: true
                RadioButton {
                    objectName: "upgradeTo_" + choice.version
                    text: choice.version
                    enabled: choice.allowed
                    checked: upgradeDialog.target === choice.version
                    ButtonGroup.group: upgradeChoices
                    onToggled: if (checked) upgradeDialog.target = choice.version
                    Accessible.description: choice.allowed ? qsTr("allowed") : choice.reason
                }
                Label {
                    Layout.fillWidth: true
                    text: choice.allowed ? qsTr("allowed") : choice.reason
                    opacity: choice.allowed ? 1 : 0.6
                    wrapMode: Text.Wrap
                }
            }
        }
        Label {
            objectName: "upgradeSummary"
            visible: upgradeDialog.target.length > 0
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            font.bold: true
            text: qsTr("Upgrade %1 from %2 to %3?").arg(details.name).arg(actions.version).arg(upgradeDialog.target)
        }
        onAccepted: actions.upgrade(target)
    }

    ConfirmDialog {
        id: deleteDialog
        objectName: "deleteDialog"
        title: qsTr("Delete %1?").arg(details.name)
        confirmText: qsTr("Delete")
        confirmName: "deleteConfirm"
        confirmEnabled: deleteName.text === details.name
        destructive: true
        // The name to type first; Enter in it deletes once it matches.
        onOpened: deleteName.forceActiveFocus()
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("This removes the cluster, its workloads and its data. These objects go:")
        }
        Repeater {
            model: details.deletionPlan
            delegate: Label {
                required property string modelData
                Layout.fillWidth: true
                elide: Text.ElideMiddle
                text: "• " + modelData
                font.family: Theme.monoFamily
            }
        }
        Label {
            visible: details.poolNames.length > 0
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.warning
            text: qsTr("Its node pools are apps of their own and stay, failing without their cluster: %1. Delete them first.").arg(details.poolNames.join(", "))
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Type the cluster's name, %1, to confirm.").arg(details.name)
        }
        TextField {
            id: deleteName
            objectName: "deleteConfirmName"
            Layout.fillWidth: true
            placeholderText: details.name
            Accessible.name: qsTr("The cluster's name, to confirm")
            onAccepted: if (deleteDialog.confirmEnabled) deleteDialog.accept()
        }
        onAccepted: actions.remove(deleteName.text)
    }
    ConfirmDialog {
        id: leftoversDialog
        objectName: "leftoversDialog"
        title: qsTr("Remove what was left behind?")
        confirmText: qsTr("Remove")
        confirmName: "leftoversConfirm"
        destructive: true
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("%n volume(s) of the deleted cluster will be removed with their data. This cannot be undone.", "", actions.leftovers.length)
        }
        onAccepted: actions.removeLeftovers()
    }
}
