package juspay

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestCountItems(t *testing.T) {
	cases := []struct {
		body           string
		items, members int
	}{
		{`null`, 0, 0},
		{`[]`, 1, 0},
		{`{}`, 0, 1},
		{`[1,2,3]`, 3, 0},
		{`{"a":1,"b":2}`, 0, 2},
		{`[{"a":1,"b":[1,2]},{}]`, 4, 3},
		{`{"a":"[,,,{",",":"]"}`, 0, 2},
		{`["\"[,",{"k":"\\"},"x"]`, 3, 1},
		{`]]]}}},,`, 0, 2}, // broken text is counted, not trusted
	}
	for _, tc := range cases {
		items, members := countItems([]byte(tc.body))
		assert.Equal(t, tc.items, items, "items of %s", tc.body)
		assert.Equal(t, tc.members, members, "members of %s", tc.body)
	}
}

func TestDecodeCosts(t *testing.T) {
	type node struct {
		Next     *node
		Children []node
	}
	cases := []struct {
		v            any
		item, member int
	}{
		{new(int), 0, 0},
		{new(string), 0, 0},
		{new([]int64), 8 * sliceGrowth, 0},
		{new([][3]int64), 24 * sliceGrowth, 0},
		{new(map[string]int64), mapBase, mapBase},
		{new(*[64]byte), 64, 64},
		{new(any), anyValue, anyValue},
		{new([]*[100]byte), 100, 100},
		{new(node), int(reflect.TypeFor[node]().Size()) * sliceGrowth, int(reflect.TypeFor[node]().Size())},
		{new([]time.Time), ownDecoder, ownDecoder}, // an Unmarshaler may decode again
	}
	for _, tc := range cases {
		item, member := decodeCosts(reflect.TypeOf(tc.v).Elem())
		assert.Equal(t, tc.item, item, "item of %T", tc.v)
		assert.Equal(t, tc.member, member, "member of %T", tc.v)
	}
}

// FuzzDecodeBudget checks that withinDecodeBudget is an upper bound: for
// an array of a repeated unit decoded into each of a set of types, the
// longest such array it lets through (the worst case, found by bisection)
// allocates at most maxDecodeBytes, plus the body's own bytes twice (the
// strings it holds are copied).
func FuzzDecodeBudget(f *testing.F) {
	for _, seed := range []string{`null`, `{}`, `{"a":[1,2,{"b":null}]}`, `[[],[[]],"x"]`, `{"card_token":"t"}`, `[]`, `1`} {
		f.Add(seed)
	}
	into := []func() any{
		func() any { return &[]Card{} },
		func() any { return new(any) },
		func() any { return &[][2048]byte{} },
		func() any { return &[]map[string][]*Customer{} },
		func() any { return &[][]any{} },
	}
	f.Fuzz(func(t *testing.T, unit string) {
		body := func(n int) []byte { return []byte("[" + strings.TrimSuffix(strings.Repeat(unit+",", n), ",") + "]") }
		if unit == "" || !json.Valid(body(2)) {
			return
		}
		for _, newV := range into {
			typ := reflect.TypeOf(newV())
			fits := func(n int) bool {
				b := body(n)
				return len(b) <= maxResponseBody && countValues(b, maxValues) <= maxValues && withinDecodeBudget(b, typ)
			}
			lo, hi := 0, maxValues+1 // fits(lo), and not fits(hi)
			for hi-lo > 1 {
				if mid := (lo + hi) / 2; fits(mid) {
					lo = mid
				} else {
					hi = mid
				}
			}
			if lo == 0 {
				continue
			}
			b, v := body(lo), newV()
			got := bytesAllocated(func() { _ = json.Unmarshal(b, v) })
			if limit := uint64(maxDecodeBytes + 2*len(b)); got > limit {
				t.Fatalf("%T: %d MiB allocated for %d units (%d bytes) judged within the budget", v, got>>20, lo, len(b))
			}
		}
	})
}
