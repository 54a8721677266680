// nestdeck-sandbox runs a local management cluster for Nestdeck: a real
// kube-apiserver and kube-controller-manager on an in-process etcd, the
// platform's CRDs, its application API (cozystack-api, aggregated), demo data
// and a provisioning simulator.
//
//	nestdeck-sandbox up --dir DIR [--seed demo|none] [--speed X] [--tenant-apiservers K]
//	                    [--release current|next] [--dry-run-updates=false] [--initial-events=true]
//	nestdeck-sandbox down|status|restart-apiserver|compact --dir DIR
//	nestdeck-sandbox seed --dir DIR --tenants N --clusters-per-tenant M [--ready [--clone=false]] [--wait]
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof" // served only with NESTDECK_SANDBOX_PROFILING (see serve)
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"

	"nestdeck/sandbox/internal/appserver"
	"nestdeck/sandbox/internal/controlplane"
	"nestdeck/sandbox/internal/daemon"
	"nestdeck/sandbox/internal/pki"
	p "nestdeck/sandbox/internal/platform"
	"nestdeck/sandbox/internal/seed"
	"nestdeck/sandbox/internal/simulator"
)

// kubeVersion is stamped by the Makefile from go.mod.
var kubeVersion = "v1.34"

var logf = log.Printf

func usage() {
	fmt.Fprint(os.Stderr, `usage:
  nestdeck-sandbox up --dir DIR [--seed demo|none] [--speed X] [--tenant-apiservers K] [--watch-cache=false]
                     [--release current|next] [--dry-run-updates] [--initial-events=false]
  nestdeck-sandbox down --dir DIR
  nestdeck-sandbox status --dir DIR
  nestdeck-sandbox restart-apiserver --dir DIR
  nestdeck-sandbox compact --dir DIR
  nestdeck-sandbox seed --dir DIR --tenants N --clusters-per-tenant M [--ready [--clone=false]] [--wait]
`)
	os.Exit(2)
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	cmd, args := os.Args[1], os.Args[2:]
	fs := flag.NewFlagSet(cmd, flag.ExitOnError)
	dir := fs.String("dir", "", "sandbox state directory")
	seedKind := fs.String("seed", "demo", "demo|none")
	speed := fs.Float64("speed", 1, "simulation speed factor (2 = twice as fast)")
	tenantAPIs := fs.Int("tenant-apiservers", 2, "real API servers for this many Ready tenant clusters")
	tenants := fs.Int("tenants", 10, "seed: number of tenants")
	perTenant := fs.Int("clusters-per-tenant", 10, "seed: clusters per tenant")
	ready := fs.Bool("ready", false, "seed: create clusters already provisioned")
	waitReady := fs.Bool("wait", false, "seed: wait until every seeded cluster is Ready")
	clone := fs.Bool("clone", true, "seed --ready: make the first tenant through the API, copy it to the others in etcd (false: every tree through the API)")
	watchCache := fs.Bool("watch-cache", true, "up: API server watch cache (false: watches and lists hit etcd, so compaction shows as 410 at once)")
	release := fs.String("release", "current", "up: the platform release the application API plays: current (node groups in the Kubernetes app, and node pools) or next (node pools only)")
	dryRunUpdates := fs.Bool("dry-run-updates", false, "up: cozystack-api honours dryRun on update and patch (a fixed release; today's platform writes)")
	initialEvents := fs.Bool("initial-events", true, "up: cozystack-api honours sendInitialEvents on watches (false: an older release that ignores it)")
	readyFD := fs.Int("ready-fd", -1, "internal")
	_ = fs.Parse(args)
	if *dir == "" {
		usage()
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		fatal(err)
	}
	*dir = abs
	opts := options{seed: *seedKind, speed: *speed, tenantAPIs: *tenantAPIs, watchCache: *watchCache, release: *release,
		behaviour: appserver.Behaviour{DryRunOnUpdate: *dryRunUpdates, InitialEvents: *initialEvents}}
	switch cmd {
	case "up":
		err = up(*dir, opts)
	case "serve":
		err = serve(*dir, opts, *readyFD)
	case "down":
		err = down(*dir)
	case "status":
		err = status(*dir)
	case "restart-apiserver", "compact":
		var reply string
		reply, err = control(*dir, cmd)
		if err == nil {
			fmt.Println(reply)
		}
	case "seed":
		err = bulkSeed(*dir, *tenants, *perTenant, *ready, *waitReady, *clone)
	default:
		usage()
	}
	if err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "nestdeck-sandbox:", err)
	os.Exit(1)
}

