package juspay

// The fault suite: retries, Retry-After, odd bodies, broken connections,
// timeouts, the retry-safe create, redirects, bounded reads, connection reuse,
// logging and the default transport. Attempts are counted at the server;
// elapsed times are asserted only as loose bounds.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReliabilityRetryStatus(t *testing.T) {
	t.Run("503 then 200 succeeds on the second attempt", func(t *testing.T) {
		srv := relScripted(t, relStep{status: 503, body: `{"status":"error"}`}, relOK())
		cust, err := relGet(context.Background(), relClient(t, srv.URL))
		require.NoError(t, err)
		assert.Equal(t, "cst_rel0001", cust.ID)
		assert.Equal(t, int32(2), srv.hits.Load())
	})

	for _, code := range []int{500, 502, 503, 504, 408, 429} {
		t.Run(fmt.Sprintf("%d is retried", code), func(t *testing.T) {
			srv := relScripted(t, relStep{status: code, body: `{"status":"error"}`}, relOK())
			_, err := relGet(context.Background(), relClient(t, srv.URL))
			require.NoError(t, err)
			assert.Equal(t, int32(2), srv.hits.Load())
		})
		t.Run(fmt.Sprintf("persistent %d is tried 1+DefaultMaxRetries times", code), func(t *testing.T) {
			srv := relScripted(t, relStep{status: code, body: `{"status":"error"}`})
			_, err := relGet(context.Background(), relClient(t, srv.URL))
			ae := relAPIError(t, err)
			assert.Equal(t, code, ae.HTTPStatus)
			assert.Equal(t, DefaultMaxRetries+1, ae.Attempts)
			assert.Equal(t, int32(DefaultMaxRetries+1), srv.hits.Load())
			assert.True(t, IsRetryable(err))
		})
	}

	for _, tc := range []struct {
		code     int
		body     string
		sentinel error
	}{
		{400, relDuplicateBody, ErrAlreadyExists},
		{401, `{"status":"error","error_code":"access_denied","error_info":{"code":"UNAUTHORIZED"}}`, ErrUnauthorized},
		{403, `{"error":true,"user_message":"Bad Origin.","error_info":{"code":"BAD_ORIGIN"}}`, ErrForbidden},
		{404, relNotFoundBody, ErrNotFound},
		{409, `{"status":"error","error_message":"Conflict"}`, nil},
		{422, `{"status":"error","error_message":"Unprocessable"}`, nil},
	} {
		t.Run(fmt.Sprintf("%d is never retried", tc.code), func(t *testing.T) {
			srv := relScripted(t, relStep{status: tc.code, body: tc.body})
			_, err := relGet(context.Background(), relClient(t, srv.URL, WithMaxRetries(5)))
			ae := relAPIError(t, err)
			assert.Equal(t, tc.code, ae.HTTPStatus)
			assert.Equal(t, 1, ae.Attempts)
			assert.Equal(t, int32(1), srv.hits.Load())
			assert.False(t, IsRetryable(err))
			if tc.sentinel != nil {
				assert.ErrorIs(t, err, tc.sentinel)
			}
		})
	}

	t.Run("WithMaxRetries(0) makes one attempt", func(t *testing.T) {
		srv := relScripted(t, relStep{status: 503, body: `{"status":"error"}`}, relOK())
		_, err := relGet(context.Background(), relClient(t, srv.URL, WithMaxRetries(0)))
		ae := relAPIError(t, err)
		assert.Equal(t, 503, ae.HTTPStatus)
		assert.Equal(t, 1, ae.Attempts)
		assert.Equal(t, int32(1), srv.hits.Load())
		assert.NotContains(t, err.Error(), "attempts")
	})

	t.Run("WithMaxRetries(3) on persistent 503 makes 4 attempts", func(t *testing.T) {
		srv := relScripted(t, relStep{status: 503, body: `{"status":"error","error_message":"down"}`})
		_, err := relGet(context.Background(), relClient(t, srv.URL, WithMaxRetries(3)))
		ae := relAPIError(t, err)
		assert.Equal(t, 503, ae.HTTPStatus)
		assert.Equal(t, 4, ae.Attempts)
		assert.Equal(t, int32(4), srv.hits.Load())
		assert.Contains(t, err.Error(), "after 4 attempts")
		assert.ErrorIs(t, err, ErrServer)
	})
}

