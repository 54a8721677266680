package appserver

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	apidiscoveryv2 "k8s.io/api/apidiscovery/v2"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apiserver/pkg/endpoints/discovery"
	"k8s.io/apiserver/pkg/endpoints/handlers"
	"k8s.io/apiserver/pkg/endpoints/handlers/responsewriters"
	"k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/klog/v2"
	"k8s.io/kube-openapi/pkg/spec3"
	"k8s.io/kube-openapi/pkg/validation/spec"

	p "nestdeck/sandbox/internal/platform"
)

// registry is the set of served application kinds, rebuilt whenever an
// ApplicationDefinition changes. Requests read the current set without locks.
type registry struct {
	s   *Server
	cur atomic.Pointer[kindSet]

	publishMu sync.Mutex
	published string // fingerprint of what discovery and OpenAPI last announced
}

type servedKind struct {
	k       *appKind
	storage *appStorage
	scope   *handlers.RequestScope
}

type kindSet struct {
	byPlural map[string]*servedKind
	plurals  []string // sorted
}

func newRegistry(s *Server) *registry {
	r := &registry{s: s}
	r.cur.Store(&kindSet{byPlural: map[string]*servedKind{}})
	return r
}

// attach follows the definitions of c (and its monitors, for watches).
func (r *registry) attach(c *caches) {
	c.onDefinitions = r.rebuild
	c.onMonitor = r.s.monitorChanged
	r.rebuild()
}

func (r *registry) rebuild() {
	set := &kindSet{byPlural: map[string]*servedKind{}}
	old := r.cur.Load()
	for _, def := range r.s.caches.definitions() {
		k, err := kindFromDefinition(def)
		if err != nil {
			klog.Warningf("cozystack-api: %v", err)
			continue
		}
		// A kind whose definition did not change keeps its scope.
		if prev := old.byPlural[k.Plural]; prev != nil && prev.k.SchemaJSON == k.SchemaJSON && prev.k.Kind == k.Kind &&
			prev.k.Prefix == k.Prefix && prev.k.NameCap == k.NameCap && fmt.Sprint(prev.k.ReleaseLabels, prev.k.Chart) == fmt.Sprint(k.ReleaseLabels, k.Chart) {
			set.byPlural[k.Plural] = prev
			continue
		}
		st := &appStorage{s: r.s, k: k}
		scope, err := requestScope(AppsGV.WithResource(k.Plural), k.Kind, true, st, r.s.generic.Authorizer)
		if err != nil {
			klog.Warningf("cozystack-api: %s: %v", k.Kind, err)
			continue
		}
		set.byPlural[k.Plural] = &servedKind{k: k, storage: st, scope: scope}
	}
	for pl := range set.byPlural {
		set.plurals = append(set.plurals, pl)
	}
	sort.Strings(set.plurals)
	r.cur.Store(set)
	r.publish(set)
}

func (r *registry) resources(set *kindSet) []metav1.APIResource {
	var out []metav1.APIResource
	for _, pl := range set.plurals {
		k := set.byPlural[pl].k
		out = append(out, metav1.APIResource{Name: pl, SingularName: k.Singular, Namespaced: true, Kind: k.Kind,
			Verbs: metav1.Verbs{"create", "delete", "get", "list", "patch", "update", "watch"}})
	}
	return out
}

