import QtQuick
import QtQuick.Controls
import Nestdeck.Components

// One value typed as text (text, numbers, quantities): what the user types is
// sent to the form as they type; the form reads it with the field's kind and
// answers with an error in words. An empty field means "unset": the default
// (shown as the placeholder) applies.
TextField {
    id: editor
    property string value
    property string defaultText
    property string error
    signal edited(string text)

    placeholderText: defaultText
    selectByMouse: true
    onTextEdited: editor.edited(text)
    // Not a binding: while the user types, the model's echo ("7" for "007",
    // "1" for "1.") must not rewrite the text; it follows the model otherwise.
    Component.onCompleted: text = value
    onValueChanged: if (!activeFocus) text = value
    onActiveFocusChanged: if (!activeFocus && text !== value) text = value
    color: error.length > 0 ? Theme.error : palette.text
    Accessible.description: error.length > 0 ? error : defaultText
}
