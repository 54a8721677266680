package simulator

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	p "nestdeck/sandbox/internal/platform"
)

// EnsureTenantNamespace creates (or completes) a tenant namespace with its
// labels, parent ownerReference, quota, limit range and RBAC. Used for
// tenant-root at install and for every Tenant.
func EnsureTenantNamespace(ctx context.Context, s *Simulator, ns string, parent *corev1.Namespace, host string, quotas map[string]string) error {
	kube := s.Kube
	var parentLabels map[string]string
	var owners []metav1.OwnerReference
	if parent != nil {
		parentLabels = parent.Labels
		owners = []metav1.OwnerReference{ownerRef(parent, "v1", "Namespace", false)}
	}
	want := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name: ns, Labels: p.TenantNamespaceLabels(parentLabels, ns),
		Annotations:     map[string]string{"namespace.cozystack.io/host": host},
		OwnerReferences: owners,
	}}
	cur, err := kube.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		if cur, err = kube.CoreV1().Namespaces().Create(ctx, want, metav1.CreateOptions{}); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	if cur.Status.Phase == corev1.NamespaceTerminating {
		return fmt.Errorf("namespace %s is terminating", ns)
	}
	// The quota follows the Tenant's spec.resourceQuotas, as the tenant chart's
	// release does on every upgrade: created once, updated when the spec changes.
	wantQuota := p.TenantQuota(ns, quotas)
	if _, err := kube.CoreV1().ResourceQuotas(ns).Create(ctx, wantQuota, metav1.CreateOptions{}); apierrors.IsAlreadyExists(err) {
		curQuota, err := kube.CoreV1().ResourceQuotas(ns).Get(ctx, wantQuota.Name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if !equality.Semantic.DeepEqual(curQuota.Spec.Hard, wantQuota.Spec.Hard) {
			curQuota.Spec.Hard = wantQuota.Spec.Hard
			if _, err := kube.CoreV1().ResourceQuotas(ns).Update(ctx, curQuota, metav1.UpdateOptions{}); err != nil {
				return err
			}
		}
	} else if err != nil {
		return err
	}
	if _, err := kube.CoreV1().LimitRanges(ns).Create(ctx, p.TenantLimitRange(ns), metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	for _, rb := range p.TenantRoleBindings(ns, p.Ancestry(cur.Labels)) {
		if _, err := kube.RbacV1().RoleBindings(ns).Create(ctx, rb, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
	}
	return nil
}

func (s *Simulator) reconcileTenant(ctx context.Context, parentNS, name string) (time.Duration, error) {
	rel := p.TenantReleasePrefix + name
	hr := s.get(p.HelmReleaseGVR, parentNS, rel)
	if hr == nil {
		return 0, nil
	}
	ns := p.ChildNamespace(parentNS, name)
	if hr.GetDeletionTimestamp() != nil {
		err := s.Kube.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{})
		if err == nil {
			// The namespace controller empties it; check back until it is gone.
			return time.Second, nil
		}
		if !apierrors.IsNotFound(err) {
			return 0, err
		}
		return 0, s.removeFinalizer(ctx, p.HelmReleaseGVR, hr)
	}
	if err := s.addFinalizer(ctx, p.HelmReleaseGVR, hr); err != nil {
		return 0, err
	}
	parent, err := s.Kube.CoreV1().Namespaces().Get(ctx, parentNS, metav1.GetOptions{})
	if err != nil {
		return 0, err
	}
	spec := s.spec("Tenant", hr)
	host := nestedString(spec, "host")
	if host == "" {
		host = name + "." + parent.Annotations["namespace.cozystack.io/host"]
	}
	quotas := map[string]string{}
	if q, ok := spec["resourceQuotas"].(obj); ok {
		for k, v := range q {
			quotas[k] = fmt.Sprint(v)
		}
	}
	if err := EnsureTenantNamespace(ctx, s, ns, parent, host, quotas); err != nil {
		return 0, err
	}
	now := s.Now()
	msg := "Helm install succeeded for release " + parentNS + "/" + rel + " with chart tenant@1.10.0"
	conds := []any{condition(hr, "Ready", true, "InstallSucceeded", msg, now), condition(hr, "Released", true, "InstallSucceeded", msg, now)}
	return 0, s.setStatus(ctx, p.HelmReleaseGVR, hr, obj{"conditions": conds, "lastAttemptedRevision": "1.10.0",
		"lastAttemptedValuesChecksum": shortHash(p.JSON(spec))})
}
