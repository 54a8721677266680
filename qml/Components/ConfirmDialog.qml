import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A question before a change. It is as wide as its text needs up to
// preferredWidth, never the window (a Label that wraps reports its whole
// text as its implicit width, and a Dialog sized by it became a full-width
// band); the button that does it says the verb ("Stop", not "OK"); Cancel
// beside it. Children go into a column as wide as the dialog.
Dialog {
    id: dialog
    property string confirmText: qsTr("OK")
    property string confirmName
    property bool confirmEnabled: true
    property int preferredWidth: 520
    // A change that cannot be taken back by the same dialog (Stop, Delete,
    // Remove): the keyboard starts on Cancel, so Enter alone changes nothing.
    property bool destructive: false
    default property alias content: body.data

    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(preferredWidth, (Overlay.overlay ? Overlay.overlay.width : preferredWidth) - 2 * Theme.gap)

    function pressFocused(event: KeyEvent) {
        if (confirmButton.activeFocus && confirmButton.enabled)
            accept()
        else if (cancelButton.activeFocus)
            reject()
        else
            event.accepted = false
    }

    ColumnLayout {
        id: body
        width: dialog.availableWidth
        spacing: Theme.spacing
    }
    onOpened: (destructive ? cancelButton : confirmButton).forceActiveFocus()
    footer: DialogButtonBox {
        // Enter presses the focused button, as Space does (the window's own
        // handler does not reach into popups).
        Keys.onReturnPressed: (event) => dialog.pressFocused(event)
        Keys.onEnterPressed: (event) => dialog.pressFocused(event)
        Button {
            id: confirmButton
            objectName: dialog.confirmName
            text: dialog.confirmText
            enabled: dialog.confirmEnabled
            highlighted: true
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
        }
        Button {
            id: cancelButton
            objectName: dialog.confirmName.length > 0 ? dialog.confirmName + "Cancel" : ""
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
        }
    }
}
