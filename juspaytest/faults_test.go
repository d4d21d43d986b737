package juspaytest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
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

// TestCloseEndsDelaysServedElsewhere holds a request in a Delay fault on
// another server that mounts the handler: Close must end it too.
func TestCloseEndsDelaysServedElsewhere(t *testing.T) {
	s := NewServer()
	other := httptest.NewServer(s.Handler())
	defer func() {
		other.CloseClientConnections() // a delay that outlived Close must not hold the test until go test's timeout
		other.Close()
	}()
	s.DelayNext(RouteGet, 1, time.Hour)
	done := make(chan error, 1)
	go func() {
		resp, err := http.Get(other.URL + "/customers/x")
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	require.Eventually(t, func() bool { return len(s.Requests()) == 1 }, 5*time.Second, 5*time.Millisecond)
	s.Close()
	select {
	case err := <-done:
		assert.Error(t, err, "the delayed request is cut, not answered")
	case <-time.After(5 * time.Second):
		t.Fatal("the delay outlived Close")
	}

	// After Close the handler still answers, and faults without a Delay
	// still apply.
	s.FailNext(RouteGet, 20, http.StatusServiceUnavailable, "")
	for i := 0; i < 20; i++ {
		r := serve(t, s, newReq(t, s, http.MethodGet, "/customers/x", nil))
		require.Equal(t, http.StatusServiceUnavailable, r.status, "request %d", i)
	}
	assert.Equal(t, http.StatusNotFound, serve(t, s, newReq(t, s, http.MethodGet, "/customers/x", nil)).status)
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

func TestInjectFaultRefusesBadFaults(t *testing.T) {
	s := start(t)
	tests := []struct {
		name  string
		route Route
		f     Fault
		panic string // "" for none
	}{
		{"unknown route", "GET /orders", Fault{Status: 500}, "juspaytest: InjectFault: unknown route GET /orders"},
		{"status below 100", RouteGet, Fault{Status: 99}, "juspaytest: InjectFault: Fault.Status 99 is neither 0 nor 100 to 999"},
		{"negative status", RouteGet, Fault{Status: -1}, "juspaytest: InjectFault: Fault.Status -1 is neither 0 nor 100 to 999"},
		{"status above 999", RouteGet, Fault{Status: 1000}, "juspaytest: InjectFault: Fault.Status 1000 is neither 0 nor 100 to 999"},
		{"negative delay", RouteGet, Fault{Delay: -time.Second}, "juspaytest: InjectFault: Fault.Delay -1s is negative"},
		{"status 100", RouteGet, Fault{Status: 100}, ""},
		{"status 999", RouteGet, Fault{Status: 999}, ""},
		{"no status", RouteGet, Fault{Delay: time.Millisecond}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inject := func() { s.InjectFault(tt.route, 1, tt.f) }
			if tt.panic == "" {
				assert.NotPanics(t, inject)
				return
			}
			assert.PanicsWithValue(t, tt.panic, inject)
		})
	}
	s.ClearFaults()
	r := do(t, newReq(t, s, http.MethodGet, "/customers/nobody00", nil))
	assert.Equal(t, http.StatusNotFound, r.status, "a refused fault is not queued")
}

func TestStatus999IsServed(t *testing.T) {
	s := start(t)
	s.FailNext(RouteGet, 1, 999, "odd")
	r := do(t, newReq(t, s, http.MethodGet, "/customers/nobody00", nil))
	assert.Equal(t, 999, r.status)
	assert.Equal(t, "odd", r.body)
}

func TestFaultsOnCardAndWalletRoutes(t *testing.T) {
	s := start(t)
	_, err := s.AddCustomer(Customer{ObjectReferenceID: "cust_123489"})
	require.NoError(t, err)
	card, err := s.AddCard("cust_123489", Card{})
	require.NoError(t, err)
	tests := []struct {
		route Route
		req   *http.Request
	}{
		{RouteListCards, newReq(t, s, http.MethodGet, "/cards?customer_id=cust_123489", nil)},
		{RouteDeleteCard, newReq(t, s, http.MethodPost, "/card/delete", url.Values{"card_token": {card.Token}})},
		{RouteListWallets, newReq(t, s, http.MethodGet, "/customers/cust_123489/wallets", nil)},
	}
	for _, tt := range tests {
		t.Run(string(tt.route), func(t *testing.T) {
			s.ResetRequests()
			s.ThrottleNext(tt.route, 1, "1")
			r := do(t, tt.req)
			assert.Equal(t, http.StatusTooManyRequests, r.status)
			assert.Equal(t, "1", r.header.Get("Retry-After"))
			reqs := s.RequestsTo(tt.route)
			require.Len(t, reqs, 1)
			assert.True(t, reqs[0].Faulted)
		})
	}
	cards := decode(t, do(t, newReq(t, s, http.MethodGet, "/cards?customer_id=cust_123489", nil)).body)["cards"]
	assert.Len(t, cards, 1, "the throttled delete deleted nothing")

	s.LoseAnswerNext(RouteDeleteCard, 1)
	r := do(t, newReq(t, s, http.MethodPost, "/card/delete", url.Values{"card_token": {card.Token}}))
	assert.Equal(t, http.StatusBadGateway, r.status)
	cards = decode(t, do(t, newReq(t, s, http.MethodGet, "/cards?customer_id=cust_123489", nil)).body)["cards"]
	assert.Empty(t, cards, "deleted before the answer was lost")
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

func TestFaultsListsWhatIsPending(t *testing.T) {
	s := start(t)
	assert.Empty(t, s.Faults())
	s.FailNext(RouteGet, 2, 503, "")
	s.ThrottleNext(RouteCreate, Always, "2")
	s.DelayNext(RouteGet, 1, time.Second)
	want := []PendingFault{
		{Route: RouteCreate, Left: Always, Fault: Fault{Status: 429, Header: http.Header{"Retry-After": {"2"}}}},
		{Route: RouteGet, Left: 2, Fault: Fault{Status: 503}},
		{Route: RouteGet, Left: 1, Fault: Fault{Delay: time.Second}},
	}
	assert.Equal(t, want, s.Faults(), "in the order of Routes, then the order they take requests")

	got := s.Faults()
	got[0].Fault.Header.Set("Retry-After", "9")
	assert.Equal(t, "2", s.Faults()[0].Fault.Header.Get("Retry-After"), "a copy")

	serve(t, s, newReq(t, s, http.MethodGet, "/customers/x", nil))
	assert.Equal(t, 1, s.Faults()[1].Left, "one used")
	serve(t, s, newReq(t, s, http.MethodGet, "/customers/x", nil))
	assert.Equal(t, []PendingFault{want[0], want[2]}, s.Faults(), "used up and gone")
	serve(t, s, newReq(t, s, http.MethodPost, "/customers", createForm()))
	assert.Equal(t, Always, s.Faults()[0].Left, "always stays")
	s.ClearFaults()
	assert.Empty(t, s.Faults())
}
