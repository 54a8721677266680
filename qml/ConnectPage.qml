pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck.Components
import Nestdeck

// Pick a context of the merged kubeconfig (kubectl's rules). The context list
// has the keyboard: arrows choose, Enter connects.
Page {
    id: page
    objectName: "connectPage"
    property string connectError

    function connectCurrent() {
        if (list.currentIndex >= 0 && list.count > 0 && !AppController.connecting)
            AppController.connectTo(AppController.contexts.get(list.currentIndex, "name"))
    }
    // Whenever this page is shown (start, Ctrl+K), the list takes the keyboard.
    onVisibleChanged: if (visible) list.forceActiveFocus()
    Component.onCompleted: if (visible) list.forceActiveFocus()

    Connections {
        target: AppController
        function onConnectFailed(message) { page.connectError = message }
        function onConnectionChanged() { if (AppController.connected) page.connectError = "" }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.gap

        Label {
            text: qsTr("Connect to a management cluster")
            font.pointSize: Theme.basePointSize * Theme.titleScale
            font.bold: true
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Contexts from %1").arg(AppController.kubeconfigPath)
            opacity: 0.75
        }
        Label {
            objectName: "connectError"
            Layout.fillWidth: true
            visible: text.length > 0
            wrapMode: Text.Wrap
            color: Theme.error
            text: page.connectError || AppController.kubeconfigError
        }

        ListView {
            id: list
            objectName: "contextList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            focus: true
            model: AppController.contexts
            keyNavigationEnabled: true
            activeFocusOnTab: true
            currentIndex: AppController.preferredContext
            Keys.onReturnPressed: page.connectCurrent()
            Keys.onEnterPressed: page.connectCurrent()
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Contexts")

            delegate: ItemDelegate {
                id: d
                required property string name
                required property string server
                required property string user
                required property string namespaceName
                required property bool current
                required property int index
                objectName: "context_" + name
                width: ListView.view.width
                highlighted: ListView.isCurrentItem
                focusPolicy: Qt.NoFocus // the list keeps the keyboard
                Accessible.name: qsTr("Context %1 on %2").arg(name).arg(server)
                onClicked: {
                    list.currentIndex = index
                    list.forceActiveFocus()
                    page.connectCurrent()
                }
                contentItem: ColumnLayout {
                    spacing: 2
                    RowLayout {
                        Label { text: d.name; font.bold: true }
                        Label {
                            visible: d.current
                            text: qsTr("current")
                            opacity: 0.6
                        }
                        Label {
                            visible: d.name === AppController.lastContext
                            text: qsTr("last used")
                            opacity: 0.6
                        }
                    }
                    Label {
                        text: qsTr("%1 · user %2%3").arg(d.server).arg(d.user || qsTr("anonymous"))
                              .arg(d.namespaceName ? qsTr(" · namespace %1").arg(d.namespaceName) : "")
                        opacity: 0.7
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                }
            }

            EmptyState {
                anchors.fill: parent
                visible: list.count === 0
                kind: AppController.kubeconfigError.length > 0 ? EmptyState.Kind.Error : EmptyState.Kind.Empty
                title: AppController.kubeconfigError.length > 0 ? qsTr("The kubeconfig cannot be used") : qsTr("No contexts")
                explanation: AppController.kubeconfigError.length > 0
                             ? AppController.kubeconfigError
                             : qsTr("Start Nestdeck with --kubeconfig FILE, or set KUBECONFIG.")
                actionText: qsTr("Reload")
                onActionTriggered: AppController.reloadKubeconfig()
            }
        }
        RowLayout {
            Button {
                objectName: "connectButton"
                text: AppController.connecting ? qsTr("Connecting…") : qsTr("Connect")
                enabled: list.currentIndex >= 0 && list.count > 0 && !AppController.connecting
                highlighted: true
                onClicked: page.connectCurrent()
            }
            Button {
                text: qsTr("Reload kubeconfig")
                onClicked: AppController.reloadKubeconfig()
            }
        }
    }
}
