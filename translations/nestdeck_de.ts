<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AddonsTab</name>
    <message>
        <source>Every addon the platform&apos;s schema offers, on or off, with the state of its HelmRelease.</source>
        <translation>Jedes Add-on, das das Schema der Plattform anbietet, ein- oder ausgeschaltet, mit dem Zustand seines HelmRelease.</translation>
    </message>
    <message>
        <source>always on</source>
        <translation>immer an</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>eingeschaltet</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source>%1 defines no contexts.</source>
        <translation>%1 definiert keine Kontexte.</translation>
    </message>
    <message>
        <source>Not live for %1: what is shown is as of %2, the last word from the server. Changes wait until it is back.</source>
        <translation>Seit %1 nicht live: Angezeigt wird der Stand von %2, der letzten Antwort des Servers. Änderungen warten, bis er wieder erreichbar ist.</translation>
    </message>
</context>
<context>
    <name>AppForm</name>
    <message>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <source>more than %1</source>
        <translation>mehr als %1</translation>
    </message>
    <message>
        <source>at least %1</source>
        <translation>mindestens %1</translation>
    </message>
    <message>
        <source>less than %1</source>
        <translation>weniger als %1</translation>
    </message>
    <message>
        <source>at most %1</source>
        <translation>höchstens %1</translation>
    </message>
    <message>
        <source>a quantity such as 500m, 2, 512Mi or 4Gi</source>
        <translation>eine Menge wie 500m, 2, 512Mi oder 4Gi</translation>
    </message>
    <message>
        <source>up to %1 characters</source>
        <translation>bis zu %1 Zeichen</translation>
    </message>
    <message>
        <source>pattern %1</source>
        <translation>Muster %1</translation>
    </message>
    <message>
        <source>fixed once created</source>
        <translation>nach dem Anlegen unveränderlich</translation>
    </message>
    <message>
        <source>The platform defines no application kind &quot;%1&quot; (no ApplicationDefinition).</source>
        <translation>Die Plattform definiert keine Anwendungsart „%1“ (keine ApplicationDefinition).</translation>
    </message>
    <message>
        <source>%1 no longer exists.</source>
        <translation>%1 existiert nicht mehr.</translation>
    </message>
    <message>
        <source>You may view this %1 but not change it: your role does not allow &quot;patch&quot; on %2 in %3.</source>
        <translation>Sie dürfen dieses %1 ansehen, aber nicht ändern: Ihre Rolle erlaubt kein „patch“ auf %2 in %3.</translation>
    </message>
    <message>
        <source>You may not create a %1 here: your role does not allow &quot;create&quot; on %2 in %3.</source>
        <translation>Sie dürfen hier kein %1 anlegen: Ihre Rolle erlaubt kein „create“ auf %2 in %3.</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Überprüfen</translation>
    </message>
    <message>
        <source>default: %1</source>
        <translation>Standard: %1</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>This form is read-only.</source>
        <translation>Dieses Formular ist schreibgeschützt.</translation>
    </message>
    <message>
        <source>cannot be changed after creation: the platform would accept a change and ignore it</source>
        <translation>nach dem Anlegen nicht änderbar: die Plattform würde eine Änderung annehmen und ignorieren</translation>
    </message>
    <message>
        <source>%1: the platform would accept a change and ignore it</source>
        <translation>%1: die Plattform würde eine Änderung annehmen und ignorieren</translation>
    </message>
    <message>
        <source>The platform defines %1, but its API server does not serve %2: there is nothing to create or change. A definition applied just now is served within seconds; otherwise the application server has not picked it up.</source>
        <translation>Die Plattform definiert %1, aber ihr API-Server stellt %2 nicht bereit: Es gibt nichts anzulegen oder zu ändern. Eine eben angelegte Definition wird binnen Sekunden bereitgestellt; andernfalls hat der Anwendungsserver sie nicht übernommen.</translation>
    </message>
    <message>
        <source>For your information, rules of the schema the server checks when you apply (Nestdeck cannot evaluate them):</source>
        <translation>Zur Information: Regeln des Schemas, die der Server beim Anwenden prüft (Nestdeck kann sie nicht auswerten):</translation>
    </message>
    <message>
        <source>For your information, rules of the schema that neither Nestdeck nor the platform evaluates (the chart would fail on a value that breaks one):</source>
        <translation>Zur Information: Regeln des Schemas, die weder Nestdeck noch die Plattform auswertet (das Chart würde an einem Wert scheitern, der eine verletzt):</translation>
    </message>
</context>
<context>
    <name>ChoiceEditor</name>
    <message>
        <source>(choose)</source>
        <translation>(auswählen)</translation>
    </message>
    <message>
        <source> (default)</source>
        <translation> (Standard)</translation>
    </message>
</context>
<context>
    <name>ClusterActionsModel</name>
    <message>
        <source>%1: nothing to change.</source>
        <translation>%1: nichts zu ändern.</translation>
    </message>
    <message>
        <source>%1: sent; the cluster follows live.</source>
        <translation>%1: gesendet; der Cluster folgt live.</translation>
    </message>
    <message>
        <source>%1 was not done: %2</source>
        <translation>%1 wurde nicht ausgeführt: %2</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>Scaling %1</source>
        <translation>%1 wird skaliert</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>Wird angehalten</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Wird gestartet</translation>
    </message>
    <message>
        <source>Upgrading to %1</source>
        <translation>Aktualisierung auf %1</translation>
    </message>
    <message>
        <source>Deleting</source>
        <translation>Wird gelöscht</translation>
    </message>
    <message>
        <source>Looking for volumes the deletion left behind…</source>
        <translation>Suche nach Volumes, die die Löschung zurückgelassen hat…</translation>
    </message>
    <message>
        <source>Could not look: %1</source>
        <translation>Suche nicht möglich: %1</translation>
    </message>
    <message>
        <source>Nothing was left behind.</source>
        <translation>Nichts wurde zurückgelassen.</translation>
    </message>
    <message numerus="yes">
        <source>%n object(s) were left behind.</source>
        <translation>
            <numerusform>%n Objekt wurde zurückgelassen.</numerusform>
            <numerusform>%n Objekte wurden zurückgelassen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Removing what was left behind…</source>
        <translation>Zurückgelassenes wird entfernt…</translation>
    </message>
    <message>
        <source>Removed.</source>
        <translation>Entfernt.</translation>
    </message>
    <message>
        <source>Some could not be removed: %1</source>
        <translation>Einiges konnte nicht entfernt werden: %1</translation>
    </message>
    <message>
        <source>Read back, %1 is %2, not %3: someone wrote over it.</source>
        <translation>Zurückgelesen ist %1 %2, nicht %3: jemand hat es überschrieben.</translation>
    </message>
    <message>
        <source>unset</source>
        <translation>nicht gesetzt</translation>
    </message>
    <message>
        <source>Changed by someone else meanwhile, and kept: %1</source>
        <translation>Inzwischen von jemand anderem geändert und beibehalten: %1</translation>
    </message>
    <message>
        <source>The server warns: %1</source>
        <translation>Der Server warnt: %1</translation>
    </message>
    <message>
        <source>Scaling pool %1</source>
        <translation>Pool %1 wird skaliert</translation>
    </message>
    <message>
        <source>Pool %1 to %2</source>
        <translation>Pool %1 auf %2</translation>
    </message>
    <message>
        <source>Deleting pool %1</source>
        <translation>Pool %1 wird gelöscht</translation>
    </message>
</context>
<context>
    <name>ClusterDetails</name>
    <message>
        <source>not visible with your rights</source>
        <translation>mit Ihren Rechten nicht sichtbar</translation>
    </message>
    <message>
        <source>%1 of %2 ready</source>
        <translation>%1 von %2 bereit</translation>
    </message>
    <message>
        <source>not in the catalog</source>
        <translation>nicht im Katalog</translation>
    </message>
    <message>
        <source>%1 CPU</source>
        <translation>%1 CPU</translation>
    </message>
    <message>
        <source>not installed yet</source>
        <translation>noch nicht installiert</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Installing</source>
        <translation>Wird installiert</translation>
    </message>
    <message>
        <source>Removing</source>
        <translation>Wird entfernt</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>eingeschaltet</translation>
    </message>
    <message>
        <source>API server</source>
        <translation>API-Server</translation>
    </message>
    <message>
        <source>Controller manager</source>
        <translation>Controller-Manager</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>Scheduler</translation>
    </message>
    <message>
        <source>Konnectivity server</source>
        <translation>Konnectivity-Server</translation>
    </message>
    <message>
        <source>%1 CPU, %2 per replica</source>
        <translation>%1 CPU, %2 pro Replikat</translation>
    </message>
    <message>
        <source>%1 CPU, %2 per replica (overrides the preset)</source>
        <translation>%1 CPU, %2 pro Replikat (ersetzt die Voreinstellung)</translation>
    </message>
    <message>
        <source>node pool %1 (KubernetesNodes)</source>
        <translation>Knotenpool %1 (KubernetesNodes)</translation>
    </message>
    <message>
        <source>the cluster&apos;s spec.nodeGroups</source>
        <translation>spec.nodeGroups des Clusters</translation>
    </message>
    <message>
        <source>Ignored by the platform: this release manages workers as node pools, and no pool replaces this entry yet.</source>
        <translation>Von der Plattform ignoriert: dieses Release verwaltet Worker als Knotenpools, und noch ersetzt kein Pool diesen Eintrag.</translation>
    </message>
    <message>
        <source>Ignored by the platform: node pool %1 replaced this entry.</source>
        <translation>Von der Plattform ignoriert: Knotenpool %1 hat diesen Eintrag ersetzt.</translation>
    </message>
