package platform

import (
	"encoding/base64"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// Labels and annotations the platform puts on objects.
const (
	LabelClusterName   = "cluster.x-k8s.io/cluster-name"
	LabelDeployment    = "cluster.x-k8s.io/deployment-name"
	LabelAppName       = "apps.cozystack.io/application.name"
	LabelAppKind       = "apps.cozystack.io/application.kind"
	LabelAppGroup      = "apps.cozystack.io/application.group"
	LabelTargetCluster = "cozystack.io/target-cluster-name"
	LabelTenantPrefix  = "tenant.cozystack.io/"
	AnnMinSize         = "cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size"
	AnnMaxSize         = "cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size"
	// AnnNameSuffix on an ApplicationDefinition: the longest suffix the kind's
	// chart appends to the release name (the platform's name cap is 53 minus
	// the prefix and this). The real platform has it compiled in.
	AnnNameSuffix = "sandbox.nestdeck.io/name-suffix"
	// AnnServedKinds on the APIService: the sandbox's cozystack-api records
	// the kinds it serves, which makes the aggregator read its discovery again.
	AnnServedKinds = "sandbox.nestdeck.io/served-kinds"
)

// Release prefixes of the application kinds whose trees the simulator builds.
const (
	KubernetesReleasePrefix = "kubernetes-"
	NodesReleasePrefix      = "kubernetes-nodes-"
	TenantReleasePrefix     = "tenant-"
)

// GPU is a GPU model the sandbox's (simulated) hosts offer.
type GPU struct {
	Resource, Model string
	Available       int
}

// GPUs offered to node groups (the options API's "gpu" source).
var GPUs = []GPU{
	{"nvidia.com/AD102GL_L40S", "NVIDIA L40S (48 GB)", 8},
	{"nvidia.com/GA100_A100_PCIE_80GB", "NVIDIA A100 PCIe (80 GB)", 4},
	{"nvidia.com/GH100_H100_SXM5_80GB", "NVIDIA H100 SXM5 (80 GB)", 2},
}

// InstanceType is one entry of the VirtualMachineClusterInstancetype catalog.
type InstanceType struct {
	Name   string
	CPU    int64
	Memory string
	Series string
}

// InstanceTypes is the catalog the sandbox seeds (the real platform's table).
var InstanceTypes = func() []InstanceType {
	var out []InstanceType
	add := func(series, prefix string, sizes [][3]any) {
		for _, s := range sizes {
			out = append(out, InstanceType{prefix + "." + s[0].(string), int64(s[1].(int)), s[2].(string), series})
		}
	}
	add("U (universal, burstable)", "u1", [][3]any{{"nano", 1, "512Mi"}, {"micro", 1, "1Gi"}, {"small", 1, "2Gi"},
		{"medium", 1, "4Gi"}, {"2xmedium", 2, "4Gi"}, {"large", 2, "8Gi"}, {"xlarge", 4, "16Gi"}, {"2xlarge", 8, "32Gi"},
		{"4xlarge", 16, "64Gi"}, {"8xlarge", 32, "128Gi"}})
	add("O (overcommitted memory)", "o1", [][3]any{{"micro", 1, "1Gi"}, {"small", 1, "2Gi"}, {"medium", 1, "4Gi"},
		{"large", 2, "8Gi"}, {"xlarge", 4, "16Gi"}, {"2xlarge", 8, "32Gi"}})
	add("CX (dedicated CPU)", "cx1", [][3]any{{"medium", 1, "2Gi"}, {"large", 2, "4Gi"}, {"xlarge", 4, "8Gi"},
		{"2xlarge", 8, "16Gi"}, {"4xlarge", 16, "32Gi"}, {"8xlarge", 32, "64Gi"}})
	add("M (memory)", "m1", [][3]any{{"large", 2, "16Gi"}, {"xlarge", 4, "32Gi"}, {"2xlarge", 8, "64Gi"},
		{"4xlarge", 16, "128Gi"}, {"8xlarge", 32, "256Gi"}})
	add("RT (realtime)", "rt1", [][3]any{{"medium", 1, "4Gi"}, {"large", 2, "8Gi"}, {"xlarge", 4, "16Gi"}})
	add("N (network)", "n1", [][3]any{{"medium", 4, "4Gi"}, {"large", 8, "8Gi"}})
	add("GN (GPU)", "gn1", [][3]any{{"xlarge", 4, "16Gi"}, {"2xlarge", 8, "32Gi"}, {"4xlarge", 16, "64Gi"}, {"8xlarge", 32, "128Gi"}})
	return out
}()

// New makes an unstructured object of a platform resource.
func New(g GVRKind, namespace, name string) *unstructured.Unstructured {
	u := &unstructured.Unstructured{Object: obj{}}
	u.SetAPIVersion(APIVersion(g.GVR))
	u.SetKind(g.Kind)
	u.SetName(name)
	if namespace != "" {
		u.SetNamespace(namespace)
	}
	return u
}

// GVRKind pairs a resource with its kind.
type GVRKind = Kind

// InstanceTypeObjects are the catalog as VirtualMachineClusterInstancetype objects.
func InstanceTypeObjects() []*unstructured.Unstructured {
	var out []*unstructured.Unstructured
	for _, it := range InstanceTypes {
		u := New(KindOf(InstancetypeGVR), "", it.Name)
		u.SetAnnotations(map[string]string{"instancetype.kubevirt.io/description": it.Series})
		u.SetLabels(map[string]string{"instancetype.kubevirt.io/class": it.Series[:1], "instancetype.kubevirt.io/vendor": "cozystack.io"})
		u.Object["spec"] = obj{"cpu": obj{"guest": it.CPU}, "memory": obj{"guest": it.Memory}}
		out = append(out, u)
	}
	return out
}

const kubernetesIcon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#326ce5" d="M12 1 2 6v12l10 5 10-5V6z"/><circle cx="12" cy="12" r="4" fill="#fff"/></svg>`
const postgresIcon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#336791" d="M4 5c0-1.7 3.6-3 8-3s8 1.3 8 3v14c0 1.7-3.6 3-8 3s-8-1.3-8-3z"/><path fill="none" stroke="#fff" d="M4 5c0 1.7 3.6 3 8 3s8-1.3 8-3M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3"/></svg>`
const tenantIcon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect x="3" y="3" width="18" height="18" rx="3" fill="#6a4c93"/><rect x="7" y="7" width="10" height="10" rx="2" fill="#fff"/></svg>`

// ApplicationDefinitions for Kubernetes (in the given release's shape),
// KubernetesNodes, Tenant and Postgres, with their form schemas.
func ApplicationDefinitions(shape Shape) []*unstructured.Unstructured {
	kube := New(KindOf(AppDefGVR), "", "kubernetes")
	if shape == ShapeNext {
		// A pool's release kubernetes-<cluster>-<pool> must fit as well.
		kube.SetAnnotations(map[string]string{AnnNameSuffix: "10"})
	}
	kube.Object["spec"] = obj{
		"application": obj{"kind": "Kubernetes", "plural": "kuberneteses", "singular": "kubernetes",
			"openAPISchema": JSON(KubernetesSchema(shape))},
		"release": obj{"prefix": "kubernetes-", "labels": obj{"cozystack.io/ui": "true"},
			"chart": obj{"name": "kubernetes", "sourceRef": obj{"kind": "HelmRepository", "name": "cozystack-apps", "namespace": "cozy-public"}}},
		"secrets": obj{"include": []any{obj{"resourceNames": []any{"kubernetes-{{ .name }}-admin-kubeconfig"}}}},
		"dashboard": obj{
			"singular": "Kubernetes", "plural": "Kubernetes",
			"description": "Managed Kubernetes clusters: control plane in pods (Kamaji), workers as virtual machines",
			"icon":        base64.StdEncoding.EncodeToString([]byte(kubernetesIcon)),
			"category":    "IaaS", "tags": []any{"compute", "kubernetes"}, "tabs": []any{"workloads", "yaml"},
			"keysOrder": []any{[]any{"apiVersion"}, []any{"kind"}, []any{"metadata"}, []any{"spec", "version"},
				[]any{"spec", "storageClass"}, []any{"spec", "nodeGroups"}, []any{"spec", "controlPlane"},
				[]any{"spec", "addons"}, []any{"spec", "host"}},
			"weight": 10,
		},
	}
	tenant := New(KindOf(AppDefGVR), "", "tenant")
	tenant.Object["spec"] = obj{
		"application": obj{"kind": "Tenant", "plural": "tenants", "singular": "tenant", "openAPISchema": JSON(TenantSchema())},
		"release":     obj{"prefix": "tenant-", "chart": obj{"name": "tenant"}},
		"secrets":     obj{"include": []any{}},
		"dashboard": obj{"singular": "Tenant", "plural": "Tenants", "description": "Isolated tenant with its own namespace, quotas and users",
			"icon": base64.StdEncoding.EncodeToString([]byte(tenantIcon)), "category": "Administration", "tags": []any{"tenant"},
			"tabs": []any{"yaml"}, "keysOrder": []any{}, "weight": 1},
	}
	postgres := New(KindOf(AppDefGVR), "", "postgres")
	postgres.Object["spec"] = obj{
		"application": obj{"kind": "Postgres", "plural": "postgreses", "singular": "postgres",
			"openAPISchema": JSON(PostgresSchema())},
		"release": obj{"prefix": "postgres-", "labels": obj{"cozystack.io/ui": "true"},
			"chart": obj{"name": "postgres", "sourceRef": obj{"kind": "HelmRepository", "name": "cozystack-apps", "namespace": "cozy-public"}}},
		"secrets": obj{"include": []any{obj{"resourceNames": []any{"postgres-{{ .name }}-credentials"}}}},
		"dashboard": obj{
			"singular": "PostgreSQL", "plural": "PostgreSQL",
			"description": "Managed PostgreSQL databases with replication and backups",
			"icon":        base64.StdEncoding.EncodeToString([]byte(postgresIcon)),
			"category":    "PaaS", "tags": []any{"database", "postgres", "sql"}, "tabs": []any{"workloads", "yaml"},
			"keysOrder": []any{[]any{"apiVersion"}, []any{"kind"}, []any{"metadata"}, []any{"spec", "replicas"},
				[]any{"spec", "resourcesPreset"}, []any{"spec", "resources"}, []any{"spec", "size"}, []any{"spec", "storageClass"},
				[]any{"spec", "postgresql"}, []any{"spec", "quorum"}, []any{"spec", "users"}, []any{"spec", "databases"},
				[]any{"spec", "backup"}, []any{"spec", "bootstrap"}, []any{"spec", "valuesOverride"}},
			"weight": 5,
		},
	}
	nodes := New(KindOf(AppDefGVR), "", "kubernetes-nodes")
	nodes.Object["spec"] = obj{
		"application": obj{"kind": "KubernetesNodes", "plural": "kubernetesnodeses", "singular": "kubernetesnodes",
			"openAPISchema": JSON(KubernetesNodesSchema())},
		"release": obj{"prefix": NodesReleasePrefix, "labels": obj{"cozystack.io/ui": "true"},
			"chart": obj{"name": "kubernetes-nodes", "sourceRef": obj{"kind": "HelmRepository", "name": "cozystack-apps", "namespace": "cozy-public"}}},
		"secrets": obj{"include": []any{}},
		"dashboard": obj{
			"singular": "Node pool", "plural": "Node pools",
			"description": "Worker nodes of a Kubernetes cluster: virtual machines of one instance type, scaled together",
			"icon":        base64.StdEncoding.EncodeToString([]byte(kubernetesIcon)),
			"category":    "IaaS", "tags": []any{"compute", "kubernetes"}, "tabs": []any{"yaml"},
			"keysOrder": []any{[]any{"apiVersion"}, []any{"kind"}, []any{"metadata"}, []any{"spec", "cluster"},
				[]any{"spec", "version"}, []any{"spec", "minReplicas"}, []any{"spec", "maxReplicas"}, []any{"spec", "instanceType"},
				[]any{"spec", "diskSize"}, []any{"spec", "storageClass"}, []any{"spec", "roles"}, []any{"spec", "resources"},
				[]any{"spec", "gpus"}},
			"weight": 9,
		},
	}
	return []*unstructured.Unstructured{kube, nodes, tenant, postgres}
}
