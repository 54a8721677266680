pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
// The templates' type: Controls' own AbstractButton name does not match a styled Button.
import QtQuick.Templates as T
import Nestdeck.Components
import Nestdeck.Tenants
import Nestdeck.Clusters
import Nestdeck.Editor
import Nestdeck

ApplicationWindow {
    id: window

    // At most the screen's available size (in device-independent pixels, so a
    // scale factor of 2 halves it): 1360×860 opened larger than a 1024×700
    // screen at scale 2.
    width: Math.min(1360, Screen.desktopAvailableWidth > 0 ? Screen.desktopAvailableWidth : 1360)
    height: Math.min(860, Screen.desktopAvailableHeight > 0 ? Screen.desktopAvailableHeight : 860)
    minimumWidth: Math.min(900, Screen.desktopAvailableWidth > 0 ? Screen.desktopAvailableWidth : 900)
    minimumHeight: Math.min(560, Screen.desktopAvailableHeight > 0 ? Screen.desktopAvailableHeight : 560)
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
                onClicked: window.goBack()
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
                onClicked: window.unlessUnsaved("disconnect")
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
            ToolButton {
                objectName: "problemsButton"
                visible: window.connected
                text: problems.problemCount > 0 ? qsTr("⚠ Problems (%1)").arg(problems.problemCount) : qsTr("Problems")
                palette.buttonText: problems.problemCount > 0 ? Theme.error : window.palette.buttonText
                onClicked: window.showProblems()
                Accessible.name: qsTr("Problems: %n cluster(s) with a problem", "", problems.problemCount)
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Every cluster that is not Ready, grouped by cause (Ctrl+P)")
            }
            ConnectionIndicator {
                visible: window.connected
            }
        }
    }

    ProblemsModel {
        id: problems
        session: AppController.session
    }
    function showProblems() {
        if (!(content.currentItem instanceof ProblemsPage))
            content.push(problemsComponent)
    }
    Shortcut {
        sequences: ["Ctrl+P"]
        enabled: window.connected
        onActivated: window.showProblems()
    }
    Shortcut {
        sequences: ["Ctrl+K"]
        // Another context drops every page: an unsaved form asks first, as Back does.
        onActivated: window.unlessUnsaved("disconnect")
    }
    Shortcut {
        sequences: [StandardKey.Back, "Alt+Left", "Esc"]
        enabled: content.depth > 1
        onActivated: window.goBack()
    }

    // Back, unless a form has unsaved changes: then ask first.
    function goBack() {
        unlessUnsaved("back")
    }
    // Leaves ("back": the page; "disconnect": the context) now, or once the
    // user agreed to discard an unsaved form.
    function unlessUnsaved(how: string) {
        const page = content.currentItem as EditorPage
        if (page && page.dirty) {
            discardDialog.how = how
            discardDialog.open()
        } else {
            leave(how)
        }
    }
    function leave(how: string) {
        if (how === "disconnect")
            AppController.disconnectFromCluster()
        else
            content.pop()
    }
    Dialog {
        id: discardDialog
        objectName: "discardDialog"
        title: qsTr("Discard your changes?")
        modal: true
        anchors.centerIn: Overlay.overlay
        standardButtons: Dialog.Discard | Dialog.Cancel
        Label { text: qsTr("The form has changes that were not applied. Closing it loses them.") }
        property string how: "back"
        onDiscarded: { discardDialog.close(); window.leave(discardDialog.how) }
        Component.onCompleted: standardButton(Dialog.Discard).objectName = "discardButton"
    }

    ConnectPage {
        anchors.fill: parent
        visible: !window.connected
    }

    // Enter on a focused button presses it, as Space does: Qt Quick's buttons
    // take only Space, and Return from one reaches here unhandled.
    function pressFocusedButton(event: KeyEvent) {
        const button = window.activeFocusItem as T.AbstractButton
        if (!button || !button.enabled || !button.visible) {
            event.accepted = false
            return
        }
        if (button.checkable)
            button.toggle()
        button.clicked()
        event.accepted = true
    }

    SplitView {
        anchors.fill: parent
        visible: window.connected
        orientation: Qt.Horizontal
        Keys.onReturnPressed: (event) => window.pressFocusedButton(event)
        Keys.onEnterPressed: (event) => window.pressFocusedButton(event)

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
                staleText: AppController.staleText
                treeVisible: AppController.treeVisible
                appKinds: AppController.appKinds
                unservedKinds: AppController.unservedKinds
                onClusterActivated: (key) => content.push(clusterPageComponent, { appKey: key })
                onCreateRequested: (kind, ns) => content.push(editorComponent, { kind: kind, namespaceName: ns })
            }
        }
    }

    Component {
        id: clusterPageComponent
        ClusterPage {
            session: AppController.session
            kubeconfigPath: AppController.kubeconfigWriteTarget
            staleText: AppController.staleText
            onEditRequested: (key) => content.push(editorComponent, { kind: "Kubernetes", editKey: key })
            // A pool belongs to its cluster by spec.cluster and by name: both start filled in,
            // with the cluster's version (a pool may lag it, never lead it).
            onAddPoolRequested: (ns, cluster, version) => content.push(editorComponent, {
                kind: "KubernetesNodes", namespaceName: ns, initialName: cluster + "-",
                initialValues: { cluster: cluster, version: version } })
        }
    }
    Component {
        id: problemsComponent
        ProblemsPage {
            problems: problems
            onClusterActivated: (key) => content.push(clusterPageComponent, { appKey: key, startTab: 7 })
        }
    }
    Component {
        id: editorComponent
        EditorPage {
            id: editor
            session: AppController.session
            tenantChoices: tenants.namespaces
            // Created or applied: show the cluster (a Kubernetes app) live, else go back.
            onDone: (appKey) => {
                if (editor.kind === "Kubernetes" && !editor.editKey)
                    content.replace(clusterPageComponent, { appKey: appKey })
                else
                    content.pop()
            }
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
