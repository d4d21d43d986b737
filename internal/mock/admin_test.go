package mock

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

func TestAdminRefusesBadRequests(t *testing.T) {
	s, base, _ := inProcess(t)
	_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: "user-000001"})
	require.NoError(t, err)
	tests := []struct {
		name, key, method, path, body string
		wantStatus                    int
		wantError                     string
	}{
		{"no key", "", "GET", "/__admin/customers", "", 401, "admin routes need Basic auth with the API key as user name"},
		{"a wrong key", "WRONG", "GET", "/__admin/customers", "", 401, "admin routes need Basic auth"},
		{"an unknown route", s.APIKey, "GET", "/__admin/nothing", "", 404, "no admin route /__admin/nothing"},
		{"the bare prefix", s.APIKey, "GET", "/__admin", "", 404, "no admin route /__admin"},
		{"a wrong method", s.APIKey, "PUT", "/__admin/faults", "", 405, "PUT not allowed here: DELETE, GET, POST"},
		{"an empty body", s.APIKey, "POST", "/__admin/seed", "", 400, "the body is empty: JSON is expected"},
		{"a bad seed", s.APIKey, "POST", "/__admin/seed", `{"customers":[{}]}`, 400, "customers[0]: object_reference_id is missing or empty"},
		{"a seed juspaytest refuses", s.APIKey, "POST", "/__admin/seed", `[{"object_reference_id":"user-000001"}]`, 400,
			"customers[0]: juspaytest: AddCustomer: object_reference_id already exists"},
		{"cards for no customer", s.APIKey, "POST", "/__admin/customers/nobody/cards", `[]`, 404, "no customer with that id or object_reference_id"},
		{"cards that are not cards", s.APIKey, "POST", "/__admin/customers/user-000001/cards", `{"card_token":"tkn_1"}`, 400,
			`an object here must hold an array under "cards"`},
		{"wallets with a bad balance", s.APIKey, "POST", "/__admin/customers/user-000001/wallets", `[{"wallet":"PAYTM","current_balance":"a lot"}]`, 400,
			"wallets[0]: json: invalid number literal"},
		{"a clock with neither", s.APIKey, "POST", "/__admin/clock", `{}`, 400, `give either "now" (RFC 3339) or "advance"`},
		{"a clock with both", s.APIKey, "POST", "/__admin/clock", `{"now":"2025-01-02T10:00:00Z","advance":"1m"}`, 400, `give either "now"`},
		{"a bad duration", s.APIKey, "POST", "/__admin/clock", `{"advance":"soon"}`, 400, `time: invalid duration "soon"`},
		{"a bad time", s.APIKey, "POST", "/__admin/clock", `{"now":"tomorrow"}`, 400, `parsing time "tomorrow"`},
		{"an unknown clock key", s.APIKey, "POST", "/__admin/clock", `{"set":"2025-01-02T10:00:00Z"}`, 400, `json: unknown field "set"`},
		{"requests of an unknown route", s.APIKey, "GET", "/__admin/requests?route=create", "", 400, `unknown route "create": it is one of "POST /customers", "GET /customers/{id}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := send(t, nil, adminReq(t, base, tt.key, tt.method, tt.path, tt.body))
			assert.Equal(t, tt.wantStatus, rep.status)
			assert.Equal(t, "application/json", rep.header.Get("Content-Type"))
			assert.Contains(t, decode(t, rep.body)["error"], tt.wantError)
			assert.Equal(t, 1, strings.Count(rep.body, "\n"), "one line")
		})
	}
	t.Run("401 asks for Basic auth", func(t *testing.T) {
		rep := send(t, nil, adminReq(t, base, "WRONG", "GET", "/__admin/customers", ""))
		assert.Equal(t, `Basic realm="juspay-mock"`, rep.header.Get("WWW-Authenticate"))
	})
	t.Run("405 tells what is allowed", func(t *testing.T) {
		rep := send(t, nil, adminReq(t, base, s.APIKey, "GET", "/__admin/reset", ""))
		assert.Equal(t, "POST", rep.header.Get("Allow"))
	})
}

func TestAdminAcceptsTheKeyWithOrWithoutColon(t *testing.T) {
	s, base, _ := inProcess(t)
	for _, cred := range []string{s.APIKey + ":", s.APIKey} {
		req := adminReq(t, base, "", "GET", "/__admin/customers", "")
		req.Header.Set("Authorization", "Basic "+b64(cred))
		assert.Equal(t, http.StatusOK, send(t, nil, req).status)
	}
}

func TestAdminFaultSpecs(t *testing.T) {
	tests := []struct {
		name, spec, wantErr string
	}{
		{"no route", `{"status":503}`, `unknown route ""`},
		{"an unknown route", `{"route":"GET /customers","status":503}`, `unknown route "GET /customers"`},
		{"count 0", `{"route":"POST /customers","status":503,"count":0}`, `count must be a positive integer or "always"`},
		{"a negative count", `{"route":"POST /customers","status":503,"count":-1}`, `count must be a positive integer`},
		{"a count word", `{"route":"POST /customers","status":503,"count":"twice"}`, `count must be a positive integer`},
		{"a status out of range", `{"route":"POST /customers","status":1000}`, "status must be 100 to 999"},
		{"a bad delay", `{"route":"POST /customers","delay":"2"}`, `delay: time: missing unit in duration "2"`},
		{"a negative delay", `{"route":"POST /customers","delay":"-1s"}`, "delay must not be negative"},
		{"nothing to do", `{"route":"POST /customers","after_store":true}`, "a fault needs a status, drop or a delay"},
		{"drop with a status", `{"route":"POST /customers","drop":true,"status":502}`, "drop answers nothing"},
		{"a body without status", `{"route":"POST /customers","delay":"1ms","body":"x"}`, "body and headers need a status"},
		{"a header with a line break", `{"route":"POST /customers","status":429,"headers":{"Retry-After":"1\r\nX: y"}}`, "is not a valid header"},
		{"a header name with a colon", `{"route":"POST /customers","status":429,"headers":{"Retry-After:":"1"}}`, "is not a valid header"},
		{"an unknown key", `{"route":"POST /customers","status":503,"times":2}`, `json: unknown field "times"`},
		{"two objects", `{"route":"POST /customers","status":503} {}`, "more than one JSON value"},
	}
	s, base, _ := inProcess(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := send(t, nil, adminReq(t, base, s.APIKey, "POST", "/__admin/faults", tt.spec))
			assert.Equal(t, http.StatusBadRequest, rep.status)
			assert.Contains(t, decode(t, rep.body)["error"], tt.wantErr)
		})
	}
	// Nothing refused was injected.
	assert.Equal(t, http.StatusOK, send(t, nil, sampleCreate(t, base, s.APIKey, s.MerchantID, "user-000001")).status)
}

func TestAdminFaultsReachTheAPI(t *testing.T) {
	tests := []struct {
		name, spec string
		want       []int // statuses of successive create calls (0: no answer)
		check      func(t *testing.T, s *juspaytest.Server, last reply)
	}{
		{"a 503 twice, then served", `{"route":"POST /customers","count":2,"status":503}`, []int{503, 503, 200}, nil},
		{"a 429 with Retry-After", `{"route":"POST /customers","status":429,"headers":{"Retry-After":"2"}}`, []int{429}, func(t *testing.T, _ *juspaytest.Server, last reply) {
			assert.Equal(t, "2", last.header.Get("Retry-After"))
		}},
		{"a JSON body", `{"route":"POST /customers","status":500,"body":"{\"status\":\"error\"}"}`, []int{500}, func(t *testing.T, _ *juspaytest.Server, last reply) {
			assert.Equal(t, `{"status":"error"}`, last.body)
			assert.Equal(t, "application/json", last.header.Get("Content-Type"))
		}},
		{"always", `{"route":"POST /customers","count":"always","status":502}`, []int{502, 502, 502}, nil},
		{"stored, then a lost answer", `{"route":"POST /customers","status":502,"after_store":true}`, []int{502, 400}, func(t *testing.T, s *juspaytest.Server, last reply) {
			assert.Len(t, s.Customers(), 1, "the first create was stored")
			assert.Contains(t, last.body, "unique")
		}},
		{"a drop", `{"route":"POST /customers","drop":true}`, []int{0, 200}, nil},
		{"a delay", `{"route":"POST /customers","delay":"50ms"}`, []int{200}, nil},
		{"another route", `{"route":"GET /customers/{id}","status":503}`, []int{200}, nil},
	}
	s, base, _ := inProcess(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			adminOK(t, base, s.APIKey, "POST", "/__admin/reset", "")
			echo := adminOK(t, base, s.APIKey, "POST", "/__admin/faults", tt.spec)
			assert.Equal(t, decode(t, tt.spec)["route"], decode(t, echo)["route"], "the fault is echoed")
			var last reply
			for i, want := range tt.want {
				req := sampleCreate(t, base, s.APIKey, s.MerchantID, "user-000001")
				if want == 0 {
					_, err := http.DefaultClient.Do(req)
					assert.Error(t, err, "call %d", i)
					continue
				}
				last = send(t, nil, req)
				assert.Equal(t, want, last.status, "call %d: %s", i, last.body)
			}
			if tt.check != nil {
				tt.check(t, s, last)
			}
		})
	}
	t.Run("cleared", func(t *testing.T) {
		adminOK(t, base, s.APIKey, "POST", "/__admin/reset", "")
		adminOK(t, base, s.APIKey, "POST", "/__admin/faults", `{"route":"POST /customers","count":"always","status":503}`)
		assert.JSONEq(t, `{"ok":true}`, adminOK(t, base, s.APIKey, "DELETE", "/__admin/faults", ""))
		assert.Equal(t, http.StatusOK, send(t, nil, sampleCreate(t, base, s.APIKey, s.MerchantID, "user-000001")).status)
	})
}

func TestAdminSeedsAndLists(t *testing.T) {
	s, base, _ := inProcess(t)
	body := adminOK(t, base, s.APIKey, "POST", "/__admin/seed", `{"customers":[`+createAnswer+`,{"object_reference_id":"user-000002"}]}`)
	var seededAnswer struct {
		Customers []struct {
			ID      string            `json:"id"`
			Cards   []json.RawMessage `json:"cards"`
			Wallets []json.RawMessage `json:"wallets"`
		} `json:"customers"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &seededAnswer))
	require.Len(t, seededAnswer.Customers, 2)
	assert.Equal(t, "cst_afdeuvmfhs3j1acm", seededAnswer.Customers[0].ID)
	assert.NotNil(t, seededAnswer.Customers[0].Cards, "[] rather than null")

	body = adminOK(t, base, s.APIKey, "POST", "/__admin/customers/user-000002/cards",
		`{"customer_id":"user-000002","merchantId":"m","cards":[{"card_token":"tkn_1","card_brand":"VISA"}]}`)
	assert.Contains(t, body, `"card_token":"tkn_1"`)
	body = adminOK(t, base, s.APIKey, "POST", "/__admin/customers/cst_afdeuvmfhs3j1acm/wallets",
		`[{"wallet":"MOBIKWIK","linked":true,"current_balance":100},{"wallet":"PAYTM"}]`)
	wallets := decode(t, body)["wallets"].([]any)
	require.Len(t, wallets, 2)
	assert.Regexp(t, `^tk_`, wallets[0].(map[string]any)["token"], "a linked wallet gets a token")
	assert.Nil(t, wallets[1].(map[string]any)["current_balance"])

	var list struct {
		Customers []juspaytest.Customer `json:"customers"`
	}
	require.NoError(t, json.Unmarshal([]byte(adminOK(t, base, s.APIKey, "GET", "/__admin/customers", "")), &list))
	assert.Equal(t, s.Customers(), list.Customers)

	// The API serves what was seeded.
	client := sdkClient(t, base, s.APIKey, s.MerchantID, nil)
	cards, err := client.ListCards(context.Background(), &juspay.ListCardsRequest{CustomerID: "user-000002"})
	require.NoError(t, err)
	require.Len(t, cards.Cards, 1)
	assert.Equal(t, "VISA", cards.Cards[0].Brand)
	ws, err := client.ListWallets(context.Background(), &juspay.ListWalletsRequest{CustomerID: "customer@gmail.com"})
	require.NoError(t, err)
	assert.Equal(t, 2, ws.Total)

	assert.JSONEq(t, `{"ok":true}`, adminOK(t, base, s.APIKey, "POST", "/__admin/reset", ""))
	assert.JSONEq(t, `{"customers":[]}`, adminOK(t, base, s.APIKey, "GET", "/__admin/customers", ""))
}