// options of a sandbox (flags of up, passed on to serve).
type options struct {
	seed       string
	speed      float64
	tenantAPIs int
	watchCache bool
	release    string // current|next
	behaviour  appserver.Behaviour
}

func (o options) shape() (p.Shape, error) {
	switch o.release {
	case "current", "":
		return p.ShapeCurrent, nil
	case "next":
		return p.ShapeNext, nil
	}
	return 0, fmt.Errorf("--release: %q is neither current nor next", o.release)
}

// up starts `serve` detached and returns once it reports ready (or failed).
func up(dir string, o options) error {
	if reply, err := control(dir, "ping"); err == nil {
		fmt.Println("already running:", reply)
		return nil
	}
	if err := os.MkdirAll(filepath.Join(dir, "logs"), 0o700); err != nil {
		return err
	}
	start := time.Now()
	if _, err := o.shape(); err != nil {
		return err
	}
	url, err := daemon.Start([]string{"serve", "--dir", dir, "--seed", o.seed, "--speed", fmt.Sprint(o.speed),
		"--tenant-apiservers", fmt.Sprint(o.tenantAPIs), "--watch-cache=" + fmt.Sprint(o.watchCache),
		"--release", o.release, "--dry-run-updates=" + fmt.Sprint(o.behaviour.DryRunOnUpdate),
		"--initial-events=" + fmt.Sprint(o.behaviour.InitialEvents),
		"--ready-fd", fmt.Sprint(daemon.ReadyFD)}, filepath.Join(dir, "logs", "sandbox.log"))
	if err != nil {
		return fmt.Errorf("the sandbox did not start: %w", err)
	}
	fmt.Printf("sandbox up in %.1fs: %s\n", time.Since(start).Seconds(), url)
	fmt.Printf("  kubeconfig: %s\n", filepath.Join(dir, "kubeconfig"))
	fmt.Printf("  users:      %s\n", filepath.Join(dir, "users"))
	return nil
}

type state struct {
	Pid            int               `json:"pid"`
	Server         string            `json:"server"`
	Etcd           string            `json:"etcd"`
	KubeVersion    string            `json:"kubeVersion"`
	APIServerPid   int               `json:"apiserverPid"`
	ControllerPid  int               `json:"controllerManagerPid"`
	Speed          float64           `json:"speed"`
	TenantClusters map[string]string `json:"tenantClusters,omitempty"`
	// AppServer: cozystack-api's own address (requests go through Server).
	AppServer string              `json:"appServer"`
	Release   string              `json:"release"`
	Behaviour appserver.Behaviour `json:"behaviour"`
}

func tokenFile(dir string) (string, map[string]string, error) {
	path := filepath.Join(dir, "pki", "tokens.csv")
	tokens := map[string]string{}
	if data, err := os.ReadFile(path); err == nil {
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			f := strings.SplitN(line, ",", 3)
			if len(f) >= 2 {
				tokens[f[1]] = f[0]
			}
		}
		return path, tokens, nil
	}
	var b strings.Builder
	for _, u := range seed.DemoUsers {
		raw := make([]byte, 24)
		if _, err := rand.Read(raw); err != nil {
			return "", nil, err
		}
		tok := hex.EncodeToString(raw)
		tokens[u.Name] = tok
		fmt.Fprintf(&b, "%s,%s,%s,\"%s\"\n", tok, u.Name, u.Name, strings.Join(u.Groups, ","))
	}
	return path, tokens, pki.WriteFile(path, []byte(b.String()))
}

func writeKubeconfigs(dir string, api *controlplane.APIServer, tokens map[string]string) error {
	admin, err := controlplane.Kubeconfig(api.URL(), api.CA.CertPEM, "sandbox", "admin", &api.Admin, "")
	if err != nil {
		return err
	}
	if err := pki.WriteFile(filepath.Join(dir, "kubeconfig"), admin); err != nil {
		return err
	}
	if err := pki.WriteFile(filepath.Join(dir, "users", "admin.kubeconfig"), admin); err != nil {
		return err
	}
	for user, tok := range tokens {
		ns := ""
		for _, u := range seed.DemoUsers {
			if u.Name == user {
				ns = u.Namespace
			}
		}
		kc, err := controlplane.KubeconfigNS(api.URL(), api.CA.CertPEM, "sandbox", user, nil, tok, ns)
		if err != nil {
			return err
		}
		if err := pki.WriteFile(filepath.Join(dir, "users", user+".kubeconfig"), kc); err != nil {
			return err
		}
	}
	// A token the server does not know: what an expired or revoked credential looks like.
	kc, err := controlplane.Kubeconfig(api.URL(), api.CA.CertPEM, "sandbox", "expired", nil, "expired-"+strings.Repeat("0", 40))
	if err != nil {
		return err
	}
	return pki.WriteFile(filepath.Join(dir, "users", "expired.kubeconfig"), kc)
}

