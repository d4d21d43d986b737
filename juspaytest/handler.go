package juspaytest

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Route names one call of the customer API, for faults and for recorded
// requests. Its value is the method and path template.
type Route string

// The routes the server implements.
const (
	// RouteCreate is Create Customer: POST /customers with a form body.
	RouteCreate Route = "POST /customers"
	// RouteGet is Get Customer: GET /customers/{id}, {id} being the Juspay id
	// or the object_reference_id, path-escaped.
	RouteGet Route = "GET /customers/{id}"
	// RouteUpdate is Update Customer: POST /customers/{id} with a form body.
	RouteUpdate Route = "POST /customers/{id}"
)

// maxBody caps how much of a request body the server reads.
const maxBody = 1 << 20

// match is where a request is routed: a route and the unescaped {id}, or an
// error status (404 or 405) when no route takes it.
type match struct {
	route  Route
	id     string
	status int
	allow  string
}

// routeOf routes on the escaped path, so that "a%2Fb" is the single id "a/b"
// and not a sub-path.
func routeOf(r *http.Request) match {
	p := r.URL.EscapedPath()
	if p == "/customers" {
		if r.Method == http.MethodPost {
			return match{route: RouteCreate}
		}
		return match{status: http.StatusMethodNotAllowed, allow: "POST"}
	}
	seg, ok := strings.CutPrefix(p, "/customers/")
	if !ok || seg == "" || strings.Contains(seg, "/") {
		return match{status: http.StatusNotFound}
	}
	id, err := url.PathUnescape(seg)
	if err != nil {
		return match{status: http.StatusNotFound}
	}
	switch r.Method {
	case http.MethodGet:
		return match{route: RouteGet, id: id}
	case http.MethodPost:
		return match{route: RouteUpdate, id: id}
	}
	return match{status: http.StatusMethodNotAllowed, allow: "GET, POST"}
}

func (st *state) serveHTTP(w http.ResponseWriter, r *http.Request) {
	m := routeOf(r)
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		st.record(r, m, body, nil, false)
		writeJSON(w, http.StatusRequestEntityTooLarge, invalidRequest("Request body too large."))
		return
	}
	var form url.Values
	if r.Method == http.MethodPost && isForm(r) {
		form, err = url.ParseQuery(string(body))
		if err != nil {
			form = nil
		}
	}
	f := st.takeFault(m.route)
	st.record(r, m, body, form, f != nil)
	if m.status != 0 {
		if m.allow != "" {
			w.Header().Set("Allow", m.allow)
			writeJSON(w, m.status, invalidRequest("Method not allowed."))
			return
		}
		writeJSON(w, m.status, notFound())
		return
	}
	if f == nil {
		st.handle(w, r, m, form)
		return
	}
	st.serveFault(w, r, f, func(w http.ResponseWriter) { st.handle(w, r, m, form) })
}

// handle checks what every call needs (auth, content type, routing id) and
// then serves the route.
func (st *state) handle(w http.ResponseWriter, r *http.Request, m match, form url.Values) {
	if ok, _ := st.authorized(r); !ok {
		writeJSON(w, http.StatusUnauthorized, unauthorized())
		return
	}
	if r.Method == http.MethodPost {
		if !isForm(r) {
			writeJSON(w, http.StatusBadRequest,
				invalidRequest("Content-Type must be application/x-www-form-urlencoded."))
			return
		}
		if form == nil {
			writeJSON(w, http.StatusBadRequest, invalidRequest("Malformed form body."))
			return
		}
	}
	if st.strict && r.Header.Get("x-routing-id") == "" {
		writeJSON(w, http.StatusBadRequest, missingField("x-routing-id"))
		return
	}
	switch m.route {
	case RouteCreate:
		st.create(w, form)
	case RouteGet:
		st.get(w, m.id, r.URL.Query())
	case RouteUpdate:
		st.update(w, m.id, form)
	}
}

// authorized reports whether r carries the server's API key as Basic auth
// user name, with the page's trailing colon (empty password) or without it
// (as Juspay's Node SDK sends it), and the server's merchant id. colon tells
// whether the decoded credentials had the colon.
func (st *state) authorized(r *http.Request) (ok, colon bool) {
	scheme, enc, found := strings.Cut(r.Header.Get("Authorization"), " ")
	if !found || !strings.EqualFold(scheme, "Basic") {
		return false, false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(enc))
	if err != nil {
		return false, false
	}
	user, colon := bytes.CutSuffix(raw, []byte(":"))
	keyOK := subtle.ConstantTimeCompare(user, []byte(st.apiKey)) == 1
	midOK := subtle.ConstantTimeCompare([]byte(r.Header.Get("x-merchantid")), []byte(st.merchantID)) == 1
	return keyOK && midOK, colon
}

// isForm reports whether r's Content-Type is application/x-www-form-urlencoded
// (parameters such as charset allowed).
func isForm(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// encodeJSON encodes v compactly, in struct field order, without HTML
// escaping and without a trailing newline.
func encodeJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("juspaytest: encoding a response: " + err.Error()) // our own types: cannot happen
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	writeBody(w, status, "application/json", encodeJSON(v))
}

func writeBody(w http.ResponseWriter, status int, contentType string, b []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
