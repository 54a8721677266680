import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// First screen: which management cluster Nestdeck was asked to open.
Page {
    id: page

    property string kubeconfigPath
    property string contextName

    title: qsTr("Start")

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.gap

        Label {
            text: qsTr("Nestdeck")
            font.pointSize: Theme.basePointSize * Theme.titleScale
            font.bold: true
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("A console for tenants, their Kubernetes clusters, node groups and addons on a Cozystack-style management cluster.")
        }
        GridLayout {
            columns: 2
            columnSpacing: Theme.gap
            rowSpacing: Theme.spacing
            Label { text: qsTr("Kubeconfig"); opacity: 0.7 }
            Label {
                objectName: "kubeconfigLabel"
                text: page.kubeconfigPath.length > 0 ? page.kubeconfigPath : qsTr("default (KUBECONFIG or ~/.kube/config)")
                textFormat: Text.PlainText
            }
            Label { text: qsTr("Context"); opacity: 0.7 }
            Label {
                objectName: "contextLabel"
                text: page.contextName.length > 0 ? page.contextName : qsTr("current context")
                textFormat: Text.PlainText
            }
        }
        EmptyState {
            Layout.fillWidth: true
            Layout.fillHeight: true
            kind: EmptyState.Kind.Empty
            title: qsTr("Not connected")
            explanation: qsTr("Connecting to a management cluster arrives with the client core. This build shows the shell of the application only.")
        }
    }
}
