// Package appserver is the sandbox's cozystack-api: an aggregated API server,
// built on k8s.io/apiserver, that serves the platform's applications
// (apps.cozystack.io/v1alpha1) the way the real platform does (API doc,
// sections 1, 8 and 9):
//
//   - kinds come from ApplicationDefinition objects, followed live: a
//     definition applied at run time is served (requests, discovery, OpenAPI
//     v3, tables) at once, one deleted is gone;
//   - an application is stored as the HelmRelease <release.prefix><name> in its
//     namespace; its metadata is rebuilt from the release on every read and its
//     spec comes back with the schema's defaults filled in;
//   - writes are checked as the platform checks them (names, `_` keys, tenant
//     namespaces and quotas) and no further: no JSON Schema, no CEL, no
//     resourceVersion precondition (the last writer wins), dryRun honoured on
//     create and delete and ignored on update and patch unless the server runs
//     as a fixed release;
//   - core.cozystack.io/v1alpha1 options serves the values of x-cozystack-options
//     sources to users who cannot list the objects behind them.
//
// Requests reach it through the kube-apiserver's aggregation layer: the front
// proxy's client certificate and X-Remote-* headers authenticate (request-header
// authentication), and every request is authorized by the kube-apiserver
// (SubjectAccessReview), so RBAC and tenant users behave as on the platform.
package appserver

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	generatedopenapi "k8s.io/apiextensions-apiserver/pkg/generated/openapi"
	"k8s.io/apimachinery/pkg/runtime/schema"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	genericapiserver "k8s.io/apiserver/pkg/server"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/component-base/compatibility"
	"k8s.io/klog/v2"
)

// Groups the server serves.
const (
	AppsGroup = "apps.cozystack.io"
	CoreGroup = "core.cozystack.io"
	Version   = "v1alpha1"
)

// Behaviour is what differs between platform releases; each is a sandbox flag.
type Behaviour struct {
	// DryRunOnUpdate: a fixed release that honours dryRun on update and patch.
	// Today's platform ignores it there: a dry-run PATCH is a real write.
	DryRunOnUpdate bool
	// InitialEvents: watches honour sendInitialEvents (releases since mid-2026).
	// Older releases ignore it: a watch from "" then starts with synthetic
	// ADDED events and never sends the initial-events-end bookmark.
	InitialEvents bool
}

// Config of the server.
type Config struct {
	// Kubeconfig of the management cluster (an administrator): the server's own
	// client, and the one it delegates authentication and authorization with.
	Kubeconfig string
	CertFile   string // serving certificate, valid for the Service name the APIService names
	KeyFile    string
	Port       int // 0: a free one
	Behaviour  Behaviour
	// BehaviourFile, when set and present, overrides Behaviour while the
	// server runs: {"dryRunOnUpdate": true, "initialEvents": false}, read at
	// each request that depends on it. Integration tests use it to meet
	// another release's server without starting a second sandbox.
	BehaviourFile string
}

// behaviour in effect now: the file's, else the configured one.
func (s *Server) behaviour() Behaviour {
	b := s.cfg.Behaviour
	if s.cfg.BehaviourFile == "" {
		return b
	}
	data, err := os.ReadFile(s.cfg.BehaviourFile)
	if err != nil {
		return b
	}
	var o struct {
		DryRunOnUpdate *bool `json:"dryRunOnUpdate"`
		InitialEvents  *bool `json:"initialEvents"`
	}
	if err := json.Unmarshal(data, &o); err != nil {
		klog.Warningf("cozystack-api: %s: %v (ignored)", s.cfg.BehaviourFile, err)
		return b
	}
	if o.DryRunOnUpdate != nil {
		b.DryRunOnUpdate = *o.DryRunOnUpdate
	}
	if o.InitialEvents != nil {
		b.InitialEvents = *o.InitialEvents
	}
	return b
}

// Server is a running application API server.
type Server struct {
	cfg     Config
	port    int
	dyn     dynamic.Interface
	kube    kubernetes.Interface
	generic *genericapiserver.GenericAPIServer
	caches  *caches
	kinds   *registry
	options *optionsResource

	mu      sync.Mutex
	watches map[*appWatch]struct{} // open application watches (WorkloadMonitor changes fan out to them)
}

// Port is where the server listens (https on 127.0.0.1).
func (s *Server) Port() int { return s.port }