func TestReliabilityRetryAfter(t *testing.T) {
	// The two waits of about a second run side by side.
	t.Run("seconds", func(t *testing.T) {
		t.Parallel()
		srv := relScripted(t,
			relStep{status: 429, body: `{"status":"error"}`, header: http.Header{"Retry-After": {"1"}}},
			relOK())
		start := time.Now()
		_, err := relGet(context.Background(), relClient(t, srv.URL))
		elapsed := time.Since(start)
		require.NoError(t, err)
		assert.Equal(t, int32(2), srv.hits.Load())
		assert.GreaterOrEqual(t, elapsed, 900*time.Millisecond, "Retry-After: 1 was not waited for")
		assert.Less(t, elapsed, 5*time.Second)
	})

	t.Run("HTTP date", func(t *testing.T) {
		t.Parallel()
		// The date is whole seconds: 2s ahead, truncated, is 1 to 2 seconds away.
		var n atomic.Int32
		srv := relStart(t, func(w http.ResponseWriter, _ *http.Request) {
			if n.Add(1) == 1 {
				w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
				relWrite(w, 429, `{"status":"error"}`)
				return
			}
			relWrite(w, 200, relCustomerJSON("cst_rel0001", relCustomerID, false))
		})
		start := time.Now()
		_, err := relGet(context.Background(), relClient(t, srv.URL))
		elapsed := time.Since(start)
		require.NoError(t, err)
		assert.Equal(t, int32(2), srv.hits.Load())
		assert.GreaterOrEqual(t, elapsed, 900*time.Millisecond, "the Retry-After date was not waited for")
		assert.Less(t, elapsed, 5*time.Second)
	})

	t.Run("beyond MaxRetryAfter returns at once", func(t *testing.T) {
		t.Parallel()
		srv := relScripted(t, relStep{status: 429, body: `{"status":"error"}`, header: http.Header{"Retry-After": {"3600"}}})
		start := time.Now()
		_, err := relGet(context.Background(), relClient(t, srv.URL))
		assert.Less(t, time.Since(start), time.Second)
		ae := relAPIError(t, err)
		assert.Equal(t, 429, ae.HTTPStatus)
		assert.Equal(t, 1, ae.Attempts)
		assert.Equal(t, int32(1), srv.hits.Load())
		assert.ErrorIs(t, err, ErrRateLimited)
	})

	t.Run("beyond the caller's deadline returns at once", func(t *testing.T) {
		t.Parallel()
		srv := relScripted(t, relStep{status: 429, body: `{"status":"error"}`, header: http.Header{"Retry-After": {"5"}}})
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := relGet(ctx, relClient(t, srv.URL))
		assert.Less(t, time.Since(start), time.Second)
		ae := relAPIError(t, err)
		assert.Equal(t, 429, ae.HTTPStatus)
		assert.Equal(t, int32(1), srv.hits.Load())
		assert.ErrorIs(t, err, ErrRateLimited)
	})
}

