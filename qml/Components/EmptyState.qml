import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The one way Nestdeck shows "nothing here yet", "loading" and "this failed":
// a title, an explanation in plain words and an optional action.
Item {
    id: root

    enum Kind { Empty, Loading, Error }

    property int kind: EmptyState.Kind.Empty
    property string title
    property string explanation
    property string actionText
    signal actionTriggered()

    implicitWidth: column.implicitWidth
    implicitHeight: column.implicitHeight
    Accessible.role: Accessible.StaticText
    Accessible.name: title

    ColumnLayout {
        id: column
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.margin, 520)
        spacing: Theme.spacing

        BusyIndicator {
            objectName: "busy"
            Layout.alignment: Qt.AlignHCenter
            visible: root.kind === EmptyState.Kind.Loading
            running: visible
        }
        Label {
            objectName: "title"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: root.title
            font.pointSize: Theme.basePointSize * Theme.headingScale
            font.bold: true
            color: root.kind === EmptyState.Kind.Error ? Theme.error : palette.windowText
        }
        Label {
            objectName: "explanation"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: root.explanation
            visible: text.length > 0
            opacity: 0.8
        }
        Button {
            objectName: "action"
            Layout.alignment: Qt.AlignHCenter
            Layout.topMargin: Theme.spacing
            visible: root.actionText.length > 0
            text: root.actionText
            Accessible.name: root.actionText
            // Without an action there is nothing to read (a screen reader listed
            // the hidden button, unnamed).
            Accessible.ignored: !visible
            onClicked: root.actionTriggered()
        }
    }
}
