package juspay_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	juspay "github.com/seed276dc779/juspay-go"
)

// bodyUpdated is a customer as Update answers it, with the "+0000" form.
const bodyUpdated = `{"id":"cst_pcxaymwoh9vbse97","object":"customer","object_reference_id":"customer@gmail.com",
 "mobile_country_code":"91","mobile_number":"9988776655","email_address":"new@example.com",
 "first_name":"John","last_name":"Smith",
 "date_created":"2016-08-02T08:07:52+0000","last_updated":"2016-08-02T08:10:11+0000"}`

// fakeCall is one request the fake saw.
type fakeCall struct {
	Method    string
	Path      string // escaped
	RawQuery  string
	RoutingID string
	Form      url.Values
}

func (c fakeCall) String() string { return c.Method + " " + c.Path }

// fakeJuspay is a tiny in-memory customer API for the lifecycle tests: Get by
// Juspay id or object_reference_id, and Create with Juspay's duplicate answer.
type fakeJuspay struct {
	t *testing.T

	// onGet, when set, runs before a GET is answered (outside the lock).
	onGet func()
	// getStatus, when set, is the answer to every GET (the body is bodyUnauthorized).
	getStatus int
	// lostCreates is how many creates store the customer and then answer 502.
	lostCreates int

	mu        sync.Mutex
	customers map[string]map[string]any // by object_reference_id
	calls     []fakeCall
	tokens    int
}

func newFakeJuspay(t *testing.T) *fakeJuspay {
	return &fakeJuspay{t: t, customers: map[string]map[string]any{}}
}

// start serves the fake and returns a client for it.
func (f *fakeJuspay) start(opts ...juspay.Option) *juspay.Client {
	f.t.Helper()
	srv := newServerFunc(f.t, f.serveHTTP)
	return newClientFor(f.t, srv.URL, opts...)
}

// add stores a customer as if created earlier.
func (f *fakeJuspay) add(ref string) map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.store(ref, url.Values{"mobile_number": {"9988776655"}})
}

func (f *fakeJuspay) store(ref string, form url.Values) map[string]any {
	c := map[string]any{
		"id":                  fmt.Sprintf("cst_%d", len(f.customers)+1),
		"object":              "customer",
		"object_reference_id": ref,
		"mobile_number":       form.Get("mobile_number"),
		"email_address":       form.Get("email_address"),
		"date_created":        "2020-03-17T14:13:37Z",
		"last_updated":        "2020-03-17T14:13:37Z",
	}
	f.customers[ref] = c
	return c
}

func (f *fakeJuspay) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.customers)
}

func (f *fakeJuspay) seen() []fakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeCall(nil), f.calls...)
}

