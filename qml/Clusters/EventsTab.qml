pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Nestdeck.Components
import Nestdeck.Clusters

ListView {
    id: list
    objectName: "eventsTab"
    required property ClusterDetails details
    clip: true
    model: details.events
    spacing: 2
    ScrollBar.vertical: ScrollBar {}
    delegate: RowLayout {
        id: ev
        required property bool warning
        required property string reason
        required property string message
        required property string object
        required property int count
        required property string age
        width: ListView.view.width
        spacing: Theme.gap
        Label {
            Layout.preferredWidth: 20
            text: ev.warning ? "⚠" : "•"
            color: ev.warning ? Theme.warning : palette.windowText
            Accessible.name: ev.warning ? qsTr("Warning") : qsTr("Normal")
        }
        Label { Layout.preferredWidth: 70; text: ev.age; opacity: 0.7 }
        Label { Layout.preferredWidth: 140; text: ev.reason; font.bold: ev.warning }
        Label { Layout.preferredWidth: 280; text: ev.object; elide: Text.ElideMiddle; opacity: 0.8 }
        Label { Layout.fillWidth: true; text: ev.message + (ev.count > 1 ? qsTr(" (×%1)").arg(ev.count) : ""); wrapMode: Text.Wrap }
    }
    EmptyState {
        anchors.fill: parent
        visible: list.count === 0
        kind: list.details.events.error ? EmptyState.Kind.Error : EmptyState.Kind.Empty
        title: list.details.events.error ? qsTr("Events cannot be read") : qsTr("No events")
        explanation: list.details.events.error || qsTr("Kubernetes keeps events for about an hour.")
    }
}
