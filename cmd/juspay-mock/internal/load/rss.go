// Package load drives juspay-mock the way an attacker or a heavy test suite
// would, over loopback only, and reads the mock's resident memory: the
// scenarios of issue 28 (stalled bodies, idle connections, big headers,
// state growth) and a request-rate driver. Every scenario is bounded in
// count and in time. Program mockload runs them from the command line;
// juspay-mock's binary tests run them against the built program.
package load

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MiB is a mebibyte.
const MiB = 1 << 20

// RSS returns the resident set size of process pid in bytes, from
// /proc/PID/status (Linux only).
func RSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("/proc/%d/status: no VmRSS", pid)
}

// PeakRSS samples the RSS of pid every interval until the function it
// returns is called; that function returns the highest sample (including
// one taken when it is called).
func PeakRSS(pid int, interval time.Duration) (stop func() int64) {
	var mu sync.Mutex
	var peak int64
	sample := func() {
		if n, err := RSS(pid); err == nil {
			mu.Lock()
			peak = max(peak, n)
			mu.Unlock()
		}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			sample()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() int64 {
		close(done)
		<-finished
		sample()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// MiBs formats n bytes as mebibytes with one decimal.
func MiBs(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/MiB) }
