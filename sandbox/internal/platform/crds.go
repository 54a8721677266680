package platform

import (
	"encoding/json"
	"strings"

	apiextv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Column is a printer column: JSONPath into the object.
type Column struct{ Name, Type, Path string }

// Kind describes one resource the sandbox serves as a CRD.
type Kind struct {
	GVR        schema.GroupVersionResource
	Kind       string
	Singular   string
	ShortNames []string
	Namespaced bool
	Spec       obj // nil: any spec (x-kubernetes-preserve-unknown-fields)
	RootRules  []any
	Columns    []Column
	Scale      bool
}

func gvr(group, version, resource string) schema.GroupVersionResource {
	return schema.GroupVersionResource{Group: group, Version: version, Resource: resource}
}

var (
	KubernetesGVR        = gvr("apps.cozystack.io", "v1alpha1", "kuberneteses")
	TenantGVR            = gvr("apps.cozystack.io", "v1alpha1", "tenants")
	PostgresGVR          = gvr("apps.cozystack.io", "v1alpha1", "postgreses")
	AppDefGVR            = gvr("cozystack.io", "v1alpha1", "applicationdefinitions")
	HelmReleaseGVR       = gvr("helm.toolkit.fluxcd.io", "v2", "helmreleases")
	ClusterGVR           = gvr("cluster.x-k8s.io", "v1beta1", "clusters")
	MachineDeploymentGVR = gvr("cluster.x-k8s.io", "v1beta1", "machinedeployments")
	MachineGVR           = gvr("cluster.x-k8s.io", "v1beta1", "machines")
	MachineHealthGVR     = gvr("cluster.x-k8s.io", "v1beta1", "machinehealthchecks")
	KamajiCPGVR          = gvr("controlplane.cluster.x-k8s.io", "v1alpha1", "kamajicontrolplanes")
	TenantCPGVR          = gvr("kamaji.clastix.io", "v1alpha1", "tenantcontrolplanes")
	KubevirtClusterGVR   = gvr("infrastructure.cluster.x-k8s.io", "v1alpha1", "kubevirtclusters")
	KubevirtMTGVR        = gvr("infrastructure.cluster.x-k8s.io", "v1alpha1", "kubevirtmachinetemplates")
	KubeadmCTGVR         = gvr("bootstrap.cluster.x-k8s.io", "v1beta1", "kubeadmconfigtemplates")
	VirtualMachineGVR    = gvr("kubevirt.io", "v1", "virtualmachines")
	DataVolumeGVR        = gvr("cdi.kubevirt.io", "v1beta1", "datavolumes")
	InstancetypeGVR      = gvr("instancetype.kubevirt.io", "v1beta1", "virtualmachineclusterinstancetypes")
)

var readyCol = Column{"Ready", "string", `.status.conditions[?(@.type=="Ready")].status`}
var phaseCol = Column{"Phase", "string", ".status.phase"}

// Kinds is every CRD the sandbox installs.
var Kinds = []Kind{
	{GVR: KubernetesGVR, Kind: "Kubernetes", Singular: "kubernetes", Namespaced: true, Spec: KubernetesSchema(false),
		RootRules: []any{obj{"rule": "self.metadata.name.size() <= 42",
			"message": "a Kubernetes name is at most 42 characters (53 minus the release prefix)"}},
		Columns: []Column{readyCol, {"Version", "string", ".spec.version"}, {"Chart", "string", ".status.version"}}},
	{GVR: TenantGVR, Kind: "Tenant", Singular: "tenant", Namespaced: true, Spec: TenantSchema(),
		RootRules: []any{obj{"rule": "self.metadata.name.matches('^[a-z][a-z0-9]*$')",
			"message": "tenant names are lowercase letters and digits, starting with a letter"}},
		Columns: []Column{readyCol, {"Namespace", "string", ".status.namespace"}}},
	{GVR: PostgresGVR, Kind: "Postgres", Singular: "postgres", Namespaced: true, Spec: PostgresSchema(false),
		RootRules: []any{obj{"rule": "self.metadata.name.size() <= 44",
			"message": "a Postgres name is at most 44 characters (53 minus the release prefix)"}},
		Columns: []Column{readyCol, {"Replicas", "integer", ".spec.replicas"}, {"Size", "string", ".spec.size"},
			{"Chart", "string", ".status.version"}}},
	{GVR: AppDefGVR, Kind: "ApplicationDefinition", Singular: "applicationdefinition",
		Columns: []Column{{"Kind", "string", ".spec.application.kind"}, {"Prefix", "string", ".spec.release.prefix"}}},
	{GVR: HelmReleaseGVR, Kind: "HelmRelease", Singular: "helmrelease", ShortNames: []string{"hr"}, Namespaced: true,
		Columns: []Column{readyCol, {"Status", "string", `.status.conditions[?(@.type=="Ready")].message`}}},
	{GVR: ClusterGVR, Kind: "Cluster", Singular: "cluster", ShortNames: []string{"cl"}, Namespaced: true,
		Columns: []Column{phaseCol, {"ControlPlane", "boolean", ".status.controlPlaneReady"}, {"Infrastructure", "boolean", ".status.infrastructureReady"}}},
	{GVR: MachineDeploymentGVR, Kind: "MachineDeployment", Singular: "machinedeployment", ShortNames: []string{"md"}, Namespaced: true, Scale: true,
		Columns: []Column{phaseCol, {"Replicas", "integer", ".status.replicas"}, {"Ready", "integer", ".status.readyReplicas"}}},
	{GVR: MachineGVR, Kind: "Machine", Singular: "machine", ShortNames: []string{"ma"}, Namespaced: true,
		Columns: []Column{phaseCol, {"Node", "string", ".status.nodeRef.name"}}},
	{GVR: MachineHealthGVR, Kind: "MachineHealthCheck", Singular: "machinehealthcheck", ShortNames: []string{"mhc"}, Namespaced: true,
		Columns: []Column{{"Healthy", "integer", ".status.currentHealthy"}, {"Expected", "integer", ".status.expectedMachines"}}},
	{GVR: KamajiCPGVR, Kind: "KamajiControlPlane", Singular: "kamajicontrolplane", ShortNames: []string{"ktcp"}, Namespaced: true,
		Columns: []Column{{"Ready", "boolean", ".status.ready"}, {"Replicas", "integer", ".spec.replicas"}}},
	{GVR: TenantCPGVR, Kind: "TenantControlPlane", Singular: "tenantcontrolplane", ShortNames: []string{"tcp"}, Namespaced: true,
		Columns: []Column{{"Version", "string", ".status.kubernetesResources.version.version"},
			{"Status", "string", ".status.kubernetesResources.version.status"}, {"Endpoint", "string", ".status.controlPlaneEndpoint"}}},
	{GVR: KubevirtClusterGVR, Kind: "KubevirtCluster", Singular: "kubevirtcluster", Namespaced: true, Columns: []Column{readyCol}},
	{GVR: KubevirtMTGVR, Kind: "KubevirtMachineTemplate", Singular: "kubevirtmachinetemplate", Namespaced: true},
	{GVR: KubeadmCTGVR, Kind: "KubeadmConfigTemplate", Singular: "kubeadmconfigtemplate", Namespaced: true},
	{GVR: VirtualMachineGVR, Kind: "VirtualMachine", Singular: "virtualmachine", ShortNames: []string{"vm", "vms"}, Namespaced: true,
		Columns: []Column{{"Status", "string", ".status.printableStatus"}, {"Ready", "boolean", ".status.ready"}}},
	{GVR: DataVolumeGVR, Kind: "DataVolume", Singular: "datavolume", ShortNames: []string{"dv", "dvs"}, Namespaced: true,
		Columns: []Column{phaseCol, {"Progress", "string", ".status.progress"}}},
	{GVR: InstancetypeGVR, Kind: "VirtualMachineClusterInstancetype", Singular: "virtualmachineclusterinstancetype",
		ShortNames: []string{"vmclusterinstancetype", "vmcf"},
		Columns:    []Column{{"CPU", "integer", ".spec.cpu.guest"}, {"Memory", "string", ".spec.memory.guest"}}},
}

// KindOf returns the Kind of a resource.
func KindOf(g schema.GroupVersionResource) Kind {
	for _, k := range Kinds {
		if k.GVR == g {
			return k
		}
	}
	panic("platform: unknown resource " + g.String())
}

// APIVersion of a resource, e.g. "cluster.x-k8s.io/v1beta1".
func APIVersion(g schema.GroupVersionResource) string { return g.GroupVersion().String() }

// stripExtensions returns schema s without the keys a CRD schema cannot
// carry: the platform's x-cozystack-* extensions, and JSON Schema's
// `examples`, which JSONSchemaProps lacks (it has OpenAPI's singular
// `example`). Everything else (format, oneOf, ...) the server enforces. It
// walks only the keywords whose values are schemas, so a property or a
// default value that happens to be named like a keyword is kept.
func stripExtensions(s obj) obj {
	out := obj{}
	for k, v := range s {
		switch k {
		case "examples": // dropped (see above)
		case "properties":
			props := obj{}
			for name, p := range v.(obj) {
				props[name] = stripExtensions(p.(obj))
			}
			out[k] = props
		case "items", "additionalProperties", "not":
			if sub, ok := v.(obj); ok { // additionalProperties may be a boolean
				v = stripExtensions(sub)
			}
			out[k] = v
		case "allOf", "anyOf", "oneOf":
			var subs []any
			for _, sub := range v.([]any) {
				subs = append(subs, stripExtensions(sub.(obj)))
			}
			out[k] = subs
		default:
			if !strings.HasPrefix(k, "x-cozystack-") {
				out[k] = v
			}
		}
	}
	return out
}

// CRD builds the CustomResourceDefinition of a Kind.
func (k Kind) CRD() *apiextv1.CustomResourceDefinition {
	spec := k.Spec
	if spec == nil {
		spec = obj{"type": "object", "x-kubernetes-preserve-unknown-fields": true}
	}
	root := obj{
		"type": "object",
		"properties": obj{
			"apiVersion": obj{"type": "string"},
			"kind":       obj{"type": "string"},
			"metadata":   obj{"type": "object"},
			"spec":       stripExtensions(spec),
			"status":     obj{"type": "object", "x-kubernetes-preserve-unknown-fields": true},
		},
	}
	if len(k.RootRules) > 0 {
		root["x-kubernetes-validations"] = k.RootRules
	}
	var props apiextv1.JSONSchemaProps
	if err := json.Unmarshal([]byte(JSON(root)), &props); err != nil {
		panic("platform: schema of " + k.Kind + ": " + err.Error())
	}
	scope := apiextv1.ClusterScoped
	if k.Namespaced {
		scope = apiextv1.NamespaceScoped
	}
	cols := []apiextv1.CustomResourceColumnDefinition{}
	for _, c := range k.Columns {
		cols = append(cols, apiextv1.CustomResourceColumnDefinition{Name: c.Name, Type: c.Type, JSONPath: c.Path})
	}
	cols = append(cols, apiextv1.CustomResourceColumnDefinition{Name: "Age", Type: "date", JSONPath: ".metadata.creationTimestamp"})
	sub := &apiextv1.CustomResourceSubresources{Status: &apiextv1.CustomResourceSubresourceStatus{}}
	if k.Scale {
		sub.Scale = &apiextv1.CustomResourceSubresourceScale{SpecReplicasPath: ".spec.replicas", StatusReplicasPath: ".status.replicas"}
	}
	categories := []string{"nestdeck"}
	if k.GVR.Group == "apps.cozystack.io" {
		categories = append(categories, "cozystack")
	}
	return &apiextv1.CustomResourceDefinition{
		ObjectMeta: metav1.ObjectMeta{Name: k.GVR.Resource + "." + k.GVR.Group},
		Spec: apiextv1.CustomResourceDefinitionSpec{
			Group: k.GVR.Group, Scope: scope,
			Names: apiextv1.CustomResourceDefinitionNames{
				Plural: k.GVR.Resource, Singular: k.Singular, Kind: k.Kind, ListKind: k.Kind + "List",
				ShortNames: k.ShortNames, Categories: categories,
			},
			Versions: []apiextv1.CustomResourceDefinitionVersion{{
				Name: k.GVR.Version, Served: true, Storage: true,
				Schema:                   &apiextv1.CustomResourceValidation{OpenAPIV3Schema: &props},
				Subresources:             sub,
				AdditionalPrinterColumns: cols,
			}},
		},
	}
}
