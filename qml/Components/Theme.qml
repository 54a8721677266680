pragma Singleton
import QtQuick
import Nestdeck.Components

// Spacing, type scale and status colours shared by every page, so screens line
// up. Surfaces and text come from the system palette (light and dark follow
// the desktop); status colours have a light-palette and a dark-palette tone,
// chosen from the palette's window colour, so they read on both.
QtObject {
    readonly property int spacing: 8
    readonly property int gap: 16
    readonly property int margin: 24
    readonly property real titleScale: 1.6
    readonly property real headingScale: 1.25
    readonly property int radius: 6
    readonly property int rowHeight: 32
    // The application's default font, for sizes relative to it.
    readonly property real basePointSize: metrics.font.pointSize
    readonly property FontMetrics metrics: FontMetrics {}

    // The application palette (QGuiApplication::palette()), live.
    readonly property SystemPalette system: SystemPalette { colorGroup: SystemPalette.Active }
    readonly property bool dark: system.window.hslLightness < 0.5

    readonly property color ok: dark ? "#81c784" : "#2e7d32"
    readonly property color info: dark ? "#64b5f6" : "#1565c0"
    readonly property color upgrade: dark ? "#ce93d8" : "#6a1b9a"
    readonly property color warning: dark ? "#ffb74d" : "#ef6c00"
    readonly property color error: dark ? "#ef9a9a" : "#c62828"
    readonly property color muted: dark ? "#bdbdbd" : "#616161"
    readonly property string monoFamily: "DejaVu Sans Mono"

    function healthColor(health: int): color {
        switch (health) {
        case Health.Ready: return ok
        case Health.Provisioning: return info
        case Health.Scaling: return info
        case Health.Upgrading: return upgrade
        case Health.Degraded: return warning
        case Health.Failed: return error
        case Health.Deleting: return muted
        case Health.Stopped: return muted
        default: return muted
        }
    }
}
