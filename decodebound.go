package juspay

import (
	"encoding/json"
	"reflect"
)

// Do decodes into the caller's own types, whose decoding the wire types'
// bounds (wire.go) do not reach: 49,990 nulls (250 KB) decoded into a
// []Card allocate 89 MiB, since every null becomes a zero Card in a slice
// that grows by copying. So Do estimates, before decoding, the most the
// answer could make encoding/json allocate for v's type, and refuses an
// answer over maxDecodeBytes: each array item at the cost of the largest
// slice element (or pointee, map entry or interface value) v's type can
// hold, each object member at the cost of the largest pointee, map entry
// or interface value. The estimate is an upper bound whatever the JSON
// (FuzzDecodeBudget), and loose enough for the answers Do is for (1000
// mandates of 16 members into a []struct or a []map[string]any are under a
// third of it).

// maxDecodeBytes bounds what decoding one answer may allocate.
const maxDecodeBytes = 32 << 20

// Costs of what encoding/json allocates, in bytes, beyond the sizes of the
// Go types involved.
const (
	sliceGrowth = 6    // a slice grown item by item allocates up to 6× its final size in all (growth by 1.25×, size classes)
	mapEntry    = 3    // a map entry costs up to 3× its key and element sizes (groups, growth)
	mapBase     = 320  // a new map: its header and first group
	anyValue    = 480  // a value decoded into an interface: a map, a slice or a boxed scalar, and its growth
	ownDecoder  = 1024 // a value of a type with its own UnmarshalJSON (a Card's "metadata" member costs 960)
)

// withinDecodeBudget reports whether decoding body into a value of type t
// surely allocates at most maxDecodeBytes.
func withinDecodeBudget(body []byte, t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem() // the caller's own value: decoding fills it in place
	}
	item, member := decodeCosts(t)
	worst := max(item, member, 1)
	if len(body) <= maxDecodeBytes/worst { // each value takes at least a byte
		return true
	}
	items, members := countItems(body)
	return items*item+members*member <= maxDecodeBytes
}

// decodeCosts returns the most one JSON array item and one JSON object
// member can make encoding/json allocate when decoding into a value of
// type t, at any depth: an item may grow any slice t holds (or be anything
// a member may be); a member may fill any pointer, map entry or interface
// value t holds, or start a map.
func decodeCosts(t reflect.Type) (item, member int) {
	unmarshaler := reflect.TypeFor[json.Unmarshaler]()
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		if t.Implements(unmarshaler) || reflect.PointerTo(t).Implements(unmarshaler) {
			// Its own UnmarshalJSON may decode again, with a decoder of
			// its own; and what its fields hold.
			member, item = max(member, ownDecoder), max(item, ownDecoder)
		}
		switch t.Kind() {
		case reflect.Pointer:
			member = max(member, int(t.Elem().Size()))
			walk(t.Elem())
		case reflect.Slice:
			item = max(item, int(t.Elem().Size())*sliceGrowth)
			walk(t.Elem())
		case reflect.Array:
			walk(t.Elem())
		case reflect.Map:
			member = max(member, mapBase, int(t.Key().Size()+t.Elem().Size())*mapEntry)
			walk(t.Key())
			walk(t.Elem())
		case reflect.Struct:
			for i := 0; i < t.NumField(); i++ {
				walk(t.Field(i).Type)
			}
		case reflect.Interface:
			member = max(member, anyValue)
			item = max(item, anyValue)
		}
	}
	walk(t)
	return max(item, member), member
}

// countItems counts the array items and the object members of a JSON
// text, at any depth; an empty array or object counts as one of its kind.
// Strings are skipped; the rest is read only as far as counting needs.
func countItems(b []byte) (items, members int) {
	var stack []byte // the open containers, '[' or '{'
	inString := false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[':
			items++
			stack = append(stack, c)
		case c == '{':
			members++
			stack = append(stack, c)
		case c == ']' || c == '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case c == ',' && len(stack) > 0 && stack[len(stack)-1] == '[':
			items++
		case c == ',':
			members++
		}
	}
	return items, members
}
