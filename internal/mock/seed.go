package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/seed276dc779/juspay-go/juspaytest"
)

// A seed is customers with their cards and wallets, in Juspay's own JSON:
//
//	{"customers": [ENTRY, ...]}   or   [ENTRY, ...]
//
// An ENTRY is a customer as Juspay answers it (keys juspaytest.Customer
// reads; others, such as "object" or "juspay", are ignored), plus two
// optional keys: "cards", an array of cards as in List Cards' "cards" (or
// that whole answer), and "wallets", an array of wallets as in List
// Wallets' "list" (or that whole answer). The same JSON is the -seed file
// and the body of POST /__admin/seed; the value of "cards" or "wallets" is
// also the body of POST /__admin/customers/{id}/cards or .../wallets.
type seedEntry struct {
	customer juspaytest.Customer
	cards    []juspaytest.Card
	wallets  []juspaytest.Wallet
}

// maxBody caps a seed file and an admin request body, as juspaytest caps
// the API's.
const maxBody = 1 << 20

// maxSeedItems caps the customers, cards and wallets of one seed, all
// counted: a 1 MiB seed of "{}" cards would otherwise be 350,000 of them.
const maxSeedItems = 10000

// readSeedFile reads and parses the seed file at path: a regular file (not a
// FIFO or a device, which could block or never end) of at most maxBody
// bytes.
func readSeedFile(path string) ([]seedEntry, error) {
	data, err := readRegularFile(path, maxBody)
	if err != nil {
		return nil, err
	}
	entries, err := parseSeed(data)
	if err != nil {
		return nil, fmt.Errorf("seed %s: %w", path, err)
	}
	return entries, nil
}

// readRegularFile reads the regular file at path, refusing anything else
// (checked before opening it: opening a FIFO blocks) and a file over max
// bytes.
func readRegularFile(path string, max int64) ([]byte, error) {
	if fi, err := os.Stat(path); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(data)) > max {
		err = fmt.Errorf("%s: larger than %d bytes", path, max)
	}
	return data, err
}

// parseSeed reads a whole seed. Nothing is seeded yet, so a seed that does
// not parse changes nothing.
func parseSeed(data []byte) ([]seedEntry, error) {
	var raws []json.RawMessage
	switch firstByte(data) {
	case '[':
		if err := json.Unmarshal(data, &raws); err != nil {
			return nil, jsonError(data, err)
		}
	case '{':
		var top struct {
			Customers *[]json.RawMessage `json:"customers"`
		}
		if err := decodeStrict(data, &top); err != nil {
			return nil, err
		}
		if top.Customers == nil {
			return nil, errors.New(`no "customers" key: a seed is {"customers":[...]} or [...]`)
		}
		raws = *top.Customers
	default:
		return nil, errors.New(`a seed is a JSON object {"customers":[...]} or a JSON array [...]`)
	}
	entries := make([]seedEntry, len(raws))
	items := 0
	for i, raw := range raws {
		e, err := parseEntry(raw)
		if err != nil {
			return nil, fmt.Errorf("customers[%d]: %w", i, err)
		}
		if items += 1 + len(e.cards) + len(e.wallets); items > maxSeedItems {
			return nil, tooMany()
		}
		entries[i] = e
	}
	return entries, nil
}

// parseEntry reads one customer with its cards and wallets.
func parseEntry(raw json.RawMessage) (seedEntry, error) {
	if firstByte(raw) != '{' {
		return seedEntry{}, errors.New("a customer is a JSON object")
	}
	var e seedEntry
	if err := json.Unmarshal(raw, &e.customer); err != nil {
		return seedEntry{}, err
	}
	if e.customer.ObjectReferenceID == "" {
		return seedEntry{}, errors.New("object_reference_id is missing or empty")
	}
	var rest struct {
		Cards   json.RawMessage `json:"cards"`
		Wallets json.RawMessage `json:"wallets"`
	}
	if err := json.Unmarshal(raw, &rest); err != nil {
		return seedEntry{}, err
	}
	var err error
	if e.cards, err = parseCards(rest.Cards); err != nil {
		return seedEntry{}, err
	}
	if e.wallets, err = parseWallets(rest.Wallets); err != nil {
		return seedEntry{}, err
	}
	return e, nil
}

// parseCards reads an array of cards, or a List Cards answer (its "cards").
func parseCards(raw []byte) ([]juspaytest.Card, error) {
	cards, err := listOrAnswer[juspaytest.Card](raw, "cards", "cards")
	for i := range cards {
		cards[i].Metadata = nullToNil(cards[i].Metadata)
	}
	return cards, err
}

// parseWallets reads an array of wallets, or a List Wallets answer (its
// "list").
func parseWallets(raw []byte) ([]juspaytest.Wallet, error) {
	wallets, err := listOrAnswer[juspaytest.Wallet](raw, "wallets", "list")
	for i := range wallets {
		wallets[i].Metadata = nullToNil(wallets[i].Metadata)
	}
	return wallets, err
}

