package appserver

import (
	"context"
	"fmt"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/tools/cache"

	p "nestdeck/sandbox/internal/platform"
)

// The server's own caches of what it serves from: the applications'
// HelmReleases (lists come from here, as cozystack-api's controller-runtime
// cache), their WorkloadMonitors (WorkloadsReady) and the
// ApplicationDefinitions (the kinds). Gets read the kube-apiserver.
type caches struct {
	dyn    dynamic.Interface
	runCtx context.Context // the server's run: informers live as long

	mu  sync.RWMutex
	gen *cacheGen
	// handlers survive restarts: the registry follows definitions, watches
	// follow monitors.
	onDefinitions func()
	onMonitor     func(wm *unstructured.Unstructured)
}

type cacheGen struct {
	stop     context.CancelFunc
	releases cache.Indexer
	monitors cache.Indexer
	defs     cache.Store
	synced   []cache.InformerSynced
}

const monitorIndex = "app"

func monitorKey(ns, kind, name string) string { return ns + "/" + kind + "/" + name }

func newCaches(dyn dynamic.Interface) *caches { return &caches{dyn: dyn} }

func (c *caches) start(ctx context.Context) error {
	c.runCtx = ctx
	gen, err := c.newGen(ctx, ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.gen = gen
	c.mu.Unlock()
	return nil
}

// restart swaps in fresh informers once they have listed (or wait ends).
func (c *caches) restart(wait context.Context) error {
	gen, err := c.newGen(c.runCtx, wait)
	if err != nil {
		return err
	}
	c.mu.Lock()
	old := c.gen
	c.gen = gen
	c.mu.Unlock()
	if old != nil {
		old.stop()
	}
	if c.onDefinitions != nil {
		c.onDefinitions()
	}
	return nil
}

// newGen starts informers that run until run ends (or the generation is
// replaced) and waits, at most until wait ends, for them to list.
func (c *caches) newGen(run, wait context.Context) (*cacheGen, error) {
	ctx, stop := context.WithCancel(run)
	// Only releases that are applications: the addon releases of 20,000
	// clusters would be five times as many.
	apps := dynamicinformer.NewFilteredDynamicSharedInformerFactory(c.dyn, 0, "", func(o *metav1.ListOptions) {
		o.LabelSelector = p.LabelAppGroup
	})
	all := dynamicinformer.NewDynamicSharedInformerFactory(c.dyn, 0)
	rel := apps.ForResource(p.HelmReleaseGVR).Informer()
	mon := all.ForResource(p.WorkloadMonitorGVR).Informer()
	def := all.ForResource(p.AppDefGVR).Informer()
	for _, inf := range []cache.SharedIndexInformer{rel, mon, def} {
		_ = inf.SetTransform(func(o any) (any, error) {
			if u, ok := o.(*unstructured.Unstructured); ok {
				u.SetManagedFields(nil)
			}
			return o, nil
		})
	}
	if err := mon.AddIndexers(cache.Indexers{monitorIndex: func(o any) ([]string, error) {
		u := o.(*unstructured.Unstructured)
		l := u.GetLabels()
		return []string{monitorKey(u.GetNamespace(), l[p.LabelAppKind], l[p.LabelAppName])}, nil
	}}); err != nil {
		stop()
		return nil, err
	}
	gen := &cacheGen{stop: stop, releases: rel.GetIndexer(), monitors: mon.GetIndexer(), defs: def.GetStore(),
		synced: []cache.InformerSynced{rel.HasSynced, mon.HasSynced, def.HasSynced}}
	defsChanged := func(any) {
		if c.current() == gen && c.onDefinitions != nil {
			c.onDefinitions()
		}
	}
	if _, err := def.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: defsChanged, UpdateFunc: func(_, o any) { defsChanged(o) }, DeleteFunc: defsChanged,
	}); err != nil {
		stop()
		return nil, err
	}
	monitorChanged := func(o any) {
		if t, ok := o.(cache.DeletedFinalStateUnknown); ok {
			o = t.Obj
		}
		if u, ok := o.(*unstructured.Unstructured); ok && c.current() == gen && c.onMonitor != nil {
			c.onMonitor(u)
		}
	}
	if _, err := mon.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: monitorChanged, UpdateFunc: func(_, o any) { monitorChanged(o) }, DeleteFunc: monitorChanged,
	}); err != nil {
		stop()
		return nil, err
	}
	apps.Start(ctx.Done())
	all.Start(ctx.Done())
	bounded, cancel := context.WithTimeout(wait, 20*time.Minute)
	defer cancel()
	if !cache.WaitForCacheSync(bounded.Done(), gen.synced...) {
		stop()
		return nil, fmt.Errorf("cozystack-api: caches did not sync: %v", bounded.Err())
	}
	return gen, nil
}

func (c *caches) current() *cacheGen {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gen
}

// definitions are the ApplicationDefinitions as cached.
func (c *caches) definitions() []*unstructured.Unstructured {
	var out []*unstructured.Unstructured
	for _, o := range c.current().defs.List() {
		out = append(out, o.(*unstructured.Unstructured))
	}
	return out
}

// releases of one kind in ns ("" all), unsorted; the cache's objects: callers copy before changing.
func (c *caches) releases(ns string) []*unstructured.Unstructured {
	idx := c.current().releases
	var objs []any
	if ns == "" {
		objs = idx.List()
	} else {
		objs, _ = idx.ByIndex(cache.NamespaceIndex, ns)
	}
	out := make([]*unstructured.Unstructured, 0, len(objs))
	for _, o := range objs {
		out = append(out, o.(*unstructured.Unstructured))
	}
	return out
}

func (c *caches) release(ns, name string) *unstructured.Unstructured {
	o, ok, _ := c.current().releases.GetByKey(ns + "/" + name)
	if !ok {
		return nil
	}
	return o.(*unstructured.Unstructured)
}

// monitors of one application.
func (c *caches) monitors(ns, kind, name string) []*unstructured.Unstructured {
	objs, _ := c.current().monitors.ByIndex(monitorIndex, monitorKey(ns, kind, name))
	out := make([]*unstructured.Unstructured, 0, len(objs))
	for _, o := range objs {
		out = append(out, o.(*unstructured.Unstructured))
	}
	return out
}
