package appserver

import (
	"context"
	"strings"
	"sync"

	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/endpoints/request"

	p "nestdeck/sandbox/internal/platform"
)

// appWatch turns a watch of the kube-apiserver on an application kind's
// releases into application events, and adds one for each change of an
// application's WorkloadMonitor (its WorkloadsReady), as cozystack-api does.
type appWatch struct {
	a        *appStorage
	ns       string
	match    func(name, ns string) bool
	name     string // a watch of one object (…/kuberneteses/<name>?watch)
	result   chan watch.Event
	stop     chan struct{}
	stopOnce sync.Once
	monitors chan *unstructured.Unstructured
	// The server honoured sendInitialEvents when this watch began.
	initialEventsHonoured bool
}

func (w *appWatch) ResultChan() <-chan watch.Event { return w.result }

func (w *appWatch) Stop() { w.stopOnce.Do(func() { close(w.stop) }) }

// Watch passes resourceVersion, bookmarks, timeouts and (on releases that
// honour it) sendInitialEvents on to the release watch, whose initial-events-end
// bookmark then ends the application's initial events too.
func (a *appStorage) Watch(ctx context.Context, o *metainternalversion.ListOptions) (watch.Interface, error) {
	ns, _ := request.NamespaceFrom(ctx)
	sel, err := a.selector(o.LabelSelector)
	if err != nil {
		return nil, err
	}
	match, err := fieldFilter(o.FieldSelector)
	if err != nil {
		return nil, err
	}
	opts := metav1.ListOptions{LabelSelector: sel.String(), ResourceVersion: o.ResourceVersion,
		AllowWatchBookmarks: o.AllowWatchBookmarks, TimeoutSeconds: o.TimeoutSeconds}
	honoured := a.s.behaviour().InitialEvents // fixed for this watch's life
	if honoured {
		opts.SendInitialEvents = o.SendInitialEvents
		opts.ResourceVersionMatch = metav1.ResourceVersionMatch(o.ResourceVersionMatch)
	}
	upstream, err := a.s.dyn.Resource(p.HelmReleaseGVR).Namespace(ns).Watch(ctx, opts)
	if err != nil {
		return nil, err
	}
	w := &appWatch{a: a, ns: ns, match: match, result: make(chan watch.Event), stop: make(chan struct{}),
		monitors: make(chan *unstructured.Unstructured, 64), initialEventsHonoured: honoured}
	if info, ok := request.RequestInfoFrom(ctx); ok {
		w.name = info.Name
	}
	a.s.addWatch(w)
	go w.run(ctx, upstream, opts.SendInitialEvents != nil && *opts.SendInitialEvents)
	return w, nil
}

func (w *appWatch) run(ctx context.Context, upstream watch.Interface, initialEvents bool) {
	defer close(w.result)
	defer upstream.Stop()
	defer w.a.s.removeWatch(w)
	send := func(e watch.Event) bool {
		select {
		case w.result <- e:
			return true
		case <-w.stop:
		case <-ctx.Done():
		}
		return false
	}
	// Monitor changes wait until the initial events are out: a watch list is
	// its objects, the bookmark, then changes.
	live := !initialEvents
	var held []*unstructured.Unstructured
	emitMonitor := func(m *unstructured.Unstructured) bool {
		name := m.GetLabels()[p.LabelAppName]
		if !w.wants(name, m.GetNamespace()) {
			return true
		}
		hr := w.a.s.caches.release(m.GetNamespace(), w.a.k.Prefix+name)
		if hr == nil || !w.a.k.isApplication(hr) {
			return true
		}
		app := w.a.convert(hr)
		// The monitor's version: clients see versions move forward.
		app.SetResourceVersion(m.GetResourceVersion())
		return send(watch.Event{Type: watch.Modified, Object: app})
	}
	for {
		select {
		case e, ok := <-upstream.ResultChan():
			if !ok {
				return
			}
			hr, isObj := e.Object.(*unstructured.Unstructured)
			switch {
			case e.Type == watch.Error:
				// The release watch's end (410 Gone and the like), as the
				// typed Status the handler encodes for any watch.
				if !send(watch.Event{Type: watch.Error, Object: statusOf(e.Object)}) {
					return
				}
				continue
			case !isObj:
				continue
			case e.Type == watch.Bookmark:
				bm := &unstructured.Unstructured{Object: obj{}}
				bm.SetAPIVersion(AppsGV.String())
				bm.SetKind(w.a.k.Kind)
				bm.SetResourceVersion(hr.GetResourceVersion())
				// An older release never ends initial events (the kube-apiserver
				// may mark even a legacy watch's bookmark: dropped here).
				if hr.GetAnnotations()[metav1.InitialEventsAnnotationKey] == "true" && w.initialEventsHonoured {
					bm.SetAnnotations(map[string]string{metav1.InitialEventsAnnotationKey: "true"})
				}
				if !send(watch.Event{Type: watch.Bookmark, Object: bm}) {
					return
				}
				if !live && bm.GetAnnotations()[metav1.InitialEventsAnnotationKey] == "true" {
					live = true
					for _, m := range held {
						if !emitMonitor(m) {
							return
						}
					}
					held = nil
				}
				continue
			}
			if !w.a.k.isApplication(hr) {
				continue
			}
			name := strings.TrimPrefix(hr.GetName(), w.a.k.Prefix)
			if !w.wants(name, hr.GetNamespace()) {
				continue
			}
			if !send(watch.Event{Type: e.Type, Object: w.a.convert(hr)}) {
				return
			}
		case m := <-w.monitors:
			if !live {
				held = append(held, m)
				continue
			}
			if !emitMonitor(m) {
				return
			}
		case <-w.stop:
			return
		case <-ctx.Done():
			return
		}
	}
}

func (w *appWatch) wants(name, ns string) bool {
	return (w.name == "" || w.name == name) && (w.ns == "" || w.ns == ns) && w.match(name, ns)
}

func (s *Server) addWatch(w *appWatch) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.watches[w] = struct{}{}
}

func (s *Server) removeWatch(w *appWatch) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.watches, w)
}

// monitorChanged fans a WorkloadMonitor change out to the watches of its kind.
func (s *Server) monitorChanged(m *unstructured.Unstructured) {
	kind := m.GetLabels()[p.LabelAppKind]
	s.mu.Lock()
	defer s.mu.Unlock()
	for w := range s.watches {
		if w.a.k.Kind != kind {
			continue
		}
		select {
		case w.monitors <- m:
		default: // a watch that cannot keep up misses a WorkloadsReady change, as with a slow client anywhere
		}
	}
}

// statusOf reads the Status of an ERROR event.
func statusOf(o runtime.Object) *metav1.Status {
	st := &metav1.Status{Status: metav1.StatusFailure, Code: 500, Reason: metav1.StatusReasonInternalError, Message: "watch error"}
	if u, ok := o.(*unstructured.Unstructured); ok {
		_ = runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, st)
	} else if s, ok := o.(*metav1.Status); ok {
		st = s
	}
	return st
}
