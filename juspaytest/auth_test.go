package juspaytest

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingBody counts the reads of a request body.
type countingBody struct {
	r     *strings.Reader
	reads *atomic.Int64
}

func (b countingBody) Read(p []byte) (int, error) {
	b.reads.Add(1)
	return b.r.Read(p)
}

func (b countingBody) Close() error { return nil }

// TestAuthBeforeBody: a request without the API key is answered (401, or
// its route's fault) without a read of its body, and recorded without one;
// with the key the body is read as before.
func TestAuthBeforeBody(t *testing.T) {
	form := createForm().Encode()
	tests := []struct {
		name     string
		auth     string
		fault    bool
		want     int
		wantRead bool
	}{
		{"no auth", "", false, http.StatusUnauthorized, false},
		{"wrong key", "Basic " + base64.StdEncoding.EncodeToString([]byte("nope:")), false, http.StatusUnauthorized, false},
		{"no auth, a fault on the route", "", true, http.StatusServiceUnavailable, false},
		{"the key", "key", false, http.StatusOK, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := start(t)
			if tt.fault {
				s.FailNext(RouteCreate, 1, http.StatusServiceUnavailable, "")
			}
			req := newReq(t, s, http.MethodPost, "/customers", nil)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.auth != "key" {
				req.Header.Set("Authorization", tt.auth)
			}
			reads := &atomic.Int64{}
			req.Body = countingBody{strings.NewReader(form), reads}
			r := serve(t, s, req)
			require.Equal(t, tt.want, r.status, r.body)
			assert.Equal(t, tt.wantRead, reads.Load() > 0)
			rec := s.Requests()
			require.Len(t, rec, 1, "recorded, key or not")
			if tt.wantRead {
				assert.Equal(t, form, rec[0].Body)
				assert.NotNil(t, rec[0].Form)
				return
			}
			assert.Empty(t, rec[0].Body, "recorded without a body")
			assert.Nil(t, rec[0].Form)
			assert.False(t, rec[0].Authorized)
		})
	}
}

// TestAuthBeforeBodyOnTheWire: a client without the key that announces a
// 1 MiB body and sends none gets its 401 at once.
func TestAuthBeforeBodyOnTheWire(t *testing.T) {
	s := start(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
	_, err = fmt.Fprintf(conn, "POST /customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
		"Content-Length: %d\r\n\r\n", 1<<20)
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err, "answered before any byte of the body")
	defer resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	reqs := s.Requests()
	require.Len(t, reqs, 1)
	assert.Empty(t, reqs[0].Body)
}
