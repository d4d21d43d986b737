package juspay

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostile returns a body of about 1 MiB: head, then item repeated with
// sep, then tail.
func hostile(head, item, sep, tail string) []byte {
	n := (maxResponseBody - len(head) - len(tail)) / (len(item) + len(sep))
	return []byte(head + strings.Repeat(item+sep, n-1) + item + tail)
}

// nested repeats outer, each holding inner repeated, as a body of about
// 1 MiB: lists inside lists, each under its own cap.
func nested(head, outerItem, inner, tail string, innerN int) []byte {
	item := strings.Replace(outerItem, "INNER", strings.TrimSuffix(strings.Repeat(inner+",", innerN), ","), 1)
	return hostile(head, item, ",", tail)
}

// TestDecodeBounded: decoding any 1 MiB answer, through the request path,
// allocates at most 32 MiB. An answer with more values than a real one
// holds, or a list or map longer than one, is refused as too long. Not
// parallel: it reads the process's allocation counter.
func TestDecodeBounded(t *testing.T) {
	const limit = 32 << 20
	cases := []struct {
		name    string
		body    []byte
		into    func() answer
		tooLong bool
	}{
		{"emptyCards", hostile(`{"cards":[`, `{}`, `,`, `]}`), func() answer { return &CardList{} }, true},
		{"nullCards", hostile(`{"cards":[`, `null`, `,`, `]}`), func() answer { return &CardList{} }, true},
		{"emptyWallets", hostile(`{"list":[`, `{}`, `,`, `]}`), func() answer { return &WalletList{} }, true},
		{"subDetails", hostile(`{"list":[{"sub_details":[`, `{}`, `,`, `]}]}`), func() answer { return &WalletList{} }, true},
		{"metadata", hostile(`{"cards":[{"metadata":{`, `"a":1`, `,`, `}}]}`), func() answer { return &CardList{} }, true},
		{"gateways", hostile(`{"cards":[{"token":{"cvv_less_supported_gateways":[`, `""`, `,`, `]}}]}`), func() answer { return &CardList{} }, true},
		{"fullCards", fullCards(maxListLen), func() answer { return &CardList{} }, false},
		{"longStrings", hostile(`{"cards":[{"card_brand":"`, `x`, ``, `"}]}`), func() answer { return &CardList{} }, false},
		{"customer", hostile(`{"id":"`, `x`, ``, `"}`), func() answer { return &Customer{} }, false},
		{"walletsOfDetails", nested(`{"list":[`, `{"sub_details":[INNER]}`, `{}`, `]}`, maxListLen-1), func() answer { return &WalletList{} }, true},
		{"cardsOfGateways", nested(`{"cards":[`, `{"token":{"cvv_less_supported_gateways":[INNER]}}`, `""`, `]}`, maxListLen-1), func() answer { return &CardList{} }, true},
		{"cardsOfMetadata", nested(`{"cards":[`, `{"metadata":{INNER}}`, `"a":1`, `]}`, maxMapLen-1), func() answer { return &CardList{} }, true},
		{"customerOfJunk", hostile(`{"id":"cst_1","junk":[`, `{}`, `,`, `]}`), func() answer { return &Customer{} }, true},
		{"raw", hostile(`[`, `{}`, `,`, `]`), func() answer { var v any; return &rawAnswer{v: &v} }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.LessOrEqual(t, len(tc.body), maxResponseBody)
			var err error
			r := &request{}
			n := bytesAllocated(func() { err = r.decode(tc.body, tc.into()) })
			assert.Less(t, n, uint64(limit), "bytes allocated")
			if tc.tooLong {
				assert.ErrorIs(t, err, errTooLong)
				assert.ErrorIs(t, err, ErrResponseTooLarge)
			} else {
				assert.NoError(t, err)
			}
		})
	}
}

// fullCards is a card list of n cards with every field set, as a body.
func fullCards(n int) []byte {
	card := `{"card_token":"tkn_1b6fcc1015944fdfb5020a92x4fa1f91","card_reference":"r","card_number":"XXXX-1449",` +
		`"card_brand":"VISA","expired":false,"name_on_card":"J","metadata":{"a":"b"},` +
		`"token":{"par":"V001","cvv_less_supported_gateways":["PAYU"]}}`
	return []byte(`{"customer_id":"c","cards":[` + strings.Repeat(card+",", n-1) + card + `]}`)
}

// TestCountValues: what the budget counts, and that strings and escapes
// inside them do not count.
func TestCountValues(t *testing.T) {
	for _, tc := range []struct {
		body string
		want int
	}{
		{`{}`, 1}, {`[]`, 1}, {`"a,b"`, 0}, {`{"a":1,"b":[1,2,3]}`, 5}, {`["a\",[",","]`, 2},
		{`{"x":"\\",  "y":{"z":[{},{}]}}`, 7}, {`12`, 0},
	} {
		assert.Equal(t, tc.want, countValues([]byte(tc.body), 100), tc.body)
	}
	assert.Equal(t, 4, countValues([]byte(`[1,2,3,4,5,6,7]`), 3), "it stops past the limit")
}

