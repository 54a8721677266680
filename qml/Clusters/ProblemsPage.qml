pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck.Components
import Nestdeck.Clusters

// Every cluster of the platform that is not Ready, grouped by cause (the most
// serious first), live, with how long each has been so. Enter or a click
// opens the cluster's tree.
Page {
    id: page
    objectName: "problemsPage"
    required property ProblemsModel problems
    signal clusterActivated(string appKey)

    header: RowLayout {
        spacing: Theme.gap
        Label {
            Layout.margins: Theme.gap
            text: qsTr("Problems")
            font.pointSize: Theme.basePointSize * Theme.titleScale
            font.bold: true
        }
        Label {
            text: qsTr("%n cluster(s) not Ready, %1 with a problem", "", page.problems.count).arg(page.problems.problemCount)
            opacity: 0.7
        }
        Item { Layout.fillWidth: true }
    }

    // Back from a cluster page (where leftovers may have been removed): list them anew.
    StackView.onActivated: {
        list.forceActiveFocus()
        page.problems.rescanLeftovers()
    }

    ListView {
        id: list
        objectName: "problemsList"
        anchors.fill: parent
        anchors.margins: Theme.gap
        clip: true
        model: page.problems
        focus: true
        keyNavigationEnabled: true
        currentIndex: 0
        highlightMoveDuration: 0
        highlight: Rectangle { color: palette.highlight; opacity: 0.25 }
        ScrollBar.vertical: ScrollBar {}
        Keys.onReturnPressed: page.clusterActivated(page.problems.keyAt(list.currentIndex))
        Keys.onEnterPressed: page.clusterActivated(page.problems.keyAt(list.currentIndex))
        section.property: "cause"
        section.criteria: ViewSection.FullString
        section.delegate: Label {
            required property string section
            width: ListView.view.width
            topPadding: Theme.gap
            bottomPadding: Theme.spacing
            text: section
            font.bold: true
            font.pointSize: Theme.basePointSize * Theme.headingScale
        }
        delegate: ItemDelegate {
            id: row
            required property int index
            required property string key
            required property string name
            required property string namespaceName
            required property int health
            required property string healthWord
            required property string headline
            required property string object
            required property string since
            required property string nextStep
            required property bool problem
            width: ListView.view.width
            onClicked: {
                list.currentIndex = row.index
                page.clusterActivated(row.key)
            }
            Accessible.name: qsTr("%1 in %2: %3").arg(row.name).arg(row.namespaceName).arg(row.headline)
            Accessible.description: row.nextStep
            contentItem: RowLayout {
                spacing: Theme.gap
                HealthBadge {
                    health: row.health
                    text: row.healthWord
                    Layout.fillWidth: false
                    Layout.preferredWidth: 130
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    RowLayout {
                        spacing: Theme.spacing
                        Label { text: row.name; font.bold: true }
                        Label { text: row.namespaceName; opacity: 0.6 }
                    }
                    Label {
                        Layout.fillWidth: true
                        text: row.headline
                        wrapMode: Text.Wrap
                        color: row.problem ? Theme.error : palette.windowText
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: row.object.length > 0
                        text: row.object
                        font.family: Theme.monoFamily
                        opacity: 0.7
                        elide: Text.ElideMiddle
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: row.nextStep.length > 0
                        text: qsTr("Next step: %1").arg(row.nextStep)
                        wrapMode: Text.Wrap
                        opacity: 0.8
                    }
                }
                Label {
                    text: row.since
                    opacity: 0.7
                    Layout.preferredWidth: 60
                    horizontalAlignment: Text.AlignRight
                    ToolTip.visible: sinceHover.hovered
                    ToolTip.text: qsTr("In this state for %1").arg(row.since)
                    HoverHandler { id: sinceHover }
                }
            }
        }
        EmptyState {
            anchors.fill: parent
            visible: list.count === 0
            kind: EmptyState.Kind.Empty
            title: qsTr("Every cluster is Ready")
            explanation: qsTr("Clusters that are provisioning, failing, degraded or being deleted show up here, grouped by cause.")
        }
    }
}
