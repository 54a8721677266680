package e2e

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/tools/clientcmd"

	p "nestdeck/sandbox/internal/platform"
	"nestdeck/sandbox/internal/seed"
	"nestdeck/sandbox/internal/simulator"
)

var ctx = context.Background()

func TestServerIsRealKubernetes134(t *testing.T) {
	v, err := clients.Kube.Discovery().ServerVersion()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(v.GitVersion, "v1.34.") || v.Minor != "34" {
		t.Fatalf("server version %+v, want v1.34.x", v)
	}
	// The platform's groups are served with the documented plural names.
	for _, g := range []string{"apps.cozystack.io/v1alpha1", "cozystack.io/v1alpha1", "cluster.x-k8s.io/v1beta1", "kamaji.clastix.io/v1alpha1"} {
		if _, err := clients.Kube.Discovery().ServerResourcesForGroupVersion(g); err != nil {
			t.Errorf("group %s not served: %v", g, err)
		}
	}
}

func TestApplicationDefinitionCarriesSchema(t *testing.T) {
	ad := get(t, p.AppDefGVR, "", "kubernetes")
	if ad == nil {
		t.Fatal("ApplicationDefinition kubernetes missing")
	}
	var schema map[string]any
	if err := json.Unmarshal([]byte(str(ad, "spec", "application", "openAPISchema")), &schema); err != nil {
		t.Fatalf("openAPISchema is not a JSON string: %v", err)
	}
	props := schema["properties"].(map[string]any)
	sc := props["storageClass"].(map[string]any)
	if sc["default"] != "replicated" || sc["x-cozystack-options"] == nil || sc["x-kubernetes-validations"] == nil {
		t.Errorf("storageClass schema incomplete: %v", sc)
	}
	if got := str(ad, "spec", "release", "prefix"); got != "kubernetes-" {
		t.Errorf("release prefix %q", got)
	}
	if !strings.Contains(str(ad, "spec", "secrets", "include"), "kubernetes-{{ .name }}-admin-kubeconfig") {
		t.Errorf("secrets.include: %s", str(ad, "spec", "secrets", "include"))
	}
	types, err := clients.Dyn.Resource(p.InstancetypeGVR).List(ctx, metav1.ListOptions{})
	if err != nil || len(types.Items) < 30 {
		t.Fatalf("instance type catalog: %d items, %v", len(types.Items), err)
	}
}

func TestValidationMatchesPlatform(t *testing.T) {
	kube := clients.Dyn.Resource(p.KubernetesGVR).Namespace(p.RootNamespace)
	// What the platform checks: the name (53 minus the release prefix), on create.
	long := seed.Kubernetes(seed.ClusterSpec{Namespace: p.RootNamespace, Name: strings.Repeat("a", 43), Version: "v1.33"})
	if _, err := kube.Create(ctx, long, metav1.CreateOptions{}); !apierrors.IsInvalid(err) || !strings.Contains(err.Error(), "no more than 42") {
		t.Errorf("43-character name: want Invalid, got %v", err)
	}
	badTenant := p.New(p.KindOf(p.TenantGVR), p.RootNamespace, "bad-name")
	if _, err := clients.Dyn.Resource(p.TenantGVR).Namespace(p.RootNamespace).Create(ctx, badTenant, dryRun); !apierrors.IsInvalid(err) {
		t.Errorf("tenant name with a dash: want Invalid, got %v", err)
	}
	// What it does not: the schema. A version the schema does not offer is
	// stored; the chart would fail on it.
	bad := seed.Kubernetes(seed.ClusterSpec{Namespace: p.RootNamespace, Name: "badversion", Version: "v1.99"})
	if created, err := kube.Create(ctx, bad, dryRun); err != nil || str(created, "spec", "version") != "v1.99" {
		t.Errorf("version v1.99: the platform accepts what its schema refuses; got %v", err)
	}
	// Defaults from the schema are filled in on read (a dry-run create answers
	// with the object as it would be read).
	u := p.New(p.KindOf(p.KubernetesGVR), p.RootNamespace, uniqueName("defaults"))
	u.Object["spec"] = map[string]any{}
	created, err := kube.Create(ctx, u, dryRun)
	if err != nil {
		t.Fatal(err)
	}
	if str(created, "spec", "storageClass") != "replicated" || str(created, "spec", "version") != p.DefaultVersion ||
		str(created, "spec", "nodeGroups", "md0", "instanceType") != "u1.medium" || str(created, "spec", "controlPlane", "replicas") != "2" {
		t.Errorf("defaults not applied: %v", created.Object["spec"])
	}
}

