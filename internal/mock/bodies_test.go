package mock

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// postHead is the header of a POST to path with the key and a body of
// length bytes.
func postHead(path, key string, length int) string {
	return "POST " + path + " HTTP/1.1\r\nHost: mock\r\nAuthorization: Basic " + b64(key+":") +
		"\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(length) + "\r\n\r\n"
}

// logged waits for a line of logs for route and returns its outcome.
func logged(t *testing.T, logs *syncBuffer, route string) string {
	t.Helper()
	line := regexp.MustCompile(`(?m)^\S+ ` + regexp.QuoteMeta(route) + ` (\S+) \S+$`)
	var m []string
	require.Eventually(t, func() bool {
		m = line.FindStringSubmatch(logs.String())
		return m != nil
	}, waitLimit, 5*time.Millisecond, "log so far: %q", logs.String())
	return m[1]
}

// TestBodyTimeout: a body that does not arrive within the read timeout
// ends its request, logged "aborted"; one that arrives is served, and its
// answer may then take longer than the timeout (a delay fault).
func TestBodyTimeout(t *testing.T) {
	m, logs := started(t, Config{APIKey: "KEY_1", ReadTimeout: 100 * time.Millisecond})
	base := m.Ready().URL

	slow := rawConn(t, base, postHead("/__admin/clock", "KEY_1", 100)+`{"adv`)
	assert.True(t, endsWithin(t, slow), "the connection ends")
	assert.Equal(t, "aborted", logged(t, logs, "POST /__admin/clock"))

	adminOK(t, base, "KEY_1", "POST", "/__admin/faults", `{"route":"POST /customers","delay":"300ms","status":503}`)
	req := sampleCreate(t, base, "KEY_1", m.Ready().MerchantID, "user-000001")
	assert.Equal(t, http.StatusServiceUnavailable, send(t, nil, req).status, "answered after the delay, past the read timeout")
}

// TestBodyCutShortIsLoggedAborted: a client that leaves in the middle of
// its body is "aborted" in the log, not the 413 or 400 written to the
// connection it left.
func TestBodyCutShortIsLoggedAborted(t *testing.T) {
	for _, route := range []string{"POST /customers", "POST /__admin/seed"} {
		t.Run(route, func(t *testing.T) {
			m, logs := started(t, Config{APIKey: "KEY_1"})
			path := strings.TrimPrefix(route, "POST ")
			c := rawConn(t, m.Ready().URL, postHead(path, "KEY_1", 1000)+"object_reference_id=")
			time.Sleep(20 * time.Millisecond)
			require.NoError(t, c.Close())
			assert.Equal(t, "aborted", logged(t, logs, route))
		})
	}
}

// TestAdminChecksTheKeyBeforeTheBody: a control request without the key is
// answered 401 before its body arrives: the mock holds nothing of it.
func TestAdminChecksTheKeyBeforeTheBody(t *testing.T) {
	m, _ := started(t, Config{APIKey: "KEY_1"})
	c := rawConn(t, m.Ready().URL, postHead("/__admin/seed", "WRONG", maxBody)+"[")
	rep := readAnswer(t, bufio.NewReader(c))
	assert.Equal(t, http.StatusUnauthorized, rep.status)
	assert.Contains(t, rep.body, "admin routes need Basic auth")
}

// TestBodyGate: a body over smallBody, or of unknown length, waits for a
// slot of the gate, held until its request is answered; a small one, or
// none, does not wait.
func TestBodyGate(t *testing.T) {
	gate := make(chan struct{}, 1)
	entered := make(chan int64, 10)
	release := make(chan struct{})
	h := receiveBodies(time.Minute, gate, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		entered <- r.ContentLength
		if r.Header.Get("X-Hold") != "" {
			<-release
		}
	}))
	ts := httptest.NewServer(h)
	var once sync.Once
	letGo := func() { once.Do(func() { close(release) }) }
	t.Cleanup(ts.Close)
	t.Cleanup(letGo) // first: a held handler returns, so Close does not wait forever
	post := func(body io.Reader, length int64, hold bool) <-chan int {
		done := make(chan int, 1)
		req, err := http.NewRequest(http.MethodPost, ts.URL, body)
		require.NoError(t, err)
		req.ContentLength = length
		if hold {
			req.Header.Set("X-Hold", "1")
		}
		go func() {
			resp, err := (&http.Client{Timeout: waitLimit}).Do(req)
			if err != nil {
				done <- 0
				return
			}
			resp.Body.Close()
			done <- resp.StatusCode
		}()
		return done
	}
	big := strings.Repeat("b", smallBody+1)
	held := post(strings.NewReader(big), smallBody+1, true)
	assert.Equal(t, int64(smallBody+1), within(t, entered), "the first big body takes the slot")

	small := post(strings.NewReader(strings.Repeat("s", smallBody)), smallBody, false)
	assert.Equal(t, int64(smallBody), within(t, entered), "a small body does not wait")
	assert.Equal(t, http.StatusOK, within(t, small))
	none := post(nil, 0, false)
	assert.Equal(t, int64(0), within(t, entered), "no body does not wait")
	assert.Equal(t, http.StatusOK, within(t, none))

	waiting := post(strings.NewReader(big), smallBody+1, false)
	chunked := post(io.MultiReader(strings.NewReader("c")), -1, false)
	select {
	case n := <-entered:
		t.Fatalf("a body of length %d did not wait for the slot", n)
	case <-time.After(100 * time.Millisecond):
	}
	letGo()
	assert.Equal(t, http.StatusOK, within(t, held))
	got := []int64{within(t, entered), within(t, entered)}
	assert.ElementsMatch(t, []int64{smallBody + 1, -1}, got, "both waited, then were served")
	assert.Equal(t, http.StatusOK, within(t, waiting))
	assert.Equal(t, http.StatusOK, within(t, chunked))
	assert.Empty(t, gate, "every slot given back")
}