// publish announces the kinds: discovery (both forms), OpenAPI v3, and a
// touch of the APIService so that the kube-apiserver fetches the new
// discovery at once instead of within the minute.
func (r *registry) publish(set *kindSet) {
	r.publishMu.Lock()
	defer r.publishMu.Unlock()
	sum := sha256.New()
	for _, pl := range set.plurals {
		k := set.byPlural[pl].k
		fmt.Fprintf(sum, "%s/%s/%s/%s\n", pl, k.Kind, k.Singular, k.SchemaJSON)
	}
	fp := hex.EncodeToString(sum.Sum(nil))[:16]
	if fp == r.published {
		return
	}
	g := r.s.generic
	gv := metav1.GroupVersion{Group: AppsGroup, Version: Version}
	if len(set.plurals) == 0 {
		g.DiscoveryGroupManager.RemoveGroup(AppsGroup)
		g.AggregatedDiscoveryGroupManager.RemoveGroup(AppsGroup)
	} else {
		gvd := metav1.GroupVersionForDiscovery{GroupVersion: AppsGV.String(), Version: Version}
		g.DiscoveryGroupManager.AddGroup(metav1.APIGroup{Name: AppsGroup, Versions: []metav1.GroupVersionForDiscovery{gvd}, PreferredVersion: gvd})
		var res []apidiscoveryv2.APIResourceDiscovery
		for _, ar := range r.resources(set) {
			res = append(res, apidiscoveryv2.APIResourceDiscovery{Resource: ar.Name, SingularResource: ar.SingularName,
				Scope: apidiscoveryv2.ScopeNamespace, Verbs: ar.Verbs,
				ResponseKind: &metav1.GroupVersionKind{Group: AppsGroup, Version: Version, Kind: ar.Kind}})
		}
		g.AggregatedDiscoveryGroupManager.AddGroupVersion(AppsGroup, apidiscoveryv2.APIVersionDiscovery{Version: Version,
			Resources: res, Freshness: apidiscoveryv2.DiscoveryFreshnessCurrent})
		g.AggregatedDiscoveryGroupManager.SetGroupVersionPriority(gv, 1000, 15)
	}
	if g.OpenAPIV3VersionedService != nil {
		g.OpenAPIV3VersionedService.UpdateGroupVersion("apis/"+AppsGroup+"/"+Version, openAPI(set))
	}
	r.published = fp
	go r.s.touchAPIService(APIServiceName(AppsGV), fp)
}

// APIServiceName is the APIService of a group-version ("v1alpha1.apps.cozystack.io").
func APIServiceName(gv schema.GroupVersion) string { return gv.Version + "." + gv.Group }

// touchAPIService records the served kinds on the APIService: an update makes
// the kube-apiserver's aggregator fetch this server's discovery again.
func (s *Server) touchAPIService(name, fingerprint string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	patch := fmt.Sprintf(`{"metadata":{"annotations":{%q:%q}}}`, p.AnnServedKinds, fingerprint)
	_, err := s.dyn.Resource(p.APIServiceGVR).Patch(ctx, name, types.MergePatchType, []byte(patch), metav1.PatchOptions{})
	if err != nil && !apierrors.IsNotFound(err) { // not registered yet: registering reads discovery anyway
		klog.Warningf("cozystack-api: announcing kinds on APIService %s: %v", name, err)
	}
}

// serveGroup answers /apis/apps.cozystack.io.
func (r *registry) serveGroup(w http.ResponseWriter, req *http.Request) {
	if len(r.cur.Load().plurals) == 0 {
		http.NotFound(w, req)
		return
	}
	gvd := metav1.GroupVersionForDiscovery{GroupVersion: AppsGV.String(), Version: Version}
	discovery.NewAPIGroupHandler(codecs, metav1.APIGroup{Name: AppsGroup, Versions: []metav1.GroupVersionForDiscovery{gvd},
		PreferredVersion: gvd}).ServeHTTP(w, req)
}

// serve answers everything below /apis/apps.cozystack.io/.
func (r *registry) serve(w http.ResponseWriter, req *http.Request) {
	set := r.cur.Load()
	info, ok := request.RequestInfoFrom(req.Context())
	if !ok {
		responsewriters.InternalError(w, req, fmt.Errorf("no request info"))
		return
	}
	if !info.IsResourceRequest {
		if strings.TrimSuffix(info.Path, "/") == "/apis/"+AppsGroup+"/"+Version && len(set.plurals) > 0 {
			discovery.NewAPIVersionHandler(codecs, AppsGV, discovery.APIResourceListerFunc(func() []metav1.APIResource {
				return r.resources(set)
			})).ServeHTTP(w, req)
			return
		}
		http.NotFound(w, req)
		return
	}
	sk := set.byPlural[info.Resource]
	if info.APIVersion != Version || sk == nil || info.Subresource != "" {
		responsewriters.ErrorNegotiated(apierrors.NewNotFound(schema.GroupResource{Group: AppsGroup, Resource: info.Resource}, info.Name),
			codecs, AppsGV, w, req)
		return
	}
	serveVerb(w, req, info, sk.storage, sk.scope, minRequestTimeout)
}