</context>
<context>
    <name>ClusterPage</name>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Node groups</source>
        <translation>Knotengruppen</translation>
    </message>
    <message>
        <source>Addons</source>
        <translation>Add-ons</translation>
    </message>
    <message>
        <source>Control plane</source>
        <translation>Steuerungsebene</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>YAML</source>
        <translation>YAML</translation>
    </message>
    <message>
        <source>Secrets</source>
        <translation>Secrets</translation>
    </message>
    <message>
        <source>%1 (%2 ⚠)</source>
        <translation>%1 (%2 ⚠)</translation>
    </message>
    <message>
        <source>This cluster no longer exists</source>
        <translation>Dieser Cluster existiert nicht mehr</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Edit the parameters of %1 (Ctrl+E)</source>
        <translation>Die Parameter von %1 bearbeiten (Strg+E)</translation>
    </message>
    <message>
        <source>Start…</source>
        <translation>Starten…</translation>
    </message>
    <message>
        <source>Stop…</source>
        <translation>Anhalten…</translation>
    </message>
    <message>
        <source>Upgrade…</source>
        <translation>Upgrade…</translation>
    </message>
    <message>
        <source>Stop %1?</source>
        <translation>%1 anhalten?</translation>
    </message>
    <message>
        <source>Stopping scales every node group to zero nodes and records their sizes on the cluster, so Start puts them back exactly. On this platform the control plane keeps running as pods in the management cluster; workloads on the nodes stop; volumes stay.</source>
        <translation>Anhalten skaliert jede Knotengruppe auf null Knoten und vermerkt ihre Größen am Cluster, sodass Starten sie genau wiederherstellt. Auf dieser Plattform läuft die Steuerungsebene als Pods im Management-Cluster weiter; Workloads auf den Knoten halten an; Volumes bleiben.</translation>
    </message>
    <message>
        <source>Start %1?</source>
        <translation>%1 starten?</translation>
    </message>
    <message>
        <source>Upgrade %1 (now %2)</source>
        <translation>%1 aktualisieren (jetzt %2)</translation>
    </message>
    <message>
        <source>One minor version at a time, never down. The control plane moves first, then the machines are replaced one by one.</source>
        <translation>Eine Minor-Version nach der anderen, nie zurück. Zuerst wechselt die Steuerungsebene, dann werden die Maschinen einzeln ersetzt.</translation>
    </message>
    <message>
        <source>allowed</source>
        <translation>erlaubt</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>It was deleted. The platform&apos;s cleanup can leave its virtual machines&apos; volumes behind.</source>
        <translation>Er wurde gelöscht. Die Bereinigung der Plattform kann die Volumes seiner virtuellen Maschinen zurücklassen.</translation>
    </message>
    <message>
        <source>Check for leftovers</source>
        <translation>Nach Überresten suchen</translation>
    </message>
    <message>
        <source>Remove them…</source>
        <translation>Entfernen…</translation>
    </message>
    <message>
        <source>Delete %1?</source>
        <translation>%1 löschen?</translation>
    </message>
    <message>
        <source>This removes the cluster, its workloads and its data. These objects go:</source>
        <translation>Dies entfernt den Cluster, seine Workloads und seine Daten. Diese Objekte werden gelöscht:</translation>
    </message>
    <message>
        <source>Type the cluster&apos;s name, %1, to confirm.</source>
        <translation>Geben Sie zur Bestätigung den Namen des Clusters ein: %1.</translation>
    </message>
    <message>
        <source>The cluster&apos;s name, to confirm</source>
        <translation>Der Name des Clusters, zur Bestätigung</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Remove what was left behind?</source>
        <translation>Zurückgelassenes entfernen?</translation>
    </message>
    <message numerus="yes">
        <source>%n volume(s) of the deleted cluster will be removed with their data. This cannot be undone.</source>
        <translation>
            <numerusform>%n Volume des gelöschten Clusters wird mit seinen Daten entfernt. Das lässt sich nicht rückgängig machen.</numerusform>
            <numerusform>%n Volumes des gelöschten Clusters werden mit ihren Daten entfernt. Das lässt sich nicht rückgängig machen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Troubleshoot</source>
        <translation>Fehlersuche</translation>
    </message>
    <message>
        <source>Node pools are apps of their own and keep running: %1. Scale them to zero on the Node groups tab.</source>
        <translation>Knotenpools sind eigene Anwendungen und laufen weiter: %1. Skalieren Sie sie im Reiter Knotengruppen auf null.</translation>
    </message>
    <message>
        <source>Its node pools are apps of their own and stay, failing without their cluster: %1. Delete them first.</source>
        <translation>Seine Knotenpools sind eigene Anwendungen und bleiben, ohne ihren Cluster fehlerhaft: %1. Löschen Sie sie zuerst.</translation>
    </message>
    <message>
        <source>Dismiss this message</source>
        <translation>Diese Meldung schließen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>The node groups go back to the sizes they had when the cluster was stopped:</source>
        <translation>Die Knotengruppen erhalten die Größen zurück, die sie beim Anhalten des Clusters hatten:</translation>
    </message>
    <message>
        <source>Upgrade to %1</source>
        <translation>Upgrade auf %1</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>Upgrade</translation>
    </message>
    <message>
        <source>Upgrade %1 from %2 to %3?</source>
        <translation>Upgrade von %1 von %2 auf %3?</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
</context>
<context>
    <name>ClusterTableModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Control plane</source>
        <translation>Steuerungsebene</translation>
    </message>
    <message>
        <source>Addons</source>
        <translation>Add-ons</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
</context>
<context>
    <name>ClustersPage</name>
    <message>
        <source>All clusters</source>
        <translation>Alle Cluster</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Filter by name, tenant or health (Ctrl+F)</source>
        <translation>Nach Name, Mandant oder Zustand filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Filter clusters</source>
        <translation>Cluster filtern</translation>
    </message>
    <message>
        <source>Sort by %1</source>
        <translation>Nach %1 sortieren</translation>
    </message>
    <message>
        <source>Clusters</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Loading clusters…</source>
        <translation>Cluster werden geladen…</translation>
    </message>
    <message>
        <source>You may not list clusters here</source>
        <translation>Sie dürfen hier keine Cluster auflisten</translation>
    </message>
    <message>
        <source>No cluster matches “%1”</source>
        <translation>Kein Cluster passt zu „%1“</translation>
    </message>
    <message>
        <source>No clusters in this tenant yet</source>
        <translation>Noch keine Cluster in diesem Mandanten</translation>
    </message>
    <message>
        <source>Double-click or press Enter to open a cluster. Health is derived from the whole object tree.</source>
        <translation>Doppelklick oder Eingabetaste öffnet einen Cluster. Der Zustand wird aus dem ganzen Objektbaum abgeleitet.</translation>
    </message>
    <message>
        <source>With your rights only the clusters&apos; own conditions are visible.</source>
        <translation>Mit Ihren Rechten sind nur die eigenen Bedingungen der Cluster sichtbar.</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>Neu…</translation>
    </message>
    <message>
        <source>Create an application (Ctrl+N)</source>
        <translation>Eine Anwendung anlegen (Strg+N)</translation>
    </message>
    <message>
        <source>Create in %1 (Ctrl+N)</source>
        <translation>In %1 anlegen (Strg+N)</translation>
    </message>
    <message>
        <source>Cannot read the clusters yet; Nestdeck keeps trying</source>
        <translation>Die Cluster können noch nicht gelesen werden; Nestdeck versucht es weiter</translation>
    </message>
    <message>
        <source>Clusters of tenant %1</source>
        <translation>Cluster des Mandanten %1</translation>
    </message>
    <message>
        <source>Create; the form asks for the tenant (Ctrl+N)</source>
        <translation>Anlegen; das Formular fragt nach dem Mandanten (Strg+N)</translation>
    </message>
    <message>
        <source>%1 — defined, not served by the API server</source>
        <translation>%1 — definiert, vom API-Server nicht bereitgestellt</translation>
    </message>
    <message>
        <source>%1 hidden: the window is narrow</source>
        <translation>%1 ausgeblendet: das Fenster ist schmal</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>ConnectPage</name>
    <message>
        <source>Connect to a management cluster</source>
        <translation>Mit einem Management-Cluster verbinden</translation>
    </message>
    <message>
        <source>Contexts from %1</source>
        <translation>Kontexte aus %1</translation>
    </message>
    <message>
        <source>Contexts</source>
        <translation>Kontexte</translation>
    </message>
    <message>
        <source>Context %1 on %2</source>
        <translation>Kontext %1 auf %2</translation>
    </message>
    <message>
        <source>current</source>
        <translation>aktuell</translation>
    </message>
    <message>
        <source>last used</source>
        <translation>zuletzt verwendet</translation>
    </message>
    <message>
        <source>%1 · user %2%3</source>
        <translation>%1 · Benutzer %2%3</translation>
    </message>
    <message>
        <source>anonymous</source>
        <translation>anonym</translation>
    </message>
    <message>
        <source> · namespace %1</source>
        <translation> · Namespace %1</translation>
    </message>
    <message>
        <source>The kubeconfig cannot be used</source>
        <translation>Die Kubeconfig kann nicht verwendet werden</translation>
    </message>
    <message>
        <source>No contexts</source>
        <translation>Keine Kontexte</translation>
    </message>
    <message>
        <source>Start Nestdeck with --kubeconfig FILE, or set KUBECONFIG.</source>
        <translation>Starten Sie Nestdeck mit --kubeconfig DATEI oder setzen Sie KUBECONFIG.</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Reload kubeconfig</source>
        <translation>Kubeconfig neu laden</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
</context>
<context>
    <name>ConnectionIndicator</name>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Live (tenant scope)</source>
        <translation>Live (Mandantenbereich)</translation>
    </message>
    <message>
        <source>Reconnecting: %1</source>
        <translation>Verbinde neu: %1</translation>
    </message>
    <message>
        <source>Forbidden: %1</source>
        <translation>Verboten: %1</translation>
    </message>
    <message>
        <source>Cannot connect: %1</source>
        <translation>Keine Verbindung: %1</translation>
    </message>
