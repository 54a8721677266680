package seed

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/tools/cache"

	clientv3 "go.etcd.io/etcd/client/v3"

	p "nestdeck/sandbox/internal/platform"
	"nestdeck/sandbox/internal/simulator"
)

type obj = map[string]any

// User is a token user of the sandbox.
type User struct {
	Name      string
	Groups    []string
	About     string
	Namespace string // the tenant namespace their kubeconfig opens in
}

// DemoUsers: a tenant admin of tenant-alpha and a viewer of tenant-beta.
// The admin user authenticates with a client certificate (system:masters).
var DemoUsers = []User{
	{"alice", []string{"tenant-alpha-admin"}, "admin of tenant alpha (and its child gamma)", "tenant-alpha"},
	{"victor", []string{"tenant-beta-view"}, "read-only user of tenant beta", "tenant-beta"},
}

// Tenant creates a Tenant app and waits until its namespace exists.
func Tenant(ctx context.Context, c *Clients, parentNS, name string, spec obj) (string, error) {
	t := p.New(p.KindOf(p.TenantGVR), parentNS, name)
	if spec == nil {
		spec = obj{"isolated": true}
	}
	t.Object["spec"] = spec
	if _, err := c.Dyn.Resource(p.TenantGVR).Namespace(parentNS).Create(ctx, t, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return "", fmt.Errorf("tenant %s/%s: %w", parentNS, name, err)
	}
	ns := p.ChildNamespace(parentNS, name)
	// Ready means: RBAC in place, and the quota counted by the quota controller.
	// Until the quota has a status the server refuses every create in the
	// namespace ("status unknown for quota").
	err := wait.PollUntilContextTimeout(ctx, 50*time.Millisecond, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
		if _, err := c.Kube.RbacV1().RoleBindings(ns).Get(ctx, "cozy:tenant:super-admin", metav1.GetOptions{}); err != nil {
			return false, nil
		}
		q, err := c.Kube.CoreV1().ResourceQuotas(ns).Get(ctx, "tenant-quota", metav1.GetOptions{})
		return err == nil && quotaCounted(q), nil
	})
	if err != nil {
		return "", fmt.Errorf("namespace %s of tenant %s did not appear: %w", ns, name, err)
	}
	return ns, nil
}

// quotaCounted is the quota admission's own test: every resource the status
// limits also has a usage. A status with hard limits alone is not enough: the
// quota controller fills in the usage of count/<CRD> only after its discovery
// has found the CRD, and until then the server refuses every Kubernetes app
// in the namespace ("status unknown for quota"); a CI run waited out the 30 s
// that createCluster allowed for that.
func quotaCounted(q *corev1.ResourceQuota) bool {
	if len(q.Status.Hard) == 0 {
		return false
	}
	for name := range q.Status.Hard {
		if _, ok := q.Status.Used[name]; !ok {
			return false
		}
	}
	return true
}

// createCluster creates a Kubernetes app, waiting out the quota admission's
// "status unknown for quota": the quota controller has counted the tenant's
// namespace, but the API server's own quota cache has not seen that status
// yet (seen under load in make test).
func createCluster(ctx context.Context, c *Clients, u *unstructured.Unstructured) error {
	var last error
	err := wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
		_, err := c.Dyn.Resource(p.KubernetesGVR).Namespace(u.GetNamespace()).Create(ctx, u, metav1.CreateOptions{})
		switch {
		case err == nil || apierrors.IsAlreadyExists(err):
			return true, nil
		case apierrors.IsForbidden(err) && strings.Contains(err.Error(), "status unknown for quota"):
			last = err
			return false, nil
		case ctx.Err() != nil:
			// The poll's deadline cut this request short: report the
			// server's last refusal, not the rate limiter's timeout.
			return false, nil
		default:
			return false, err
		}
	})
	if err != nil && last != nil {
		return last
	}
	return err
}

