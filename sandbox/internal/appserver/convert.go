package appserver

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	p "nestdeck/sandbox/internal/platform"
)

type obj = map[string]any

// An application's labels and annotations live on its HelmRelease under this
// prefix (and are read back without it); the release's own are not the app's.
const metaPrefix = "apps.cozystack.io-"

// appKind is one application kind, read from its ApplicationDefinition.
type appKind struct {
	Kind, Plural, Singular string
	Definition             string // the ApplicationDefinition's name
	Prefix                 string // spec.release.prefix
	ReleaseLabels          map[string]string
	Chart                  obj // spec.release.chart
	Schema                 obj // the spec's JSON Schema (nil: none usable)
	SchemaJSON             string
	// NameCap is the longest name: 53 (Helm's release name limit) minus the
	// prefix and the longest suffix the kind's chart appends to it.
	NameCap int
}

// kindFromDefinition reads a definition; an error says why it cannot be served.
func kindFromDefinition(def *unstructured.Unstructured) (*appKind, error) {
	s := func(path ...string) string { v, _, _ := unstructured.NestedString(def.Object, path...); return v }
	k := &appKind{
		Kind: s("spec", "application", "kind"), Plural: s("spec", "application", "plural"),
		Singular: s("spec", "application", "singular"), Definition: def.GetName(),
		Prefix: s("spec", "release", "prefix"), SchemaJSON: s("spec", "application", "openAPISchema"),
	}
	if k.Kind == "" || k.Plural == "" {
		return nil, fmt.Errorf("ApplicationDefinition %s has no spec.application.kind or .plural", def.GetName())
	}
	if k.Singular == "" {
		k.Singular = strings.ToLower(k.Kind)
	}
	k.ReleaseLabels, _, _ = unstructured.NestedStringMap(def.Object, "spec", "release", "labels")
	k.Chart, _, _ = unstructured.NestedMap(def.Object, "spec", "release", "chart")
	if k.SchemaJSON != "" {
		var schema obj
		if err := jsonUnmarshal([]byte(k.SchemaJSON), &schema); err == nil {
			k.Schema = schema
		}
	}
	suffix, _ := strconv.Atoi(def.GetAnnotations()[p.AnnNameSuffix])
	k.NameCap = 53 - len(k.Prefix) - suffix
	return k, nil
}

var tenantName = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// validateName is what the platform checks of a new application's name.
func (k *appKind) validateName(name string) field.ErrorList {
	path := field.NewPath("metadata", "name")
	var errs field.ErrorList
	if name == "" {
		return append(errs, field.Required(path, "name is required"))
	}
	if k.Kind == "Tenant" && !tenantName.MatchString(name) {
		return append(errs, field.Invalid(path, name,
			"tenant names must start with a lowercase letter and contain only lowercase letters and digits; dashes are not allowed"))
	}
	for _, msg := range validation.IsDNS1035Label(name) {
		errs = append(errs, field.Invalid(path, name, msg))
	}
	if len(name) > k.NameCap {
		errs = append(errs, field.Invalid(path, name, fmt.Sprintf("must be no more than %d characters (release prefix %q)", k.NameCap, k.Prefix)))
	}
	return errs
}

// sortedKeys: a map's keys in order, so that what is said of it is the same every time.
func sortedKeys(m obj) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// reservedKey finds a key beginning with "_" anywhere in v: the platform
// keeps those for itself.
func reservedKey(v any, path string) string {
	switch t := v.(type) {
	case obj:
		for _, k := range sortedKeys(t) {
			if strings.HasPrefix(k, "_") {
				return path + "." + k
			}
			if found := reservedKey(t[k], path+"."+k); found != "" {
				return found
			}
		}
	case []any:
		for i, e := range t {
			if found := reservedKey(e, fmt.Sprintf("%s[%d]", path, i)); found != "" {
				return found
			}
		}
	}
	return ""
}

