package appserver

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/selection"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/warning"
	"k8s.io/client-go/util/retry"

	p "nestdeck/sandbox/internal/platform"
)

// appStorage serves one application kind from HelmReleases.
type appStorage struct {
	s *Server
	k *appKind
}

var (
	_ rest.Getter          = (*appStorage)(nil)
	_ rest.Lister          = (*appStorage)(nil)
	_ rest.Watcher         = (*appStorage)(nil)
	_ rest.Creater         = (*appStorage)(nil)
	_ rest.Updater         = (*appStorage)(nil)
	_ rest.GracefulDeleter = (*appStorage)(nil)
	_ rest.TableConvertor  = (*appStorage)(nil)
)

func (a *appStorage) gr() schema.GroupResource {
	return schema.GroupResource{Group: AppsGroup, Resource: a.k.Plural}
}

func (a *appStorage) New() runtime.Object {
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(AppsGV.WithKind(a.k.Kind))
	return u
}

func (a *appStorage) NewList() runtime.Object {
	l := &unstructured.UnstructuredList{}
	l.SetGroupVersionKind(AppsGV.WithKind(a.k.Kind + "List"))
	return l
}

func (a *appStorage) Destroy()              {}
func (a *appStorage) NamespaceScoped() bool { return true }

func (a *appStorage) releases(ns string) interface {
	Get(context.Context, string, metav1.GetOptions, ...string) (*unstructured.Unstructured, error)
} {
	return a.s.dyn.Resource(p.HelmReleaseGVR).Namespace(ns)
}

func (a *appStorage) convert(hr *unstructured.Unstructured) *unstructured.Unstructured {
	return a.k.fromRelease(hr, a.s.caches.monitors(hr.GetNamespace(), a.k.Kind, strings.TrimPrefix(hr.GetName(), a.k.Prefix)))
}

// liveRelease reads the release of an application from the kube-apiserver
// (not the cache: a read after a write sees the write).
func (a *appStorage) liveRelease(ctx context.Context, ns, name string) (*unstructured.Unstructured, error) {
	hr, err := a.s.dyn.Resource(p.HelmReleaseGVR).Namespace(ns).Get(ctx, a.k.Prefix+name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) || (err == nil && !a.k.isApplication(hr)) {
		return nil, apierrors.NewNotFound(a.gr(), name)
	}
	return hr, err
}

func (a *appStorage) Get(ctx context.Context, name string, _ *metav1.GetOptions) (runtime.Object, error) {
	ns, _ := request.NamespaceFrom(ctx)
	hr, err := a.liveRelease(ctx, ns, name)
	if err != nil {
		return nil, err
	}
	return a.convert(hr), nil
}

// selector maps an application label selector onto the releases' labels.
func (a *appStorage) selector(ls labels.Selector) (labels.Selector, error) {
	kind, _ := labels.NewRequirement(p.LabelAppKind, selection.Equals, []string{a.k.Kind})
	group, _ := labels.NewRequirement(p.LabelAppGroup, selection.Equals, []string{AppsGroup})
	sel := labels.NewSelector().Add(*kind, *group)
	if ls != nil {
		reqs, _ := ls.Requirements()
		for _, r := range reqs {
			prefixed, err := labels.NewRequirement(metaPrefix+r.Key(), r.Operator(), r.Values().List())
			if err != nil {
				return nil, apierrors.NewBadRequest(err.Error())
			}
			sel = sel.Add(*prefixed)
		}
	}
	return sel, nil
}

// fieldFilter: the platform's lists and watches understand metadata.name and
// metadata.namespace, nothing else.
func fieldFilter(fs fields.Selector) (func(name, ns string) bool, error) {
	if fs == nil || fs.Empty() {
		return func(string, string) bool { return true }, nil
	}
	for _, r := range fs.Requirements() {
		if r.Field != "metadata.name" && r.Field != "metadata.namespace" {
			return nil, apierrors.NewBadRequest(fmt.Sprintf("field label not supported: %s", r.Field))
		}
	}
	return func(name, ns string) bool {
		return fs.Matches(fields.Set{"metadata.name": name, "metadata.namespace": ns})
	}, nil
}

