pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck.Components
import Nestdeck.Clusters

// Every cluster of the chosen tenant (or all), live: sortable and filterable.
Page {
    id: page
    objectName: "clustersPage"
    property alias session: clusters.session
    // The connection's state and why (for the empty state).
    property int connectionState: ConnectionState.Disconnected
    property string connectionReason
    // "" while live; else since when the rows are as they were (AppController.staleText).
    property string staleText
    property bool treeVisible: true
    property alias tenantNamespace: filter.tenantNamespace
    readonly property alias clusters: clusters
    readonly property alias table: table
    readonly property alias filter: filter
    // Kinds the user may create here (from the platform's ApplicationDefinitions).
    property list<string> appKinds
    // Of those, the ones the API server does not serve: shown, not offered.
    property list<string> unservedKinds
    signal clusterActivated(string key)
    signal createRequested(string kind, string ns)

    ClusterTableModel { id: clusters }

    // Back from a cluster page (Esc, Alt+Left): the keyboard is on the table again.
    StackView.onActivated: table.forceActiveFocus()

    ClusterFilterModel {
        id: filter
        sourceModel: clusters
        filterString: search.text
        Component.onCompleted: sortBy(0, true)
    }

    Shortcut {
        sequences: [StandardKey.New]
        enabled: page.visible && page.appKinds.length > 0
        onActivated: newMenu.open()
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
                text: page.tenantNamespace ? qsTr("Clusters of tenant %1").arg(filter.tenantName) : qsTr("All clusters")
                font.pointSize: Theme.basePointSize * Theme.headingScale
                font.bold: true
            }
            Label {
                objectName: "clusterCount"
                text: qsTr("%1 of %2").arg(filter.count).arg(clusters.count)
                opacity: 0.7
            }

            Item { Layout.fillWidth: true }
            Button {
                id: newButton
                objectName: "newButton"
                text: qsTr("New…")
                enabled: page.appKinds.length > 0
                onClicked: newMenu.open()
                Accessible.name: qsTr("Create an application (Ctrl+N)")
                ToolTip.visible: hovered
                ToolTip.text: page.tenantNamespace ? qsTr("Create in %1 (Ctrl+N)").arg(page.tenantNamespace)
                                                   : qsTr("Create; the form asks for the tenant (Ctrl+N)")
                Menu {
                    id: newMenu
                    y: newButton.height
                    Repeater {
                        model: page.appKinds
                        delegate: MenuItem {
                            required property string modelData
                            readonly property bool served: page.unservedKinds.indexOf(modelData) < 0
                            objectName: "new_" + modelData
                            text: served ? modelData : qsTr("%1 — defined, not served by the API server").arg(modelData)
                            enabled: served
                            // With "All tenants" the form asks where: no tenant by surprise.
                            onTriggered: page.createRequested(modelData, page.tenantNamespace)
                        }
                    }
                }
            }
            TextField {
                id: search
                objectName: "clusterSearch"
                placeholderText: qsTr("Filter by name, tenant or health (Ctrl+F)")
                Layout.preferredWidth: 320
                Accessible.name: qsTr("Filter clusters")
                Keys.onDownPressed: table.forceActiveFocus()
                // Enter after a filter: the first match is the current row (an
                // earlier current row may be past the end of the filtered list).
                // (The proxy's count, not TableView.rows: rows follow at the next layout.)
                function toTable() {
                    if (filter.count > 0)
                        table.selectionModel.setCurrentIndex(filter.index(0, 0), ItemSelectionModel.ClearAndSelect)
                    table.forceActiveFocus()
                }
                Keys.onReturnPressed: toTable()
                Keys.onEnterPressed: toTable()
            }
        }
        // During an outage the rows keep the last state heard: say how old it is.
        Label {
            objectName: "staleBanner"
            Layout.fillWidth: true
            visible: page.staleText.length > 0
            text: page.staleText
            color: Theme.warning
            wrapMode: Text.Wrap
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }

        // Columns a narrow table leaves out are named (they went without a
        // sign). In a line of its own: in the toolbar row its width fed back
        // into the table's and the layout never settled.
        Label {
            objectName: "hiddenColumns"
            readonly property list<string> hidden: clusters.hiddenColumns(table.width)
            visible: hidden.length > 0
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignRight
            text: qsTr("%1 hidden: the window is narrow").arg(hidden.join(", "))
            opacity: 0.6
            font.italic: true
            elide: Text.ElideRight
        }
        HorizontalHeaderView {
            id: header
            Layout.fillWidth: true
            syncView: table
            clip: true
            // Not a Tab stop: it took the keyboard between the filter and the
            // table and did nothing with it (sorting is the table's columns' click).
            activeFocusOnTab: false
            keyNavigationEnabled: false
            property int sortColumn: 0
            property bool ascending: true
            delegate: Rectangle {
                id: headerCell
                required property int index
                required property string display
                implicitHeight: Theme.rowHeight
                implicitWidth: headerText.implicitWidth + 2 * Theme.spacing
                color: headerTap.pressed ? palette.mid : palette.button
                Label {
                    id: headerText
                    anchors.fill: parent
                    anchors.leftMargin: Theme.spacing
                    anchors.rightMargin: Theme.spacing
                    verticalAlignment: Text.AlignVCenter
                    text: headerCell.display + (header.sortColumn === headerCell.index ? (header.ascending ? "  ▲" : "  ▼") : "")
                    font.bold: true
                    elide: Text.ElideRight
                    color: palette.buttonText
                }
                TapHandler {
                    id: headerTap
                    onTapped: header.sortBy(headerCell.index)
                }
                Accessible.role: Accessible.ColumnHeader
                Accessible.name: qsTr("Sort by %1").arg(headerCell.display)
            }
            function sortBy(column: int) {
                ascending = sortColumn === column ? !ascending : true
                sortColumn = column
                filter.sortBy(column, ascending)
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
            // Widths, alignment and cell kinds come from the model's column descriptors.
            readonly property list<real> widths: clusters.columnWidths(width)
            columnWidthProvider: (column) => widths[column]
            onWidthChanged: forceLayout()
            keyNavigationEnabled: true
            activeFocusOnTab: true
            // The selection model's current index is the model's row; TableView.currentRow
            // follows a filter only at the next layout and can name a row that is gone.
            function activateCurrent() {
                const current = selectionModel.currentIndex
                if (current.valid)
                    page.clusterActivated(filter.keyAt(current.row))
            }
            Keys.onReturnPressed: activateCurrent()
            Keys.onEnterPressed: activateCurrent()
            // Tab leaves the table (its key navigation kept it: the toolbar and
            // the tenants were reachable only by Ctrl+F and Shift+Tab).
            Keys.onTabPressed: {
                const next = table.nextItemInFocusChain(true)
                if (next && next !== table)
                    next.forceActiveFocus(Qt.TabFocusReason)
            }
            Keys.onBacktabPressed: {
                const previous = table.nextItemInFocusChain(false)
                if (previous && previous !== table)
                    previous.forceActiveFocus(Qt.BacktabFocusReason)
            }
            // Tab into the table lands on a row, not nowhere.
            onActiveFocusChanged: if (activeFocus && !selectionModel.currentIndex.valid && filter.count > 0)
                selectionModel.setCurrentIndex(filter.index(0, 0), ItemSelectionModel.ClearAndSelect)
            Accessible.role: Accessible.Table
            Accessible.name: qsTr("Clusters")

            delegate: Rectangle {
                id: cell
                required property int row
                required property int column
                required property string display
                required property int health
                required property string reason
                required property int alignment
                required property int cellKind
                required property bool current
                readonly property bool onCurrentRow: current || table.currentRow === row
                implicitHeight: Theme.rowHeight
                color: onCurrentRow ? palette.highlight : (row % 2 ? palette.alternateBase : palette.base)
                // One light delegate for every column: a dot (health cells
                // only) and a Text. The health badge's RowLayout and a
                // second, hidden label in every cell made the table's relayout
                // while 20,000 rows stream in one ~50 ms block of the GUI thread.
                readonly property bool healthCell: cellKind === ClusterTableModel.HealthCell
                // A screen reader reads each cell (they were unnamed fillers),
                // the health with its reason.
                Accessible.role: Accessible.Cell
                Accessible.name: healthCell && reason.length > 0 && !display.includes(reason) ? display + ": " + reason : display
                Accessible.selected: onCurrentRow
                Rectangle {
                    id: dot
                    visible: cell.healthCell
                    x: Theme.spacing
                    anchors.verticalCenter: parent.verticalCenter
                    width: 10
                    height: 10
                    radius: 5
                    // Not live: the dot is hollow, the word not vouched for.
                    color: page.staleText.length > 0 ? "transparent" : Theme.healthColor(cell.health)
                    border.color: Theme.healthColor(cell.health)
                    border.width: page.staleText.length > 0 ? 2 : 0
                }
                Text {
                    anchors.fill: parent
                    anchors.leftMargin: cell.healthCell ? Theme.spacing + dot.width + 6 : Theme.spacing
                    anchors.rightMargin: Theme.spacing
                    verticalAlignment: Text.AlignVCenter
                    horizontalAlignment: cell.alignment & Qt.AlignRight ? Text.AlignRight : Text.AlignLeft
                    text: cell.display
                    elide: Text.ElideRight
                    font.bold: cell.cellKind === ClusterTableModel.TitleCell
                    color: cell.onCurrentRow ? palette.highlightedText
                         : cell.healthCell && cell.health === Health.Failed ? Theme.error : palette.text
                }
                TapHandler {
                    onTapped: table.selectionModel.setCurrentIndex(table.index(cell.row, 0), ItemSelectionModel.ClearAndSelect)
                    // The proxy's row → key at the time of the tap (a reused delegate's
                    // properties can lag behind a filter change).
                    onDoubleTapped: page.clusterActivated(filter.keyAt(cell.row))
                }
                ToolTip.visible: hover.hovered && cell.cellKind === ClusterTableModel.HealthCell && cell.reason.length > 0
                ToolTip.text: cell.reason
                HoverHandler { id: hover }
            }

            EmptyState {
                objectName: "clustersEmpty"
                // On the table itself: a Flickable puts its children in its
                // content item, which has no height while there are no rows.
                parent: table
                anchors.centerIn: parent
                width: table.width
                height: 200
                visible: table.rows === 0
                // Still connecting, but the server has already answered with an error.
                readonly property bool failing: page.connectionState === ConnectionState.Connecting && page.connectionReason.length > 0
                kind: failing || page.connectionState === ConnectionState.Forbidden ? EmptyState.Kind.Error
                      : page.connectionState === ConnectionState.Connecting ? EmptyState.Kind.Loading : EmptyState.Kind.Empty
                title: failing ? qsTr("Cannot read the clusters yet; Nestdeck keeps trying")
                       : page.connectionState === ConnectionState.Connecting ? qsTr("Loading clusters…")
                       : page.connectionState === ConnectionState.Forbidden ? qsTr("You may not list clusters here")
                       : search.text.length > 0 ? qsTr("No cluster matches “%1”").arg(search.text)
                       : qsTr("No clusters in this tenant yet")
                explanation: failing || page.connectionState === ConnectionState.Forbidden ? page.connectionReason : ""
            }
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Double-click or press Enter to open a cluster. Health is derived from the whole object tree.")
                  + (page.treeVisible ? "" : " " + qsTr("With your rights only the clusters' own conditions are visible."))
            opacity: 0.6
            wrapMode: Text.Wrap
        }
    }
}