// ignoredKeys lists the keys of a spec that its schema does not declare (where
// the schema closes its object): the platform keeps them, its chart ignores them.
func ignoredKeys(v any, schema obj, path string) []string {
	m, ok := v.(obj)
	if !ok || schema == nil {
		if l, isList := v.([]any); isList && schema != nil {
			items, _ := schema["items"].(obj)
			var out []string
			for i, e := range l {
				out = append(out, ignoredKeys(e, items, fmt.Sprintf("%s[%d]", path, i))...)
			}
			return out
		}
		return nil
	}
	if preserve, _ := schema["x-kubernetes-preserve-unknown-fields"].(bool); preserve {
		return nil
	}
	props, _ := schema["properties"].(obj)
	ap, apIsSchema := schema["additionalProperties"].(obj)
	apAllowed, _ := schema["additionalProperties"].(bool)
	var out []string
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		sub, known := props[k].(obj)
		switch {
		case known:
			out = append(out, ignoredKeys(m[k], sub, path+"."+k)...)
		case apIsSchema:
			out = append(out, ignoredKeys(m[k], ap, path+"."+k)...)
		case apAllowed || props == nil:
		default:
			out = append(out, path+"."+k)
		}
	}
	return out
}

// legacyPresets: the flat preset names of older releases, and what each is now
// (the same CPU and memory).
var legacyPresets = map[string]string{
	"nano": "t1.nano", "micro": "t1.micro", "small": "t1.small", "medium": "c1.small",
	"large": "c1.medium", "xlarge": "c1.large", "2xlarge": "c1.xlarge",
}