func (f *fakeJuspay) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		f.t.Errorf("fake: parsing form: %v", err)
	}
	call := fakeCall{Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
		RoutingID: r.Header.Get("X-Routing-Id"), Form: r.PostForm}
	f.mu.Lock()
	f.calls = append(f.calls, call)
	f.mu.Unlock()

	switch {
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/customers/"):
		if f.onGet != nil {
			f.onGet()
		}
		f.get(w, r, strings.TrimPrefix(r.URL.Path, "/customers/"))
	case r.Method == http.MethodPost && r.URL.Path == "/customers":
		f.create(w, r.PostForm)
	default:
		f.t.Errorf("fake: unexpected %s %s", r.Method, r.URL.Path)
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

func (f *fakeJuspay) get(w http.ResponseWriter, r *http.Request, id string) {
	if f.getStatus != 0 {
		writeJSON(w, f.getStatus, bodyUnauthorized)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.customers {
		if c["id"] == id || c["object_reference_id"] == id {
			f.answer(w, c, r.URL.Query().Get("options.get_client_auth_token") == "true")
			return
		}
	}
	writeJSON(w, http.StatusNotFound, bodyNotFound)
}

func (f *fakeJuspay) create(w http.ResponseWriter, form url.Values) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ref := form.Get("object_reference_id")
	if _, ok := f.customers[ref]; ok {
		writeJSON(w, http.StatusBadRequest, bodyDuplicate)
		return
	}
	c := f.store(ref, form)
	if f.lostCreates > 0 {
		f.lostCreates--
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html>502 Bad Gateway</html>"))
		return
	}
	f.answer(w, c, form.Get("options.get_client_auth_token") == "true")
}

// answer writes customer c, with a fresh token when asked. Callers hold f.mu.
func (f *fakeJuspay) answer(w http.ResponseWriter, c map[string]any, token bool) {
	out := map[string]any{}
	for k, v := range c {
		out[k] = v
	}
	if token {
		f.tokens++
		out["juspay"] = map[string]string{
			"client_auth_token":        fmt.Sprintf("tkn_%d", f.tokens),
			"client_auth_token_expiry": "2020-03-17T14:28:37Z",
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		f.t.Errorf("fake: %v", err)
	}
	writeJSON(w, http.StatusOK, string(b))
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// callNames returns "METHOD path" of each call.
func callNames(calls []fakeCall) []string {
	names := make([]string, len(calls))
	for i, c := range calls {
		names[i] = c.String()
	}
	return names
}

func TestGetCustomerPathEscaping(t *testing.T) {
	cases := []struct {
		name     string
		id       string
		wantPath string
	}{
		{"Juspay id", "cst_pcxaymwoh9vbse97", "/customers/cst_pcxaymwoh9vbse97"},
		{"e-mail", "customer@gmail.com", "/customers/customer@gmail.com"},
		{"slash", "a/b", "/customers/a%2Fb"},
		{"dot dot slash", "../admin", "/customers/..%2Fadmin"},
		{"question mark", "what?x=1", "/customers/what%3Fx=1"},
		{"hash", "#frag", "/customers/%23frag"},
		{"percent", "100%", "/customers/100%25"},
		{"percent escape look-alike", "a%2Fb", "/customers/a%252Fb"},
		{"space", "Mary Ann", "/customers/Mary%20Ann"},
		{"non-ASCII", "José", "/customers/Jos%C3%A9"},
		{"semicolon and comma", "a;b,c", "/customers/a%3Bb%2Cc"},
		{"all at once", "a/b?c#d%e@f g", "/customers/a%2Fb%3Fc%23d%25e@f%20g"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, rec := newRecordingServer(t, http.StatusOK, pageSampleNoToken)
			client := newClientFor(t, srv.URL)

			_, err := client.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: c.id})
			require.NoError(t, err)
			got := rec.only(t)
			assert.Equal(t, http.MethodGet, got.Method)
			assert.Equal(t, c.wantPath, got.EscapedPath)
			assert.Equal(t, "/customers/"+c.id, got.Path, "the id is one path segment")
			assert.Empty(t, got.RawQuery, "the id must not add a query")
			assert.Empty(t, got.Body)
			assert.Empty(t, got.Header.Get("Content-Type"), "a GET has no body to type")
		})
	}
}

func TestGetCustomerRequest(t *testing.T) {
	cases := []struct {
		name        string
		req         juspay.GetCustomerRequest
		wantQuery   string
		wantRouting string
	}{
		{"plain", juspay.GetCustomerRequest{CustomerID: "cst_pcxaymwoh9vbse97"}, "", "cst_pcxaymwoh9vbse97"},
		{"with token", juspay.GetCustomerRequest{CustomerID: "customer@gmail.com", GetClientAuthToken: true},
			"options.get_client_auth_token=true", "customer@gmail.com"},
		{"routing id given", juspay.GetCustomerRequest{CustomerID: "cst_pcxaymwoh9vbse97", RoutingID: "customer@gmail.com"},
			"", "customer@gmail.com"},
		{"id with query-like text and token", juspay.GetCustomerRequest{CustomerID: "x?options.get_client_auth_token=false", GetClientAuthToken: true},
			"options.get_client_auth_token=true", "x?options.get_client_auth_token=false"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, rec := newRecordingServer(t, http.StatusOK, pageSampleWithToken)
			client := newClientFor(t, srv.URL)
			req := c.req

			cust, err := client.GetCustomer(context.Background(), &req)
			require.NoError(t, err)
			assert.Equal(t, "cst_afdeuvmfhs3j1acm", cust.ID)
			got := rec.only(t)
			assert.Equal(t, c.wantQuery, got.RawQuery)
			assert.Equal(t, []string{c.wantRouting}, got.Header.Values("X-Routing-Id"))
			assert.Equal(t, []string{sampleMerchantID}, got.Header.Values("X-Merchantid"))
		})
	}
}

