package juspaytest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// statuses sends n creates with fresh object_reference_ids and returns the statuses.
func statuses(t *testing.T, s *Server, n int) []int {
	t.Helper()
	out := make([]int, n)
	for i := range out {
		ref := fmt.Sprintf("fault-ref-%d", len(s.Requests()))
		out[i] = do(t, newReq(t, s, http.MethodPost, "/customers", createForm("object_reference_id", ref))).status
	}
	return out
}

func TestFailNext(t *testing.T) {
	s := start(t)
	s.FailNext(RouteCreate, 2, http.StatusServiceUnavailable, "")
	s.FailNext(RouteGet, 1, http.StatusInternalServerError, "") // another route: untouched by creates
	assert.Equal(t, []int{503, 503, 200}, statuses(t, s, 3))
	assert.Len(t, s.Customers(), 1, "failed calls store nothing")

	r := do(t, newReq(t, s, http.MethodGet, "/customers/nobody00", nil))
	assert.Equal(t, http.StatusInternalServerError, r.status)
	assert.Equal(t, "Internal Server Error", r.body)
	assert.Equal(t, "text/plain; charset=utf-8", r.header.Get("Content-Type"))
}

func TestFaultBodyAndHeaders(t *testing.T) {
	s := start(t)
	s.InjectFault(RouteCreate, 1, Fault{
		Status: http.StatusServiceUnavailable, Body: `{"status":"error"}`,
		Header: http.Header{"retry-after": {"3"}, "X-Extra": {"a", "b"}},
	})
	s.InjectFault(RouteCreate, 1, Fault{Status: 502, Body: "<html>bad gateway</html>"})
	r := do(t, newReq(t, s, http.MethodPost, "/customers", createForm()))
	assert.Equal(t, http.StatusServiceUnavailable, r.status)
	assert.Equal(t, `{"status":"error"}`, r.body)
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))
	assert.Equal(t, "3", r.header.Get("Retry-After"))
	assert.Equal(t, []string{"a", "b"}, r.header.Values("X-Extra"))

	r = do(t, newReq(t, s, http.MethodPost, "/customers", createForm()))
	assert.Equal(t, http.StatusBadGateway, r.status, "faults queue in order")
	assert.Equal(t, "<html>bad gateway</html>", r.body)
}

func TestThrottleNext(t *testing.T) {
	s := start(t)
	s.ThrottleNext(RouteGet, 1, "2")
	s.ThrottleNext(RouteGet, 1, "")
	r := do(t, newReq(t, s, http.MethodGet, "/customers/nobody00", nil))
	assert.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, "2", r.header.Get("Retry-After"))
	r = do(t, newReq(t, s, http.MethodGet, "/customers/nobody00", nil))
	assert.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Empty(t, r.header.Values("Retry-After"))
}

func TestFaultAlwaysAndClear(t *testing.T) {
	s := start(t)
	s.FailNext(RouteCreate, Always, http.StatusBadGateway, "")
	assert.Equal(t, []int{502, 502, 502, 502}, statuses(t, s, 4))
	s.ClearFaults()
	assert.Equal(t, []int{200}, statuses(t, s, 1))
	s.FailNext(RouteCreate, 0, http.StatusBadGateway, "")
	assert.Equal(t, []int{200}, statuses(t, s, 1), "n == 0 injects nothing")
}

func TestFaultComesBeforeAuth(t *testing.T) {
	s := start(t)
	s.FailNext(RouteCreate, 1, http.StatusBadGateway, "")
	req := newReq(t, s, http.MethodPost, "/customers", createForm())
	req.Header.Del("Authorization")
	assert.Equal(t, http.StatusBadGateway, do(t, req).status)
}

func TestDropNext(t *testing.T) {
	s := start(t)
	s.DropNext(RouteCreate, 1)
	_, err := http.DefaultClient.Do(newReq(t, s, http.MethodPost, "/customers", createForm()))
	require.Error(t, err)
	assert.True(t, errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF), "%v", err)
	assert.Empty(t, s.Customers())
	assert.Equal(t, []int{200}, statuses(t, s, 1))
}

func TestLoseAnswerNext(t *testing.T) {
	s := start(t)
	s.LoseAnswerNext(RouteCreate, 1)
	r := do(t, newReq(t, s, http.MethodPost, "/customers", createForm()))
	assert.Equal(t, http.StatusBadGateway, r.status)
	require.Len(t, s.Customers(), 1, "stored before the answer was lost")

	r = do(t, newReq(t, s, http.MethodPost, "/customers", createForm()))
	assert.Equal(t, http.StatusBadRequest, r.status, "a plain retry meets already-exists")
	code, _ := errorCode(t, r.body)
	assert.Equal(t, "unique", code)

	s.InjectFault(RouteCreate, 1, Fault{AfterStore: true, Drop: true})
	_, err := http.DefaultClient.Do(newReq(t, s, http.MethodPost, "/customers", createForm("object_reference_id", "dropped-after")))
	require.Error(t, err)
	_, ok := s.LookupCustomer("dropped-after")
	assert.True(t, ok, "stored, then the connection dropped")

	s.InjectFault(RouteCreate, 1, Fault{AfterStore: true})
	r = do(t, newReq(t, s, http.MethodPost, "/customers", createForm("object_reference_id", "normal-after")))
	assert.Equal(t, http.StatusOK, r.status, "AfterStore alone sends the normal answer")
	assert.Contains(t, r.body, `"object_reference_id":"normal-after"`)
}

func TestDelayNext(t *testing.T) {
	s := start(t)
	s.DelayNext(RouteGet, 1, 150*time.Millisecond)
	begin := time.Now()
	r := do(t, newReq(t, s, http.MethodGet, "/customers/nobody00", nil))
	assert.Equal(t, http.StatusNotFound, r.status, "served normally after the wait")
	assert.GreaterOrEqual(t, time.Since(begin), 150*time.Millisecond)

	s.DelayNext(RouteGet, 1, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := http.DefaultClient.Do(newReq(t, s, http.MethodGet, "/customers/nobody00", nil).WithContext(ctx))
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestCloseEndsDelays(t *testing.T) {
	s := NewServer()
	s.DelayNext(RouteGet, 1, time.Hour)
	done := make(chan error, 1)
	go func() {
		resp, err := http.Get(s.URL + "/customers/x")
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	require.Eventually(t, func() bool { return len(s.Requests()) == 1 }, 5*time.Second, 5*time.Millisecond)
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for the delay")
	}
	assert.Error(t, <-done, "the delayed request is cut, not answered")
}

func TestInjectFaultUnknownRoute(t *testing.T) {
	s := start(t)
	assert.PanicsWithValue(t, "juspaytest: InjectFault: unknown route GET /orders", func() {
		s.InjectFault("GET /orders", 1, Fault{Status: 500})
	})
}

func TestFaultedRequestsAreRecorded(t *testing.T) {
	s := start(t)
	s.FailNext(RouteCreate, 1, 503, "")
	statuses(t, s, 2)
	reqs := s.RequestsTo(RouteCreate)
	require.Len(t, reqs, 2)
	assert.True(t, reqs[0].Faulted)
	assert.False(t, reqs[1].Faulted)
}
