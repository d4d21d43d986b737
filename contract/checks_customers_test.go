package contract

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"

	juspay "github.com/seed276dc779/juspay-go"
)

// checkCreate: the create answers the object_reference_id sent, exactly
// (the client refuses any other), and an id the client takes for Juspay's
// own (cst_ or cth_), which GetCustomer then checks the answer against.
func checkCreate(ctx context.Context, tg *target) (string, error) {
	c, err := tg.customer(ctx)
	if err != nil {
		return "", err
	}
	got, ok := c.fields["object_reference_id"].(string)
	switch {
	case !ok:
		return "", errors.New("the answer has no object_reference_id string")
	case got != c.ref:
		return "", fmt.Errorf("object_reference_id came back as %q, not %q as sent", got, c.ref)
	}
	prefix, rest, _ := strings.Cut(c.id, "_")
	if (prefix != "cst" && prefix != "cth") || rest == "" {
		return "", fmt.Errorf("the id %q starts with neither cst_ nor cth_: the client would take it for a reference", c.id)
	}
	return fmt.Sprintf("id %s_ and %d characters", prefix, len(rest)), nil
}

// checkGet: a get by the object_reference_id and one by Juspay's id answer
// the same customer, each echoing both exactly: the client checks the one
// it asked by.
func checkGet(ctx context.Context, tg *target) (string, error) {
	c, err := tg.needCustomer(ctx)
	if err != nil {
		return "", err
	}
	var got []map[string]any
	for _, by := range []struct{ what, id string }{{"reference", c.ref}, {"id", c.id}} {
		a, err := tg.raw(ctx, http.MethodGet, "/customers/"+url.PathEscape(by.id), nil, nil, c.ref)
		if err != nil {
			return "", err
		}
		if a.status != http.StatusOK {
			return "", fmt.Errorf("get by %s answered %s", by.what, describe(a))
		}
		m, err := a.object()
		if err != nil {
			return "", fmt.Errorf("get by %s: %w", by.what, err)
		}
		if id, _ := m["id"].(string); id != c.id {
			return "", fmt.Errorf("get by %s answered id %q, not %q", by.what, id, c.id)
		}
		if ref, _ := m["object_reference_id"].(string); ref != c.ref {
			return "", fmt.Errorf("get by %s answered object_reference_id %q, not %q", by.what, ref, c.ref)
		}
		got = append(got, m)
	}
	if diff := differentKeys(got[0], got[1]); len(diff) > 0 {
		return "", fmt.Errorf("the two answers differ in %s", strings.Join(diff, ", "))
	}
	return "", nil
}

// checkDuplicate: a second create with a reference already taken is refused
// as "already exists" (HTTP 400, error_code "unique", error_info.code
// "ALREADY_EXISTS"), never a second customer: GetOrCreateCustomer and the
// retried create rely on it.
func checkDuplicate(ctx context.Context, tg *target) (string, error) {
	c, cl, err := tg.customerClient(ctx)
	if err != nil {
		return "", err
	}
	again, err := cl.CreateCustomer(ctx, &juspay.CreateCustomerRequest{
		ObjectReferenceID: c.ref, MobileNumber: customerForm(c.ref).Get("mobile_number"), RoutingID: c.ref,
	})
	if err == nil {
		return "", fmt.Errorf("it answered a customer (id %q): the reference is not unique", again.ID)
	}
	apiErr, err := asAPIError(err)
	if err != nil {
		return "", err
	}
	seen := fmt.Sprintf("HTTP %d, error_code %q, error_info.code %q", apiErr.HTTPStatus, apiErr.ErrorCode, infoCode(apiErr))
	if apiErr.HTTPStatus != http.StatusBadRequest || !errors.Is(apiErr, juspay.ErrAlreadyExists) {
		return "", fmt.Errorf("it answered %s; documented: HTTP 400, unique, ALREADY_EXISTS", seen)
	}
	return seen, nil
}

// updatedName is the first_name the update sends.
const updatedName = "Updated"

