// Package controlplane runs a real Kubernetes control plane on 127.0.0.1:
// etcd in-process (go.etcd.io/etcd/server/v3/embed), kube-apiserver and
// kube-controller-manager built from k8s.io/kubernetes as child processes.
package controlplane

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"nestdeck/sandbox/internal/pki"
)

// Etcd is an embedded etcd on a free loopback port.
type Etcd struct {
	e     *embed.Etcd
	URL   string
	close sync.Once
}

// Limits of one etcd transaction in the sandbox (etcd's defaults: 128
// operations, 1.5 MiB).
const (
	MaxTxnOps       = 20000
	MaxRequestBytes = 32 << 20
)

// StartEtcd starts etcd with its data in dir.
func StartEtcd(dir string, logOut io.Writer) (*Etcd, error) {
	clientPort, err := FreePort()
	if err != nil {
		return nil, err
	}
	peerPort, err := FreePort()
	if err != nil {
		return nil, err
	}
	cfg := embed.NewConfig()
	cfg.Name = "sandbox"
	cfg.Dir = dir
	cu, _ := url.Parse("http://127.0.0.1:" + strconv.Itoa(clientPort))
	pu, _ := url.Parse("http://127.0.0.1:" + strconv.Itoa(peerPort))
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{*cu}, []url.URL{*cu}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{*pu}, []url.URL{*pu}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.LogLevel = "error"
	cfg.LogOutputs = []string{filepath.Join(filepath.Dir(dir), "logs", "etcd.log")}
	// A sandbox trades durability for speed: bulk seeding writes ~100k objects.
	cfg.UnsafeNoFsync = true
	cfg.QuotaBackendBytes = 8 << 30
	// A cloned tenant is written in one transaction (seed/clone.go): its
	// objects must appear at once, or the garbage collector sees a child
	// before its owner and deletes it. Limits are raised to fit a tenant.
	cfg.MaxTxnOps = MaxTxnOps
	cfg.MaxRequestBytes = MaxRequestBytes
	// etcd keeps the raft log since its last snapshot in memory, and catch-up
	// entries for slow followers after it: 10,000 and 5,000 by default. With
	// a tenant (~1 MiB) a transaction that was 10 GiB at 20,000 clusters. A
	// single member has no followers; a snapshot every 1,000 writes is cheap.
	cfg.SnapshotCount = 1000
	cfg.SnapshotCatchUpEntries = 100
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, fmt.Errorf("etcd: %w", err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(60 * time.Second):
		e.Close()
		return nil, fmt.Errorf("etcd did not become ready in 60s")
	}
	_ = logOut
	return &Etcd{e: e, URL: cu.String()}, nil
}

// Compact compacts etcd's history up to its current revision, so watches from
// an older resourceVersion get 410 Gone (for the client's relist tests).
func (e *Etcd) Compact(ctx context.Context) (int64, error) {
	rev := e.e.Server.KV().Rev()
	_, err := e.e.Server.Compact(ctx, compactRequest(rev))
	return rev, err
}

// Close stops etcd; calling it again does nothing (embed.Etcd.Close panics).
func (e *Etcd) Close() { e.close.Do(e.e.Close) }

// FrontProxyClient is the common name of the aggregation layer's client certificate.
const FrontProxyClient = "front-proxy-client"

// APIServer is one kube-apiserver: the management cluster's or a tenant cluster's.
type APIServer struct {
	Name       string
	Dir        string // pki/ and logs live here
	Port       int
	CA         *pki.CA
	Admin      pki.KeyPair
	Process    *Process
	EtcdPrefix string
}

// URL is the server's https endpoint.
func (a *APIServer) URL() string { return "https://127.0.0.1:" + strconv.Itoa(a.Port) }

// APIServerOptions configure NewAPIServer.
type APIServerOptions struct {
	Name        string
	Dir         string
	BinDir      string
	EtcdURL     string
	EtcdPrefix  string
	Port        int    // 0: pick a free one
	TokenFile   string // optional static token users
	ServiceCIDR string
	// DisableWatchCache sends every list and watch to etcd.
	DisableWatchCache bool
	// Aggregation turns on the aggregation layer: a front-proxy CA and the
	// client certificate the server proxies to aggregated API servers with
	// (their request-header authentication trusts it), as kubeadm sets up.
	Aggregation bool
}

