package mock

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
	"github.com/seed276dc779/juspay-go/juspaytest"
)

// createAnswer is Create Customer's sample answer with a token, as Juspay's
// page shows it: a seed entry pastes it as is.
const createAnswer = `{
  "id": "cst_afdeuvmfhs3j1acm",
  "object": "customer",
  "object_reference_id": "customer@gmail.com",
  "mobile_country_code": "91",
  "mobile_number": "9988776655",
  "email_address": "customer@gmail.com",
  "first_name": "John",
  "last_name": "Smith",
  "date_created": "2020-03-17T14:13:37Z",
  "last_updated": "2016-08-02T08:07:52+0000",
  "juspay": {
    "client_auth_token": "tkn_24543c6a278f45d680d09edb32e78061",
    "client_auth_token_expiry": "2020-03-17T14:28:37Z"
  }
}`

func TestParseSeed(t *testing.T) {
	tests := []struct {
		name  string
		seed  string
		check func(t *testing.T, got []seedEntry)
	}{
		{"object form", `{"customers":[{"object_reference_id":"user-000001"}]}`, func(t *testing.T, got []seedEntry) {
			require.Len(t, got, 1)
			assert.Equal(t, "user-000001", got[0].customer.ObjectReferenceID)
		}},
		{"array form", `[{"object_reference_id":"user-000001"},{"object_reference_id":"user-000002"}]`, func(t *testing.T, got []seedEntry) {
			require.Len(t, got, 2)
			assert.Equal(t, "user-000002", got[1].customer.ObjectReferenceID)
		}},
		{"no customers", ` {"customers": []} `, func(t *testing.T, got []seedEntry) {
			assert.Empty(t, got)
		}},
		{"Create Customer's answer pasted", `[` + createAnswer + `]`, func(t *testing.T, got []seedEntry) {
			require.Len(t, got, 1)
			c := got[0].customer
			assert.Equal(t, "cst_afdeuvmfhs3j1acm", c.ID)
			assert.Equal(t, "Smith", c.LastName)
			assert.Equal(t, time.Date(2020, 3, 17, 14, 13, 37, 0, time.UTC), c.DateCreated)
			assert.Equal(t, time.Date(2016, 8, 2, 8, 7, 52, 0, time.UTC), c.LastUpdated)
			assert.Empty(t, got[0].cards)
			assert.Empty(t, got[0].wallets)
		}},
		{"cards and wallets as arrays", `[{"object_reference_id":"user-000001",
			"cards":[{"card_token":"tkn_1","card_brand":"VISA","metadata":null,"token":{"par":"V001"}}],
			"wallets":[{"wallet":"MOBIKWIK","linked":true,"current_balance":100.50},
			           {"wallet":"PAYTM","linked":false,"token":null,"current_balance":null,"metadata":{"mobile_number":"9999999999"}}]}]`,
			func(t *testing.T, got []seedEntry) {
				require.Len(t, got[0].cards, 1)
				card := got[0].cards[0]
				assert.Equal(t, "tkn_1", card.Token)
				assert.Nil(t, card.Metadata, "null metadata is none")
				require.NotNil(t, card.NetworkToken)
				assert.Equal(t, "V001", card.NetworkToken.PAR)
				require.Len(t, got[0].wallets, 2)
				assert.Equal(t, juspay.Decimal("100.50"), got[0].wallets[0].CurrentBalance)
				assert.Empty(t, got[0].wallets[1].CurrentBalance)
				assert.JSONEq(t, `{"mobile_number":"9999999999"}`, string(got[0].wallets[1].Metadata))
			}},
		{"cards and wallets as Juspay's list answers", `[{"object_reference_id":"user-000001",
			"cards":{"customer_id":"x","merchantId":"m","cards":[{"card_token":"tkn_1"},{"card_token":"tkn_2"}]},
			"wallets":{"list":[{"wallet":"MOBIKWIK","id":"wlm_1"}],"offset":0,"count":1,"total":1,"object":"list"}}]`,
			func(t *testing.T, got []seedEntry) {
				assert.Len(t, got[0].cards, 2)
				require.Len(t, got[0].wallets, 1)
				assert.Equal(t, "wlm_1", got[0].wallets[0].ID)
			}},
		{"null cards and wallets", `[{"object_reference_id":"user-000001","cards":null,"wallets":null}]`, func(t *testing.T, got []seedEntry) {
			assert.Empty(t, got[0].cards)
			assert.Empty(t, got[0].wallets)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseSeed([]byte(tt.seed))
			require.NoError(t, err)
			tt.check(t, got)
		})
	}
}

