package main

// These tests start the real program, built once per test binary, as a test
// in another language would: on 127.0.0.1:0, reading its first line.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/internal/mock"
)

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// binary builds the program once and returns its path.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "juspay-mock-test-"); buildErr != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", buildDir, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	require.NoError(t, buildErr)
	name := "juspay-mock"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return filepath.Join(buildDir, name)
}

// process is the program running.
type process struct {
	cmd            *exec.Cmd
	stdout, stderr output
	exited         chan struct{} // closed once it exited; then exitCode is set
	exitCode       int
	ready          mock.Ready
}

// launch starts the program with args.
func launch(t *testing.T, args ...string) *process {
	t.Helper()
	return launchWith(t, nil, args...)
}

// launchWith starts the program with args, after setup (when not nil) has
// changed its command: its environment, or its stdout or stderr.
func launchWith(t *testing.T, setup func(*exec.Cmd), args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(binary(t), args...), exited: make(chan struct{})}
	stdout, stderr := newOutput(t, "stdout"), newOutput(t, "stderr")
	p.cmd.Stdout, p.cmd.Stderr = stdout, stderr
	p.stdout, p.stderr = output(stdout.Name()), output(stderr.Name())
	if setup != nil {
		setup(p.cmd)
	}
	require.NoError(t, p.cmd.Start())
	go func() {
		_ = p.cmd.Wait()
		p.exitCode = p.cmd.ProcessState.ExitCode()
		close(p.exited)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.exited
	})
	return p
}

// startMock starts the program on 127.0.0.1:0 with args and waits for its
// first line. At the end of the test it stops it and checks that its log
// never held the key.
func startMock(t *testing.T, args ...string) *process {
	t.Helper()
	return startMockWith(t, nil, args...)
}

// startMockWith is startMock with launchWith's setup.
func startMockWith(t *testing.T, setup func(*exec.Cmd), args ...string) *process {
	t.Helper()
	p := launchWith(t, setup, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	require.Eventually(t, func() bool {
		select {
		case <-p.exited:
			return true
		default:
			return strings.Contains(p.stdout.String(), "\n")
		}
	}, 10*time.Second, 5*time.Millisecond)
	first, _, _ := strings.Cut(p.stdout.String(), "\n")
	require.NotEmpty(t, first, "no first line; stderr: %s", p.stderr.String())
	require.NoError(t, json.Unmarshal([]byte(first), &p.ready))
	t.Cleanup(func() {
		p.terminate(t)
		for _, secret := range []string{p.ready.APIKey, basic(p.ready.APIKey + ":"), basic(p.ready.APIKey)} {
			assert.NotContains(t, p.stderr.String(), secret, "the log holds the key")
		}
		assert.Equal(t, first+"\n", p.stdout.String(), "nothing on stdout but the first line")
	})
	return p
}

// terminate sends SIGTERM (a kill on Windows) and returns the exit status.
func (p *process) terminate(t *testing.T) int {
	t.Helper()
	if runtime.GOOS == "windows" {
		_ = p.cmd.Process.Kill()
	} else {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
	}
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10s after SIGTERM; stderr: %s", p.stderr.String())
	}
	return p.exitCode
}

// runToEnd runs the program with args and waits for it to exit by itself.
func runToEnd(t *testing.T, args ...string) *process {
	t.Helper()
	p := launch(t, args...)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		t.Fatalf("still running after 10s; stderr: %s", p.stderr.String())
	}
	return p
}