</context>
<context>
    <name>ControlPlaneTab</name>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>not visible with your rights</source>
        <translation>mit Ihren Rechten nicht sichtbar</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>Replikate</translation>
    </message>
    <message>
        <source>Running version</source>
        <translation>Laufende Version</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Components (resource presets are per replica; they are not VM instance types)</source>
        <translation>Komponenten (Ressourcen-Voreinstellungen gelten pro Replikat; sie sind keine VM-Instanztypen)</translation>
    </message>
    <message>
        <source>preset %1 (%2)</source>
        <translation>Voreinstellung %1 (%2)</translation>
    </message>
    <message>
        <source>no preset</source>
        <translation>keine Voreinstellung</translation>
    </message>
</context>
<context>
    <name>EditorPage</name>
    <message>
        <source>Edit %1 %2</source>
        <translation>%1 %2 bearbeiten</translation>
    </message>
    <message>
        <source>Step %1: %2%3</source>
        <translation>Schritt %1: %2%3</translation>
    </message>
    <message>
        <source> (has errors)</source>
        <translation> (mit Fehlern)</translation>
    </message>
    <message>
        <source>This form cannot be shown</source>
        <translation>Dieses Formular kann nicht angezeigt werden</translation>
    </message>
    <message>
        <source>Reading the schema…</source>
        <translation>Schema wird gelesen…</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>Name *</translation>
    </message>
    <message>
        <source>lowercase letters, digits and &apos;-&apos;</source>
        <translation>Kleinbuchstaben, Ziffern und „-“</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>What changes</source>
        <translation>Was sich ändert</translation>
    </message>
    <message>
        <source>What will be sent</source>
        <translation>Was gesendet wird</translation>
    </message>
    <message>
        <source>Nothing changed yet.</source>
        <translation>Noch nichts geändert.</translation>
    </message>
    <message>
        <source>Put my changes on top of theirs</source>
        <translation>Meine Änderungen auf ihre anwenden</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) to fix</source>
        <translation>
            <numerusform>%n Problem zu beheben</numerusform>
            <numerusform>%n Probleme zu beheben</numerusform>
        </translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Fix the fields marked in this step first</source>
        <translation>Beheben Sie zuerst die markierten Felder dieses Schritts</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>Checked by Nestdeck: %1.</source>
        <translation>Von Nestdeck geprüft: %1.</translation>
    </message>
    <message>
        <source>The platform cannot check an edit without applying it, so nothing is sent before you apply. Right before writing, Nestdeck reads the object again and stops if someone changed the same fields meanwhile; afterwards it reads it back and tells you if a value did not stick.</source>
        <translation>Die Plattform kann eine Änderung nicht prüfen, ohne sie anzuwenden; deshalb wird vor dem Anwenden nichts gesendet. Unmittelbar vor dem Schreiben liest Nestdeck das Objekt erneut und hält an, wenn jemand inzwischen dieselben Felder geändert hat; danach liest es das Objekt zurück und sagt Ihnen, wenn ein Wert nicht übernommen wurde.</translation>
    </message>
    <message>
        <source>The server warns: %1</source>
        <translation>Der Server warnt: %1</translation>
    </message>
    <message>
        <source>Read back after the write, these values are not what you set:</source>
        <translation>Nach dem Schreiben zurückgelesen, sind diese Werte nicht die, die Sie gesetzt haben:</translation>
    </message>
    <message>
        <source>Changed on the server while you were editing (nothing was written):</source>
        <translation>Auf dem Server geändert, während Sie bearbeitet haben (nichts wurde geschrieben):</translation>
    </message>
    <message>
        <source>Changed by someone else meanwhile, in other fields; their changes stand beside yours:</source>
        <translation>Inzwischen von jemand anderem in anderen Feldern geändert; diese Änderungen bleiben neben Ihren bestehen:</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <source>New %1 in</source>
        <translation>Neu: %1 in</translation>
    </message>
    <message>
        <source>(choose a tenant)</source>
        <translation>(Mandant wählen)</translation>
    </message>
    <message>
        <source>Tenant to create in</source>
        <translation>Mandant, in dem angelegt wird</translation>
    </message>
    <message>
        <source>Choose the tenant to create in</source>
        <translation>Wählen Sie den Mandanten, in dem angelegt wird</translation>
    </message>
    <message>
        <source>All tenants are selected: pick one above. Its quota and your rights there apply.</source>
        <translation>Alle Mandanten sind ausgewählt: Wählen Sie oben einen. Dessen Kontingent und Ihre Rechte dort gelten.</translation>
    </message>
</context>
<context>
    <name>EventModel</name>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
</context>
<context>
    <name>EventsTab</name>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source> (×%1)</source>
        <translation> (×%1)</translation>
    </message>
    <message>
        <source>Events cannot be read</source>
        <translation>Ereignisse können nicht gelesen werden</translation>
    </message>
    <message>
        <source>No events</source>
        <translation>Keine Ereignisse</translation>
    </message>
    <message>
        <source>Kubernetes keeps events for about an hour.</source>
        <translation>Kubernetes bewahrt Ereignisse etwa eine Stunde auf.</translation>
    </message>
</context>
<context>
    <name>FieldRow</name>
    <message>
        <source>Name of entry %1</source>
        <translation>Name des Eintrags %1</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>Changed from the live object</source>
        <translation>Gegenüber dem Live-Objekt geändert</translation>
    </message>
    <message>
        <source>Back to the default of %1</source>
        <translation>Zurück zum Standard von %1</translation>
    </message>
    <message>
        <source>Back to the default (%1)</source>
        <translation>Zurück zum Standard (%1)</translation>
    </message>
    <message>
        <source>new name</source>
        <translation>neuer Name</translation>
    </message>
    <message>
        <source>Name of the new entry of %1</source>
        <translation>Name des neuen Eintrags von %1</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Add an entry to %1</source>
        <translation>Einen Eintrag zu %1 hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>%1 entfernen</translation>
    </message>
</context>
<context>
    <name>HealthBadge</name>
    <message>
        <source>%1 (not live)</source>
        <translation>%1 (nicht live)</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Nestdeck — %1</source>
        <translation>Nestdeck — %1</translation>
    </message>
    <message>
        <source>Nestdeck</source>
        <translation>Nestdeck</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Back (Alt+Left)</source>
        <translation>Zurück (Alt+Links)</translation>
    </message>
    <message>
        <source>Switch context (current: %1)</source>
        <translation>Kontext wechseln (aktuell: %1)</translation>
    </message>
    <message>
        <source>%1 as %2 — click to switch (Ctrl+K)</source>
        <translation>%1 als %2 — klicken zum Wechseln (Strg+K)</translation>
    </message>
    <message>
        <source>anonymous</source>
        <translation>anonym</translation>
    </message>
    <message>
        <source>⚠ TLS verification off</source>
        <translation>⚠ TLS-Prüfung aus</translation>
    </message>
    <message>
        <source>This context sets insecure-skip-tls-verify: anyone on the network path can read and change this traffic.</source>
        <translation>Dieser Kontext setzt insecure-skip-tls-verify: Jeder auf dem Netzwerkweg kann diesen Verkehr lesen und ändern.</translation>
    </message>
    <message>
        <source>Discard your changes?</source>
        <translation>Ihre Änderungen verwerfen?</translation>
    </message>
    <message>
        <source>The form has changes that were not applied. Closing it loses them.</source>
        <translation>Das Formular hat nicht angewendete Änderungen. Beim Schließen gehen sie verloren.</translation>
    </message>
    <message>
        <source>⚠ Problems (%1)</source>
        <translation>⚠ Probleme (%1)</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message numerus="yes">
        <source>Problems: %n cluster(s) with a problem</source>
        <translation>
            <numerusform>Probleme: %n Cluster mit einem Problem</numerusform>
            <numerusform>Probleme: %n Cluster mit einem Problem</numerusform>
        </translation>
    </message>
    <message>
        <source>Every cluster that is not Ready, grouped by cause (Ctrl+P)</source>
        <translation>Jeder Cluster, der nicht bereit ist, nach Ursache gruppiert (Strg+P)</translation>
    </message>
