package e2e

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"

	p "nestdeck/sandbox/internal/platform"
	"nestdeck/sandbox/internal/seed"
)

var dryRun = metav1.CreateOptions{DryRun: []string{"All"}}

// appSchema is the parsed openAPISchema of an ApplicationDefinition.
func appSchema(t *testing.T, name string) map[string]any {
	t.Helper()
	ad := get(t, p.AppDefGVR, "", name)
	if ad == nil {
		t.Fatalf("ApplicationDefinition %s missing", name)
	}
	var schema map[string]any
	if err := json.Unmarshal([]byte(str(ad, "spec", "application", "openAPISchema")), &schema); err != nil {
		t.Fatalf("openAPISchema of %s is not a JSON string: %v", name, err)
	}
	return schema
}

// at is the value at a path of keys in a parsed schema, nil if absent.
func at(schema map[string]any, path ...string) any {
	v, _, _ := unstructured.NestedFieldNoCopy(schema, path...)
	return v
}

func TestApplicationDefinitionSchemasCoverFormConstructs(t *testing.T) {
	kube := appSchema(t, "kubernetes")
	rules, _ := at(kube, "x-kubernetes-validations").([]any)
	if len(rules) != 1 || at(rules[0].(map[string]any), "fieldPath") != ".addons.ingressNginx.enabled" {
		t.Errorf("kubernetes: spec-level ingress-nginx rule missing: %v", rules)
	}
	if at(kube, "properties", "nodeGroups", "maxProperties") == nil ||
		at(kube, "properties", "nodeGroups", "additionalProperties", "properties", "roles", "maxItems") == nil {
		t.Error("kubernetes: nodeGroups or roles unbounded")
	}
	tenant := appSchema(t, "tenant")
	if at(tenant, "properties", "resourceQuotas", "additionalProperties", "anyOf") == nil {
		t.Error("tenant: resourceQuotas is not a map of quantities")
	}

	pg := appSchema(t, "postgres")
	checks := map[string]bool{
		"number type":             at(pg, "properties", "postgresql", "properties", "parameters", "properties", "checkpoint_completion_target", "type") == "number",
		"maximum":                 at(pg, "properties", "replicas", "maximum") != nil,
		"oneOf":                   len(asList(at(pg, "properties", "bootstrap", "oneOf"))) == 2,
		"x-cozystack-options":     at(pg, "properties", "storageClass", "x-cozystack-options", "source") == "storageclass",
		"immutability rule":       strings.Contains(toJSON(at(pg, "properties", "storageClass", "x-kubernetes-validations")), "self == oldSelf"),
		"preserve-unknown-fields": at(pg, "properties", "valuesOverride", "x-kubernetes-preserve-unknown-fields") == true,
		"map of objects":          at(pg, "properties", "users", "additionalProperties", "properties", "replication") != nil,
		"enum items":              len(asList(at(pg, "properties", "databases", "additionalProperties", "properties", "extensions", "items", "enum"))) == 5,
		"pattern":                 at(pg, "properties", "backup", "properties", "retentionPolicy", "pattern") != nil,
		"format and examples": at(pg, "properties", "backup", "properties", "destinationPath", "format") == "uri" &&
			len(asList(at(pg, "properties", "backup", "properties", "destinationPath", "examples"))) == 1,
		"quantity": at(pg, "properties", "size", "x-kubernetes-int-or-string") == true,
	}
	for what, ok := range checks {
		if !ok {
			t.Errorf("postgres schema lacks %s", what)
		}
	}
	ad := get(t, p.AppDefGVR, "", "postgres")
	if str(ad, "spec", "release", "prefix") != "postgres-" || str(ad, "spec", "application", "plural") != "postgreses" ||
		!strings.Contains(str(ad, "spec", "secrets", "include"), "postgres-{{ .name }}-credentials") {
		t.Errorf("postgres ApplicationDefinition: %v", ad.Object["spec"])
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// causeFields are the fields a 422 names.
func causeFields(err error) []string {
	var st apierrors.APIStatus
	if !errors.As(err, &st) || st.Status().Details == nil {
		return nil
	}
	var out []string
	for _, c := range st.Status().Details.Causes {
		out = append(out, c.Field)
	}
	return out
}

// The server checks none of the schema (section 8): what a CRD would refuse,
// cozystack-api stores, and its chart fails on later. Clients check first.
func TestSchemaIsNotEnforcedByTheServer(t *testing.T) {
	kube := clients.Dyn.Resource(p.KubernetesGVR).Namespace(p.RootNamespace)
	g := map[string]any{"minReplicas": int64(1), "maxReplicas": int64(3), "instanceType": "u1.medium", "roles": []any{"worker"}}
	u := seed.Kubernetes(seed.ClusterSpec{Namespace: p.RootNamespace, Name: uniqueName("ingress"), Version: "v1.33",
		Addons: []string{"ingressNginx"}, Groups: map[string]map[string]any{"md0": g}})
	if _, err := kube.Create(ctx, u, dryRun); err != nil {
		t.Errorf("ingress-nginx without a node role (a CEL rule of the schema): the platform accepts it; got %v", err)
	}
	pg := clients.Dyn.Resource(p.PostgresGVR).Namespace(p.RootNamespace)
	type m = map[string]any
	for what, spec := range map[string]m{
		"replicas 0 (minimum)":            {"replicas": int64(0)},
		"unknown extension (enum)":        {"databases": m{"app": m{"extensions": []any{"plv8"}}}},
		"5-field cron (pattern)":          {"backup": m{"schedule": "0 2 * * *"}},
		"bootstrap with both (oneOf)":     {"bootstrap": m{"enabled": true, "oldName": "old", "recoveryTime": "2025-01-01T00:00:00Z"}},
		"resourcesPreset not in the enum": {"resourcesPreset": "huge"},
	} {
		if _, err := pg.Create(ctx, newPostgres(uniqueName("pg"), spec), dryRun); err != nil {
			t.Errorf("%s: the platform accepts it; got %v", what, err)
		}
	}
}

func newPostgres(name string, spec map[string]any) *unstructured.Unstructured {
	u := p.New(p.KindOf(p.PostgresGVR), p.RootNamespace, name)
	u.Object["spec"] = spec
	return u
}

func TestPostgresAsThePlatformServesIt(t *testing.T) {
	pg := clients.Dyn.Resource(p.PostgresGVR).Namespace(p.RootNamespace)
	type m = map[string]any
	if _, err := pg.Create(ctx, newPostgres(strings.Repeat("a", 45), m{}), dryRun); !apierrors.IsInvalid(err) {
		t.Errorf("45-character name: want Invalid, got %v", err)
	}
	// Defaults fill the whole spec on read.
	name := uniqueName("pg")
	created, err := pg.Create(ctx, newPostgres(name, m{}), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pg.Delete(ctx, name, metav1.DeleteOptions{}) })
	want := map[string]string{
		"replicas": "2", "size": "10Gi", "storageClass": "", "resourcesPreset": "t1.micro",
		"postgresql.parameters.max_connections": "100", "postgresql.parameters.checkpoint_completion_target": "0.9",
		"quorum.minSyncReplicas": "0", "quorum.maxSyncReplicas": "0", "users": "map[]", "databases": "map[]",
		"backup.enabled": "false", "backup.schedule": "0 2 * * * *", "backup.retentionPolicy": "30d", "valuesOverride": "map[]",
	}
	for path, v := range want {
		if got := str(created, append([]string{"spec"}, strings.Split(path, ".")...)...); got != v {
			t.Errorf("default of spec.%s = %q, want %q", path, got, v)
		}
	}
	if _, found, _ := unstructured.NestedFieldNoCopy(created.Object, "spec", "bootstrap"); found {
		t.Error("bootstrap was defaulted: it has no default")
	}
	// An immutable field changes on the server (the chart then ignores it).
	got, err := pg.Patch(ctx, name, types.MergePatchType, []byte(`{"spec":{"storageClass":"local"}}`), metav1.PatchOptions{})
	if err != nil || str(got, "spec", "storageClass") != "local" {
		t.Errorf("changing storageClass: the platform accepts it; got %v", err)
	}
}