func TestBinaryAnswersThePageSample(t *testing.T) {
	p := startMock(t)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, p.ready.URL, "the real port")
	assert.Regexp(t, `^[0-9A-F]{32}$`, p.ready.APIKey, "random, as juspaytest makes it")
	assert.Regexp(t, `^merchant_[0-9a-z]{8}$`, p.ready.MerchantID)

	rep := p.create(t, nil, p.ready.APIKey, "customer@gmail.com")
	require.Equal(t, http.StatusOK, rep.status, rep.body)
	cust := jsonObject(t, rep.body)
	assert.Regexp(t, `^cth_`, cust["id"])
	assert.Equal(t, "customer", cust["object"])
	assert.Equal(t, "customer@gmail.com", cust["object_reference_id"])
	assert.Equal(t, "Smith", cust["last_name"])
	assert.Regexp(t, `^tkn_[0-9a-f]{32}$`, cust["juspay"].(map[string]any)["client_auth_token"])

	assert.Equal(t, http.StatusUnauthorized, p.create(t, nil, "WRONG", "someone@gmail.com").status)
	got := call(t, nil, http.MethodGet, p.ready.URL+"/customers/customer@gmail.com", p.ready.APIKey, "", "x-merchantid", p.ready.MerchantID)
	assert.Equal(t, http.StatusOK, got.status, got.body)
	require.Eventually(t, func() bool { return strings.Contains(p.stderr.String(), " GET /customers/{id} 200 ") }, 5*time.Second, 5*time.Millisecond)
	assert.NotContains(t, p.stderr.String(), "customer@gmail.com", "the route's template, never the id")
	require.Eventually(t, func() bool { return strings.Contains(p.stderr.String(), " POST /customers 401 ") }, 5*time.Second, 5*time.Millisecond)
	assert.Contains(t, p.stderr.String(), " POST /customers 200 ")
}

func TestBinaryFixedCredentials(t *testing.T) {
	p := startMock(t, "-api-key", "TEST_KEY_123", "-merchant-id", "merchant_test")
	assert.Equal(t, "TEST_KEY_123", p.ready.APIKey)
	assert.Equal(t, "merchant_test", p.ready.MerchantID)
	assert.Equal(t, http.StatusOK, p.create(t, nil, "TEST_KEY_123", "user-000001").status)
}

func TestBinaryFaultsSeenByClients(t *testing.T) {
	p := startMock(t)
	key := p.ready.APIKey

	t.Run("a 503 the SDK retries past", func(t *testing.T) {
		p.admin(t, nil, "POST", "/__admin/faults", `{"route":"POST /customers","status":503}`)
		c := p.client(t, nil)
		cust, err := c.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{ObjectReferenceID: "user-000001", MobileNumber: "9988776655"})
		require.NoError(t, err)
		assert.Equal(t, "user-000001", cust.ObjectReferenceID)
		var got struct {
			Requests []struct {
				Faulted bool `json:"faulted"`
			} `json:"requests"`
		}
		require.NoError(t, json.Unmarshal([]byte(p.admin(t, nil, "GET", "/__admin/requests?route=POST%20/customers", "")), &got))
		require.Len(t, got.Requests, 2)
		assert.True(t, got.Requests[0].Faulted)
		assert.False(t, got.Requests[1].Faulted)
	})
	t.Run("a 429 with Retry-After, then served", func(t *testing.T) {
		p.admin(t, nil, "POST", "/__admin/reset", "")
		p.admin(t, nil, "POST", "/__admin/faults", `{"route":"POST /customers","status":429,"headers":{"Retry-After":"1"}}`)
		rep := p.create(t, nil, key, "user-000002")
		assert.Equal(t, http.StatusTooManyRequests, rep.status)
		assert.Equal(t, "1", rep.header.Get("Retry-After"))
		assert.Equal(t, http.StatusOK, p.create(t, nil, key, "user-000002").status)
	})
	t.Run("the SDK gives up on a 503 always", func(t *testing.T) {
		p.admin(t, nil, "POST", "/__admin/faults", `{"route":"GET /customers/{id}","status":503,"count":"always"}`)
		c := p.client(t, nil)
		_, err := c.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: "user-000002"})
		var apiErr *juspay.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusServiceUnavailable, apiErr.HTTPStatus)
		p.admin(t, nil, "DELETE", "/__admin/faults", "")
		_, err = c.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: "user-000002"})
		assert.NoError(t, err)
	})
}