func TestReliabilityBodies(t *testing.T) {
	t.Run("500 with an HTML body", func(t *testing.T) {
		html := "<!DOCTYPE html><html><body>" + strings.Repeat("<p>Internal Server Error</p>", 400) + "</body></html>"
		require.Greater(t, len(html), 4<<10)
		srv := relScripted(t, relStep{status: 500, body: html})
		_, err := relGet(context.Background(), relClient(t, srv.URL, WithMaxRetries(0)))
		ae := relAPIError(t, err)
		assert.Equal(t, 500, ae.HTTPStatus)
		assert.Equal(t, []byte(html[:4<<10]), ae.Body, "Body holds the first 4 KiB of the HTML")
		assert.ErrorIs(t, err, ErrServer)
		assert.Empty(t, ae.ErrorCode)
		assert.Equal(t, int32(1), srv.hits.Load())
	})

	t.Run("502 with an empty body", func(t *testing.T) {
		srv := relScripted(t, relStep{status: 502})
		_, err := relGet(context.Background(), relClient(t, srv.URL))
		ae := relAPIError(t, err)
		assert.Equal(t, 502, ae.HTTPStatus)
		assert.Empty(t, ae.Body)
		assert.ErrorIs(t, err, ErrServer)
		assert.Equal(t, int32(DefaultMaxRetries+1), srv.hits.Load(), "a 502 is retried")
	})

	t.Run("400 with truncated JSON", func(t *testing.T) {
		body := `{"error_message":"Customer with given object reference id alr`
		srv := relScripted(t, relStep{status: 400, body: body})
		_, err := relGet(context.Background(), relClient(t, srv.URL))
		ae := relAPIError(t, err)
		assert.Equal(t, 400, ae.HTTPStatus)
		assert.Equal(t, []byte(body), ae.Body)
		assert.Equal(t, int32(1), srv.hits.Load())
	})

	t.Run("200 with truncated JSON", func(t *testing.T) {
		srv := relScripted(t, relStep{status: 200, body: `{"id":"cst_rel0001","object":"cust`})
		cust, err := relGet(context.Background(), relClient(t, srv.URL))
		assert.Nil(t, cust)
		re := relRequestError(t, err)
		assert.Equal(t, 200, re.HTTPStatus)
		var ae *APIError
		assert.False(t, errors.As(err, &ae))
		assert.Equal(t, int32(1), srv.hits.Load(), "a 200 is not retried")
		relNoCustomerID(t, err)
	})
}

// relHijack answers a request by taking over its connection.
func relHijack(t *testing.T, fn func(c net.Conn, rw *bufio.ReadWriter)) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		c, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		fn(c, rw)
	}
}

