pragma Singleton
import QtQuick

// Spacing, type scale and status colours shared by every page, so screens line
// up. Surfaces and text come from the system palette (light and dark follow
// the desktop); status colours are chosen to read on both.
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

    // Health enum of ClusterStatus: Ready, Provisioning, Upgrading, Degraded, Failed, Deleting, Unknown.
    function healthColor(health) {
        return ["#2e7d32", "#1565c0", "#6a1b9a", "#ef6c00", "#c62828", "#616161", "#757575"][health] ?? "#757575"
    }
    readonly property color ok: "#2e7d32"
    readonly property color warning: "#ef6c00"
    readonly property color error: "#c62828"
    readonly property string monoFamily: "DejaVu Sans Mono"
}
