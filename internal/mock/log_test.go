package mock

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed276dc779/juspay-go/juspaytest"
)

func TestLogRequests(t *testing.T) {
	tests := []struct {
		name    string
		fault   string // injected on POST /customers first, when not empty
		cancel  bool   // the client leaves after 50ms
		wantLog string // the outcome logged
	}{
		{"served", "", false, "200"},
		{"a fault status", `{"route":"POST /customers","status":503}`, false, "503"},
		{"a refused call", `{"route":"POST /customers","status":401}`, false, "401"},
		{"a dropped connection", `{"route":"POST /customers","drop":true}`, false, "dropped"},
		{"a client that left during a delay", `{"route":"POST /customers","delay":"1m"}`, true, "aborted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, base, logs := inProcess(t)
			if tt.fault != "" {
				adminOK(t, base, s.APIKey, "POST", "/__admin/faults", tt.fault)
			}
			req := sampleCreate(t, base, s.APIKey, s.MerchantID, "user-000001")
			if tt.cancel {
				ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
				defer cancel()
				req = req.WithContext(ctx)
			}
			if resp, err := (&http.Client{Timeout: waitLimit}).Do(req); err == nil {
				resp.Body.Close()
			}
			line := regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d\.\d{6} POST /customers (\S+) \d+(\.\d+)?(µs|ms|s)$`)
			var m []string
			require.Eventually(t, func() bool {
				m = line.FindStringSubmatch(logs.String())
				return m != nil
			}, 5*time.Second, 5*time.Millisecond, "log so far: %q", logs.String())
			assert.Equal(t, tt.wantLog, m[1])
			assert.NotContains(t, logs.String(), s.APIKey)
			assert.NotContains(t, logs.String(), b64(s.APIKey+":"))
		})
	}
}

func TestLogRequestsLeavesOutTheQuery(t *testing.T) {
	s, base, logs := inProcess(t)
	req := adminReq(t, base, s.APIKey, "GET", "/cards?customer_id=customer@gmail.com", "")
	req.Header.Set("x-merchantid", s.MerchantID)
	assert.Equal(t, http.StatusOK, send(t, nil, req).status)
	adminOK(t, base, s.APIKey, "GET", "/__admin/requests?route=GET%20/cards", "")
	require.Eventually(t, func() bool { return strings.Count(logs.String(), "\n") == 2 }, 5*time.Second, 5*time.Millisecond)
	assert.Contains(t, logs.String(), " GET /cards 200 ")
	assert.Contains(t, logs.String(), " GET /__admin/requests 200 ")
	assert.NotContains(t, logs.String(), "customer@gmail.com")
}

// TestLogNamesTheRouteNeverTheID: an id in a path (an e-mail, a mobile
// number) never reaches the log; the route's template does.
func TestLogNamesTheRouteNeverTheID(t *testing.T) {
	s, base, logs := inProcess(t)
	_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: "victim@example.com"})
	require.NoError(t, err)
	tests := []struct {
		method, path, key string
		want              string
	}{
		{"GET", "/customers/victim@example.com", s.APIKey, "GET /customers/{id} 200"},
		{"POST", "/customers/9988776655", "", "POST /customers/{id} 401"},
		{"GET", "/customers/victim@example.com/wallets/refresh-balances", s.APIKey, "GET /customers/{id}/wallets/refresh-balances 200"},
		{"GET", "/customers/victim@example.com/mandates", s.APIKey, "GET (no route) 501"},
		{"PUT", "/customers/victim@example.com", s.APIKey, "PUT (no route) 405"},
		{"POST", "/__admin/customers/victim@example.com/cards", s.APIKey, "POST /__admin/customers/{id}/cards 200"},
		{"GET", "/__admin/customers/victim@example.com", s.APIKey, "GET (no route) 404"},
		{"POST", "/__admin/customers/victim@example.com/wallets/wlm_9988776655/balance", "", "POST /__admin/customers/{id}/wallets/{wallet}/balance 401"},
	}
	for i, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req := adminReq(t, base, tt.key, tt.method, tt.path, "[]")
			req.Header.Set("x-merchantid", s.MerchantID)
			send(t, nil, req)
			require.Eventually(t, func() bool { return strings.Count(logs.String(), "\n") == i+1 }, 5*time.Second, 5*time.Millisecond)
			lines := strings.Split(strings.TrimSuffix(logs.String(), "\n"), "\n")
			assert.Regexp(t, `^\d\d:\d\d:\d\d\.\d{6} `+regexp.QuoteMeta(tt.want)+` \d+(\.\d+)?(µs|ms|s)$`, lines[i])
		})
	}
	assert.NotContains(t, logs.String(), "victim")
	assert.NotContains(t, logs.String(), "9988776655")
}
