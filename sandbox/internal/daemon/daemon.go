// Package daemon starts a command of this binary detached (its own session,
// output to a log file) and waits until it says whether it came up: the child
// writes one line on a pipe, "ready ..." or "error ...". The sandbox and the
// hostile server start this way.
package daemon

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
)

// ReadyFD is the child's end of the pipe; pass it to the child as --ready-fd.
const ReadyFD = 3

// Start runs this executable with args detached, appending its output to
// logPath, and returns what follows "ready " on its line. The child is left
// running; it is killed when it reports an error.
func Start(args []string, logPath string) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return "", err
	}
	defer logFile.Close()
	r, w, err := os.Pipe()
	if err != nil {
		return "", err
	}
	defer r.Close()
	cmd := exec.Command(self, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.ExtraFiles = []*os.File{w} // the first extra file is fd 3
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		w.Close()
		return "", err
	}
	w.Close()
	line, _ := bufio.NewReader(r).ReadString('\n')
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "ready") {
		_ = cmd.Process.Kill()
		if line == "" {
			line = "it exited during start-up"
		}
		return "", fmt.Errorf("%s (log: %s)", strings.TrimPrefix(line, "error "), logPath)
	}
	_ = cmd.Process.Release()
	return strings.TrimSpace(strings.TrimPrefix(line, "ready")), nil
}

// Reporter is the child's side: Ready or Fail once; later calls do nothing.
// With fd < 0 (started in the foreground) it reports nowhere.
type Reporter struct{ out *os.File }

func NewReporter(fd int) *Reporter {
	if fd < 0 {
		return &Reporter{}
	}
	return &Reporter{out: os.NewFile(uintptr(fd), "ready")}
}

func (r *Reporter) say(line string) {
	if r.out != nil {
		fmt.Fprintln(r.out, line)
		r.out.Close()
		r.out = nil
	}
}

// Ready says the child is up; what follows is shown to the user.
func (r *Reporter) Ready(what string) { r.say(strings.TrimSpace("ready " + what)) }

// Fail says why it did not come up.
func (r *Reporter) Fail(err error) {
	if err == nil {
		err = errors.New("unknown error")
	}
	r.say("error " + err.Error())
}
