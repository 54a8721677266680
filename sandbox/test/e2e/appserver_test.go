package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"nestdeck/sandbox/internal/appserver"
	p "nestdeck/sandbox/internal/platform"
	"nestdeck/sandbox/internal/seed"
)

// Section 8 of the API doc, point by point, against the sandbox's
// cozystack-api as today's platform runs it (the main sandbox) and as a fixed
// or older release would (TestOtherReleases).

func patchOpts(dry bool) metav1.PatchOptions {
	if dry {
		return metav1.PatchOptions{DryRun: []string{"All"}}
	}
	return metav1.PatchOptions{}
}

func TestDryRunIsIgnoredOnUpdateAndHonouredOnCreateAndDelete(t *testing.T) {
	kube := clients.Dyn.Resource(p.KubernetesGVR).Namespace(p.RootNamespace)
	name := createCluster(t, "dry", nil, nil)
	rel := "kubernetes-" + name
	before := get(t, p.HelmReleaseGVR, p.RootNamespace, rel)
	// A dry-run PATCH is a real write on today's platform.
	got, err := kube.Patch(ctx, name, types.MergePatchType, []byte(`{"spec":{"host":"dry.example.org"}}`), patchOpts(true))
	if err != nil || str(got, "spec", "host") != "dry.example.org" {
		t.Fatalf("dry-run patch: %v", err)
	}
	after := get(t, p.HelmReleaseGVR, p.RootNamespace, rel)
	if str(after, "spec", "values", "host") != "dry.example.org" || after.GetGeneration() == before.GetGeneration() {
		t.Errorf("a dry-run PATCH must write on today's platform: release values %v, generation %d → %d",
			after.Object["spec"].(map[string]any)["values"], before.GetGeneration(), after.GetGeneration())
	}
	// A dry-run PUT too.
	cur := get(t, p.KubernetesGVR, p.RootNamespace, name)
	_ = unstructured.SetNestedField(cur.Object, "put.example.org", "spec", "host")
	if _, err := kube.Update(ctx, cur, metav1.UpdateOptions{DryRun: []string{"All"}}); err != nil {
		t.Fatal(err)
	}
	if h := str(get(t, p.HelmReleaseGVR, p.RootNamespace, rel), "spec", "values", "host"); h != "put.example.org" {
		t.Errorf("a dry-run PUT must write on today's platform: host %q", h)
	}
	// Create and delete honour it.
	ghost := uniqueName("ghost")
	u := seed.Kubernetes(seed.ClusterSpec{Namespace: p.RootNamespace, Name: ghost, Version: "v1.34"})
	if _, err := kube.Create(ctx, u, dryRun); err != nil {
		t.Fatal(err)
	}
	if get(t, p.HelmReleaseGVR, p.RootNamespace, "kubernetes-"+ghost) != nil {
		t.Error("a dry-run create made a release")
	}
	if err := kube.Delete(ctx, name, metav1.DeleteOptions{DryRun: []string{"All"}}); err != nil {
		t.Fatal(err)
	}
	if hr := get(t, p.HelmReleaseGVR, p.RootNamespace, rel); hr == nil || hr.GetDeletionTimestamp() != nil {
		t.Error("a dry-run delete deleted")
	}
}

func TestStaleResourceVersionNeverConflicts(t *testing.T) {
	kube := clients.Dyn.Resource(p.KubernetesGVR).Namespace(p.RootNamespace)
	name := createCluster(t, "stale", nil, nil)
	stale := get(t, p.KubernetesGVR, p.RootNamespace, name)
	// Someone else writes meanwhile.
	patchApp(t, name, `{"spec":{"host":"theirs.example.org"}}`)
	// A merge patch carrying the old resourceVersion: the last writer wins.
	patch := fmt.Sprintf(`{"metadata":{"resourceVersion":%q},"spec":{"controlPlane":{"replicas":3}}}`, stale.GetResourceVersion())
	got, err := kube.Patch(ctx, name, types.MergePatchType, []byte(patch), metav1.PatchOptions{})
	if err != nil {
		t.Fatalf("a stale resourceVersion must not conflict on the platform: %v", err)
	}
	if str(got, "spec", "host") != "theirs.example.org" || str(got, "spec", "controlPlane", "replicas") != "3" {
		t.Errorf("the patch applies to the live object: %v", got.Object["spec"])
	}
	// A PUT of the stale object overwrites their change.
	_ = unstructured.SetNestedField(stale.Object, "mine.example.org", "spec", "host")
	got, err = kube.Update(ctx, stale, metav1.UpdateOptions{})
	if err != nil || str(got, "spec", "host") != "mine.example.org" {
		t.Fatalf("a stale PUT must win: %v", err)
	}
	if str(got, "spec", "controlPlane", "replicas") != "2" {
		t.Errorf("a stale PUT writes the whole stale spec: replicas %s", str(got, "spec", "controlPlane", "replicas"))
	}
}

