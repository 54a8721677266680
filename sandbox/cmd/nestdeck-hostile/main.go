// nestdeck-hostile is an API server that misbehaves on purpose, for the
// tests of Nestdeck's client: truncated and malformed JSON, garbage in watch
// streams, objects of the wrong kind, a 50 MiB object, a list that never
// ends, a body that trickles one byte per second, wrong content types,
// HTTP/1.1 only, 500s with and without a Status, 429 with Retry-After and
// redirects. It is not a Kubernetes API server and never stands in for one:
// everything that should work is tested against the sandbox.
//
// Each misbehaviour is a mode, chosen by the first path segment: the
// kubeconfig it writes has one context per mode whose server URL ends in
// /MODE, so a client needs nothing but the context to meet it. Under the mode
// it answers a tiny core API: /version, /api, /apis, /api/v1 and namespaces
// (list, get, watch).
//
//	nestdeck-hostile up --dir DIR     start detached; DIR/kubeconfig
//	nestdeck-hostile down --dir DIR
//	nestdeck-hostile serve --dir DIR  in the foreground
//
// GET /_stats answers how many requests each mode has seen; POST /_reset
// zeroes the counters (the 429 mode refuses the first two after a reset).
package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"nestdeck/sandbox/internal/daemon"
	"nestdeck/sandbox/internal/pki"
)

// Modes, in the order the kubeconfig lists them. "ok" behaves, as the
// baseline; "http1" behaves too, on a listener that speaks HTTP/1.1 only.
// A mode ending in -watch lists well and misbehaves in the watch only.
var modes = []string{
	"ok", "http1", "truncated", "cut", "malformed", "watch-garbage", "wrong-kind", "wrong-kind-watch",
	"big", "big-watch", "endless", "endless-watch", "endless-pages", "trickle", "trickle-watch",
	"truncated-watch", "html", "protobuf", "500-status", "500-plain", "429", "429-forever",
	"redirect", "redirect-loop",
}

// BigObjectBytes is the size of the "big" mode's object.
const BigObjectBytes = 50 << 20

const token = "hostile-token"

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	dir := fs.String("dir", "", "state directory")
	readyFD := fs.Int("ready-fd", -1, "internal")
	_ = fs.Parse(os.Args[2:])
	if *dir == "" {
		usage()
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		fatal(err)
	}
	switch os.Args[1] {
	case "up":
		err = up(abs)
	case "serve":
		err = serve(abs, *readyFD)
	case "down":
		err = down(abs)
	default:
		usage()
	}
	if err != nil {
		fatal(err)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: nestdeck-hostile up|serve|down --dir DIR")
	os.Exit(2)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "nestdeck-hostile:", err)
	os.Exit(1)
}

// up starts serve detached and returns when it is listening (it says so on a pipe).
func up(dir string) error {
	_ = down(dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if _, err := daemon.Start([]string{"serve", "--dir", dir, "--ready-fd", fmt.Sprint(daemon.ReadyFD)},
		filepath.Join(dir, "hostile.log")); err != nil {
		return fmt.Errorf("did not start: %w", err)
	}
	fmt.Println("nestdeck-hostile: listening; kubeconfig", filepath.Join(dir, "kubeconfig"))
	return nil
}

func down(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, "pid"))
	if err != nil {
		return nil // not running
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	if pid > 0 {
		_ = syscall.Kill(pid, syscall.SIGTERM)
	}
	return os.Remove(filepath.Join(dir, "pid"))
}

type server struct {
	mu     sync.Mutex
	counts map[string]int
	h2URL  string
}