// warnings are what the platform says of a spec it accepts: legacy presets and
// keys it ignores.
func (k *appKind) warnings(spec any) []string {
	var out []string
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch t := v.(type) {
		case obj:
			for _, key := range sortedKeys(t) {
				if s, ok := t[key].(string); ok && key == "resourcesPreset" {
					if repl, legacy := legacyPresets[s]; legacy {
						out = append(out, fmt.Sprintf("%s.%s: %q is a deprecated resource preset; use %q (the same CPU and memory)",
							path, key, s, repl))
					}
				}
				walk(t[key], path+"."+key)
			}
		case []any:
			for i, e := range t {
				walk(e, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(spec, "spec")
	for _, key := range ignoredKeys(spec, k.Schema, "spec") {
		out = append(out, fmt.Sprintf("%s is not a parameter of %s: it is kept, and ignored", key, k.Kind))
	}
	return out
}

// toRelease builds the HelmRelease that stores an application.
func (k *appKind) toRelease(app *unstructured.Unstructured) *unstructured.Unstructured {
	hr := p.New(p.KindOf(p.HelmReleaseGVR), app.GetNamespace(), k.Prefix+app.GetName())
	labels := map[string]string{}
	for key, v := range k.ReleaseLabels {
		labels[key] = v
	}
	for key, v := range app.GetLabels() {
		labels[metaPrefix+key] = v
	}
	labels[p.LabelAppKind], labels[p.LabelAppGroup], labels[p.LabelAppName] = k.Kind, AppsGroup, app.GetName()
	hr.SetLabels(labels)
	if ann := app.GetAnnotations(); len(ann) > 0 {
		prefixed := map[string]string{}
		for key, v := range ann {
			prefixed[metaPrefix+key] = v
		}
		hr.SetAnnotations(prefixed)
	}
	values, _ := app.Object["spec"].(obj)
	if values == nil {
		values = obj{}
	}
	chart := obj{"chart": k.Chart["name"]}
	if ref, ok := k.Chart["sourceRef"]; ok {
		chart["sourceRef"] = ref
	}
	hr.Object["spec"] = obj{
		"chart":       obj{"spec": chart},
		"interval":    "5m",
		"releaseName": hr.GetName(),
		"install":     obj{"remediation": obj{"retries": int64(-1)}},
		"upgrade":     obj{"remediation": obj{"retries": int64(-1)}},
		"valuesFrom":  []any{obj{"kind": "Secret", "name": "cozystack-values"}},
		"values":      values,
	}
	return hr
}

// fromRelease rebuilds an application from its HelmRelease, as every read
// does: metadata from the release, spec = values with defaults, status from
// the release's conditions and the app's WorkloadMonitors.
func (k *appKind) fromRelease(hr *unstructured.Unstructured, monitors []*unstructured.Unstructured) *unstructured.Unstructured {
	app := &unstructured.Unstructured{Object: obj{}}
	app.SetAPIVersion(AppsGV.String())
	app.SetKind(k.Kind)
	name := strings.TrimPrefix(hr.GetName(), k.Prefix)
	app.SetName(name)
	app.SetNamespace(hr.GetNamespace())
	app.SetUID(hr.GetUID())
	app.SetResourceVersion(hr.GetResourceVersion())
	app.SetCreationTimestamp(hr.GetCreationTimestamp())
	app.SetDeletionTimestamp(hr.GetDeletionTimestamp())
	if l := unprefixed(hr.GetLabels()); len(l) > 0 {
		app.SetLabels(l)
	}
	if a := unprefixed(hr.GetAnnotations()); len(a) > 0 {
		app.SetAnnotations(a)
	}
	values, _, _ := unstructured.NestedFieldCopy(hr.Object, "spec", "values")
	spec, _ := values.(obj)
	if spec == nil {
		spec = obj{}
	}
	for key := range spec {
		if strings.HasPrefix(key, "_") { // the platform's own, never shown
			delete(spec, key)
		}
	}
	app.Object["spec"] = p.WithDefaults(spec, k.Schema)

	status := obj{}
	var conds []any
	hrConds, _, _ := unstructured.NestedSlice(hr.Object, "status", "conditions")
	latest := hr.GetCreationTimestamp().Time
	for _, c := range hrConds {
		cm, _ := c.(obj)
		if t, _ := cm["type"].(string); t == "Ready" || t == "Released" {
			conds = append(conds, obj{"type": t, "status": cm["status"], "reason": cm["reason"], "message": cm["message"],
				"lastTransitionTime": cm["lastTransitionTime"]})
			if ts, err := metav1ParseTime(cm["lastTransitionTime"]); err == nil && ts.After(latest) {
				latest = ts
			}
		}
	}
	if len(monitors) > 0 {
		operational, unknown := true, false
		for _, m := range monitors {
			switch v, found, _ := unstructured.NestedBool(m.Object, "status", "operational"); {
			case !found:
				unknown = true
			case !v:
				operational = false
			}
		}
		wl := obj{"type": "WorkloadsReady", "reason": "WorkloadMonitorCheck", "lastTransitionTime": latest.UTC().Format("2006-01-02T15:04:05Z")}
		switch {
		case !operational:
			wl["status"], wl["message"] = "False", "One or more workloads are not operational"
		case unknown:
			wl["status"], wl["reason"], wl["message"] = "Unknown", "Pending", "One or more workloads have not been reconciled yet"
		default:
			wl["status"], wl["message"] = "True", "All workloads are operational"
		}
		conds = append(conds, wl)
	}
	if len(conds) > 0 {
		status["conditions"] = conds
	}
	if v, _, _ := unstructured.NestedString(hr.Object, "status", "lastAttemptedRevision"); v != "" {
		status["version"] = v
	}
	if k.Kind == "Tenant" {
		status["namespace"] = p.ChildNamespace(hr.GetNamespace(), name)
	}
	app.Object["status"] = status
	return app
}

func unprefixed(m map[string]string) map[string]string {
	out := map[string]string{}
	for key, v := range m {
		if strings.HasPrefix(key, metaPrefix) {
			out[strings.TrimPrefix(key, metaPrefix)] = v
		}
	}
	return out
}

// isApplication: a release that stores an application of this kind.
func (k *appKind) isApplication(hr *unstructured.Unstructured) bool {
	l := hr.GetLabels()
	return l[p.LabelAppKind] == k.Kind && l[p.LabelAppGroup] == AppsGroup && hr.GetName() == k.Prefix+l[p.LabelAppName]
}
