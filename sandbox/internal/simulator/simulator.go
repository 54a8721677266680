// Package simulator is the sandbox's provisioning controller: Flux and the
// charts behind it. Applications are stored as HelmReleases (the sandbox's
// cozystack-api writes them, as the platform's does), so the simulator starts
// from those releases: for every Kubernetes application it creates the object
// tree the real platform's chart, Cluster API, Kamaji and KubeVirt would
// create (section 4 of the API doc) and moves its conditions and phases
// forward over time, with Events; for every KubernetesNodes application (a
// node pool) the pool's machines; for every Tenant its namespace, quotas and
// RBAC. Each release's status is what the application shows.
//
// State is derived from object ages, not kept in memory: a restarted sandbox
// picks up where it was. Timings scale with Speed.
package simulator

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"

	p "nestdeck/sandbox/internal/platform"
)

// Annotations that steer the simulation (set them on the application; the
// platform stores them on its release, prefixed).
const (
	AnnProvisioned     = "sandbox.nestdeck.io/provisioned"        // "true": created already provisioned
	AnnSlowdown        = "sandbox.nestdeck.io/slowdown"           // factor > 1 stretches this app's timeline
	AnnFailMachines    = "sandbox.nestdeck.io/fail-machines"      // node groups ("md0,md1" or "*") whose machines fail
	AnnFailAddon       = "sandbox.nestdeck.io/fail-addon"         // addon release suffixes that fail ("ingress-nginx")
	AnnFailCP          = "sandbox.nestdeck.io/fail-control-plane" // "true": the control plane never becomes ready
	AnnLingerDV        = "sandbox.nestdeck.io/linger-datavolumes" // "true": DataVolumes survive deletion
	AnnStuckFinalizer  = "sandbox.nestdeck.io/stuck-finalizer"    // "true": addon releases keep Flux's finalizer on delete (uninstall fails)
	annUninstallFailed = "sandbox.nestdeck.io/uninstall-failed"
	fluxFinalizer      = "finalizers.fluxcd.io"
	annUpgradeStarted  = "sandbox.nestdeck.io/upgrade-started"
	// AnnRealAPIServer marks a TenantControlPlane served by a real API server.
	AnnRealAPIServer = "sandbox.nestdeck.io/real-apiserver"
	annDeleteStarted = "sandbox.nestdeck.io/delete-started"
	Finalizer        = "sandbox.nestdeck.io/cleanup"
	chartVersion     = "0.25.2"
)

// TenantClusters runs real API servers for some tenant clusters.
type TenantClusters interface {
	// Ensure makes sure a real API server runs for the cluster and holds the
	// given Node names. ok=false while it is still starting.
	Ensure(ns, name, version string, nodes []string) (endpoint string, conf Kubeconfigs, ok bool, err error)
	Remove(ns, name string)
	// Admit reports whether another real API server may be started.
	Admit(ns, name string) bool
}

// Kubeconfigs are the four variants of the admin-kubeconfig Secret.
type Kubeconfigs struct{ AdminConf, AdminSvc, SuperAdminConf, SuperAdminSvc []byte }

// Simulator is the controller.
type Simulator struct {
	Dyn     dynamic.Interface
	Kube    kubernetes.Interface
	Speed   float64
	Tenants TenantClusters // nil: every cluster gets an unreachable endpoint
	Now     func() time.Time

	// listers read whichever informer generation is current (see Resync).
	listers map[schema.GroupVersionResource]*liveLister
	queue   workqueue.TypedRateLimitingInterface[key]
	fakeCAs sync.Map

	schemaMu sync.Mutex
	schemas  map[string]obj // parsed spec schemas, by kind (see schemaOf)

	genMu       sync.Mutex
	runCtx      context.Context // Run's context; nil until its caches synced
	startedOnce sync.Once
	started     chan struct{} // closed once Run's first caches synced
	pause       sync.RWMutex  // reconciles hold it to read; Resync to replace the caches
	synced      atomic.Bool   // the listers read a synced generation
	gen         *generation
}

// generation is one set of informers over the watched resources.
type generation struct {
	factory dynamicinformer.DynamicSharedInformerFactory
	listers map[schema.GroupVersionResource]cache.GenericLister
	ctx     context.Context // ends when the generation is shut down
	stop    context.CancelFunc
}

func (g *generation) shutdown() {
	g.stop()
	g.factory.Shutdown()
}

// liveLister forwards to the current generation's lister, so that code
// holding s.listers[g] never sees a stopped cache.
type liveLister struct {
	cur atomic.Pointer[cache.GenericLister]
}

