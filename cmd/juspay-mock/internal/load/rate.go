package load

import (
	"context"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Rate is what a rate run measured.
type Rate struct {
	Requests int64         // answered with the wanted status
	Failures int64         // any other outcome
	Elapsed  time.Duration // the run's length
}

// PerSecond is the answered requests a second.
func (r Rate) PerSecond() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

// MeasureRate sends newReq's requests from conc callers at once, each on a
// kept-alive connection, for d, and counts those answered want. The same
// driver measures juspay-mock and stripe-mock alike.
func MeasureRate(ctx context.Context, conc int, d time.Duration, want int, newReq func(ctx context.Context) (*http.Request, error)) Rate {
	hc := client(conc)
	defer hc.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var ok, bad atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				req, err := newReq(ctx)
				if err != nil {
					bad.Add(1)
					return
				}
				resp, err := hc.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						bad.Add(1)
					}
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == want {
					ok.Add(1)
				} else {
					bad.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	return Rate{Requests: ok.Load(), Failures: bad.Load(), Elapsed: time.Since(start)}
}

// Get is a Get Customer request for ref to t, as MeasureRate wants it.
func (t Target) Get(ref string) func(ctx context.Context) (*http.Request, error) {
	return func(ctx context.Context) (*http.Request, error) {
		return t.request(ctx, Call{Method: http.MethodGet, Path: "/customers/" + ref})
	}
}