// ClusterSpec is a compact description of a demo cluster.
type ClusterSpec struct {
	Namespace, Name, Version string
	Groups                   map[string]obj
	Addons                   []string
	Annotations              map[string]string
	ControlPlaneReplicas     int64
	APIServerPreset          string
}

// Kubernetes builds a Kubernetes app object.
func Kubernetes(cs ClusterSpec) *unstructured.Unstructured {
	u := p.New(p.KindOf(p.KubernetesGVR), cs.Namespace, cs.Name)
	u.SetAnnotations(cs.Annotations)
	addons := obj{}
	for _, a := range cs.Addons {
		addons[a] = obj{"enabled": true}
	}
	groups := obj{}
	for g, v := range cs.Groups {
		groups[g] = v
	}
	spec := obj{"version": cs.Version, "storageClass": "replicated", "nodeGroups": groups, "addons": addons}
	cp := obj{}
	if cs.ControlPlaneReplicas > 0 {
		cp["replicas"] = cs.ControlPlaneReplicas
	}
	if cs.APIServerPreset != "" {
		cp["apiServer"] = obj{"resourcesPreset": cs.APIServerPreset}
	}
	spec["controlPlane"] = cp
	u.Object["spec"] = spec
	return u
}

func group(itype string, min, max int64, roles ...string) obj {
	r := []any{}
	for _, x := range roles {
		r = append(r, x)
	}
	return obj{"minReplicas": min, "maxReplicas": max, "instanceType": itype, "roles": r}
}

// Demo seeds tenants and clusters in every state.
func Demo(ctx context.Context, c *Clients) error {
	alpha, err := Tenant(ctx, c, p.RootNamespace, "alpha", nil)
	if err != nil {
		return err
	}
	beta, err := Tenant(ctx, c, p.RootNamespace, "beta", nil)
	if err != nil {
		return err
	}
	gamma, err := Tenant(ctx, c, alpha, "gamma", nil)
	if err != nil {
		return err
	}
	ready := map[string]string{simulator.AnnProvisioned: "true"}
	gpu := group("gn1.xlarge", 1, 2)
	gpu["gpus"] = []any{obj{"name": "nvidia.com/AD102GL_L40S"}}
	clusters := []ClusterSpec{
		{Namespace: alpha, Name: "prod", Version: "v1.34", ControlPlaneReplicas: 3, APIServerPreset: "c1.large",
			Groups: map[string]obj{"md0": group("u1.large", 2, 5, "ingress-nginx"), "gpu": gpu},
			Addons: []string{"certManager", "ingressNginx", "monitoringAgents"}, Annotations: ready},
		{Namespace: gamma, Name: "edge", Version: "v1.35", Groups: map[string]obj{"md0": group("u1.small", 1, 3)}, Annotations: ready},
		{Namespace: p.RootNamespace, Name: "ops", Version: "v1.35", Groups: map[string]obj{"md0": group("u1.medium", 1, 3)},
			Addons: []string{"ouroboros", "velero"}, Annotations: map[string]string{simulator.AnnProvisioned: "true", simulator.AnnFailAddon: "velero"}},
		// Provisions for real, so its machines fail with Warning events to show.
		{Namespace: beta, Name: "broken", Version: "v1.33", Groups: map[string]obj{"md0": group("m1.xlarge", 2, 4)},
			Annotations: map[string]string{simulator.AnnFailMachines: "md0"}},
		{Namespace: beta, Name: "cp-down", Version: "v1.35", Groups: map[string]obj{"md0": group("u1.medium", 1, 2)},
			Annotations: map[string]string{simulator.AnnFailCP: "true"}},
		{Namespace: beta, Name: "legacy", Version: "v1.32", Groups: map[string]obj{"md0": group("u1.medium", 1, 2)},
			Annotations: map[string]string{simulator.AnnProvisioned: "true", simulator.AnnLingerDV: "true", simulator.AnnSlowdown: "60"}},
		// Workers as node pools only (the next release's shape), and both shapes at once.
		{Namespace: alpha, Name: "pooled", Version: "v1.35", Groups: map[string]obj{}, Annotations: ready},
		{Namespace: beta, Name: "mixed", Version: "v1.34", Groups: map[string]obj{"md0": group("u1.medium", 1, 2)}, Annotations: ready},
		// Created last and slowed down: still provisioning when the operator looks.
		{Namespace: alpha, Name: "staging", Version: "v1.35", Groups: map[string]obj{"md0": group("u1.medium", 3, 6)},
			Addons: []string{"certManager"}, Annotations: map[string]string{simulator.AnnSlowdown: "20"}},
	}
	for i, cs := range clusters {
		// The first two become Ready first, so they get the real tenant API servers.
		if i == 2 {
			for _, c0 := range clusters[:2] {
				if err := WaitReady(ctx, c, c0.Namespace, c0.Name, 2*time.Minute); err != nil {
					return err
				}
			}
		}
		if err := createCluster(ctx, c, Kubernetes(cs)); err != nil {
			return fmt.Errorf("cluster %s/%s: %w", cs.Namespace, cs.Name, err)
		}
	}
	pools := []struct {
		ns, name, cluster string
		spec              obj
	}{
		{alpha, "pooled-workers", "pooled", group("u1.medium", 2, 4, "ingress-nginx")},
		{alpha, "pooled-gpu", "pooled", gpu},
		{beta, "mixed-batch", "mixed", withVersion(group("cx1.large", 1, 3), "v1.34")},
		// Named without its cluster's prefix: the chart refuses to render it,
		// and the platform only says so in the pool's release.
		{beta, "batch", "mixed", group("u1.small", 1, 1)},
	}
	for _, pl := range pools {
		spec := obj{"cluster": pl.cluster}
		for k, v := range pl.spec {
			spec[k] = v
		}
		if err := NodePool(ctx, c, pl.ns, pl.name, spec, ready); err != nil {
			return err
		}
	}
	// "legacy" is being deleted: wait for its tree, then delete it; with its
	// slowdown the cleanup takes minutes and leaves its DataVolumes behind.
	if err := WaitReady(ctx, c, beta, "legacy", 2*time.Minute); err != nil {
		return err
	}
	return c.Dyn.Resource(p.KubernetesGVR).Namespace(beta).Delete(ctx, "legacy", metav1.DeleteOptions{})
}