// serve is the sandbox daemon.
func serve(dir string, o options, readyFD int) (err error) {
	seedKind, speed, tenantAPIs, watchCache := o.seed, o.speed, o.tenantAPIs, o.watchCache
	shape, err := o.shape()
	if err != nil {
		return err
	}
	report := daemon.NewReporter(readyFD)
	defer func() {
		if err != nil {
			report.Fail(err)
		}
	}()
	klog.SetOutput(os.Stderr)
	if os.Getenv("GOGC") == "" {
		// etcd and the simulator's informers: see controlplane.GoGC.
		debug.SetGCPercent(controlplane.GoGC)
	}
	if os.Getenv("NESTDECK_SANDBOX_PROFILING") != "" {
		// The simulator's and etcd's profiles, as the API server's own
		// --profiling gives its: how a slow or large sandbox is diagnosed.
		if pl, err := net.Listen("tcp", "127.0.0.1:0"); err == nil {
			logf("profiling on http://%s/debug/pprof/", pl.Addr())
			go func() { _ = http.Serve(pl, nil) }()
		}
	}
	logf("starting sandbox in %s (Kubernetes %s, speed %g)", dir, kubeVersion, speed)
	self, _ := os.Executable()
	binDir := filepath.Dir(self)
	if env := os.Getenv("NESTDECK_SANDBOX_BIN"); env != "" {
		binDir = env
	}
	for _, b := range []string{"kube-apiserver", "kube-controller-manager"} {
		if _, err := os.Stat(filepath.Join(binDir, b)); err != nil {
			return fmt.Errorf("%s not found in %s: run 'make sandbox'", b, binDir)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "logs"), 0o700); err != nil {
		return err
	}
	sock := filepath.Join(dir, "control.sock")
	_ = os.Remove(sock)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		return err
	}
	defer ln.Close()

	etcd, err := controlplane.StartEtcd(filepath.Join(dir, "etcd"), os.Stderr)
	if err != nil {
		return err
	}
	defer etcd.Close()
	tokPath, tokens, err := tokenFile(dir)
	if err != nil {
		return err
	}
	api, err := controlplane.NewAPIServer(controlplane.APIServerOptions{
		Name: "sandbox", Dir: dir, BinDir: binDir, EtcdURL: etcd.URL, EtcdPrefix: "/registry", TokenFile: tokPath,
		DisableWatchCache: !watchCache, Aggregation: true,
	})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := api.Start(ctx); err != nil {
		return fmt.Errorf("%w\n%s", err, tail(api.Process.LogPath))
	}
	defer api.Process.Stop(15 * time.Second)
	kcm, err := controlplane.ControllerManager(api, binDir)
	if err != nil {
		return err
	}
	if err := kcm.Start(); err != nil {
		return err
	}
	defer kcm.Stop(10 * time.Second)
	if err := writeKubeconfigs(dir, api, tokens); err != nil {
		return err
	}
	clients, err := seed.NewClients(api.RestConfig())
	if err != nil {
		return err
	}
	if err := seed.Install(ctx, clients, shape); err != nil {
		return fmt.Errorf("install platform API: %w", err)
	}
	apps, err := startAppServer(ctx, dir, api, clients, o.behaviour)
	if err != nil {
		return fmt.Errorf("cozystack-api: %w", err)
	}
	tc := &tenantClusters{dir: dir, binDir: binDir, etcdURL: etcd.URL, max: tenantAPIs, clusters: map[string]*tenantCluster{}}
	defer tc.stopAll()
	sim := &simulator.Simulator{Dyn: clients.Dyn, Kube: clients.Kube, Speed: speed, Tenants: tc}
	simDone := make(chan error, 1)
	go func() { simDone <- sim.Run(ctx, 4) }()
	if seedKind == "demo" && !alreadySeeded(dir) {
		if err := seed.Demo(ctx, clients); err != nil {
			return fmt.Errorf("demo seed: %w", err)
		}
		_ = os.WriteFile(filepath.Join(dir, ".seeded"), []byte("demo\n"), 0o600)
	}
	writeState := func() {
		st := state{Pid: os.Getpid(), Server: api.URL(), Etcd: etcd.URL, KubeVersion: kubeVersion,
			APIServerPid: api.Process.Pid(), ControllerPid: kcm.Pid(), Speed: speed, TenantClusters: tc.list(),
			AppServer: fmt.Sprintf("https://127.0.0.1:%d", apps.Port()), Release: o.release, Behaviour: o.behaviour}
		b, _ := json.MarshalIndent(st, "", "  ")
		_ = pki.WriteFile(filepath.Join(dir, "state.json"), b)
	}
	writeState()
	logf("sandbox ready: %s", api.URL())
	report.Ready(api.URL())

	// A context, not a channel: a command in progress (a resync at 20,000
	// clusters takes minutes) ends when the signal comes.
	signalled, stopSignals := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT)
	defer stopSignals()
	cmds := make(chan controlRequest)
	go acceptControl(ln, cmds)
	for {
		select {
		case <-signalled.Done():
			logf("signalled: shutting down")
			return nil
		case err := <-simDone:
			return fmt.Errorf("simulator stopped: %v", err)
		case req := <-cmds:
			switch req.cmd {
			case "ping":
				req.reply <- "ok " + api.URL()
			case "shutdown":
				cancel()
				tc.stopAll()
				kcm.Stop(10 * time.Second)
				api.Process.Stop(15 * time.Second)
				etcd.Close()
				_ = os.Remove(filepath.Join(dir, "state.json"))
				req.reply <- "ok stopped"
				return nil
			case "restart-apiserver":
				logf("restarting kube-apiserver")
				if err := api.Process.Restart(15 * time.Second); err != nil {
					req.reply <- "error " + err.Error()
					continue
				}
				if err := api.WaitReady(ctx); err != nil {
					req.reply <- "error " + err.Error()
					continue
				}
				writeState()
				// The reply means the sandbox is whole again: the simulator
				// watches afresh (see Resync), so what a test does next is seen.
				// Bounded, so a server that keeps failing cannot hold the
				// sandbox's commands forever; the simulator catches up later then.
				rctx, rcancel := context.WithTimeout(signalled, 20*time.Minute)
				err := apps.Resync(rctx)
				if err == nil {
					err = sim.Resync(rctx)
				}
				rcancel()
				if err != nil {
					req.reply <- "error simulator: " + err.Error()
					continue
				}
				logf("simulator resynced")
				req.reply <- fmt.Sprintf("ok kube-apiserver restarted (pid %d)", api.Process.Pid())
			case "compact":
				rev, err := etcd.Compact(ctx)
				if err != nil {
					req.reply <- "error " + err.Error()
					continue
				}
				req.reply <- fmt.Sprintf("ok etcd compacted at revision %d", rev)
			case "status":
				writeState()
				b, _ := os.ReadFile(filepath.Join(dir, "state.json"))
				req.reply <- "ok " + string(b)
			default:
				req.reply <- "error unknown command " + req.cmd
			}
		}
	}
}

