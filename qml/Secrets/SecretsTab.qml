pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import QtCore
import Nestdeck.Components
import Nestdeck.Secrets

// A cluster's Secrets (names from the ApplicationDefinition). Values are
// fetched only when asked for, one Secret at a time.
ScrollView {
    id: tab
    objectName: "secretsTab"
    required property PlatformSession session
    required property string namespaceName
    required property string clusterName
    required property list<string> secretNames
    // Where "Add to my kubeconfig" writes (kubectl's rule for new entries).
    required property string kubeconfigPath
    contentWidth: availableWidth

    ColumnLayout {
        width: tab.availableWidth
        spacing: Theme.gap
        Repeater {
            model: tab.secretNames
            delegate: Frame {
                id: secretFrame
                required property string modelData
                Layout.fillWidth: true
                SecretAccess {
                    id: access
                    session: tab.session
                    kubeconfigPath: tab.kubeconfigPath
                    namespaceName: tab.namespaceName
                    secretName: secretFrame.modelData
                    onNotice: (message) => status.show(message, false)
                    onTested: (ok, message) => status.show(message, !ok)
                }
                ColumnLayout {
                    anchors.fill: parent
                    spacing: Theme.spacing
                    RowLayout {
                        Label { text: secretFrame.modelData; font.bold: true; font.family: Theme.monoFamily; Layout.fillWidth: true }
                        Button {
                            objectName: "loadSecret"
                            text: access.loaded ? qsTr("Forget values") : qsTr("Load values")
                            enabled: !access.loading
                            onClicked: access.loaded ? access.forget() : access.fetch()
                            Accessible.description: qsTr("Fetches this Secret from the server now; nothing is fetched before you ask.")
                        }
                    }
                    Label {
                        visible: access.error.length > 0
                        text: access.error
                        color: Theme.error
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Label {
                        id: status
                        objectName: "secretStatus"
                        visible: text.length > 0
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                        property bool bad: false
                        color: bad ? Theme.error : Theme.ok
                        function show(message, isError) { text = message; bad = isError }
                    }
                    Repeater {
                        model: access.keys
                        delegate: ColumnLayout {
                            id: keyRow
                            required property string modelData
                            readonly property bool sensitive: access.needsConfirmation(modelData)
                            property bool confirmed: false
                            Layout.fillWidth: true
                            spacing: 4
                            RowLayout {
                                Label { text: keyRow.modelData; font.bold: true; Layout.preferredWidth: 150; font.family: Theme.monoFamily }
                                Label {
                                    text: access.describe(keyRow.modelData)
                                    wrapMode: Text.Wrap
                                    Layout.fillWidth: true
                                    color: keyRow.sensitive ? Theme.warning : palette.windowText
                                }
                            }
                            RowLayout {
                                Layout.leftMargin: 150 + Theme.gap
                                TextField {
                                    id: savePath
                                    objectName: "savePath_" + keyRow.modelData
                                    Layout.preferredWidth: 360
                                    text: StandardPaths.writableLocation(StandardPaths.HomeLocation).toString().replace("file://", "")
                                          + "/" + tab.clusterName + "-" + keyRow.modelData.replace(".", "-") + ".yaml"
                                    Accessible.name: qsTr("Where to save %1").arg(keyRow.modelData)
                                }
                                Button {
                                    text: qsTr("Browse…")
                                    onClicked: fileDialog.open()
                                }
                                Button {
                                    objectName: "save_" + keyRow.modelData
                                    text: qsTr("Save")
                                    onClicked: keyRow.run("save")
                                }
                                Button {
                                    objectName: "copy_" + keyRow.modelData
                                    text: qsTr("Copy")
                                    onClicked: keyRow.run("copy")
                                }
                                Button {
                                    objectName: "merge_" + keyRow.modelData
                                    text: qsTr("Add to my kubeconfig")
                                    onClicked: keyRow.run("merge")
                                    ToolTip.visible: hovered
                                    ToolTip.text: qsTr("Adds a context to %1 (the file kubectl writes: --kubeconfig, else the first file of $KUBECONFIG, else ~/.kube/config) after a backup; nothing else in the file changes. Added again, the same cluster and user change nothing; new credentials update it.").arg(tab.kubeconfigPath)
                                }
                                Button {
                                    objectName: "test_" + keyRow.modelData
                                    text: qsTr("Test connection")
                                    onClicked: keyRow.run("test")
                                }
                            }
                            FileDialog {
                                id: fileDialog
                                fileMode: FileDialog.SaveFile
                                currentFile: "file://" + savePath.text
                                onAccepted: savePath.text = access.localPath(selectedFile)
                            }
                            // super-admin.* asks first, once per key; the action waits for the answer.
                            property string pendingAction
                            function perform(what) {
                                let error = ""
                                if (what === "save")
                                    error = access.saveAs(modelData, savePath.text, confirmed)
                                else if (what === "copy")
                                    error = access.copy(modelData, confirmed)
                                else if (what === "merge")
                                    error = access.addToKubeconfig(modelData, confirmed)
                                else if (what === "test")
                                    access.testConnection(modelData)
                                if (error)
                                    status.show(error, true)
                            }
                            function run(what) {
                                if (sensitive && !confirmed) {
                                    pendingAction = what
                                    confirmDialog.open()
                                    return
                                }
                                perform(what)
                            }
                            Dialog {
                                id: confirmDialog
                                objectName: "confirmSuperAdmin"
                                title: qsTr("Use %1?").arg(keyRow.modelData)
                                modal: true
                                standardButtons: Dialog.Yes | Dialog.Cancel
                                parent: Overlay.overlay
                                // qmllint disable Quick.layout-positioning
                                x: (parent.width - width) / 2 // a Popup, not laid out by the ColumnLayout
                                y: (parent.height - height) / 3
                                // qmllint enable Quick.layout-positioning
                                Label {
                                    objectName: "confirmSuperAdminText"
                                    width: 420
                                    wrapMode: Text.Wrap
                                    text: qsTr("%1 grants system:masters on the tenant cluster: it bypasses RBAC. Use it for troubleshooting only, and keep the file private.").arg(keyRow.modelData)
                                }
                                onAccepted: {
                                    keyRow.confirmed = true
                                    keyRow.perform(keyRow.pendingAction)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