func TestBinaryTLS(t *testing.T) {
	p := startMock(t, "-tls")
	assert.Regexp(t, `^https://127\.0\.0\.1:\d+$`, p.ready.URL)
	caPEM, err := os.ReadFile(p.ready.CACert)
	require.NoError(t, err)
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(caPEM))
	trusting := &http.Client{Timeout: waitLimit, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}

	rep := p.create(t, trusting, p.ready.APIKey, "user-000001")
	assert.Equal(t, http.StatusOK, rep.status, rep.body)
	c := p.client(t, trusting)
	cust, err := c.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: "user-000001"})
	require.NoError(t, err)
	assert.Equal(t, "user-000001", cust.ObjectReferenceID)

	_, err = (&http.Client{Timeout: waitLimit}).Get(p.ready.URL + "/customers/user-000002")
	var unknownCA x509.UnknownAuthorityError
	assert.ErrorAs(t, err, &unknownCA, "a client that does not trust the CA")
	_, err = p.client(t, nil).
		GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: "user-000001"})
	assert.ErrorAs(t, err, &unknownCA)
}

func TestBinaryStopsOnSIGTERM(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	p := startMock(t, "-tls")
	require.FileExists(t, p.ready.CACert)
	caPEM, err := os.ReadFile(p.ready.CACert)
	require.NoError(t, err)
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(caPEM))
	client := &http.Client{Timeout: waitLimit, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}

	// A request held by a long delay ends when the server stops.
	p.admin(t, client, "POST", "/__admin/faults", `{"route":"GET /customers/{id}","delay":"1m"}`)
	held := make(chan error, 1)
	go func() {
		_, err := client.Get(p.ready.URL + "/customers/user-000001")
		held <- err
	}()
	require.Eventually(t, func() bool {
		return strings.Contains(p.admin(t, client, "GET", "/__admin/requests", ""), `"faulted":true`)
	}, 5*time.Second, 5*time.Millisecond)

	start := time.Now()
	assert.Equal(t, 0, p.terminate(t))
	assert.Less(t, time.Since(start), 3*time.Second)
	assert.Error(t, within(t, held), "the held request got no answer")
	assert.NoFileExists(t, p.ready.CACert)
	log := p.stderr.String()
	assert.Regexp(t, `(?m)^\d\d:\d\d:\d\d\.\d{6} listening on `+p.ready.URL+`$`, log)
	assert.Regexp(t, `(?m)^\S+ GET /customers/\{id\} aborted \S+$`, log)
	assert.Regexp(t, `(?m)^\S+ stopping\n(.*\n)*\S+ stopped\n\z`, log, "stopped is the last line")
}

func TestBinaryFailsToStart(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = busy.Close() })
	dir := t.TempDir()
	seed := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		return path
	}
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"a port in use", []string{"-addr", busy.Addr().String()}, "juspay-mock: listen tcp " + busy.Addr().String() + ": "},
		{"a port in use, with -tls", []string{"-addr", busy.Addr().String(), "-tls"}, "juspay-mock: listen tcp "},
		{"no seed file", []string{"-seed", filepath.Join(dir, "missing.json")}, "juspay-mock: stat " + filepath.Join(dir, "missing.json") + ": "},
		{"a seed that is not JSON", []string{"-seed", seed("syntax.json", "{\"customers\": [\n  {\"object_reference_id\": \"a\",}\n]}")},
			"juspay-mock: seed " + filepath.Join(dir, "syntax.json") + ": line 2, column 31: invalid character '}'"},
		{"a seed without object_reference_id", []string{"-seed", seed("noref.json", `[{"mobile_number":"9988776655"}]`)},
			": customers[0]: object_reference_id is missing or empty"},
		{"a seed with a duplicate", []string{"-seed", seed("dup.json", `[{"object_reference_id":"user-000001"},{"object_reference_id":"user-000001"}]`)},
			": customers[1]: juspaytest: AddCustomer: object_reference_id already exists"},
		{"a seed with bad metadata", []string{"-seed", seed("meta.json", `[{"object_reference_id":"user-000001","cards":[{"metadata":"x"}]}]`)},
			": customers[0]: cards[0]: juspaytest: AddCard: bad Metadata"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"-addr", "127.0.0.1:0"}, tt.args...)
			p := runToEnd(t, args...)
			assert.Equal(t, 1, p.exitCode)
			assert.Empty(t, p.stdout.String())
			stderr := p.stderr.String()
			assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
			assert.True(t, strings.HasSuffix(stderr, "\n"))
			assert.Contains(t, stderr, tt.wantErr)
		})
	}
}