func TestReliabilityConnectionFaults(t *testing.T) {
	const partial = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{\"id\":\"cst_rel0001\",\"object\":\"cus"

	t.Run("connection closed mid-body", func(t *testing.T) {
		srv := relStart(t, relHijack(t, func(c net.Conn, rw *bufio.ReadWriter) {
			_, _ = rw.WriteString(partial)
			_ = rw.Flush()
			_ = c.Close()
		}))
		cust, err := relGet(context.Background(), relClient(t, srv.URL))
		assert.Nil(t, cust)
		re := relRequestError(t, err)
		assert.Equal(t, 200, re.HTTPStatus)
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
		assert.Equal(t, int32(1), srv.hits.Load(), "an answer came: not retried")
		relNoCustomerID(t, err)
	})

	t.Run("connection reset (RST) mid-body", func(t *testing.T) {
		srv := relStart(t, relHijack(t, func(c net.Conn, rw *bufio.ReadWriter) {
			_, _ = rw.WriteString(partial)
			_ = rw.Flush()
			time.Sleep(20 * time.Millisecond) // let the headers arrive
			if tc, ok := c.(*net.TCPConn); ok {
				_ = tc.SetLinger(0) // close with RST
			}
			_ = c.Close()
		}))
		cust, err := relGet(context.Background(), relClient(t, srv.URL))
		assert.Nil(t, cust)
		relRequestError(t, err)
		relNoCustomerID(t, err)
		assert.LessOrEqual(t, srv.hits.Load(), int32(DefaultMaxRetries+1))
	})

	t.Run("connection closed before any answer is retried", func(t *testing.T) {
		srv := relStart(t, relHijack(t, func(c net.Conn, _ *bufio.ReadWriter) { _ = c.Close() }))
		_, err := relGet(context.Background(), relClient(t, srv.URL))
		re := relRequestError(t, err)
		assert.Equal(t, 0, re.HTTPStatus)
		assert.Equal(t, DefaultMaxRetries+1, re.Attempts)
		assert.Equal(t, int32(DefaultMaxRetries+1), srv.hits.Load())
		relNoCustomerID(t, err)
	})

	for _, retries := range []int{0, 2} {
		t.Run(fmt.Sprintf("connection refused, WithMaxRetries(%d)", retries), func(t *testing.T) {
			var buf bytes.Buffer
			logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c := relClient(t, relRefusedURL(t), WithMaxRetries(retries), WithLogger(logger))
			start := time.Now()
			_, err := relGet(context.Background(), c)
			assert.Less(t, time.Since(start), 2*time.Second)
			re := relRequestError(t, err)
			assert.Equal(t, retries+1, re.Attempts)
			assert.Equal(t, 0, re.HTTPStatus)
			var op *net.OpError
			require.ErrorAs(t, err, &op)
			assert.Equal(t, "dial", op.Op)
			if retries > 0 {
				assert.Contains(t, err.Error(), fmt.Sprintf("after %d attempts", retries+1))
			}
			assert.True(t, IsRetryable(err))
			relNoCustomerID(t, err)
			// Nothing answers a refused dial: count the attempts in the log.
			assert.Equal(t, retries+1, strings.Count(buf.String(), `"msg":"juspay request"`))
		})
	}
}

func TestReliabilityTimeouts(t *testing.T) {
	t.Run("hanging server under a 200ms caller deadline", func(t *testing.T) {
		h := relHangingServer(t)
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := relGet(ctx, relClient(t, h.URL))
		assert.Less(t, time.Since(start), 2*time.Second)
		relRequestError(t, err)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		relNoCustomerID(t, err)
		relEventuallyCount(t, &h.accepted, 1, "attempts after the caller's deadline")
	})

	t.Run("hanging server, WithTimeout(100ms), WithMaxRetries(1), no caller deadline", func(t *testing.T) {
		h := relHangingServer(t)
		start := time.Now()
		_, err := relGet(context.Background(), relClient(t, h.URL, WithTimeout(100*time.Millisecond), WithMaxRetries(1)))
		assert.Less(t, time.Since(start), 3*time.Second)
		re := relRequestError(t, err)
		assert.Equal(t, 2, re.Attempts)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		relNoCustomerID(t, err)
		relEventuallyCount(t, &h.accepted, 2, "attempts")
	})

	t.Run("a backoff wait that would outlast the deadline is not started", func(t *testing.T) {
		srv := relScripted(t, relStep{status: 503, body: `{"status":"error"}`})
		c := relClient(t, srv.URL, WithRetryBackoff(5*time.Second, 5*time.Second))
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := relGet(ctx, c)
		assert.Less(t, time.Since(start), time.Second)
		ae := relAPIError(t, err)
		assert.Equal(t, 503, ae.HTTPStatus)
		// Full jitter may pick a wait short enough to fit; usually it is 1.
		assert.LessOrEqual(t, srv.hits.Load(), int32(DefaultMaxRetries+1))
	})

	t.Run("cancelling the context ends a backoff wait at once", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		srv := relStart(t, func(w http.ResponseWriter, _ *http.Request) {
			time.AfterFunc(50*time.Millisecond, cancel) // once the 503 has arrived
			w.Header().Set("Retry-After", "10")
			relWrite(w, 503, `{"status":"error"}`)
		})
		c := relClient(t, srv.URL)
		start := time.Now()
		_, err := relGet(ctx, c)
		assert.Less(t, time.Since(start), 2*time.Second, "the 10s wait was not cut short")
		assert.ErrorIs(t, err, context.Canceled)
		relRequestError(t, err)
		assert.Equal(t, int32(1), srv.hits.Load())
	})

	t.Run("a cancelled context is not retried", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		srv := relStart(t, func(_ http.ResponseWriter, r *http.Request) {
			cancel()
			<-r.Context().Done()
		})
		_, err := relGet(ctx, relClient(t, srv.URL))
		assert.ErrorIs(t, err, context.Canceled)
		re := relRequestError(t, err)
		assert.Equal(t, 1, re.Attempts)
		assert.Equal(t, int32(1), srv.hits.Load())
	})
}

