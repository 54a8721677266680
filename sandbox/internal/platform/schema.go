// Package platform holds the management cluster's API as the sandbox serves
// it: CRDs for the applications and the objects they are made of, the
// ApplicationDefinitions with their form schemas, the tenant RBAC and the
// instance type catalog. See shared/docs/management-api.md.
package platform

import "encoding/json"

type obj = map[string]any

// Resource presets (per replica), <series>.<size>: t1 1:0.5 (CPU:memory), c1
// 1:1, s1 1:2, u1 1:4, m1 1:8; sizes nano 250m CPU … 4xlarge 32. The legacy flat
// names of older releases are still accepted, with their old sizes, and warned
// about. A preset is not an instance type: u1.medium is 2 CPU / 8Gi as a
// preset and 1 vCPU / 4Gi as an instance type.
var PresetSizes = func() map[string][2]string {
	out := map[string][2]string{
		// legacy
		"nano": {"250m", "128Mi"}, "micro": {"500m", "256Mi"}, "small": {"1", "512Mi"}, "medium": {"1", "1Gi"},
		"large": {"2", "2Gi"}, "xlarge": {"4", "4Gi"}, "2xlarge": {"8", "8Gi"},
	}
	cpus := []string{"250m", "500m", "1", "2", "4", "8", "16", "32"}
	mem := map[string][]string{ // memory per size, by series
		"t1": {"128Mi", "256Mi", "512Mi", "1Gi", "2Gi", "4Gi", "8Gi", "16Gi"},
		"c1": {"256Mi", "512Mi", "1Gi", "2Gi", "4Gi", "8Gi", "16Gi", "32Gi"},
		"s1": {"512Mi", "1Gi", "2Gi", "4Gi", "8Gi", "16Gi", "32Gi", "64Gi"},
		"u1": {"1Gi", "2Gi", "4Gi", "8Gi", "16Gi", "32Gi", "64Gi", "128Gi"},
		"m1": {"2Gi", "4Gi", "8Gi", "16Gi", "32Gi", "64Gi", "128Gi", "256Gi"},
	}
	for series, m := range mem {
		for i, size := range PresetSizeNames {
			out[series+"."+size] = [2]string{cpus[i], m[i]}
		}
	}
	return out
}()

// PresetSizeNames in order; PresetSeries likewise.
var (
	PresetSizeNames = []string{"nano", "micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge"}
	PresetSeries    = []string{"t1", "c1", "s1", "u1", "m1"}
	LegacyPresets   = []string{"nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"}
)

// ResourcePresets is the schema's enum: every series and size, then the legacy names.
func ResourcePresets() []string {
	var out []string
	for _, series := range PresetSeries {
		for _, size := range PresetSizeNames {
			out = append(out, series+"."+size)
		}
	}
	return append(out, LegacyPresets...)
}

// SupportedVersions of tenant Kubernetes, newest first (the schema's enum order).
var SupportedVersions = []string{"v1.35", "v1.34", "v1.33", "v1.32", "v1.31"}

// DefaultVersion of a new cluster.
const DefaultVersion = "v1.35"

// PatchVersions is what a tenant control plane reports running for a wanted minor.
var PatchVersions = map[string]string{
	"v1.31": "v1.31.14", "v1.32": "v1.32.11", "v1.33": "v1.33.7", "v1.34": "v1.34.3", "v1.35": "v1.35.0",
}

// Addons: spec key → HelmRelease suffix, and whether the addon is always on.
// An addon without a key has no parameters at all.
type Addon struct {
	Key      string
	Release  string
	AlwaysOn bool
	Desc     string
}

var Addons = []Addon{
	{"cilium", "cilium", true, "Cilium CNI (always installed)"},
	{"coredns", "coredns", true, "CoreDNS (always installed)"},
	{"verticalPodAutoscaler", "vertical-pod-autoscaler", true, "Vertical Pod Autoscaler (always installed)"},
	{"certManager", "cert-manager", false, "cert-manager"},
	{"gatewayAPI", "gateway-api-crds", false, "Gateway API CRDs"},
	{"ingressNginx", "ingress-nginx", false, "Ingress-NGINX controller; needs nodes with role ingress-nginx"},
	{"gpuOperator", "gpu-operator", false, "NVIDIA GPU Operator"},
	{"hami", "hami", false, "HAMi: GPU sharing between workloads"},
	{"monitoringAgents", "monitoring-agents", false, "Monitoring agents (metrics and logs shipped to the tenant's monitoring)"},
	{"ouroboros", "ouroboros", false, "Ouroboros: the cluster's API reachable from its own pods by the external name"},
	{"velero", "velero", false, "Velero backups"},
	{"", "metrics-server", true, "metrics-server (always installed)"},
}

