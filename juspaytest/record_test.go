package juspaytest

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRequestsRecordTheWire(t *testing.T) {
	s := start(t)
	s.SetNow(created)
	req := newReq(t, s, http.MethodPost, "/customers", createForm("options.get_client_auth_token", "true"))
	req.Header.Set("x-routing-id", "customer_1122")
	req.Header.Set("version", "2019-05-07")
	do(t, req)
	get := newReq(t, s, http.MethodGet, "/customers/a%2Fb%40c?options.get_client_auth_token=true", nil)
	get.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(s.APIKey)))
	do(t, get)
	bad := newReq(t, s, http.MethodGet, "/customers/x", nil)
	bad.Header.Set("Authorization", "Bearer "+s.APIKey)
	do(t, bad)

	reqs := s.Requests()
	require.Len(t, reqs, 3)
	c := reqs[0]
	assert.Equal(t, RouteCreate, c.Route)
	assert.Equal(t, http.MethodPost, c.Method)
	assert.Equal(t, "/customers", c.Path)
	assert.Equal(t, "customer_1122", c.RoutingID)
	assert.Equal(t, "true", c.Form.Get("options.get_client_auth_token"))
	assert.Equal(t, "9988776655", c.Form.Get("mobile_number"))
	assert.Equal(t, createForm("options.get_client_auth_token", "true").Encode(), c.Body)
	assert.Equal(t, "Basic [redacted]", c.Header.Get("Authorization"))
	assert.Equal(t, s.MerchantID, c.Header.Get("x-merchantid"))
	assert.Equal(t, "2019-05-07", c.Header.Get("version"), "Juspay's version header, as juspay.WithAPIVersion sends it")
	assert.True(t, c.Authorized)
	assert.True(t, c.AuthColon)
	assert.Equal(t, created, c.Time)

	g := reqs[1]
	assert.Equal(t, RouteGet, g.Route)
	assert.Equal(t, "/customers/a/b@c", g.Path)
	assert.Equal(t, "/customers/a%2Fb%40c", g.EscapedPath)
	assert.Equal(t, "a/b@c", g.CustomerID)
	assert.Equal(t, "options.get_client_auth_token=true", g.RawQuery)
	assert.Equal(t, url.Values{"options.get_client_auth_token": {"true"}}, g.Query)
	assert.Nil(t, g.Form)
	assert.Empty(t, g.RoutingID)
	assert.True(t, g.Authorized)
	assert.False(t, g.AuthColon, "the Node SDK form")

	assert.Equal(t, "[redacted]", reqs[2].Header.Get("Authorization"))
	assert.False(t, reqs[2].Authorized)

	for _, r := range reqs {
		for _, vs := range r.Header {
			for _, v := range vs {
				assert.NotContains(t, v, s.APIKey)
				assert.NotContains(t, v, base64.StdEncoding.EncodeToString([]byte(s.APIKey)))
			}
		}
	}
}

func TestRequestsAreCopies(t *testing.T) {
	s := start(t)
	do(t, newReq(t, s, http.MethodPost, "/customers", createForm()))
	first := s.Requests()
	first[0].Form.Set("mobile_number", "changed")
	first[0].Header.Set("X-Changed", "1")
	again := s.Requests()
	assert.Equal(t, "9988776655", again[0].Form.Get("mobile_number"))
	assert.Empty(t, again[0].Header.Get("X-Changed"))
}

func TestRequestsToAndReset(t *testing.T) {
	s := start(t)
	do(t, newReq(t, s, http.MethodPost, "/customers", createForm()))
	do(t, newReq(t, s, http.MethodGet, "/customers/customer@gmail.com", nil))
	do(t, newReq(t, s, http.MethodGet, "/nowhere", nil))
	assert.Len(t, s.RequestsTo(RouteCreate), 1)
	assert.Len(t, s.RequestsTo(RouteGet), 1)
	assert.Empty(t, s.RequestsTo(RouteUpdate))
	assert.Len(t, s.RequestsTo(""), 1, "the unrouted one")

	s.ResetRequests()
	assert.Empty(t, s.Requests())
	assert.Len(t, s.Customers(), 1, "ResetRequests keeps customers")

	s.FailNext(RouteGet, 1, 500, "")
	s.Reset()
	assert.Empty(t, s.Customers())
	r := do(t, newReq(t, s, http.MethodGet, "/customers/customer@gmail.com", nil))
	assert.Equal(t, http.StatusNotFound, r.status, "Reset drops faults and customers")
}