func TestReliabilityCreateRetry(t *testing.T) {
	for _, tc := range []struct {
		name      string
		firstPost string
		opts      []Option
	}{
		{"stored then 502", "lost502", nil},
		{"stored then timed out", "lostHang", []Option{WithTimeout(150 * time.Millisecond)}},
	} {
		for _, token := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, token %v: the one customer is returned", tc.name, token), func(t *testing.T) {
				s := newRelStore(t, tc.firstPost, 0)
				cust, err := relClient(t, s.URL, tc.opts...).CreateCustomer(context.Background(), relCreateRequest(token))
				require.NoError(t, err)
				assert.Equal(t, 1, s.count(), "exactly one customer exists")
				assert.Equal(t, "cst_rel0001", cust.ID)
				assert.Equal(t, relObjRef, cust.ObjectReferenceID)
				assert.Equal(t, int32(2), s.posts.Load())
				require.Equal(t, int32(1), s.gets.Load(), "the customer is fetched once")
				assert.Equal(t, []string{relObjRef}, s.getRouting, "the GET is routed by object_reference_id")
				if token {
					require.NotNil(t, cust.ClientAuth, "the token asked for is carried")
					assert.Equal(t, relToken, cust.ClientAuth.Token)
					assert.Equal(t, []string{"options.get_client_auth_token=true"}, s.getQueries)
				} else {
					assert.Nil(t, cust.ClientAuth)
				}
			})
		}
	}

	t.Run("first-attempt duplicate stays an error", func(t *testing.T) {
		s := newRelStore(t, "", 0, relObjRef)
		cust, err := relClient(t, s.URL).CreateCustomer(context.Background(), relCreateRequest(true))
		assert.Nil(t, cust)
		ae := relAPIError(t, err)
		assert.Equal(t, 400, ae.HTTPStatus)
		assert.Equal(t, 1, ae.Attempts)
		assert.True(t, IsAlreadyExists(err))
		assert.Equal(t, int32(1), s.posts.Load())
		assert.Equal(t, int32(0), s.gets.Load(), "no GET for the caller's own duplicate")
		assert.Equal(t, 1, s.count())
	})

	t.Run("429 then duplicate stays an error", func(t *testing.T) {
		s := newRelStore(t, "429", 0, relObjRef) // the customer existed before: a 429 never lands
		cust, err := relClient(t, s.URL).CreateCustomer(context.Background(), relCreateRequest(false))
		assert.Nil(t, cust)
		ae := relAPIError(t, err)
		assert.Equal(t, 400, ae.HTTPStatus)
		assert.Equal(t, 2, ae.Attempts)
		assert.True(t, IsAlreadyExists(err))
		assert.Equal(t, int32(2), s.posts.Load())
		assert.Equal(t, int32(0), s.gets.Load())
	})
}

func TestReliabilityRedirects(t *testing.T) {
	for _, code := range []int{307, 302} {
		for _, target := range []string{"same host", "other host"} {
			for _, given := range []bool{false, true} {
				for _, method := range []string{http.MethodGet, http.MethodPost} {
					name := fmt.Sprintf("%d to %s, WithHTTPClient %v, %s", code, target, given, method)
					t.Run(name, func(t *testing.T) {
						other := relStart(t, func(w http.ResponseWriter, _ *http.Request) {
							relWrite(w, 200, relCustomerJSON("cst_other", relObjRef, false))
						})
						var loc string
						srv := relStart(t, func(w http.ResponseWriter, r *http.Request) {
							if r.URL.Path == "/elsewhere" {
								relWrite(w, 200, relCustomerJSON("cst_same", relObjRef, false))
								return
							}
							w.Header().Set("Location", loc)
							w.WriteHeader(code)
						})
						loc = "/elsewhere"
						if target == "other host" {
							loc = other.URL + "/elsewhere"
						}
						var opts []Option
						var hc *http.Client
						if given {
							hc = &http.Client{}
							opts = append(opts, WithHTTPClient(hc))
						}
						c := relClient(t, srv.URL, opts...)
						var err error
						if method == http.MethodGet {
							_, err = relGet(context.Background(), c)
						} else {
							_, err = c.CreateCustomer(context.Background(), relCreateRequest(false))
						}
						ae := relAPIError(t, err)
						assert.Equal(t, code, ae.HTTPStatus)
						assert.Equal(t, loc, ae.Header.Get("Location"))
						assert.Equal(t, int32(1), srv.hits.Load(), "the redirect was followed on the same host")
						assert.Equal(t, int32(0), other.hits.Load(), "the redirect was followed to the other host")
						if given {
							assert.Nil(t, hc.CheckRedirect, "the caller's client was changed")
						}
					})
				}
			}
		}
	}
}

