<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ClusterActionsModel</name>
    <message numerus="yes">
        <source>%n object(s) were left behind.</source>
        <translation>
            <numerusform>%n object was left behind.</numerusform>
            <numerusform>%n objects were left behind.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClusterPage</name>
    <message numerus="yes">
        <source>%n volume(s) of the deleted cluster will be removed with their data. This cannot be undone.</source>
        <translation>
            <numerusform>%n volume of the deleted cluster will be removed with its data. This cannot be undone.</numerusform>
            <numerusform>%n volumes of the deleted cluster will be removed with their data. This cannot be undone.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EditorPage</name>
    <message numerus="yes">
        <source>%n problem(s) to fix</source>
        <translation>
            <numerusform>%n problem to fix</numerusform>
            <numerusform>%n problems to fix</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message numerus="yes">
        <source>Problems: %n cluster(s) with a problem</source>
        <translation>
            <numerusform>Problems: %n cluster with a problem</numerusform>
            <numerusform>Problems: %n clusters with a problem</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProblemsPage</name>
    <message numerus="yes">
        <source>%n cluster(s) not Ready, %1 with a problem</source>
        <translation>
            <numerusform>%n cluster not Ready, %1 with a problem</numerusform>
            <numerusform>%n clusters not Ready, %1 with a problem</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SecretAccess</name>
    <message numerus="yes">
        <source>Connected: Kubernetes %1, %n node(s).</source>
        <translation>
            <numerusform>Connected: Kubernetes %1, %n node.</numerusform>
            <numerusform>Connected: Kubernetes %1, %n nodes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TenantsPane</name>
    <message numerus="yes">
        <source>Tenant %1, %n cluster(s)</source>
        <translation>
            <numerusform>Tenant %1, %n cluster</numerusform>
            <numerusform>Tenant %1, %n clusters</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>nestdeck::platform</name>
    <message numerus="yes">
        <source>needs at least %n entries</source>
        <translation>
            <numerusform>needs at least %n entry</numerusform>
            <numerusform>needs at least %n entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>may have at most %n entries</source>
        <translation>
            <numerusform>may have at most %n entry</numerusform>
            <numerusform>may have at most %n entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>nestdeck::platform::FormSession</name>
    <message numerus="yes">
        <source>one YAML value, please (this has %n documents)</source>
        <translation type="unfinished">
            <numerusform>one YAML value, please (this has %n document)</numerusform>
            <numerusform>one YAML value, please (this has %n documents)</numerusform>
        </translation>
    </message>
</context>
</TS>
