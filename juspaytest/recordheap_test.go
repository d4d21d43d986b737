package juspaytest

import (
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// heapInUse is the heap held after a full collection.
func heapInUse() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// TestRecordingBudgetBoundsTheHeap fills the recording over the network with
// requests of many shapes (thousands of small headers, a few huge ones, long
// URLs, form bodies) and measures the heap it holds: at most 1.5 times
// MaxRecordedBytes, and within a factor of 2 of what the recorder counts.
// (Counted as before, 16 bytes a header value, the thousands of small
// headers held 5 times the budget.)
func TestRecordingBudgetBoundsTheHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("sends about 100 MB over loopback")
	}
	tests := []struct {
		name string
		n    int
		req  func(s *Server, i int) *http.Request
	}{
		{"thousands of small headers, no key", 90, func(s *Server, i int) *http.Request {
			req, _ := http.NewRequest(http.MethodGet, s.URL+"/customers/x", nil)
			for h := range 2000 {
				req.Header.Set(fmt.Sprintf("X-H%d", h), fmt.Sprint(i))
			}
			return req
		}},
		{"a few huge headers", 25, func(s *Server, i int) *http.Request {
			req, _ := http.NewRequest(http.MethodGet, s.URL+"/customers/x", nil)
			for h := range 4 {
				req.Header.Set(fmt.Sprintf("X-Big-%d", h), strings.Repeat(fmt.Sprint(i%10), 200<<10))
			}
			return req
		}},
		{"long paths and queries", 260, func(s *Server, i int) *http.Request {
			q := url.Values{}
			for k := range 500 {
				q.Set(fmt.Sprintf("k%d", k), fmt.Sprint(i))
			}
			return newReq(t, s, http.MethodGet, "/customers/"+strings.Repeat("p", 4000)+fmt.Sprint(i)+"?"+q.Encode(), nil)
		}},
		{"form bodies with the key", 110, func(s *Server, i int) *http.Request {
			f := url.Values{}
			for k := range 1500 {
				f.Set(fmt.Sprintf("f%d", k), fmt.Sprint(i))
			}
			return newReq(t, s, http.MethodPost, "/customers/x", f)
		}},
		{"small requests: the count binds", 1500, func(s *Server, i int) *http.Request {
			return newReq(t, s, http.MethodGet, fmt.Sprintf("/customers/ref-%d", i), nil)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := heapInUse()
			s := NewServer()
			tr := &http.Transport{}
			hc := &http.Client{Transport: tr}
			for i := range tt.n {
				resp, err := hc.Do(tt.req(s, i))
				require.NoError(t, err)
				resp.Body.Close()
			}
			tr.CloseIdleConnections()
			s.Close()
			grown := heapInUse() - before
			s.h.rec.mu.Lock()
			counted, kept := s.h.rec.bytes, len(s.h.rec.reqs)
			s.h.rec.mu.Unlock()
			require.Less(t, kept, tt.n, "the recording is full")
			t.Logf("%d requests kept, %d bytes counted, heap grew %d (%.2fx the budget, %.2fx the count)",
				kept, counted, grown, float64(grown)/MaxRecordedBytes, float64(grown)/float64(counted))
			assert.LessOrEqual(t, grown, int64(MaxRecordedBytes)*3/2)
			assert.LessOrEqual(t, grown, int64(counted)*3/2, "the count is not under what is held")
			assert.GreaterOrEqual(t, grown, int64(counted)/2, "nor far over it")
			runtime.KeepAlive(s)
		})
	}
}