// NodePool creates a KubernetesNodes app.
func NodePool(ctx context.Context, c *Clients, ns, name string, spec obj, annotations map[string]string) error {
	u := p.New(p.KindOf(p.KubernetesNodesGVR), ns, name)
	u.SetAnnotations(annotations)
	u.Object["spec"] = spec
	if _, err := c.Dyn.Resource(p.KubernetesNodesGVR).Namespace(ns).Create(ctx, u, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("node pool %s/%s: %w", ns, name, err)
	}
	return nil
}

// WaitReady waits until the app's Ready condition is True.
func WaitReady(ctx context.Context, c *Clients, ns, name string, timeout time.Duration) error {
	err := wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, timeout, true, func(ctx context.Context) (bool, error) {
		u, err := c.Dyn.Resource(p.KubernetesGVR).Namespace(ns).Get(ctx, name, metav1.GetOptions{})
		return err == nil && isReady(u), nil
	})
	if err != nil {
		return fmt.Errorf("cluster %s/%s did not become Ready: %w", ns, name, err)
	}
	return nil
}

// BulkResult reports a bulk seed.
type BulkResult struct {
	Tenants, Clusters int
	Elapsed           time.Duration
}

// Bulk creates tenants bulk0001.. with clustersPerTenant clusters each; with
// ready they are created already provisioned. It is resumable: what exists
// already is left as it is, so a seed cut short is finished by running it
// again.
//
// With etcd given (and ready), only the first tenant and its clusters are
// made through the API server; once they are Ready, the other tenants are
// copies of it written straight into etcd (see clone.go).
func Bulk(ctx context.Context, c *Clients, tenants, clustersPerTenant int, ready bool, etcd *clientv3.Client, progress func(string)) (BulkResult, error) {
	start := time.Now()
	say := func(format string, args ...any) {
		if progress != nil {
			progress(fmt.Sprintf(format, args...) + fmt.Sprintf(" (%s)", time.Since(start).Round(time.Second)))
		}
	}
	if ready && etcd != nil && tenants > 1 {
		return bulkByCloning(ctx, c, tenants, clustersPerTenant, etcd, start, say)
	}
	// Tenants in parallel: each waits for its namespace's RBAC and quota,
	// which the simulator and the quota controller make, so one at a time
	// is mostly waiting (2,000 tenants took minutes).
	namespaces := make([]string, tenants)
	var tenantsDone atomic.Int64
	err := parallel(ctx, 16, tenants, func(i int) error {
		ns, err := Tenant(ctx, c, p.RootNamespace, BulkTenant(i), obj{"isolated": true})
		if err != nil {
			return err
		}
		namespaces[i] = ns
		if n := tenantsDone.Add(1); n%200 == 0 || int(n) == tenants {
			say("%d of %d tenants ready", n, tenants)
		}
		return nil
	})
	if err != nil {
		return BulkResult{}, err
	}
	ann := map[string]string{}
	if ready {
		ann[simulator.AnnProvisioned] = "true"
	}
	total := tenants * clustersPerTenant
	var created atomic.Int64
	err = parallel(ctx, 32, total, func(i int) error {
		ns, name := namespaces[i/clustersPerTenant], fmt.Sprintf("c%05d", i%clustersPerTenant+1)
		u := Kubernetes(ClusterSpec{Namespace: ns, Name: name, Version: "v1.35", Annotations: ann,
			Groups: map[string]obj{"md0": group("u1.medium", 1, 3)}})
		if err := createCluster(ctx, c, u); err != nil {
			return fmt.Errorf("cluster %s/%s: %w", ns, name, err)
		}
		if n := created.Add(1); n%1000 == 0 || int(n) == total {
			say("%d of %d clusters created", n, total)
		}
		return nil
	})
	return BulkResult{Tenants: tenants, Clusters: int(created.Load()), Elapsed: time.Since(start)}, err
}