func serve(dir string, readyFD int) error {
	ca, err := pki.NewCA("nestdeck-hostile-ca")
	if err != nil {
		return err
	}
	cert, err := ca.ServingCert("127.0.0.1", []string{"127.0.0.1", "localhost"})
	if err != nil {
		return err
	}
	pair, err := tls.X509KeyPair(cert.CertPEM, cert.KeyPEM)
	if err != nil {
		return err
	}
	s := &server{counts: map[string]int{}}
	// Two listeners: the usual one (HTTP/2 and HTTP/1.1) and one that offers
	// HTTP/1.1 only, where every watch needs a connection of its own.
	ln2, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	ln1, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.h2URL = "https://" + ln2.Addr().String()
	h2 := &http.Server{Handler: s, TLSConfig: &tls.Config{Certificates: []tls.Certificate{pair}, NextProtos: []string{"h2", "http/1.1"}}}
	h1 := &http.Server{Handler: s, TLSConfig: &tls.Config{Certificates: []tls.Certificate{pair}, NextProtos: []string{"http/1.1"}},
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){}}
	cfg := clientcmdapi.NewConfig()
	cfg.AuthInfos["hostile"] = &clientcmdapi.AuthInfo{Token: token}
	for _, m := range modes {
		base := s.h2URL
		if m == "http1" {
			base = "https://" + ln1.Addr().String()
		}
		cfg.Clusters[m] = &clientcmdapi.Cluster{Server: base + "/" + m, CertificateAuthorityData: ca.CertPEM}
		cfg.Contexts[m] = &clientcmdapi.Context{Cluster: m, AuthInfo: "hostile"}
	}
	cfg.CurrentContext = "ok"
	kc, err := clientcmd.Write(*cfg)
	if err != nil {
		return err
	}
	if err := pki.WriteFile(filepath.Join(dir, "kubeconfig"), kc); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "pid"), []byte(strconv.Itoa(os.Getpid())), 0o600); err != nil {
		return err
	}
	errs := make(chan error, 2)
	go func() { errs <- h2.ServeTLS(ln2, "", "") }()
	go func() { errs <- h1.ServeTLS(ln1, "", "") }()
	daemon.NewReporter(readyFD).Ready(s.h2URL)
	fmt.Println("listening on", s.h2URL, "and (HTTP/1.1 only)", ln1.Addr())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	select {
	case <-sig:
	case err := <-errs:
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = h2.Shutdown(ctx)
	_ = h1.Shutdown(ctx)
	return nil
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/_stats":
		s.mu.Lock()
		b, _ := json.Marshal(s.counts)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write(b)
		return
	case "/_reset":
		s.mu.Lock()
		s.counts = map[string]int{}
		s.mu.Unlock()
		return
	}
	parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 2)
	mode, path := parts[0], "/"
	if len(parts) == 2 {
		path += parts[1]
	}
	s.mu.Lock()
	s.counts[mode]++
	n := s.counts[mode]
	s.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+token {
		status(w, http.StatusUnauthorized, "Unauthorized", "Unauthorized")
		return
	}
	switch mode {
	case "ok", "http1":
		api(w, r, path, "ok")
	case "truncated", "cut", "malformed", "watch-garbage", "wrong-kind", "big", "endless", "endless-pages", "trickle",
		"wrong-kind-watch", "big-watch", "endless-watch", "trickle-watch", "truncated-watch":
		api(w, r, path, mode)
	case "html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Sign in - Corporate Access Proxy</title></head>"+
			"<body><form action=\"/login\">User <input name=u> Password <input type=password name=p></form></body></html>")
	case "protobuf":
		w.Header().Set("Content-Type", "application/vnd.kubernetes.protobuf")
		w.Write([]byte("k8s\x00\n\x0f\n\x02v1\x12\tNamespace\x12\x00\x1a\x00\"\x00"))
	case "500-status":
		status(w, http.StatusInternalServerError, "InternalError", "etcdserver: request timed out")
	case "500-plain":
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, "upstream connect error or disconnect/reset before headers. reset reason: connection failure")
	case "429", "429-forever":
		if mode == "429" && n > 2 {
			api(w, r, path, "ok")
			return
		}
		w.Header().Set("Retry-After", "1")
		status(w, http.StatusTooManyRequests, "TooManyRequests", "the server has received too many requests and has asked us to try again later")
	case "redirect":
		http.Redirect(w, r, s.h2URL+"/ok"+path+query(r), http.StatusFound)
	case "redirect-loop":
		http.Redirect(w, r, s.h2URL+r.URL.Path+query(r), http.StatusFound)
	default:
		status(w, http.StatusNotFound, "NotFound", "no such mode: "+mode)
	}
}

func query(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return ""
	}
	return "?" + r.URL.RawQuery
}

type obj = map[string]any

func status(w http.ResponseWriter, code int, reason, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	b, _ := json.Marshal(obj{"kind": "Status", "apiVersion": "v1", "metadata": obj{}, "status": "Failure",
		"message": message, "reason": reason, "code": code})
	w.Write(b)
}

func namespace(name string, rv int) obj {
	return obj{"kind": "Namespace", "apiVersion": "v1", "metadata": obj{"name": name, "uid": "uid-" + name,
		"resourceVersion": strconv.Itoa(rv), "creationTimestamp": "2026-01-01T00:00:00Z"}, "status": obj{"phase": "Active"}}
}