// TestValueBudget: the budget falls exactly at maxValues.
func TestValueBudget(t *testing.T) {
	items := func(n int) []byte { return []byte("[" + strings.TrimSuffix(strings.Repeat("0,", n), ",") + "]") }
	var v []int
	r := &request{}
	require.NoError(t, r.decode(items(maxValues), &rawAnswer{v: &v}))
	assert.Len(t, v, maxValues)
	assert.ErrorIs(t, r.decode(items(maxValues+1), &rawAnswer{v: &v}), ErrResponseTooLarge)
}

// TestListBounds: the bounds fall exactly at maxListLen and maxMapLen.
func TestListBounds(t *testing.T) {
	items := func(n int, item string) string { return strings.TrimSuffix(strings.Repeat(item+",", n), ",") }
	var l listOf[jsonText]
	require.NoError(t, json.Unmarshal([]byte("["+items(maxListLen, `"a"`)+"]"), &l))
	assert.Len(t, l, maxListLen)
	assert.ErrorIs(t, json.Unmarshal([]byte("["+items(maxListLen+1, `"a"`)+"]"), &l), errTooLong)

	members := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"k` + strconv.Itoa(i) + `":1`)
		}
		return b.String()
	}
	var m textMap
	require.NoError(t, json.Unmarshal([]byte("{"+members(maxMapLen)+"}"), &m))
	assert.Len(t, m, maxMapLen)
	assert.ErrorIs(t, json.Unmarshal([]byte("{"+members(maxMapLen+1)+"}"), &m), errTooLong)
}

// TestWireTypes: the tolerant scalars, and how each marshals back.
func TestWireTypes(t *testing.T) {
	var w struct {
		T  jsonText `json:"t"`
		B  jsonBool `json:"b"`
		BS jsonBool `json:"bs"`
		N  jsonInt  `json:"n"`
		NS jsonInt  `json:"ns"`
		D  Decimal  `json:"d"`
		DS Decimal  `json:"ds"`
		Tm jsonTime `json:"tm"`
		L  listOf[jsonText]
		M  textMap
	}
	w.B, w.N = true, 7 // null leaves them as they are
	require.NoError(t, json.Unmarshal([]byte(`{"t":12,"b":null,"bs":"true","n":null,"ns":"42","d":100.10,"ds":"1e2",`+
		`"tm":"2016-08-02T08:07:52+0000","L":[null,"a",1,null],"M":{"k":true,"n":null}}`), &w))
	assert.Equal(t, jsonText("12"), w.T)
	assert.True(t, bool(w.B))
	assert.True(t, bool(w.BS))
	assert.Equal(t, jsonInt(7), w.N)
	assert.Equal(t, jsonInt(42), w.NS)
	assert.Equal(t, Decimal("100.10"), w.D)
	assert.Equal(t, Decimal("1e2"), w.DS)
	assert.Equal(t, time.Date(2016, 8, 2, 8, 7, 52, 0, time.UTC), time.Time(w.Tm))
	assert.Equal(t, listOf[jsonText]{"a", "1"}, w.L)
	assert.Equal(t, textMap{"k": "true", "n": ""}, w.M)

	for _, tc := range []struct {
		v    any
		want string
	}{
		{Decimal(""), "null"}, {Decimal("100.10"), "100.10"}, {Decimal("-0.5"), "-0.5"}, {Decimal("1e2"), "1e2"},
		{Decimal("abc"), `"abc"`}, {Decimal("01"), `"01"`}, {Decimal("1."), `"1."`},
		{jsonTime{}, "null"}, {jsonTime(time.Date(2023, 9, 11, 8, 29, 47, 0, time.UTC)), `"2023-09-11T08:29:47Z"`},
		{jsonBool(true), "true"}, {jsonInt(3), "3"}, {jsonText("x"), `"x"`},
	} {
		b, err := json.Marshal(tc.v)
		require.NoError(t, err)
		assert.Equal(t, tc.want, string(b), "%#v", tc.v)
	}
}

// BenchmarkDecodeHostileCardList decodes 1 MiB of "{}," cards: the issue's
// 243 MiB allocated before lists were bounded.
func BenchmarkDecodeHostileCardList(b *testing.B) {
	body := hostile(`{"cards":[`, `{}`, `,`, `]}`)
	b.ReportAllocs()
	for range b.N {
		var l CardList
		_ = l.UnmarshalJSON(body)
	}
}