func (l *liveLister) List(sel labels.Selector) ([]runtime.Object, error) {
	return (*l.cur.Load()).List(sel)
}
func (l *liveLister) Get(name string) (runtime.Object, error) { return (*l.cur.Load()).Get(name) }
func (l *liveLister) ByNamespace(ns string) cache.GenericNamespaceLister {
	return (*l.cur.Load()).ByNamespace(ns)
}

const childEventDelay = 200 * time.Millisecond

// key is an application to reconcile: its kind, namespace and name.
type key struct {
	kind      string
	namespace string
	name      string
}

var watched = []schema.GroupVersionResource{
	p.HelmReleaseGVR, p.ClusterGVR, p.MachineDeploymentGVR, p.MachineGVR,
	p.KamajiCPGVR, p.TenantCPGVR, p.KubevirtClusterGVR, p.VirtualMachineGVR, p.DataVolumeGVR,
	p.KubevirtMTGVR, p.KubeadmCTGVR, p.MachineHealthGVR, p.WorkloadMonitorGVR, p.AppDefGVR,
}

// The application kinds the simulator provisions, by release prefix.
var appKinds = map[string]string{
	"Kubernetes": p.KubernetesReleasePrefix, "KubernetesNodes": p.NodesReleasePrefix, "Tenant": p.TenantReleasePrefix,
}

// Run starts informers and workers and blocks until ctx ends.
func (s *Simulator) Run(ctx context.Context, workers int) error {
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Speed <= 0 {
		s.Speed = 1
	}
	s.queue = workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[key]())
	defer s.queue.ShutDown()
	s.listers = map[schema.GroupVersionResource]*liveLister{}
	for _, g := range watched {
		s.listers[g] = &liveLister{}
	}
	gen, err := s.startGeneration(ctx)
	if err != nil {
		return err
	}
	if err := gen.waitSynced(ctx); err != nil {
		return err
	}
	s.genMu.Lock()
	s.runCtx, s.gen = ctx, gen
	s.adopt(gen)
	s.genMu.Unlock()
	close(s.startedCh())
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s.processNext(ctx) {
			}
		}()
	}
	<-ctx.Done()
	s.queue.ShutDown()
	wg.Wait()
	return nil
}

func (s *Simulator) startedCh() chan struct{} {
	s.startedOnce.Do(func() { s.started = make(chan struct{}) })
	return s.started
}

// startGeneration starts informers for every watched resource; they run
// until run ends or the generation is shut down.
func (s *Simulator) startGeneration(run context.Context) (*generation, error) {
	// No periodic resync: every step forward in time is a queued AddAfter, and
	// a resync would reconcile all 20,000 apps of a scale sandbox at once,
	// every few minutes, in the middle of a benchmark.
	ctx, stop := context.WithCancel(run)
	gen := &generation{factory: dynamicinformer.NewDynamicSharedInformerFactory(s.Dyn, 0), ctx: ctx, stop: stop,
		listers: map[schema.GroupVersionResource]cache.GenericLister{}}
	for _, g := range watched {
		inf := gen.factory.ForResource(g)
		// managedFields are a third of each cached object and never read;
		// updates sent without them keep the server's (the field manager
		// treats an absent list as unchanged).
		if err := inf.Informer().SetTransform(dropManagedFields); err != nil {
			gen.shutdown()
			return nil, err
		}
		gen.listers[g] = inf.Lister()
		g := g
		handler := cache.ResourceEventHandlerFuncs{
			AddFunc:    func(o any) { s.enqueueFor(g, o) },
			UpdateFunc: func(_, o any) { s.enqueueFor(g, o) },
			DeleteFunc: func(o any) { s.enqueueFor(g, o) },
		}
		if _, err := inf.Informer().AddEventHandler(handler); err != nil {
			gen.shutdown()
			return nil, err
		}
	}
	gen.factory.Start(ctx.Done())
	return gen, nil
}

// waitSynced waits until every cache of the generation has listed, or until wait
// ends or the generation is shut down.
func (g *generation) waitSynced(wait context.Context) error {
	both, cancel := context.WithCancel(wait)
	defer cancel()
	stop := context.AfterFunc(g.ctx, cancel)
	defer stop()
	for r, ok := range g.factory.WaitForCacheSync(both.Done()) {
		if !ok {
			return fmt.Errorf("simulator: cache of %s did not sync", r.Resource)
		}
	}
	return nil
}

