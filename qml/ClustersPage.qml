pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck

// Every cluster of the chosen tenant (or all), live: sortable and filterable.
Page {
    id: page
    objectName: "clustersPage"
    property alias tenantNamespace: filter.tenantNamespace
    signal clusterActivated(string key)

    ClusterFilterModel {
        id: filter
        sourceModel: AppController.clusters
        filterString: search.text
        Component.onCompleted: sortBy(0, true)
    }

    Shortcut {
        sequences: [StandardKey.Find, "/"]
        onActivated: search.forceActiveFocus()
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.spacing

        RowLayout {
            spacing: Theme.gap
            Label {
                text: page.tenantNamespace ? qsTr("Clusters of %1").arg(page.tenantNamespace) : qsTr("All clusters")
                font.pointSize: Theme.basePointSize * Theme.headingScale
                font.bold: true
            }
            Label {
                objectName: "clusterCount"
                text: qsTr("%1 of %2").arg(filter.count).arg(AppController.clusters.count)
                opacity: 0.7
            }
            Item { Layout.fillWidth: true }
            TextField {
                id: search
                objectName: "clusterSearch"
                placeholderText: qsTr("Filter by name, tenant or health (Ctrl+F)")
                Layout.preferredWidth: 320
                Accessible.name: qsTr("Filter clusters")
                Keys.onDownPressed: table.forceActiveFocus()
            }
        }

        HorizontalHeaderView {
            id: header
            Layout.fillWidth: true
            syncView: table
            clip: true
            property int sortColumn: 0
            property bool ascending: true
            delegate: ItemDelegate {
                id: headerCell
                required property int index
                // Not "display": AbstractButton has a FINAL property of that name.
                required property var model
                implicitHeight: Theme.rowHeight
                text: model.display + (header.sortColumn === index ? (header.ascending ? "  ▲" : "  ▼") : "")
                font.bold: true
                onClicked: {
                    header.ascending = header.sortColumn === index ? !header.ascending : true
                    header.sortColumn = index
                    filter.sortBy(index, header.ascending)
                }
                Accessible.name: qsTr("Sort by %1").arg(headerCell.model.display)
            }
        }

        TableView {
            id: table
            // One line once a frame with rows is on screen: scripts and the
            // package test take their screenshot after it, not after a guess.
            property bool drawnReported: false
            Connections {
                target: table.Window.window
                enabled: !table.drawnReported
                function onFrameSwapped() {
                    if (table.rows > 0 && table.visible) {
                        table.drawnReported = true
                        console.info("clusters table drawn: " + table.rows + " rows")
                    }
                }
            }
            objectName: "clusterTable"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: filter
            focus: true
            reuseItems: true
            boundsBehavior: Flickable.StopAtBounds
            selectionModel: ItemSelectionModel {}
            ScrollBar.vertical: ScrollBar {}
            // Fixed columns get their width; Name and Health share the rest.
            readonly property var fixedWidths: [0, 140, 0, 140, 70, 120, 70, 60]
            readonly property real flexible: Math.max(360, width - fixedWidths.reduce((a, b) => a + b, 0))
            columnWidthProvider: (column) => column === 0 ? flexible * 0.3 : column === 2 ? flexible * 0.7 : fixedWidths[column]
            onWidthChanged: forceLayout()
            keyNavigationEnabled: true
            Keys.onReturnPressed: if (currentRow >= 0) page.clusterActivated(filter.keyAt(currentRow))
            Accessible.role: Accessible.Table
            Accessible.name: qsTr("Clusters")

            delegate: Rectangle {
                id: cell
                required property int row
                required property int column
                required property string display
                required property int health
                required property string reason
                required property string key
                required property bool current
                implicitHeight: Theme.rowHeight
                color: current || table.currentRow === row ? palette.highlight
                                                            : (row % 2 ? palette.alternateBase : palette.base)
                HealthBadge {
                    anchors.fill: parent
                    anchors.leftMargin: Theme.spacing
                    anchors.rightMargin: Theme.spacing
                    visible: cell.column === 2
                    health: cell.health
                    text: cell.display
                }
                Label {
                    anchors.fill: parent
                    anchors.leftMargin: Theme.spacing
                    anchors.rightMargin: Theme.spacing
                    visible: cell.column !== 2
                    verticalAlignment: Text.AlignVCenter
                    horizontalAlignment: cell.column === 4 || cell.column === 6 || cell.column === 7 ? Text.AlignRight : Text.AlignLeft
                    text: cell.display
                    elide: Text.ElideRight
                    font.bold: cell.column === 0
                    color: table.currentRow === cell.row ? palette.highlightedText : palette.text
                }
                TapHandler {
                    onTapped: table.selectionModel.setCurrentIndex(table.index(cell.row, 0), ItemSelectionModel.ClearAndSelect)
                    // The proxy's row → key at the time of the tap (a reused delegate's
                    // properties can lag behind a filter change).
                    onDoubleTapped: page.clusterActivated(filter.keyAt(cell.row))
                }
                ToolTip.visible: hover.hovered && cell.column === 2 && cell.reason.length > 0
                ToolTip.text: cell.reason
                HoverHandler { id: hover }
            }

            EmptyState {
                anchors.centerIn: parent
                width: parent.width
                height: 200
                visible: table.rows === 0
                kind: AppController.state === "connecting" ? EmptyState.Kind.Loading
                      : AppController.state === "forbidden" ? EmptyState.Kind.Error : EmptyState.Kind.Empty
                title: AppController.state === "connecting" ? qsTr("Loading clusters…")
                       : AppController.state === "forbidden" ? qsTr("You may not list clusters here")
                       : search.text.length > 0 ? qsTr("No cluster matches “%1”").arg(search.text)
                       : qsTr("No clusters in this tenant yet")
                explanation: AppController.state === "forbidden" ? AppController.stateReason : ""
            }
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Double-click or press Enter to open a cluster. Health is derived from the whole object tree.")
                  + (AppController.treeVisible ? "" : " " + qsTr("With your rights only the clusters' own conditions are visible."))
            opacity: 0.6
            wrapMode: Text.Wrap
        }
    }
}
