package appserver

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	apidiscoveryv2 "k8s.io/api/apidiscovery/v2"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/endpoints/discovery"
	"k8s.io/apiserver/pkg/endpoints/handlers"
	"k8s.io/apiserver/pkg/endpoints/handlers/responsewriters"
	"k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/klog/v2"

	p "nestdeck/sandbox/internal/platform"
)

// optionsResource is core.cozystack.io/v1alpha1 options: read-only, one
// object per source of x-cozystack-options, computed on read with the
// server's own rights, so that tenant users (who cannot list instance types
// or storage classes) get their forms' dropdowns.
type optionsResource struct {
	s     *Server
	scope *handlers.RequestScope
}

var (
	_ rest.Getter         = (*optionsResource)(nil)
	_ rest.Lister         = (*optionsResource)(nil)
	_ rest.Watcher        = (*optionsResource)(nil)
	_ rest.TableConvertor = (*optionsResource)(nil)
)

const optionsPlural = "options"

func newOptionsResource(s *Server) *optionsResource {
	o := &optionsResource{s: s}
	scope, err := requestScope(CoreGV.WithResource(optionsPlural), "Option", true, o, s.generic.Authorizer)
	if err != nil {
		panic("options: " + err.Error()) // static: a programming error
	}
	o.scope = scope
	return o
}

type optionItem struct {
	Value, Label, Description string
	Default                   bool
}

// sources are the option providers, by source name.
func (o *optionsResource) sources() map[string]func(ctx context.Context) ([]optionItem, error) {
	return map[string]func(ctx context.Context) ([]optionItem, error){
		"instancetype": o.instanceTypes,
		"storageclass": o.storageClasses,
		"gpu":          func(context.Context) ([]optionItem, error) { return gpuItems(), nil },
	}
}

func (o *optionsResource) instanceTypes(ctx context.Context) ([]optionItem, error) {
	list, err := o.s.dyn.Resource(p.InstancetypeGVR).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	var out []optionItem
	for _, it := range list.Items {
		cpu, _, _ := unstructured.NestedInt64(it.Object, "spec", "cpu", "guest")
		mem, _, _ := unstructured.NestedString(it.Object, "spec", "memory", "guest")
		out = append(out, optionItem{Value: it.GetName(), Label: fmt.Sprintf("%s (%d vCPU, %s)", it.GetName(), cpu, mem),
			Description: it.GetAnnotations()["instancetype.kubevirt.io/description"]})
	}
	return out, nil
}

func (o *optionsResource) storageClasses(ctx context.Context) ([]optionItem, error) {
	list, err := o.s.kube.StorageV1().StorageClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	var out []optionItem
	for _, sc := range list.Items {
		item := optionItem{Value: sc.Name, Label: sc.Name, Description: "provisioner " + sc.Provisioner}
		if sc.Annotations["storageclass.kubernetes.io/is-default-class"] == "true" {
			item.Default, item.Label = true, sc.Name+" (default)"
		}
		out = append(out, item)
	}
	return out, nil
}

func gpuItems() []optionItem {
	var out []optionItem
	for _, g := range p.GPUs {
		out = append(out, optionItem{Value: g.Resource, Label: g.Model, Description: fmt.Sprintf("%d available", g.Available)})
	}
	return out
}

func (o *optionsResource) object(ns, name string, items []optionItem) *unstructured.Unstructured {
	sort.Slice(items, func(i, j int) bool { return items[i].Value < items[j].Value })
	list := make([]any, 0, len(items))
	for _, it := range items {
		e := obj{"value": it.Value}
		if it.Label != "" {
			e["label"] = it.Label
		}
		if it.Description != "" {
			e["description"] = it.Description
		}
		if it.Default {
			e["default"] = true
		}
		list = append(list, e)
	}
	u := &unstructured.Unstructured{Object: obj{"spec": obj{"items": list}}}
	u.SetAPIVersion(CoreGV.String())
	u.SetKind("Option")
	u.SetName(name)
	u.SetNamespace(ns)
	u.SetResourceVersion("0")
	return u
}

func (o *optionsResource) New() runtime.Object {
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(CoreGV.WithKind("Option"))
	return u
}

func (o *optionsResource) NewList() runtime.Object {
	l := &unstructured.UnstructuredList{}
	l.SetGroupVersionKind(CoreGV.WithKind("OptionList"))
	return l
}

func (o *optionsResource) Destroy()              {}
func (o *optionsResource) NamespaceScoped() bool { return true }

func (o *optionsResource) Get(ctx context.Context, name string, _ *metav1.GetOptions) (runtime.Object, error) {
	src, ok := o.sources()[name]
	if !ok {
		return nil, apierrors.NewNotFound(schema.GroupResource{Group: CoreGroup, Resource: optionsPlural}, name)
	}
	items, err := src(ctx)
	if err != nil {
		return nil, apierrors.NewInternalError(fmt.Errorf("compute options for %q: %w", name, err))
	}
	ns, _ := request.NamespaceFrom(ctx)
	return o.object(ns, name, items), nil
}