// adopt makes gen's caches the ones reconciles read (gen being current).
func (s *Simulator) adopt(gen *generation) {
	for g, l := range gen.listers {
		s.listers[g].cur.Store(&l)
	}
	s.synced.Store(true)
}

// Resync replaces the simulator's informers with fresh ones and returns once
// they have listed everything. The sandbox calls it after restarting the API
// server: the old informers lose their watches then, and client-go's reflector
// retries a refused connection with a backoff that grows to 30 s (more with
// jitter, and it does not reset for two minutes), so a simulator left to
// recover on its own could ignore changes for most of a minute. A controller
// restarted with its API server starts from a fresh list, as this does.
//
// Reconciles wait meanwhile, and the old informers stop before the new ones
// list: two generations side by side (the old one relisting too) took the
// sandbox at 20,000 clusters from 6 to 11 GB.
func (s *Simulator) Resync(ctx context.Context) error {
	// Still making its first caches (at 20,000 clusters that takes minutes):
	// their lists may predate the restart, so they are made again after it.
	select {
	case <-s.startedCh():
	case <-ctx.Done():
		return ctx.Err()
	}
	s.genMu.Lock()
	defer s.genMu.Unlock()
	s.pause.Lock()
	defer s.pause.Unlock()
	s.gen.shutdown()
	s.synced.Store(false)
	for _, l := range s.listers {
		l.cur.Store(nil) // let the old caches go
	}
	gen, err := s.startGeneration(s.runCtx)
	if err != nil {
		return err
	}
	s.gen = gen
	if err := gen.waitSynced(ctx); err != nil {
		// Not synced in time (or the caller gave up): the new informers go on
		// listing, and reconciles wait (see processNext) until they have.
		go func() {
			if gen.waitSynced(s.runCtx) != nil {
				return
			}
			s.genMu.Lock()
			defer s.genMu.Unlock()
			if s.gen == gen { // not replaced meanwhile
				s.adopt(gen)
			}
		}()
		return err
	}
	s.adopt(gen) // its initial adds queued every app
	return nil
}

func dropManagedFields(o any) (any, error) {
	if u, ok := o.(*unstructured.Unstructured); ok {
		u.SetManagedFields(nil)
	}
	return o, nil
}

// enqueueFor queues the app an object belongs to.
func (s *Simulator) enqueueFor(g schema.GroupVersionResource, o any) {
	if t, ok := o.(cache.DeletedFinalStateUnknown); ok {
		o = t.Obj
	}
	u, ok := o.(*unstructured.Unstructured)
	if !ok {
		return
	}
	l := u.GetLabels()
	kind, app := l[p.LabelAppKind], l[p.LabelAppName]
	switch {
	case g == p.AppDefGVR:
		s.forgetSchemas()
	case g == p.HelmReleaseGVR && appKinds[kind] != "" && u.GetName() == appKinds[kind]+app:
		// An application's own release.
		s.queue.Add(key{kind: kind, namespace: u.GetNamespace(), name: app})
	case app != "" && appKinds[kind] != "":
		// A child. A reconcile writes a dozen children, and each write comes
		// back as an event: wait a moment so the burst costs one reconcile, not twelve.
		s.queue.AddAfter(key{kind: kind, namespace: u.GetNamespace(), name: app}, childEventDelay)
	}
}

func (s *Simulator) processNext(ctx context.Context) bool {
	k, quit := s.queue.Get()
	if quit {
		return false
	}
	defer s.queue.Done(k)
	s.pause.RLock()
	defer s.pause.RUnlock()
	if ctx.Err() != nil {
		return false
	}
	if !s.synced.Load() { // a Resync failed: no caches to read
		s.queue.AddAfter(k, time.Second)
		return true
	}
	var next time.Duration
	var err error
	switch k.kind {
	case "Tenant":
		next, err = s.reconcileTenant(ctx, k.namespace, k.name)
	case "KubernetesNodes":
		next, err = s.reconcilePool(ctx, k.namespace, k.name)
	default:
		next, err = s.reconcileKubernetes(ctx, k.namespace, k.name)
	}
	switch {
	case err != nil && ctx.Err() == nil:
		if !apierrors.IsConflict(err) && !apierrors.IsAlreadyExists(err) {
			klog.Warningf("simulator: %s/%s: %v", k.namespace, k.name, err)
		}
		s.queue.AddRateLimited(k)
	case next > 0:
		s.queue.Forget(k)
		s.queue.AddAfter(k, next)
	default:
		s.queue.Forget(k)
	}
	return true
}

