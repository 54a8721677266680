// Package platform holds the management cluster's API as the sandbox serves
// it: CRDs for the applications and the objects they are made of, the
// ApplicationDefinitions with their form schemas, the tenant RBAC and the
// instance type catalog. See shared/docs/management-api.md.
package platform

import "encoding/json"

type obj = map[string]any

// Resource presets of the control-plane components (per replica).
var ResourcePresets = []string{"nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"}

// SupportedVersions of tenant Kubernetes, oldest first.
var SupportedVersions = []string{"v1.28", "v1.29", "v1.30", "v1.31", "v1.32", "v1.33"}

// PatchVersions is what a tenant control plane reports running for a wanted minor.
var PatchVersions = map[string]string{
	"v1.28": "v1.28.15", "v1.29": "v1.29.14", "v1.30": "v1.30.12",
	"v1.31": "v1.31.8", "v1.32": "v1.32.4", "v1.33": "v1.33.1",
}

// Addons: spec key → HelmRelease suffix, and whether the addon is always on.
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
	{"fluxcd", "fluxcd", false, "Flux CD"},
	{"monitoringAgents", "monitoring-agents", false, "Monitoring agents (metrics and logs shipped to the tenant's monitoring)"},
	{"velero", "velero", false, "Velero backups"},
	{"metricsServer", "metrics-server", true, "metrics-server (always installed)"},
}

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
			"resources":       resources("Explicit resources per replica; they win over the preset"),
			"resourcesPreset": obj{"type": "string", "default": preset, "enum": ResourcePresets, "description": "Size preset used when resources are not set"},
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
		p := obj{"valuesOverride": valuesOverride("Helm values merged over the addon's defaults")}
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

// KubernetesSchema is the JSON Schema of a Kubernetes application's spec (the
// seed table, section 7). withOptions adds the platform's x-cozystack-options
// extension, which ApplicationDefinitions carry and CRD schemas cannot.
func KubernetesSchema(withOptions bool) obj {
	storageClass := obj{
		"type": "string", "default": "replicated",
		"description":              "StorageClass of the cluster's persistent volumes; cannot be changed after creation",
		"x-kubernetes-validations": []any{obj{"rule": "self == oldSelf", "message": "storageClass is immutable"}},
	}
	instanceType := obj{"type": "string", "default": "u1.medium", "description": "Virtual machine instance type of the nodes"}
	if withOptions {
		storageClass["x-cozystack-options"] = obj{"source": "storageclass"}
		instanceType["x-cozystack-options"] = obj{"source": "instancetype"}
	}
	nodeGroup := obj{
		"type":     "object",
		"required": []any{"minReplicas", "maxReplicas", "instanceType"},
		"x-kubernetes-validations": []any{obj{
			"rule": "self.maxReplicas >= self.minReplicas", "message": "maxReplicas must be at least minReplicas"}},
		"properties": obj{
			"minReplicas":      obj{"type": "integer", "default": 0, "minimum": 0, "description": "Minimum number of nodes"},
			"maxReplicas":      obj{"type": "integer", "default": 10, "minimum": 0, "description": "Maximum number of nodes"},
			"instanceType":     instanceType,
			"ephemeralStorage": quantity("20Gi", "Ephemeral storage of each node"),
			// maxItems (like nodeGroups' maxProperties) bounds the cost of the
			// spec-level CEL rule that walks every role of every group.
			"roles": obj{"type": "array", "default": []any{}, "maxItems": 16, "items": obj{"type": "string"},
				"description": "Node roles, e.g. ingress-nginx"},
			"resources": resources("CPU and memory per node; overrides the instance type"),
			"gpus": obj{"type": "array", "default": []any{}, "description": "GPUs passed through to each node",
				"items": obj{"type": "object", "required": []any{"name"}, "properties": obj{
					"name": obj{"type": "string", "description": "GPU resource name, e.g. nvidia.com/AD102GL_L40S"},
				}}},
		},
	}
	return obj{
		"type":  "object",
		"title": "Kubernetes",
		// The platform refuses an ingress controller with no node to run on. The
		// has() guards keep the rule valid where defaults have not been applied
		// (a client evaluating the schema); fieldPath makes the 422 name the switch.
		"x-kubernetes-validations": []any{obj{
			"rule": "!has(self.addons) || !has(self.addons.ingressNginx) || !has(self.addons.ingressNginx.enabled) || " +
				"!self.addons.ingressNginx.enabled || (has(self.nodeGroups) && self.nodeGroups.exists(k, " +
				"has(self.nodeGroups[k].roles) && self.nodeGroups[k].roles.exists(r, r == 'ingress-nginx')))",
			"message":   "the ingress-nginx addon needs a node group with the role ingress-nginx",
			"fieldPath": ".addons.ingressNginx.enabled",
		}},
		"properties": obj{
			"storageClass": storageClass,
			"nodeGroups": obj{
				"type": "object", "description": "Worker node groups, by name", "maxProperties": 100,
				"default": obj{"md0": obj{"minReplicas": 0, "maxReplicas": 10, "instanceType": "u1.medium",
					"ephemeralStorage": "20Gi", "roles": []any{"ingress-nginx"}, "resources": obj{}, "gpus": []any{}}},
				"additionalProperties": nodeGroup,
			},
			"version": obj{"type": "string", "default": "v1.33", "enum": anyList(SupportedVersions),
				"description": "Kubernetes minor version (upgrade one minor at a time)"},
			"host":   obj{"type": "string", "default": "", "description": "API host name; defaults to <name>.<tenant host>"},
			"addons": addonsSchema(),
			"controlPlane": obj{
				"type": "object", "default": obj{}, "description": "Control plane (Kamaji) settings",
				"properties": obj{
					"replicas":          obj{"type": "integer", "default": 2, "minimum": 1, "description": "Control plane replicas"},
					"apiServer":         component("medium", "kube-apiserver"),
					"controllerManager": component("micro", "kube-controller-manager"),
					"scheduler":         component("micro", "kube-scheduler"),
					"konnectivity": obj{"type": "object", "default": obj{}, "description": "Konnectivity",
						"properties": obj{"server": component("micro", "Konnectivity server")}},
				},
			},
		},
	}
}