// BulkTenant names the i-th bulk tenant (from 0): fixed width, as cloning needs.
func BulkTenant(i int) string { return fmt.Sprintf("bulk%04d", i+1) }

// bulkByCloning makes tenant 1 and its clusters through the API, waits until
// they are Ready, and copies that tenant to the others in etcd.
func bulkByCloning(ctx context.Context, c *Clients, tenants, perTenant int, etcd *clientv3.Client, start time.Time, say func(string, ...any)) (BulkResult, error) {
	if tenants > 9999 {
		return BulkResult{}, fmt.Errorf("at most 9,999 tenants can be cloned (names are bulk0001..bulk9999)")
	}
	if _, err := Bulk(ctx, c, 1, perTenant, true, nil, nil); err != nil {
		return BulkResult{}, err
	}
	templateNS := p.ChildNamespace(p.RootNamespace, BulkTenant(0))
	say("template tenant %s: %d clusters created; waiting until they are Ready", templateNS, perTenant)
	if err := WaitAllReady(ctx, c, func(ns string) bool { return ns == templateNS }, perTenant, 10*time.Minute, nil); err != nil {
		return BulkResult{}, err
	}
	tmpl, err := LoadTenantTemplate(ctx, etcd, "/registry", BulkTenant(0))
	if err != nil {
		return BulkResult{}, err
	}
	say("template tenant ready: %d objects; copying it to %d tenants in etcd", tmpl.Objects(), tenants-1)
	tokens := make([]string, 0, tenants-1)
	for i := 1; i < tenants; i++ {
		tokens = append(tokens, BulkTenant(i))
	}
	copied, err := tmpl.CloneTo(ctx, etcd, tokens, 4, func(done int) {
		if done%200 == 0 || done == len(tokens) {
			say("%d of %d tenants copied or present", done, len(tokens))
		}
	})
	if err != nil {
		return BulkResult{}, err
	}
	say("tenants copied: %d (%d objects each); already there: %d", copied, tmpl.Objects(), tenants-1-copied)
	return BulkResult{Tenants: tenants, Clusters: tenants * perTenant, Elapsed: time.Since(start)}, nil
}