func TestBinarySeedsFromFileAndAdmin(t *testing.T) {
	// Juspay's own samples, pasted: Create Customer's answer, List Cards'
	// answer as "cards", List Wallets' answer as "wallets".
	seed := `{"customers": [
	  {"id": "cst_afdeuvmfhs3j1acm", "object": "customer", "object_reference_id": "customer@gmail.com",
	   "mobile_country_code": "91", "mobile_number": "9988776655", "email_address": "customer@gmail.com",
	   "first_name": "John", "last_name": "Smith",
	   "date_created": "2020-03-17T14:13:37Z", "last_updated": "2020-03-17T14:13:37Z",
	   "cards": {"customer_id": "customer_id", "merchantId": "merchant_id", "cards": [{
	     "expired": false, "card_issuer_country": "INDIA", "name_on_card": "Juspay",
	     "card_reference": "token_4149513e22e2e58ead99e1ecdd541f10", "card_token": "tkn_1b6fcc1015944fdfb5020a92x4fa1f91",
	     "card_issuer": "SBI", "card_brand": "VISA", "card_number": "XXXX-XXXXXXXX-1449",
	     "card_fingerprint": "27po8sn3gehxumesqx9oi6xmv9", "extended_card_type": "CREDIT", "card_type": "CREDIT",
	     "token": {"last_four_digits": "5937", "par": "V0010013820031519535347554746", "tokenization_status": "ACTIVE",
	               "expiry_year": "2025", "expiry_month": "01"},
	     "card_isin": "461119", "juspay_bank_code": "JP_SBI", "metadata": {"origin_merchant_id": "your_merchantID"},
	     "card_exp_year": "2025", "provider": "VISA", "card_exp_month": "01"}]},
	   "wallets": {"list": [
	     {"wallet": "MOBIKWIK", "token": "tk_bkc87beikjcnlblc87asa897sb8anisjkl8b", "last_refreshed": "2023-09-11T08:29:47Z",
	      "juspay_bank_code": "JP_MOBIKWIK", "object": "wallet_account", "id": "wlm_Giuln7b8Uy78uyhjI",
	      "current_balance": 100.50, "linked": true},
	     {"wallet": "PAYTM", "token": null, "current_balance": null, "last_refreshed": null, "id": "wlm_unlinked",
	      "linked": false, "metadata": {"mobile_number": "9999999999"}, "gateway_reference_id": null}],
	     "offset": 0, "count": 2, "total": 2, "object": "list"}}
	]}`
	path := filepath.Join(t.TempDir(), "customers.json")
	require.NoError(t, os.WriteFile(path, []byte(seed), 0o600))
	p := startMock(t, "-seed", path)
	ctx := context.Background()
	c := p.client(t, nil)

	cust, err := c.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: "customer@gmail.com"})
	require.NoError(t, err)
	assert.Equal(t, "cst_afdeuvmfhs3j1acm", cust.ID)
	assert.Equal(t, time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC), cust.DateCreated)
	cards, err := c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: "cst_afdeuvmfhs3j1acm"})
	require.NoError(t, err)
	require.Len(t, cards.Cards, 1)
	assert.Equal(t, "XXXX-XXXXXXXX-1449", cards.Cards[0].Number)
	assert.Equal(t, "tkn_1b6fcc1015944fdfb5020a92x4fa1f91", cards.Cards[0].Token)
	wallets, err := c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: "customer@gmail.com"})
	require.NoError(t, err)
	require.Len(t, wallets.Wallets, 2)
	assert.Equal(t, juspay.Decimal("100.50"), wallets.Wallets[0].CurrentBalance)
	assert.False(t, wallets.Wallets[1].Linked)
	assert.Empty(t, wallets.Wallets[1].CurrentBalance)

	// Over the control routes: a new customer with a card, and a wallet for
	// one created through the API.
	p.admin(t, nil, "POST", "/__admin/seed", `[{"object_reference_id":"user-000002","cards":[{"card_brand":"MASTERCARD"}]}]`)
	_, err = c.CreateCustomer(ctx, &juspay.CreateCustomerRequest{ObjectReferenceID: "user-000003", MobileNumber: "9988776655"})
	require.NoError(t, err)
	p.admin(t, nil, "POST", "/__admin/customers/user-000003/wallets", `[{"wallet":"AMAZONPAY","linked":true,"current_balance":7}]`)

	cards, err = c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: "user-000002"})
	require.NoError(t, err)
	require.Len(t, cards.Cards, 1)
	assert.Equal(t, "MASTERCARD", cards.Cards[0].Brand)
	wallets, err = c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: "user-000003"})
	require.NoError(t, err)
	require.Len(t, wallets.Wallets, 1)
	assert.Equal(t, juspay.Decimal("7"), wallets.Wallets[0].CurrentBalance)
	assert.NotEmpty(t, wallets.Wallets[0].Token)

	var list struct {
		Customers []struct {
			ObjectReferenceID string `json:"object_reference_id"`
		} `json:"customers"`
	}
	require.NoError(t, json.Unmarshal([]byte(p.admin(t, nil, "GET", "/__admin/customers", "")), &list))
	require.Len(t, list.Customers, 3)
	assert.Equal(t, "user-000003", list.Customers[2].ObjectReferenceID)
}

