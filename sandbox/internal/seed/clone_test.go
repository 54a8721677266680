package seed

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/scheme"

	"nestdeck/sandbox/internal/simulator"
)

const (
	ownerUID   = "0b7c43f4-1f42-4bd4-9d3c-8a41f1c1a2b3"
	childUID   = "5d0a6a3e-2c11-4f0e-8a7e-3f2b9c0d4e5f"
	outsideUID = "9f27dcc0-83f4-4f2c-ba94-409754b94a80" // the parent tenant's namespace
)

func testTemplate() *TenantTemplate {
	return &TenantTemplate{prefix: "/registry", token: []byte("bulk0001"), uids: map[string]bool{ownerUID: true, childUID: true}}
}

// A copied Secret is still the protobuf the API server stored (etcd holds core
// objects as protobuf), renamed for its tenant, its UIDs replaced the same way
// everywhere, its bytes unchanged.
func TestCopyKeepsProtobufValid(t *testing.T) {
	block := true
	in := &corev1.Secret{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Secret"},
		ObjectMeta: metav1.ObjectMeta{Name: "kubernetes-c00001-admin-kubeconfig", Namespace: "tenant-bulk0001", UID: types.UID(childUID),
			Labels: map[string]string{"apps.cozystack.io/application.name": "c00001", "tenant": "tenant-bulk0001"},
			OwnerReferences: []metav1.OwnerReference{
				{APIVersion: "kamaji.clastix.io/v1alpha1", Kind: "TenantControlPlane", Name: "kubernetes-c00001", UID: types.UID(ownerUID), BlockOwnerDeletion: &block},
				{APIVersion: "v1", Kind: "Namespace", Name: "tenant-root", UID: types.UID(outsideUID)}}},
		Data: map[string][]byte{"admin.conf": []byte("server: https://kubernetes-c00001.tenant-bulk0001.svc:6443\n")},
	}
	pb := protobuf.NewSerializer(scheme.Scheme, scheme.Scheme)
	var stored bytes.Buffer
	if err := pb.Encode(in, &stored); err != nil {
		t.Fatal(err)
	}
	tmpl := testTemplate()
	if uid, err := storedUID(stored.Bytes()); err != nil || uid != childUID {
		t.Fatalf("stored UID: %q, %v", uid, err)
	}
	copied := tmpl.copyFor(stored.Bytes(), []byte("bulk0042"))
	if len(copied) != stored.Len() {
		t.Fatalf("the copy is %d bytes, the original %d", len(copied), stored.Len())
	}
	got, _, err := pb.Decode(copied, nil, nil)
	if err != nil {
		t.Fatalf("the copy does not decode: %v", err)
	}
	s := got.(*corev1.Secret)
	if s.Namespace != "tenant-bulk0042" || s.Labels["tenant"] != "tenant-bulk0042" || s.Name != in.Name {
		t.Fatalf("not renamed for its tenant: %s/%s %v", s.Namespace, s.Name, s.Labels)
	}
	if !strings.Contains(string(s.Data["admin.conf"]), ".tenant-bulk0042.svc") {
		t.Fatalf("data not renamed: %q", s.Data["admin.conf"])
	}
	if s.UID == in.UID || s.OwnerReferences[0].UID == ownerUID {
		t.Fatalf("UIDs kept: %s, owner %s", s.UID, s.OwnerReferences[0].UID)
	}
	if s.OwnerReferences[1].UID != outsideUID {
		t.Fatalf("an owner outside the tenant was renamed: %s", s.OwnerReferences[1].UID)
	}
	// The owner, copied for the same tenant, gets the UID its child points at;
	// for another tenant, another one.
	owner := tmpl.copyFor([]byte(`{"metadata":{"uid":"`+ownerUID+`"}}`), []byte("bulk0042"))
	if !bytes.Contains(owner, []byte(s.OwnerReferences[0].UID)) {
		t.Fatalf("owner %s and child's reference %s differ", owner, s.OwnerReferences[0].UID)
	}
	other := tmpl.copyFor([]byte(ownerUID), []byte("bulk0043"))
	if bytes.Contains(owner, other) {
		t.Fatalf("two tenants' copies share UID %s", other)
	}
	if again := tmpl.copyFor(stored.Bytes(), []byte("bulk0042")); !bytes.Equal(again, copied) {
		t.Fatal("copying twice gives different bytes: a resumed clone would not match")
	}
}

// A copied custom resource (stored as JSON) is valid JSON with its text intact
// around the replaced UIDs; it loses its managedFields and a tenant control
// plane the mark that would start a real API server for every copy.
func TestCopyOfJSONAndRealAPIServerMark(t *testing.T) {
	in := map[string]any{"apiVersion": "kamaji.clastix.io/v1alpha1", "kind": "TenantControlPlane",
		"metadata": map[string]any{"name": "kubernetes-c00001", "namespace": "tenant-bulk0001", "uid": childUID,
			"annotations":     map[string]any{simulator.AnnRealAPIServer: "true", "keep": "me"},
			"generation":      int64(9007199254740993), // not a float64
			"managedFields":   []any{map[string]any{"manager": "nestdeck-sandbox", "operation": "Update"}},
			"ownerReferences": []any{map[string]any{"uid": ownerUID, "name": "kubernetes-c00001"}}},
		"status": map[string]any{"controlPlaneEndpoint": "10.0.0.1:6443"}}
	raw, _ := json.Marshal(in)
	v, err := forCopies(raw)
	if err != nil {
		t.Fatal(err)
	}
	if uid, err := storedUID(v); err != nil || uid != childUID {
		t.Fatalf("stored UID: %q, %v", uid, err)
	}
	tmpl := testTemplate()
	var out map[string]any
	if err := json.Unmarshal(tmpl.copyFor(v, []byte("bulk0002")), &out); err != nil {
		t.Fatalf("the copy is not JSON: %v", err)
	}
	md := out["metadata"].(map[string]any)
	ann := md["annotations"].(map[string]any)
	if _, ok := ann[simulator.AnnRealAPIServer]; ok || ann["keep"] != "me" {
		t.Fatalf("annotations: %v", ann)
	}
	if md["namespace"] != "tenant-bulk0002" || md["uid"] == childUID || len(md["uid"].(string)) != len(childUID) {
		t.Fatalf("metadata: %v", md)
	}
	if _, ok := md["managedFields"]; ok || !bytes.Contains(v, []byte(`"generation":9007199254740993`)) {
		t.Fatalf("managedFields kept or generation changed: %s", v)
	}
	if out["status"].(map[string]any)["controlPlaneEndpoint"] != "10.0.0.1:6443" {
		t.Fatalf("status changed: %v", out["status"])
	}
	// Protobuf values are copied byte for byte.
	plain := []byte("k8s\x00\x0a\x02v1")
	if got, _ := forCopies(plain); !bytes.Equal(got, plain) {
		t.Fatal("a protobuf value was rewritten")
	}
}