// List is served from the server's cache of releases: label selectors work,
// field selectors on name and namespace, limit and continue are ignored (one
// response holds every item), and the resourceVersion is the highest of the
// items' (the cache has none of its own).
func (a *appStorage) List(ctx context.Context, o *metainternalversion.ListOptions) (runtime.Object, error) {
	ns, _ := request.NamespaceFrom(ctx)
	var ls labels.Selector
	var fs fields.Selector
	if o != nil {
		ls, fs = o.LabelSelector, o.FieldSelector
	}
	sel, err := a.selector(ls)
	if err != nil {
		return nil, err
	}
	match, err := fieldFilter(fs)
	if err != nil {
		return nil, err
	}
	list := a.NewList().(*unstructured.UnstructuredList)
	var maxRV uint64
	for _, hr := range a.s.caches.releases(ns) {
		if !sel.Matches(labels.Set(hr.GetLabels())) || !a.k.isApplication(hr) {
			continue
		}
		app := a.convert(hr)
		if !match(app.GetName(), app.GetNamespace()) {
			continue
		}
		if rv, err := strconv.ParseUint(hr.GetResourceVersion(), 10, 64); err == nil && rv > maxRV {
			maxRV = rv
		}
		list.Items = append(list.Items, *app)
	}
	sort.Slice(list.Items, func(i, j int) bool {
		if list.Items[i].GetNamespace() != list.Items[j].GetNamespace() {
			return list.Items[i].GetNamespace() < list.Items[j].GetNamespace()
		}
		return list.Items[i].GetName() < list.Items[j].GetName()
	})
	if maxRV > 0 {
		list.SetResourceVersion(strconv.FormatUint(maxRV, 10))
	}
	return list, nil
}

// checkSpec is what the platform refuses of a spec (on create and update) and
// warns about.
func (a *appStorage) checkSpec(ctx context.Context, app *unstructured.Unstructured) error {
	spec := app.Object["spec"]
	if key := reservedKey(spec, "spec"); key != "" {
		return apierrors.NewBadRequest(fmt.Sprintf("values key %q is reserved (keys starting with '_' are not allowed)",
			strings.TrimPrefix(key, "spec.")))
	}
	if a.k.Kind == "Tenant" {
		if errs := a.s.tenantQuotaErrors(ctx, a.k, app); len(errs) > 0 {
			return apierrors.NewInvalid(AppsGV.WithKind(a.k.Kind).GroupKind(), app.GetName(), errs)
		}
	}
	for _, w := range a.k.warnings(spec) {
		warning.AddWarning(ctx, "", w)
	}
	return nil
}

func (a *appStorage) Create(ctx context.Context, o runtime.Object, validate rest.ValidateObjectFunc, opts *metav1.CreateOptions) (runtime.Object, error) {
	app, ok := o.(*unstructured.Unstructured)
	if !ok {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("not an application: %T", o))
	}
	gk := AppsGV.WithKind(a.k.Kind).GroupKind()
	if errs := a.k.validateName(app.GetName()); len(errs) > 0 {
		return nil, apierrors.NewInvalid(gk, app.GetName(), errs)
	}
	if a.k.Kind == "Tenant" {
		if errs := tenantNamespaceErrors(app.GetNamespace(), app.GetName()); len(errs) > 0 {
			return nil, apierrors.NewInvalid(gk, app.GetName(), errs)
		}
	}
	if err := a.checkSpec(ctx, app); err != nil {
		return nil, err
	}
	if validate != nil {
		if err := validate(ctx, o); err != nil {
			return nil, err
		}
	}
	hr := a.k.toRelease(app)
	created, err := a.s.dyn.Resource(p.HelmReleaseGVR).Namespace(hr.GetNamespace()).Create(ctx, hr,
		metav1.CreateOptions{DryRun: opts.DryRun, FieldManager: "cozystack-api"})
	if apierrors.IsAlreadyExists(err) {
		return nil, apierrors.NewAlreadyExists(a.gr(), app.GetName())
	}
	if err != nil {
		return nil, err
	}
	return a.convert(created), nil
}