func TestChunkedBody(t *testing.T) {
	s := start(t)
	req := newReq(t, s, http.MethodPost, "/customers", nil)
	// No length: sent chunked, as the Node SDK sends it.
	req.Body = io.NopCloser(strings.NewReader(createForm().Encode()))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r := do(t, req)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, "John", s.Requests()[0].Form.Get("first_name"))
}

func TestRecordedBodyIsCut(t *testing.T) {
	s := start(t)
	tests := []struct {
		name     string
		size     int
		cut      bool
		hasForm  bool
		wantCode int
	}{
		{"at the bound", MaxRecordedBody, false, true, http.StatusBadRequest},
		{"one past the bound", MaxRecordedBody + 1, true, false, http.StatusBadRequest},
		{"1 MiB", maxBody, true, false, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.ResetRequests()
			body := "first_name=" + strings.Repeat("a", tt.size-len("first_name="))
			req := newReq(t, s, http.MethodPost, "/customers", nil)
			req.Body = io.NopCloser(strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r := serve(t, s, req)
			assert.Equal(t, tt.wantCode, r.status, "no object_reference_id")
			got := s.Requests()[0]
			assert.Equal(t, tt.cut, got.BodyTruncated)
			assert.Equal(t, min(tt.size, MaxRecordedBody), len(got.Body))
			assert.Equal(t, body[:len(got.Body)], got.Body)
			assert.Equal(t, tt.hasForm, got.Form != nil)
		})
	}
}

func TestRecorderKeepsTheNewest(t *testing.T) {
	s := start(t)
	const extra = 5
	for i := range MaxRecordedRequests + extra {
		serve(t, s, newReq(t, s, http.MethodGet, fmt.Sprintf("/customers/ref-%05d", i), nil))
	}
	reqs := s.Requests()
	require.Len(t, reqs, MaxRecordedRequests)
	assert.Equal(t, fmt.Sprintf("ref-%05d", extra), reqs[0].CustomerID, "the oldest are forgotten")
	assert.Equal(t, fmt.Sprintf("ref-%05d", MaxRecordedRequests+extra-1), reqs[len(reqs)-1].CustomerID)
	for i := 1; i < len(reqs); i++ {
		require.Less(t, reqs[i-1].CustomerID, reqs[i].CustomerID, "oldest first")
	}
	s.ResetRequests()
	serve(t, s, newReq(t, s, http.MethodGet, "/customers/after-reset", nil))
	reqs = s.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "after-reset", reqs[0].CustomerID)
}

func TestJSONBodiesAreRecordedAsFields(t *testing.T) {
	s := start(t)
	body := `{"object_reference_id":"json-0001","mobile_number":"1","options.get_client_auth_token":true,"n":7,"o":{"a":1},"z":null}`
	serve(t, s, jsonReq(t, s, http.MethodPost, "/customers", body))
	got := s.Requests()[0]
	assert.Equal(t, body, got.Body)
	assert.Equal(t, url.Values{
		"object_reference_id": {"json-0001"}, "mobile_number": {"1"},
		"options.get_client_auth_token": {"true"}, "n": {"7"}, "o": {`{"a":1}`},
	}, got.Form)
}