func TestGetCustomerNotFound(t *testing.T) {
	srv, rec := newRecordingServer(t, http.StatusNotFound, bodyNotFound)
	client := newClientFor(t, srv.URL)

	cust, err := client.GetCustomer(context.Background(), &juspay.GetCustomerRequest{CustomerID: "customer@gmail.com"})
	assert.Nil(t, cust)
	assert.True(t, juspay.IsNotFound(err), "IsNotFound(%v)", err)
	assert.False(t, juspay.IsAlreadyExists(err))
	assert.Contains(t, err.Error(), "GetCustomer GET /customers/{id}")
	assert.NotContains(t, err.Error(), "customer@gmail.com")
	assert.Equal(t, 1, rec.count(), "a 404 is not retried")
}

func TestGetCustomerInvalid(t *testing.T) {
	cases := []struct {
		name  string
		req   *juspay.GetCustomerRequest
		field string
	}{
		{"nil", nil, "request"},
		{"empty id", &juspay.GetCustomerRequest{}, "id"},
		{"dot", &juspay.GetCustomerRequest{CustomerID: "."}, "id"},
		{"dot dot", &juspay.GetCustomerRequest{CustomerID: ".."}, "id"},
		{"id with LF", &juspay.GetCustomerRequest{CustomerID: "a\nb"}, "id"},
		{"routing id with CR", &juspay.GetCustomerRequest{CustomerID: "cst_1", RoutingID: "a\rb"}, "x-routing-id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, rec := newRecordingServer(t, http.StatusOK, pageSampleNoToken)
			client := newClientFor(t, srv.URL)
			_, err := client.GetCustomer(context.Background(), c.req)
			var vErr *juspay.ValidationError
			require.ErrorAs(t, err, &vErr)
			assert.Equal(t, c.field, vErr.Field)
			assert.Zero(t, rec.count())
		})
	}
}

func TestUpdateCustomerWire(t *testing.T) {
	cases := []struct {
		name        string
		req         juspay.UpdateCustomerRequest
		wantPath    string
		wantForm    url.Values
		wantRouting string
	}{
		{
			name:        "e-mail only",
			req:         juspay.UpdateCustomerRequest{CustomerID: "cst_pcxaymwoh9vbse97", EmailAddress: "new@example.com"},
			wantPath:    "/customers/cst_pcxaymwoh9vbse97",
			wantForm:    url.Values{"email_address": {"new@example.com"}},
			wantRouting: "cst_pcxaymwoh9vbse97",
		},
		{
			name:        "names, routing id given",
			req:         juspay.UpdateCustomerRequest{CustomerID: "cst_pcxaymwoh9vbse97", FirstName: "Mary Ann", LastName: "D'Souza", RoutingID: "customer@gmail.com"},
			wantPath:    "/customers/cst_pcxaymwoh9vbse97",
			wantForm:    url.Values{"first_name": {"Mary Ann"}, "last_name": {"D'Souza"}},
			wantRouting: "customer@gmail.com",
		},
		{
			name:        "mobile with +91, by object_reference_id",
			req:         juspay.UpdateCustomerRequest{CustomerID: "customer/1122", MobileNumber: "9912346789", MobileCountryCode: "+91"},
			wantPath:    "/customers/customer%2F1122",
			wantForm:    url.Values{"mobile_number": {"9912346789"}, "mobile_country_code": {"91"}},
			wantRouting: "customer/1122",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, rec := newRecordingServer(t, http.StatusOK, bodyUpdated)
			client := newClientFor(t, srv.URL)
			req := c.req

			cust, err := client.UpdateCustomer(context.Background(), &req)
			require.NoError(t, err)
			assert.Equal(t, "new@example.com", cust.EmailAddress)
			assert.Equal(t, utc(2016, 8, 2, 8, 7, 52), cust.DateCreated)
			assert.Equal(t, utc(2016, 8, 2, 8, 10, 11), cust.LastUpdated)

			got := rec.only(t)
			assert.Equal(t, http.MethodPost, got.Method)
			assert.Equal(t, c.wantPath, got.EscapedPath)
			assert.Empty(t, got.RawQuery)
			assert.Equal(t, []string{"application/x-www-form-urlencoded"}, got.Header.Values("Content-Type"))
			assert.Equal(t, []string{c.wantRouting}, got.Header.Values("X-Routing-Id"))
			assert.Equal(t, c.wantForm.Encode(), string(got.Body))
			form, err := url.ParseQuery(string(got.Body))
			require.NoError(t, err)
			assert.Equal(t, c.wantForm, form, "only the given fields are sent")
		})
	}
}

