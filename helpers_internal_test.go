package juspay

// The helpers that more than one internal test file uses. The call-level
// tests of package juspay_test have theirs in helpers_test.go; the two
// packages cannot share helpers.

import (
	"bufio"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// gatewayRow is one row of the Create Customer page's gateway table.
type gatewayRow struct {
	name   string
	fields []string // wire names, in the page's order
}

// pageFieldWireName maps the page's wording of a mandatory field to its wire name.
func pageFieldWireName(t *testing.T, s string) string {
	t.Helper()
	switch s {
	case "Mobile number":
		return "mobile_number"
	case "Email address":
		return "email_address"
	}
	require.Failf(t, "unknown field in the gateway table", "%q", s)
	return ""
}

// loadGatewayTable parses testdata/gateways.md, a verbatim copy of the page's table.
func loadGatewayTable(t *testing.T) []gatewayRow {
	t.Helper()
	f, err := os.Open("testdata/gateways.md")
	require.NoError(t, err)
	defer f.Close()

	var rows []gatewayRow
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		require.Truef(t, strings.HasPrefix(text, "|") && strings.HasSuffix(text, "|"), "line %d is not a table row: %q", line, text)
		cells := strings.Split(strings.Trim(text, "|"), "|")
		require.Lenf(t, cells, 2, "line %d: %q", line, text)
		name, fieldsCell := strings.TrimSpace(cells[0]), strings.TrimSpace(cells[1])
		switch line {
		case 1:
			require.Equal(t, "Gateway", name)
			require.Equal(t, "Mandatory Fields", fieldsCell)
			continue
		case 2:
			require.Equal(t, "---", name)
			continue
		}
		row := gatewayRow{name: name}
		for _, field := range strings.Split(fieldsCell, ",") {
			row.fields = append(row.fields, pageFieldWireName(t, strings.TrimSpace(field)))
		}
		rows = append(rows, row)
	}
	require.NoError(t, sc.Err())
	require.Len(t, rows, 31, "the page lists 31 gateways")
	return rows
}

// overwrite fills b with junk, as a reused read buffer would be.
func overwrite(b []byte) {
	for i := range b {
		b[i] = '#'
	}
}

// bytesAllocated reports the bytes f allocates.
func bytesAllocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// BytesAllocated is bytesAllocated for this package's external tests.
func BytesAllocated(f func()) uint64 { return bytesAllocated(f) }
