pragma Singleton
import QtQuick

// Spacing and type scale shared by every page, so screens line up.
// Colours come from the system palette (light and dark follow the desktop).
QtObject {
    readonly property int spacing: 8
    readonly property int gap: 16
    readonly property int margin: 24
    readonly property real titleScale: 1.6
    readonly property real headingScale: 1.25
    readonly property int radius: 6
    // The application's default font, for sizes relative to it.
    readonly property real basePointSize: metrics.font.pointSize
    readonly property FontMetrics metrics: FontMetrics {}
}
