import QtQuick
import QtTest
import Nestdeck

TestCase {
    name: "StartPage"
    visible: true
    when: windowShown
    width: 800
    height: 600

    Component {
        id: pageComponent
        StartPage { width: 800; height: 600 }
    }

    function test_shows_command_line_choice() {
        const p = createTemporaryObject(pageComponent, this, { kubeconfigPath: "/tmp/k", contextName: "prod" })
        compare(findChild(p, "kubeconfigLabel").text, "/tmp/k")
        compare(findChild(p, "contextLabel").text, "prod")
    }

    function test_defaults_are_spelled_out() {
        const p = createTemporaryObject(pageComponent, this)
        verify(findChild(p, "kubeconfigLabel").text.indexOf("KUBECONFIG") >= 0)
        verify(findChild(p, "contextLabel").text.length > 0)
    }
}