// Update is applied to the live object: the kube-apiserver's patch handler
// has merged the client's patch into what Get returned (defaults filled in),
// and the release gets the whole result. The resourceVersion the client sent
// is no precondition: a conflict with a concurrent write of the release is
// retried on the newer release, so the last writer wins. dryRun is ignored
// unless the server runs as a fixed release.
func (a *appStorage) Update(ctx context.Context, name string, info rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc,
	updateValidation rest.ValidateObjectUpdateFunc, forceCreate bool, opts *metav1.UpdateOptions) (runtime.Object, bool, error) {
	ns, _ := request.NamespaceFrom(ctx)
	old, err := a.Get(ctx, name, nil)
	if apierrors.IsNotFound(err) && forceCreate {
		o, err := info.UpdatedObject(ctx, nil)
		if err != nil {
			return nil, false, err
		}
		created, err := a.Create(ctx, o, createValidation, &metav1.CreateOptions{DryRun: opts.DryRun})
		return created, true, err
	}
	if err != nil {
		return nil, false, err
	}
	o, err := info.UpdatedObject(ctx, old)
	if err != nil {
		return nil, false, err
	}
	if updateValidation != nil {
		if err := updateValidation(ctx, o, old); err != nil {
			return nil, false, err
		}
	}
	app, ok := o.(*unstructured.Unstructured)
	if !ok {
		return nil, false, apierrors.NewBadRequest(fmt.Sprintf("not an application: %T", o))
	}
	app.SetName(name)
	app.SetNamespace(ns)
	if err := a.checkSpec(ctx, app); err != nil {
		return nil, false, err
	}
	want := a.k.toRelease(app)
	var stored *unstructured.Unstructured
	err = retry.RetryOnConflict(retry.DefaultBackoff, func() error {
		live, err := a.liveRelease(ctx, ns, name)
		if err != nil {
			return err
		}
		next := live.DeepCopy()
		next.Object["spec"].(obj)["values"] = want.Object["spec"].(obj)["values"]
		// The app's labels and annotations replace its prefixed ones; the
		// release's own (the platform's, Flux's) stay, as do its finalizers.
		next.SetLabels(mergePrefixed(live.GetLabels(), want.GetLabels()))
		next.SetAnnotations(mergePrefixed(live.GetAnnotations(), want.GetAnnotations()))
		if a.s.behaviour().DryRunOnUpdate && len(opts.DryRun) > 0 {
			stored = next
			return nil
		}
		stored, err = a.s.dyn.Resource(p.HelmReleaseGVR).Namespace(ns).Update(ctx, next, metav1.UpdateOptions{FieldManager: "cozystack-api"})
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return a.convert(stored), false, nil
}

// mergePrefixed: want's prefixed keys replace live's; live's other keys stay.
func mergePrefixed(live, want map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range live {
		if !strings.HasPrefix(k, metaPrefix) {
			out[k] = v
		}
	}
	for k, v := range want {
		if strings.HasPrefix(k, metaPrefix) {
			out[k] = v
		} else if _, kept := out[k]; !kept {
			out[k] = v
		}
	}
	return out
}

// Delete removes the release; dryRun and preconditions are passed on (the
// application's uid is the release's).
func (a *appStorage) Delete(ctx context.Context, name string, validate rest.ValidateObjectFunc, opts *metav1.DeleteOptions) (runtime.Object, bool, error) {
	ns, _ := request.NamespaceFrom(ctx)
	hr, err := a.liveRelease(ctx, ns, name)
	if err != nil {
		return nil, false, err
	}
	if validate != nil {
		if err := validate(ctx, a.convert(hr)); err != nil {
			return nil, false, err
		}
	}
	del := metav1.DeleteOptions{DryRun: opts.DryRun, Preconditions: opts.Preconditions, PropagationPolicy: opts.PropagationPolicy,
		GracePeriodSeconds: opts.GracePeriodSeconds}
	if err := a.s.dyn.Resource(p.HelmReleaseGVR).Namespace(ns).Delete(ctx, hr.GetName(), del); err != nil {
		if apierrors.IsNotFound(err) {
			return nil, false, apierrors.NewNotFound(a.gr(), name)
		}
		return nil, false, err
	}
	return nil, true, nil
}

// ConvertToTable: the columns cozystack-api prints.
func (a *appStorage) ConvertToTable(_ context.Context, o runtime.Object, opts runtime.Object) (*metav1.Table, error) {
	t := &metav1.Table{ColumnDefinitions: []metav1.TableColumnDefinition{
		{Name: "Name", Type: "string", Format: "name", Description: "Name of the application"},
		{Name: "Ready", Type: "string", Description: "Ready condition of the application"},
		{Name: "Age", Type: "string", Description: "Time since the application was created"},
		{Name: "Version", Type: "string", Description: "Chart version the release last attempted"},
	}}
	row := func(u *unstructured.Unstructured) metav1.TableRow {
		ready := "Unknown"
		conds, _, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
		for _, c := range conds {
			if cm, _ := c.(obj); cm["type"] == "Ready" {
				if s, _ := cm["status"].(string); s != "" {
					ready = s
				}
			}
		}
		version, _, _ := unstructured.NestedString(u.Object, "status", "version")
		if version == "" {
			version = "<unknown>"
		}
		return metav1.TableRow{Cells: []any{u.GetName(), ready, duration.HumanDuration(time.Since(u.GetCreationTimestamp().Time)), version},
			Object: runtime.RawExtension{Object: u}}
	}
	switch v := o.(type) {
	case *unstructured.UnstructuredList:
		for i := range v.Items {
			t.Rows = append(t.Rows, row(&v.Items[i]))
		}
		t.ResourceVersion = v.GetResourceVersion()
	case *unstructured.Unstructured:
		t.Rows = append(t.Rows, row(v))
		t.ResourceVersion = v.GetResourceVersion()
	default:
		return nil, fmt.Errorf("cannot print %T", o)
	}
	if to, ok := opts.(*metav1.TableOptions); ok && to != nil && to.NoHeaders {
		t.ColumnDefinitions = nil
	}
	return t, nil
}