func TestParseSeedRefuses(t *testing.T) {
	tests := []struct {
		name, seed, wantErr string
	}{
		{"empty", ``, `a seed is a JSON object {"customers":[...]} or a JSON array [...]`},
		{"a string", `"customers"`, `a seed is a JSON object`},
		{"a misspelt key", `{"customer":[]}`, `json: unknown field "customer"`},
		{"no customers key", `{}`, `no "customers" key`},
		{"a syntax error", "{\"customers\": [\n  {\"object_reference_id\": }]}", `line 2, column 27: invalid character '}'`},
		{"trailing garbage", `[] x`, `invalid character 'x' after top-level value`},
		{"not an object", `[1]`, `customers[0]: a customer is a JSON object`},
		{"no object_reference_id", `[{"mobile_number":"9988776655"}]`, `customers[0]: object_reference_id is missing or empty`},
		{"a bad date", `[{"object_reference_id":"user-000001"},{"object_reference_id":"user-000002","date_created":"yesterday"}]`,
			`customers[1]: juspaytest: customer date_created: parsing time "yesterday"`},
		{"a card of the wrong type", `[{"object_reference_id":"user-000001","cards":[{"expired":"no"}]}]`,
			`customers[0]: cards[0]: json: cannot unmarshal string into Go struct field Card.expired of type bool`},
		{"cards as an object without cards", `[{"object_reference_id":"user-000001","cards":{"list":[]}}]`,
			`customers[0]: cards: an object here must hold an array under "cards"`},
		{"wallets as a string", `[{"object_reference_id":"user-000001","wallets":"MOBIKWIK"}]`,
			`customers[0]: wallets: want a JSON array, or an object with "list"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseSeed([]byte(tt.seed))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.Nil(t, got)
		})
	}
}

func TestApplySeedAnswersWhatItStored(t *testing.T) {
	s := juspaytest.NewServer()
	t.Cleanup(s.Close)
	entries, err := parseSeed([]byte(`[{"object_reference_id":"user-000001",
		"cards":[{"card_brand":"VISA","token":{"par":"V001"}}],
		"wallets":[{"wallet":"MOBIKWIK","linked":true,"current_balance":100.50,"sub_details":[{"payment_method":"MOBIKWIK"}]},
		           {"wallet":"PAYTM","current_balance":null}]}]`))
	require.NoError(t, err)

	out, err := applySeed(s, entries)
	require.NoError(t, err)
	require.Len(t, out, 1)
	assert.Regexp(t, `^cth_`, out[0].ID, "an empty id is made up")
	require.Len(t, out[0].Cards, 1)
	assert.Regexp(t, `^tkn_`, out[0].Cards[0].Token)
	assert.Equal(t, out[0].Cards[0].Reference, out[0].Cards[0].NetworkToken.CardReference)

	b, err := json.Marshal(map[string][]seeded{"customers": out})
	require.NoError(t, err)
	var answer struct {
		Customers []map[string]json.RawMessage `json:"customers"`
	}
	require.NoError(t, json.Unmarshal(b, &answer))
	assert.Equal(t, `"user-000001"`, string(answer.Customers[0]["object_reference_id"]), "customer fields at the top, as in a seed")
	var wallets []map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(answer.Customers[0]["wallets"], &wallets))
	assert.Equal(t, "100.50", string(wallets[0]["current_balance"]), "exact, as seeded")
	assert.JSONEq(t, `[{"payment_method":"MOBIKWIK","payment_method_type":"","last_refreshed":null,"current_balance":null}]`, string(wallets[0]["sub_details"]))
	assert.Equal(t, "null", string(wallets[1]["current_balance"]), "null, not 0")

	// The answer is a seed: another server takes it and holds the same.
	again, err := parseSeed(b)
	require.NoError(t, err)
	s2 := juspaytest.NewServer()
	t.Cleanup(s2.Close)
	out2, err := applySeed(s2, again)
	require.NoError(t, err)
	b2, err := json.Marshal(map[string][]seeded{"customers": out2})
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))
}

func TestApplySeedStopsAtTheFirstRefusal(t *testing.T) {
	tests := []struct {
		name, seed, wantErr string
		wantStored          int
	}{
		{"a duplicate object_reference_id", `[{"object_reference_id":"user-000001"},{"object_reference_id":"user-000001"},{"object_reference_id":"user-000003"}]`,
			"customers[1]: juspaytest: AddCustomer: object_reference_id already exists", 1},
		{"a duplicate card token", `[{"object_reference_id":"user-000001","cards":[{"card_token":"tkn_1"},{"card_token":"tkn_1"}]}]`,
			"customers[0]: cards[1]: juspaytest: AddCard: card token already exists", 1},
		{"metadata that is not an object", `[{"object_reference_id":"user-000001","wallets":[{"wallet":"PAYTM","metadata":[1]}]}]`,
			"customers[0]: wallets[0]: juspaytest: AddWallet: bad Metadata", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := juspaytest.NewServer()
			t.Cleanup(s.Close)
			entries, err := parseSeed([]byte(tt.seed))
			require.NoError(t, err)
			_, err = applySeed(s, entries)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.Len(t, s.Customers(), tt.wantStored)
		})
	}
}

// TestReadSeedFile: a regular file of at most 1 MiB.
func TestReadSeedFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		return path
	}
	exact := `[{"object_reference_id":"user-000001"}` + strings.Repeat(" ", maxBody-39) + `]`
	require.Len(t, exact, maxBody)
	tests := []struct {
		name, path, wantErr string
		want                int
	}{
		{"a seed", write("ok.json", `[{"object_reference_id":"user-000001"},{"object_reference_id":"user-000002"}]`), "", 2},
		{"1 MiB exactly", write("exact.json", exact), "", 1},
		{"over 1 MiB", write("big.json", exact+" "), ": larger than 1048576 bytes", 0},
		{"a directory", dir, ": not a regular file", 0},
		{"missing", filepath.Join(dir, "missing.json"), "no such file or directory", 0},
		{"bad JSON", write("bad.json", "[{]"), "seed " + filepath.Join(dir, "bad.json") + ": line 1, column 3", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readSeedFile(tt.path)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Len(t, got, tt.want)
		})
	}
}
