package load

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"syscall"
	"time"
)

// Mock is a juspay-mock process that Spawn started.
type Mock struct {
	Target
	cmd    *exec.Cmd
	exited chan struct{}
}

// Spawn starts the juspay-mock binary at bin on 127.0.0.1:0 with args
// added, its log going to logTo, and waits up to 10 seconds for its first
// line.
func Spawn(bin string, logTo io.Writer, args ...string) (*Mock, error) {
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	cmd.Stderr = logTo
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	m := &Mock{cmd: cmd, exited: make(chan struct{})}
	lines := make(chan []byte, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadBytes('\n')
		lines <- line
		_, _ = io.Copy(io.Discard, stdout)
		_ = cmd.Wait()
		close(m.exited)
	}()
	select {
	case line := <-lines:
		if err := json.Unmarshal(line, &m.Target); err != nil {
			m.Stop()
			return nil, fmt.Errorf("first line %q: %w", line, err)
		}
		return m, nil
	case <-time.After(10 * time.Second):
		m.Stop()
		return nil, fmt.Errorf("%s: no first line after 10s", bin)
	}
}

// PID is the process id.
func (m *Mock) PID() int { return m.cmd.Process.Pid }

// Stop sends SIGTERM, waits up to 10 seconds, then kills it.
func (m *Mock) Stop() {
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.exited:
	case <-time.After(10 * time.Second):
		_ = m.cmd.Process.Kill()
		<-m.exited
	}
}

// Settle waits for the process to return memory to the system after a
// burst: Go's scavenger gives back freed pages over a few seconds.
func Settle(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