// Shape is the Kubernetes application's parameters in a platform release.
type Shape int

const (
	// ShapeCurrent: today's upstream chart: node groups in spec.nodeGroups
	// (pools may also be KubernetesNodes apps).
	ShapeCurrent Shape = iota
	// ShapeNext: the next release: workers only as KubernetesNodes pools; the
	// schema has no nodeGroups, nodeHealthCheck or maxNodeProvisionTime, and
	// names are capped at 32 (a pool's release name must still fit).
	ShapeNext
)

func quantity(def, desc string) obj {
	s := obj{
		"description":                desc,
		"anyOf":                      []any{obj{"type": "integer"}, obj{"type": "string"}},
		"pattern":                    `^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$`,
		"x-kubernetes-int-or-string": true,
	}
	if def != "" {
		s["default"] = def
	}
	return s
}

func resources(desc string) obj {
	return obj{
		"type": "object", "description": desc, "default": obj{},
		"properties": obj{
			"cpu":    quantity("", "CPU (e.g. 500m, 2); empty means use the preset"),
			"memory": quantity("", "Memory (e.g. 512Mi, 4Gi); empty means use the preset"),
		},
	}
}

func component(preset, desc string) obj {
	return obj{
		"type": "object", "description": desc, "default": obj{},
		"properties": obj{
			"resources": resources("Explicit resources per replica; they win over the preset"),
			"resourcesPreset": obj{"type": "string", "default": preset, "enum": anyList(ResourcePresets()),
				"description": "Size preset used when resources are not set (legacy flat names are deprecated)"},
		},
	}
}

// valuesOverride is a free-form object of Helm values (any keys, any depth).
func valuesOverride(desc string) obj {
	return obj{"type": "object", "default": obj{}, "description": desc, "x-kubernetes-preserve-unknown-fields": true}
}

func addonsSchema() obj {
	props := obj{}
	for _, a := range Addons {
		if a.Key == "" {
			continue
		}
		p := obj{}
		if a.Key != "gatewayAPI" {
			p["valuesOverride"] = valuesOverride("Helm values merged over the addon's defaults")
		}
		if !a.AlwaysOn {
			p["enabled"] = obj{"type": "boolean", "default": false, "description": "Install " + a.Desc}
		}
		if a.Key == "ingressNginx" {
			p["exposeMethod"] = obj{"type": "string", "default": "Proxied", "enum": []any{"Proxied", "LoadBalancer"},
				"description": "How the ingress is exposed"}
			p["hosts"] = obj{"type": "array", "default": []any{}, "items": obj{"type": "string"},
				"description": "Host names routed to this cluster's ingress (Proxied)"}
		}
		props[a.Key] = obj{"type": "object", "default": obj{}, "description": a.Desc, "properties": p}
	}
	return obj{"type": "object", "default": obj{}, "description": "Cluster addons", "properties": props}
}

func immutable(s obj, field string) obj {
	s["x-kubernetes-validations"] = []any{obj{"rule": "self == oldSelf", "message": field + " is immutable"}}
	return s
}

func options(s obj, source string) obj {
	s["x-cozystack-options"] = obj{"source": source}
	return s
}

// workerProperties are what a node group and a node pool share.
func workerProperties() obj {
	return obj{
		"minReplicas":  obj{"type": "integer", "default": 0, "minimum": 0, "description": "Minimum number of nodes (the autoscaler's floor)"},
		"maxReplicas":  obj{"type": "integer", "default": 10, "minimum": 0, "description": "Maximum number of nodes (the autoscaler's ceiling)"},
		"instanceType": options(obj{"type": "string", "default": "u1.medium", "description": "Virtual machine instance type of the nodes"}, "instancetype"),
		"diskSize":     quantity("20Gi", "System disk of each node"),
		"roles": obj{"type": "array", "default": []any{}, "maxItems": 16, "items": obj{"type": "string"},
			"description": "Node roles, e.g. ingress-nginx; each labels the nodes node-role.kubernetes.io/<role>"},
		"resources": resources("CPU and memory per node; set both to size nodes without the instance type"),
		"gpus": obj{"type": "array", "default": []any{}, "description": "GPUs passed through to each node",
			"items": obj{"type": "object", "required": []any{"name"}, "properties": obj{
				"name": options(obj{"type": "string", "description": "GPU resource name, e.g. nvidia.com/AD102GL_L40S"}, "gpu"),
			}}},
	}
}