// createCluster creates a Kubernetes app in tenant-root and returns its name.
func createCluster(t *testing.T, prefix string, annotations map[string]string, addons []string) string {
	t.Helper()
	name := uniqueName(prefix)
	u := seed.Kubernetes(seed.ClusterSpec{Namespace: p.RootNamespace, Name: name, Version: "v1.32", Annotations: annotations,
		Addons: addons, Groups: map[string]map[string]any{"md0": {"minReplicas": int64(1), "maxReplicas": int64(5), "instanceType": "u1.medium"}}})
	if _, err := clients.Dyn.Resource(p.KubernetesGVR).Namespace(p.RootNamespace).Create(ctx, u, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = clients.Dyn.Resource(p.KubernetesGVR).Namespace(p.RootNamespace).Delete(ctx, name, metav1.DeleteOptions{})
	})
	return name
}

func waitReady(t *testing.T, name string) {
	t.Helper()
	if err := seed.WaitReady(ctx, clients, p.RootNamespace, name, 60*time.Second); err != nil {
		app := get(t, p.KubernetesGVR, p.RootNamespace, name)
		t.Fatalf("%v; status: %v", err, app.Object["status"])
	}
}

func machines(t *testing.T, rel, group string) []unstructured.Unstructured {
	t.Helper()
	l, err := clients.Dyn.Resource(p.MachineGVR).Namespace(p.RootNamespace).List(ctx, metav1.ListOptions{
		LabelSelector: p.LabelDeployment + "=" + rel + "-" + group})
	if err != nil {
		t.Fatal(err)
	}
	return l.Items
}

func TestNewClusterProvisionsWholeTree(t *testing.T) {
	name := createCluster(t, "tree", nil, []string{"certManager"})
	rel := "kubernetes-" + name
	// Early on the release is in progress and nothing is Ready yet.
	eventually(t, 10*time.Second, "HelmRelease created", func() (bool, error) {
		return get(t, p.HelmReleaseGVR, p.RootNamespace, rel) != nil, nil
	})
	waitReady(t, name)

	ns := p.RootNamespace
	app := get(t, p.KubernetesGVR, ns, name)
	for _, c := range []string{"Ready", "Released", "WorkloadsReady"} {
		if s, _, _ := cond(app, c); s != "True" {
			t.Errorf("app condition %s = %q", c, s)
		}
	}
	// The app is its release, seen through cozystack-api.
	hr := get(t, p.HelmReleaseGVR, ns, rel)
	if hr.GetUID() != app.GetUID() || hr.GetResourceVersion() != app.GetResourceVersion() ||
		hr.GetLabels()[p.LabelAppKind] != "Kubernetes" || hr.GetLabels()[p.LabelAppName] != name {
		t.Errorf("release %v %v does not store the app %v", hr.GetUID(), hr.GetLabels(), app.GetUID())
	}
	if len(app.GetFinalizers()) != 0 || len(app.GetOwnerReferences()) != 0 || len(app.GetManagedFields()) != 0 || app.GetGeneration() != 0 {
		t.Errorf("an app has no finalizers, owners, managed fields or generation: %v", app.Object["metadata"])
	}
	cl := get(t, p.ClusterGVR, ns, rel)
	if str(cl, "status", "phase") != "Provisioned" || str(cl, "status", "controlPlaneReady") != "true" {
		t.Errorf("Cluster status %v", cl.Object["status"])
	}
	for k, v := range map[string]string{p.LabelClusterName: rel, p.LabelAppName: name, p.LabelAppKind: "Kubernetes"} {
		if cl.GetLabels()[k] != v {
			t.Errorf("Cluster label %s = %q, want %q", k, cl.GetLabels()[k], v)
		}
	}
	tcp := get(t, p.TenantCPGVR, ns, rel)
	if str(tcp, "status", "kubernetesResources", "version", "status") != "Ready" ||
		str(tcp, "status", "kubernetesResources", "version", "version") != p.PatchVersions["v1.32"] {
		t.Errorf("TenantControlPlane status %v", tcp.Object["status"])
	}
	md := get(t, p.MachineDeploymentGVR, ns, rel+"-md0")
	if str(md, "status", "phase") != "Running" || str(md, "status", "readyReplicas") != "1" ||
		md.GetAnnotations()[p.AnnMinSize] != "1" || md.GetAnnotations()[p.AnnMaxSize] != "5" {
		t.Errorf("MachineDeployment %v %v", md.GetAnnotations(), md.Object["status"])
	}
	ms := machines(t, rel, "md0")
	if len(ms) != 1 || str(&ms[0], "status", "phase") != "Running" || str(&ms[0], "status", "nodeRef", "name") != ms[0].GetName() {
		t.Fatalf("machines: %v", ms)
	}
	if get(t, p.VirtualMachineGVR, ns, ms[0].GetName()) == nil || get(t, p.DataVolumeGVR, ns, ms[0].GetName()+"-boot") == nil {
		t.Error("VirtualMachine or DataVolume of the machine missing")
	}
	for _, addon := range []string{"cilium", "coredns", "cert-manager"} {
		a := get(t, p.HelmReleaseGVR, ns, rel+"-"+addon)
		if s, _, _ := cond(a, "Ready"); s != "True" || a.GetLabels()[p.LabelTargetCluster] != rel {
			t.Errorf("addon %s: Ready=%q labels=%v", addon, s, a.GetLabels())
		}
	}
	if get(t, p.HelmReleaseGVR, ns, rel+"-velero") != nil {
		t.Error("disabled addon velero has a HelmRelease")
	}
	sec, err := clients.Kube.CoreV1().Secrets(ns).Get(ctx, rel+"-admin-kubeconfig", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"admin.conf", "admin.svc", "super-admin.conf", "super-admin.svc"} {
		if _, err := clientcmd.Load(sec.Data[k]); err != nil || len(sec.Data[k]) == 0 {
			t.Errorf("secret key %s: %v", k, err)
		}
	}
	evs, err := clients.Kube.CoreV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: "involvedObject.name=" + ms[0].GetName()})
	if err != nil || len(evs.Items) == 0 {
		t.Errorf("no events for the machine: %v", err)
	}
}