func TestUpdateCustomerInvalid(t *testing.T) {
	cases := []struct {
		name  string
		req   *juspay.UpdateCustomerRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no id", &juspay.UpdateCustomerRequest{EmailAddress: "new@example.com"}, "id"},
		{"nothing to change", &juspay.UpdateCustomerRequest{CustomerID: "cst_1"}, "request"},
		{"only a routing id", &juspay.UpdateCustomerRequest{CustomerID: "cst_1", RoutingID: "customer_1122"}, "request"},
		{"bad e-mail", &juspay.UpdateCustomerRequest{CustomerID: "cst_1", EmailAddress: ".john@example.com"}, "email_address"},
		{"bad first name", &juspay.UpdateCustomerRequest{CustomerID: "cst_1", FirstName: "John<script>"}, "first_name"},
		{"bad last name", &juspay.UpdateCustomerRequest{CustomerID: "cst_1", LastName: "Smith;"}, "last_name"},
		{"bad mobile", &juspay.UpdateCustomerRequest{CustomerID: "cst_1", MobileNumber: "99887-76655"}, "mobile_number"},
		{"+ mobile without country code", &juspay.UpdateCustomerRequest{CustomerID: "cst_1", MobileNumber: "+919912346789"}, "mobile_number"},
		{"bad country code", &juspay.UpdateCustomerRequest{CustomerID: "cst_1", MobileCountryCode: "abcd"}, "mobile_country_code"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, rec := newRecordingServer(t, http.StatusOK, bodyUpdated)
			client := newClientFor(t, srv.URL)
			cust, err := client.UpdateCustomer(context.Background(), c.req)
			assert.Nil(t, cust)
			var vErr *juspay.ValidationError
			require.ErrorAs(t, err, &vErr)
			assert.Equal(t, c.field, vErr.Field)
			assert.Zero(t, rec.count(), "nothing may be sent")
		})
	}
}

func TestGetOrCreateCustomer(t *testing.T) {
	const ref = "customer@gmail.com"
	cases := []struct {
		name      string
		existing  bool
		token     bool
		wantCalls []string
		wantQuery []string // RawQuery of each call
	}{
		{"found: no create", true, false,
			[]string{"GET /customers/customer@gmail.com"}, []string{""}},
		{"found, with token", true, true,
			[]string{"GET /customers/customer@gmail.com"}, []string{"options.get_client_auth_token=true"}},
		{"not found: created", false, false,
			[]string{"GET /customers/customer@gmail.com", "POST /customers"}, []string{"", ""}},
		{"not found: created with token", false, true,
			[]string{"GET /customers/customer@gmail.com", "POST /customers"}, []string{"options.get_client_auth_token=true", ""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeJuspay(t)
			var existing map[string]any
			if c.existing {
				existing = f.add(ref)
			}
			client := f.start()

			cust, err := client.GetOrCreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
				ObjectReferenceID: ref, MobileNumber: "9988776655", EmailAddress: "customer@gmail.com",
				GetClientAuthToken: c.token,
			})
			require.NoError(t, err)
			require.NotNil(t, cust)
			assert.Equal(t, ref, cust.ObjectReferenceID)
			if c.existing {
				assert.Equal(t, existing["id"], cust.ID)
			}
			assert.Equal(t, 1, f.count(), "exactly one customer exists")
			if c.token {
				require.NotNil(t, cust.ClientAuth)
				assert.NotEmpty(t, cust.ClientAuth.Token)
			} else {
				assert.Nil(t, cust.ClientAuth)
			}

			calls := f.seen()
			assert.Equal(t, c.wantCalls, callNames(calls))
			for i, call := range calls {
				assert.Equal(t, ref, call.RoutingID, "x-routing-id of %s", call)
				if i < len(c.wantQuery) {
					assert.Equal(t, c.wantQuery[i], call.RawQuery, "query of %s", call)
				}
				if call.Method == http.MethodPost {
					want := ""
					if c.token {
						want = "true"
					}
					assert.Equal(t, want, call.Form.Get("options.get_client_auth_token"))
				}
			}
		})
	}
}

