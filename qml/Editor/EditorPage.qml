pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
// qmllint disable unused-imports
import org.kde.syntaxhighlighting
// qmllint enable unused-imports
import Nestdeck.Components
import Nestdeck.Editor

// Create or change an application of any kind through its schema: steps from
// the schema's sections, errors beside the fields as the user types, then a
// review with the exact YAML (or the changes) and the server's dry-run verdict.
Page {
    id: page
    objectName: "editorPage"
    property alias session: form.session
    property alias kind: form.kind
    property alias namespaceName: form.namespaceName
    property alias editKey: form.editKey
    // A create's start from its context (a node pool: its cluster, version and name prefix).
    property alias initialValues: form.initialValues
    property alias initialName: form.initialName
    readonly property alias form: form
    // A create's tenants to choose from (the namespaces the session knows).
    property list<string> tenantChoices
    // No tenant chosen (New… with "All tenants" selected): the form asks, and
    // takes the only one there is.
    readonly property bool choosingTenant: !form.editing && form.namespaceName.length === 0
    onTenantChoicesChanged: if (choosingTenant && tenantChoices.length === 1) form.namespaceName = tenantChoices[0]
    Component.onCompleted: if (choosingTenant && tenantChoices.length === 1) form.namespaceName = tenantChoices[0]
    // Unsaved changes: the shell asks before closing (see Main's goBack()).
    readonly property bool dirty: form.dirty
    signal done(string appKey)

    AppForm {
        id: form
        onFinished: (appKey) => page.done(appKey)
    }

    StackView.onActivated: {
        if (nameField.visible)
            nameField.forceActiveFocus()
        else if (choosingTenant)
            tenantPicker.forceActiveFocus() // the first thing to do here
    }

    // A new step starts at its top, not at the scroll position of the one before.
    Connections {
        target: form
        function onCurrentStepChanged() {
            const flick = fieldsView.contentItem as Flickable
            if (flick)
                flick.contentY = 0
        }
    }

    // Tab (or a test) moving the keyboard to a field out of sight scrolls it into view.
    Connections {
        target: page.Window.window
        function onActiveFocusItemChanged() {
            const item = page.Window.activeFocusItem
            const flick = fieldsView.contentItem as Flickable
            if (!item || !flick || !fieldsView.visible || !fieldsColumn.contains(fieldsColumn.mapFromItem(item, 1, 1)))
                return
            const y = item.mapToItem(fieldsColumn, 0, 0).y
            if (y < flick.contentY)
                flick.contentY = Math.max(0, y - Theme.gap)
            else if (y + item.height > flick.contentY + flick.height)
                flick.contentY = y + item.height - flick.height + Theme.gap
        }
    }

    header: ColumnLayout {
        spacing: Theme.spacing
        RowLayout {
            Layout.margins: Theme.gap
            Layout.bottomMargin: 0
            spacing: Theme.spacing
            Label {
                text: form.editing ? qsTr("Edit %1 %2").arg(form.kindTitle).arg(form.editKey)
                                   : qsTr("New %1 in").arg(form.kindTitle)
                font.pointSize: Theme.basePointSize * Theme.titleScale
                font.bold: true
            }
            // The tenant of a create: chosen here, not assumed. Changing it keeps what was typed.
            ComboBox {
                id: tenantPicker
                objectName: "tenantPicker"
                visible: !form.editing
                enabled: !form.busy && !form.created
                model: page.tenantChoices
                currentIndex: page.tenantChoices.indexOf(form.namespaceName)
                displayText: currentIndex >= 0 ? currentText : qsTr("(choose a tenant)")
                Layout.preferredWidth: Math.max(220, implicitContentWidth + leftPadding + rightPadding)
                delegate: ItemDelegate {
                    required property string modelData
                    required property int index
                    objectName: "tenantChoice_" + modelData
                    width: ListView.view ? ListView.view.width : implicitWidth
                    text: modelData
                    highlighted: tenantPicker.highlightedIndex === index
                }
                onActivated: (index) => {
                    form.namespaceName = page.tenantChoices[index]
                    // Chosen: on to the name, as a form opened in a tenant starts.
                    Qt.callLater(() => { if (nameField.visible && nameField.text.length === 0) nameField.forceActiveFocus() })
                }
                Accessible.name: qsTr("Tenant to create in")
            }
        }
        Label {
            objectName: "readOnlyReason"
            visible: form.readOnly
            Layout.leftMargin: Theme.gap
            Layout.fillWidth: true
            text: form.readOnlyReason
            color: Theme.warning
            wrapMode: Text.Wrap
        }
        // The steps: each can be revisited; a mark says whether it is valid.
        // They wrap on a narrow window (at 1024 px "8. Review" was cut off).
        Flow {
            Layout.leftMargin: Theme.gap
            Layout.rightMargin: Theme.gap
            Layout.fillWidth: true
            spacing: 4
            Repeater {
                model: form.steps
                delegate: Button {
                    id: stepButton
                    required property string modelData
                    required property int index
                    objectName: "step_" + index
                    flat: index !== form.currentStep
                    highlighted: index === form.currentStep
                    text: (index + 1) + ". " + modelData + (form.stepsValid[index] ? "" : "  !")
                    onClicked: form.currentStep = index
                    Accessible.name: qsTr("Step %1: %2%3").arg(index + 1).arg(modelData)
                                     .arg(form.stepsValid[index] ? "" : qsTr(" (has errors)"))
                }
            }
        }
    }

    EmptyState {
        anchors.centerIn: parent
        width: parent.width
        visible: !form.ready
        kind: form.setupError.length > 0 ? EmptyState.Kind.Error
              : page.choosingTenant ? EmptyState.Kind.Empty : EmptyState.Kind.Loading
        title: form.setupError.length > 0 ? qsTr("This form cannot be shown")
               : page.choosingTenant ? qsTr("Choose the tenant to create in") : qsTr("Reading the schema…")
        explanation: form.setupError.length > 0 ? form.setupError
                     : page.choosingTenant ? qsTr("All tenants are selected: pick one above. Its quota and your rights there apply.") : ""
    }

    // The fields of the current step.
    ScrollView {
        id: fieldsView
        anchors.fill: parent
        anchors.margins: Theme.gap
        visible: form.ready && !form.onReview
        contentWidth: availableWidth
        ColumnLayout {
            id: fieldsColumn
            width: fieldsView.availableWidth
            spacing: Theme.spacing
            RowLayout {
                visible: form.currentStep === 0 && !form.editing
                spacing: Theme.spacing
                Label { text: qsTr("Name *"); Layout.preferredWidth: 200; font.bold: true }
                TextField {
                    id: nameField
                    objectName: "nameField"
                    Layout.fillWidth: true
                    text: form.name
                    placeholderText: qsTr("lowercase letters, digits and '-'")
                    onTextEdited: form.name = text
                    enabled: !form.readOnly
                    Accessible.name: qsTr("Name")
                    Accessible.description: form.nameError
                }
            }
            Label {
                objectName: "nameError"
                visible: form.currentStep === 0 && !form.editing && form.nameError.length > 0 && nameField.text.length > 0
                Layout.leftMargin: 200 + Theme.spacing
                text: form.nameError
                color: Theme.error
            }
            Repeater {
                model: form
                delegate: FieldRow { form: form }
            }
        }
    }

    // Review: what will be sent, and what the server says of it.
    ScrollView {
        id: reviewView
        anchors.fill: parent
        anchors.margins: Theme.gap
        visible: form.ready && form.onReview
        contentWidth: availableWidth
        ColumnLayout {
            width: reviewView.availableWidth
            spacing: Theme.spacing
            Label {
                text: form.editing ? qsTr("What changes") : qsTr("What will be sent")
                font.bold: true
            }
            Repeater {
                model: form.editing ? form.reviewChanges : []
                delegate: Label {
                    required property string modelData
                    text: modelData
                    font.family: Theme.monoFamily
                    color: modelData.startsWith("-") ? Theme.error : modelData.startsWith("+") ? Theme.ok : palette.windowText
                }
            }
            Label {
                visible: form.editing && form.reviewChanges.length === 0
                text: qsTr("Nothing changed yet.")
                opacity: 0.7
            }
            TextArea {
                id: yamlArea
                objectName: "reviewYaml"
                visible: !form.editing
                Layout.fillWidth: true
                readOnly: true
                text: form.reviewYaml
                font.family: Theme.monoFamily
                // qmllint disable import unresolved-type missing-property
                SyntaxHighlighter {
                    textEdit: yamlArea
                    definition: "YAML"
                }
                // qmllint enable import unresolved-type missing-property
            }
            // What was checked, and by whom: on the platform an edit is checked
            // here only (its server would store a dry-run update).
            Label {
                objectName: "checkedLocally"
                Layout.fillWidth: true
                text: qsTr("Checked by Nestdeck: %1.").arg(form.checkedLocally.join("; "))
                wrapMode: Text.Wrap
                opacity: 0.8
            }
            Label {
                objectName: "localReviewNote"
                visible: form.localReview
                Layout.fillWidth: true
                text: qsTr("The platform cannot check an edit without applying it, so nothing is sent before you apply. "
                           + "Right before writing, Nestdeck reads the object again and stops if someone changed the same "
                           + "fields meanwhile; afterwards it reads it back and tells you if a value did not stick.")
                wrapMode: Text.Wrap
                opacity: 0.8
            }
            Label {
                objectName: "ruleNotesHeading"
                visible: form.ruleNotes.length > 0
                Layout.fillWidth: true
                text: form.ruleNotesHeading
                wrapMode: Text.Wrap
                opacity: 0.7
            }
            Repeater {
                model: form.ruleNotes
                delegate: Label {
                    required property string modelData
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.gap
                    text: "• " + modelData
                    font.family: Theme.monoFamily
                    wrapMode: Text.Wrap
                    opacity: 0.6
                }
            }
            // What the server said besides yes or no.
            Repeater {
                model: form.warnings
                delegate: Label {
                    required property string modelData
                    objectName: "serverWarning"
                    Layout.fillWidth: true
                    text: qsTr("The server warns: %1").arg(modelData)
                    wrapMode: Text.Wrap
                    color: Theme.warning
                }
            }
            Frame {
                visible: form.notStuck.length > 0
                objectName: "notStuckPanel"
                Layout.fillWidth: true
                ColumnLayout {
                    anchors.fill: parent
                    Label {
                        text: qsTr("Read back after the write, these values are not what you set:")
                        font.bold: true
                        color: Theme.error
                    }
                    Repeater {
                        model: form.notStuck
                        delegate: Label {
                            required property string modelData
                            Layout.fillWidth: true
                            text: modelData
                            font.family: Theme.monoFamily
                            wrapMode: Text.Wrap
                        }
                    }
                }
            }
            Frame {
                visible: form.conflict
                objectName: "conflictPanel"
                Layout.fillWidth: true
                ColumnLayout {
                    anchors.fill: parent
                    Label {
                        text: qsTr("Changed on the server while you were editing (nothing was written):")
                        font.bold: true
                        color: Theme.warning
                    }
                    Repeater {
                        model: form.theirChanges
                        delegate: Label {
                            required property string modelData
                            text: modelData
                            font.family: Theme.monoFamily
                        }
                    }
                    Button {
                        objectName: "reapplyButton"
                        text: qsTr("Put my changes on top of theirs")
                        onClicked: form.reapplyMine()
                    }
                }
            }
            Frame {
                visible: !form.conflict && form.theirChanges.length > 0
                objectName: "theirsStandPanel"
                Layout.fillWidth: true
                ColumnLayout {
                    anchors.fill: parent
                    Label {
                        text: qsTr("Changed by someone else meanwhile, in other fields; their changes stand beside yours:")
                        font.bold: true
                    }
                    Repeater {
                        model: form.theirChanges
                        delegate: Label {
                            required property string modelData
                            text: modelData
                            font.family: Theme.monoFamily
                        }
                    }
                }
            }
        }
    }

    footer: ToolBar {
        ColumnLayout {
            anchors.fill: parent
            Label {
                objectName: "verdict"
                visible: text.length > 0
                Layout.fillWidth: true
                Layout.leftMargin: Theme.gap
                text: form.verdict
                color: form.verdictOk ? Theme.ok : Theme.error
                wrapMode: Text.Wrap
            }
            RowLayout {
                Layout.margins: Theme.spacing
                Label {
                    Layout.leftMargin: Theme.spacing
                    // Nothing is to be fixed by someone who may not change it.
                    visible: form.errorCount > 0 && !form.readOnly
                    text: qsTr("%n problem(s) to fix", "", form.errorCount)
                    color: Theme.error
                }
                BusyIndicator { running: form.busy; visible: running; implicitHeight: 24; implicitWidth: 24 }
                Item { Layout.fillWidth: true }
                Button {
                    text: qsTr("Revert")
                    enabled: form.dirty && !form.busy
                    onClicked: form.revert()
                }
                Button {
                    objectName: "backStep"
                    text: qsTr("Back")
                    enabled: form.currentStep > 0
                    onClicked: form.back()
                }
                Button {
                    objectName: "nextStep"
                    visible: !form.onReview
                    text: qsTr("Next")
                    enabled: form.stepValid
                    highlighted: true
                    onClicked: form.next()
                    ToolTip.visible: hovered && !enabled
                    ToolTip.text: qsTr("Fix the fields marked in this step first")
                }
                Button {
                    // Created, with something the server said: on to the new object when read.
                    objectName: "openCreated"
                    visible: form.created
                    text: qsTr("Open %1").arg(form.name)
                    highlighted: true
                    onClicked: page.done(form.appKey)
                }
                Button {
                    objectName: "submitButton"
                    visible: form.onReview && !form.created
                    text: form.editing ? qsTr("Apply") : qsTr("Create")
                    enabled: form.valid && !form.busy && !form.readOnly && !form.conflict && (form.dirty || !form.editing)
                    highlighted: true
                    onClicked: form.apply()
                }
            }
        }
    }

    // Keyboard: Ctrl+Enter goes on (Next, or Create/Apply on the review).
    Shortcut {
        sequences: ["Ctrl+Return", "Ctrl+Enter"]
        onActivated: form.onReview ? form.apply() : form.next()
    }
}