// New prepares the server; Run serves.
func New(cfg Config) (*Server, error) {
	restCfg, err := clientConfig(cfg.Kubeconfig)
	if err != nil {
		return nil, err
	}
	dyn, err := dynamic.NewForConfig(restCfg)
	if err != nil {
		return nil, err
	}
	kube, err := kubernetes.NewForConfig(restCfg)
	if err != nil {
		return nil, err
	}
	port := cfg.Port
	if port == 0 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		port = l.Addr().(*net.TCPAddr).Port
		l.Close()
	}
	s := &Server{cfg: cfg, port: port, dyn: dyn, kube: kube, watches: map[*appWatch]struct{}{}}

	serving := genericoptions.NewSecureServingOptions().WithLoopback()
	serving.BindAddress = net.ParseIP("127.0.0.1")
	serving.BindPort = port
	serving.ServerCert.CertKey = genericoptions.CertKey{CertFile: cfg.CertFile, KeyFile: cfg.KeyFile}
	authn := genericoptions.NewDelegatingAuthenticationOptions()
	authn.RemoteKubeConfigFile = cfg.Kubeconfig
	authz := genericoptions.NewDelegatingAuthorizationOptions()
	authz.RemoteKubeConfigFile = cfg.Kubeconfig

	gc := genericapiserver.NewRecommendedConfig(codecs)
	gc.EffectiveVersion = compatibility.NewEffectiveVersionFromString("1.34", "", "")
	if err := serving.ApplyTo(&gc.SecureServing, &gc.LoopbackClientConfig); err != nil {
		return nil, fmt.Errorf("serving: %w", err)
	}
	// OpenAPI v3 of the applications is served per group-version from the
	// definitions (see registry.publish); the meta types' definitions are for
	// the server's own routes (/version, discovery).
	gc.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(generatedopenapi.GetOpenAPIDefinitions, openapinamer.NewDefinitionNamer(scheme))
	gc.OpenAPIV3Config.Info.Title = "cozystack-api (Nestdeck sandbox)"
	if err := authn.ApplyTo(&gc.Authentication, gc.SecureServing, gc.OpenAPIConfig); err != nil {
		return nil, fmt.Errorf("authentication: %w", err)
	}
	if err := authz.ApplyTo(&gc.Authorization); err != nil {
		return nil, fmt.Errorf("authorization: %w", err)
	}
	generic, err := gc.Complete().New("cozystack-api", genericapiserver.NewEmptyDelegate())
	if err != nil {
		return nil, err
	}
	s.generic = generic
	s.caches = newCaches(dyn)
	s.kinds = newRegistry(s)
	s.options = newOptionsResource(s)
	generic.Handler.NonGoRestfulMux.Handle("/apis/"+AppsGroup, http.HandlerFunc(s.kinds.serveGroup))
	generic.Handler.NonGoRestfulMux.HandlePrefix("/apis/"+AppsGroup+"/", http.HandlerFunc(s.kinds.serve))
	generic.Handler.NonGoRestfulMux.Handle("/apis/"+CoreGroup, http.HandlerFunc(s.options.serveGroup))
	generic.Handler.NonGoRestfulMux.HandlePrefix("/apis/"+CoreGroup+"/", http.HandlerFunc(s.options.serve))
	return s, nil
}

// Run serves until ctx ends; ready is closed once the caches have listed and
// the first set of kinds is served.
func (s *Server) Run(ctx context.Context, ready chan<- struct{}) error {
	if err := s.caches.start(ctx); err != nil {
		return err
	}
	prepared := s.generic.PrepareRun()
	s.kinds.attach(s.caches)
	s.options.publish()
	errc := make(chan error, 1)
	go func() { errc <- prepared.RunWithContext(ctx) }()
	if err := waitHealthy(ctx, s.port, errc); err != nil {
		return err
	}
	close(ready)
	return <-errc
}

// Resync replaces the server's informers with fresh ones, as the simulator
// does after the kube-apiserver restarted (see simulator.Resync): client-go's
// reconnect backoff would leave the list cache stale for up to a minute.
func (s *Server) Resync(ctx context.Context) error {
	if err := s.caches.restart(ctx); err != nil {
		return err
	}
	s.kinds.attach(s.caches)
	return nil
}

func waitHealthy(ctx context.Context, port int, errc <-chan error) error {
	client := &http.Client{Timeout: time.Second, Transport: insecureLoopback()}
	defer client.CloseIdleConnections()
	url := "https://127.0.0.1:" + strconv.Itoa(port) + "/healthz"
	for i := 0; ; i++ {
		if resp, err := client.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-errc:
			return fmt.Errorf("cozystack-api stopped: %v", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if i == 1200 {
			return fmt.Errorf("cozystack-api did not answer /healthz within a minute")
		}
	}
}

func clientConfig(kubeconfig string) (*rest.Config, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return nil, err
	}
	cfg.QPS, cfg.Burst = 2000, 4000
	return cfg, nil
}

// insecureLoopback checks the server's own /healthz: it is the server itself
// on loopback; its certificate is for the Service name.
func insecureLoopback() *http.Transport {
	return &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} //nolint:gosec // our own listener
}

// GroupVersion of the applications.
var AppsGV = schema.GroupVersion{Group: AppsGroup, Version: Version}

// CoreGV of the options.
var CoreGV = schema.GroupVersion{Group: CoreGroup, Version: Version}