// parallel runs fn(0..n-1) on `workers` goroutines and returns the first
// error; after one, the jobs not started yet are skipped.
func parallel(ctx context.Context, workers, n int, fn func(i int) error) error {
	jobs := make(chan int)
	var firstErr error
	var once sync.Once
	var failed atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if failed.Load() {
					continue
				}
				if err := fn(i); err != nil {
					once.Do(func() { firstErr = err })
					failed.Store(true)
				}
			}
		}()
	}
	for i := 0; i < n && !failed.Load(); i++ {
		select {
		case jobs <- i:
		case <-ctx.Done():
			i = n
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return firstErr
}

// WaitAllReady waits until every bulk-seeded Kubernetes app (in a namespace
// match accepts; nil: every bulk tenant's) has Ready=True, and there are at
// least `expected` of them (cloned ones reach the application API's cache a
// moment after etcd), reporting progress as it goes. It watches instead of
// polling: a list of 20,000 apps every few seconds would be load the sandbox
// has better uses for.
func WaitAllReady(ctx context.Context, c *Clients, match func(ns string) bool, expected int, timeout time.Duration, progress func(string)) error {
	if match == nil {
		match = func(ns string) bool { return strings.HasPrefix(ns, "tenant-bulk") }
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var mu sync.Mutex
	notReady := map[string]bool{}
	total, waiting := 0, 0
	changed := make(chan struct{}, 1)
	track := func(o any) {
		u, ok := o.(*unstructured.Unstructured)
		if !ok || !match(u.GetNamespace()) {
			return
		}
		mu.Lock()
		k := u.GetNamespace() + "/" + u.GetName()
		was, seen := notReady[k]
		if !seen {
			total++
		} else if was {
			waiting--
		}
		notReady[k] = !isReady(u)
		if notReady[k] {
			waiting++
		}
		mu.Unlock()
		select {
		case changed <- struct{}{}:
		default:
		}
	}
	factory := dynamicinformer.NewDynamicSharedInformerFactory(c.Dyn, 0)
	inf := factory.ForResource(p.KubernetesGVR).Informer()
	if _, err := inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: track, UpdateFunc: func(_, o any) { track(o) },
	}); err != nil {
		return err
	}
	factory.Start(ctx.Done())
	// Shutdown waits for the informer, which stops when ctx ends: cancel first.
	defer func() { cancel(); factory.Shutdown() }()
	if !cache.WaitForCacheSync(ctx.Done(), inf.HasSynced) {
		return fmt.Errorf("the list of clusters did not arrive: %w", ctx.Err())
	}
	tick := time.NewTicker(10 * time.Second)
	defer tick.Stop()
	for {
		mu.Lock()
		n, w := total, waiting
		mu.Unlock()
		if w == 0 && n >= expected {
			return nil
		}
		select {
		case <-changed:
		case <-tick.C:
			if progress != nil {
				progress(fmt.Sprintf("%d of %d clusters Ready", n-w, n))
			}
		case <-ctx.Done():
			return fmt.Errorf("%d of %d clusters not Ready after %s", w, n, timeout)
		}
	}
}

func isReady(u *unstructured.Unstructured) bool {
	conds, _, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
	for _, cond := range conds {
		if m, ok := cond.(obj); ok && m["type"] == "Ready" && m["status"] == "True" {
			return true
		}
	}
	return false
}

func withVersion(g obj, v string) obj {
	g["version"] = v
	return g
}