func TestAdminRequests(t *testing.T) {
	s, base, _ := inProcess(t)
	require.Equal(t, http.StatusOK, send(t, nil, sampleCreate(t, base, s.APIKey, s.MerchantID, "user-000001")).status)
	get, err := http.NewRequest("GET", base+"/customers/user-000001", nil)
	require.NoError(t, err)
	get.SetBasicAuth(s.APIKey, "")
	get.Header.Set("x-merchantid", s.MerchantID)
	require.Equal(t, http.StatusOK, send(t, nil, get).status)
	adminOK(t, base, s.APIKey, "GET", "/__admin/customers", "")

	body := adminOK(t, base, s.APIKey, "GET", "/__admin/requests", "")
	assert.NotContains(t, body, s.APIKey)
	assert.NotContains(t, body, b64(s.APIKey+":"))
	var all struct {
		Requests []map[string]any `json:"requests"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &all))
	require.Len(t, all.Requests, 2, "control requests are not recorded")
	first := all.Requests[0]
	assert.Equal(t, "POST /customers", first["route"])
	assert.Equal(t, "customer_1122", first["routing_id"])
	assert.Equal(t, true, first["authorized"])
	assert.Equal(t, []any{"Basic [redacted]"}, first["header"].(map[string]any)["Authorization"])
	assert.Equal(t, []any{"John"}, first["form"].(map[string]any)["first_name"])
	assert.Equal(t, "user-000001", all.Requests[1]["customer_id"])

	body = adminOK(t, base, s.APIKey, "GET", "/__admin/requests?route=GET%20/customers/%7Bid%7D", "")
	require.NoError(t, json.Unmarshal([]byte(body), &all))
	require.Len(t, all.Requests, 1)
	assert.Equal(t, "GET", all.Requests[0]["method"])

	assert.JSONEq(t, `{"ok":true}`, adminOK(t, base, s.APIKey, "DELETE", "/__admin/requests", ""))
	assert.JSONEq(t, `{"requests":[]}`, adminOK(t, base, s.APIKey, "GET", "/__admin/requests", ""))
	assert.Len(t, s.Customers(), 1, "customers stay")
}

func TestAdminClock(t *testing.T) {
	s, base, _ := inProcess(t)
	assert.JSONEq(t, `{"now":"2025-01-02T10:00:00Z"}`,
		adminOK(t, base, s.APIKey, "POST", "/__admin/clock", `{"now":"2025-01-02T15:30:00+05:30"}`), "answered in UTC")
	assert.JSONEq(t, `{"now":"2025-01-02T10:15:00Z"}`, adminOK(t, base, s.APIKey, "POST", "/__admin/clock", `{"advance":"15m"}`))
	assert.JSONEq(t, `{"now":"2025-01-02T10:14:00Z"}`, adminOK(t, base, s.APIKey, "POST", "/__admin/clock", `{"advance":"-1m"}`))
	assert.JSONEq(t, `{"now":"2025-01-02T10:14:00Z"}`, adminOK(t, base, s.APIKey, "GET", "/__admin/clock", ""))

	rep := send(t, nil, sampleCreate(t, base, s.APIKey, s.MerchantID, "user-000001"))
	require.Equal(t, http.StatusOK, rep.status)
	assert.Equal(t, "2025-01-02T10:14:00Z", decode(t, rep.body)["date_created"])
	assert.Equal(t, time.Date(2025, 1, 2, 10, 14, 0, 0, time.UTC), s.Now().UTC())
}
