import QtQuick
import QtTest
import Nestdeck.Components
import Nestdeck.Editor

// Each field editor of the schema forms on its own: what it shows, what it emits.
TestCase {
    name: "FieldEditors"
    visible: true
    when: windowShown
    width: 500
    height: 400

    Component { id: textEditor; TextEditor { width: 300 } }
    Component { id: choiceEditor; ChoiceEditor { width: 300 } }
    Component { id: switchEditor; SwitchEditor {} }
    Component { id: yamlEditor; YamlEditor { width: 300; height: 200 } }

    SignalSpy { id: spy }

    function test_text_shows_value_default_and_error() {
        const e = createTemporaryObject(textEditor, this, { value: "", defaultText: "default: 10" })
        compare(e.text, "")
        compare(e.placeholderText, "default: 10")
        spy.target = e
        spy.signalName = "edited"
        spy.clear()
        e.forceActiveFocus()
        keyClick(Qt.Key_4)
        keyClick(Qt.Key_2)
        compare(spy.count, 2)
        compare(spy.signalArguments[1][0], "42")
        e.error = "must be at most 10"
        compare(e.color, Theme.error)
        compare(e.Accessible.description, "must be at most 10")
        // The model echoing a value back does not overwrite what is being typed.
        e.value = "4"
        compare(e.text, "42")
    }

    function test_text_follows_the_model_when_not_typing() {
        const e = createTemporaryObject(textEditor, this, { value: "1" })
        e.focus = false
        e.value = "7"
        compare(e.text, "7")
    }

    function test_choice_marks_the_default_and_emits_values_not_labels() {
        // Lists are set as the form's delegate binds them: after creation.
        const e = createTemporaryObject(choiceEditor, this, { value: "", defaultValue: "u1.medium" })
        e.choices = ["u1.large", "u1.medium"]
        e.labels = ["u1.large — 2 vCPU, 8Gi", "u1.medium — 1 vCPU, 4Gi"]
        compare(e.count, 2)
        compare(e.currentIndex, 1)
        verify(e.displayText.indexOf("(default)") > 0)
        // The default's size shows before anything is chosen.
        verify(e.displayText.indexOf("1 vCPU, 4Gi") > 0, e.displayText)
        spy.target = e
        spy.signalName = "chosen"
        spy.clear()
        e.activated(0)
        compare(spy.count, 1)
        compare(spy.signalArguments[0][0], "u1.large")
        e.value = "u1.large"
        compare(e.currentIndex, 0)
        verify(e.displayText.indexOf("(default)") < 0)
    }

    function test_choice_keeps_a_value_outside_the_list() {
        // A value the cluster no longer offers is shown, not silently replaced.
        const e = createTemporaryObject(choiceEditor, this, { value: "gone" })
        e.choices = ["a", "b"]
        compare(e.currentIndex, -1)
        compare(e.displayText, "gone")
    }

    function test_switch_emits_the_new_state() {
        const e = createTemporaryObject(switchEditor, this, { checked: false, fromDefault: true })
        verify(e.text.indexOf("(default)") > 0)
        spy.target = e
        spy.signalName = "toggledTo"
        spy.clear()
        mouseClick(e)
        compare(spy.count, 1)
        compare(spy.signalArguments[0][0], true)
    }

    function test_switch_without_a_default_is_not_set() {
        // Unset without a default, the chart decides: not "off (default)".
        const e = createTemporaryObject(switchEditor, this, { checked: false, fromDefault: true, hasDefault: false })
        verify(e.text.indexOf("(default)") < 0, e.text)
        verify(e.text.indexOf("(not set)") > 0, e.text)
    }

    function test_yaml_emits_when_editing_ends() {
        const e = createTemporaryObject(yamlEditor, this, { value: "a: 1\n" })
        const area = findChild(e, "yamlArea")
        verify(area)
        compare(area.text, "a: 1\n")
        spy.target = e
        spy.signalName = "edited"
        spy.clear()
        area.forceActiveFocus()
        area.text = "a: 2\n"
        area.editingFinished()
        compare(spy.count, 1)
        compare(spy.signalArguments[0][0], "a: 2\n")
    }
}