func TestDefaultsAreFilledOnRead(t *testing.T) {
	kube := clients.Dyn.Resource(p.KubernetesGVR).Namespace(p.RootNamespace)
	name := uniqueName("sparse")
	u := p.New(p.KindOf(p.KubernetesGVR), p.RootNamespace, name)
	u.Object["spec"] = map[string]any{"host": "sparse.example.org", "controlPlane": map[string]any{"replicas": int64(3)}}
	if _, err := kube.Create(ctx, u, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = kube.Delete(ctx, name, metav1.DeleteOptions{}) })
	// Stored as sent...
	values, _, _ := unstructured.NestedMap(get(t, p.HelmReleaseGVR, p.RootNamespace, "kubernetes-"+name).Object, "spec", "values")
	if len(values) != 2 {
		t.Errorf("release values: %v, want what was sent", values)
	}
	// ...read with the defaults, in get, list and watch.
	app := get(t, p.KubernetesGVR, p.RootNamespace, name)
	if str(app, "spec", "version") != p.DefaultVersion || str(app, "spec", "controlPlane", "apiServer", "resourcesPreset") != "c1.medium" {
		t.Errorf("get: defaults missing: %v", app.Object["spec"])
	}
	list, err := kube.List(ctx, metav1.ListOptions{FieldSelector: "metadata.name=" + name})
	if err != nil || len(list.Items) != 1 || str(&list.Items[0], "spec", "storageClass") != "replicated" {
		t.Errorf("list: %v", err)
	}
	// A key removed by a merge patch comes back holding its default.
	got, err := kube.Patch(ctx, name, types.MergePatchType, []byte(`{"spec":{"host":null,"controlPlane":{"replicas":null}}}`), metav1.PatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if str(got, "spec", "host") != "" || str(got, "spec", "controlPlane", "replicas") != "2" {
		t.Errorf("cleared fields read back %q and %s, want the defaults \"\" and 2", str(got, "spec", "host"), str(got, "spec", "controlPlane", "replicas"))
	}
	// Once updated, the release holds the whole defaulted spec (the update
	// wrote what the read returned).
	values, _, _ = unstructured.NestedMap(get(t, p.HelmReleaseGVR, p.RootNamespace, "kubernetes-"+name).Object, "spec", "values")
	if values["version"] != p.DefaultVersion {
		t.Errorf("after an update the release stores the defaults: %v", values["version"])
	}
}