func TestReliabilityLargeBodies(t *testing.T) {
	const hundredMiB = 100 << 20
	for _, tc := range []struct {
		name  string
		total int64
	}{
		{"100 MiB", hundredMiB},
		{"endless", -1},
	} {
		t.Run("200 with a "+tc.name+" body is cut off", func(t *testing.T) {
			h, big := relBigHandler(200, tc.total)
			srv := relStart(t, h)
			start := time.Now()
			cust, err := relGet(context.Background(), relClient(t, srv.URL))
			assert.Less(t, time.Since(start), 5*time.Second)
			assert.Nil(t, cust)
			re := relRequestError(t, err)
			assert.Equal(t, 200, re.HTTPStatus)
			assert.ErrorIs(t, err, ErrResponseTooLarge)
			assert.Equal(t, int32(1), srv.hits.Load())
			relWaitWriteFailed(t, big, tc.total)
		})
	}

	t.Run("502 with an endless body", func(t *testing.T) {
		h, big := relBigHandler(502, -1)
		srv := relStart(t, h)
		start := time.Now()
		_, err := relGet(context.Background(), relClient(t, srv.URL, WithMaxRetries(0)))
		assert.Less(t, time.Since(start), 5*time.Second)
		ae := relAPIError(t, err)
		assert.Equal(t, 502, ae.HTTPStatus)
		assert.Len(t, ae.Body, 4<<10, "Body is capped at 4 KiB")
		assert.ErrorIs(t, err, ErrServer)
		relWaitWriteFailed(t, big, -1)
	})
}

func TestReliabilityConnectionReuse(t *testing.T) {
	t.Run("20 serial calls use one connection", func(t *testing.T) {
		srv := relScripted(t, relOK())
		c := relClient(t, srv.URL)
		for i := 0; i < 20; i++ {
			_, err := relGet(context.Background(), c)
			require.NoError(t, err)
		}
		assert.Equal(t, int32(20), srv.hits.Load())
		assert.Equal(t, int32(1), srv.newConns.Load())
	})

	t.Run("short error bodies are drained: 20 serial 404s and 503s use one connection", func(t *testing.T) {
		var n atomic.Int32
		srv := relStart(t, func(w http.ResponseWriter, _ *http.Request) {
			if n.Add(1)%2 == 0 {
				relWrite(w, 503, "<html><body>"+strings.Repeat("busy ", 200)+"</body></html>")
				return
			}
			relWrite(w, 404, relNotFoundBody)
		})
		c := relClient(t, srv.URL, WithMaxRetries(0))
		for i := 0; i < 20; i++ {
			_, err := relGet(context.Background(), c)
			relAPIError(t, err)
		}
		assert.Equal(t, int32(20), srv.hits.Load())
		assert.Equal(t, int32(1), srv.newConns.Load())
	})

	// net/http does not cancel a dial that a freed connection made needless:
	// the dialled one joins the idle pool. So under load a few more than 64
	// connections may open (seen: up to ~75 with -race, ~100 without), but
	// with a pool big enough none is closed. With net/http's 2 idle per host,
	// ~500 open and nearly all are closed again.
	t.Run("64 goroutines x 20 calls do not churn connections", func(t *testing.T) {
		const workers, calls, slack = 64, 20, 8
		srv := relScripted(t, relOK())
		c := relClient(t, srv.URL) // no WithHTTPClient: the default transport
		var (
			wg       sync.WaitGroup
			failures atomic.Int32
			firstErr atomic.Value
		)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < calls; i++ {
					if _, err := relGet(context.Background(), c); err != nil {
						failures.Add(1)
						firstErr.CompareAndSwap(nil, err.Error())
					}
				}
			}()
		}
		wg.Wait()
		assert.Zero(t, failures.Load(), "first error: %v", firstErr.Load())
		assert.Equal(t, int32(workers*calls), srv.hits.Load())
		assert.LessOrEqual(t, srv.closedConns.Load(), int32(slack), "connections churn: closed during the run")
		assert.LessOrEqual(t, srv.newConns.Load(), int32(2*workers), "connections churn: opened")
	})
}