// listOrAnswer reads raw, the value of name, as a JSON array of T, or as
// Juspay's list answer: an object whose key holds that array. Absent or
// null is none. Errors name the element: "cards[1]: ...".
func listOrAnswer[T any](raw []byte, name, key string) ([]T, error) {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || string(t) == "null" {
		return nil, nil
	}
	var elems []json.RawMessage
	switch t[0] {
	case '[':
		if err := json.Unmarshal(t, &elems); err != nil {
			return nil, fmt.Errorf("%s: %w", name, jsonError(t, err))
		}
	case '{':
		var answer map[string]json.RawMessage
		if err := json.Unmarshal(t, &answer); err != nil {
			return nil, fmt.Errorf("%s: %w", name, jsonError(t, err))
		}
		if firstByte(answer[key]) != '[' {
			return nil, fmt.Errorf("%s: an object here must hold an array under %q", name, key)
		}
		_ = json.Unmarshal(answer[key], &elems) // a valid array: it was inside valid JSON
	default:
		return nil, fmt.Errorf("%s: want a JSON array, or an object with %q", name, key)
	}
	if len(elems) > maxSeedItems {
		return nil, tooMany()
	}
	list := make([]T, len(elems))
	for i, e := range elems {
		if err := json.Unmarshal(e, &list[i]); err != nil {
			return nil, fmt.Errorf("%s[%d]: %w", name, i, err)
		}
	}
	return list, nil
}

func tooMany() error {
	return fmt.Errorf("more than %d customers, cards and wallets in all", maxSeedItems)
}

// nullToNil turns a JSON null metadata into none: juspaytest.AddCard and
// AddWallet accept empty metadata or an object, and encoding/json keeps a
// null json.RawMessage as the text "null".
func nullToNil(raw json.RawMessage) json.RawMessage {
	if string(bytes.TrimSpace(raw)) == "null" {
		return nil
	}
	return raw
}

// firstByte is the first byte of data that is not JSON white space, or 0.
func firstByte(data []byte) byte {
	if t := bytes.TrimSpace(data); len(t) > 0 {
		return t[0]
	}
	return 0
}

// jsonError adds the line and column to a JSON syntax error, which
// encoding/json reports as a byte offset.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	if !errors.As(err, &syn) {
		return err
	}
	before := data[:min(int(syn.Offset), len(data))] // up to the byte it stopped at
	line := bytes.Count(before, []byte("\n")) + 1
	col := max(len(before)-1-bytes.LastIndexByte(before, '\n'), 1)
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}

// decodeStrict reads one JSON object into v, refusing unknown keys and
// anything after it.
func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(body, err)
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	return nil
}

// seeded is one customer as stored, with its cards and wallets: the same
// JSON shape as a seed entry, so an answer can be seeded again.
type seeded struct {
	juspaytest.Customer
	Cards   []juspaytest.Card
	Wallets []juspaytest.Wallet
}

// MarshalJSON writes the customer as Juspay answers it, with "cards" and
// "wallets" added.
func (e seeded) MarshalJSON() ([]byte, error) {
	cust, err := json.Marshal(e.Customer)
	if err != nil {
		return nil, err
	}
	more, err := json.Marshal(struct {
		Cards   []juspaytest.Card   `json:"cards"`
		Wallets []juspaytest.Wallet `json:"wallets"`
	}{e.Cards, e.Wallets})
	if err != nil {
		return nil, err
	}
	// {...customer} and {"cards":...} make {...customer,"cards":...}.
	return append(append(cust[:len(cust)-1], ','), more[1:]...), nil
}

// applySeed stores entries in order. It stops at the first one juspaytest
// refuses (a duplicate id, say): the ones before it stay stored.
func applySeed(s *juspaytest.Server, entries []seedEntry) ([]seeded, error) {
	out := make([]seeded, 0, len(entries))
	for i, e := range entries {
		c, err := s.AddCustomer(e.customer)
		if err != nil {
			return out, fmt.Errorf("customers[%d]: %w", i, err)
		}
		cards, err := addCards(s, c.ID, e.cards)
		if err != nil {
			return out, fmt.Errorf("customers[%d]: %w", i, err)
		}
		wallets, err := addWallets(s, c.ID, e.wallets)
		if err != nil {
			return out, fmt.Errorf("customers[%d]: %w", i, err)
		}
		out = append(out, seeded{Customer: c, Cards: cards, Wallets: wallets})
	}
	return out, nil
}

// addCards saves cards for customerID, in order, and returns them as stored.
func addCards(s *juspaytest.Server, customerID string, cards []juspaytest.Card) ([]juspaytest.Card, error) {
	out := []juspaytest.Card{}
	for i, c := range cards {
		stored, err := s.AddCard(customerID, c)
		if err != nil {
			return out, fmt.Errorf("cards[%d]: %w", i, err)
		}
		out = append(out, stored)
	}
	return out, nil
}

// addWallets saves wallets for customerID, in order, and returns them as
// stored.
func addWallets(s *juspaytest.Server, customerID string, wallets []juspaytest.Wallet) ([]juspaytest.Wallet, error) {
	out := []juspaytest.Wallet{}
	for i, w := range wallets {
		stored, err := s.AddWallet(customerID, w)
		if err != nil {
			return out, fmt.Errorf("wallets[%d]: %w", i, err)
		}
		out = append(out, stored)
	}
	return out, nil
}
