package controlplane

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Process is one control-plane binary run as a child, restartable with the same flags.
type Process struct {
	Name    string
	Path    string
	Args    []string
	LogPath string

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
	err    error
}

// GoGC is the Go collector's target for the sandbox's processes (Go's default
// is 100: a heap may grow to twice what is live before a collection). The
// control plane at 20,000 clusters holds ~4 GiB live in the API server's
// watch cache and as much in the simulator's informers; at 100 the sandbox
// alone would take most of a 24 GiB machine. 50 costs some CPU in
// collections and keeps ~1.5x. GOGC in the environment wins.
const GoGC = 50

// GoMemoryEnv is env with GOGC set to GoGC unless it is set already.
func GoMemoryEnv(env []string) []string {
	for _, e := range env {
		if strings.HasPrefix(e, "GOGC=") {
			return env
		}
	}
	return append(env, "GOGC="+strconv.Itoa(GoGC))
}

// Start runs the process; its output goes to LogPath (appended).
func (p *Process) Start() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	logf, err := os.OpenFile(p.LogPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	cmd := exec.Command(p.Path, p.Args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = GoMemoryEnv(os.Environ())
	// Children die with the sandbox even if it is killed hard.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start %s: %w", p.Name, err)
	}
	exited := make(chan struct{})
	p.cmd, p.exited = cmd, exited
	go func() {
		err := cmd.Wait()
		logf.Close()
		p.mu.Lock()
		p.err = err
		p.mu.Unlock()
		close(exited)
	}()
	return nil
}

// Pid of the running process, 0 if none.
func (p *Process) Pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil || p.cmd.Process == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

// Exited is closed when the current process ends.
func (p *Process) Exited() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.exited
}

// Stop sends SIGTERM, then SIGKILL after the grace period, and waits.
func (p *Process) Stop(grace time.Duration) {
	p.mu.Lock()
	cmd, exited := p.cmd, p.exited
	p.mu.Unlock()
	if cmd == nil || cmd.Process == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(grace):
		_ = cmd.Process.Kill()
		<-exited
	}
}

// Restart stops and starts the process again with the same arguments.
func (p *Process) Restart(grace time.Duration) error {
	p.Stop(grace)
	return p.Start()
}

// FreePort asks the kernel for a free TCP port on 127.0.0.1.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// WaitReady polls url (an API server's /readyz) with the client certificate
// until it answers 200, the process exits or ctx ends.
func WaitReady(ctx context.Context, url string, caPEM []byte, cert tls.Certificate, p *Process) error {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	client := &http.Client{
		Timeout: 2 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{
			RootCAs: pool, Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12,
		}},
	}
	defer client.CloseIdleConnections()
	var exited <-chan struct{}
	if p != nil {
		exited = p.Exited()
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = fmt.Errorf("%s: HTTP %d", url, resp.StatusCode)
		} else {
			last = err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("not ready: %w (last: %v)", ctx.Err(), last)
		case <-exited:
			name := "process"
			if p != nil {
				name = p.Name + " (log: " + p.LogPath + ")"
			}
			return errors.New(name + " exited before it was ready")
		case <-tick.C:
		}
	}
}
