pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck.Components
import Nestdeck.Tenants

// The tenant hierarchy with cluster counts and quota use.
Pane {
    id: pane
    property alias session: tenants.session
    readonly property alias list: list
    // Where a create can go (the editor's tenant picker).
    readonly property list<string> namespaces: tenants.namespaces
    signal tenantChosen(string ns)
    padding: 0

    TenantModel { id: tenants }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        Label {
            Layout.margins: Theme.spacing
            text: qsTr("Tenants")
            font.bold: true
        }
        ListView {
            id: list
            objectName: "tenantList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: tenants
            keyNavigationEnabled: true
            activeFocusOnTab: true
            // The row under the keyboard is visible when the list has focus.
            highlightFollowsCurrentItem: true
            Accessible.role: Accessible.Tree
            Accessible.name: qsTr("Tenants")
            onCurrentIndexChanged: pane.tenantChosen(tenants.namespaceAt(currentIndex))
            delegate: ItemDelegate {
                id: d
                required property int index
                required property string namespace
                required property string name
                required property int depth
                required property int clusterCount
                required property string quota
                readonly property string ns: namespace
                objectName: "tenant_" + (namespace || "all")
                width: ListView.view.width
                highlighted: ListView.isCurrentItem
                leftPadding: Theme.spacing + depth * 16
                Accessible.name: qsTr("Tenant %1, %n cluster(s)", "", clusterCount).arg(name)
                Accessible.description: quota
                onClicked: list.currentIndex = index
                contentItem: ColumnLayout {
                    spacing: 0
                    RowLayout {
                        Label {
                            Layout.fillWidth: true
                            text: d.name
                            font.bold: d.namespace === ""
                            elide: Text.ElideRight
                        }
                        Label {
                            text: d.clusterCount
                            opacity: 0.7
                        }
                    }
                    Label {
                        id: quotaLabel
                        visible: d.quota.length > 0
                        Layout.fillWidth: true
                        text: d.quota
                        font.pointSize: Theme.basePointSize * 0.85
                        opacity: 0.6
                        elide: Text.ElideRight
                        // Every bound of the quota, when the pane is too narrow for them.
                        ToolTip.visible: quotaHover.hovered && quotaLabel.truncated
                        ToolTip.text: d.quota
                        ToolTip.delay: 300
                        HoverHandler { id: quotaHover }
                    }
                }
            }
        }
    }
}
