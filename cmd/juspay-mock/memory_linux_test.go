package main

// The program's memory under the loads of issue 28, against the built
// binary, read from /proc: its RSS stays under memoryBound above its idle
// size. The same scenarios, with the figures printed, are
// go run ./cmd/juspay-mock/internal/mockload.

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed276dc779/juspay-go/cmd/juspay-mock/internal/load"
)

// memoryBound is how far above its idle size the program's RSS may grow,
// whatever clients send (the manual's claim).
const memoryBound = 64 << 20

// memoryTest skips where RSS means nothing (the race detector) and, for
// the long ones, under -short.
func memoryTest(t *testing.T, long bool) {
	t.Helper()
	if raceEnabled {
		t.Skip("the race detector multiplies memory")
	}
	if long && testing.Short() {
		t.Skip("long: runs without -short")
	}
}

// target is p as the load driver addresses it.
func (p *process) target() load.Target {
	return load.Target{URL: p.ready.URL, APIKey: p.ready.APIKey, MerchantID: p.ready.MerchantID}
}

// underBound runs scenario against p and checks that p's RSS stayed under
// memoryBound above its idle size, sampled every 10ms.
func underBound(t *testing.T, p *process, scenario func(ctx context.Context, target load.Target)) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	pid := p.cmd.Process.Pid
	idle, err := load.RSS(pid)
	require.NoError(t, err)
	stop := load.PeakRSS(pid, 10*time.Millisecond)
	scenario(ctx, p.target())
	peak := stop()
	t.Logf("RSS idle %s, peak %s (+%s)", load.MiBs(idle), load.MiBs(peak), load.MiBs(peak-idle))
	assert.Less(t, peak-idle, int64(memoryBound), "RSS above its idle size")
}

// TestBinaryMemoryStalledBodies: 300 connections each one byte short of a
// 1 MiB body (issue 28 saw 354 MiB without the key): the key is checked
// before the body is read, at most 8 big bodies are received at once, and
// no more than -max-conns connections are open.
func TestBinaryMemoryStalledBodies(t *testing.T) {
	memoryTest(t, false)
	for _, withKey := range []bool{false, true} {
		t.Run(map[bool]string{false: "without the key", true: "with the key"}[withKey], func(t *testing.T) {
			t.Parallel()
			p := startMock(t)
			underBound(t, p, func(ctx context.Context, target load.Target) {
				conns, out, err := load.StallBodies(ctx, target, 300, withKey)
				t.Cleanup(func() { load.CloseAll(conns) })
				require.NoError(t, err)
				t.Logf("outcomes: %v", out)
				if withKey {
					time.Sleep(time.Second)
					return
				}
				// Each is answered 401 without its body, in turn past -max-conns.
				all := load.Answers(conns, waitLimit)
				assert.Equal(t, len(conns), all.Count("401")+out.Count("401"), "%v, then %v", out, all)
			})
		})
	}
}

// TestBinaryIdleConnectionsClose: kept-alive connections without a request
// are closed after -idle-timeout (issue 28 saw 500 still open after 45 s;
// the default is 30 s); those past -max-conns wait their turn meanwhile.
func TestBinaryIdleConnectionsClose(t *testing.T) {
	memoryTest(t, false)
	p := startMock(t, "-idle-timeout", "1s")
	underBound(t, p, func(ctx context.Context, target load.Target) {
		conns, err := load.IdleConns(ctx, target, 300)
		t.Cleanup(func() { load.CloseAll(conns) })
		require.NoError(t, err)
		require.Eventually(t, func() bool { return load.StillOpen(conns) == 0 }, waitLimit, 100*time.Millisecond)
	})
	assert.Contains(t, p.stderr.String(), " 128 connections open, the cap (-max-conns): new ones wait until one closes")
}

// TestBinaryMemoryBigHeaders: 1,200 requests with 1 MB of headers, one big
// header or many small ones, with and without the key (issue 28: 175 MiB
// after 8 of them), are answered 431; as many just under the header cap
// fill the recording, whose byte cap counts what a record really holds.
func TestBinaryMemoryBigHeaders(t *testing.T) {
	memoryTest(t, false)
	for _, tt := range []struct {
		name    string
		shape   load.HeaderShape
		size    int
		withKey bool
		want    string
	}{
		{"1 MB header, no key", load.OneBigHeader, 1_000_000, false, "431"},
		{"1 MB of small headers, no key", load.ManySmallHeaders, 1_000_000, false, "431"},
		{"1 MB header, key", load.OneBigHeader, 1_000_000, true, "431"},
		{"1 MB of small headers, key", load.ManySmallHeaders, 1_000_000, true, "431"},
		{"30 KB of small headers, no key", load.ManySmallHeaders, 30_000, false, "401"},
		{"30 KB of small headers, key", load.ManySmallHeaders, 30_000, true, "404"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := startMock(t)
			underBound(t, p, func(ctx context.Context, target load.Target) {
				out, err := load.BigHeaders(ctx, target, 1200, 64, tt.withKey, tt.shape, tt.size)
				require.NoError(t, err)
				assert.Equal(t, 1200, out.Count(tt.want)+out.Count("refused"), "%v", out)
				assert.Positive(t, out.Count(tt.want), "%v", out)
			})
		})
	}
}

// TestBinaryMemoryState: 100,000 customers, 100,000 client auth tokens
// issued with the clock frozen (never swept before: now the oldest goes
// first past -max-live-tokens) and 100,000 faults (past -max-pending-faults,
// 507s), with the key (issue 28: +31, +10.6 and +7 MiB of heap, without
// bound).
func TestBinaryMemoryState(t *testing.T) {
	memoryTest(t, true)
	for _, tt := range []struct {
		name string
		call func(int) load.Call
		want map[string]int
	}{
		{"customers", load.CreateCall, map[string]int{"200": 100_000}},
		{"tokens", load.TokenCall, map[string]int{"200": 100_000}},
		{"faults", load.FaultCall, map[string]int{"200": 10_000, "507": 90_000}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := startMock(t)
			underBound(t, p, func(ctx context.Context, target load.Target) {
				if tt.name == "tokens" {
					require.NoError(t, load.FreezeClock(ctx, target))
				}
				out, err := load.Run(ctx, target, 100_000, 8, tt.call)
				require.NoError(t, err)
				for status, n := range tt.want {
					assert.Equal(t, n, out.Count(status), "%v", out)
				}
			})
		})
	}
}
