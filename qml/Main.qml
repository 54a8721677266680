import QtQuick
import QtQuick.Controls

ApplicationWindow {
    id: window

    // Set by main.cpp from the command line.
    property string kubeconfigPath
    property string contextName

    width: 1280
    height: 800
    minimumWidth: 720
    minimumHeight: 480
    visible: true
    title: qsTr("Nestdeck")

    StartPage {
        anchors.fill: parent
        kubeconfigPath: window.kubeconfigPath
        contextName: window.contextName
    }
}