</context>
<context>
    <name>NodeGroupsTab</name>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>min %1, max %2</source>
        <translation>min. %1, max. %2</translation>
    </message>
    <message>
        <source>%1 of %2 ready (min %3, max %4)</source>
        <translation>%1 von %2 bereit (min. %3, max. %4)</translation>
    </message>
    <message>
        <source>Instance type</source>
        <translation>Instanztyp</translation>
    </message>
    <message>
        <source>%1 — %2 (VM size from the instance type catalog)</source>
        <translation>%1 — %2 (VM-Größe aus dem Instanztyp-Katalog)</translation>
    </message>
    <message>
        <source>Resources override</source>
        <translation>Ressourcen-Überschreibung</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPUs</translation>
    </message>
    <message>
        <source>Machines</source>
        <translation>Maschinen</translation>
    </message>
    <message>
        <source>No node groups</source>
        <translation>Keine Knotengruppen</translation>
    </message>
    <message>
        <source>This cluster has no workers: only its control plane runs.</source>
        <translation>Dieser Cluster hat keine Worker: nur seine Steuerungsebene läuft.</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Skalieren</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>Minimum nodes of %1</source>
        <translation>Mindestanzahl Knoten von %1</translation>
    </message>
    <message>
        <source>max</source>
        <translation>max</translation>
    </message>
    <message>
        <source>Maximum nodes of %1</source>
        <translation>Höchstanzahl Knoten von %1</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>the cluster is stopped</source>
        <translation>der Cluster ist angehalten</translation>
    </message>
    <message>
        <source>Node groups come from the cluster&apos;s spec and from node pools (KubernetesNodes apps naming this cluster).</source>
        <translation>Knotengruppen kommen aus der Spec des Clusters und aus Knotenpools (KubernetesNodes-Anwendungen, die diesen Cluster nennen).</translation>
    </message>
    <message>
        <source>Add pool…</source>
        <translation>Pool hinzufügen…</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>node pool (KubernetesNodes)</source>
        <translation>Knotenpool (KubernetesNodes)</translation>
    </message>
    <message>
        <source>Upgrade…</source>
        <translation>Upgrade…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>Pool release</source>
        <translation>Pool-Release</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>the platform&apos;s default</source>
        <translation>Standard der Plattform</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>Festplatte</translation>
    </message>
    <message>
        <source>Upgrade pool %1 (now %2)</source>
        <translation>Pool %1 aktualisieren (jetzt %2)</translation>
    </message>
    <message>
        <source>One minor version at a time, never down, and never ahead of the cluster (%1): a pool may lag its cluster, never lead it.</source>
        <translation>Eine Minor-Version nach der anderen, nie zurück und nie vor dem Cluster (%1): ein Pool darf seinem Cluster hinterherhinken, ihm nie vorauseilen.</translation>
    </message>
    <message>
        <source>allowed</source>
        <translation>erlaubt</translation>
    </message>
    <message>
        <source>Delete pool %1?</source>
        <translation>Pool %1 löschen?</translation>
    </message>
    <message>
        <source>Its machines are drained and removed; workloads on them move to the cluster&apos;s other nodes, if they fit. Type the pool&apos;s name, %1, to confirm.</source>
        <translation>Seine Maschinen werden geleert und entfernt; Workloads darauf ziehen auf die anderen Knoten des Clusters, wenn sie passen. Geben Sie zur Bestätigung den Namen des Pools ein: %1.</translation>
    </message>
    <message>
        <source>The pool&apos;s name, to confirm</source>
        <translation>Der Name des Pools, zur Bestätigung</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Upgrade pool %1…</source>
        <translation>Pool %1 aktualisieren…</translation>
    </message>
    <message>
        <source>Delete pool %1…</source>
        <translation>Pool %1 löschen…</translation>
    </message>
    <message>
        <source>Apply the new size of %1</source>
        <translation>Die neue Größe von %1 anwenden</translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Kubernetes wanted</source>
        <translation>Kubernetes gewünscht</translation>
    </message>
    <message>
        <source>Kubernetes running</source>
        <translation>Kubernetes laufend</translation>
    </message>
    <message>
        <source>not known yet</source>
        <translation>noch nicht bekannt</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Conditions behind the health</source>
        <translation>Bedingungen hinter dem Zustand</translation>
    </message>
    <message>
        <source>Your rights show the application&apos;s own conditions only; Cluster API, Kamaji and Flux objects are not visible to you.</source>
        <translation>Ihre Rechte zeigen nur die eigenen Bedingungen der Anwendung; Cluster-API-, Kamaji- und Flux-Objekte sind für Sie nicht sichtbar.</translation>
    </message>
    <message>
        <source>fine</source>
        <translation>in Ordnung</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>in progress or not known yet</source>
        <translation>in Arbeit oder noch unbekannt</translation>
    </message>
</context>
<context>
    <name>ProblemsPage</name>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message numerus="yes">
        <source>%n cluster(s) not Ready, %1 with a problem</source>
        <translation>
            <numerusform>%n Cluster nicht bereit, %1 mit einem Problem</numerusform>
            <numerusform>%n Cluster nicht bereit, %1 mit einem Problem</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 in %2: %3</source>
        <translation>%1 in %2: %3</translation>
    </message>
    <message>
        <source>In this state for %1</source>
        <translation>Seit %1 in diesem Zustand</translation>
    </message>
    <message>
        <source>Every cluster is Ready</source>
        <translation>Jeder Cluster ist bereit</translation>
    </message>
    <message>
        <source>Clusters that are provisioning, failing, degraded or being deleted show up here, grouped by cause.</source>
        <translation>Cluster, die bereitgestellt werden, fehlschlagen, beeinträchtigt sind oder gelöscht werden, erscheinen hier, nach Ursache gruppiert.</translation>
    </message>
    <message>
        <source>Next step: %1</source>
        <translation>Nächster Schritt: %1</translation>
    </message>
</context>
<context>
    <name>SecretAccess</name>
    <message>
        <source>The normal kubeconfig: cluster-admin, external API address. Use this one.</source>
        <translation>Die normale Kubeconfig: Cluster-Admin, externe API-Adresse. Verwenden Sie diese.</translation>
    </message>
    <message>
        <source>Same credentials, in-cluster service address: for programs running inside the management cluster.</source>
        <translation>Dieselben Zugangsdaten, clusterinterne Dienstadresse: für Programme im Management-Cluster.</translation>
    </message>
    <message>
        <source>Extended rights (system:masters) for troubleshooting and maintenance, external address.</source>
        <translation>Erweiterte Rechte (system:masters) für Fehlersuche und Wartung, externe Adresse.</translation>
    </message>
    <message>
        <source>Extended rights (system:masters), in-cluster service address.</source>
        <translation>Erweiterte Rechte (system:masters), clusterinterne Dienstadresse.</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <source>You may not read this Secret: %1</source>
        <translation>Sie dürfen dieses Secret nicht lesen: %1</translation>
    </message>
    <message>
        <source>%1 is not loaded.</source>
        <translation>%1 ist nicht geladen.</translation>
    </message>
    <message>
        <source>%1 grants extended rights; confirm first.</source>
        <translation>%1 gewährt erweiterte Rechte; bitte zuerst bestätigen.</translation>
    </message>
    <message>
        <source>Saved %1 to %2 (readable only by you).</source>
        <translation>%1 wurde in %2 gespeichert (nur für Sie lesbar).</translation>
    </message>
    <message>
        <source>Copied %1 to the clipboard.</source>
        <translation>%1 wurde in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>Added context &quot;%1&quot; to %2.</source>
        <translation>Kontext „%1“ zu %2 hinzugefügt.</translation>
    </message>
    <message>
        <source>Added context &quot;%1&quot; to %2 (backup: %3).</source>
        <translation>Kontext „%1“ zu %2 hinzugefügt (Sicherung: %3).</translation>
    </message>
    <message>
        <source>Server %1; nodes not listed: %2</source>
        <translation>Server %1; Knoten nicht aufgelistet: %2</translation>
    </message>
    <message numerus="yes">
        <source>Connected: Kubernetes %1, %n node(s).</source>
        <translation>
            <numerusform>Verbunden: Kubernetes %1, %n Knoten.</numerusform>
            <numerusform>Verbunden: Kubernetes %1, %n Knoten.</numerusform>
        </translation>
    </message>
    <message>
        <source>No kubeconfig file to add to.</source>
        <translation>Keine Kubeconfig-Datei zum Hinzufügen.</translation>
    </message>
    <message>
        <source>%1 has this cluster and user already, as context &quot;%2&quot;; nothing was changed.</source>
        <translation>%1 enthält diesen Cluster und Benutzer bereits als Kontext „%2“; nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Updated the credentials of context &quot;%1&quot; in %2 (backup: %3).</source>
        <translation>Zugangsdaten des Kontexts „%1“ in %2 aktualisiert (Sicherung: %3).</translation>
    </message>
</context>
<context>
    <name>SecretsTab</name>
    <message>
        <source>Forget values</source>
        <translation>Werte vergessen</translation>
    </message>
    <message>
        <source>Load values</source>
        <translation>Werte laden</translation>
    </message>
    <message>
        <source>Fetches this Secret from the server now; nothing is fetched before you ask.</source>
        <translation>Holt dieses Secret jetzt vom Server; vorher wird nichts geholt.</translation>
    </message>
    <message>
        <source>Where to save %1</source>
        <translation>Speicherort für %1</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Add to my kubeconfig</source>
        <translation>Zu meiner Kubeconfig hinzufügen</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Use %1?</source>
        <translation>%1 verwenden?</translation>
    </message>
    <message>
        <source>%1 grants system:masters on the tenant cluster: it bypasses RBAC. Use it for troubleshooting only, and keep the file private.</source>
        <translation>%1 gewährt system:masters im Mandanten-Cluster und umgeht RBAC. Nur zur Fehlersuche verwenden und die Datei privat halten.</translation>
    </message>
    <message>
        <source>Adds a context to %1 (the file kubectl writes: --kubeconfig, else the first file of $KUBECONFIG, else ~/.kube/config) after a backup; nothing else in the file changes. Added again, the same cluster and user change nothing; new credentials update it.</source>
        <translation>Fügt %1 nach einer Sicherung einen Kontext hinzu (die Datei, in die kubectl schreibt: --kubeconfig, sonst die erste Datei aus $KUBECONFIG, sonst ~/.kube/config); sonst ändert sich nichts in der Datei. Erneut hinzugefügt, ändern derselbe Cluster und Benutzer nichts; neue Zugangsdaten aktualisieren ihn.</translation>
    </message>
</context>
<context>
    <name>SwitchEditor</name>
    <message>
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source> (default)</source>
        <translation> (Standard)</translation>
    </message>
    <message>
        <source> (not set)</source>
        <translation> (nicht gesetzt)</translation>
    </message>
</context>
<context>
    <name>TenantModel</name>
    <message>
        <source>All tenants</source>
        <translation>Alle Mandanten</translation>
    </message>
</context>
<context>
    <name>TenantsPane</name>
    <message>
        <source>Tenants</source>
        <translation>Mandanten</translation>
    </message>
    <message numerus="yes">
        <source>Tenant %1, %n cluster(s)</source>
        <translation>
            <numerusform>Mandant %1, %n Cluster</numerusform>
            <numerusform>Mandant %1, %n Cluster</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TroubleshootModel</name>
    <message>
        <source># The app is gone; only its leftovers remain.</source>
        <translation># Die Anwendung ist gelöscht; nur ihre Überreste sind noch da.</translation>
    </message>
