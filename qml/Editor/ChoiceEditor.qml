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
    // Set, not bound: a new model resets currentIndex (and would drop a
    // binding); and displayText is set too, as a binding of it (on currentIndex
    // or currentText) was reported as a binding loop while the popup's
    // delegates and the model settled.
    function sync() {
        let at = -1
        for (let i = 0; i < choices.length; ++i)
            if (choices[i] === shown) at = i
        currentIndex = at
        showText()
    }
    function showText() {
        const at = currentIndex
        if (at < 0 || at >= choices.length) {
            displayText = shown.length > 0 ? shown : qsTr("(choose)")
            return
        }
        displayText = (labels.length === choices.length ? labels[at] : choices[at])
                + (value.length === 0 && defaultValue.length > 0 ? qsTr(" (default)") : "")
    }
    Component.onCompleted: sync()
    onShownChanged: sync()
    onModelChanged: sync()
    onCountChanged: sync()
    onCurrentIndexChanged: showText()
    onValueChanged: showText()
    onActivated: (index) => editor.chosen(editor.choices[index])
    Accessible.name: displayText
}
