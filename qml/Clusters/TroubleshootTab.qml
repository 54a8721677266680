pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
// qmllint disable unused-imports
import org.kde.syntaxhighlighting
// qmllint enable unused-imports
import Nestdeck.Components
import Nestdeck.Clusters

// Why the cluster is (not) Ready: the diagnosis on top, the whole object tree
// below (expand/collapse with the arrow keys), and for the selected object
// its YAML, events and owners.
Item {
    id: tab
    objectName: "troubleshootTab"
    required property TroubleshootModel model

    // Selects the object the diagnosis names, opening its ancestors.
    function showCause() {
        const idx = tab.model.diagnosisIndex();
        if (!idx.valid)
            return;
        tree.expandToIndex(idx);
        tree.forceLayout();
        tree.positionViewAtRow(tree.rowAtIndex(idx), TableView.Contain);
        selection.setCurrentIndex(idx, ItemSelectionModel.ClearAndSelect);
    }

    Connections {
        target: tab.model
        // After the TreeView has taken the reset in (it collapses everything).
        function onModelReset() {
            Qt.callLater(() => {
                tree.expandRecursively();
                tab.showCause();
            });
        }
        function onBundleWritten(path: string, error: string) {
            bundleMessage.ok = error.length === 0;
            bundleMessage.text = error.length === 0 ? qsTr("Support bundle written to %1").arg(path) : error;
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap

        Frame {
            id: card
            objectName: "diagnosisCard"
            Layout.fillWidth: true
            visible: tab.model.loaded
            ColumnLayout {
                width: parent.width
                spacing: Theme.spacing
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.gap
                    Label {
                        objectName: "diagnosisCause"
                        text: tab.model.causeName
                        font.bold: true
                        font.pointSize: Theme.basePointSize * Theme.headingScale
                        color: tab.model.problem ? Theme.error : Theme.ok
                        // On a narrow window the words give way, not the buttons
                        // ("Support bundle…" was cut off at 1024×700).
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                        Layout.maximumWidth: implicitWidth
                        Layout.minimumWidth: Math.min(implicitWidth, 120)
                    }
                    Label {
                        text: tab.model.since ? qsTr("%1 for %2").arg(tab.model.healthWord).arg(tab.model.since) : tab.model.healthWord
                        opacity: 0.7
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                        Layout.maximumWidth: implicitWidth
                    }
                    Item {
                        Layout.fillWidth: true
                    }
                    BusyIndicator {
                        running: tab.model.loading
                        implicitWidth: 24
                        implicitHeight: 24
                    }
                    Button {
                        objectName: "showCauseButton"
                        text: qsTr("Show cause")
                        visible: tab.model.problem
                        onClicked: tab.showCause()
                    }
                    Button {
                        objectName: "reloadTreeButton"
                        text: qsTr("Reload")
                        enabled: !tab.model.loading
                        onClicked: tab.model.reload()
                    }
                    Button {
                        objectName: "exportBundleButton"
                        text: qsTr("Support bundle…")
                        enabled: tab.model.objectCount > 0
                        onClicked: {
                            bundlePath.text = tab.model.suggestedBundleName();
                            bundleMessage.text = "";
                            bundleDialog.open();
                        }
                    }
                }
                Label {
                    objectName: "diagnosisHeadline"
                    Layout.fillWidth: true
                    text: tab.model.headline
                    wrapMode: Text.Wrap
                }
                Repeater {
                    model: tab.model.evidence
                    delegate: Label {
                        required property string modelData
                        Layout.fillWidth: true
                        text: "• " + modelData
                        font.family: Theme.monoFamily
                        wrapMode: Text.Wrap
                        opacity: 0.85
                    }
                }
                Label {
                    objectName: "diagnosisNextStep"
                    Layout.fillWidth: true
                    visible: tab.model.nextStep.length > 0
                    text: qsTr("Next step: %1").arg(tab.model.nextStep)
                    wrapMode: Text.Wrap
                    font.italic: true
                }
                Label {
                    Layout.fillWidth: true
                    visible: tab.model.notVisible.length > 0
                    text: qsTr("Not visible to you: %1").arg(tab.model.notVisible.join("; "))
                    color: Theme.warning
                    wrapMode: Text.Wrap
                }
                Label {
                    id: bundleMessage
                    objectName: "bundleMessage"
                    property bool ok: true
                    Layout.fillWidth: true
                    visible: text.length > 0
                    color: ok ? Theme.ok : Theme.error
                    wrapMode: Text.Wrap
                }
            }
        }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: tab.model.objectCount > 0
            orientation: Qt.Horizontal

            TreeView {
                id: tree
                objectName: "objectTree"
                SplitView.preferredWidth: tab.width * 0.55
                SplitView.minimumWidth: 300
                clip: true
                model: tab.model
                focus: true
                selectionModel: ItemSelectionModel {
                    id: selection
                    model: tab.model
                }
                ScrollBar.vertical: ScrollBar {}
                Accessible.role: Accessible.Tree
                Accessible.name: qsTr("Objects of the cluster")
                delegate: TreeViewDelegate {
                    id: node
                    required property string title
                    required property string word
                    required property string message
                    required property int severity
                    required property int worst
                    required property string warning
                    required property string age
                    required property bool isCause
                    implicitWidth: tree.width
                    // A screen reader hears the object, its state and where it sits
                    // (an unnamed list item before): the tree's level and whether
                    // it is open go into the name, as Qt Quick's item has no
                    // tree-item role of its own.
                    Accessible.role: Accessible.TreeItem
                    Accessible.name: qsTr("%1: %2, level %3%4").arg(node.title).arg(node.word).arg(node.depth + 1)
                                     .arg(!node.hasChildren ? "" : node.expanded ? qsTr(", expanded") : qsTr(", collapsed"))
                    Accessible.description: [node.message, node.warning].filter(s => s.length > 0).join(" ")
                    contentItem: RowLayout {
                        spacing: Theme.spacing
                        Label {
                            text: node.severity === 3 ? "✗" : node.severity === 2 ? "!" : node.severity === 1 ? "…" : "✓"
                            color: node.severity === 3 ? Theme.error : node.severity === 2 ? Theme.warning : node.severity === 1 ? palette.windowText : Theme.ok
                            font.bold: true
                            Accessible.name: node.severity === 3 ? qsTr("Failed") : node.severity === 2 ? qsTr("Warning") : node.severity === 1 ? qsTr("In progress") : qsTr("OK")
                        }
                        Label {
                            text: node.title
                            font.bold: node.isCause
                            elide: Text.ElideMiddle
                            Layout.fillWidth: true
                        }
                        Label {
                            text: node.word
                            color: node.severity === 3 ? Theme.error : palette.windowText
                            opacity: node.severity === 0 ? 0.6 : 1
                        }
                        Label {
                            visible: node.worst === 3 && node.severity !== 3 && !node.expanded
                            text: qsTr("problem below")
                            color: Theme.error
                            font.italic: true
                        }
                        Label {
                            text: node.age
                            opacity: 0.5
                            Layout.preferredWidth: 40
                        }
                    }
                    ToolTip.visible: hovered && (node.message.length > 0 || node.warning.length > 0)
                    ToolTip.text: [node.message, node.warning].filter(s => s.length > 0).join("\n")
                }
            }

            ColumnLayout {
                SplitView.fillWidth: true
                spacing: 0
                TabBar {
                    id: detailTabs
                    objectName: "objectDetailTabs"
                    Layout.fillWidth: true
                    TabButton {
                        text: qsTr("YAML")
                        width: implicitWidth
                    }
                    TabButton {
                        text: qsTr("Events")
                        width: implicitWidth
                    }
                    TabButton {
                        text: qsTr("Owners")
                        width: implicitWidth
                    }
                }
                StackLayout {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    currentIndex: detailTabs.currentIndex
                    ScrollView {
                        TextArea {
                            id: yamlArea
                            objectName: "objectYaml"
                            readOnly: true
                            selectByMouse: true
                            font.family: Theme.monoFamily
                            wrapMode: TextEdit.NoWrap
                            text: tab.model.revision >= 0 && selection.currentIndex.valid ? tab.model.yamlOf(selection.currentIndex) : ""
                            Accessible.name: qsTr("YAML of the selected object")
                            // qmllint disable import unresolved-type missing-property
                            SyntaxHighlighter {
                                textEdit: yamlArea
                                definition: "YAML"
                            }
                            // qmllint enable import unresolved-type missing-property
                        }
                    }
                    ListView {
                        id: eventList
                        objectName: "objectEvents"
                        clip: true
                        model: tab.model.revision >= 0 && selection.currentIndex.valid ? tab.model.eventsOf(selection.currentIndex) : []
                        delegate: Label {
                            required property string modelData
                            width: ListView.view.width
                            text: modelData
                            wrapMode: Text.Wrap
                            color: modelData.includes("⚠") ? Theme.warning : palette.windowText
                        }
                        EmptyState {
                            anchors.fill: parent
                            visible: eventList.count === 0
                            title: qsTr("No events")
                            explanation: qsTr("Kubernetes keeps events for about an hour.")
                        }
                    }
                    ListView {
                        objectName: "objectOwners"
                        clip: true
                        model: tab.model.revision >= 0 && selection.currentIndex.valid ? tab.model.ownersOf(selection.currentIndex) : []
                        delegate: Label {
                            required property string modelData
                            required property int index
                            leftPadding: index * Theme.gap
                            text: (index > 0 ? "└ " : "") + modelData
                            font.family: Theme.monoFamily
                        }
                    }
                }
            }
        }

        EmptyState {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !tab.model.loaded || (tab.model.objectCount === 0 && tab.model.error.length > 0)
            kind: tab.model.error ? EmptyState.Kind.Error : EmptyState.Kind.Empty
            title: tab.model.error ? qsTr("The tree cannot be read") : qsTr("Reading the cluster's objects…")
            explanation: tab.model.error
        }
    }

    Dialog {
        id: bundleDialog
        objectName: "bundleDialog"
        title: qsTr("Export a support bundle")
        modal: true
        anchors.centerIn: Overlay.overlay
        standardButtons: Dialog.Save | Dialog.Cancel
        ColumnLayout {
            spacing: Theme.spacing
            Label {
                text: qsTr("Every object of the tree as YAML, its events and the diagnosis, as a .tar.gz.\nSecrets are included by name only, never their data.")
                wrapMode: Text.Wrap
            }
            TextField {
                id: bundlePath
                objectName: "bundlePath"
                Layout.preferredWidth: 520
                Accessible.name: qsTr("File to write")
            }
        }
        onAccepted: tab.model.exportBundle(bundlePath.text)
        Component.onCompleted: standardButton(Dialog.Save).objectName = "saveBundleButton"
    }
}