var replicasRule = obj{"rule": "self.maxReplicas >= self.minReplicas", "message": "maxReplicas must be at least minReplicas"}

func healthCheck() obj {
	return obj{"type": "object", "default": obj{}, "description": "When worker nodes count as broken and are replaced",
		"properties": obj{
			"maxUnhealthy":        obj{"type": "string", "default": "50%", "description": "Remediation stops when more nodes than this are unhealthy"},
			"nodeStartupTimeout":  obj{"type": "string", "default": "20m", "description": "How long a new node may take to join"},
			"readyFalseTimeout":   obj{"type": "string", "default": "10m", "description": "How long a node may be NotReady"},
			"readyUnknownTimeout": obj{"type": "string", "default": "5m", "description": "How long a node may be unreachable"},
		}}
}

// KubernetesSchema is the JSON Schema of a Kubernetes application's spec:
// today's upstream chart, or the next release's (shape). withOptions adds the
// x-cozystack-options and CEL extensions ApplicationDefinitions carry.
func KubernetesSchema(shape Shape) obj {
	props := obj{
		"storageClass": options(immutable(obj{"type": "string", "default": "replicated",
			"description": "StorageClass of the cluster's persistent volumes; cannot be changed after creation"}, "storageClass"), "storageclass"),
		"version": obj{"type": "string", "default": DefaultVersion, "enum": anyList(SupportedVersions),
			"description": "Kubernetes minor version (upgrade one minor at a time)"},
		"host":   obj{"type": "string", "default": "", "description": "API host name; defaults to <name>.<tenant host>"},
		"addons": addonsSchema(),
		"controlPlane": obj{
			"type": "object", "default": obj{}, "description": "Control plane (Kamaji) settings",
			"properties": obj{
				"replicas":          obj{"type": "integer", "default": 2, "minimum": 1, "description": "Control plane replicas"},
				"apiServer":         component("c1.medium", "kube-apiserver"),
				"controllerManager": component("t1.micro", "kube-controller-manager"),
				"scheduler":         component("t1.micro", "kube-scheduler"),
				"konnectivity": obj{"type": "object", "default": obj{}, "description": "Konnectivity",
					"properties": obj{"server": component("t1.micro", "Konnectivity server")}},
			},
		},
		"talos": obj{"type": "object", "default": obj{}, "description": "Talos Linux of the worker nodes",
			"properties": obj{
				"version":             obj{"type": "string", "default": "v1.13.6", "description": "Talos version"},
				"imageFactoryURL":     obj{"type": "string", "default": "https://factory.talos.dev", "description": "Image factory URL"},
				"installerRepository": obj{"type": "string", "default": "factory.talos.dev/installer", "description": "Installer image repository"},
				"schematicID":         obj{"type": "string", "default": "ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515", "description": "Image factory schematic"},
				"registryMirrors": obj{"type": "object", "default": obj{}, "description": "Registry mirrors, by registry host",
					"additionalProperties": obj{"type": "array", "items": obj{"type": "string"}}},
			}},
		"oidc": obj{"type": "object", "default": obj{}, "description": "Sign-in to the cluster through the platform's identity provider",
			"properties": obj{
				"mode": obj{"type": "string", "default": "None", "enum": []any{"None", "System", "CustomConfig"},
					"description": "None: admin kubeconfigs only; System: the platform's Keycloak; CustomConfig: your own issuer"},
				"users": obj{"type": "array", "default": []any{}, "description": "Users granted access by e-mail",
					"items": obj{"type": "object", "required": []any{"email"}, "properties": obj{
						"email": obj{"type": "string", "description": "The user's e-mail address"},
						"role":  obj{"type": "string", "default": "view", "enum": []any{"admin", "view"}, "description": "What the user may do"},
					}}},
				"customConfig": obj{"type": "object", "default": obj{}, "description": "CustomConfig: the structured authentication configuration",
					"properties": obj{"config": obj{"type": "string", "default": "", "description": "AuthenticationConfiguration as YAML"}}},
			}},
	}
	root := obj{"type": "object", "title": "Kubernetes", "properties": props}
	if shape == ShapeCurrent {
		group := obj{"type": "object", "required": []any{"minReplicas", "maxReplicas", "instanceType"},
			"x-kubernetes-validations": []any{replicasRule}, "properties": workerProperties()}
		props["nodeGroups"] = obj{
			"type": "object", "description": "Worker node groups, by name", "maxProperties": 100,
			"default": obj{"md0": obj{"minReplicas": 0, "maxReplicas": 10, "instanceType": "u1.medium",
				"diskSize": "20Gi", "roles": []any{"ingress-nginx"}, "resources": obj{}, "gpus": []any{}}},
			"additionalProperties": group,
		}
		props["nodeHealthCheck"] = healthCheck()
		props["maxNodeProvisionTime"] = obj{"type": "string", "default": "30m", "description": "How long the autoscaler waits for a new node"}
		// The platform refuses an ingress controller with no node to run on. The
		// has() guards keep the rule valid where defaults have not been applied
		// (a client evaluating the schema); fieldPath makes the 422 name the switch.
		root["x-kubernetes-validations"] = []any{obj{
			"rule": "!has(self.addons) || !has(self.addons.ingressNginx) || !has(self.addons.ingressNginx.enabled) || " +
				"!self.addons.ingressNginx.enabled || (has(self.nodeGroups) && self.nodeGroups.exists(k, " +
				"has(self.nodeGroups[k].roles) && self.nodeGroups[k].roles.exists(r, r == 'ingress-nginx')))",
			"message":   "the ingress-nginx addon needs a node group with the role ingress-nginx",
			"fieldPath": ".addons.ingressNginx.enabled",
		}}
	}
	return root
}

