// Package seed installs the platform's API into a fresh API server and fills
// it: the demo world (tenants, users, clusters in every state) and bulk loads
// for scale tests.
package seed

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	apiextv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiext "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	p "nestdeck/sandbox/internal/platform"
	"nestdeck/sandbox/internal/simulator"
)

// Clients bundles the clients seeding needs.
type Clients struct {
	Kube   kubernetes.Interface
	Dyn    dynamic.Interface
	APIExt apiext.Interface
}

// NewClients makes clients for cfg.
func NewClients(cfg *rest.Config) (*Clients, error) {
	kube, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	ext, err := apiext.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	return &Clients{Kube: kube, Dyn: dyn, APIExt: ext}, nil
}

// Install creates or updates every CRD, waits until they are served, then
// creates the catalog objects, RBAC, StorageClasses and the root tenant.
func Install(ctx context.Context, c *Clients) error {
	for _, k := range p.Kinds {
		want := k.CRD()
		cur, err := c.APIExt.ApiextensionsV1().CustomResourceDefinitions().Get(ctx, want.Name, metav1.GetOptions{})
		switch {
		case apierrors.IsNotFound(err):
			_, err = c.APIExt.ApiextensionsV1().CustomResourceDefinitions().Create(ctx, want, metav1.CreateOptions{})
		case err == nil:
			want.ResourceVersion = cur.ResourceVersion
			_, err = c.APIExt.ApiextensionsV1().CustomResourceDefinitions().Update(ctx, want, metav1.UpdateOptions{})
		}
		if err != nil {
			return fmt.Errorf("CRD %s: %w", want.Name, err)
		}
	}
	for _, k := range p.Kinds {
		name := k.GVR.Resource + "." + k.GVR.Group
		err := wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, 60*time.Second, true, func(ctx context.Context) (bool, error) {
			crd, err := c.APIExt.ApiextensionsV1().CustomResourceDefinitions().Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return false, nil
			}
			for _, cond := range crd.Status.Conditions {
				if cond.Type == apiextv1.Established && cond.Status == apiextv1.ConditionTrue {
					return true, nil
				}
			}
			return false, nil
		})
		if err != nil {
			return fmt.Errorf("CRD %s not established: %w", name, err)
		}
	}
	// Applied, not just created: a sandbox restarted on its old state must
	// serve the current schemas and roles, as it does the current CRDs.
	for _, u := range append(p.ApplicationDefinitions(), p.InstanceTypeObjects()...) {
		g := p.AppDefGVR
		if u.GetKind() == "VirtualMachineClusterInstancetype" {
			g = p.InstancetypeGVR
		}
		if _, err := c.Dyn.Resource(g).Apply(ctx, u.GetName(), u, metav1.ApplyOptions{FieldManager: "nestdeck-sandbox", Force: true}); err != nil {
			return fmt.Errorf("%s %s: %w", u.GetKind(), u.GetName(), err)
		}
	}
	for _, cr := range p.TenantClusterRoles() {
		_, err := c.Kube.RbacV1().ClusterRoles().Create(ctx, cr, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			_, err = c.Kube.RbacV1().ClusterRoles().Update(ctx, cr, metav1.UpdateOptions{})
		}
		if err != nil {
			return err
		}
	}
	role, binding := p.ReadCatalogRole()
	if _, err := c.Kube.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	if _, err := c.Kube.RbacV1().ClusterRoleBindings().Create(ctx, binding, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	for i, name := range []string{"replicated", "local"} {
		sc := &storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: name}, Provisioner: "linstor.csi.linbit.com"}
		if i == 0 {
			sc.Annotations = map[string]string{"storageclass.kubernetes.io/is-default-class": "true"}
		}
		if _, err := c.Kube.StorageV1().StorageClasses().Create(ctx, sc, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
	}
	for _, ns := range []string{"cozy-system", "cozy-public"} {
		if _, err := c.Kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns,
			Labels: map[string]string{"cozystack.io/system": "true"}}}, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
	}
	sim := &simulator.Simulator{Kube: c.Kube, Dyn: c.Dyn}
	return simulator.EnsureTenantNamespace(ctx, sim, p.RootNamespace, nil, "sandbox.invalid", nil)
}