func TestThePlatformChecksNamesReservedKeysAndTenantQuotas(t *testing.T) {
	kube := clients.Dyn.Resource(p.KubernetesGVR).Namespace(p.RootNamespace)
	for _, bad := range []string{"Upper", "1digit", "under_score"} {
		u := seed.Kubernetes(seed.ClusterSpec{Namespace: p.RootNamespace, Name: bad, Version: "v1.34"})
		if _, err := kube.Create(ctx, u, dryRun); !apierrors.IsInvalid(err) {
			t.Errorf("name %q: want 422, got %v", bad, err)
		}
	}
	u := seed.Kubernetes(seed.ClusterSpec{Namespace: p.RootNamespace, Name: uniqueName("reserved"), Version: "v1.34"})
	u.Object["spec"].(map[string]any)["addons"] = map[string]any{"velero": map[string]any{"valuesOverride": map[string]any{"_internal": true}}}
	if _, err := kube.Create(ctx, u, dryRun); !apierrors.IsBadRequest(err) || !strings.Contains(err.Error(), "_internal") {
		t.Errorf("a reserved key deep in the spec: want 400, got %v", err)
	}
	name := createCluster(t, "reserved", nil, nil)
	if _, err := kube.Patch(ctx, name, types.MergePatchType, []byte(`{"spec":{"_x":1}}`), metav1.PatchOptions{}); !apierrors.IsBadRequest(err) {
		t.Errorf("a reserved key on update: want 400, got %v", err)
	}

	// Tenants: a child's quota must fit what its parent declares, minus its siblings'.
	tenants := clients.Dyn.Resource(p.TenantGVR)
	parent := "q" + strconv.FormatInt(time.Now().UnixNano()%100000, 10)
	parentNS, err := seed.Tenant(ctx, clients, p.RootNamespace, parent, map[string]any{"resourceQuotas": map[string]any{"cpu": "4", "memory": "8Gi"}})
	if err != nil {
		t.Fatal(err)
	}
	tenant := func(name string, quotas map[string]any) *unstructured.Unstructured {
		u := p.New(p.KindOf(p.TenantGVR), parentNS, name)
		u.Object["spec"] = map[string]any{"resourceQuotas": quotas}
		return u
	}
	if _, err := tenants.Namespace(parentNS).Create(ctx, tenant("big", map[string]any{"cpu": "8"}), dryRun); !apierrors.IsInvalid(err) ||
		!strings.Contains(err.Error(), "resourceQuotas[cpu]") {
		t.Errorf("a child asking for more than its parent: want 422 on resourceQuotas[cpu], got %v", err)
	}
	if _, err := tenants.Namespace(parentNS).Create(ctx, tenant("first", map[string]any{"cpu": "3"}), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := tenants.Namespace(parentNS).Create(ctx, tenant("second", map[string]any{"cpu": "2"}), dryRun); !apierrors.IsInvalid(err) {
		t.Errorf("siblings together above the parent: want 422, got %v", err)
	}
	_, err = clients.Dyn.Resource(p.TenantGVR).Namespace(parentNS).Patch(ctx, "first", types.MergePatchType,
		[]byte(`{"spec":{"resourceQuotas":{"cpu":"5"}}}`), metav1.PatchOptions{})
	if !apierrors.IsInvalid(err) {
		t.Errorf("raising a child's quota above the parent's on update: want 422, got %v", err)
	}
	// Within the name cap (46), and still too long a namespace below "first".
	firstNS := p.ChildNamespace(parentNS, "first")
	long := p.New(p.KindOf(p.TenantGVR), firstNS, "t"+strings.Repeat("x", 63-len(firstNS)))
	if _, err := tenants.Namespace(firstNS).Create(ctx, long, dryRun); !apierrors.IsInvalid(err) || !strings.Contains(err.Error(), "namespace") {
		t.Errorf("a tenant whose namespace would be over 63 characters: want 422, got %v", err)
	}
}

// warningsOf runs fn with a client that records the server's warnings.
func warningsOf(t *testing.T, fn func(c *seed.Clients)) []string {
	t.Helper()
	var mu sync.Mutex
	var got []string
	c := rest.CopyConfig(cfg)
	c.WarningHandler = warningFunc(func(code int, agent, text string) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, text)
	})
	cl, err := seed.NewClients(c)
	if err != nil {
		t.Fatal(err)
	}
	fn(cl)
	mu.Lock()
	defer mu.Unlock()
	return got
}

type warningFunc func(code int, agent, text string)

func (f warningFunc) HandleWarningHeader(code int, agent, text string) { f(code, agent, text) }

func TestWarningsOnWrite(t *testing.T) {
	name := createCluster(t, "warn", nil, nil)
	w := warningsOf(t, func(c *seed.Clients) {
		_, err := c.Dyn.Resource(p.KubernetesGVR).Namespace(p.RootNamespace).Patch(ctx, name, types.MergePatchType,
			[]byte(`{"spec":{"controlPlane":{"apiServer":{"resourcesPreset":"large"}},"nodeGroupz":{}}}`), metav1.PatchOptions{})
		if err != nil {
			t.Fatal(err)
		}
	})
	joined := strings.Join(w, "\n")
	if !contains(joined, `"large" is a deprecated resource preset`, `"c1.medium"`, "spec.nodeGroupz is not a parameter of Kubernetes") {
		t.Errorf("warnings: %q", w)
	}
	if w := warningsOf(t, func(c *seed.Clients) {
		_, _ = c.Dyn.Resource(p.KubernetesGVR).Namespace(p.RootNamespace).Get(ctx, name, metav1.GetOptions{})
	}); len(w) != 0 {
		t.Errorf("a read warns: %q", w)
	}
}

