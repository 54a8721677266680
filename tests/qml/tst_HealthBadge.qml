import QtQuick
import QtTest
import Nestdeck

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
        const b = createTemporaryObject(badge, this, { health: 0, text: "Ready" })
        compare(b.Accessible.name, "Ready")
    }

    function test_colours_differ_by_health() {
        const colours = []
        for (let h = 0; h < 6; ++h)
            colours.push(Theme.healthColor(h).toString())
        // Ready, Provisioning, Upgrading, Degraded, Failed, Deleting: all distinct.
        compare(new Set(colours).size, 6)
        compare(Theme.healthColor(99).toString(), Theme.healthColor(6).toString())
    }
}