// checkUpdate: an update changes the fields it sends and leaves the others
// as they were: UpdateCustomer sends only the non-empty fields of its
// request.
func checkUpdate(ctx context.Context, tg *target) (string, error) {
	c, cl, err := tg.customerClient(ctx)
	if err != nil {
		return "", err
	}
	upd, err := cl.UpdateCustomer(ctx, &juspay.UpdateCustomerRequest{CustomerID: c.id, FirstName: updatedName, RoutingID: c.ref})
	if err != nil {
		return "", fmt.Errorf("the update: %w", err)
	}
	if err := onlyFirstNameChanged("the update's answer", c.customer, upd); err != nil {
		return "", err
	}
	got, err := cl.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: c.id, RoutingID: c.ref})
	if err != nil {
		return "", fmt.Errorf("the get after the update: %w", err)
	}
	return "", onlyFirstNameChanged("the customer got after the update", c.customer, got)
}

// onlyFirstNameChanged says how after differs from before other than by
// the update's first_name, among the fields an update may change and the
// id (the reference's echo is the get's and the create's concern). It names
// fields, never their values.
func onlyFirstNameChanged(what string, before juspay.Customer, after *juspay.Customer) error {
	if after.FirstName != updatedName {
		return fmt.Errorf("%s: first_name, which the update sent, did not change", what)
	}
	var changed []string
	for _, f := range []struct {
		name          string
		before, after string
	}{
		{"id", before.ID, after.ID},
		{"mobile_country_code", before.MobileCountryCode, after.MobileCountryCode},
		{"mobile_number", before.MobileNumber, after.MobileNumber},
		{"email_address", before.EmailAddress, after.EmailAddress},
		{"last_name", before.LastName, after.LastName},
	} {
		if f.before != f.after {
			changed = append(changed, f.name)
		}
	}
	if !before.DateCreated.Equal(after.DateCreated) {
		changed = append(changed, "date_created")
	}
	if len(changed) > 0 {
		return fmt.Errorf("%s: %s changed, though the update did not send it", what, strings.Join(changed, ", "))
	}
	return nil
}

// The window around 15 minutes a client auth token's expiry must fall in,
// clocks a little apart included.
const (
	minTokenLife = 12 * time.Minute
	maxTokenLife = 18 * time.Minute
)

// checkToken: a client auth token comes with its expiry, about 15 minutes
// ahead, which ClientAuth.Expired reads.
func checkToken(ctx context.Context, tg *target) (string, error) {
	c, cl, err := tg.customerClient(ctx)
	if err != nil {
		return "", err
	}
	auth, err := cl.ClientAuthToken(ctx, &juspay.GetCustomerRequest{CustomerID: c.id, RoutingID: c.ref})
	if err != nil {
		return "", err
	}
	if auth.Expiry.IsZero() {
		return "", errors.New("the token has no client_auth_token_expiry the client can read")
	}
	ahead := time.Until(auth.Expiry).Round(time.Second)
	note := fmt.Sprintf("expires %s ahead", ahead)
	if ahead < minTokenLife || ahead > maxTokenLife {
		return note, fmt.Errorf("it expires %s ahead, not about 15 minutes", ahead)
	}
	return note, nil
}

// unknownCustomers are a reference and a Juspay id no customer has.
func (tg *target) unknownCustomers() []struct{ what, id string } {
	return []struct{ what, id string }{{"reference", tg.runID + "-Unknown"}, {"id", "cth_" + randomText(16)}}
}