func pod(name string, rv int) obj {
	return obj{"kind": "Pod", "apiVersion": "v1", "metadata": obj{"name": name, "namespace": "default", "uid": "uid-" + name,
		"resourceVersion": strconv.Itoa(rv)}, "spec": obj{"containers": []any{obj{"name": "c", "image": "busybox"}}}}
}

// The list every well-behaved answer starts from: three namespaces at rv 100,
// then four watch events at 101..104.
const listRV = 100

func listItems() []any {
	return []any{namespace("ns-0", 10), namespace("ns-1", 11), namespace("ns-2", 12)}
}

func writeJSON(w http.ResponseWriter, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

// api answers the tiny core API, misbehaving as mode says.
func api(w http.ResponseWriter, r *http.Request, path, mode string) {
	switch path {
	case "/version":
		writeJSON(w, obj{"major": "1", "minor": "34", "gitVersion": "v1.34.0-hostile", "platform": "linux/amd64"})
		return
	case "/api", "/apis":
		if strings.Contains(r.Header.Get("Accept"), "apidiscovery.k8s.io") {
			// Aggregated discovery, as servers since 1.30 answer it.
			items := []any{}
			if path == "/api" {
				items = append(items, obj{"metadata": obj{"name": ""}, "versions": []any{obj{"version": "v1", "freshness": "Current",
					"resources": []any{obj{"resource": "namespaces", "singularResource": "namespace", "scope": "Cluster",
						"responseKind": obj{"group": "", "version": "v1", "kind": "Namespace"}, "verbs": []any{"get", "list", "watch"}}}}}})
			}
			b, _ := json.Marshal(obj{"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": obj{}, "items": items})
			w.Header().Set("Content-Type", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
			w.Write(b)
		} else if path == "/api" {
			writeJSON(w, obj{"kind": "APIVersions", "versions": []any{"v1"}, "serverAddressByClientCIDRs": []any{}})
		} else {
			writeJSON(w, obj{"kind": "APIGroupList", "apiVersion": "v1", "groups": []any{}})
		}
		return
	case "/api/v1":
		writeJSON(w, obj{"kind": "APIResourceList", "groupVersion": "v1", "resources": []any{
			obj{"name": "namespaces", "singularName": "namespace", "namespaced": false, "kind": "Namespace",
				"verbs": []any{"get", "list", "watch"}}}})
		return
	}
	if path == "/api/v1/namespaces" {
		if r.URL.Query().Get("watch") == "1" || r.URL.Query().Get("watch") == "true" {
			watch(w, r, strings.TrimSuffix(mode, "-watch"))
		} else if strings.HasSuffix(mode, "-watch") {
			list(w, r, "ok")
		} else {
			list(w, r, mode)
		}
		return
	}
	if name, ok := strings.CutPrefix(path, "/api/v1/namespaces/"); ok && !strings.Contains(name, "/") {
		object(w, r, mode, name)
		return
	}
	if mode == "trickle" {
		// Every other path trickles too, so that a whole client (the GUI's
		// informers) meets it, not only a test that lists namespaces.
		trickle(w, r, []byte(`{"kind":"List","apiVersion":"v1","metadata":{},"items":[]}`))
		return
	}
	status(w, http.StatusNotFound, "NotFound", "the server could not find the requested resource")
}

// body writes b as the mode wants a whole JSON body written.
func body(w http.ResponseWriter, r *http.Request, mode string, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	switch mode {
	case "truncated":
		// A well-formed HTTP response whose JSON stops in the middle.
		w.Write(b[:len(b)/2])
	case "cut":
		// The connection (or HTTP/2 stream) breaks after half the promised body.
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.Write(b[:len(b)/2])
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		panic(http.ErrAbortHandler)
	case "malformed":
		w.Write([]byte(`{"kind":"NamespaceList","apiVersion":"v1","metadata":{"resourceVersion":"100"},"items":[{"metadata":{"name":"a",}},]`))
	case "trickle":
		trickle(w, r, b)
	default:
		w.Write(b)
	}
}

// trickle sends one byte per second, for as long as the client listens.
func trickle(w http.ResponseWriter, r *http.Request, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	f, _ := w.(http.Flusher)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for i := 0; i < len(b); i++ {
		if _, err := w.Write(b[i : i+1]); err != nil {
			return
		}
		if f != nil {
			f.Flush()
		}
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
		}
	}
}

func list(w http.ResponseWriter, r *http.Request, mode string) {
	items := listItems()
	kind := "NamespaceList"
	meta := obj{"resourceVersion": strconv.Itoa(listRV)}
	switch mode {
	case "wrong-kind":
		kind, items = "PodList", []any{pod("p-0", 10), pod("p-1", 11)}
	case "big":
		items = append(items, bigNamespace())
	case "endless":
		endless(w, r, []byte(`{"kind":"NamespaceList","apiVersion":"v1","metadata":{"resourceVersion":"100"},"items":[`), func(i int) []byte {
			b, _ := json.Marshal(namespace(fmt.Sprintf("endless-%09d", i), i))
			return append(b, ',')
		})
		return
	case "endless-pages":
		// Every page points at another, with the same continue token.
		meta["continue"] = "again"
	}
	b, _ := json.Marshal(obj{"kind": kind, "apiVersion": "v1", "metadata": meta, "items": items})
	body(w, r, mode, b)
}

func object(w http.ResponseWriter, r *http.Request, mode, name string) {
	var o obj
	switch {
	case mode == "big" || name == "huge":
		o = bigNamespace()
	case mode == "wrong-kind":
		o = pod(name, 10)
	case mode == "endless":
		endless(w, r, []byte(`{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"`+name+`","annotations":{"a":"`), func(int) []byte {
			return bytes.Repeat([]byte("x"), 64<<10)
		})
		return
	default:
		o = namespace(name, 10)
	}
	b, _ := json.Marshal(o)
	body(w, r, mode, b)
}

func bigNamespace() obj {
	o := namespace("huge", 13)
	o["metadata"].(obj)["annotations"] = obj{"blob": strings.Repeat("A", BigObjectBytes)}
	return o
}

// endless writes head, then next(0), next(1), ... until the client goes away.
func endless(w http.ResponseWriter, r *http.Request, head []byte, next func(int) []byte) {
	w.Header().Set("Content-Type", "application/json")
	if _, err := w.Write(head); err != nil {
		return
	}
	for i := 0; r.Context().Err() == nil; i++ {
		if _, err := w.Write(next(i)); err != nil {
			return
		}
	}
}

func event(typ string, o any) []byte {
	b, _ := json.Marshal(obj{"type": typ, "object": o})
	return append(b, '\n')
}

func watch(w http.ResponseWriter, r *http.Request, mode string) {
	q := r.URL.Query()
	if q.Get("sendInitialEvents") == "true" {
		// As a server without the WatchList feature answers.
		status(w, http.StatusUnprocessableEntity, "Invalid", "sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled")
		return
	}
	from, _ := strconv.Atoi(q.Get("resourceVersion"))
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Transfer-Encoding", "chunked")
	f, _ := w.(http.Flusher)
	flush := func() {
		if f != nil {
			f.Flush()
		}
	}
	// The events after the list, each followed by what the mode puts between
	// them; a client resuming from a resourceVersion gets what follows it.
	garbage := [][]byte{[]byte("garbage!!\n"), []byte(`{"type":"ADDED","object":42}` + "\n"), []byte("[1,2,3]\n"), nil}
	for i := 0; i < 4; i++ {
		rv := listRV + 1 + i
		if rv <= from {
			continue
		}
		var ev []byte
		switch mode {
		case "wrong-kind":
			ev = event("ADDED", pod(fmt.Sprintf("p-w%d", i), rv))
		case "big":
			ev = event("ADDED", bigNamespace())
		case "endless":
			endless(w, r, []byte(`{"type":"ADDED","object":{"metadata":{"name":"endless","annotations":{"a":"`), func(int) []byte {
				return bytes.Repeat([]byte("x"), 64<<10)
			})
			return
		case "trickle":
			trickle(w, r, event("ADDED", namespace(fmt.Sprintf("ns-w%d", i), rv)))
			return
		case "truncated", "malformed":
			// A watch whose event stops in the middle, and then silence.
			b := event("ADDED", namespace(fmt.Sprintf("ns-w%d", i), rv))
			ev = b[:len(b)/2]
		default:
			ev = event("ADDED", namespace(fmt.Sprintf("ns-w%d", i), rv))
		}
		if _, err := w.Write(ev); err != nil {
			return
		}
		if mode == "watch-garbage" && garbage[i] != nil {
			w.Write(garbage[i])
		}
		flush()
		if mode == "truncated" || mode == "malformed" {
			break
		}
	}
	flush()
	// Then nothing until the client leaves or its timeoutSeconds is up.
	timeout, _ := strconv.Atoi(q.Get("timeoutSeconds"))
	if timeout <= 0 {
		timeout = 3600
	}
	select {
	case <-r.Context().Done():
	case <-time.After(time.Duration(timeout) * time.Second):
	}
}
