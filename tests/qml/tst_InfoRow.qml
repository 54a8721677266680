import QtQuick
import QtTest
import Nestdeck.Components

TestCase {
    name: "InfoRow"
    when: windowShown
    visible: true
    width: 400
    height: 60

    Component {
        id: row
        InfoRow { width: 400 }
    }

    function test_shows_label_and_plain_value() {
        const r = createTemporaryObject(row, this, { label: "Endpoint", value: "<b>127.0.0.1:6443</b>" })
        compare(r.label, "Endpoint")
        // Values from the server are shown as plain text, never as markup.
        compare(r.value, "<b>127.0.0.1:6443</b>")
        verify(r.implicitHeight > 0)
    }
}
