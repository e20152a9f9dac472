package mosiptest_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/match/backend/mosip/internal/wire"
	"github.com/biogate/biogate/match/backend/mosip/mosiptest"
)

var update = flag.Bool("update", false, "rewrite the response seeds of internal/wire's fuzz target")

func fvc(t *testing.T, finger, impression int) []byte {
	return backendtest.FVC(t, finger, impression, []string{backend.FingerImage})[0].Data
}

func fingerBIR(data []byte, subtype ...string) wire.BIR {
	return wire.BIR{BDBInfo: &wire.BDBInfo{
		Format: &wire.RegistryID{Organization: wire.FormatOrganization, Type: wire.FormatFingerImage},
		Type:   []string{wire.Finger}, Subtype: subtype,
	}, BDB: data}
}

func rec(birs ...wire.BIR) wire.BiometricRecord { return wire.BiometricRecord{Segments: birs} }

func envelope(t *testing.T, v any) []byte {
	p, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return wire.EncodeEnvelope(p)
}

// post sends body to /match and returns the HTTP status and the answer.
func post(t *testing.T, srv *mosiptest.Server, body []byte) (int, []byte) {
	t.Helper()
	resp, err := http.Post(srv.URL+"/match", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestServer: the answers of the wire format, each case's answer also a
// seed of internal/wire's fuzz target (go test -args -update).
func TestServer(t *testing.T) {
	srv := mosiptest.NewServer(nil)
	defer srv.Close()
	a, a2, b := fvc(t, 101, 1), fvc(t, 101, 2), fvc(t, 102, 1)
	req := func(sample wire.BiometricRecord, modalities []string, gallery ...wire.BiometricRecord) []byte {
		return envelope(t, wire.MatchRequest{Sample: sample, Gallery: gallery, ModalitiesToMatch: modalities, Flags: map[string]string{}})
	}
	matchAll := req(rec(fingerBIR(a2, "Left", "IndexFinger")), []string{"FINGER"},
		rec(fingerBIR(b, "Left", "IndexFinger")), rec(fingerBIR(a, "Left", "IndexFinger")), rec(fingerBIR(a, "Right", "Thumb")), rec(fingerBIR([]byte("junk"))))
	// bdb as Base64 rather than an array, which the service also takes.
	asBase64 := bytes.Replace(mustPayload(t, req(rec(fingerBIR(a)), []string{"FINGER"}, rec(fingerBIR(a)))),
		mustJSON(t, wire.SignedBytes(a)), mustJSON(t, base64.StdEncoding.EncodeToString(a)), -1)
	for _, tc := range []struct {
		name      string
		body      []byte
		status    int
		errorCode string
		sdkStatus int
		decisions []string // FINGER decision per gallery record
	}{
		{"decisions", matchAll, 200, "", 200, []string{"NOT_MATCHED", "MATCHED", "NOT_MATCHED", "ERROR"}},
		{"bdb in Base64", wire.EncodeEnvelope(asBase64), 200, "", 200, []string{"MATCHED"}},
		{"no such version", []byte(`{"version":"0.9","request":"e30="}`), 200, "BIO_SDK_001", 0, nil},
		{"request not Base64", []byte(`{"version":"1.0","request":"{not base64}"}`), 200, "INVALID_REQUEST_BODY", 0, nil},
		{"request not JSON", wire.EncodeEnvelope([]byte("<xml/>")), 200, "BIOSDK_LIB_EXCEPTION", 0, nil},
		{"bdb out of range", wire.EncodeEnvelope([]byte(`{"sample":{"segments":[{"bdb":[300]}]}}`)), 200, "BIOSDK_LIB_EXCEPTION", 0, nil},
		{"probe without the modality", req(rec(fingerBIR(a)), []string{"FINGER", "IRIS"}, rec(fingerBIR(a))), 200, "", 402, nil},
		{"probe unreadable", req(rec(fingerBIR([]byte("FIR\x00020\x00"))), []string{"FINGER"}, rec(fingerBIR(a))), 200, "", 401, nil},
		{"gallery without the modality", req(rec(fingerBIR(a)), []string{"FINGER"}, rec()), 200, "", 200, []string{"ERROR"}},
		{"envelope not JSON", []byte(`version=1.0`), 400, "", 0, nil},
	} {
		status, body := post(t, srv, tc.body)
		if status != tc.status {
			t.Errorf("%s: HTTP %d, want %d: %s", tc.name, status, tc.status, body)
			continue
		}
		if status != 200 {
			continue
		}
		seed(t, tc.name, body)
		var r wire.Response
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if r.Version == "" || r.ResponseTime == "" || r.Errors == nil {
			t.Errorf("%s: envelope %s lacks version, responsetime or errors", tc.name, body)
		}
		if tc.errorCode != "" {
			if len(r.Errors) != 1 || r.Errors[0].Code != tc.errorCode || string(r.Response) != `""` {
				t.Errorf("%s: %s, want errors [%s] and response \"\"", tc.name, body, tc.errorCode)
			}
			continue
		}
		m, err := wire.DecodeMatchResponse(body)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if *m.StatusCode != tc.sdkStatus {
			t.Errorf("%s: SDK status %d, want %d", tc.name, *m.StatusCode, tc.sdkStatus)
		}
		var got []string
		for i, d := range m.Response {
			if d.GalleryIndex != i {
				t.Errorf("%s: decision %d for gallery index %d", tc.name, i, d.GalleryIndex)
			}
			got = append(got, d.Decisions["FINGER"].Match)
		}
		if strings.Join(got, " ") != strings.Join(tc.decisions, " ") {
			t.Errorf("%s: decisions %v, want %v", tc.name, got, tc.decisions)
		}
	}
	for path, want := range map[string]int{"/": 200, "/init": 404, "/nothing": 404} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}

func mustPayload(t *testing.T, env []byte) []byte {
	_, p, err := wire.DecodeEnvelope(env)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// seed writes an answer as a seed of the response fuzz target.
func seed(t *testing.T, name string, body []byte) {
	if !*update {
		return
	}
	dir := filepath.Join("..", "internal", "wire", "testdata", "responses")
	os.MkdirAll(dir, 0o755)
	name = strings.NewReplacer(" ", "-").Replace(name) + ".json"
	if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
		t.Fatal(err)
	}
}
