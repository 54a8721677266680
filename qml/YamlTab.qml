import QtQuick
import QtQuick.Controls
import org.kde.syntaxhighlighting
import Nestdeck

ScrollView {
    id: tab
    required property ClusterDetails details
    TextArea {
        id: area
        objectName: "yamlText"
        readOnly: true
        selectByMouse: true
        font.family: Theme.monoFamily
        text: tab.details.yaml
        wrapMode: TextEdit.NoWrap
        Accessible.name: qsTr("YAML of the application")
        SyntaxHighlighter {
            textEdit: area
            definition: "YAML"
        }
    }
}
