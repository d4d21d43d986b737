package mock

import (
	"context"
	"encoding/json"
	"io"
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
		{"the key with a password", s.APIKey + ":secret", "GET", "/__admin/customers", "", 401, "admin routes need Basic auth"},
		{"a route's prefix", s.APIKey, "GET", "/__admin/customer", "", 404, "no admin route /__admin/customer"},
		{"a balance for no wallet", s.APIKey, "POST", "/__admin/customers/user-000001/wallets/wlm_x/balance", `{"current_balance":1}`, 400,
			"juspaytest: SetWalletBalance: the customer has no wallet wlm_x"},
		{"a balance that is not a number", s.APIKey, "POST", "/__admin/customers/user-000001/wallets/wlm_x/balance", `{"current_balance":"x"}`, 400,
			"invalid number literal"},
		{"a balance with another key", s.APIKey, "POST", "/__admin/customers/user-000001/wallets/wlm_x/balance", `{"balance":1}`, 400,
			`json: unknown field "balance"`},
		{"a balance for no customer", s.APIKey, "POST", "/__admin/customers/nobody/wallets/wlm_x/balance", `{"current_balance":1}`, 404,
			"no customer with that id or object_reference_id"},
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
	for cred, want := range map[string]int{s.APIKey + ":": 200, s.APIKey: 200, s.APIKey + ":x": 401, s.APIKey + ":" + s.APIKey: 401} {
		req := adminReq(t, base, "", "GET", "/__admin/customers", "")
		req.Header.Set("Authorization", "Basic "+b64(cred))
		assert.Equal(t, want, send(t, nil, req).status, cred)
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
		{"a header name with a space", `{"route":"POST /customers","status":429,"headers":{"Retry After":"1"}}`, "is not a valid header"},
		{"a header name with DEL", `{"route":"POST /customers","status":429,"headers":{"Retry-After\u007f":"1"}}`, "is not a valid header"},
		{"an empty header name", `{"route":"POST /customers","status":429,"headers":{"":"1"}}`, "is not a valid header"},
		{"a header value with DEL", `{"route":"POST /customers","status":429,"headers":{"Retry-After":"1\u007f"}}`, "is not a valid header"},
		{"a header value with a unit separator", `{"route":"POST /customers","status":429,"headers":{"Retry-After":"1\u001f"}}`, "is not a valid header"},
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
		{"headers at the edges of what is valid", `{"route":"POST /customers","status":429,"headers":{"X-!~":"a b\t~"}}`, []int{429}, func(t *testing.T, _ *juspaytest.Server, last reply) {
			assert.Equal(t, "a b\t~", last.header.Get("X-!~"))
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
					_, err := (&http.Client{Timeout: waitLimit}).Do(req)
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

// TestAdminBodyOver1MiB: 413 at once from the Content-Length, and after
// 1 MiB of a body without one; nothing is stored either way.
func TestAdminBodyOver1MiB(t *testing.T) {
	s, base, _ := inProcess(t)
	cards := "[" + strings.Repeat("{},", 1<<20) + "{}]" // 3 MiB of empty cards
	_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: "user-000001"})
	require.NoError(t, err)
	for _, chunked := range []bool{false, true} {
		t.Run(map[bool]string{false: "with Content-Length", true: "chunked"}[chunked], func(t *testing.T) {
			req := adminReq(t, base, s.APIKey, "POST", "/__admin/customers/user-000001/cards", cards)
			if chunked {
				req.Body, req.ContentLength = io.NopCloser(strings.NewReader(cards)), -1
			}
			rep := send(t, nil, req)
			assert.Equal(t, http.StatusRequestEntityTooLarge, rep.status)
			assert.JSONEq(t, `{"error":"the body is over 1048576 bytes"}`, rep.body)
			assert.Empty(t, s.Cards("user-000001"))
		})
	}
	exact := `[` + strings.Repeat(" ", maxBody-4) + `{}]`
	require.Len(t, exact, maxBody)
	adminOK(t, base, s.APIKey, "POST", "/__admin/customers/user-000001/cards", exact)
	assert.Len(t, s.Cards("user-000001"), 1, "1 MiB exactly is taken")
}

func TestAdminSeedItemsAreCapped(t *testing.T) {
	s, base, _ := inProcess(t, juspaytest.WithLimits(juspaytest.Limits{CardsPerCustomer: maxSeedItems}))
	tests := []struct{ name, path, body string }{
		{"cards", "/__admin/seed", `[{"object_reference_id":"user-000001","cards":[` + strings.Repeat("{},", maxSeedItems) + `{}]}]`},
		{"customers, cards and wallets together", "/__admin/seed", `[{"object_reference_id":"user-000001","cards":[` +
			strings.Repeat("{},", maxSeedItems/2) + `{}],"wallets":[` + strings.Repeat("{},", maxSeedItems/2-2) + `{}]}]`},
		{"customers", "/__admin/seed", `[` + strings.Repeat(`{"object_reference_id":"user-000001"},`, maxSeedItems) + `{"object_reference_id":"user-000001"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := send(t, nil, adminReq(t, base, s.APIKey, "POST", tt.path, tt.body))
			assert.Equal(t, http.StatusBadRequest, rep.status)
			assert.Contains(t, rep.body, "more than 10000 customers, cards and wallets in all")
			assert.Empty(t, s.Customers(), "nothing stored")
		})
	}
	atCap := `[{"object_reference_id":"user-000001","cards":[` + strings.Repeat("{},", maxSeedItems-2) + `{}]}]`
	adminOK(t, base, s.APIKey, "POST", "/__admin/seed", atCap)
	assert.Len(t, s.Cards("user-000001"), maxSeedItems-1, "the cap itself is taken")
	s.Reset()
	_, err := s.AddCustomer(juspaytest.Customer{ObjectReferenceID: "user-000001"})
	require.NoError(t, err)
	cards := `[` + strings.Repeat("{},", maxSeedItems-1) + `{}]`
	adminOK(t, base, s.APIKey, "POST", "/__admin/customers/user-000001/cards", cards)
	assert.Len(t, s.Cards("user-000001"), maxSeedItems, "a list of cards up to the cap")
	rep := send(t, nil, adminReq(t, base, s.APIKey, "POST", "/__admin/customers/user-000001/wallets", `[`+strings.Repeat("{},", maxSeedItems)+`{}]`))
	assert.Equal(t, http.StatusBadRequest, rep.status)
	assert.Contains(t, rep.body, "more than 10000")
}

func TestAdminListsFaults(t *testing.T) {
	s, base, _ := inProcess(t)
	assert.JSONEq(t, `{"faults":[]}`, adminOK(t, base, s.APIKey, "GET", "/__admin/faults", ""))
	specs := []string{
		`{"route":"POST /customers","count":"always","status":429,"headers":{"Retry-After":"2"}}`,
		`{"route":"POST /customers","count":2,"status":502,"body":"{}","after_store":true}`,
		`{"route":"GET /customers/{id}/wallets/refresh-balances","count":1,"delay":"1.5s","drop":true}`,
	}
	for _, spec := range specs {
		assert.JSONEq(t, spec, adminOK(t, base, s.APIKey, "POST", "/__admin/faults", spec), "echoed")
	}
	assert.JSONEq(t, `{"faults":[`+strings.Join(specs[:2], ",")+`,`+specs[2]+`]}`, adminOK(t, base, s.APIKey, "GET", "/__admin/faults", ""),
		"listed as injected, so a list can be injected again")
	s.FailNext(juspaytest.RouteGet, 3, 503, "")
	assert.Contains(t, adminOK(t, base, s.APIKey, "GET", "/__admin/faults", ""), `{"route":"GET /customers/{id}","count":3,"status":503}`)
	for _, edge := range []string{`{"route":"GET /cards","count":1,"status":100}`, `{"route":"GET /cards","count":1,"status":999}`} {
		assert.JSONEq(t, edge, adminOK(t, base, s.APIKey, "POST", "/__admin/faults", edge), "the edges of the status range are taken")
	}
	adminOK(t, base, s.APIKey, "DELETE", "/__admin/faults", "")
	assert.JSONEq(t, `{"faults":[]}`, adminOK(t, base, s.APIKey, "GET", "/__admin/faults", ""))
}

func TestAdminClockBackToRealTime(t *testing.T) {
	s, base, _ := inProcess(t)
	adminOK(t, base, s.APIKey, "POST", "/__admin/clock", `{"now":"2025-01-02T10:00:00Z"}`)
	before := time.Now()
	var got struct {
		Now time.Time `json:"now"`
	}
	require.NoError(t, json.Unmarshal([]byte(adminOK(t, base, s.APIKey, "DELETE", "/__admin/clock", "")), &got))
	assert.False(t, got.Now.Before(before.Truncate(time.Second)), "real time again: %v", got.Now)
	assert.False(t, s.Now().Before(got.Now), "running")
}

func TestAdminRefreshesABalance(t *testing.T) {
	s, base, _ := inProcess(t)
	adminOK(t, base, s.APIKey, "POST", "/__admin/seed", `[{"object_reference_id":"user-000001","wallets":[{"wallet":"MOBIKWIK","id":"wlm_1","linked":true,"current_balance":100}]}]`)
	assert.JSONEq(t, `{"ok":true}`, adminOK(t, base, s.APIKey, "POST", "/__admin/customers/user-000001/wallets/wlm_1/balance", `{"current_balance":250.75}`))
	c := sdkClient(t, base, s.APIKey, s.MerchantID, nil)
	list, err := c.ListWallets(context.Background(), &juspay.ListWalletsRequest{CustomerID: "user-000001"})
	require.NoError(t, err)
	assert.Equal(t, juspay.Decimal("100"), list.Wallets[0].CurrentBalance, "not yet refreshed")
	req := adminReq(t, base, s.APIKey, "GET", "/customers/user-000001/wallets/refresh-balances", "")
	req.Header.Set("x-merchantid", s.MerchantID)
	rep := send(t, nil, req)
	require.Equal(t, http.StatusOK, rep.status, rep.body)
	assert.Contains(t, rep.body, `"current_balance":250.75,`)
	list, err = c.ListWallets(context.Background(), &juspay.ListWalletsRequest{CustomerID: "user-000001"})
	require.NoError(t, err)
	assert.Equal(t, juspay.Decimal("250.75"), list.Wallets[0].CurrentBalance)
}

// TestAdminAnswersNullLikeTheAPI: what the API answers null, the control
// routes do too, and GET /__admin/customers holds cards and wallets.
func TestAdminAnswersNullLikeTheAPI(t *testing.T) {
	s, base, _ := inProcess(t)
	s.SetNow(time.Date(2025, 1, 2, 10, 0, 0, 0, time.UTC))
	adminOK(t, base, s.APIKey, "POST", "/__admin/seed", `[{"id":"cth_1","object_reference_id":"user-000001","cards":[{"card_token":"tkn_1","card_reference":"r","card_fingerprint":"f"}],`+
		`"wallets":[{"wallet":"PAYTM","id":"wlm_1"}]}]`)
	got := adminOK(t, base, s.APIKey, "GET", "/__admin/customers", "")
	req := adminReq(t, base, s.APIKey, "GET", "/customers/user-000001", "")
	req.Header.Set("x-merchantid", s.MerchantID)
	api := send(t, nil, req).body
	assert.Contains(t, api, `"email_address":null`)
	assert.Equal(t, `{"customers":[`+strings.TrimSuffix(api, "}")+`,"cards":[{"expired":false,"card_issuer_country":"","name_on_card":"","card_reference":"r",`+
		`"card_token":"tkn_1","card_issuer":"","card_brand":"","card_number":"","card_fingerprint":"f","extended_card_type":"","card_type":"",`+
		`"provider_category":"","card_isin":"","juspay_bank_code":"","tokenize_support":false,"nickname":"","card_sub_type":"","card_exp_year":"",`+
		`"provider":"","card_exp_month":""}],"wallets":[{"wallet":"PAYTM","token":null,"last_refreshed":null,"object":"wallet_account","id":"wlm_1",`+
		`"current_balance":null,"linked":false,"metadata":{},"gateway_reference_id":null}]}]}`+"\n", got)
}

// TestAdminRequestsAreStreamed: a long list is valid JSON, and cut by the
// recording bounds.
func TestAdminRequestsAreStreamed(t *testing.T) {
	s, base, _ := inProcess(t)
	big := strings.Repeat("h", 512<<10)
	for range 40 {
		req := adminReq(t, base, "", "GET", "/customers/x", "")
		req.Header.Set("X-Big", big)
		send(t, nil, req)
	}
	body := adminOK(t, base, s.APIKey, "GET", "/__admin/requests", "")
	var all struct {
		Requests []struct {
			Authorized bool                `json:"authorized"`
			Header     map[string][]string `json:"header"`
		} `json:"requests"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &all))
	assert.Less(t, len(body), juspaytest.MaxRecordedBytes+64<<10, "bounded by the recording")
	assert.Less(t, len(all.Requests), 40, "the oldest were forgotten")
	assert.Greater(t, len(all.Requests), 20)
	assert.False(t, all.Requests[0].Authorized)
	assert.Equal(t, []string{big}, all.Requests[0].Header["X-Big"])
}

// TestAdminOverACap: a control call over one of the state's caps is a 507
// in Juspay's error shape naming the cap and the flag that raises it; what
// came before it stays stored.
func TestAdminOverACap(t *testing.T) {
	s, base, _ := inProcess(t, juspaytest.WithLimits(juspaytest.Limits{Customers: 2, CardsPerCustomer: 1, WalletsPerCustomer: 1, PendingFaults: 1}))
	tests := []struct {
		name, path, body, flag string
	}{
		{"customers", "/__admin/seed", `[{"object_reference_id":"user-000001"},{"object_reference_id":"user-000002"},{"object_reference_id":"user-000003"}]`,
			"-max-customers"},
		{"cards", "/__admin/customers/user-000001/cards", `[{},{}]`, "-max-cards-per-customer"},
		{"wallets", "/__admin/customers/user-000001/wallets", `[{"wallet":"PAYTM"},{"wallet":"MOBIKWIK"}]`, "-max-wallets-per-customer"},
		{"faults", "/__admin/faults", `{"route":"GET /cards","status":503}`, "-max-pending-faults"},
	}
	adminOK(t, base, s.APIKey, "POST", "/__admin/faults", `{"route":"GET /cards","status":503,"count":"always"}`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := send(t, nil, adminReq(t, base, s.APIKey, "POST", tt.path, tt.body))
			assert.Equal(t, http.StatusInsufficientStorage, rep.status)
			got := decode(t, rep.body)
			assert.Equal(t, "error", got["status"])
			assert.Equal(t, "limit_exceeded", got["error_code"])
			assert.Contains(t, got["error_message"], tt.flag)
			assert.Contains(t, got["error_message"], "limit of")
			assert.Equal(t, got["error_message"], got["error"])
			assert.Equal(t, 1, strings.Count(rep.body, "\n"), "one line")
		})
	}
	assert.Len(t, s.Customers(), 2, "the customers under the cap stay")
	assert.Len(t, s.Cards("user-000001"), 1)
	assert.Len(t, s.Wallets("user-000001"), 1)
	assert.Len(t, s.Faults(), 1)

	rep := send(t, nil, sampleCreate(t, base, s.APIKey, s.MerchantID, "user-000004"))
	assert.Equal(t, http.StatusInsufficientStorage, rep.status, "the API too")
	assert.Contains(t, decode(t, rep.body)["error_message"], "-max-customers")
}

// TestUnservedRouteIs501: a path outside the control routes that the fake
// does not serve is a 501 naming the method and path, never Juspay's
// not-found, with or without the key (juspaytest hides the path's
// segments, which may hold ids); a control path that is no control
// route stays a 404 of the control routes.
func TestUnservedRouteIs501(t *testing.T) {
	s, base, _ := inProcess(t)
	for _, key := range []string{s.APIKey, ""} {
		req := adminReq(t, base, key, "GET", "/customers/cth_1/mandates", "")
		req.Header.Set("x-merchantid", s.MerchantID)
		rep := send(t, nil, req)
		assert.Equal(t, http.StatusNotImplemented, rep.status)
		got := decode(t, rep.body)
		assert.Equal(t, "not_implemented", got["error_code"])
		assert.Contains(t, got["error_message"], "does not serve GET /customers/*/*", "the method and the path, its segments hidden")
		assert.NotContains(t, rep.body, "cth_1")
	}
	rep := send(t, nil, adminReq(t, base, s.APIKey, "GET", "/__admin/mandates", ""))
	assert.Equal(t, http.StatusNotFound, rep.status)
	assert.JSONEq(t, `{"error":"no admin route /__admin/mandates"}`, rep.body)
}