</context>
<context>
    <name>TroubleshootTab</name>
    <message>
        <source>Support bundle written to %1</source>
        <translation>Support-Paket nach %1 geschrieben</translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <translation>%1 seit %2</translation>
    </message>
    <message>
        <source>Show cause</source>
        <translation>Ursache zeigen</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Support bundle…</source>
        <translation>Support-Paket…</translation>
    </message>
    <message>
        <source>Next step: %1</source>
        <translation>Nächster Schritt: %1</translation>
    </message>
    <message>
        <source>Not visible to you: %1</source>
        <translation>Für Sie nicht sichtbar: %1</translation>
    </message>
    <message>
        <source>Objects of the cluster</source>
        <translation>Objekte des Clusters</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>problem below</source>
        <translation>Problem darunter</translation>
    </message>
    <message>
        <source>YAML</source>
        <translation>YAML</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Owners</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>YAML of the selected object</source>
        <translation>YAML des gewählten Objekts</translation>
    </message>
    <message>
        <source>No events</source>
        <translation>Keine Ereignisse</translation>
    </message>
    <message>
        <source>Kubernetes keeps events for about an hour.</source>
        <translation>Kubernetes bewahrt Ereignisse etwa eine Stunde auf.</translation>
    </message>
    <message>
        <source>The tree cannot be read</source>
        <translation>Der Baum kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>Reading the cluster&apos;s objects…</source>
        <translation>Die Objekte des Clusters werden gelesen…</translation>
    </message>
    <message>
        <source>Export a support bundle</source>
        <translation>Ein Support-Paket exportieren</translation>
    </message>
    <message>
        <source>Every object of the tree as YAML, its events and the diagnosis, as a .tar.gz.
Secrets are included by name only, never their data.</source>
        <translation>Jedes Objekt des Baums als YAML, seine Ereignisse und die Diagnose, als .tar.gz.
Secrets sind nur mit Namen enthalten, nie ihre Daten.</translation>
    </message>
    <message>
        <source>File to write</source>
        <translation>Zu schreibende Datei</translation>
    </message>
    <message>
        <source>%1: %2, level %3%4</source>
        <translation>%1: %2, Ebene %3%4</translation>
    </message>
    <message>
        <source>, expanded</source>
        <translation>, aufgeklappt</translation>
    </message>
    <message>
        <source>, collapsed</source>
        <translation>, zugeklappt</translation>
    </message>
</context>
<context>
    <name>YamlEditor</name>
    <message>
        <source>key: value</source>
        <translation>schlüssel: wert</translation>
    </message>
    <message>
        <source>YAML</source>
        <translation>YAML</translation>
    </message>
</context>
<context>
    <name>YamlTab</name>
    <message>
        <source>YAML of the application</source>
        <translation>YAML der Anwendung</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Console for Cozystack-style managed Kubernetes platforms</source>
        <translation>Konsole für verwaltete Kubernetes-Plattformen nach Art von Cozystack</translation>
    </message>
    <message>
        <source>Kubeconfig file to use.</source>
        <translation>Zu verwendende Kubeconfig-Datei.</translation>
    </message>
    <message>
        <source>Kubeconfig context to open.</source>
        <translation>Zu öffnender Kubeconfig-Kontext.</translation>
    </message>