func patchApp(t *testing.T, name, patch string) {
	t.Helper()
	if _, err := clients.Dyn.Resource(p.KubernetesGVR).Namespace(p.RootNamespace).Patch(ctx, name, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestScaleUpgradeAndAddons(t *testing.T) {
	name := createCluster(t, "ops", nil, nil)
	rel := "kubernetes-" + name
	waitReady(t, name)

	patchApp(t, name, `{"spec":{"nodeGroups":{"md0":{"minReplicas":3}}}}`)
	eventually(t, 30*time.Second, "3 running machines", func() (bool, error) {
		ms := machines(t, rel, "md0")
		running := 0
		for i := range ms {
			if str(&ms[i], "status", "phase") == "Running" {
				running++
			}
		}
		return len(ms) == 3 && running == 3, nil
	})
	patchApp(t, name, `{"spec":{"nodeGroups":{"md0":{"minReplicas":1,"maxReplicas":2}}}}`)
	eventually(t, 30*time.Second, "scaled down to 2 (max)", func() (bool, error) {
		return len(machines(t, rel, "md0")) == 2, nil
	})

	patchApp(t, name, `{"spec":{"version":"v1.33"}}`)
	eventually(t, 10*time.Second, "control plane Upgrading", func() (bool, error) {
		return str(get(t, p.TenantCPGVR, p.RootNamespace, rel), "status", "kubernetesResources", "version", "status") == "Upgrading", nil
	})
	eventually(t, 30*time.Second, "upgraded to v1.33", func() (bool, error) {
		tcp := get(t, p.TenantCPGVR, p.RootNamespace, rel)
		return str(tcp, "status", "kubernetesResources", "version", "version") == p.PatchVersions["v1.33"] &&
			str(tcp, "status", "kubernetesResources", "version", "status") == "Ready", nil
	})

	patchApp(t, name, `{"spec":{"addons":{"velero":{"enabled":true}}}}`)
	eventually(t, 30*time.Second, "velero addon Ready", func() (bool, error) {
		s, _, _ := cond(get(t, p.HelmReleaseGVR, p.RootNamespace, rel+"-velero"), "Ready")
		return s == "True", nil
	})
	patchApp(t, name, `{"spec":{"addons":{"velero":{"enabled":false}}}}`)
	eventually(t, 30*time.Second, "velero addon removed", func() (bool, error) {
		return get(t, p.HelmReleaseGVR, p.RootNamespace, rel+"-velero") == nil, nil
	})
	waitReady(t, name)
}

func TestDeletionOrderLeavesLingeringDataVolumes(t *testing.T) {
	name := createCluster(t, "del", map[string]string{simulator.AnnLingerDV: "true"}, []string{"ouroboros"})
	rel := "kubernetes-" + name
	waitReady(t, name)
	ns := p.RootNamespace
	w, err := clients.Dyn.Resource(p.HelmReleaseGVR).Namespace(ns).Watch(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	tw, err := clients.Dyn.Resource(p.TenantCPGVR).Namespace(ns).Watch(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tw.Stop()
	if err := clients.Dyn.Resource(p.KubernetesGVR).Namespace(ns).Delete(ctx, name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 60*time.Second, "app gone", func() (bool, error) {
		return get(t, p.KubernetesGVR, ns, name) == nil, nil
	})
	// Order: every addon HelmRelease went before the control plane, which went
	// before the release. Two watches deliver independently, so order by the
	// revision of each delete: a sandbox-internal check on one etcd, where
	// resourceVersions are etcd revisions (a client must never do this).
	deletedAt := map[string]int64{}
	deadline := time.After(2 * time.Second)
collect:
	for {
		var ev watch.Event
		select {
		case ev = <-w.ResultChan():
		case ev = <-tw.ResultChan():
		case <-deadline:
			break collect
		}
		if u, ok := ev.Object.(*unstructured.Unstructured); ok && ev.Type == watch.Deleted && strings.HasPrefix(u.GetName(), rel) {
			rv, _ := strconv.ParseInt(u.GetResourceVersion(), 10, 64)
			deletedAt[u.GetKind()+"/"+u.GetName()] = rv
		}
	}
	tcpAt, mainAt := deletedAt["TenantControlPlane/"+rel], deletedAt["HelmRelease/"+rel]
	var lastAddon int64
	for k, rv := range deletedAt {
		if strings.HasPrefix(k, "HelmRelease/"+rel+"-") && rv > lastAddon {
			lastAddon = rv
		}
	}
	if tcpAt == 0 || mainAt == 0 || lastAddon == 0 || !(lastAddon < tcpAt && tcpAt < mainAt) {
		t.Errorf("deletions %v: want addons, then control plane, then the release", deletedAt)
	}
	if get(t, p.ClusterGVR, ns, rel) != nil {
		t.Error("Cluster survived the app")
	}
	dvs, err := clients.Dyn.Resource(p.DataVolumeGVR).Namespace(ns).List(ctx, metav1.ListOptions{LabelSelector: p.LabelClusterName + "=" + rel})
	if err != nil || len(dvs.Items) == 0 {
		t.Errorf("lingering DataVolumes expected, found %d (%v)", len(dvs.Items), err)
	}
}

func TestFailureInjection(t *testing.T) {
	name := createCluster(t, "fail", map[string]string{simulator.AnnFailMachines: "md0", simulator.AnnFailAddon: "cert-manager"}, []string{"certManager"})
	rel := "kubernetes-" + name
	eventually(t, 30*time.Second, "app Ready=False with a reason", func() (bool, error) {
		s, reason, msg := cond(get(t, p.KubernetesGVR, p.RootNamespace, name), "Ready")
		return s == "False" && reason == "InstallFailed" && contains(msg, "machines failed", "cert-manager"), nil
	})
	ms := machines(t, rel, "md0")
	if len(ms) == 0 || str(&ms[0], "status", "phase") != "Failed" || str(&ms[0], "status", "failureMessage") == "" {
		t.Fatalf("machine not Failed with a message: %v", ms)
	}
	if str(get(t, p.MachineDeploymentGVR, p.RootNamespace, rel+"-md0"), "status", "phase") != "Failed" {
		t.Error("MachineDeployment not Failed")
	}
	evs, err := clients.Kube.CoreV1().Events(p.RootNamespace).List(ctx, metav1.ListOptions{FieldSelector: "type=Warning,involvedObject.name=" + ms[0].GetName()})
	if err != nil || len(evs.Items) == 0 {
		t.Errorf("no Warning event on the failed machine (%v)", err)
	}
	s, reason, _ := cond(get(t, p.HelmReleaseGVR, p.RootNamespace, rel+"-cert-manager"), "Ready")
	if s != "False" || reason != "InstallFailed" {
		t.Errorf("failing addon: Ready=%s reason=%s", s, reason)
	}

	cp := createCluster(t, "cpfail", map[string]string{simulator.AnnFailCP: "true"}, nil)
	eventually(t, 30*time.Second, "control plane NotReady", func() (bool, error) {
		tcp := get(t, p.TenantCPGVR, p.RootNamespace, "kubernetes-"+cp)
		return str(tcp, "status", "kubernetesResources", "version", "status") == "NotReady", nil
	})
}

func TestTenantsAndRBAC(t *testing.T) {
	nsObj, err := clients.Kube.CoreV1().Namespaces().Get(ctx, "tenant-alpha-gamma", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"tenant-root", "tenant-alpha", "tenant-alpha-gamma"} {
		if _, ok := nsObj.Labels[p.LabelTenantPrefix+l]; !ok {
			t.Errorf("namespace labels %v lack %s", nsObj.Labels, l)
		}
	}
	if len(nsObj.OwnerReferences) != 1 || nsObj.OwnerReferences[0].Name != "tenant-alpha" {
		t.Errorf("owner of tenant-alpha-gamma: %v", nsObj.OwnerReferences)
	}
	if _, err := clients.Kube.CoreV1().ResourceQuotas("tenant-alpha").Get(ctx, "tenant-quota", metav1.GetOptions{}); err != nil {
		t.Error(err)
	}
	kc := func(user string, args ...string) (string, error) {
		return kubectl(t, filepath.Join(dir, "users", user+".kubeconfig"), args...)
	}
	if out, err := kc("alice", "get", "kuberneteses", "-n", "tenant-alpha"); err != nil || !strings.Contains(out, "prod") {
		t.Errorf("alice in her tenant: %v %s", err, out)
	}
	if out, err := kc("alice", "get", "kuberneteses", "-n", "tenant-alpha-gamma"); err != nil || !strings.Contains(out, "edge") {
		t.Errorf("alice in her child tenant: %v %s", err, out)
	}
	if out, err := kc("alice", "get", "kuberneteses", "-n", "tenant-beta"); err == nil || !strings.Contains(out, "Forbidden") {
		t.Errorf("alice outside her tenant: want 403, got %v %s", err, out)
	}
	if out, err := kc("alice", "auth", "can-i", "create", "kuberneteses", "-n", "tenant-alpha"); err != nil || !strings.Contains(out, "yes") {
		t.Errorf("alice (admin) cannot create clusters: %s", out)
	}
	if out, err := kc("alice", "auth", "can-i", "delete", "postgreses", "-n", "tenant-alpha"); err != nil || !strings.Contains(out, "yes") {
		t.Errorf("alice (admin) cannot manage databases: %s", out)
	}
	if out, err := kc("victor", "get", "postgreses", "-n", "tenant-beta"); err != nil || strings.Contains(out, "Forbidden") {
		t.Errorf("victor (view) cannot list databases: %v %s", err, out)
	}
	if out, err := kc("victor", "auth", "can-i", "create", "postgreses", "-n", "tenant-beta"); err == nil || !strings.Contains(out, "no") {
		t.Errorf("victor (view) may create databases: %s", out)
	}
	if out, err := kc("victor", "get", "kuberneteses", "-n", "tenant-beta"); err != nil || !strings.Contains(out, "broken") {
		t.Errorf("victor reads tenant-beta: %v %s", err, out)
	}
	if out, err := kc("victor", "delete", "kubernetes", "broken", "-n", "tenant-beta", "--dry-run=server"); err == nil || !strings.Contains(out, "Forbidden") {
		t.Errorf("victor (view) deletes: want 403, got %v %s", err, out)
	}
	if out, err := kc("victor", "get", "secret", "kubernetes-broken-admin-kubeconfig", "-n", "tenant-beta"); err == nil || !strings.Contains(out, "Forbidden") {
		t.Errorf("victor (view) reads secrets: want 403, got %v %s", err, out)
	}
	if out, err := kc("expired", "get", "kuberneteses", "-A"); err == nil || !strings.Contains(out, "Unauthorized") {
		t.Errorf("expired token: want 401, got %v %s", err, out)
	}
}

func TestRealTenantClusterKubeconfig(t *testing.T) {
	// The demo's prod cluster gets one of the real tenant API servers.
	if err := seed.WaitReady(ctx, clients, "tenant-alpha", "prod", time.Minute); err != nil {
		t.Fatal(err)
	}
	var sec *corev1.Secret
	eventually(t, 60*time.Second, "prod's kubeconfig points at 127.0.0.1", func() (bool, error) {
		s, err := clients.Kube.CoreV1().Secrets("tenant-alpha").Get(ctx, "kubernetes-prod-admin-kubeconfig", metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		sec = s
		return strings.Contains(string(s.Data["admin.conf"]), "https://127.0.0.1:"), nil
	})
	path := filepath.Join(t.TempDir(), "admin.conf")
	if err := writeFile(path, sec.Data["admin.conf"]); err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, "kubectl get nodes lists prod's 3 nodes", func() (bool, error) {
		out, err := kubectl(t, path, "get", "nodes", "--no-headers")
		return err == nil && strings.Count(strings.TrimSpace(out), "\n")+1 == 3 && strings.Count(out, " Ready ") == 3, err
	})
	// Beyond the real ones, the kubeconfig is valid but its endpoint does not resolve.
	s, err := clients.Kube.CoreV1().Secrets("tenant-beta").Get(ctx, "kubernetes-broken-admin-kubeconfig", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := clientcmd.Load(s.Data["admin.conf"])
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cfg.Clusters {
		if !strings.HasSuffix(strings.TrimSuffix(c.Server, ":443"), ".invalid") {
			t.Errorf("unreachable endpoint expected, got %s", c.Server)
		}
	}
}

func TestRestartAPIServerAndCompact(t *testing.T) {
	list, err := clients.Dyn.Resource(p.KubernetesGVR).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	old := list.GetResourceVersion()
	createCluster(t, "churn", nil, nil)
	if out, err := sandbox("compact"); err != nil || !strings.Contains(out, "compacted") {
		t.Fatalf("compact: %v %s", err, out)
	}
	// With the watch cache on (the default, as on real servers) the cache hides
	// the compaction until the API server restarts; `up --watch-cache=false`
	// makes every compaction visible at once.

	w, err := clients.Dyn.Resource(p.KubernetesGVR).Namespace("").Watch(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if out, err := sandbox("restart-apiserver"); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	// A real disconnect: the open watch ends.
	done := make(chan struct{})
	go func() {
		for range w.ResultChan() {
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("watch survived an API server restart")
	}
	if _, err := clients.Kube.Discovery().ServerVersion(); err != nil {
		t.Fatalf("server not back after restart: %v", err)
	}
	// After the restart the watch cache starts at the current revision: a
	// watch from before it is "too old" (410), the case a client must relist for.
	w2, err := clients.Dyn.Resource(p.KubernetesGVR).Watch(ctx, metav1.ListOptions{ResourceVersion: old})
	if err == nil {
		ev := <-w2.ResultChan()
		w2.Stop()
		st, ok := ev.Object.(*metav1.Status)
		if ev.Type != "ERROR" || !ok || st.Code != 410 {
			t.Fatalf("watch from a compacted revision after restart: %v %v", ev.Type, ev.Object)
		}
	} else if !apierrors.IsResourceExpired(err) && !apierrors.IsGone(err) {
		t.Fatalf("watch from a compacted revision after restart: %v", err)
	}
	// The simulator reconnects too: a cluster created now still becomes Ready.
	waitReady(t, createCluster(t, "afterrestart", nil, nil))

	// And at once, even after restarts in a row: left to client-go's reflector,
	// each one grows its retry backoff (up to 30 s, doubled by jitter), so a
	// test that follows restarts could find the simulator deaf for a minute.
	// restart-apiserver answers only once the simulator has relisted.
	// (Before it did, a cluster created after two restarts took 57 s to get
	// its HelmRelease; it takes well under a second.)
	for i := 0; i < 3; i++ {
		if out, err := sandbox("restart-apiserver"); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
	}
	name := createCluster(t, "afterrestarts", nil, nil)
	// Its release comes within a fraction of a second when the simulator hears of it.
	eventually(t, 5*time.Second, "HelmRelease after three restarts", func() (bool, error) {
		return get(t, p.HelmReleaseGVR, p.RootNamespace, "kubernetes-"+name) != nil, nil
	})
	eventually(t, 15*time.Second, "cluster Ready after three restarts", func() (bool, error) {
		app := get(t, p.KubernetesGVR, p.RootNamespace, name)
		if app == nil {
			return false, nil
		}
		s, _, _ := cond(app, "Ready")
		return s == "True", nil
	})
}

func TestBulkSeedReady(t *testing.T) {
	out, err := sandbox("seed", "--tenants", "2", "--clusters-per-tenant", "5", "--ready", "--wait", "--clone=false")
	if err != nil || !strings.Contains(out, "seeded 2 tenants, 10 clusters") || !strings.Contains(out, "all clusters Ready") {
		t.Fatalf("%v: %s", err, out)
	}
	if !strings.Contains(out, "2 of 2 tenants ready") || !strings.Contains(out, "10 of 10 clusters created") {
		t.Fatalf("no progress printed: %s", out)
	}
	// Resumable, and by cloning: a second run (say, after one was cut short)
	// finds what is there and copies the first tenant to the missing ones.
	out, err = sandbox("seed", "--tenants", "4", "--clusters-per-tenant", "5", "--ready", "--wait")
	if err != nil || !strings.Contains(out, "seeded 4 tenants, 20 clusters") || !strings.Contains(out, "all clusters Ready") {
		t.Fatalf("resumed seed: %v: %s", err, out)
	}
	if !strings.Contains(out, "tenants copied: 2") || !strings.Contains(out, "already there: 1") {
		t.Fatalf("clone progress: %s", out)
	}

	// The copies are whole, served by the API server like any object, with
	// their own UIDs and references that follow them.
	const copyNS, templateNS = "tenant-bulk0004", "tenant-bulk0001"
	apps, err := clients.Dyn.Resource(p.KubernetesGVR).Namespace(copyNS).List(ctx, metav1.ListOptions{})
	if err != nil || len(apps.Items) != 5 {
		t.Fatalf("apps in the copied tenant: %v %v", len(apps.Items), err)
	}
	for _, app := range apps.Items {
		if s, _, _ := cond(&app, "Ready"); s != "True" {
			t.Errorf("%s not Ready", app.GetName())
		}
		rel := "kubernetes-" + app.GetName()
		hr := get(t, p.HelmReleaseGVR, copyNS, rel)
		if hr == nil || hr.GetUID() != app.GetUID() {
			t.Fatalf("%s: release missing or not the app's", rel)
		}
		if tmpl := get(t, p.KubernetesGVR, templateNS, app.GetName()); tmpl == nil || tmpl.GetUID() == app.GetUID() {
			t.Fatalf("%s: shares its UID with the template", app.GetName())
		}
		sec, err := clients.Kube.CoreV1().Secrets(copyNS).Get(ctx, rel+"-admin-kubeconfig", metav1.GetOptions{})
		if err != nil || !strings.Contains(string(sec.Data["admin.svc"]), "."+copyNS+".svc") {
			t.Fatalf("%s: kubeconfig secret: %v", rel, err)
		}
	}
	machines, err := clients.Dyn.Resource(p.MachineGVR).Namespace(copyNS).List(ctx, metav1.ListOptions{})
	if err != nil || len(machines.Items) != 5 {
		t.Fatalf("machines in the copied tenant: %d (one per cluster), %v", len(machines.Items), err)
	}
	ns, err := clients.Kube.CoreV1().Namespaces().Get(ctx, copyNS, metav1.GetOptions{})
	if err != nil || ns.DeletionTimestamp != nil {
		t.Fatalf("copied namespace: %v", err)
	}
	// A copied cluster is deleted like any other: the simulator tears its
	// tree down and the garbage collector follows the copied owners.
	if err := clients.Dyn.Resource(p.KubernetesGVR).Namespace(copyNS).Delete(ctx, "c00005", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 90*time.Second, "copied cluster and its control plane gone", func() (bool, error) {
		return get(t, p.KubernetesGVR, copyNS, "c00005") == nil && get(t, p.TenantCPGVR, copyNS, "kubernetes-c00005") == nil, nil
	})
	if get(t, p.KubernetesGVR, copyNS, "c00004") == nil || get(t, p.KubernetesGVR, templateNS, "c00005") == nil {
		t.Fatal("deleting one copied cluster took others with it")
	}
}
