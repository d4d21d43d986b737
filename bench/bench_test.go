package bench

import (
	"context"
	"runtime"
	"sync"
	"testing"
)

// memBaseURL is the base URL in Mem mode: nothing is dialled, the in-memory
// transport answers.
const memBaseURL = "https://sandbox.juspay.in"

// goroutines is how many callers Loopback64 runs at once.
const goroutines = 64

// BenchmarkCreate runs every client in every mode:
//
//	Mem         an in-memory http.RoundTripper answers (client CPU only)
//	Loopback    one caller, a loopback httptest.Server
//	Loopback64  64 callers at once on the same server (RunParallel)
//
// and reports ns/op, B/op, allocs/op, and (loopback) conns/op: connections
// the server saw opened per call, after a warm-up.
func BenchmarkCreate(b *testing.B) {
	for _, mode := range []string{"Mem", "Loopback", "Loopback64"} {
		b.Run(mode, func(b *testing.B) {
			for _, c := range clients {
				if mode == "Mem" && !c.memToo {
					continue
				}
				b.Run(c.name, func(b *testing.B) { runCreate(b, mode, c.factory) })
			}
		})
	}
}

func runCreate(b *testing.B, mode string, factory func(target) (createFunc, func())) {
	var srv *server
	t := target{baseURL: memBaseURL, mem: true}
	if mode != "Mem" {
		srv = newServer()
		defer srv.Close()
		t = target{baseURL: srv.URL}
	}
	create, closeIdle := factory(t)
	defer closeIdle()
	ctx := context.Background()
	req := sampleRequest()

	// Warm up: open the connections the mode needs, and fill the pools.
	warm := 1
	if mode == "Loopback64" {
		warm = goroutines
	}
	var wg sync.WaitGroup
	for i := 0; i < warm; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := create(ctx, req); err != nil {
				b.Error(err)
			}
		}()
	}
	wg.Wait()
	if b.Failed() {
		b.FailNow()
	}
	if srv != nil {
		srv.conns.Store(0)
	}

	b.ReportAllocs()
	b.ResetTimer()
	if mode == "Loopback64" {
		procs := runtime.GOMAXPROCS(0)
		b.SetParallelism((goroutines + procs - 1) / procs)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := create(ctx, req); err != nil {
					b.Error(err)
					return
				}
			}
		})
	} else {
		for i := 0; i < b.N; i++ {
			if _, err := create(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	if srv != nil {
		b.ReportMetric(float64(srv.conns.Load())/float64(b.N), "conns/op")
	}
}