</context>
<context>
    <name>nestdeck::platform</name>
    <message>
        <source>the control plane is not ready</source>
        <translation>die Steuerungsebene ist nicht bereit</translation>
    </message>
    <message>
        <source>Cluster API reports the cluster as Failed</source>
        <translation>Cluster API meldet den Cluster als fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 of %2 machines failed</source>
        <translation>%1 von %2 Maschinen fehlgeschlagen</translation>
    </message>
    <message>
        <source>addon %1: %2</source>
        <translation>Add-on %1: %2</translation>
    </message>
    <message>
        <source>deletion in progress</source>
        <translation>Löschung läuft</translation>
    </message>
    <message>
        <source>removing addons (%1 left)</source>
        <translation>Add-ons werden entfernt (%1 übrig)</translation>
    </message>
    <message>
        <source>removing the control plane</source>
        <translation>Steuerungsebene wird entfernt</translation>
    </message>
    <message>
        <source>removing machines and volumes</source>
        <translation>Maschinen und Volumes werden entfernt</translation>
    </message>
    <message>
        <source>removing the release</source>
        <translation>Release wird entfernt</translation>
    </message>
    <message>
        <source>control plane %1 → %2</source>
        <translation>Steuerungsebene %1 → %2</translation>
    </message>
    <message>
        <source>%1 of %2 nodes ready</source>
        <translation>%1 von %2 Knoten bereit</translation>
    </message>
    <message>
        <source>control plane %1</source>
        <translation>Steuerungsebene %1</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>waiting for nodes</source>
        <translation>wartet auf Knoten</translation>
    </message>
    <message>
        <source>installing addons</source>
        <translation>Add-ons werden installiert</translation>
    </message>
    <message>
        <source>Provisioning (%1/%2 nodes)</source>
        <translation>Bereitstellung (%1/%2 Knoten)</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>ApplicationDefinition &quot;%1&quot; has no spec.application.kind</source>
        <translation>ApplicationDefinition „%1“ hat kein spec.application.kind</translation>
    </message>
    <message>
        <source>the ApplicationDefinition of %1 publishes no schema (spec.application.openAPISchema is empty)</source>
        <translation>die ApplicationDefinition von %1 veröffentlicht kein Schema (spec.application.openAPISchema ist leer)</translation>
    </message>
    <message>
        <source>the schema of %1 is neither a JSON string nor an object</source>
        <translation>das Schema von %1 ist weder ein JSON-String noch ein Objekt</translation>
    </message>
    <message>
        <source>the schema of %1 is not valid JSON: %2 at offset %3</source>
        <translation>das Schema von %1 ist kein gültiges JSON: %2 an Position %3</translation>
    </message>
    <message>
        <source>the schema of %1 is not a JSON object</source>
        <translation>das Schema von %1 ist kein JSON-Objekt</translation>
    </message>
    <message>
        <source>ApplicationDefinition &quot;%1&quot; could not be decoded: %2</source>
        <translation>ApplicationDefinition „%1“ konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>the schema refers to itself (%1): edited as YAML</source>
        <translation>das Schema verweist auf sich selbst (%1): wird als YAML bearbeitet</translation>
    </message>
    <message>
        <source>%1: $ref &quot;%2&quot; cannot be resolved</source>
        <translation>%1: $ref „%2“ kann nicht aufgelöst werden</translation>
    </message>
    <message>
        <source>refers to &quot;%1&quot;, which this schema does not contain: edited as YAML</source>
        <translation>verweist auf „%1“, das dieses Schema nicht enthält: wird als YAML bearbeitet</translation>
    </message>
    <message>
        <source>nested deeper than %1 levels: edited as YAML</source>
        <translation>tiefer als %1 Ebenen verschachtelt: wird als YAML bearbeitet</translation>
    </message>
    <message>
        <source>may be any of %1: edited as YAML</source>
        <translation>kann %1 sein: wird als YAML bearbeitet</translation>
    </message>
    <message>
        <source>uses &quot;%1&quot;, which a form cannot show as fields: edited as YAML</source>
        <translation>verwendet „%1“, das ein Formular nicht als Felder zeigen kann: wird als YAML bearbeitet</translation>
    </message>
    <message>
        <source>a list whose entries each have their own schema (tuple): edited as YAML</source>
        <translation>eine Liste mit eigenem Schema je Eintrag (Tupel): wird als YAML bearbeitet</translation>
    </message>
    <message>
        <source>has the unknown type &quot;%1&quot;: edited as YAML</source>
        <translation>hat den unbekannten Typ „%1“: wird als YAML bearbeitet</translation>
    </message>
    <message>
        <source>the schema is not valid JSON: %1 at offset %2</source>
        <translation>das Schema ist kein gültiges JSON: %1 an Position %2</translation>
    </message>
    <message>
        <source>the schema is not a JSON object</source>
        <translation>das Schema ist kein JSON-Objekt</translation>
    </message>
    <message>
        <source>name: %1</source>
        <translation>Name: %1</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>%1 vCPU, %2</source>
        <translation>%1 vCPU, %2</translation>
    </message>
    <message>
        <source>a name is required</source>
        <translation>ein Name ist erforderlich</translation>
    </message>
    <message>
        <source>must be at most %1 characters (this one has %2)</source>
        <translation>darf höchstens %1 Zeichen lang sein (dieser hat %2)</translation>
    </message>
    <message>
        <source>must start with a lowercase letter</source>
        <translation>muss mit einem Kleinbuchstaben beginnen</translation>
    </message>
    <message>
        <source>may contain only lowercase letters, digits and &apos;-&apos; (found &apos;%1&apos;)</source>
        <translation>darf nur Kleinbuchstaben, Ziffern und „-“ enthalten (gefunden: „%1“)</translation>
    </message>
    <message>
        <source>must end with a letter or digit</source>
        <translation>muss mit einem Buchstaben oder einer Ziffer enden</translation>
    </message>
    <message>
        <source>tenant names may contain only lowercase letters and digits (found &apos;%1&apos;)</source>
        <translation>Mandantennamen dürfen nur Kleinbuchstaben und Ziffern enthalten (gefunden: „%1“)</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>eine Liste</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>ein Objekt</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>must be at least %1 (%2)</source>
        <translation>muss mindestens %1 sein (%2)</translation>
    </message>
    <message>
        <source>must be at most %1 (%2)</source>
        <translation>darf höchstens %1 sein (%2)</translation>
    </message>
    <message>
        <source>must be greater than %1 (%2)</source>
        <translation>muss größer als %1 sein (%2)</translation>
    </message>
    <message>
        <source>must be less than %1 (%2)</source>
        <translation>muss kleiner als %1 sein (%2)</translation>
    </message>
    <message>
        <source>must equal %1 (%2)</source>
        <translation>muss gleich %1 sein (%2)</translation>
    </message>
    <message>
        <source>must differ from %1 (%2)</source>
        <translation>muss sich von %1 unterscheiden (%2)</translation>
    </message>
    <message>
        <source>must be an object (key: value pairs)</source>
        <translation>muss ein Objekt sein (Schlüssel: Wert-Paare)</translation>
    </message>
    <message>
        <source>must be a list</source>
        <translation>muss eine Liste sein</translation>
    </message>
    <message>
        <source>must be text</source>
        <translation>muss Text sein</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>muss eine ganze Zahl sein</translation>
    </message>
    <message>
        <source>must be a number</source>
        <translation>muss eine Zahl sein</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>muss true oder false sein</translation>
    </message>
    <message>
        <source>must be a quantity such as 500m, 2 or 4Gi</source>
        <translation>muss eine Menge wie 500m, 2 oder 4Gi sein</translation>
    </message>
    <message>
        <source>must be a number or text</source>
        <translation>muss eine Zahl oder Text sein</translation>
    </message>
    <message>
        <source>must not be null</source>
        <translation>darf nicht null sein</translation>
    </message>
    <message>
        <source>cannot be changed after creation (it is %1)%2</source>
        <translation>kann nach dem Anlegen nicht geändert werden (aktuell %1)%2</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>ist erforderlich</translation>
    </message>
    <message>
        <source>is not a parameter here</source>
        <translation>ist hier kein Parameter</translation>
    </message>
    <message>
        <source>is not a parameter of this schema: the server drops it</source>
        <translation>ist kein Parameter dieses Schemas: der Server verwirft ihn</translation>
    </message>
    <message numerus="yes">
        <source>needs at least %n entries</source>
        <translation>
            <numerusform>braucht mindestens %n Eintrag</numerusform>
            <numerusform>braucht mindestens %n Einträge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>may have at most %n entries</source>
        <translation>
            <numerusform>darf höchstens %n Eintrag haben</numerusform>
            <numerusform>darf höchstens %n Einträge haben</numerusform>
        </translation>
    </message>
    <message>
        <source>repeats entry %1</source>
        <translation>wiederholt Eintrag %1</translation>
    </message>
    <message>
        <source>must be one of %1 (not %2)</source>
        <translation>muss einer von %1 sein (nicht %2)</translation>
    </message>
    <message>
        <source> (not %1)</source>
        <translation> (nicht %1)</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>darf nicht leer sein</translation>
    </message>
    <message>
        <source>must be at least %1 characters</source>
        <translation>muss mindestens %1 Zeichen lang sein</translation>
    </message>
    <message>
        <source>must be at most %1 characters (this has %2)</source>
        <translation>darf höchstens %1 Zeichen lang sein (hier %2)</translation>
    </message>
    <message>
        <source>%1 does not match the pattern %2</source>
        <translation>%1 passt nicht zum Muster %2</translation>
    </message>
    <message>
        <source>%1 is not a quantity (write it like 500m, 2, 512Mi or 4Gi)</source>
        <translation>%1 ist keine Menge (Schreibweise wie 500m, 2, 512Mi oder 4Gi)</translation>
    </message>
    <message>
        <source>must be greater than %1</source>
        <translation>muss größer als %1 sein</translation>
    </message>
    <message>
        <source>must be at least %1</source>
        <translation>muss mindestens %1 sein</translation>
    </message>
    <message>
        <source>must be less than %1</source>
        <translation>muss kleiner als %1 sein</translation>
    </message>
    <message>
        <source>must be at most %1</source>
        <translation>darf höchstens %1 sein</translation>
    </message>
    <message>
        <source>must be a multiple of %1</source>
        <translation>muss ein Vielfaches von %1 sein</translation>
    </message>
    <message>
        <source>the schema cannot be checked in full here (%1); the server&apos;s dry-run still checks it</source>
        <translation>das Schema kann hier nicht vollständig geprüft werden (%1); der Probelauf des Servers prüft es trotzdem</translation>
    </message>
    <message>
        <source>keys beginning with &quot;_&quot; are reserved for the platform</source>
        <translation>Schlüssel, die mit „_“ beginnen, sind der Plattform vorbehalten</translation>
    </message>
    <message>
        <source>the schema could not be checked: %1</source>
        <translation>das Schema konnte nicht geprüft werden: %1</translation>
    </message>
    <message>
        <source>the document is nested more than 256 levels deep</source>
        <translation>das Dokument ist tiefer als 256 Ebenen verschachtelt</translation>
    </message>
    <message>
        <source>the document is too large once its aliases are expanded</source>
        <translation>das Dokument ist zu groß, sobald seine Aliase aufgelöst sind</translation>
    </message>
    <message>
        <source>line %1: a key must be plain text, not a list or a map</source>
        <translation>Zeile %1: ein Schlüssel muss einfacher Text sein, keine Liste und keine Map</translation>
    </message>
    <message>
        <source>line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>the schema has more than %1 fields: the rest is edited as YAML</source>
        <translation>das Schema hat mehr als %1 Felder: der Rest wird als YAML bearbeitet</translation>
    </message>
    <message>
        <source>the schema&apos;s references go round in a circle; only the field checks apply here, the server&apos;s dry-run checks the rest</source>
        <translation>die Verweise des Schemas bilden einen Kreis; hier gelten nur die Feldprüfungen, den Rest prüft der Probelauf des Servers</translation>
    </message>
    <message>
        <source>the pattern %1 is not a regular expression this client understands; values are not checked against it</source>
        <translation>das Muster %1 ist kein regulärer Ausdruck, den dieser Client versteht; Werte werden nicht dagegen geprüft</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Provisioning</source>
        <translation>Bereitstellung</translation>
    </message>
    <message>
        <source>Upgrading</source>
        <translation>Aktualisierung</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Beeinträchtigt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Deleting</source>
        <translation>Wird gelöscht</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Basics</source>
        <translation>Grundlagen</translation>
    </message>
    <message>
        <source>not a version this client understands</source>
        <translation>keine Version, die dieser Client versteht</translation>
    </message>
    <message>
        <source>the version it runs</source>
        <translation>die laufende Version</translation>
    </message>
    <message>
        <source>a different major version: not supported</source>
        <translation>eine andere Major-Version: nicht unterstützt</translation>
    </message>
    <message>
        <source>a downgrade: not supported</source>
        <translation>ein Downgrade: nicht unterstützt</translation>
    </message>
    <message>
        <source>one minor version at a time: upgrade to v%1.%2 first</source>
        <translation>eine Minor-Version nach der anderen: zuerst auf v%1.%2 aktualisieren</translation>
    </message>
    <message>
        <source>%1 is not a version the platform offers</source>
        <translation>%1 ist keine Version, die die Plattform anbietet</translation>
    </message>
    <message>
        <source>the cluster is stopped already</source>
        <translation>der Cluster ist schon angehalten</translation>
    </message>
    <message>
        <source>the cluster has no node groups to stop</source>
        <translation>der Cluster hat keine Knotengruppen zum Anhalten</translation>
    </message>
    <message>
        <source>the cluster is not stopped</source>
        <translation>der Cluster ist nicht angehalten</translation>
    </message>
    <message>
        <source>the recorded sizes (%1) cannot be read: %2</source>
        <translation>die vermerkten Größen (%1) sind nicht lesbar: %2</translation>
    </message>
    <message>
        <source>the cluster has no node group &quot;%1&quot;</source>
        <translation>der Cluster hat keine Knotengruppe „%1“</translation>
    </message>
    <message>
        <source>the cluster is stopped: start it first, or its recorded sizes would win</source>
        <translation>der Cluster ist angehalten: erst starten, sonst gelten die vermerkten Größen</translation>
    </message>
    <message>
        <source>%1 → %2: %3</source>
        <translation>%1 → %2: %3</translation>
    </message>
    <message>
        <source>you may not change %1 in %2 (your role does not allow &quot;patch&quot;)</source>
        <translation>Sie dürfen %1 in %2 nicht ändern (Ihre Rolle erlaubt kein „patch“)</translation>
    </message>
    <message>
        <source>Provisioning longer than usual</source>
        <translation>Bereitstellung dauert länger als üblich</translation>
    </message>
    <message>
        <source>VMs cannot be scheduled</source>
        <translation>VMs lassen sich nicht einplanen</translation>
    </message>
    <message>
        <source>Machines failed</source>
        <translation>Maschinen fehlgeschlagen</translation>
    </message>
    <message>
        <source>Control plane down</source>
        <translation>Steuerungsebene ausgefallen</translation>
    </message>
    <message>
        <source>Helm release failed</source>
        <translation>Helm-Release fehlgeschlagen</translation>
    </message>
    <message>
        <source>Addon failed</source>
        <translation>Add-on fehlgeschlagen</translation>
    </message>
    <message>
        <source>Deletion stuck on a finalizer</source>
        <translation>Löschung hängt an einem Finalizer</translation>
    </message>
    <message>
        <source>Leftovers after delete</source>
        <translation>Überreste nach dem Löschen</translation>
    </message>
    <message>
        <source>%n second(s)</source>
        <translation>%n Sekunde(n)</translation>
    </message>
    <message>
        <source>%n minute(s)</source>
        <translation>%n Minute(n)</translation>
    </message>
    <message>
        <source>%n hour(s)</source>
        <translation>%n Stunde(n)</translation>
    </message>
    <message>
        <source>%n day(s)</source>
        <translation>%n Tag(e)</translation>
    </message>
    <message>
        <source>Gone</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <source>The app was deleted; the objects below still carry its label.</source>
        <translation>Die Anwendung wurde gelöscht; die Objekte darunter tragen noch ihr Label.</translation>
    </message>
    <message>
        <source>deleting for %1, waiting for %2</source>
        <translation>wird seit %1 gelöscht, wartet auf %2</translation>
    </message>
    <message>
        <source>Nothing found for cluster %1/%2</source>
        <translation>Nichts gefunden für Cluster %1/%2</translation>
    </message>
    <message>
        <source>Cluster %1 is gone, but %n object(s) with its label remain</source>
        <translation>Cluster %1 ist gelöscht, aber %n Objekt(e) mit seinem Label bleiben</translation>
    </message>
    <message>
        <source>event %1 (×%2): %3</source>
        <translation>Ereignis %1 (×%2): %3</translation>
    </message>
    <message>
        <source> (and %n more like it)</source>
        <translation> (und %n weitere wie dieses)</translation>
    </message>
    <message>
        <source>%1 is stuck deleting%2: %3</source>
        <translation>%1 hängt beim Löschen%2: %3</translation>
    </message>
    <message>
        <source>The controller that owns %1 cannot finish its cleanup; its events say why (for a HelmRelease: helm-controller cannot uninstall from the tenant cluster). Fix that cause. As a last resort, remove the finalizer by hand (kubectl patch %2 %3 -n %4 --type=merge -p &apos;{&quot;metadata&quot;:{&quot;finalizers&quot;:null}}&apos;); what it guarded may then be left behind.</source>
        <translation>Der Controller, dem %1 gehört, kann seine Bereinigung nicht abschließen; seine Ereignisse sagen warum (bei einem HelmRelease: der helm-controller kann nicht aus dem Tenant-Cluster deinstallieren). Beheben Sie diese Ursache. Als letztes Mittel entfernen Sie den Finalizer von Hand (kubectl patch %2 %3 -n %4 --type=merge -p &apos;{&quot;metadata&quot;:{&quot;finalizers&quot;:null}}&apos;); was er schützte, kann dann zurückbleiben.</translation>
    </message>
    <message>
        <source>%1 cannot be scheduled%2: the management cluster lacks resources</source>
        <translation>%1 lässt sich nicht einplanen%2: dem Management-Cluster fehlen Ressourcen</translation>
    </message>
    <message>
        <source>Free capacity on the management cluster&apos;s nodes, or make the node group smaller: a smaller instance type or fewer nodes (cluster page → Node groups → Scale).</source>
        <translation>Schaffen Sie Kapazität auf den Knoten des Management-Clusters, oder verkleinern Sie die Knotengruppe: ein kleinerer Instanztyp oder weniger Knoten (Cluster-Seite → Knotengruppen → Skalieren).</translation>
    </message>
    <message>
        <source>The control plane of %1 does not come up: %2 is %3</source>
        <translation>Die Steuerungsebene von %1 startet nicht: %2 ist %3</translation>
    </message>
    <message>
        <source>Look at the control plane&apos;s pods in namespace %1 (kube-apiserver, controller-manager, scheduler) and its datastore; no node can join until it serves.</source>
        <translation>Prüfen Sie die Pods der Steuerungsebene im Namespace %1 (kube-apiserver, controller-manager, scheduler) und ihren Datenspeicher; kein Knoten kann beitreten, bevor sie läuft.</translation>
    </message>
    <message>
        <source>%1 failed%2: %3</source>
        <translation>%1 fehlgeschlagen%2: %3</translation>
    </message>
    <message>
        <source>Read the machine&apos;s events and its VirtualMachine&apos;s. Failed machines are replaced only by a MachineHealthCheck; scaling the node group down and up again replaces them by hand.</source>
        <translation>Lesen Sie die Ereignisse der Maschine und ihrer VirtualMachine. Fehlgeschlagene Maschinen ersetzt nur ein MachineHealthCheck; die Knotengruppe herunter- und wieder hochzuskalieren ersetzt sie von Hand.</translation>
    </message>
    <message>
        <source>Addon %1 failed: %2</source>
        <translation>Add-on %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Helm&apos;s message above says which step failed. Fix the addon&apos;s values (Edit → addons → %1) or turn the addon off; Flux retries on its interval.</source>
        <translation>Die Meldung von Helm oben sagt, welcher Schritt fehlschlug. Korrigieren Sie die Werte des Add-ons (Bearbeiten → addons → %1) oder schalten Sie es aus; Flux versucht es in seinem Intervall erneut.</translation>
    </message>
    <message>
        <source>Helm release %1 failed: %2</source>
        <translation>Helm-Release %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Helm&apos;s message says which step failed. Fix the cluster&apos;s values and save (Flux retries), or run: flux reconcile helmrelease %1 -n %2</source>
        <translation>Die Meldung von Helm sagt, welcher Schritt fehlschlug. Korrigieren Sie die Werte des Clusters und speichern Sie (Flux versucht es erneut), oder führen Sie aus: flux reconcile helmrelease %1 -n %2</translation>
    </message>
    <message>
        <source>%1 is %2: %3</source>
        <translation>%1 ist %2: %3</translation>
    </message>
    <message>
        <source>Cluster %1 is Ready</source>
        <translation>Cluster %1 ist bereit</translation>
    </message>
    <message>
        <source>Degraded: %1</source>
        <translation>Beeinträchtigt: %1</translation>
    </message>
    <message>
        <source>Deleting: %1</source>
        <translation>Wird gelöscht: %1</translation>
    </message>
    <message>
        <source>Not enough is visible to say why: %1</source>
        <translation>Zu wenig sichtbar, um es zu sagen: %1</translation>
    </message>
    <message>
        <source>waiting for %1 (%2)</source>
        <translation>wartet auf %1 (%2)</translation>
    </message>
    <message>
        <source>Provisioning for %1 (usually under %2), %3</source>
        <translation>Bereitstellung seit %1 (üblich unter %2), %3</translation>
    </message>
    <message>
        <source>Nothing has failed yet. Look at the events of the object it waits on; a management cluster short of capacity or a slow image import are the usual reasons.</source>
        <translation>Noch ist nichts fehlgeschlagen. Prüfen Sie die Ereignisse des Objekts, auf das gewartet wird; ein Management-Cluster mit zu wenig Kapazität oder ein langsamer Image-Import sind die üblichen Gründe.</translation>
    </message>
    <message>
        <source>Provisioning, %1</source>
        <translation>Bereitstellung, %1</translation>
    </message>
    <message>
        <source>Since:</source>
        <translation>Seit:</translation>
    </message>
    <message>
        <source>Next step:</source>
        <translation>Nächster Schritt:</translation>
    </message>
    <message>
        <source>Not visible:</source>
        <translation>Nicht sichtbar:</translation>
    </message>
    <message>
        <source>problem below</source>
        <translation>Problem darunter</translation>
    </message>
    <message>
        <source>nothing to write: the cluster&apos;s tree is empty</source>
        <translation>nichts zu schreiben: der Baum des Clusters ist leer</translation>
    </message>
    <message>
        <source>could not compress the bundle</source>
        <translation>das Paket konnte nicht komprimiert werden</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>line %1, column %2: control character U+%3 is not allowed in YAML (write it escaped in double quotes)</source>
        <translation>Zeile %1, Spalte %2: das Steuerzeichen U+%3 ist in YAML nicht erlaubt (in doppelten Anführungszeichen maskiert schreiben)</translation>
    </message>
    <message>
        <source>the finalizer %1 on %2 %3</source>
        <translation>der Finalizer %1 an %2 %3</translation>
    </message>
    <message>
        <source>waiting for %1</source>
        <translation>wartet auf %1</translation>
    </message>
    <message>
        <source>node pool %1: %2</source>
        <translation>Knotenpool %1: %2</translation>
    </message>
    <message>
        <source>Node pool failed</source>
        <translation>Knotenpool fehlgeschlagen</translation>
    </message>
    <message>
        <source>Node pool %1 failed: %2</source>
        <translation>Knotenpool %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>A pool&apos;s name and cluster cannot change: create the pool again named %1-&lt;pool&gt; (cluster page → Node groups → Add pool…), then delete %2.</source>
        <translation>Name und Cluster eines Pools lassen sich nicht ändern: legen Sie den Pool neu mit dem Namen %1-&lt;pool&gt; an (Cluster-Seite → Knotengruppen → Pool hinzufügen…) und löschen Sie dann %2.</translation>
    </message>
    <message>
        <source>Set the pool&apos;s version to the cluster&apos;s or an older one (cluster page → Node groups → the pool&apos;s Upgrade…), or upgrade the cluster first.</source>
        <translation>Setzen Sie die Version des Pools auf die des Clusters oder eine ältere (Cluster-Seite → Knotengruppen → Upgrade… des Pools), oder aktualisieren Sie zuerst den Cluster.</translation>
    </message>
    <message>
        <source>A node group of the cluster has the same name: delete %1 and create the pool under another name, or remove the node group.</source>
        <translation>Eine Knotengruppe des Clusters hat denselben Namen: löschen Sie %1 und legen Sie den Pool unter anderem Namen an, oder entfernen Sie die Knotengruppe.</translation>
    </message>
    <message>
        <source>Helm&apos;s message says which step failed. Fix the pool&apos;s values (cluster page → Node groups); Flux retries on its interval.</source>
        <translation>Die Meldung von Helm sagt, welcher Schritt fehlschlug. Korrigieren Sie die Werte des Pools (Cluster-Seite → Knotengruppen); Flux versucht es in seinem Intervall erneut.</translation>
    </message>
    <message>
        <source>ahead of its cluster&apos;s %1: a pool may lag its cluster, never lead it</source>
        <translation>vor der Version %1 seines Clusters: ein Pool darf seinem Cluster hinterherhinken, ihm nie vorauseilen</translation>
    </message>
    <message>
        <source>a pool names its cluster (spec.cluster)</source>
        <translation>ein Pool nennt seinen Cluster (spec.cluster)</translation>
    </message>
    <message>
        <source>a pool of cluster %1 must be named %1-&lt;pool&gt;</source>
        <translation>ein Pool des Clusters %1 muss %1-&lt;pool&gt; heißen</translation>
    </message>
    <message>
        <source>no Kubernetes cluster %1 in this namespace</source>
        <translation>kein Kubernetes-Cluster %1 in diesem Namespace</translation>
    </message>
    <message>
        <source>workers %1</source>
        <translation>Worker %1</translation>
    </message>
    <message>
        <source>Scaling</source>
        <translation>Skalierung</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message numerus="yes">
        <source>node groups at 0; %n machine(s) still going</source>
        <translation>
            <numerusform>Knotengruppen auf 0; %n Maschine wird noch entfernt</numerusform>
            <numerusform>Knotengruppen auf 0; %n Maschinen werden noch entfernt</numerusform>
        </translation>
    </message>
    <message>
        <source>every node group at 0; Start… gives back the recorded sizes</source>
        <translation>alle Knotengruppen auf 0; Starten… stellt die gespeicherten Größen wieder her</translation>
    </message>
    <message>
        <source>workers %1 → %2</source>
        <translation>Worker %1 → %2</translation>
    </message>
    <message numerus="yes">
        <source>%n machine(s) going</source>
        <translation>
            <numerusform>%n Maschine wird entfernt</numerusform>
            <numerusform>%n Maschinen werden entfernt</numerusform>
        </translation>
    </message>
    <message>
        <source>Scaling (%1/%2 nodes)</source>
        <translation>Skalierung (%1/%2 Knoten)</translation>
    </message>
    <message>
        <source>Upgrading (machines %1/%2)</source>
        <translation>Aktualisierung (Maschinen %1/%2)</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Angehalten: %1</translation>
    </message>
    <message>
        <source>Start… on the cluster page gives the node groups back the sizes Stop… recorded.</source>
        <translation>Starten… auf der Cluster-Seite gibt den Knotengruppen die Größen zurück, die Anhalten… gespeichert hat.</translation>
    </message>
    <message>
        <source>Not live: what is shown may be out of date, and a change would be judged against it. Changes wait until the connection is back.</source>
        <translation>Nicht live: Das Angezeigte kann veraltet sein, und eine Änderung würde daran gemessen. Änderungen warten, bis die Verbindung wieder steht.</translation>
    </message>
    <message>
        <source>The cluster is being deleted.</source>
        <translation>Der Cluster wird gelöscht.</translation>
    </message>
    <message>
        <source>nodes joining</source>
        <translation>Knoten treten bei</translation>
    </message>
    <message>
        <source>clusters</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>cpu</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>storage</source>
        <translation>Datenträger</translation>
    </message>
    <message>
        <source>Once you are sure no data on them is needed, delete them (Problems → this cluster → Remove them…, or kubectl delete datavolumes,pvc -n %1 -l %2=%3).</source>
        <translation>Sobald sicher ist, dass keine Daten darauf gebraucht werden, löschen Sie sie (Probleme → dieser Cluster → Entfernen…, oder kubectl delete datavolumes,pvc -n %1 -l %2=%3).</translation>
    </message>
    <message numerus="yes">
        <source>Cluster %1 is gone, but %n volume(s) with its label remain</source>
        <translation>
            <numerusform>Cluster %1 ist gelöscht, aber %n Volume mit seinem Label bleibt</numerusform>
            <numerusform>Cluster %1 ist gelöscht, aber %n Volumes mit seinem Label bleiben</numerusform>
        </translation>
    </message>
    <message>
        <source>Open it to see them; once you are sure no data on them is needed, remove them there.</source>
        <translation>Öffnen Sie ihn, um sie zu sehen; sobald sicher ist, dass keine Daten darauf gebraucht werden, entfernen Sie sie dort.</translation>
    </message>
    <message>
        <source>%1: minimum %2, maximum %3 nodes</source>
        <translation>%1: mindestens %2, höchstens %3 Knoten</translation>
    </message>
    <message>
        <source>the cluster&apos;s default</source>
        <translation>Standard des Clusters</translation>
    </message>
