package simulator

import (
	"bytes"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"nestdeck/sandbox/internal/pki"
	p "nestdeck/sandbox/internal/platform"
)

// KubeconfigsFor builds the four admin-kubeconfig variants for a tenant
// cluster served at endpoint (host:port), signed by ca. admin.* authenticates
// as kubeadm's "kubernetes-admin" (group kubeadm:cluster-admins), super-admin.*
// as system:masters; *.svc point at the in-cluster service name.
func KubeconfigsFor(ca *pki.CA, ns, name, endpoint string) (Kubeconfigs, error) {
	admin, err := ca.ClientCert("kubernetes-admin", []string{"kubeadm:cluster-admins"}, time.Time{})
	if err != nil {
		return Kubeconfigs{}, err
	}
	super, err := ca.ClientCert("kubernetes-super-admin", []string{"system:masters"}, time.Time{})
	if err != nil {
		return Kubeconfigs{}, err
	}
	rel := "kubernetes-" + name
	svc := fmt.Sprintf("https://%s.%s.svc:6443", rel, ns)
	build := func(server, user string, kp pki.KeyPair) ([]byte, error) {
		cfg := clientcmdapi.NewConfig()
		cfg.Clusters[rel] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: ca.CertPEM}
		cfg.AuthInfos[user] = &clientcmdapi.AuthInfo{ClientCertificateData: kp.CertPEM, ClientKeyData: kp.KeyPEM}
		ctx := user + "@" + rel
		cfg.Contexts[ctx] = &clientcmdapi.Context{Cluster: rel, AuthInfo: user}
		cfg.CurrentContext = ctx
		return clientcmd.Write(*cfg)
	}
	var k Kubeconfigs
	for _, v := range []struct {
		out    *[]byte
		server string
		user   string
		kp     pki.KeyPair
	}{
		{&k.AdminConf, "https://" + endpoint, "kubernetes-admin", admin},
		{&k.AdminSvc, svc, "kubernetes-admin", admin},
		{&k.SuperAdminConf, "https://" + endpoint, "kubernetes-super-admin", super},
		{&k.SuperAdminSvc, svc, "kubernetes-super-admin", super},
	} {
		if *v.out, err = build(v.server, v.user, v.kp); err != nil {
			return k, err
		}
	}
	return k, nil
}

func (t *tree) kubeconfigSecret(cp cpState, nodes []string) error {
	s := t.s
	secretName := t.rel + "-admin-kubeconfig"
	existing, err := s.Kube.CoreV1().Secrets(t.ns).Get(t.ctx, secretName, metav1.GetOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		return err
	}
	if apierrors.IsNotFound(err) {
		existing = nil
	}
	var confs Kubeconfigs
	real := false
	if s.Tenants != nil {
		marked := cp.tcp.GetAnnotations()[AnnRealAPIServer] == "true"
		if marked || s.Tenants.Admit(t.ns, t.name) {
			if !marked {
				patch := fmt.Sprintf(`{"metadata":{"annotations":{%q:"true"}}}`, AnnRealAPIServer)
				if _, err := s.Dyn.Resource(p.TenantCPGVR).Namespace(t.ns).Patch(t.ctx, t.rel, "application/merge-patch+json", []byte(patch), metav1.PatchOptions{}); err != nil {
					return err
				}
			}
			endpoint, c, ok, err := s.Tenants.Ensure(t.ns, t.name, cp.running, nodes)
			if err != nil {
				return err
			}
			if !ok {
				t.pending = true
				return nil
			}
			real, confs = true, c
			if nestedString(cp.tcp.Object, "status", "controlPlaneEndpoint") != endpoint {
				st := runtime.DeepCopyJSON(cp.tcp.Object["status"].(obj))
				st["controlPlaneEndpoint"] = endpoint
				if err := s.setStatus(t.ctx, p.TenantCPGVR, cp.tcp, st); err != nil {
					return err
				}
			}
		}
	}
	if !real {
		if existing != nil {
			return nil // fake credentials are made once; they never need to change
		}
		ca, err := pki.NewCA("kubernetes")
		if err != nil {
			return err
		}
		if confs, err = KubeconfigsFor(ca, t.ns, t.name, cp.endpoint); err != nil {
			return err
		}
	}
	data := map[string][]byte{"admin.conf": confs.AdminConf, "admin.svc": confs.AdminSvc,
		"super-admin.conf": confs.SuperAdminConf, "super-admin.svc": confs.SuperAdminSvc}
	if existing != nil {
		if bytes.Equal(existing.Data["admin.conf"], confs.AdminConf) && bytes.Equal(existing.Data["super-admin.conf"], confs.SuperAdminConf) {
			return nil
		}
		existing.Data = data
		_, err := s.Kube.CoreV1().Secrets(t.ns).Update(t.ctx, existing, metav1.UpdateOptions{})
		return err
	}
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: secretName, Namespace: t.ns, Labels: t.labels(map[string]string{
			"kamaji.clastix.io/name": t.rel, "kamaji.clastix.io/component": "admin-kubeconfig"}),
			OwnerReferences: []metav1.OwnerReference{ownerOf(cp.tcp)}},
		Type: corev1.SecretTypeOpaque,
		Data: data,
	}
	_, err = s.Kube.CoreV1().Secrets(t.ns).Create(t.ctx, secret, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		t.pending = true
		return nil
	}
	return err
}
