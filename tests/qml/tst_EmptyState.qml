import QtQuick
import QtTest
import Nestdeck.Components

TestCase {
    name: "EmptyState"
    // TestCase is invisible by default, and so would be everything created in it.
    visible: true
    when: windowShown
    width: 600
    height: 400

    Component {
        id: stateComponent
        EmptyState {
            width: 600
            height: 400
        }
    }

    function child(item, name) {
        return findChild(item, name)
    }

    function test_empty_shows_title_and_no_spinner() {
        const s = createTemporaryObject(stateComponent, this, { title: "No clusters", explanation: "Create one." })
        verify(s)
        compare(child(s, "title").text, "No clusters")
        compare(child(s, "explanation").text, "Create one.")
        verify(!child(s, "busy").visible)
        verify(!child(s, "action").visible)
        compare(s.Accessible.name, "No clusters")
    }

    function test_loading_spins() {
        const s = createTemporaryObject(stateComponent, this, { kind: EmptyState.Kind.Loading, title: "Loading" })
        verify(child(s, "busy").visible)
        verify(child(s, "busy").running)
    }

    function test_error_colours_title_and_action_fires() {
        const s = createTemporaryObject(stateComponent, this, {
            kind: EmptyState.Kind.Error, title: "Forbidden", actionText: "Retry" })
        const normal = createTemporaryObject(stateComponent, this, { title: "x" })
        verify(!Qt.colorEqual(child(s, "title").color, child(normal, "title").color))
        const spy = createTemporaryObject(spyComponent, this, { target: s, signalName: "actionTriggered" })
        const button = child(s, "action")
        verify(button.visible)
        mouseClick(button)
        compare(spy.count, 1)
    }

    Component {
        id: spyComponent
        SignalSpy {}
    }
}