func TestGetOrCreateCustomerUsesRoutingID(t *testing.T) {
	f := newFakeJuspay(t)
	client := f.start()
	_, err := client.GetOrCreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "customer@gmail.com", MobileNumber: "9988776655", RoutingID: "cart_42",
	})
	require.NoError(t, err)
	calls := f.seen()
	require.Len(t, calls, 2)
	for _, call := range calls {
		assert.Equal(t, "cart_42", call.RoutingID, "x-routing-id of %s", call)
	}
}

func TestGetOrCreateCustomerGetRefused(t *testing.T) {
	f := newFakeJuspay(t)
	f.getStatus = http.StatusUnauthorized
	client := f.start()

	cust, err := client.GetOrCreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "customer@gmail.com", MobileNumber: "9988776655",
	})
	assert.Nil(t, cust)
	assert.True(t, juspay.IsUnauthorized(err), "IsUnauthorized(%v)", err)
	assert.Equal(t, []string{"GET /customers/customer@gmail.com"}, callNames(f.seen()), "no create after a refused get")
	assert.Zero(t, f.count())
}

// TestGetOrCreateCustomerRace: two calls for one new customer both see "not
// found" before either creates it; one create wins, the other meets "already
// exists". Both must return the one customer.
func TestGetOrCreateCustomerRace(t *testing.T) {
	const ref = "customer@gmail.com"
	f := newFakeJuspay(t)
	var (
		gets    atomic.Int32
		arrived sync.WaitGroup
	)
	arrived.Add(2)
	both := make(chan struct{})
	go func() { arrived.Wait(); close(both) }()
	f.onGet = func() {
		if gets.Add(1) > 2 {
			return
		}
		arrived.Done()
		select {
		case <-both: // both gets are in: now both answer "not found"
		case <-time.After(5 * time.Second):
			t.Error("the second GetOrCreate's get never arrived")
		}
	}
	client := f.start()

	var (
		wg    sync.WaitGroup
		custs [2]*juspay.Customer
		errs  [2]error
	)
	for i := range custs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			custs[i], errs[i] = client.GetOrCreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
				ObjectReferenceID: ref, MobileNumber: "9988776655",
			})
		}(i)
	}
	wg.Wait()

	for i := range custs {
		require.NoError(t, errs[i], "call %d", i)
		require.NotNil(t, custs[i])
	}
	assert.Equal(t, custs[0].ID, custs[1].ID, "both calls return the same customer")
	assert.Equal(t, 1, f.count(), "exactly one customer exists")

	calls := f.seen()
	names := callNames(calls)
	assert.Len(t, calls, 5, "2 gets, 2 creates, 1 get after the duplicate: %v", names)
	posts := 0
	for _, call := range calls {
		assert.Equal(t, ref, call.RoutingID, "x-routing-id of %s", call)
		if call.Method == http.MethodPost {
			posts++
		}
	}
	assert.Equal(t, 2, posts, "calls: %v", names)
}