func (o *optionsResource) List(ctx context.Context, _ *metainternalversion.ListOptions) (runtime.Object, error) {
	ns, _ := request.NamespaceFrom(ctx)
	list := o.NewList().(*unstructured.UnstructuredList)
	list.SetResourceVersion("0")
	var names []string
	for n := range o.sources() {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		items, err := o.sources()[n](ctx)
		if err != nil { // one failing source does not take the others' dropdowns
			klog.Warningf("cozystack-api: options %s: %v", n, err)
			continue
		}
		list.Items = append(list.Items, *o.object(ns, n, items))
	}
	return list, nil
}

// Watch sends the current options once, then stays open.
func (o *optionsResource) Watch(ctx context.Context, opts *metainternalversion.ListOptions) (watch.Interface, error) {
	events := make(chan watch.Event)
	w := watch.NewProxyWatcher(events)
	go func() {
		defer w.Stop()
		list, err := o.List(ctx, opts)
		if err == nil {
			for i := range list.(*unstructured.UnstructuredList).Items {
				select {
				case events <- watch.Event{Type: watch.Added, Object: &list.(*unstructured.UnstructuredList).Items[i]}:
				case <-ctx.Done():
					return
				case <-w.StopChan():
					return
				}
			}
		}
		select {
		case <-ctx.Done():
		case <-w.StopChan():
		}
	}()
	return w, nil
}

func (o *optionsResource) ConvertToTable(_ context.Context, obj runtime.Object, _ runtime.Object) (*metav1.Table, error) {
	t := &metav1.Table{ColumnDefinitions: []metav1.TableColumnDefinition{
		{Name: "Name", Type: "string", Format: "name"}, {Name: "Items", Type: "integer"}}}
	row := func(u *unstructured.Unstructured) metav1.TableRow {
		items, _, _ := unstructured.NestedSlice(u.Object, "spec", "items")
		return metav1.TableRow{Cells: []any{u.GetName(), int64(len(items))}, Object: runtime.RawExtension{Object: u}}
	}
	switch v := obj.(type) {
	case *unstructured.UnstructuredList:
		for i := range v.Items {
			t.Rows = append(t.Rows, row(&v.Items[i]))
		}
	case *unstructured.Unstructured:
		t.Rows = append(t.Rows, row(v))
	default:
		return nil, fmt.Errorf("cannot print %T", obj)
	}
	return t, nil
}

func (o *optionsResource) publish() {
	g := o.s.generic
	gvd := metav1.GroupVersionForDiscovery{GroupVersion: CoreGV.String(), Version: Version}
	g.DiscoveryGroupManager.AddGroup(metav1.APIGroup{Name: CoreGroup, Versions: []metav1.GroupVersionForDiscovery{gvd}, PreferredVersion: gvd})
	g.AggregatedDiscoveryGroupManager.AddGroupVersion(CoreGroup, apidiscoveryv2.APIVersionDiscovery{Version: Version,
		Freshness: apidiscoveryv2.DiscoveryFreshnessCurrent,
		Resources: []apidiscoveryv2.APIResourceDiscovery{{Resource: optionsPlural, SingularResource: "option",
			Scope: apidiscoveryv2.ScopeNamespace, Verbs: []string{"get", "list", "watch"},
			ResponseKind: &metav1.GroupVersionKind{Group: CoreGroup, Version: Version, Kind: "Option"}}}})
	g.AggregatedDiscoveryGroupManager.SetGroupVersionPriority(metav1.GroupVersion{Group: CoreGroup, Version: Version}, 1000, 15)
}

func (o *optionsResource) resources() []metav1.APIResource {
	return []metav1.APIResource{{Name: optionsPlural, SingularName: "option", Namespaced: true, Kind: "Option",
		Verbs: metav1.Verbs{"get", "list", "watch"}}}
}

func (o *optionsResource) serveGroup(w http.ResponseWriter, req *http.Request) {
	gvd := metav1.GroupVersionForDiscovery{GroupVersion: CoreGV.String(), Version: Version}
	discovery.NewAPIGroupHandler(codecs, metav1.APIGroup{Name: CoreGroup, Versions: []metav1.GroupVersionForDiscovery{gvd},
		PreferredVersion: gvd}).ServeHTTP(w, req)
}

func (o *optionsResource) serve(w http.ResponseWriter, req *http.Request) {
	info, ok := request.RequestInfoFrom(req.Context())
	if !ok {
		responsewriters.InternalError(w, req, fmt.Errorf("no request info"))
		return
	}
	if !info.IsResourceRequest {
		if strings.TrimSuffix(info.Path, "/") == "/apis/"+CoreGroup+"/"+Version {
			discovery.NewAPIVersionHandler(codecs, CoreGV, discovery.APIResourceListerFunc(o.resources)).ServeHTTP(w, req)
			return
		}
		http.NotFound(w, req)
		return
	}
	if info.APIVersion != Version || info.Resource != optionsPlural || info.Subresource != "" {
		responsewriters.ErrorNegotiated(apierrors.NewNotFound(schema.GroupResource{Group: CoreGroup, Resource: info.Resource}, info.Name),
			codecs, CoreGV, w, req)
		return
	}
	serveVerb(w, req, info, o, o.scope, minRequestTimeout)
}