// TestRecordingIsBoundedInBytes: hostile headers, URLs and bodies, sent
// without credentials, hold at most MaxRecordedBytes; the newest request
// always stays.
func TestRecordingIsBoundedInBytes(t *testing.T) {
	s := start(t)
	big := strings.Repeat("h", 1<<20)
	longID := strings.Repeat("i", 256<<10)
	for i := range 40 {
		req := httptest.NewRequest(http.MethodGet, "/customers/"+longID+"?q="+longID, nil)
		req.Header.Set("X-Big", big)
		req.Header.Set("X-N", fmt.Sprint(i))
		serve(t, s, req)
	}
	reqs := s.Requests()
	total := 0
	for i := range reqs {
		total += reqs[i].size()
	}
	assert.LessOrEqual(t, total, MaxRecordedBytes)
	assert.Greater(t, total, MaxRecordedBytes/2, "the budget is used, not wasted")
	require.NotEmpty(t, reqs)
	assert.Equal(t, "39", reqs[len(reqs)-1].Header.Get("X-N"), "the newest is kept")
	assert.False(t, reqs[0].Authorized)

	huge := httptest.NewRequest(http.MethodGet, "/customers/x", nil)
	huge.Header.Set("X-Huge", strings.Repeat("h", MaxRecordedBytes+1))
	serve(t, s, huge)
	reqs = s.Requests()
	require.Len(t, reqs, 1, "a request over the budget alone is still the newest")
	assert.Len(t, reqs[0].Header.Get("X-Huge"), MaxRecordedBytes+1)

	serve(t, s, newReq(t, s, http.MethodGet, "/customers/small", nil))
	reqs = s.Requests()
	require.Len(t, reqs, 1, "and goes once a newer one comes")
	assert.Equal(t, "small", reqs[0].CustomerID)
}

func TestAllocCost(t *testing.T) {
	for n, want := range map[int]int{
		0: 0, 1: 16, 16: 16, 17: 32, 127: 128, 128: 128, 129: 144, 255: 256, 256: 256, 257: 288,
		328: 352, 4096: 4096, 4097: 4608, 1 << 20: 1 << 20, 1<<20 + 1: 1<<20 + 1<<17,
	} {
		assert.Equal(t, want, allocCost(n), "allocCost(%d)", n)
		assert.Equal(t, want, stringCost(strings.Repeat("x", n)), "stringCost of %d bytes", n)
	}
}

func TestValuesCost(t *testing.T) {
	keys := func(n int) url.Values {
		v := url.Values{}
		for i := range n {
			v.Set(fmt.Sprint(i), "")
		}
		return v
	}
	tests := []struct {
		name string
		m    map[string][]string
		want int
	}{
		{"nil", nil, 0},
		{"empty: a header and one group", map[string][]string{}, 48 + 352},
		{"a key with two values", http.Header{"K": {"v1", "v2"}}, 48 + 352 + 16 + 32 + 16 + 16},
		{"a key without values", url.Values{"k": nil}, 48 + 352 + 16},
		{"eight keys: one group", keys(8), 48 + 352 + 8*(16+16)},
		{"nine keys: 96 bytes a slot", keys(9), 48 + 9*96 + 9*(16+16)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, valuesCost(tt.m)) })
	}
}

func TestRequestSize(t *testing.T) {
	bare := int(unsafe.Sizeof(Request{}))
	assert.Equal(t, bare, (&Request{}).size())
	r := Request{Route: RouteGet, Method: "GET", Path: "/p", EscapedPath: strings.Repeat("e", 17), CustomerID: "c",
		RawQuery: "q=1", Body: strings.Repeat("b", 200), RoutingID: "rid", ResponseID: "resp",
		Header: http.Header{"K": {"v1", "v2"}}, Query: url.Values{"q": {"1"}}, Form: url.Values{"f": {"x"}}}
	strs := 32 /* route */ + 16 + 16 + 32 + 16 + 16 + 208 /* body */ + 16 + 16
	maps := (48 + 352 + 16 + 32 + 16 + 16) + 2*(48+352+16+16+16)
	assert.Equal(t, bare+strs+maps, r.size())
}

// TestRecorderFillsTheBudgetExactly: requests summing to the byte budget
// all stay; one byte more forgets the oldest.
func TestRecorderFillsTheBudgetExactly(t *testing.T) {
	a, b, c := Request{Body: "a"}, Request{Body: strings.Repeat("b", 1000)}, Request{Body: "c"}
	rec := recorder{maxBytes: a.size() + b.size()}
	rec.add(a)
	rec.add(b)
	assert.Len(t, rec.all(), 2, "exactly the budget")
	assert.Equal(t, rec.maxBytes, rec.bytes)
	rec.add(c)
	reqs := rec.all()
	require.Len(t, reqs, 2, "over: the oldest goes")
	assert.Equal(t, []string{b.Body, "c"}, []string{reqs[0].Body, reqs[1].Body})
	assert.Equal(t, b.size()+c.size(), rec.bytes)
}