// TestCreateCustomerLostAnswer: the first create lands but its answer is
// lost (502); the retry meets "already exists", and the customer the first
// attempt made is fetched and returned.
func TestCreateCustomerLostAnswer(t *testing.T) {
	const ref = "customer@gmail.com"
	cases := []struct {
		name      string
		token     bool
		wantQuery string
	}{
		{"without token", false, ""},
		{"with token", true, "options.get_client_auth_token=true"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeJuspay(t)
			f.lostCreates = 1
			client := f.start(juspay.WithRetryBackoff(time.Millisecond, 2*time.Millisecond))

			cust, err := client.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
				ObjectReferenceID: ref, MobileNumber: "9988776655", RoutingID: "customer_1122", GetClientAuthToken: c.token,
			})
			require.NoError(t, err, "a retried create must not report a false duplicate")
			require.NotNil(t, cust)
			assert.Equal(t, "cst_1", cust.ID)
			assert.Equal(t, ref, cust.ObjectReferenceID)
			assert.Equal(t, 1, f.count(), "exactly one customer exists")
			if c.token {
				require.NotNil(t, cust.ClientAuth, "the token asked for is fetched")
				assert.Equal(t, "tkn_1", cust.ClientAuth.Token)
			} else {
				assert.Nil(t, cust.ClientAuth)
			}

			calls := f.seen()
			require.Equal(t, []string{"POST /customers", "POST /customers", "GET /customers/customer@gmail.com"}, callNames(calls))
			assert.Equal(t, c.wantQuery, calls[2].RawQuery)
			for _, call := range calls {
				assert.Equal(t, "customer_1122", call.RoutingID, "x-routing-id of %s", call)
			}
		})
	}
}

func TestCreateCustomerDuplicateOnFirstAttempt(t *testing.T) {
	f := newFakeJuspay(t)
	f.add("customer@gmail.com")
	client := f.start()

	cust, err := client.CreateCustomer(context.Background(), &juspay.CreateCustomerRequest{
		ObjectReferenceID: "customer@gmail.com", MobileNumber: "9988776655",
	})
	assert.Nil(t, cust)
	var apiErr *juspay.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadRequest, apiErr.HTTPStatus)
	assert.True(t, juspay.IsAlreadyExists(err))
	assert.Equal(t, []string{"POST /customers"}, callNames(f.seen()), "no get after a real duplicate")
}

func TestClientAuthToken(t *testing.T) {
	srv, rec := newRecordingServer(t, http.StatusOK, pageSampleWithToken)
	client := newClientFor(t, srv.URL)

	auth, err := client.ClientAuthToken(context.Background(), &juspay.GetCustomerRequest{CustomerID: "cst_afdeuvmfhs3j1acm"})
	require.NoError(t, err)
	require.NotNil(t, auth)
	assert.Equal(t, "tkn_24543c6a278f45d680d09edb32e78061", auth.Token)
	assert.Equal(t, utc(2020, 3, 17, 14, 28, 37), auth.Expiry)

	got := rec.only(t)
	assert.Equal(t, http.MethodGet, got.Method)
	assert.Equal(t, "/customers/cst_afdeuvmfhs3j1acm", got.EscapedPath)
	assert.Equal(t, "options.get_client_auth_token=true", got.RawQuery, "a token is asked for though the request did not")
	assert.Equal(t, "cst_afdeuvmfhs3j1acm", got.Header.Get("X-Routing-Id"))
}

func TestClientAuthTokenMissing(t *testing.T) {
	srv, _ := newRecordingServer(t, http.StatusOK, pageSampleNoToken)
	client := newClientFor(t, srv.URL)

	auth, err := client.ClientAuthToken(context.Background(), &juspay.GetCustomerRequest{CustomerID: "cst_pcxaymwoh9vbse97"})
	require.Error(t, err)
	assert.Nil(t, auth)
	var reqErr *juspay.RequestError
	assert.ErrorAs(t, err, &reqErr)
	assert.Contains(t, err.Error(), "ClientAuthToken")
}

