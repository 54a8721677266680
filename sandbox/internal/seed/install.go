// Package seed installs the platform's API into a fresh API server and fills
// it: the demo world (tenants, users, clusters in every state) and bulk loads
// for scale tests.
package seed

import (
	"context"
	"encoding/base64"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	apiextv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiext "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
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
// creates the catalog objects (the application definitions in the given
// release's shape), RBAC, StorageClasses and the root tenant. The
// applications themselves are cozystack-api's (see Register).
func Install(ctx context.Context, c *Clients, shape p.Shape) error {
	for _, k := range p.Kinds {
		if k.Aggregated {
			continue
		}
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
	// A sandbox from before cozystack-api served the applications as CRDs: those
	// would shadow nothing (the APIService wins) but confuse kubectl.
	for _, k := range p.Kinds {
		if k.Aggregated {
			err := c.APIExt.ApiextensionsV1().CustomResourceDefinitions().Delete(ctx, k.GVR.Resource+"."+k.GVR.Group, metav1.DeleteOptions{})
			if err != nil && !apierrors.IsNotFound(err) {
				return err
			}
		}
	}
	for _, k := range p.Kinds {
		if k.Aggregated {
			continue
		}
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
	for _, u := range append(p.ApplicationDefinitions(shape), p.InstanceTypeObjects()...) {
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
	if _, err := c.Kube.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{}); apierrors.IsAlreadyExists(err) {
		_, err = c.Kube.RbacV1().ClusterRoles().Update(ctx, role, metav1.UpdateOptions{})
		if err != nil {
			return err
		}
	} else if err != nil {
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

// AppServer is where the sandbox's cozystack-api listens, for Register.
type AppServer struct {
	Port     int
	CABundle []byte // the CA its serving certificate is signed by
}

// Register makes the kube-apiserver's aggregation layer send
// apps.cozystack.io and core.cozystack.io to the sandbox's cozystack-api, and
// waits until both APIServices are Available.
//
// The server runs on loopback, outside any pod. An APIService names a
// Service, and the aggregator dials the Service's cluster IP (there is no
// kube-proxy here) or, with --enable-aggregator-routing, an endpoint, and
// Endpoints refuse loopback addresses. An ExternalName Service resolves to a
// host name instead: "localhost" at the APIService's port, with TLS checked
// against the name cozystack-api.cozy-system.svc as for any Service.
func Register(ctx context.Context, c *Clients, srv AppServer) error {
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "cozystack-api", Namespace: "cozy-system"},
		Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "localhost",
			Ports: []corev1.ServicePort{{Name: "https", Port: int32(srv.Port)}}}}
	cur, err := c.Kube.CoreV1().Services(svc.Namespace).Get(ctx, svc.Name, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		_, err = c.Kube.CoreV1().Services(svc.Namespace).Create(ctx, svc, metav1.CreateOptions{})
	case err == nil:
		cur.Spec = svc.Spec
		_, err = c.Kube.CoreV1().Services(svc.Namespace).Update(ctx, cur, metav1.UpdateOptions{})
	}
	if err != nil {
		return fmt.Errorf("service cozystack-api: %w", err)
	}
	port := int32(srv.Port)
	var names []string
	for _, group := range []string{"apps.cozystack.io", "core.cozystack.io"} {
		name := "v1alpha1." + group
		names = append(names, name)
		want := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService",
			"metadata": map[string]any{"name": name},
			"spec": map[string]any{
				"group": group, "version": "v1alpha1", "groupPriorityMinimum": int64(1000), "versionPriority": int64(15),
				"caBundle": base64.StdEncoding.EncodeToString(srv.CABundle),
				"service":  map[string]any{"namespace": "cozy-system", "name": "cozystack-api", "port": int64(port)},
			},
		}}
		if _, err := c.Dyn.Resource(p.APIServiceGVR).Apply(ctx, name, want, metav1.ApplyOptions{FieldManager: "nestdeck-sandbox", Force: true}); err != nil {
			return fmt.Errorf("APIService %s: %w", name, err)
		}
	}
	for _, name := range names {
		err := wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, 90*time.Second, true, func(ctx context.Context) (bool, error) {
			u, err := c.Dyn.Resource(p.APIServiceGVR).Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return false, nil
			}
			conds, _, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
			for _, cond := range conds {
				if m, _ := cond.(map[string]any); m["type"] == "Available" && m["status"] == "True" {
					return true, nil
				}
			}
			return false, nil
		})
		if err != nil {
			return fmt.Errorf("APIService %s did not become Available: %w", name, err)
		}
	}
	return nil
}
