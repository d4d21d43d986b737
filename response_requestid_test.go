package juspay_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
)

// TestRequestIDOfASuccessIsOneLine: the RequestID of a 2xx answer's
// Response, short and valid UTF-8 as it may be, holds no control, line
// separator or bidi character: it is what a user quotes in a log line or a
// ticket. (net/http lets such header values through, a newline aside.)
func TestRequestIDOfASuccessIsOneLine(t *testing.T) {
	t.Parallel()
	calls := map[string]func(ctx context.Context, c *juspay.Client) (*juspay.Response, error){
		"GetCustomer": func(ctx context.Context, c *juspay.Client) (*juspay.Response, error) {
			cust, err := c.GetCustomer(ctx, lookupRequest())
			if err != nil {
				return nil, err
			}
			return cust.LastResponse, nil
		},
		"ListCards": func(ctx context.Context, c *juspay.Client) (*juspay.Response, error) {
			list, err := c.ListCards(ctx, &juspay.ListCardsRequest{CustomerID: faultCustomerID})
			if err != nil {
				return nil, err
			}
			return list.LastResponse, nil
		},
		"DeleteCard": func(ctx context.Context, c *juspay.Client) (*juspay.Response, error) {
			deleted, err := c.DeleteCard(ctx, &juspay.DeleteCardRequest{CardToken: "tkn_1"})
			if err != nil {
				return nil, err
			}
			return deleted.LastResponse, nil
		},
		"ListWallets": func(ctx context.Context, c *juspay.Client) (*juspay.Response, error) {
			list, err := c.ListWallets(ctx, &juspay.ListWalletsRequest{CustomerID: faultCustomerID})
			if err != nil {
				return nil, err
			}
			return list.LastResponse, nil
		},
		"Do": func(ctx context.Context, c *juspay.Client) (*juspay.Response, error) {
			return c.Do(ctx, &juspay.RawRequest{Method: http.MethodGet, Path: "/customers/{id}", ID: faultCustomerID}, nil)
		},
	}
	ids := map[string]string{
		"lineSeparator": "req-1\u2028forged", "paragraphSeparator": "req-1\u2029forged",
		"rightToLeftOverride": "req-1\u202edegrof", "tab": "req-1\tforged", "nextLine": "req-1\u0085forged",
	}
	for name, call := range calls {
		for idName, id := range ids {
			t.Run(name+"/"+idName, func(t *testing.T) {
				t.Parallel()
				_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("X-Response-Id", id)
					switch {
					case r.URL.Path == "/cards":
						writeFor(w, r, http.StatusOK, `{"customer_id":"x","cards":[]}`)
					case r.URL.Path == "/card/delete":
						writeFor(w, r, http.StatusOK, `{"card_token":"x","deleted":true}`)
					case strings.HasSuffix(r.URL.Path, "/wallets"):
						writeFor(w, r, http.StatusOK, `{"list":[]}`)
					default:
						writeFor(w, r, http.StatusOK, sampleCustomer)
					}
				})
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				resp, err := call(ctx, c)
				require.NoError(t, err)
				require.NotNil(t, resp)
				assert.True(t, strings.HasPrefix(resp.RequestID, "req-1"), "%q", resp.RequestID)
				i := strings.IndexFunc(resp.RequestID, func(r rune) bool {
					return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
				})
				assert.Equal(t, -1, i, "RequestID %q is not one plain line", resp.RequestID)
			})
		}
	}
}