func TestClientAuthExpiry(t *testing.T) {
	expiry := utc(2020, 3, 17, 14, 28, 37)
	cases := []struct {
		name        string
		auth        *juspay.ClientAuth
		now         time.Time
		wantExpired bool
		wantIn      time.Duration
	}{
		{"nil", nil, expiry.Add(-time.Minute), true, 0},
		{"empty token", &juspay.ClientAuth{Expiry: expiry}, expiry.Add(-time.Minute), true, 0},
		{"zero expiry", &juspay.ClientAuth{Token: "tkn_1"}, expiry.Add(-time.Minute), true, 0},
		{"15 minutes before", &juspay.ClientAuth{Token: "tkn_1", Expiry: expiry}, expiry.Add(-15 * time.Minute), false, 15 * time.Minute},
		{"1ns before", &juspay.ClientAuth{Token: "tkn_1", Expiry: expiry}, expiry.Add(-time.Nanosecond), false, time.Nanosecond},
		{"at expiry", &juspay.ClientAuth{Token: "tkn_1", Expiry: expiry}, expiry, true, 0},
		{"after expiry", &juspay.ClientAuth{Token: "tkn_1", Expiry: expiry}, expiry.Add(time.Hour), true, 0},
		{"now in another zone", &juspay.ClientAuth{Token: "tkn_1", Expiry: expiry},
			expiry.Add(-time.Minute).In(time.FixedZone("IST", 5*3600+1800)), false, time.Minute},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.wantExpired, c.auth.Expired(c.now))
			assert.Equal(t, c.wantIn, c.auth.ExpiresIn(c.now))
		})
	}
}

func TestRequiredFieldsForGateway(t *testing.T) {
	noEmail := func() *juspay.CreateCustomerRequest {
		return &juspay.CreateCustomerRequest{ObjectReferenceID: "customer_1122", MobileNumber: "9988776655"}
	}
	calls := []struct {
		name string
		do   func(*juspay.Client) error
	}{
		{"CreateCustomer", func(c *juspay.Client) error {
			_, err := c.CreateCustomer(context.Background(), noEmail())
			return err
		}},
		{"GetOrCreateCustomer", func(c *juspay.Client) error {
			_, err := c.GetOrCreateCustomer(context.Background(), noEmail())
			return err
		}},
	}
	for _, call := range calls {
		t.Run(call.name+" refuses a request without e-mail", func(t *testing.T) {
			srv, rec := newRecordingServer(t, http.StatusOK, pageSampleNoToken)
			client := newClientFor(t, srv.URL, juspay.WithRequiredFieldsFor(juspay.GatewayPayPal))

			err := call.do(client)
			var vErr *juspay.ValidationError
			require.ErrorAs(t, err, &vErr)
			assert.Equal(t, "email_address", vErr.Field)
			assert.Equal(t, juspay.Gateway("PAYPAL"), vErr.Gateway)
			assert.ErrorIs(t, err, juspay.ErrValidation)
			assert.Zero(t, rec.count(), "nothing may be sent")
		})
	}

	t.Run("CreateCustomer with e-mail is sent", func(t *testing.T) {
		srv, rec := newRecordingServer(t, http.StatusOK, pageSampleNoToken)
		client := newClientFor(t, srv.URL, juspay.WithRequiredFieldsFor(juspay.GatewayPayPal))
		req := noEmail()
		req.EmailAddress = "customer@gmail.com"
		_, err := client.CreateCustomer(context.Background(), req)
		require.NoError(t, err)
		assert.Equal(t, 1, rec.count())
	})

	t.Run("UpdateCustomer is not checked", func(t *testing.T) {
		srv, rec := newRecordingServer(t, http.StatusOK, bodyUpdated)
		client := newClientFor(t, srv.URL, juspay.WithRequiredFieldsFor(juspay.GatewayPayPal))
		_, err := client.UpdateCustomer(context.Background(), &juspay.UpdateCustomerRequest{CustomerID: "cst_1", FirstName: "John"})
		require.NoError(t, err)
		assert.Equal(t, 1, rec.count())
	})
}
