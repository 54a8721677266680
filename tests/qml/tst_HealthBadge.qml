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
        compare(Health.Unknown, 6)
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

    function test_failed_word_is_the_error_colour() {
        const b = createTemporaryObject(badge, this, { health: Health.Failed, text: "Failed: x" })
        compare(b.children[1].color, Theme.error)
    }
}