// serveVerb runs the kube-apiserver's own handlers on a storage.
func serveVerb(w http.ResponseWriter, req *http.Request, info *request.RequestInfo, st any, scope *handlers.RequestScope, minTimeout time.Duration) {
	var h http.HandlerFunc
	switch info.Verb {
	case "get":
		h = handlers.GetResource(st.(rest.Getter), scope)
	case "list":
		h = handlers.ListResource(st.(rest.Lister), st.(rest.Watcher), scope, false, minTimeout)
	case "watch":
		h = handlers.ListResource(st.(rest.Lister), st.(rest.Watcher), scope, true, minTimeout)
	case "create":
		if c, ok := st.(rest.Creater); ok {
			h = handlers.CreateResource(c, scope, nil)
		}
	case "update":
		if u, ok := st.(rest.Updater); ok {
			h = handlers.UpdateResource(u, scope, nil)
		}
	case "patch":
		if u, ok := st.(rest.Patcher); ok {
			h = handlers.PatchResource(u, scope, nil, []string{"application/json-patch+json", "application/merge-patch+json",
				"application/apply-patch+yaml"})
		}
	case "delete":
		if d, ok := st.(rest.GracefulDeleter); ok {
			h = handlers.DeleteResource(d, true, scope, nil)
		}
	}
	if h == nil {
		responsewriters.ErrorNegotiated(apierrors.NewMethodNotSupported(scope.Resource.GroupResource(), info.Verb),
			codecs, scope.Kind.GroupVersion(), w, req)
		return
	}
	h(w, req)
}

// openAPI is the group-version's OpenAPI v3 document: one schema per kind,
// its spec the definition's schema (kubectl explain reads it).
func openAPI(set *kindSet) *spec3.OpenAPI {
	doc := &spec3.OpenAPI{Version: "3.0.0", Info: &spec.Info{InfoProps: spec.InfoProps{Title: "cozystack-api", Version: Version}},
		Paths: &spec3.Paths{Paths: map[string]*spec3.Path{}}, Components: &spec3.Components{Schemas: map[string]*spec.Schema{}}}
	for _, pl := range set.plurals {
		k := set.byPlural[pl].k
		var specSchema spec.Schema
		if k.SchemaJSON != "" {
			if err := json.Unmarshal([]byte(k.SchemaJSON), &specSchema); err != nil {
				specSchema = spec.Schema{}
			}
		}
		name := "io.cozystack.apps." + Version + "." + k.Kind
		s := spec.Schema{SchemaProps: spec.SchemaProps{
			Description: k.Kind + " is an application of the platform, stored as the HelmRelease " + k.Prefix + "<name>.",
			Type:        []string{"object"},
			Properties: map[string]spec.Schema{
				"apiVersion": {SchemaProps: spec.SchemaProps{Type: []string{"string"}, Description: "APIVersion of the object: " + AppsGV.String()}},
				"kind":       {SchemaProps: spec.SchemaProps{Type: []string{"string"}, Description: "Kind of the object: " + k.Kind}},
				"metadata":   {SchemaProps: spec.SchemaProps{Type: []string{"object"}, Description: "Standard object metadata (rebuilt from the release on every read)."}},
				"spec":       specSchema,
				"status": {SchemaProps: spec.SchemaProps{Type: []string{"object"}, Description: "Conditions from the release and its workloads; version: the chart version last attempted.",
					AdditionalProperties: &spec.SchemaOrBool{Allows: true}}},
			},
		}}
		s.AddExtension("x-kubernetes-group-version-kind", []any{map[string]any{"group": AppsGroup, "version": Version, "kind": k.Kind}})
		doc.Components.Schemas[name] = &s
		ref := spec.MustCreateRef("#/components/schemas/" + name)
		body := &spec3.MediaType{MediaTypeProps: spec3.MediaTypeProps{Schema: &spec.Schema{SchemaProps: spec.SchemaProps{Ref: ref}}}}
		ok := &spec3.Responses{ResponsesProps: spec3.ResponsesProps{StatusCodeResponses: map[int]*spec3.Response{
			200: {ResponseProps: spec3.ResponseProps{Description: "OK", Content: map[string]*spec3.MediaType{"application/json": body}}}}}}
		get := &spec3.Operation{OperationProps: spec3.OperationProps{OperationId: "read" + k.Kind, Responses: ok}}
		// kubectl explain finds a resource's kind by its path's operation.
		get.AddExtension("x-kubernetes-group-version-kind", map[string]any{"group": AppsGroup, "version": Version, "kind": k.Kind})
		doc.Paths.Paths["/apis/"+AppsGroup+"/"+Version+"/namespaces/{namespace}/"+pl+"/{name}"] = &spec3.Path{PathProps: spec3.PathProps{Get: get}}
	}
	return doc
}

// minRequestTimeout is the shortest a watch runs before the server ends it
// (each runs a random 1-2 times this, unless the client asks for less), as
// the kube-apiserver's default.
const minRequestTimeout = 30 * time.Minute
