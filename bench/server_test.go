package bench

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
)

// The call every client makes: the curl sample of Juspay's Create Customer
// page (https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer).
const (
	apiKey     = "your_api_key"
	merchantID = "merchant_id"
	routingID  = "customer_1122"
)

// sampleResponse is the page's "options.get_client_auth_token=true" sample
// response, byte for byte.
var sampleResponse = []byte(`{
  "id": "cst_afdeuvmfhs3j1acm",
  "object": "customer",
  "object_reference_id": "customer@gmail.com",
  "mobile_country_code": "91",
  "mobile_number": "9988776655",
  "email_address": "customer@gmail.com",
  "first_name": "John",
  "last_name": "Smith",
  "date_created": "2020-03-17T14:13:37Z",
  "last_updated": "2020-03-17T14:13:37Z",
  "juspay": {
    "client_auth_token": "tkn_24543c6a278f45d680d09edb32e78061",
    "client_auth_token_expiry": "2020-03-17T14:28:37Z"
  }
}`)

// Response headers, shared read-only by the server and the in-memory
// transport.
var (
	jsonContentType = []string{"application/json"}
	contentLength   = []string{strconv.Itoa(len(sampleResponse))}
	respHeader      = http.Header{"Content-Type": jsonContentType, "Content-Length": contentLength}
)

// server is a loopback httptest.Server answering POST /customers with the
// sample customer. It counts the connections clients open (StateNew).
// stripe-go's backend only sends paths under /v1, so POST /v1/customers is
// answered the same way.
type server struct {
	*httptest.Server
	conns atomic.Int64
	// onRequest, when set, sees each request after its body was read
	// (equivalence tests only; nil in benchmarks).
	onRequest func(r *http.Request, body []byte)
}

func newServer() *server {
	s := &server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	return s
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || (r.URL.Path != "/customers" && r.URL.Path != "/v1/customers") {
		http.NotFound(w, r)
		return
	}
	// The same light check of every client's request, so that none can skip
	// the headers the page requires.
	if r.Header.Get("Authorization") != basicAuth || r.Header.Get("X-Merchantid") != merchantID ||
		r.Header.Get("X-Routing-Id") != routingID || r.Header.Get("Content-Type") != formContentType {
		http.Error(w, `{"status":"error","error_code":"access_denied"}`, http.StatusUnauthorized)
		return
	}
	var body []byte
	if s.onRequest != nil {
		body, _ = io.ReadAll(r.Body)
		s.onRequest(r, body)
	} else {
		_, _ = io.Copy(io.Discard, r.Body)
	}
	h := w.Header()
	h["Content-Type"] = jsonContentType
	h["Content-Length"] = contentLength
	_, _ = w.Write(sampleResponse)
}

// memTransport is the in-memory http.RoundTripper every client gets in Mem
// mode: it reads and closes the request body, as a real transport does, and
// answers the sample customer. What is left is the client's own CPU.
type memTransport struct{}

func (memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        respHeader,
		Body:          io.NopCloser(bytes.NewReader(sampleResponse)),
		ContentLength: int64(len(sampleResponse)),
		Request:       req,
	}, nil
}

func TestServerRefusesAMissingHeader(t *testing.T) {
	s := newServer()
	defer s.Close()
	resp, err := http.Post(s.URL+"/customers", formContentType, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401", resp.StatusCode)
	}
}
