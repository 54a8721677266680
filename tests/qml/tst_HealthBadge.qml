import QtQuick
import QtTest
import Nestdeck.Components

TestCase {
    name: "HealthBadge"
    when: windowShown
    visible: true
    width: 300
    height: 50

    Component {
        id: badge
        HealthBadge { width: 300 }
    }

    function test_word_and_accessible_name() {
        const b = createTemporaryObject(badge, this, { health: Health.Ready, text: "Ready" })
        compare(b.Accessible.name, "Ready")
    }

    function test_health_enum_by_name() {
        // The enum comes from core (nestdeck::platform::Health), in its order.
        compare(Health.Ready, 0)
        compare(Health.Unknown, 8)
        compare(Health.Scaling, 2)
        compare(Health.Stopped, 4)
        verify(Health.Failed !== Health.Degraded)
    }

    function test_colours_differ_by_health() {
        const colours = []
        for (const h of [Health.Ready, Health.Provisioning, Health.Upgrading, Health.Degraded, Health.Failed, Health.Deleting])
            colours.push(Theme.healthColor(h).toString())
        // Ready, Provisioning, Upgrading, Degraded, Failed, Deleting: all distinct.
        compare(new Set(colours).size, 6)
        compare(Theme.healthColor(99).toString(), Theme.healthColor(Health.Unknown).toString())
    }

    // Not live: the word stays, the dot goes hollow, the name says so.
    function test_stale() {
        const b = createTemporaryObject(badge, this, { health: Health.Ready, text: "Ready", stale: true })
        compare(b.Accessible.name, "Ready (not live)")
        compare(b.children[0].color, Qt.rgba(0, 0, 0, 0))
        compare(b.children[0].border.color, Theme.healthColor(Health.Ready))
    }

    function test_failed_word_is_the_error_colour() {
        const b = createTemporaryObject(badge, this, { health: Health.Failed, text: "Failed: x" })
        compare(b.children[1].color, Theme.error)
    }
}
