package juspay

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
)

// rawHandler is a slog.Handler that writes each attribute's value as it
// is, one record a line, as a handler that trusts its values would (slog's
// TextHandler and JSONHandler escape control characters themselves).
type rawHandler struct{ w io.Writer }

func (h rawHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h rawHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h rawHandler) WithGroup(string) slog.Handler            { return h }

func (h rawHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		writeRaw(&b, "", a)
		return true
	})
	b.WriteByte('\n')
	_, err := io.WriteString(h.w, b.String())
	return err
}

// writeRaw writes a as " key=value", a group as its members, keys dotted.
func writeRaw(b *strings.Builder, prefix string, a slog.Attr) {
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		for _, member := range v.Group() {
			writeRaw(b, prefix+a.Key+".", member)
		}
		return
	}
	b.WriteString(" " + prefix + a.Key + "=" + v.String())
}

// TestLogValueIsOneLineForAHandlerThatWritesValuesAsTheyAre: whatever a
// value holds, its LogValue is one line without control, line-separator or
// bidi characters even for a handler that escapes nothing: the values are
// made one line by LogValue, not left to the handler.
func TestLogValueIsOneLineForAHandlerThatWritesValuesAsTheyAre(t *testing.T) {
	values := append(printable(), &Client{merchantID: forged, baseURL: forged})
	for _, p := range values {
		fillStrings(reflect.ValueOf(p), forged)
		v := reflect.ValueOf(p).Elem().Interface()
		t.Run(reflect.TypeOf(v).Name(), func(t *testing.T) {
			var out bytes.Buffer
			slog.New(rawHandler{&out}).Info("m", "v", p)
			line, ok := strings.CutSuffix(out.String(), "\n")
			assert.True(t, ok, "no record was written")
			i := strings.IndexFunc(line, func(r rune) bool {
				return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
			})
			assert.Equal(t, -1, i, "%q", line)
			assert.Contains(t, line, " v.", "the value was not logged as its fields")
		})
	}
}