// age is how far an object is along its own timeline, in simulated seconds.
func (s *Simulator) age(app, u metav1.Object) float64 {
	if u.GetAnnotations()[AnnProvisioned] == "true" {
		return 1e9
	}
	return s.since(app, u.GetCreationTimestamp().Time)
}

func (s *Simulator) since(app metav1.Object, t time.Time) float64 {
	slow := 1.0
	if app != nil {
		if f, err := strconv.ParseFloat(app.GetAnnotations()[AnnSlowdown], 64); err == nil && f > 0 {
			slow = f
		}
	}
	return s.Now().Sub(t).Seconds() * s.Speed / slow
}

// after converts simulated seconds into a wall-clock requeue delay.
func (s *Simulator) after(app metav1.Object, simSeconds float64) time.Duration {
	slow := 1.0
	if f, err := strconv.ParseFloat(app.GetAnnotations()[AnnSlowdown], 64); err == nil && f > 0 {
		slow = f
	}
	d := time.Duration(simSeconds * slow / s.Speed * float64(time.Second))
	if d < 50*time.Millisecond {
		d = 50 * time.Millisecond
	}
	return d
}

func (s *Simulator) get(g schema.GroupVersionResource, ns, name string) *unstructured.Unstructured {
	o, err := s.listers[g].ByNamespace(ns).Get(name)
	if err != nil {
		return nil
	}
	return o.(*unstructured.Unstructured).DeepCopy()
}

func (s *Simulator) getCluster(g schema.GroupVersionResource, name string) *unstructured.Unstructured {
	o, err := s.listers[g].Get(name)
	if err != nil {
		return nil
	}
	return o.(*unstructured.Unstructured).DeepCopy()
}

// schemaOf is the spec schema of an application kind, from its
// ApplicationDefinition (nil if there is none).
func (s *Simulator) schemaOf(kind string) obj {
	s.schemaMu.Lock()
	defer s.schemaMu.Unlock()
	if sch, ok := s.schemas[kind]; ok {
		return sch
	}
	if s.schemas == nil {
		s.schemas = map[string]obj{}
	}
	var found obj
	defs, _ := s.listers[p.AppDefGVR].List(labels.Everything())
	for _, o := range defs {
		d := o.(*unstructured.Unstructured)
		if k, _, _ := unstructured.NestedString(d.Object, "spec", "application", "kind"); k != kind {
			continue
		}
		raw, _, _ := unstructured.NestedString(d.Object, "spec", "application", "openAPISchema")
		_ = json.Unmarshal([]byte(raw), &found)
	}
	s.schemas[kind] = found
	return found
}

func (s *Simulator) forgetSchemas() {
	s.schemaMu.Lock()
	defer s.schemaMu.Unlock()
	s.schemas = nil
}

// spec is an application's values with its schema's defaults, as its chart
// renders them.
func (s *Simulator) spec(kind string, hr *unstructured.Unstructured) obj {
	v, _, _ := unstructured.NestedFieldCopy(hr.Object, "spec", "values")
	spec, _ := v.(obj)
	if spec == nil {
		spec = obj{}
	}
	spec, _ = p.WithDefaults(spec, s.schemaOf(kind)).(obj)
	return spec
}

// appMetaPrefix: an application's labels and annotations, as stored on its release.
const appMetaPrefix = "apps.cozystack.io-"

// appView is the application a release stores, as far as the simulation
// needs it: its identity (events are about it), its age and its annotations,
// which steer the simulation.
func appView(kind, prefix string, hr *unstructured.Unstructured) *unstructured.Unstructured {
	gvr := p.KubernetesGVR
	switch kind {
	case "Tenant":
		gvr = p.TenantGVR
	case "KubernetesNodes":
		gvr = p.KubernetesNodesGVR
	}
	app := p.New(p.KindOf(gvr), hr.GetNamespace(), strings.TrimPrefix(hr.GetName(), prefix))
	app.SetUID(hr.GetUID())
	app.SetResourceVersion(hr.GetResourceVersion())
	app.SetCreationTimestamp(hr.GetCreationTimestamp())
	app.SetDeletionTimestamp(hr.GetDeletionTimestamp())
	ann := map[string]string{}
	for k, v := range hr.GetAnnotations() {
		if strings.HasPrefix(k, appMetaPrefix) {
			ann[strings.TrimPrefix(k, appMetaPrefix)] = v
		}
	}
	app.SetAnnotations(ann)
	return app
}
