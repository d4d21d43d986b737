//go:build unix

package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBinarySeedFromAFIFO: refused at once, exit status 1, where it used to
// wait for a writer with signals ignored.
func TestBinarySeedFromAFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "seed.json")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	p := runToEnd(t, "-addr", "127.0.0.1:0", "-seed", fifo)
	assert.Equal(t, 1, p.exitCode)
	assert.Equal(t, "juspay-mock: "+fifo+": not a regular file\n", p.stderr.String())
	assert.Empty(t, p.stdout.String())
}

// privateTemp gives the program a temporary directory of its own, where
// -tls writes its CA file: the test can then tell that nothing is left.
func privateTemp(t *testing.T) (dir string, setup func(*exec.Cmd)) {
	t.Helper()
	dir = t.TempDir()
	return dir, func(cmd *exec.Cmd) { cmd.Env = append(os.Environ(), "TMPDIR="+dir) }
}

// assertEmpty checks that dir holds nothing: no CA file was left behind.
func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "left behind in the temporary directory")
}

// killedBy is the signal that ended p, if one did.
func (p *process) killedBy() syscall.Signal {
	if ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return ws.Signal()
	}
	return 0
}

// TestBinarySignalAtStartUp: the documented status from the first instant.
// A SIGTERM before the first line ends the program by that signal (as it
// does before the Go runtime has started), after removing the CA file it
// may have made; once the first line is out, it stops cleanly with 0.
func TestBinarySignalAtStartUp(t *testing.T) {
	// A seed of 5,000 customers makes start-up last some milliseconds.
	var seed strings.Builder
	seed.WriteString("[")
	for i := range 5000 {
		fmt.Fprintf(&seed, `{"object_reference_id":"user-%06d"},`, i)
	}
	seedFile := filepath.Join(t.TempDir(), "seed.json")
	require.NoError(t, os.WriteFile(seedFile, []byte(strings.TrimSuffix(seed.String(), ",")+"]"), 0o600))
	for _, delay := range []time.Duration{0, 200 * time.Microsecond, time.Millisecond, 2 * time.Millisecond, 5 * time.Millisecond,
		10 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond, 200 * time.Millisecond} {
		t.Run(delay.String(), func(t *testing.T) {
			dir, setup := privateTemp(t)
			p := launchWith(t, setup, "-addr", "127.0.0.1:0", "-tls", "-seed", seedFile)
			time.Sleep(delay) // before, during and after start-up: either outcome below is right
			code := p.terminate(t)
			if p.stdout.String() == "" {
				assert.Equal(t, syscall.SIGTERM, p.killedBy(), "ended by the signal, not status %d; stderr %q", code, p.stderr.String())
				assert.Empty(t, p.stderr.String(), "nothing to say")
			} else {
				assert.Equal(t, 0, code, p.stderr.String())
			}
			assertEmpty(t, dir)
		})
	}
}

// TestBinarySecondSignalStillCleansUp: a second SIGTERM while it waits for
// a request in flight ends the wait; the CA file still goes, the status is
// still 0.
func TestBinarySecondSignalStillCleansUp(t *testing.T) {
	dir, setup := privateTemp(t)
	p := startMockWith(t, setup, "-tls")
	caPEM, err := os.ReadFile(p.ready.CACert)
	require.NoError(t, err)
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(caPEM))
	c, err := tls.Dial("tcp", strings.TrimPrefix(p.ready.URL, "https://"), &tls.Config{RootCAs: roots})
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	// A body that is never finished keeps the request in flight.
	_, err = fmt.Fprintf(c, "POST /__admin/clock HTTP/1.1\r\nHost: mock\r\nAuthorization: Basic %s\r\nContent-Length: 10\r\n\r\n{", basic(p.ready.APIKey+":"))
	require.NoError(t, err)
	time.Sleep(50 * time.Millisecond)

	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	require.Eventually(t, func() bool { return strings.Contains(p.stderr.String(), " stopping\n") }, waitLimit, time.Millisecond)
	select {
	case <-p.exited:
		t.Fatal("did not wait for the request in flight")
	case <-time.After(200 * time.Millisecond):
	}
	second := time.Now()
	assert.Equal(t, 0, p.terminate(t), "the second signal: %s", p.stderr.String())
	assert.Less(t, time.Since(second), 4*time.Second, "it did not wait out the 5 s grace")
	assert.Zero(t, p.killedBy())
	assert.Regexp(t, `(?m)^\S+ stopped\n\z`, p.stderr.String())
	assertEmpty(t, dir)
}