</context>
<context>
    <name>nestdeck::platform::AppWriter</name>
    <message>
        <source>Nothing was sent: fix the fields marked first.</source>
        <translation>Nichts wurde gesendet: bitte zuerst die markierten Felder korrigieren.</translation>
    </message>
    <message>
        <source>Someone else changed this object on the server after you started editing, and some of the fields you changed too. Nothing was written; your values are kept: review their change, then apply yours on top.</source>
        <translation>Jemand anderes hat dieses Objekt auf dem Server geändert, nachdem Sie mit der Bearbeitung begonnen haben, und dabei auch Felder, die Sie geändert haben. Nichts wurde geschrieben; Ihre Werte bleiben erhalten: prüfen Sie die fremde Änderung und wenden Sie dann Ihre darauf an.</translation>
    </message>
    <message>
        <source>Written; reading it back failed: %1</source>
        <translation>Geschrieben; das Zurücklesen schlug fehl: %1</translation>
    </message>
    <message>
        <source>this name is taken: an object of this kind with this name exists already</source>
        <translation>dieser Name ist vergeben: ein Objekt dieser Art mit diesem Namen gibt es schon</translation>
    </message>
    <message>
        <source>Someone else changed this object on the server after you started editing. Nothing was overwritten; your values are kept: review their change, then apply yours on top.</source>
        <translation>Jemand anderes hat dieses Objekt auf dem Server geändert, nachdem Sie mit der Bearbeitung begonnen haben. Nichts wurde überschrieben; Ihre Werte bleiben erhalten: prüfen Sie die fremde Änderung und wenden Sie dann Ihre darauf an.</translation>
    </message>
    <message>
        <source>You are not allowed to do this: %1</source>
        <translation>Dafür fehlt Ihnen die Berechtigung: %1</translation>
    </message>
    <message>
        <source>The server could not take the change (%1); nothing was lost, try again.</source>
        <translation>Der Server konnte die Änderung nicht annehmen (%1); nichts ist verloren, bitte erneut versuchen.</translation>
    </message>
