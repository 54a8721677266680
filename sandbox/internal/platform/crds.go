package platform

import (
	"encoding/json"

	apiextv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Column is a printer column: JSONPath into the object.
type Column struct{ Name, Type, Path string }

// Kind describes one resource of the management cluster: a CRD the sandbox
// installs, or an application kind its cozystack-api serves (Aggregated).
type Kind struct {
	GVR        schema.GroupVersionResource
	Kind       string
	Singular   string
	ShortNames []string
	Namespaced bool
	Columns    []Column
	Scale      bool
	Aggregated bool // served by cozystack-api from an ApplicationDefinition, not a CRD
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
	KubernetesNodesGVR   = gvr("apps.cozystack.io", "v1alpha1", "kubernetesnodeses")
	WorkloadMonitorGVR   = gvr("cozystack.io", "v1alpha1", "workloadmonitors")
	APIServiceGVR        = gvr("apiregistration.k8s.io", "v1", "apiservices")
)

var readyCol = Column{"Ready", "string", `.status.conditions[?(@.type=="Ready")].status`}
var phaseCol = Column{"Phase", "string", ".status.phase"}

// Kinds is every CRD the sandbox installs.
var Kinds = []Kind{
	{GVR: KubernetesGVR, Kind: "Kubernetes", Singular: "kubernetes", Namespaced: true, Aggregated: true},
	{GVR: TenantGVR, Kind: "Tenant", Singular: "tenant", Namespaced: true, Aggregated: true},
	{GVR: PostgresGVR, Kind: "Postgres", Singular: "postgres", Namespaced: true, Aggregated: true},
	{GVR: KubernetesNodesGVR, Kind: "KubernetesNodes", Singular: "kubernetesnodes", Namespaced: true, Aggregated: true},
	{GVR: WorkloadMonitorGVR, Kind: "WorkloadMonitor", Singular: "workloadmonitor", Namespaced: true,
		Columns: []Column{{"Operational", "boolean", ".status.operational"}}},
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

// CRD builds the CustomResourceDefinition of a Kind.
func (k Kind) CRD() *apiextv1.CustomResourceDefinition {
	root := obj{
		"type": "object",
		"properties": obj{
			"apiVersion": obj{"type": "string"},
			"kind":       obj{"type": "string"},
			"metadata":   obj{"type": "object"},
			"spec":       obj{"type": "object", "x-kubernetes-preserve-unknown-fields": true},
			"status":     obj{"type": "object", "x-kubernetes-preserve-unknown-fields": true},
		},
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