// checkNotFound: an unknown reference or Juspay id is Juspay's not-found
// (HTTP 404, error_code "object_not_found"): GetOrCreateCustomer creates
// on it, and on nothing else.
func checkNotFound(ctx context.Context, tg *target) (string, error) {
	cl, err := tg.client(tg.cfg.apiKey)
	if err != nil {
		return "", err
	}
	var codes []string // what each answer's error_info was, documented both ways
	for _, probe := range tg.unknownCustomers() {
		_, err := cl.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: probe.id, RoutingID: probe.id})
		if err == nil {
			return "", fmt.Errorf("an unknown %s answered a customer", probe.what)
		}
		apiErr, err := asAPIError(err)
		if err != nil {
			return "", fmt.Errorf("an unknown %s: %w", probe.what, err)
		}
		if apiErr.HTTPStatus != http.StatusNotFound || apiErr.ErrorCode != "object_not_found" || !errors.Is(apiErr, juspay.ErrNotFound) {
			return "", fmt.Errorf("an unknown %s answered HTTP %d, error_code %q; documented: 404 object_not_found",
				probe.what, apiErr.HTTPStatus, apiErr.ErrorCode)
		}
		info := "no error_info"
		if code := infoCode(apiErr); code != "" {
			info = "error_info.code " + code
		}
		codes = append(codes, info)
	}
	if codes[0] == codes[1] {
		return codes[0], nil
	}
	return "reference: " + codes[0] + "; id: " + codes[1], nil
}

// checkBadKey: a wrong API key is a 401, which the client reports as
// ErrUnauthorized with what to check.
func checkBadKey(ctx context.Context, tg *target) (string, error) {
	bad, err := tg.client("JuspayGoContractWrongKey")
	if err != nil {
		return "", err
	}
	probe := tg.unknownCustomers()[0]
	_, err = bad.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: probe.id, RoutingID: probe.id})
	if err == nil {
		return "", errors.New("a wrong key was answered with a customer")
	}
	apiErr, err := asAPIError(err)
	if err != nil {
		return "", err
	}
	seen := fmt.Sprintf("HTTP %d, error_code %q", apiErr.HTTPStatus, apiErr.ErrorCode)
	if apiErr.HTTPStatus != http.StatusUnauthorized || !errors.Is(apiErr, juspay.ErrUnauthorized) {
		return "", fmt.Errorf("a wrong key was answered %s; documented: HTTP 401, access_denied", seen)
	}
	return seen, nil
}

// checkResponseID: answers carry x-response-id, a customer's and an
// error's, which Response.RequestID and APIError.RequestID read for
// Juspay's support.
func checkResponseID(ctx context.Context, tg *target) (string, error) {
	c, cl, err := tg.customerClient(ctx)
	if err != nil {
		return "", err
	}
	got, err := cl.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: c.id, RoutingID: c.ref})
	if err != nil {
		return "", err
	}
	if got.LastResponse.Header.Get("X-Response-Id") == "" {
		return "", errors.New("a customer's answer has no x-response-id header")
	}
	probe := tg.unknownCustomers()[0]
	if _, err = cl.GetCustomer(ctx, &juspay.GetCustomerRequest{CustomerID: probe.id, RoutingID: probe.id}); err == nil {
		return "", errors.New("an unknown customer was answered with a customer")
	}
	apiErr, err := asAPIError(err)
	if err != nil {
		return "", fmt.Errorf("an unknown customer: %w", err)
	}
	if apiErr.Header.Get("X-Response-Id") == "" {
		return "", fmt.Errorf("an error's answer (HTTP %d) has no x-response-id header", apiErr.HTTPStatus)
	}
	return "", nil
}

// asAPIError is err as the *juspay.APIError of an answer; an error when
// there was no answer.
func asAPIError(err error) (*juspay.APIError, error) {
	var apiErr *juspay.APIError
	if !errors.As(err, &apiErr) {
		return nil, fmt.Errorf("no answer to judge: %w", err)
	}
	return apiErr, nil
}

// infoCode is e's error_info.code; empty without error_info.
func infoCode(e *juspay.APIError) string {
	if e.ErrorInfo == nil {
		return ""
	}
	return e.ErrorInfo.Code
}

// differentKeys are the keys whose values differ between a and b, sorted.
func differentKeys(a, b map[string]any) []string {
	var keys []string
	for k, v := range a {
		if w, ok := b[k]; !ok || !reflect.DeepEqual(v, w) {
			keys = append(keys, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}