func TestListsAreServedFromTheCache(t *testing.T) {
	kube := clients.Dyn.Resource(p.KubernetesGVR)
	all, err := kube.List(ctx, metav1.ListOptions{})
	if err != nil || len(all.Items) < 5 {
		t.Fatalf("list: %d, %v", len(all.Items), err)
	}
	// limit is ignored: one response holds every item.
	page, err := kube.List(ctx, metav1.ListOptions{Limit: 1})
	if err != nil || len(page.Items) < len(all.Items)-2 || page.GetContinue() != "" {
		t.Errorf("limit=1: %d items, continue %q, %v", len(page.Items), page.GetContinue(), err)
	}
	// The list's version is its newest item's.
	var newest int64
	for _, it := range page.Items {
		if rv, _ := strconv.ParseInt(it.GetResourceVersion(), 10, 64); rv > newest {
			newest = rv
		}
	}
	if page.GetResourceVersion() != strconv.FormatInt(newest, 10) {
		t.Errorf("list resourceVersion %s, newest item %d", page.GetResourceVersion(), newest)
	}
	byName, err := kube.Namespace("tenant-alpha").List(ctx, metav1.ListOptions{FieldSelector: "metadata.name=prod"})
	if err != nil || len(byName.Items) != 1 {
		t.Errorf("field selector on the name: %v %v", len(byName.Items), err)
	}
	if _, err := kube.List(ctx, metav1.ListOptions{FieldSelector: "spec.version=v1.34"}); !apierrors.IsBadRequest(err) {
		t.Errorf("field selector on the spec: want 400, got %v", err)
	}
	// Labels are the app's (stored on the release with a prefix).
	name := createCluster(t, "labelled", nil, nil)
	patchApp(t, name, `{"metadata":{"labels":{"team":"blue"}}}`)
	eventually(t, 10*time.Second, "label selector", func() (bool, error) {
		l, err := kube.List(ctx, metav1.ListOptions{LabelSelector: "team=blue"})
		return err == nil && len(l.Items) == 1 && l.Items[0].GetName() == name, err
	})
	if hr := get(t, p.HelmReleaseGVR, p.RootNamespace, "kubernetes-"+name); hr.GetLabels()["apps.cozystack.io-team"] != "blue" {
		t.Errorf("release labels: %v", hr.GetLabels())
	}
}