func alreadySeeded(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, ".seeded"))
	return err == nil
}

func tail(path string) string {
	b, _ := os.ReadFile(path)
	return controlplane.TrimLines(string(b), 15)
}

type controlRequest struct {
	cmd   string
	reply chan string
}

func acceptControl(ln net.Listener, cmds chan<- controlRequest) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go func(conn net.Conn) {
			defer conn.Close()
			line, err := bufio.NewReader(conn).ReadString('\n')
			if err != nil {
				return
			}
			req := controlRequest{cmd: strings.TrimSpace(line), reply: make(chan string, 1)}
			cmds <- req
			fmt.Fprintln(conn, <-req.reply)
		}(conn)
	}
}

// control sends one command to the running sandbox and returns its answer.
func control(dir, cmd string) (string, error) {
	conn, err := net.DialTimeout("unix", filepath.Join(dir, "control.sock"), 2*time.Second)
	if err != nil {
		return "", fmt.Errorf("no sandbox running in %s", dir)
	}
	defer conn.Close()
	if _, err := fmt.Fprintln(conn, cmd); err != nil {
		return "", err
	}
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	reply = strings.TrimSpace(reply)
	if strings.HasPrefix(reply, "error ") {
		return "", errors.New(strings.TrimPrefix(reply, "error "))
	}
	return strings.TrimPrefix(reply, "ok "), nil
}

func down(dir string) error {
	reply, err := control(dir, "shutdown")
	if err != nil {
		return err
	}
	fmt.Println(reply)
	return nil
}

