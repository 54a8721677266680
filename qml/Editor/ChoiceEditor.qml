import QtQuick
import QtQuick.Controls

// One of a fixed list: an enum of the schema or options from the cluster
// (storage classes, instance types with their size). The default is marked.
ComboBox {
    id: editor
    property string value          // "" when unset
    property string defaultValue
    property list<string> choices
    property list<string> labels
    signal chosen(string value)

    readonly property string shown: value.length > 0 ? value : defaultValue
    model: labels.length === choices.length ? labels : choices
    // Set, not bound: a new model resets currentIndex (and would drop a binding).
    function sync() {
        let at = -1
        for (let i = 0; i < choices.length; ++i)
            if (choices[i] === shown) at = i
        currentIndex = at
    }
    Component.onCompleted: sync()
    onShownChanged: sync()
    onModelChanged: sync()
    onCountChanged: sync()
    displayText: currentIndex < 0 ? (shown.length > 0 ? shown : qsTr("(choose)"))
                 : currentText + (value.length === 0 && defaultValue.length > 0 ? qsTr(" (default)") : "")
    onActivated: (index) => editor.chosen(editor.choices[index])
    Accessible.name: displayText
}