// KubernetesNodesSchema: a node pool of a Kubernetes cluster (section 9).
func KubernetesNodesSchema() obj {
	props := workerProperties()
	props["cluster"] = immutable(obj{"type": "string", "default": "",
		"description": "The Kubernetes app (in this namespace) the pool belongs to; the pool must be named <cluster>-<pool>"}, "cluster")
	props["storageClass"] = options(immutable(obj{"type": "string", "default": "replicated",
		"description": "StorageClass of the nodes' disks; cannot be changed after creation"}, "storageClass"), "storageclass")
	props["version"] = obj{"type": "string", "default": DefaultVersion, "enum": anyList(SupportedVersions),
		"description": "Kubernetes minor version of the nodes: the cluster's or older, never newer"}
	for k, v := range healthCheck()["properties"].(obj) {
		props[k] = v
	}
	props["maxNodeProvisionTime"] = obj{"type": "string", "default": "30m", "description": "How long the autoscaler waits for a new node"}
	props["kubelet"] = obj{"type": "object", "default": obj{}, "description": "Kubelet settings of the nodes",
		"properties": obj{
			"evictionHardMemory": obj{"type": "string", "default": "7%", "description": "Hard eviction threshold for memory"},
			"evictionSoftMemory": obj{"type": "string", "default": "10%", "description": "Soft eviction threshold for memory"},
			"kubeReservedCpu":    obj{"type": "string", "description": "CPU reserved for Kubernetes components"},
			"kubeReservedMemory": obj{"type": "string", "description": "Memory reserved for Kubernetes components"},
		}}
	return obj{"type": "object", "title": "KubernetesNodes", "required": []any{"cluster"},
		"x-kubernetes-validations": []any{replicasRule}, "properties": props}
}

// PostgresExtensions are the PostgreSQL extensions a database may enable.
var PostgresExtensions = []string{"hstore", "pgcrypto", "postgis", "uuid-ossp", "pg_stat_statements"}

