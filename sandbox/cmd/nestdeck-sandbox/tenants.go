package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"nestdeck/sandbox/internal/controlplane"
	"nestdeck/sandbox/internal/simulator"
)

// tenantClusters runs real kube-apiservers for up to max tenant clusters, on
// the sandbox's etcd under their own prefix.
type tenantClusters struct {
	dir, binDir, etcdURL string
	max                  int

	mu       sync.Mutex
	clusters map[string]*tenantCluster
}

type tenantCluster struct {
	api   *controlplane.APIServer
	kube  kubernetes.Interface
	confs simulator.Kubeconfigs
	ready bool
	err   error
	nodes []string
}

func (m *tenantClusters) Admit(ns, name string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.clusters[ns+"/"+name]
	return ok || len(m.clusters) < m.max
}

func (m *tenantClusters) Ensure(ns, name, version string, nodes []string) (string, simulator.Kubeconfigs, bool, error) {
	key := ns + "/" + name
	m.mu.Lock()
	tc, ok := m.clusters[key]
	if !ok {
		tc = &tenantCluster{}
		m.clusters[key] = tc
		go m.start(ns, name, tc)
	}
	ready, err := tc.ready, tc.err
	m.mu.Unlock()
	if err != nil {
		return "", simulator.Kubeconfigs{}, false, err
	}
	if !ready {
		return "", simulator.Kubeconfigs{}, false, nil
	}
	if err := m.syncNodes(tc, nodes, version); err != nil {
		return "", simulator.Kubeconfigs{}, false, err
	}
	return fmt.Sprintf("127.0.0.1:%d", tc.api.Port), tc.confs, true, nil
}

func (m *tenantClusters) start(ns, name string, tc *tenantCluster) {
	fail := func(err error) {
		m.mu.Lock()
		tc.err = fmt.Errorf("tenant API server for %s/%s: %w", ns, name, err)
		m.mu.Unlock()
	}
	api, err := controlplane.NewAPIServer(controlplane.APIServerOptions{
		Name: "kubernetes-" + name, Dir: filepath.Join(m.dir, "tenants", ns+"-"+name), BinDir: m.binDir,
		EtcdURL: m.etcdURL, EtcdPrefix: "/tenants/" + ns + "/" + name, ServiceCIDR: "10.95.0.0/16",
	})
	if err != nil {
		fail(err)
		return
	}
	if err := api.Start(context.Background()); err != nil {
		fail(err)
		return
	}
	kube, err := kubernetes.NewForConfig(api.RestConfig())
	if err != nil {
		fail(err)
		return
	}
	// kubeadm binds admin.conf's group to cluster-admin; do the same.
	crb := &rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "kubeadm:cluster-admins"},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "cluster-admin"},
		Subjects: []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "Group", Name: "kubeadm:cluster-admins"}}}
	if _, err := kube.RbacV1().ClusterRoleBindings().Create(context.Background(), crb, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		fail(err)
		return
	}
	confs, err := simulator.KubeconfigsFor(api.CA, ns, name, fmt.Sprintf("127.0.0.1:%d", api.Port))
	if err != nil {
		fail(err)
		return
	}
	m.mu.Lock()
	tc.api, tc.kube, tc.confs, tc.ready = api, kube, confs, true
	m.mu.Unlock()
	logf("tenant cluster %s/%s: kube-apiserver on %s", ns, name, api.URL())
}

// syncNodes makes the tenant cluster's Node objects match the Running machines.
func (m *tenantClusters) syncNodes(tc *tenantCluster, nodes []string, version string) error {
	want := append([]string(nil), nodes...)
	sort.Strings(want)
	m.mu.Lock()
	same := fmt.Sprint(tc.nodes) == fmt.Sprint(want)
	m.mu.Unlock()
	if same {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	existing, err := tc.kube.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	wanted := map[string]bool{}
	for _, n := range want {
		wanted[n] = true
	}
	for _, n := range existing.Items {
		if !wanted[n.Name] {
			if err := tc.kube.CoreV1().Nodes().Delete(ctx, n.Name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
				return err
			}
		}
		delete(wanted, n.Name)
	}
	for n := range wanted {
		node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: n, Labels: map[string]string{
			"kubernetes.io/hostname": n, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64"}}}
		created, err := tc.kube.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{})
		if err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
		if err == nil {
			now := metav1.Now()
			created.Status = corev1.NodeStatus{
				Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady",
					Message: "kubelet is posting ready status", LastHeartbeatTime: now, LastTransitionTime: now}},
				NodeInfo: corev1.NodeSystemInfo{KubeletVersion: version, OSImage: "Ubuntu 24.04 LTS", Architecture: "amd64",
					OperatingSystem: "linux", ContainerRuntimeVersion: "containerd://1.7.24"},
			}
			if _, err := tc.kube.CoreV1().Nodes().UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
				return err
			}
		}
	}
	m.mu.Lock()
	tc.nodes = want
	m.mu.Unlock()
	return nil
}

func (m *tenantClusters) Remove(ns, name string) {
	m.mu.Lock()
	tc, ok := m.clusters[ns+"/"+name]
	delete(m.clusters, ns+"/"+name)
	m.mu.Unlock()
	if ok && tc.api != nil {
		go tc.api.Process.Stop(10 * time.Second)
	}
}

func (m *tenantClusters) stopAll() {
	m.mu.Lock()
	var procs []*controlplane.Process
	for _, tc := range m.clusters {
		if tc.api != nil {
			procs = append(procs, tc.api.Process)
		}
	}
	m.mu.Unlock()
	for _, p := range procs {
		p.Stop(10 * time.Second)
	}
}

func (m *tenantClusters) list() map[string]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]string{}
	for k, tc := range m.clusters {
		if tc.api != nil {
			out[k] = tc.api.URL()
		}
	}
	return out
}
