package sign

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"testing"
)

func sample(url string) Signed {
	body := []byte(`{"cors_rules":[{"allowed_origin":"it's <me>","allowed_methods":["GET"]}]}`)
	return Signed{
		Method: "PUT",
		URL:    url + "/?cors",
		Headers: []Header{
			{Name: "Host", Value: "mybucket.pek3a.qingstor.com"},
			{Name: "Date", Value: "Mon, 23 Nov 2026 10:00:00 GMT"},
			{Name: "Content-Type", Value: "application/json"},
			{Name: "Content-MD5", Value: "abc=="},
			{Name: "Content-Length", Value: ContentLength(body)},
			{Name: "Authorization", Value: "QS AK:sig+/="},
		},
		Body: body,
	}
}

func TestHTTPText(t *testing.T) {
	t.Parallel()
	got := sample("https://mybucket.pek3a.qingstor.com").HTTP()
	req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(got)))
	if err != nil {
		t.Fatalf("HTTP() is not a parseable request: %v\n%s", err, got)
	}
	body, _ := io.ReadAll(req.Body)
	if req.Method != "PUT" || req.RequestURI != "/?cors" || req.Host != "mybucket.pek3a.qingstor.com" ||
		req.Header.Get("Authorization") != "QS AK:sig+/=" || string(body) != string(sample("").Body) {
		t.Errorf("parsed %s %s host %s auth %q body %q", req.Method, req.RequestURI, req.Host, req.Header.Get("Authorization"), body)
	}
}

// TestCurlSendsTheSameRequest runs the curl command against a local server
// and compares what arrives with the request the core built.
func TestCurlSendsTheSameRequest(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl is not installed")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan *http.Request, 1)
	bodies := make(chan []byte, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- r
		bodies <- b
	})}
	go srv.Serve(ln)
	defer srv.Close()

	s := sample("http://" + ln.Addr().String())
	// Replace the Host header: curl must reach the local server, but keep
	// the command exactly as rendered otherwise.
	cmd := s.Curl() + " -sS -o /dev/null -H 'Host: mybucket.pek3a.qingstor.com'"
	out, err := exec.Command("sh", "-c", strings.ReplaceAll(cmd, "curl ", curl+" ")).CombinedOutput()
	if err != nil {
		t.Fatalf("%s\n%v: %s", cmd, err, out)
	}
	r, body := <-got, <-bodies
	if r.Method != s.Method || r.URL.RequestURI() != "/?cors" {
		t.Errorf("request line %s %s", r.Method, r.URL.RequestURI())
	}
	if !bytes.Equal(body, s.Body) {
		t.Errorf("body %q, want %q", body, s.Body)
	}
	for _, h := range s.Headers {
		var v string
		switch h.Name {
		case "Host":
			v = r.Host
		case "Content-Length":
			v = ContentLength(body)
		default:
			v = r.Header.Get(h.Name)
		}
		if v != h.Value {
			t.Errorf("header %s = %q, want %q", h.Name, v, h.Value)
		}
	}
}
