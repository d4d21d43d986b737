package load

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Target is a running juspay-mock: its first line's url, api_key and
// merchant_id. Only plain HTTP on loopback is driven.
type Target struct {
	URL        string `json:"url"`
	APIKey     string `json:"api_key"`
	MerchantID string `json:"merchant_id"`
}

// addr is the host:port of t's URL.
func (t Target) addr() (string, error) {
	u, err := url.Parse(t.URL)
	if err != nil {
		return "", err
	}
	if u.Scheme != "http" {
		return "", fmt.Errorf("load drives plain http only, not %q", u.Scheme)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return "", fmt.Errorf("load drives loopback only, not %q", host)
	}
	return u.Host, nil
}

// dial opens a TCP connection to t.
func (t Target) dial(ctx context.Context) (net.Conn, error) {
	addr, err := t.addr()
	if err != nil {
		return nil, err
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", addr)
}

// head is the start of a request to t: request line, Host, and the key and
// merchant id when withKey; more is added as is (each line ending "\r\n"),
// then the blank line.
func (t Target) head(method, path string, withKey bool, more string) []byte {
	var b bytes.Buffer
	host, _ := t.addr()
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, path, host)
	if withKey {
		fmt.Fprintf(&b, "Authorization: Basic %s\r\nx-merchantid: %s\r\n",
			base64.StdEncoding.EncodeToString([]byte(t.APIKey+":")), t.MerchantID)
	}
	b.WriteString(more)
	b.WriteString("\r\n")
	return b.Bytes()
}

// Outcomes counts how requests ended: by status ("200", "431"), or
// "refused" when the connection ended before an answer.
type Outcomes struct {
	mu sync.Mutex
	n  map[string]int
}

func (o *Outcomes) add(k string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.n == nil {
		o.n = map[string]int{}
	}
	o.n[k]++
}

// Count is how many requests ended as k.
func (o *Outcomes) Count(k string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.n[k]
}

// String lists the outcomes, e.g. "200×5 refused×1".
func (o *Outcomes) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var parts []string
	for k, n := range o.n {
		parts = append(parts, fmt.Sprintf("%s×%d", k, n))
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}

// readAnswer reads one answer from br and tells its status.
func readAnswer(br *bufio.Reader) (string, error) {
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return "refused", err
	}
	_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<20))
	resp.Body.Close()
	return strconv.Itoa(resp.StatusCode), err
}

// StallBodies opens n connections to t at once, each sending a POST
// /customers that announces a 1 MiB body and then sends all of it but the
// last byte: the reproduction of issue 28's first point. It returns the
// connections, still open (the caller closes them), once every one has sent
// what it could; out counts "stalled" (all sent, no answer), or the
// answer's status when the server answered (and so did not wait for the
// body), or "refused".
func StallBodies(ctx context.Context, t Target, n int, withKey bool) ([]net.Conn, *Outcomes, error) {
	body := bytes.Repeat([]byte("a"), MiB-1)
	head := t.head(http.MethodPost, "/customers", withKey,
		"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "+strconv.Itoa(MiB)+"\r\n")
	out := &Outcomes{}
	conns := make([]net.Conn, n)
	var wg sync.WaitGroup
	var dialErr error
	var mu sync.Mutex
	for i := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := t.dial(ctx)
			if err != nil {
				mu.Lock()
				dialErr = err
				mu.Unlock()
				return
			}
			conns[i] = c
			deadline := time.Now().Add(10 * time.Second)
			_ = c.SetDeadline(deadline)
			_, werr := c.Write(append(head[:len(head):len(head)], body...))
			// An answer already there means the server did not wait for the body.
			_ = c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
			status, rerr := readAnswer(bufio.NewReader(c))
			switch {
			case rerr == nil:
				out.add(status)
			case werr != nil:
				out.add("refused")
			default:
				out.add("stalled")
			}
			_ = c.SetDeadline(time.Time{})
		}()
	}
	wg.Wait()
	var open []net.Conn
	for _, c := range conns {
		if c != nil {
			open = append(open, c)
		}
	}
	return open, out, dialErr
}