// TestBinaryTLSForCompose runs the program as the compose recipe of
// cmd/juspay-mock/README.md does: every interface, a service name in the
// certificate, the CA written where a volume shares it, kept after exit. A
// dialer stands in for the compose network (curl --resolve).
func TestBinaryTLSForCompose(t *testing.T) {
	caOut := filepath.Join(t.TempDir(), "ca.pem")
	p := startMock(t, "-tls", "-tls-host", "juspay-mock", "-tls-host", "mock.internal", "-ca-out", caOut,
		"-api-key", "test_key", "-merchant-id", "test_merchant")
	assert.Equal(t, caOut, p.ready.CACert)
	caPEM, err := os.ReadFile(caOut)
	require.NoError(t, err)
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(caPEM))
	_, port, err := net.SplitHostPort(strings.TrimPrefix(p.ready.URL, "https://"))
	require.NoError(t, err)
	hc := &http.Client{Timeout: waitLimit, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, net.JoinHostPort("127.0.0.1", port))
		},
	}}
	for _, host := range []string{"juspay-mock", "mock.internal", "localhost"} {
		c, err := juspay.NewClient("test_key", "test_merchant", juspay.WithBaseURL("https://"+net.JoinHostPort(host, port)), juspay.WithHTTPClient(hc))
		require.NoError(t, err)
		_, err = c.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{ObjectReferenceID: "user-" + host, MobileNumber: "9988776655"})
		assert.NoError(t, err, host)
	}
	hc.CloseIdleConnections()
	assert.Equal(t, 0, p.terminate(t))
	assert.FileExists(t, caOut, "-ca-out stays after exit")
}
