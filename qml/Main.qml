import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck.Components
import Nestdeck.Tenants
import Nestdeck.Clusters
import Nestdeck

ApplicationWindow {
    id: window

    width: 1360
    height: 860
    minimumWidth: 900
    minimumHeight: 560
    visible: true
    title: AppController.connected ? qsTr("Nestdeck — %1").arg(AppController.currentContext) : qsTr("Nestdeck")

    readonly property bool connected: AppController.connected

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: Theme.spacing
            anchors.rightMargin: Theme.spacing
            spacing: Theme.gap
            ToolButton {
                objectName: "backButton"
                text: "‹"
                font.pointSize: Theme.basePointSize * 1.4
                visible: content.depth > 1
                onClicked: content.pop()
                Accessible.name: qsTr("Back")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Back (Alt+Left)")
            }
            Label {
                text: qsTr("Nestdeck")
                font.bold: true
                font.pointSize: Theme.basePointSize * Theme.headingScale
            }
            ToolButton {
                objectName: "contextButton"
                visible: window.connected
                text: AppController.currentContext + "  ▾"
                onClicked: AppController.disconnectFromCluster()
                Accessible.name: qsTr("Switch context (current: %1)").arg(AppController.currentContext)
                ToolTip.visible: hovered
                ToolTip.text: qsTr("%1 as %2 — click to switch (Ctrl+K)").arg(AppController.server).arg(AppController.userName || qsTr("anonymous"))
            }
            Label {
                visible: AppController.insecure
                text: qsTr("⚠ TLS verification off")
                color: Theme.error
                font.bold: true
                ToolTip.visible: insecureHover.hovered
                ToolTip.text: qsTr("This context sets insecure-skip-tls-verify: anyone on the network path can read and change this traffic.")
                HoverHandler { id: insecureHover }
            }
            Item { Layout.fillWidth: true }
            ConnectionIndicator {
                visible: window.connected
            }
        }
    }

    Shortcut {
        sequences: ["Ctrl+K"]
        onActivated: AppController.disconnectFromCluster()
    }
    Shortcut {
        sequences: [StandardKey.Back, "Alt+Left", "Esc"]
        enabled: content.depth > 1
        onActivated: content.pop()
    }

    ConnectPage {
        anchors.fill: parent
        visible: !window.connected
    }

    SplitView {
        anchors.fill: parent
        visible: window.connected
        orientation: Qt.Horizontal

        TenantsPane {
            id: tenants
            objectName: "tenantsPane"
            session: AppController.session
            SplitView.preferredWidth: 280
            SplitView.minimumWidth: 200
            onTenantChosen: (ns) => {
                content.pop(null)
                clustersPage.tenantNamespace = ns
            }
        }
        StackView {
            id: content
            objectName: "content"
            SplitView.fillWidth: true
            initialItem: ClustersPage {
                id: clustersPage
                session: AppController.session
                connectionState: AppController.state
                connectionReason: AppController.stateReason
                treeVisible: AppController.treeVisible
                onClusterActivated: (key) => content.push(clusterPageComponent, { appKey: key })
            }
        }
    }

    Component {
        id: clusterPageComponent
        ClusterPage {
            session: AppController.session
            kubeconfigPath: AppController.kubeconfigWriteTarget
        }
    }

    Connections {
        target: AppController
        function onConnectionChanged() {
            if (!AppController.connected)
                content.pop(null)
        }
        // Connected: the keyboard starts on the clusters table.
        function onSessionChanged() {
            if (AppController.session)
                clustersPage.table.forceActiveFocus()
        }
    }
}
