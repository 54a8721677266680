package appserver

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/validation/field"

	p "nestdeck/sandbox/internal/platform"
)

// tenantNamespaceErrors: a tenant's namespace joins its ancestors' names, and
// must still be a DNS label (63 characters).
func tenantNamespaceErrors(parentNS, name string) field.ErrorList {
	ns := p.ChildNamespace(parentNS, name)
	if len(ns) <= 63 {
		return nil
	}
	return field.ErrorList{field.Invalid(field.NewPath("metadata", "name"), name,
		fmt.Sprintf("computed tenant namespace %q would be %d characters, which exceeds the 63-character Kubernetes namespace limit; "+
			"shorten the tenant name or reduce ancestor nesting depth", ns, len(ns)))}
}

// declaredQuotas reads spec.resourceQuotas of a tenant's values.
func declaredQuotas(spec any) map[string]resource.Quantity {
	m, _ := spec.(obj)
	q, _ := m["resourceQuotas"].(obj)
	out := map[string]resource.Quantity{}
	for k, v := range q {
		if parsed, err := resource.ParseQuantity(fmt.Sprint(v)); err == nil {
			out[k] = parsed
		}
	}
	return out
}

// parentRelease is the release of the tenant that owns namespace ns: tenant
// "x" created in P owns ChildNamespace(P, x).
func parentRelease(ns, prefix string) (name, namespace string, ok bool) {
	if ns == p.RootNamespace {
		return prefix + "root", p.RootNamespace, true
	}
	cut := strings.LastIndex(ns, "-")
	if !strings.HasPrefix(ns, "tenant-") || cut < 0 {
		return "", "", false
	}
	parentNS := ns[:cut]
	if parentNS == "tenant" {
		parentNS = p.RootNamespace
	}
	return prefix + ns[cut+1:], parentNS, true
}

// tenantQuotaErrors: a child tenant's declared quota must fit in what its
// parent declares minus what its siblings have declared already.
func (s *Server) tenantQuotaErrors(ctx context.Context, k *appKind, app *unstructured.Unstructured) field.ErrorList {
	want := declaredQuotas(app.Object["spec"])
	if len(want) == 0 {
		return nil
	}
	name, ns, ok := parentRelease(app.GetNamespace(), k.Prefix)
	if !ok {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	parent, err := s.dyn.Resource(p.HelmReleaseGVR).Namespace(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil { // no parent release (the sandbox's root): no quota declared above
		return nil
	}
	limits := declaredQuotas(unstructuredValues(parent))
	used := map[string]resource.Quantity{}
	for _, hr := range s.caches.releases(app.GetNamespace()) {
		if !k.isApplication(hr) || hr.GetName() == k.Prefix+app.GetName() || hr.GetDeletionTimestamp() != nil {
			continue
		}
		for key, q := range declaredQuotas(unstructuredValues(hr)) {
			sum := used[key]
			sum.Add(q)
			used[key] = sum
		}
	}
	keys := make([]string, 0, len(want))
	for key := range want {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	var errs field.ErrorList
	for _, key := range keys {
		limit, limited := limits[key]
		if !limited {
			continue
		}
		left := limit.DeepCopy()
		taken := used[key]
		left.Sub(taken)
		if q := want[key]; q.Cmp(left) > 0 {
			errs = append(errs, field.Invalid(field.NewPath("spec", "resourceQuotas").Key(key), q.String(),
				fmt.Sprintf("exceeds the parent tenant's remaining quota: %s declares %s, its other children %s, %s left",
					strings.TrimPrefix(name, k.Prefix), limit.String(), taken.String(), left.String())))
		}
	}
	return errs
}

func unstructuredValues(hr *unstructured.Unstructured) any {
	v, _, _ := unstructured.NestedFieldNoCopy(hr.Object, "spec", "values")
	return v
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func metav1ParseTime(v any) (time.Time, error) {
	s, _ := v.(string)
	return time.Parse(time.RFC3339, s)
}