</context>
<context>
    <name>nestdeck::platform::ClusterActions</name>
    <message>
        <source>you may not delete %1 in %2 (your role does not allow &quot;delete&quot;)</source>
        <translation>Sie dürfen %1 in %2 nicht löschen (Ihre Rolle erlaubt kein „delete“)</translation>
    </message>
    <message>
        <source>type the name (%1) to confirm</source>
        <translation>geben Sie zur Bestätigung den Namen (%1) ein</translation>
    </message>
</context>
<context>
    <name>nestdeck::platform::FormSession</name>
    <message numerus="yes">
        <source>one YAML value, please (this has %n documents)</source>
        <translation>
            <numerusform>bitte ein YAML-Wert (dies hat %n Dokument)</numerusform>
            <numerusform>bitte ein YAML-Wert (dies hat %n Dokumente)</numerusform>
        </translation>
    </message>
    <message>
        <source>Entries cannot be added here.</source>
        <translation>Hier können keine Einträge hinzugefügt werden.</translation>
    </message>
    <message>
        <source>Give the new entry a name.</source>
        <translation>Geben Sie dem neuen Eintrag einen Namen.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; exists already.</source>
        <translation>„%1“ gibt es schon.</translation>
    </message>
    <message>
        <source>At most %1 entries.</source>
        <translation>Höchstens %1 Einträge.</translation>
    </message>
    <message>
        <source>A name is needed.</source>
        <translation>Ein Name ist nötig.</translation>
    </message>
    <message>
        <source>the schema: types, bounds, patterns and required fields, with its defaults applied</source>
        <translation>das Schema: Typen, Grenzen, Muster und Pflichtfelder, mit seinen Standardwerten</translation>
    </message>
    <message>
        <source>fields that cannot change after creation</source>
        <translation>Felder, die sich nach dem Anlegen nicht ändern lassen</translation>
    </message>
    <message>
        <source>the name</source>
        <translation>den Namen</translation>
    </message>
    <message>
        <source>%1   (you changed this too)</source>
        <translation>%1   (das haben Sie auch geändert)</translation>
    </message>
    <message>
        <source>%1: you set %2, the server holds %3</source>
        <translation>%1: Sie setzten %2, der Server hat %3</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>name: %1</source>
        <translation>Name: %1</translation>
    </message>
    <message>
        <source>Not sent: fix these first.</source>
        <translation>Nicht gesendet: bitte zuerst beheben.</translation>
    </message>
    <message>
        <source>Looking for changes made meanwhile…</source>
        <translation>Suche nach inzwischen gemachten Änderungen…</translation>
    </message>
    <message>
        <source>Asking the server (dry run)…</source>
        <translation>Frage den Server (Probelauf)…</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>Wird angewendet…</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>Wird angelegt…</translation>
    </message>
    <message>
        <source>Nothing to change: the object already has these values.</source>
        <translation>Nichts zu ändern: das Objekt hat diese Werte schon.</translation>
    </message>
    <message>
        <source>Checked here; nothing was sent. The platform cannot check an edit without applying it (it ignores dry runs of updates): Apply writes these changes.</source>
        <translation>Hier geprüft; nichts wurde gesendet. Die Plattform kann eine Änderung nicht prüfen, ohne sie anzuwenden (sie ignoriert Probeläufe von Aktualisierungen): Anwenden schreibt diese Änderungen.</translation>
    </message>
    <message>
        <source>The server accepts these changes (dry run): nothing is stored until you apply.</source>
        <translation>Der Server nimmt diese Änderungen an (Probelauf): gespeichert wird erst, wenn Sie anwenden.</translation>
    </message>
    <message>
        <source>The server accepts this %1 (dry run): nothing is created until you confirm.</source>
        <translation>Der Server nimmt dieses %1 an (Probelauf): angelegt wird erst, wenn Sie bestätigen.</translation>
    </message>
    <message>
        <source>Applied.</source>
        <translation>Angewendet.</translation>
    </message>
    <message>
        <source>Created.</source>
        <translation>Angelegt.</translation>
    </message>
    <message>
        <source>Applied, but the server does not hold all of your values (someone wrote over them, or the platform changed them): see below.</source>
        <translation>Angewendet, aber der Server hält nicht alle Ihre Werte (jemand hat sie überschrieben, oder die Plattform hat sie geändert): siehe unten.</translation>
    </message>
    <message>
        <source>Applied. Changes someone else made meanwhile to other fields stand beside yours: see below.</source>
        <translation>Angewendet. Änderungen, die jemand anderes inzwischen an anderen Feldern gemacht hat, bleiben neben Ihren bestehen: siehe unten.</translation>
    </message>
    <message>
        <source>Applied, with a warning from the server: see below.</source>
        <translation>Angewendet, mit einer Warnung des Servers: siehe unten.</translation>
    </message>
    <message>
        <source>Created, with a warning from the server: see below.</source>
        <translation>Angelegt, mit einer Warnung des Servers: siehe unten.</translation>
    </message>
</context>
</TS>
