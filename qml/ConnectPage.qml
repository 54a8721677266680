pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck

// Pick a context of the merged kubeconfig (kubectl's rules).
Page {
    id: page
    objectName: "connectPage"
    property string connectError

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
            currentIndex: {
                for (let i = 0; i < AppController.contexts.length; ++i)
                    if (AppController.contexts[i].name === AppController.lastContext) return i
                for (let j = 0; j < AppController.contexts.length; ++j)
                    if (AppController.contexts[j].current) return j
                return 0
            }
            Keys.onReturnPressed: if (currentIndex >= 0) AppController.connectTo(AppController.contexts[currentIndex].name)
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Contexts")

            delegate: ItemDelegate {
                id: d
                required property var modelData
                required property int index
                objectName: "context_" + modelData.name
                width: ListView.view.width
                highlighted: ListView.isCurrentItem
                Accessible.name: qsTr("Context %1 on %2").arg(modelData.name).arg(modelData.server)
                onClicked: {
                    list.currentIndex = index
                    AppController.connectTo(modelData.name)
                }
                contentItem: ColumnLayout {
                    spacing: 2
                    RowLayout {
                        Label { text: d.modelData.name; font.bold: true }
                        Label {
                            visible: d.modelData.current
                            text: qsTr("current")
                            opacity: 0.6
                        }
                        Label {
                            visible: d.modelData.name === AppController.lastContext
                            text: qsTr("last used")
                            opacity: 0.6
                        }
                    }
                    Label {
                        text: qsTr("%1 · user %2%3").arg(d.modelData.server).arg(d.modelData.user || qsTr("anonymous"))
                              .arg(d.modelData.namespace ? qsTr(" · namespace %1").arg(d.modelData.namespace) : "")
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
                text: qsTr("Connect")
                enabled: list.currentIndex >= 0 && list.count > 0
                highlighted: true
                onClicked: AppController.connectTo(AppController.contexts[list.currentIndex].name)
            }
            Button {
                text: qsTr("Reload kubeconfig")
                onClicked: AppController.reloadKubeconfig()
            }
        }
    }
}