// PostgresExtensions are the PostgreSQL extensions a database may enable.
var PostgresExtensions = []string{"hstore", "pgcrypto", "postgis", "uuid-ossp", "pg_stat_statements"}

// PostgresSchema is the spec schema of a Postgres application, modelled on
// Cozystack's postgres chart. Beyond the Kubernetes schema it carries a real
// `number`, maximum bounds, maps of objects, enum array items, patterns, a
// `format` with `examples`, and a oneOf. withOptions as in KubernetesSchema.
func PostgresSchema(withOptions bool) obj {
	storageClass := obj{
		"type": "string", "default": "",
		"description":              "StorageClass of the data volumes; empty means the cluster default. Cannot be changed after creation",
		"x-kubernetes-validations": []any{obj{"rule": "self == oldSelf", "message": "storageClass is immutable"}},
	}
	if withOptions {
		storageClass["x-cozystack-options"] = obj{"source": "storageclass"}
	}
	names := func(desc string) obj {
		return obj{"type": "array", "description": desc, "items": obj{"type": "string"}}
	}
	return obj{
		"type": "object", "title": "Postgres",
		"properties": obj{
			"replicas":  obj{"type": "integer", "default": 2, "minimum": 1, "maximum": 9, "description": "Number of PostgreSQL instances (one primary, the rest replicas)"},
			"resources": resources("Explicit CPU and memory per instance; they win over the preset"),
			"resourcesPreset": obj{"type": "string", "default": "micro", "enum": anyList(ResourcePresets),
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

// Sizes of the resource presets (per replica).
var PresetSizes = map[string][2]string{
	"nano": {"250m", "128Mi"}, "micro": {"500m", "256Mi"}, "small": {"1", "512Mi"}, "medium": {"1", "1Gi"},
	"large": {"2", "2Gi"}, "xlarge": {"4", "4Gi"}, "2xlarge": {"8", "8Gi"},
}
