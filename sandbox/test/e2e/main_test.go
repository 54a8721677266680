// Package e2e drives the sandbox end to end: a real kube-apiserver started by
// `nestdeck-sandbox up`, the simulator reacting to what the tests create.
package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"nestdeck/sandbox/internal/seed"
)

var (
	dir     string
	binDir  string
	clients *seed.Clients
	cfg     *rest.Config
)

// Timelines run 10x faster than in `make run`; a new cluster is Ready in ~3 s.
const speed = "10"

func TestMain(m *testing.M) {
	binDir = os.Getenv("NESTDECK_SANDBOX_BIN")
	if binDir == "" {
		abs, _ := filepath.Abs("../../bin")
		binDir = abs
	}
	if _, err := os.Stat(filepath.Join(binDir, "nestdeck-sandbox")); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: build the sandbox first (make -C sandbox): ", err)
		os.Exit(1)
	}
	var err error
	dir, err = os.MkdirTemp("", "nestdeck-e2e-")
	if err != nil {
		panic(err)
	}
	code := func() int {
		if out, err := sandbox("up", "--seed", "demo", "--speed", speed); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: sandbox up failed: %v\n%s\n", err, out)
			logs, _ := os.ReadFile(filepath.Join(dir, "logs", "sandbox.log"))
			fmt.Fprintln(os.Stderr, string(logs))
			return 1
		}
		defer sandbox("down")
		cfg, err = clientcmd.BuildConfigFromFlags("", filepath.Join(dir, "kubeconfig"))
		if err != nil {
			panic(err)
		}
		if clients, err = seed.NewClients(cfg); err != nil {
			panic(err)
		}
		return m.Run()
	}()
	if code == 0 {
		os.RemoveAll(dir)
	} else {
		fmt.Fprintln(os.Stderr, "e2e: sandbox state kept in", dir)
	}
	os.Exit(code)
}

func sandbox(args ...string) (string, error) {
	args = append([]string{args[0], "--dir", dir}, args[1:]...)
	out, err := exec.Command(filepath.Join(binDir, "nestdeck-sandbox"), args...).CombinedOutput()
	return string(out), err
}

func kubectl(t *testing.T, kubeconfig string, args ...string) (string, error) {
	t.Helper()
	out, err := exec.Command(filepath.Join(binDir, "kubectl"), append([]string{"--kubeconfig", kubeconfig}, args...)...).CombinedOutput()
	return string(out), err
}

// eventually polls cond until it holds or the timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() (bool, error)) {
	t.Helper()
	var last error
	err := wait.PollUntilContextTimeout(context.Background(), 50*time.Millisecond, timeout, true, func(context.Context) (bool, error) {
		ok, err := cond()
		last = err
		return ok, nil
	})
	if err != nil {
		t.Fatalf("timed out waiting for %s (last error: %v)", what, last)
	}
}

func get(t *testing.T, g schema.GroupVersionResource, ns, name string) *unstructured.Unstructured {
	t.Helper()
	u, err := clients.Dyn.Resource(g).Namespace(ns).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		return nil
	}
	return u
}

func str(u *unstructured.Unstructured, path ...string) string {
	if u == nil {
		return ""
	}
	s, _, _ := unstructured.NestedFieldNoCopy(u.Object, path...)
	return fmt.Sprint(s)
}

func cond(u *unstructured.Unstructured, typ string) (status, reason, message string) {
	if u == nil {
		return "", "", ""
	}
	conds, _, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
	for _, c := range conds {
		m, _ := c.(map[string]any)
		if m["type"] == typ {
			return fmt.Sprint(m["status"]), fmt.Sprint(m["reason"]), fmt.Sprint(m["message"])
		}
	}
	return "", "", ""
}

func uniqueName(prefix string) string {
	return fmt.Sprintf("%s%d", prefix, time.Now().UnixNano()%1_000_000)
}

func contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