// PostgresSchema is the spec schema of a Postgres application, modelled on
// Cozystack's postgres chart. Beyond the Kubernetes schema it carries a real
// `number`, maximum bounds, maps of objects, enum array items, patterns, a
// `format` with `examples`, and a oneOf. withOptions as in KubernetesSchema.
func PostgresSchema() obj {
	storageClass := options(immutable(obj{"type": "string", "default": "",
		"description": "StorageClass of the data volumes; empty means the cluster default. Cannot be changed after creation"},
		"storageClass"), "storageclass")
	names := func(desc string) obj {
		return obj{"type": "array", "description": desc, "items": obj{"type": "string"}}
	}
	return obj{
		"type": "object", "title": "Postgres",
		"properties": obj{
			"replicas":  obj{"type": "integer", "default": 2, "minimum": 1, "maximum": 9, "description": "Number of PostgreSQL instances (one primary, the rest replicas)"},
			"resources": resources("Explicit CPU and memory per instance; they win over the preset"),
			"resourcesPreset": obj{"type": "string", "default": "t1.micro", "enum": anyList(ResourcePresets()),
				"description": "Size preset used when resources are not set"},
			"size":         quantity("10Gi", "Size of each instance's data volume"),
			"storageClass": storageClass,
			"postgresql": obj{"type": "object", "default": obj{}, "description": "PostgreSQL server configuration",
				"properties": obj{"parameters": obj{"type": "object", "default": obj{}, "description": "postgresql.conf parameters",
					"properties": obj{
						"max_connections": obj{"type": "integer", "default": 100, "minimum": 10, "maximum": 10000,
							"description": "Maximum number of concurrent connections"},
						"checkpoint_completion_target": obj{"type": "number", "default": 0.9, "minimum": 0, "maximum": 1,
							"description": "Fraction of the checkpoint interval over which to spread checkpoint writes"},
					}}}},
			"quorum": obj{"type": "object", "default": obj{}, "description": "Synchronous replication quorum",
				"properties": obj{
					"minSyncReplicas": obj{"type": "integer", "default": 0, "minimum": 0, "description": "Minimum number of synchronous replicas a commit waits for"},
					"maxSyncReplicas": obj{"type": "integer", "default": 0, "minimum": 0, "description": "Maximum number of synchronous replicas"},
				}},
			"users": obj{"type": "object", "default": obj{}, "description": "Database users, by name",
				"additionalProperties": obj{"type": "object", "properties": obj{
					"password":    obj{"type": "string", "description": "Password; generated when empty"},
					"replication": obj{"type": "boolean", "default": false, "description": "Whether the user may replicate"},
				}}},
			"databases": obj{"type": "object", "default": obj{}, "description": "Databases, by name",
				"additionalProperties": obj{"type": "object", "properties": obj{
					"roles": obj{"type": "object", "description": "Users granted access to the database", "properties": obj{
						"admin":    names("Users with full access"),
						"readonly": names("Users with read-only access"),
					}},
					"extensions": obj{"type": "array", "description": "Extensions enabled in the database",
						"items": obj{"type": "string", "enum": anyList(PostgresExtensions)}},
				}}},
			"backup": obj{"type": "object", "default": obj{}, "description": "Regular backups to S3-compatible storage",
				"properties": obj{
					"enabled": obj{"type": "boolean", "default": false, "description": "Take regular backups"},
					"schedule": obj{"type": "string", "default": "0 2 * * * *", "pattern": `^\S+( +\S+){5}$`,
						"description": "When to back up: a 6-field cron expression (seconds first)"},
					"retentionPolicy": obj{"type": "string", "default": "30d", "pattern": "^[0-9]+[dwm]$",
						"description": "How long backups are kept: a number of days, weeks or months, e.g. 30d"},
					// `examples` is a JSON Schema keyword form engines do not know:
					// a client must keep it (and may show it as a hint).
					"destinationPath": obj{"type": "string", "format": "uri", "examples": []any{"s3://bucket/path/to/folder/"},
						"description": "Where backups are written"},
					"endpointURL": obj{"type": "string", "description": "S3 endpoint URL, e.g. http://minio-gateway-service:9000"},
				}},
			// oneOf is a construct a form cannot render as fields (the client falls
			// back to YAML). Structural schemas allow only value validations inside
			// oneOf, so the properties are declared on the object and the
			// alternatives only say which one of them must be set.
			"bootstrap": obj{"type": "object",
				"description": "Restore from a backup instead of starting empty: to a point in time, or the latest state of a former cluster",
				"properties": obj{
					"enabled":      obj{"type": "boolean", "default": false, "description": "Restore from a backup"},
					"recoveryTime": obj{"type": "string", "format": "date-time", "description": "Point in time to recover to (RFC 3339)"},
					"oldName":      obj{"type": "string", "description": "Name of the former cluster whose backups are restored"},
				},
				"oneOf": []any{obj{"required": []any{"recoveryTime"}}, obj{"required": []any{"oldName"}}}},
			"valuesOverride": valuesOverride("Helm values merged over the chart's defaults"),
		},
	}
}

// TenantSchema is the spec schema of a Tenant application.
func TenantSchema() obj {
	return obj{
		"type": "object", "title": "Tenant",
		"properties": obj{
			"host":       obj{"type": "string", "default": "", "description": "Domain of the tenant; defaults to <name>.<parent host>"},
			"etcd":       obj{"type": "boolean", "default": false, "description": "Run a dedicated etcd for the tenant's clusters"},
			"monitoring": obj{"type": "boolean", "default": false, "description": "Run a dedicated monitoring stack"},
			"ingress":    obj{"type": "boolean", "default": false, "description": "Run a dedicated ingress controller"},
			"seaweedfs":  obj{"type": "boolean", "default": false, "description": "Run dedicated object storage"},
			"isolated":   obj{"type": "boolean", "default": true, "description": "Isolate the tenant's network from its siblings"},
			"resourceQuotas": obj{"type": "object", "default": obj{}, "description": "Resource quotas of the tenant namespace",
				"additionalProperties": quantity("", "quota")},
		},
	}
}

func anyList(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// JSON marshals v; the schemas are static, so failure is a programming error.
func JSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
