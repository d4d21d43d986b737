package juspaytest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed276dc779/juspay-go/juspaytest"
)

// TestCloseCutsADelayedRequestServedElsewhere: Close ends, at once, a
// request a Delay fault holds on another server that mounts the handler.
// Every wait is bounded, the clean-up's too (it cuts the client's
// connections before closing the other server, which would otherwise wait
// for the held request), so that a Close that leaves the delay running
// fails in seconds instead of hanging until go test's timeout.
func TestCloseCutsADelayedRequestServedElsewhere(t *testing.T) {
	t.Parallel()
	s := juspaytest.NewServer()
	other := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		other.CloseClientConnections()
		other.Close()
	})
	s.DelayNext(juspaytest.RouteGet, 1, time.Hour)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, other.URL+"/customers/user-000042", nil)
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	require.Eventually(t, func() bool { return len(s.Requests()) == 1 }, 5*time.Second, 5*time.Millisecond, "the request is held")

	closed := make(chan struct{})
	go func() {
		s.Close()
		close(closed)
	}()
	select {
	case err := <-done:
		require.Error(t, err, "the held request is cut, not answered")
		assert.NotErrorIs(t, err, context.DeadlineExceeded, "cut by Close, not by the test's own deadline")
	case <-time.After(5 * time.Second):
		t.Fatal("the delay outlived Close")
	}
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
}