func TestWatchSendsInitialEventsAndWorkloadChanges(t *testing.T) {
	yes := true
	w, err := clients.Dyn.Resource(p.KubernetesGVR).Namespace("tenant-alpha").Watch(ctx, metav1.ListOptions{
		SendInitialEvents: &yes, ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan, AllowWatchBookmarks: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	added := map[string]bool{}
	timeout := time.After(20 * time.Second)
	for synced := false; !synced; {
		select {
		case ev := <-w.ResultChan():
			u, _ := ev.Object.(*unstructured.Unstructured)
			switch ev.Type {
			case watch.Added:
				added[u.GetName()] = true
				if u.GetKind() != "Kubernetes" || str(u, "spec", "storageClass") != "replicated" {
					t.Errorf("initial event: %s %v", u.GetKind(), u.Object["spec"])
				}
			case watch.Bookmark:
				synced = u.GetAnnotations()[metav1.InitialEventsAnnotationKey] == "true"
			}
		case <-timeout:
			t.Fatalf("no initial-events-end bookmark; added %v", added)
		}
	}
	if !added["prod"] || !added["pooled"] {
		t.Errorf("initial events: %v", added)
	}
	// A WorkloadMonitor's change is an application event (WorkloadsReady).
	wm := get(t, p.WorkloadMonitorGVR, "tenant-alpha", "kubernetes-prod")
	if wm == nil {
		t.Fatal("prod has no WorkloadMonitor")
	}
	_ = unstructured.SetNestedField(wm.Object, false, "status", "operational")
	if _, err := clients.Dyn.Resource(p.WorkloadMonitorGVR).Namespace("tenant-alpha").UpdateStatus(ctx, wm, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	timeout = time.After(20 * time.Second)
	for {
		select {
		case ev := <-w.ResultChan():
			u, _ := ev.Object.(*unstructured.Unstructured)
			if ev.Type == watch.Modified && u.GetName() == "prod" {
				if s, _, _ := cond(u, "WorkloadsReady"); s == "False" {
					return
				}
			}
		case <-timeout:
			t.Fatal("no event for the WorkloadMonitor's change")
		}
	}
}

func TestTablesOpenAPIAndTenantUsers(t *testing.T) {
	admin := filepath.Join(dir, "kubeconfig")
	out, err := kubectl(t, admin, "get", "kuberneteses", "-n", "tenant-alpha")
	if err != nil || !contains(out, "NAME", "READY", "AGE", "VERSION", "prod") {
		t.Errorf("kubectl get: %v\n%s", err, out)
	}
	out, err = kubectl(t, admin, "explain", "kuberneteses.spec.nodeGroups.instanceType")
	if err != nil || !contains(out, "KIND:       Kubernetes", "instance type") {
		t.Errorf("kubectl explain: %v\n%s", err, out)
	}
	user := func(name string) string { return filepath.Join(dir, "users", name+".kubeconfig") }
	if out, err := kubectl(t, user("victor"), "get", "kuberneteses,kubernetesnodeses", "-n", "tenant-beta"); err != nil || !contains(out, "broken", "mixed-batch") {
		t.Errorf("victor lists apps: %v\n%s", err, out)
	}
	if out, err := kubectl(t, user("victor"), "patch", "kubernetes", "mixed", "-n", "tenant-beta", "--type=merge", "-p", `{"spec":{"host":"x"}}`); err == nil || !strings.Contains(out, "Forbidden") {
		t.Errorf("victor writes: want 403, got %v\n%s", err, out)
	}
	for _, u := range []string{"victor", "alice"} {
		ns := map[string]string{"victor": "tenant-beta", "alice": "tenant-alpha"}[u]
		out, err := kubectl(t, user(u), "get", "options", "instancetype", "-n", ns, "-o", "jsonpath={.spec.items[*].value}")
		if err != nil || !contains(out, "u1.medium", "gn1.xlarge") {
			t.Errorf("%s reads the instance type options: %v\n%s", u, err, out)
		}
		// ...though not the objects behind them.
		if out, err := kubectl(t, user(u), "get", "storageclasses"); err == nil {
			t.Errorf("%s lists storage classes: %s", u, out)
		}
	}
	out, err = kubectl(t, user("alice"), "get", "options", "storageclass", "-n", "tenant-alpha", "-o", "jsonpath={.spec.items[?(@.default==true)].value}")
	if err != nil || strings.TrimSpace(out) != "replicated" {
		t.Errorf("the default storage class is marked: %v %q", err, out)
	}
}

func TestDefinitionsAppliedAtRunTimeAreServed(t *testing.T) {
	def := p.New(p.KindOf(p.AppDefGVR), "", "redis")
	def.Object["spec"] = map[string]any{
		"application": map[string]any{"kind": "Redis", "plural": "redises", "singular": "redis",
			"openAPISchema": `{"type":"object","properties":{"replicas":{"type":"integer","default":2},"size":{"type":"string","default":"1Gi"}}}`},
		"release": map[string]any{"prefix": "redis-", "chart": map[string]any{"name": "redis"}},
	}
	if _, err := clients.Dyn.Resource(p.AppDefGVR).Create(ctx, def, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	deleted := false
	t.Cleanup(func() {
		if !deleted {
			_ = clients.Dyn.Resource(p.AppDefGVR).Delete(ctx, "redis", metav1.DeleteOptions{})
		}
	})
	start := time.Now()
	redis := schema.GroupVersionResource{Group: appserver.AppsGroup, Version: appserver.Version, Resource: "redises"}
	r := p.New(p.KindOf(p.KubernetesGVR), p.RootNamespace, "cache")
	r.SetKind("Redis")
	r.Object["spec"] = map[string]any{}
	eventually(t, 10*time.Second, "a Redis served", func() (bool, error) {
		created, err := clients.Dyn.Resource(redis).Namespace(p.RootNamespace).Create(ctx, r, dryRun)
		return err == nil && str(created, "spec", "replicas") == "2", err
	})
	t.Logf("served after %v", time.Since(start).Round(time.Millisecond))
	// Discovery follows (the aggregator reads ours again when the APIService changes).
	eventually(t, 20*time.Second, "redises in discovery", func() (bool, error) {
		out, err := kubectl(t, filepath.Join(dir, "kubeconfig"), "api-resources", "--api-group=apps.cozystack.io", "--cached=false")
		return err == nil && strings.Contains(out, "redises"), err
	})
	if err := clients.Dyn.Resource(p.AppDefGVR).Delete(ctx, "redis", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	deleted = true
	eventually(t, 10*time.Second, "Redis gone", func() (bool, error) {
		_, err := clients.Dyn.Resource(redis).Namespace(p.RootNamespace).List(ctx, metav1.ListOptions{})
		return apierrors.IsNotFound(err), nil
	})
	eventually(t, 20*time.Second, "redises gone from discovery", func() (bool, error) {
		out, err := kubectl(t, filepath.Join(dir, "kubeconfig"), "api-resources", "--api-group=apps.cozystack.io", "--cached=false")
		return err == nil && !strings.Contains(out, "redises") && strings.Contains(out, "kuberneteses"), err
	})
}

func TestNodePools(t *testing.T) {
	// The demo's pool named without its cluster: accepted, then its chart fails.
	s, reason, msg := cond(get(t, p.KubernetesNodesGVR, "tenant-beta", "batch"), "Ready")
	if s != "False" || reason != "InstallFailed" || !contains(msg, `must be named mixed-<pool>`, `"batch"`) {
		t.Errorf("mis-named pool: %s %s %q", s, reason, msg)
	}
	// A pool of a cluster, created and scaled like a node group.
	cluster := createCluster(t, "pools", map[string]string{"sandbox.nestdeck.io/provisioned": "true"}, nil)
	waitReady(t, cluster)
	pools := clients.Dyn.Resource(p.KubernetesNodesGVR).Namespace(p.RootNamespace)
	name := cluster + "-extra"
	if err := seed.NodePool(ctx, clients, p.RootNamespace, name, map[string]any{"cluster": cluster, "version": "v1.32",
		"minReplicas": int64(2), "maxReplicas": int64(3), "instanceType": "u1.small"}, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pools.Delete(ctx, name, metav1.DeleteOptions{}) })
	rel := "kubernetes-" + cluster
	eventually(t, 60*time.Second, "pool Ready with 2 machines", func() (bool, error) {
		s, _, _ := cond(get(t, p.KubernetesNodesGVR, p.RootNamespace, name), "Ready")
		return s == "True" && len(machines(t, rel, "extra")) == 2, nil
	})
	md := get(t, p.MachineDeploymentGVR, p.RootNamespace, rel+"-extra")
	if md.GetLabels()[p.LabelClusterName] != rel || md.GetLabels()[p.LabelAppKind] != "KubernetesNodes" {
		t.Errorf("pool MachineDeployment labels: %v", md.GetLabels())
	}
	// A pool may lag its cluster's version, never lead it.
	if _, err := pools.Patch(ctx, name, types.MergePatchType, []byte(`{"spec":{"version":"v1.35"}}`), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, "a pool leading its cluster fails", func() (bool, error) {
		s, _, msg := cond(get(t, p.KubernetesNodesGVR, p.RootNamespace, name), "Ready")
		return s == "False" && strings.Contains(msg, "never lead"), nil
	})
	if err := pools.Delete(ctx, name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 60*time.Second, "pool and its machines gone", func() (bool, error) {
		return get(t, p.KubernetesNodesGVR, p.RootNamespace, name) == nil && len(machines(t, rel, "extra")) == 0, nil
	})
}

// TestOtherReleases runs a second sandbox as a fixed release (dryRun honoured
// on updates), an older one (sendInitialEvents ignored) and the next
// release's Kubernetes shape (node pools only).
func TestOtherReleases(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a second sandbox")
	}
	other := t.TempDir()
	up := exec.Command(filepath.Join(binDir, "nestdeck-sandbox"), "up", "--dir", other, "--seed", "none", "--speed", speed,
		"--tenant-apiservers", "0", "--dry-run-updates", "--initial-events=false", "--release", "next")
	if out, err := up.CombinedOutput(); err != nil {
		logs, _ := os.ReadFile(filepath.Join(other, "logs", "sandbox.log"))
		t.Fatalf("second sandbox: %v\n%s\n%s", err, out, logs)
	}
	t.Cleanup(func() { _ = exec.Command(filepath.Join(binDir, "nestdeck-sandbox"), "down", "--dir", other).Run() })
	c2cfg, err := clientcmd.BuildConfigFromFlags("", filepath.Join(other, "kubeconfig"))
	if err != nil {
		t.Fatal(err)
	}
	var warnings []string
	var wmu sync.Mutex
	c2cfg.WarningHandler = warningFunc(func(_ int, _, text string) { wmu.Lock(); warnings = append(warnings, text); wmu.Unlock() })
	c2, err := seed.NewClients(c2cfg)
	if err != nil {
		t.Fatal(err)
	}
	kube := c2.Dyn.Resource(p.KubernetesGVR).Namespace(p.RootNamespace)
	getHR := func(name string) *unstructured.Unstructured {
		u, _ := c2.Dyn.Resource(p.HelmReleaseGVR).Namespace(p.RootNamespace).Get(ctx, name, metav1.GetOptions{})
		return u
	}

	// The next shape: no node groups in the schema, a 32-character cap, and an
	// app that still has node groups gets them as pools.
	long := seed.Kubernetes(seed.ClusterSpec{Namespace: p.RootNamespace, Name: strings.Repeat("a", 33), Version: "v1.34"})
	if _, err := kube.Create(ctx, long, dryRun); !apierrors.IsInvalid(err) || !strings.Contains(err.Error(), "no more than 32") {
		t.Errorf("33 characters on the next release: want 422, got %v", err)
	}
	u := seed.Kubernetes(seed.ClusterSpec{Namespace: p.RootNamespace, Name: "old", Version: "v1.34",
		Groups: map[string]map[string]any{"md0": {"minReplicas": int64(1), "maxReplicas": int64(2), "instanceType": "u1.medium"}}})
	if _, err := kube.Create(ctx, u, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	wmu.Lock()
	if !strings.Contains(strings.Join(warnings, "\n"), "spec.nodeGroups is not a parameter of Kubernetes") {
		t.Errorf("node groups on the next release: warnings %q", warnings)
	}
	wmu.Unlock()
	eventually(t, 60*time.Second, "node group md0 served as the pool old-md0, Ready", func() (bool, error) {
		pool, err := c2.Dyn.Resource(p.KubernetesNodesGVR).Namespace(p.RootNamespace).Get(ctx, "old-md0", metav1.GetOptions{})
		s, _, _ := cond(pool, "Ready")
		return err == nil && s == "True" && str(pool, "spec", "cluster") == "old", nil
	})

	// The fixed release: a dry-run PATCH writes nothing.
	before := getHR("kubernetes-old")
	got, err := kube.Patch(ctx, "old", types.MergePatchType, []byte(`{"spec":{"host":"dry.example.org"}}`), patchOpts(true))
	if err != nil || str(got, "spec", "host") != "dry.example.org" {
		t.Fatalf("dry-run patch: %v", err)
	}
	if after := getHR("kubernetes-old"); str(after, "spec", "values", "host") == "dry.example.org" || after.GetGeneration() != before.GetGeneration() {
		t.Error("a fixed release wrote a dry-run PATCH")
	}

	// The older release: a watch list gets its objects, never the bookmark
	// that ends them; a client must fall back to list-then-watch.
	yes := true
	w, err := kube.Watch(ctx, metav1.ListOptions{SendInitialEvents: &yes, ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan, AllowWatchBookmarks: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	sawOld := false
	quiet := time.After(3 * time.Second)
	for done := false; !done; {
		select {
		case ev := <-w.ResultChan():
			u, _ := ev.Object.(*unstructured.Unstructured)
			if ev.Type == watch.Added && u.GetName() == "old" {
				sawOld = true
			}
			if ev.Type == watch.Bookmark && u.GetAnnotations()[metav1.InitialEventsAnnotationKey] == "true" {
				t.Fatal("an older release sent the initial-events-end bookmark")
			}
		case <-quiet:
			done = true
		}
	}
	if !sawOld {
		t.Error("the older release's watch sent no ADDED event for the existing app")
	}
}
