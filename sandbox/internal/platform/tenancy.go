package platform

import (
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TenantLevels, weakest first.
var TenantLevels = []string{"view", "use", "admin", "super-admin"}

// RootNamespace is the root tenant's namespace.
const RootNamespace = "tenant-root"

// ChildNamespace is the namespace of Tenant `name` created in namespace parent.
func ChildNamespace(parent, name string) string {
	if parent == RootNamespace {
		return "tenant-" + name
	}
	return parent + "-" + name
}

// TenantClusterRoles are cozy:tenant:<level>: what each level may do in a
// tenant namespace (bound there by RoleBindings).
func TenantClusterRoles() []*rbacv1.ClusterRole {
	read := []string{"get", "list", "watch"}
	view := []rbacv1.PolicyRule{
		{APIGroups: []string{"apps.cozystack.io"}, Resources: []string{"*"}, Verbs: read},
		{APIGroups: []string{""}, Resources: []string{"events"}, Verbs: read},
		{APIGroups: []string{"events.k8s.io"}, Resources: []string{"events"}, Verbs: read},
		{APIGroups: []string{""}, Resources: []string{"resourcequotas", "limitranges"}, Verbs: read},
		// The dropdowns of the forms (x-cozystack-options), computed by cozystack-api.
		{APIGroups: []string{"core.cozystack.io"}, Resources: []string{"options"}, Verbs: read},
	}
	// "use" reads the applications' Secrets one by one (get, never list), so
	// credentials are fetched only when a person asks for them.
	use := append(append([]rbacv1.PolicyRule{}, view...),
		rbacv1.PolicyRule{APIGroups: []string{""}, Resources: []string{"secrets"}, Verbs: []string{"get"}})
	// "admin" manages the tenant's applications, but not Tenants (super-admin).
	admin := append(append([]rbacv1.PolicyRule{}, use...),
		rbacv1.PolicyRule{APIGroups: []string{"apps.cozystack.io"}, Resources: []string{"kuberneteses", "postgreses"},
			Verbs: []string{"create", "update", "patch", "delete"}})
	super := append(append([]rbacv1.PolicyRule{}, use...),
		rbacv1.PolicyRule{APIGroups: []string{"apps.cozystack.io"}, Resources: []string{"*"}, Verbs: []string{"*"}})
	rules := map[string][]rbacv1.PolicyRule{"view": view, "use": use, "admin": admin, "super-admin": super}
	var out []*rbacv1.ClusterRole
	for _, l := range TenantLevels {
		out = append(out, &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "cozy:tenant:" + l}, Rules: rules[l]})
	}
	return out
}

// ReadCatalogRole lets every authenticated user read the
// ApplicationDefinitions (the forms' schemas). Instance types and storage
// classes they cannot list: cozystack-api's options serve them their values.
func ReadCatalogRole() (*rbacv1.ClusterRole, *rbacv1.ClusterRoleBinding) {
	role := &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "cozy:catalog:read"}, Rules: []rbacv1.PolicyRule{
		{APIGroups: []string{"cozystack.io"}, Resources: []string{"applicationdefinitions"}, Verbs: []string{"get", "list", "watch"}},
	}}
	binding := &rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "cozy:catalog:read"},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: role.Name},
		Subjects: []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "Group", Name: "system:authenticated"}}}
	return role, binding
}

// TenantNamespaceLabels are the labels of a tenant namespace: one
// tenant.cozystack.io/<ns> for every ancestor and for itself.
func TenantNamespaceLabels(parentLabels map[string]string, ns string) map[string]string {
	out := map[string]string{}
	for k, v := range parentLabels {
		if strings.HasPrefix(k, LabelTenantPrefix) {
			out[k] = v
		}
	}
	out[LabelTenantPrefix+ns] = ""
	return out
}

// Ancestry lists the tenant namespaces named by labels (ancestors and self), sorted.
func Ancestry(labels map[string]string) []string {
	var out []string
	for k := range labels {
		if strings.HasPrefix(k, LabelTenantPrefix) {
			out = append(out, strings.TrimPrefix(k, LabelTenantPrefix))
		}
	}
	sort.Strings(out)
	return out
}

// TenantRoleBindings are cozy:tenant:<level> in ns, bound to the groups
// <tenant-namespace>-<level> of the tenant and its ancestors.
func TenantRoleBindings(ns string, ancestry []string) []*rbacv1.RoleBinding {
	var out []*rbacv1.RoleBinding
	for _, l := range TenantLevels {
		var subjects []rbacv1.Subject
		for _, a := range ancestry {
			subjects = append(subjects, rbacv1.Subject{APIGroup: "rbac.authorization.k8s.io", Kind: "Group", Name: a + "-" + l})
		}
		out = append(out, &rbacv1.RoleBinding{
			ObjectMeta: metav1.ObjectMeta{Name: "cozy:tenant:" + l, Namespace: ns},
			RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "cozy:tenant:" + l},
			Subjects:   subjects,
		})
	}
	return out
}

// TenantQuota is the ResourceQuota tenant-quota; quotas override the defaults.
func TenantQuota(ns string, quotas map[string]string) *corev1.ResourceQuota {
	hard := corev1.ResourceList{
		"requests.cpu": resource.MustParse("32"), "requests.memory": resource.MustParse("64Gi"),
		"requests.storage": resource.MustParse("500Gi"), "services.loadbalancers": resource.MustParse("5"),
	}
	for k, v := range quotas {
		if q, err := resource.ParseQuantity(v); err == nil {
			hard[corev1.ResourceName(k)] = q
		}
	}
	return &corev1.ResourceQuota{ObjectMeta: metav1.ObjectMeta{Name: "tenant-quota", Namespace: ns},
		Spec: corev1.ResourceQuotaSpec{Hard: hard}}
}

// TenantLimitRange is tenant-range-limits: defaults for containers without limits.
func TenantLimitRange(ns string) *corev1.LimitRange {
	return &corev1.LimitRange{ObjectMeta: metav1.ObjectMeta{Name: "tenant-range-limits", Namespace: ns},
		Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{{
			Type:           corev1.LimitTypeContainer,
			Default:        corev1.ResourceList{"cpu": resource.MustParse("250m"), "memory": resource.MustParse("128Mi")},
			DefaultRequest: corev1.ResourceList{"cpu": resource.MustParse("25m"), "memory": resource.MustParse("128Mi")},
		}}}}
}