// TestBinaryStopsOnEachSignal: SIGINT, SIGTERM and SIGHUP once it is
// ready: exit 0, the CA file removed.
func TestBinaryStopsOnEachSignal(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			dir, setup := privateTemp(t)
			p := startMockWith(t, setup, "-tls")
			require.FileExists(t, p.ready.CACert)
			require.NoError(t, p.cmd.Process.Signal(sig))
			select {
			case <-p.exited:
			case <-time.After(waitLimit):
				t.Fatalf("still running after %v", sig)
			}
			assert.Equal(t, 0, p.exitCode)
			assertEmpty(t, dir)
		})
	}
}

// TestBinaryBrokenPipes: a stdout or stderr whose reader is gone does not
// kill the program with SIGPIPE: it stops cleanly, exit status 1, and the
// temporary CA file goes.
func TestBinaryBrokenPipes(t *testing.T) {
	for _, which := range []string{"stdout", "stderr"} {
		t.Run(which, func(t *testing.T) {
			dir, setEnv := privateTemp(t)
			r, w, err := os.Pipe()
			require.NoError(t, err)
			require.NoError(t, r.Close()) // nobody reads
			t.Cleanup(func() { _ = w.Close() })
			p := launchWith(t, func(cmd *exec.Cmd) {
				setEnv(cmd)
				if which == "stdout" {
					cmd.Stdout = w
				} else {
					cmd.Stderr = w
				}
			}, "-addr", "127.0.0.1:0", "-tls")
			select {
			case <-p.exited:
			case <-time.After(waitLimit):
				t.Fatal("still running")
			}
			assert.Zero(t, p.killedBy(), "not killed by a signal")
			assert.Equal(t, 1, p.exitCode)
			if which == "stdout" {
				assert.Equal(t, "juspay-mock: writing the first line: write /dev/stdout: broken pipe\n", p.stderr.String())
			} else {
				assert.Contains(t, p.stdout.String(), `"ca_cert":`, "the first line was out")
			}
			assertEmpty(t, dir)
		})
	}
}

// TestBinaryServesOneListener: juspaytest's handler is served on the
// program's own listener; no other port is open.
func TestBinaryServesOneListener(t *testing.T) {
	if _, err := os.Stat("/proc/net/tcp"); err != nil {
		t.Skip("no /proc/net/tcp")
	}
	p := startMock(t, "-tls")
	_, port, err := net.SplitHostPort(strings.TrimPrefix(p.ready.URL, "https://"))
	require.NoError(t, err)
	ports := listeningPorts(t, p.cmd.Process.Pid)
	assert.Equal(t, []string{port}, ports)
}

// listeningPorts returns the TCP ports pid listens on, from /proc.
func listeningPorts(t *testing.T, pid int) []string {
	t.Helper()
	inodes := map[string]bool{}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	require.NoError(t, err)
	for _, fd := range fds {
		if link, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name())); err == nil {
			if inode, ok := strings.CutPrefix(link, "socket:["); ok {
				inodes[strings.TrimSuffix(inode, "]")] = true
			}
		}
	}
	var ports []string
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 10 || fields[3] != "0A" || !inodes[fields[9]] { // 0A: LISTEN
				continue
			}
			_, hexPort, _ := strings.Cut(fields[1], ":")
			n, err := strconv.ParseUint(hexPort, 16, 16)
			require.NoError(t, err)
			ports = append(ports, strconv.FormatUint(n, 10))
		}
		f.Close()
	}
	return ports
}