func status(dir string) error {
	reply, err := control(dir, "status")
	if err != nil {
		return err
	}
	fmt.Println(reply)
	return nil
}

func bulkSeed(dir string, tenants, perTenant int, ready, waitAll, clone bool) error {
	// client-go's informers log their own shutdown as a failed watch; this
	// command reports through its progress lines and its error.
	kfs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(kfs)
	_ = kfs.Set("logtostderr", "false")
	_ = kfs.Set("stderrthreshold", "FATAL")
	klog.SetOutput(io.Discard)
	if _, err := control(dir, "ping"); err != nil {
		return err
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", filepath.Join(dir, "kubeconfig"))
	if err != nil {
		return err
	}
	cfg.QPS, cfg.Burst = 2000, 4000
	clients, err := seed.NewClients(cfg)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var etcd *clientv3.Client
	if ready && clone {
		var st state
		b, err := os.ReadFile(filepath.Join(dir, "state.json"))
		if err == nil {
			err = json.Unmarshal(b, &st)
		}
		if err != nil || st.Etcd == "" {
			return fmt.Errorf("cannot find the sandbox's etcd in %s/state.json: %v", dir, err)
		}
		if etcd, err = seed.DialEtcd(st.Etcd); err != nil {
			return err
		}
		defer etcd.Close()
	}
	res, err := seed.Bulk(ctx, clients, tenants, perTenant, ready, etcd, func(s string) { fmt.Println(s) })
	if err != nil {
		return err
	}
	fmt.Printf("seeded %d tenants, %d clusters in %.1fs\n", res.Tenants, res.Clusters, res.Elapsed.Seconds())
	if etcd != nil {
		// Each copied tenant is one etcd transaction: all its objects share one
		// revision. A watch the API server closed during the burst (a watcher
		// too slow for it) resumes after that revision and misses the rest of
		// it; cozystack-api's cache and the simulator's would stay short of
		// objects for good. A restart makes every client list again (and the
		// watch cache keeps the objects, not the burst's history).
		fmt.Println("restarting the API server so that every client lists the copies")
		if _, err := control(dir, "restart-apiserver"); err != nil {
			return err
		}
	}
	if waitAll {
		start := time.Now()
		// The simulator settles about 4 trees a second on 2 cores; give it
		// twice that, at least 30 minutes.
		timeout := max(30*time.Minute, time.Duration(tenants*perTenant/2)*time.Second)
		if err := seed.WaitAllReady(ctx, clients, nil, tenants*perTenant, timeout, func(s string) { fmt.Println(s) }); err != nil {
			return err
		}
		fmt.Printf("all clusters Ready after %.1fs more\n", time.Since(start).Seconds())
	}
	return nil
}

// startAppServer runs the sandbox's cozystack-api in this process and
// registers it with the kube-apiserver's aggregation layer.
func startAppServer(ctx context.Context, dir string, api *controlplane.APIServer, clients *seed.Clients, b appserver.Behaviour) (*appserver.Server, error) {
	pkiDir := filepath.Join(dir, "pki")
	// The aggregator checks the name of the Service the APIService names.
	cert, err := api.CA.ServingCert("cozystack-api", []string{"cozystack-api.cozy-system.svc", "localhost", "127.0.0.1"})
	if err != nil {
		return nil, err
	}
	certFile, keyFile := filepath.Join(pkiDir, "cozystack-api.crt"), filepath.Join(pkiDir, "cozystack-api.key")
	if err := pki.WriteFile(certFile, cert.CertPEM); err != nil {
		return nil, err
	}
	if err := pki.WriteFile(keyFile, cert.KeyPEM); err != nil {
		return nil, err
	}
	srv, err := appserver.New(appserver.Config{Kubeconfig: filepath.Join(dir, "kubeconfig"), CertFile: certFile, KeyFile: keyFile, Behaviour: b,
		BehaviourFile: filepath.Join(dir, "behaviour.json")})
	if err != nil {
		return nil, err
	}
	ready := make(chan struct{})
	failed := make(chan error, 1)
	go func() { failed <- srv.Run(ctx, ready) }()
	select {
	case <-ready:
	case err := <-failed:
		return nil, err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := seed.Register(ctx, clients, seed.AppServer{Port: srv.Port(), CABundle: api.CA.CertPEM}); err != nil {
		return nil, err
	}
	logf("cozystack-api on 127.0.0.1:%d (dry run on updates: %v, initial events: %v)", srv.Port(), b.DryRunOnUpdate, b.InitialEvents)
	return srv, nil
}
