import QtQuick
import QtQuick.Controls
// qmllint disable unused-imports
import org.kde.syntaxhighlighting
// qmllint enable unused-imports
import Nestdeck.Components
import Nestdeck.Clusters

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
        // KSyntaxHighlighting's QML module ships no type information for qmllint.
        // qmllint disable import unresolved-type missing-property
        SyntaxHighlighter {
            textEdit: area
            definition: "YAML"
        }
        // qmllint enable import unresolved-type missing-property
    }
}