func TestReliabilityLogging(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))

	s := newRelStore(t, "", 1, relCustomerID) // the first GET meets a 503
	c := relClient(t, s.URL, WithLogger(logger))
	ctx := context.Background()

	// Success, with a token.
	cust, err := c.CreateCustomer(ctx, relCreateRequest(true))
	require.NoError(t, err)
	require.NotNil(t, cust.ClientAuth)
	require.Equal(t, relToken, cust.ClientAuth.Token)
	// The caller's duplicate: a 400.
	_, err = c.CreateCustomer(ctx, relCreateRequest(true))
	require.True(t, IsAlreadyExists(err))
	// 503 then 200.
	_, err = c.GetCustomer(ctx, &GetCustomerRequest{CustomerID: relCustomerID, GetClientAuthToken: true})
	require.NoError(t, err)
	// A transport error, retried once.
	refused := relClient(t, relRefusedURL(t), WithLogger(logger), WithMaxRetries(1))
	_, err = refused.GetCustomer(ctx, &GetCustomerRequest{CustomerID: relCustomerID})
	relRequestError(t, err)

	type rec struct {
		call, method, path string
		attempt, status    int
	}
	wantDebug := []rec{
		{"CreateCustomer", "POST", "/customers", 1, 200},
		{"CreateCustomer", "POST", "/customers", 1, 400},
		{"GetCustomer", "GET", "/customers/{id}", 1, 503},
		{"GetCustomer", "GET", "/customers/{id}", 2, 200},
		{"GetCustomer", "GET", "/customers/{id}", 1, 0},
		{"GetCustomer", "GET", "/customers/{id}", 2, 0},
	}
	wantWarn := []rec{
		{"GetCustomer", "GET", "/customers/{id}", 1, 503},
		{"GetCustomer", "GET", "/customers/{id}", 1, 0},
	}
	require.Equal(t, int(s.posts.Load()+s.gets.Load())+2, len(wantDebug), "one Debug record per attempt")

	var gotDebug, gotWarn []rec
	for _, r := range relParseLog(t, buf.Bytes()) {
		num := func(k string) int {
			f, ok := r[k].(float64)
			assert.True(t, ok, "field %q missing or not a number in %v", k, r)
			return int(f)
		}
		str := func(k string) string {
			v, ok := r[k].(string)
			assert.True(t, ok, "field %q missing or not a string in %v", k, r)
			return v
		}
		got := rec{str("call"), str("method"), str("path"), num("attempt"), num("status")}
		switch {
		case r["msg"] == "juspay request" && r["level"] == "DEBUG":
			num("duration")
			gotDebug = append(gotDebug, got)
			if got.status == 400 {
				assert.Equal(t, "unique", r["error_code"])
			}
		case r["msg"] == "juspay retry" && r["level"] == "WARN":
			num("wait")
			gotWarn = append(gotWarn, got)
		default:
			t.Errorf("unexpected log record %v", r)
		}
	}
	assert.Equal(t, wantDebug, gotDebug)
	assert.Equal(t, wantWarn, gotWarn)

	logText := buf.String()
	lower := strings.ToLower(logText)
	for _, secret := range []string{
		relAPIKey,
		base64.StdEncoding.EncodeToString([]byte(relAPIKey + ":")),
		base64.StdEncoding.EncodeToString([]byte(relAPIKey)),
		relToken,
		relEmail, "priya.sharma%40example.org", "priya.sharma",
		relMobile,
		relObjRef,
		relCustomerID, "jane.doe%40example.com", "jane.doe",
		relFirstName,
		"object_reference_id=", "mobile_number=", "email_address=", "first_name=", "get_client_auth_token",
	} {
		assert.NotContains(t, logText, secret, "the log leaks a secret")
	}
	for _, s := range []string{"authorization", "basic "} {
		assert.NotContains(t, lower, s, "the log mentions the Authorization header")
	}

	t.Run("WithLogger(nil) does not panic", func(t *testing.T) {
		s := newRelStore(t, "lost502", 1, relCustomerID)
		c := relClient(t, s.URL, WithLogger(nil))
		require.NotPanics(t, func() {
			_, err := c.CreateCustomer(ctx, relCreateRequest(true))
			require.NoError(t, err)
			_, err = c.GetCustomer(ctx, &GetCustomerRequest{CustomerID: relCustomerID})
			require.NoError(t, err)
			_, err = relGet(ctx, relClient(t, relRefusedURL(t), WithLogger(nil), WithMaxRetries(1)))
			relRequestError(t, err)
		})
	})
}