// IdleConns opens n keep-alive connections to t, sends one request on each
// (GET /customers/{id} with the key: an answer, then the connection stays
// open) and returns them open.
func IdleConns(ctx context.Context, t Target, n int) ([]net.Conn, error) {
	req := t.head(http.MethodGet, "/customers/load-idle", true, "")
	conns := make([]net.Conn, 0, n)
	for range n {
		c, err := t.dial(ctx)
		if err != nil {
			return conns, err
		}
		conns = append(conns, c)
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := c.Write(req); err != nil {
			return conns, err
		}
		if _, err := readAnswer(bufio.NewReader(c)); err != nil {
			return conns, err
		}
		_ = c.SetDeadline(time.Time{})
	}
	return conns, nil
}

// StillOpen counts the connections the server has not closed: a read that
// times out after a few milliseconds finds it open, an end of file or a
// reset closed.
func StillOpen(conns []net.Conn) int {
	open := 0
	b := make([]byte, 1)
	for _, c := range conns {
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Millisecond))
		_, err := c.Read(b)
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			open++
		}
	}
	return open
}

// CloseAll closes conns.
func CloseAll(conns []net.Conn) {
	for _, c := range conns {
		_ = c.Close()
	}
}

// HeaderShape is how a request carries its big header block.
type HeaderShape int

const (
	// OneBigHeader is one header "X-Big" of the size asked for.
	OneBigHeader HeaderShape = iota
	// ManySmallHeaders is short header lines ("X-H000001: v"), each a
	// header of its own, up to the size asked for: the most a header map
	// costs.
	ManySmallHeaders
)

func (s HeaderShape) String() string {
	if s == OneBigHeader {
		return "one big header"
	}
	return "small headers"
}

// bigHeaders is header lines of shape, about size bytes.
func bigHeaders(shape HeaderShape, size int) string {
	if shape == OneBigHeader {
		return "X-Big: " + strings.Repeat("h", size) + "\r\n"
	}
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "X-H%06d: v\r\n", i)
	}
	return b.String()
}

// BigHeaders sends n requests (GET /customers/{id}) of about size bytes of
// headers each to t (issue 28 sends 1 MB), from conc connections at once,
// each kept alive while the server keeps it; it returns their outcomes.
func BigHeaders(ctx context.Context, t Target, n, conc int, withKey bool, shape HeaderShape, size int) (*Outcomes, error) {
	req := t.head(http.MethodGet, "/customers/load-big", withKey, bigHeaders(shape, size))
	out := &Outcomes{}
	jobs := make(chan struct{}, n)
	for range n {
		jobs <- struct{}{}
	}
	close(jobs)
	var wg sync.WaitGroup
	errs := make(chan error, conc)
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c net.Conn
			var br *bufio.Reader
			defer func() {
				if c != nil {
					c.Close()
				}
			}()
			for range jobs {
				if ctx.Err() != nil {
					errs <- ctx.Err()
					return
				}
				if c == nil {
					var err error
					if c, err = t.dial(ctx); err != nil {
						errs <- err
						return
					}
					br = bufio.NewReader(c)
				}
				_ = c.SetDeadline(time.Now().Add(20 * time.Second))
				_, werr := c.Write(req)
				status, rerr := readAnswer(br)
				out.add(status)
				if werr != nil || rerr != nil || status == "431" || status == "400" {
					c.Close() // the server closes it after such an answer
					c = nil
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return out, <-errs
}

// Answers reads one answer from each of conns at once, waiting up to
// timeout, and counts them by status ("refused" when none came).
func Answers(conns []net.Conn, timeout time.Duration) *Outcomes {
	out := &Outcomes{}
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = c.SetReadDeadline(time.Now().Add(timeout))
			status, _ := readAnswer(bufio.NewReader(c))
			out.add(status)
		}()
	}
	wg.Wait()
	return out
}
