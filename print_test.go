package juspay_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"

	juspay "github.com/seed276dc779/juspay-go"
)

// forged is server text that would forge a log line or reorder what a
// reader sees: a newline and a fake record, a right-to-left override, a
// line separator, a carriage return and an escape.
const forged = "VISA\nlevel=ERROR msg=forged\u202eRLO\u2028LS\r\x1b[31m"

// fillStrings sets every string field of *v, nested structs, pointers to
// structs, slices and maps included, to s.
func fillStrings(v reflect.Value, s string) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(s)
		}
	case reflect.Pointer:
		if v.IsNil() && v.CanSet() && v.Type().Elem().Kind() == reflect.Struct {
			v.Set(reflect.New(v.Type().Elem()))
		}
		if !v.IsNil() {
			fillStrings(v.Elem(), s)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillStrings(v.Field(i), s)
			}
		}
	case reflect.Slice:
		if v.CanSet() && v.Len() == 0 {
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		}
		for i := range v.Len() {
			fillStrings(v.Index(i), s)
		}
	case reflect.Map:
		if v.CanSet() && v.Type().Key().Kind() == reflect.String && v.Type().Elem().Kind() == reflect.String {
			v.Set(reflect.ValueOf(map[string]string{"k": s}).Convert(v.Type()))
		}
	}
}

// printable is every value type of the package that a call returns or
// takes. (APIError and ErrorInfo hold only server text that newAPIError
// made one line; TestAPIErrorIsOneLine covers them.)
func printable() []any {
	return []any{
		&juspay.Customer{}, &juspay.ClientAuth{}, &juspay.CardList{}, &juspay.Card{}, &juspay.NetworkToken{},
		&juspay.DeletedCard{}, &juspay.WalletList{}, &juspay.Wallet{}, &juspay.WalletDetail{}, &juspay.Response{},
		&juspay.CreateCustomerRequest{}, &juspay.GetCustomerRequest{}, &juspay.UpdateCustomerRequest{},
		&juspay.ListCardsRequest{}, &juspay.DeleteCardRequest{}, &juspay.ListWalletsRequest{}, &juspay.RawRequest{},
	}
}

// TestPrintingIsOneLine: whatever a value holds, what fmt and slog print of
// it is one line without control, line-separator or bidi characters.
func TestPrintingIsOneLine(t *testing.T) {
	for _, p := range printable() {
		fillStrings(reflect.ValueOf(p), forged)
		v := reflect.ValueOf(p).Elem().Interface()
		name := reflect.TypeOf(v).Name()
		t.Run(name, func(t *testing.T) {
			var outs []string
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
				outs = append(outs, fmt.Sprintf(verb, v), fmt.Sprintf(verb, p))
			}
			var text bytes.Buffer
			slog.New(slog.NewTextHandler(&text, nil)).Info("m", "v", v, "p", p)
			outs = append(outs, strings.TrimSuffix(text.String(), "\n"))
			for _, out := range outs {
				i := strings.IndexFunc(out, func(r rune) bool {
					return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
				})
				assert.Equal(t, -1, i, "%q", out)
			}
		})
	}
}

// TestPrintingNilPointers: a nil result prints as nil with fmt, whatever
// the verb.
func TestPrintingNilPointers(t *testing.T) {
	var cust *juspay.Customer
	var card *juspay.Card
	var list *juspay.CardList
	for _, verb := range []string{"%v", "%+v", "%s"} {
		assert.Equal(t, "<nil> <nil> <nil>", fmt.Sprintf(verb+" "+verb+" "+verb, cust, card, list))
	}
}