func TestReliabilityDefaultTransport(t *testing.T) {
	t.Run("settings", func(t *testing.T) {
		c, err := NewClient(relAPIKey, relMerchantID)
		require.NoError(t, err)
		require.NotNil(t, c.hc.CheckRedirect, "the default client must refuse redirects")
		dt, ok := c.hc.Transport.(*defaultTransport)
		require.True(t, ok, "transport is %T", c.hc.Transport)
		require.NotNil(t, dt.own, "http.DefaultTransport was not an *http.Transport")
		own := dt.own
		require.NotNil(t, own.TLSClientConfig)
		assert.Equal(t, uint16(tls.VersionTLS12), own.TLSClientConfig.MinVersion)
		assert.GreaterOrEqual(t, own.MaxIdleConnsPerHost, 64)
		assert.GreaterOrEqual(t, own.MaxIdleConns, own.MaxIdleConnsPerHost)
		assert.NotNil(t, own.Proxy, "proxy from the environment")
		assert.True(t, own.ForceAttemptHTTP2)
		assert.NotSame(t, http.DefaultTransport, own, "http.DefaultTransport itself was tuned")
		if base, ok := http.DefaultTransport.(*http.Transport); ok {
			assert.NotEqual(t, own.MaxIdleConnsPerHost, base.MaxIdleConnsPerHost, "http.DefaultTransport was tuned in place")
		}
	})

	t.Run("a TLS 1.1 server is refused, and not retried", func(t *testing.T) {
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			relWrite(w, 200, relCustomerJSON("cst_rel0001", relCustomerID, false))
		}))
		var handshakes atomic.Int32
		srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				handshakes.Add(1)
			}
		}
		srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the failed handshakes
		srv.TLS = &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}
		srv.StartTLS()
		t.Cleanup(srv.Close)

		// Control: the server does speak TLS 1.1 to a client that allows it.
		ctl := srv.Client()
		tr := ctl.Transport.(*http.Transport).Clone()
		tr.TLSClientConfig.MinVersion = tls.VersionTLS10
		ctl.Transport = tr
		resp, err := ctl.Get(srv.URL)
		require.NoError(t, err, "control: the test server does not speak TLS 1.1")
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		require.Equal(t, uint16(tls.VersionTLS11), resp.TLS.Version)
		tr.CloseIdleConnections()
		before := handshakes.Load()

		c := relClient(t, srv.URL) // the default transport
		_, err = relGet(context.Background(), c)
		re := relRequestError(t, err)
		assert.Contains(t, err.Error(), "protocol version")
		assert.Equal(t, 0, re.HTTPStatus)
		assert.Equal(t, 1, re.Attempts, "a TLS failure is not retried")
		assert.False(t, IsRetryable(err))
		relEventuallyCount(t, &handshakes, before+1, "TLS handshakes")
		relNoCustomerID(t, err)
	})
}