// NewAPIServer prepares certificates (kept across restarts of the sandbox) and
// the command line of a kube-apiserver.
func NewAPIServer(o APIServerOptions) (*APIServer, error) {
	pkiDir := filepath.Join(o.Dir, "pki")
	if err := os.MkdirAll(filepath.Join(o.Dir, "logs"), 0o700); err != nil {
		return nil, err
	}
	ca, err := pki.LoadOrCreateCA(pkiDir, "ca", o.Name+"-ca")
	if err != nil {
		return nil, err
	}
	serving, err := ca.ServingCert("kube-apiserver", []string{"127.0.0.1", "localhost", "kubernetes",
		"kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "10.96.0.1"})
	if err != nil {
		return nil, err
	}
	admin, err := ca.ClientCert("nestdeck-admin", []string{"system:masters"}, time.Time{})
	if err != nil {
		return nil, err
	}
	saKey := filepath.Join(pkiDir, "sa.key")
	if _, err := os.Stat(saKey); err != nil {
		priv, pub, err := pki.ServiceAccountKey()
		if err != nil {
			return nil, err
		}
		if err := pki.WriteFile(saKey, priv); err != nil {
			return nil, err
		}
		if err := pki.WriteFile(filepath.Join(pkiDir, "sa.pub"), pub); err != nil {
			return nil, err
		}
	}
	files := map[string][]byte{
		"apiserver.crt": serving.CertPEM, "apiserver.key": serving.KeyPEM,
		"admin.crt": admin.CertPEM, "admin.key": admin.KeyPEM,
	}
	if o.Aggregation {
		fp, err := pki.LoadOrCreateCA(pkiDir, "front-proxy-ca", o.Name+"-front-proxy-ca")
		if err != nil {
			return nil, err
		}
		client, err := fp.ClientCert(FrontProxyClient, nil, time.Time{})
		if err != nil {
			return nil, err
		}
		files["front-proxy-client.crt"], files["front-proxy-client.key"] = client.CertPEM, client.KeyPEM
	}
	for name, data := range files {
		if err := pki.WriteFile(filepath.Join(pkiDir, name), data); err != nil {
			return nil, err
		}
	}
	port := o.Port
	if port == 0 {
		if port, err = FreePort(); err != nil {
			return nil, err
		}
	}
	cidr := o.ServiceCIDR
	if cidr == "" {
		cidr = "10.96.0.0/16"
	}
	args := []string{
		"--etcd-servers=" + o.EtcdURL,
		"--etcd-prefix=" + o.EtcdPrefix,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		"--cert-dir=" + pkiDir,
		"--tls-cert-file=" + filepath.Join(pkiDir, "apiserver.crt"),
		"--tls-private-key-file=" + filepath.Join(pkiDir, "apiserver.key"),
		"--client-ca-file=" + filepath.Join(pkiDir, "ca.crt"),
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file=" + filepath.Join(pkiDir, "sa.pub"),
		"--service-account-signing-key-file=" + saKey,
		"--service-cluster-ip-range=" + cidr,
		"--authorization-mode=RBAC",
		"--allow-privileged=true",
		// Profiling only on request: the endpoints are how a slow sandbox is
		// diagnosed (go tool pprof on /debug/pprof/profile), not a default.
		"--profiling=" + strconv.FormatBool(os.Getenv("NESTDECK_SANDBOX_PROFILING") != ""),
		"--event-ttl=2h",
		"--endpoint-reconciler-type=none",
		// On SIGTERM, end open watches (their clients rewatch elsewhere, as
		// behind a load balancer). At the default 0 the server leaves them
		// open and its HTTP shutdown waits on them: every restart took the
		// full 15 s grace and ended in SIGKILL.
		"--shutdown-watch-termination-grace-period=5s",
		"--v=1",
	}
	if o.DisableWatchCache {
		args = append(args, "--watch-cache=false")
	}
	if o.Aggregation {
		// The front proxy's identity, published in kube-system's
		// extension-apiserver-authentication ConfigMap, where aggregated
		// servers read whom to trust for X-Remote-User.
		args = append(args,
			"--requestheader-client-ca-file="+filepath.Join(pkiDir, "front-proxy-ca.crt"),
			"--requestheader-allowed-names="+FrontProxyClient,
			"--requestheader-username-headers=X-Remote-User",
			"--requestheader-group-headers=X-Remote-Group",
			"--requestheader-extra-headers-prefix=X-Remote-Extra-",
			"--proxy-client-cert-file="+filepath.Join(pkiDir, "front-proxy-client.crt"),
			"--proxy-client-key-file="+filepath.Join(pkiDir, "front-proxy-client.key"),
		)
	}
	if o.TokenFile != "" {
		args = append(args, "--token-auth-file="+o.TokenFile)
	}
	return &APIServer{
		Name: o.Name, Dir: o.Dir, Port: port, CA: ca, Admin: admin, EtcdPrefix: o.EtcdPrefix,
		Process: &Process{
			Name: "kube-apiserver (" + o.Name + ")", Path: filepath.Join(o.BinDir, "kube-apiserver"),
			Args: args, LogPath: filepath.Join(o.Dir, "logs", "kube-apiserver.log"),
		},
	}, nil
}

// Start runs the API server and waits until /readyz answers.
func (a *APIServer) Start(ctx context.Context) error {
	if err := a.Process.Start(); err != nil {
		return err
	}
	return a.WaitReady(ctx)
}

// WaitReady waits for /readyz.
func (a *APIServer) WaitReady(ctx context.Context) error {
	cert, err := tls.X509KeyPair(a.Admin.CertPEM, a.Admin.KeyPEM)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	return WaitReady(ctx, a.URL()+"/readyz", a.CA.CertPEM, cert, a.Process)
}

// RestConfig is an admin client configuration for this server.
func (a *APIServer) RestConfig() *rest.Config {
	return &rest.Config{
		Host: a.URL(),
		TLSClientConfig: rest.TLSClientConfig{
			CAData: a.CA.CertPEM, CertData: a.Admin.CertPEM, KeyData: a.Admin.KeyPEM,
		},
		QPS: 500, Burst: 1000,
	}
}

// Kubeconfig builds a kubeconfig for this server. With a token the user
// authenticates by bearer token, otherwise by the given client certificate.
func Kubeconfig(server string, caPEM []byte, clusterName, userName string, cert *pki.KeyPair, token string) ([]byte, error) {
	return KubeconfigNS(server, caPEM, clusterName, userName, cert, token, "")
}

// KubeconfigNS is Kubeconfig with a default namespace in the context, as the
// platform hands tenant users (their tenant's namespace).
func KubeconfigNS(server string, caPEM []byte, clusterName, userName string, cert *pki.KeyPair, token, namespace string) ([]byte, error) {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[clusterName] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: caPEM}
	user := &clientcmdapi.AuthInfo{Token: token}
	if cert != nil {
		user.ClientCertificateData, user.ClientKeyData = cert.CertPEM, cert.KeyPEM
	}
	cfg.AuthInfos[userName] = user
	ctxName := userName + "@" + clusterName
	cfg.Contexts[ctxName] = &clientcmdapi.Context{Cluster: clusterName, AuthInfo: userName, Namespace: namespace}
	cfg.CurrentContext = ctxName
	return clientcmd.Write(*cfg)
}

// ControllerManager prepares kube-controller-manager for the management
// cluster: namespace deletion, garbage collection (ownerReferences), quotas
// and service-account tokens behave as on a real cluster.
func ControllerManager(a *APIServer, binDir string) (*Process, error) {
	pkiDir := filepath.Join(a.Dir, "pki")
	// With --use-service-account-credentials=false every controller acts as
	// this one user, and the bootstrap role system:kube-controller-manager only
	// covers what the controllers do under their own service accounts; the
	// garbage collector and quota controller must also read our CRDs. So the
	// sandbox's controller manager is a cluster admin.
	kcm, err := a.CA.ClientCert("system:kube-controller-manager", []string{"system:masters"}, time.Time{})
	if err != nil {
		return nil, err
	}
	kc, err := Kubeconfig(a.URL(), a.CA.CertPEM, "sandbox", "kube-controller-manager", &kcm, "")
	if err != nil {
		return nil, err
	}
	kcPath := filepath.Join(pkiDir, "kube-controller-manager.kubeconfig")
	if err := pki.WriteFile(kcPath, kc); err != nil {
		return nil, err
	}
	return &Process{
		Name: "kube-controller-manager",
		Path: filepath.Join(binDir, "kube-controller-manager"),
		Args: []string{
			"--kubeconfig=" + kcPath,
			"--authentication-kubeconfig=" + kcPath,
			"--authorization-kubeconfig=" + kcPath,
			"--secure-port=0",
			"--leader-elect=false",
			"--use-service-account-credentials=false",
			"--service-account-private-key-file=" + filepath.Join(pkiDir, "sa.key"),
			"--root-ca-file=" + filepath.Join(pkiDir, "ca.crt"),
			"--cluster-signing-cert-file=" + filepath.Join(pkiDir, "ca.crt"),
			"--cluster-signing-key-file=" + filepath.Join(pkiDir, "ca.key"),
			// Node lifecycle would taint the simulated tenant nodes; the rest is real.
			"--controllers=*,-nodelifecycle,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-node-route-controller",
			"--concurrent-gc-syncs=20",
			// A quota created before the quota controller's discovery found
			// our CRDs has no usage for count/<CRD> until the quota's next
			// full resync (5 min by default), and the server refuses apps in
			// that namespace until then; a sandbox must not wait minutes.
			"--resource-quota-sync-period=15s",
			// The garbage collector checks with a GET every owner it has not
			// seen yet when it sees a dependent: after a bulk seed or a
			// restart at 20,000 clusters, ~400,000 GETs. At 200 a second
			// that kept the API server busy for half an hour.
			"--kube-api-qps=3000", "--kube-api-burst=6000",
			"--v=1",
		},
		LogPath: filepath.Join(a.Dir, "logs", "kube-controller-manager.log"),
	}, nil
}

// Logf is the sandbox's log function.
var Logf = log.Printf

// TrimLines is used for short error summaries from logs.
func TrimLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
