//go:build unix

package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
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

// TestBinarySignalAtStartUp: a SIGTERM at any moment of start-up ends the
// program at once, with status 0 once it was ready or 1 before.
func TestBinarySignalAtStartUp(t *testing.T) {
	for i := range 3 {
		p := launch(t, "-addr", "127.0.0.1:0", "-tls")
		time.Sleep(time.Duration(i) * 20 * time.Millisecond) // before, during and after start-up: any outcome below is right
		code := p.terminate(t)
		if p.stdout.String() == "" {
			assert.Contains(t, []int{1, -1}, code, "stopped before it was ready (-1: killed by the signal before Go handled it)")
		} else {
			assert.Equal(t, 0, code, p.stderr.String())
		}
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
