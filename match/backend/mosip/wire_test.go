package mosip_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/mosip"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// captured is one request the adapter sent.
type captured struct {
	method, path, contentType string
	body                      []byte
}

// capture starts a server recording each request and answering answer.
func capture(t *testing.T, answer string) (*httptest.Server, *[]captured) {
	t.Helper()
	var got []captured
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, captured{r.Method, r.URL.Path, r.Header.Get("Content-Type"), b})
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

// notMatched is an answer in the service's shape (ResponseDto around the
// SDK's Response<MatchDecision[]>), one gallery record not matched.
const notMatched = `{"version":"1.0","responsetime":"2026-12-03T20:28:50.990Z",
 "response":{"statusCode":200,"statusMessage":null,"response":[
  {"galleryIndex":0,"decisions":{"FINGER":{"match":"NOT_MATCHED","errors":[],"analyticsInfo":{}}},"analyticsInfo":{}}]},
 "errors":[]}`

// TestMatchRequestWire checks, field by field, the request the adapter
// sends against the facts read in mosip/biosdk-services and
// mosip/bio-utils (see internal/wire), with MOSIP's own finger records.
func TestMatchRequestWire(t *testing.T) {
	probe := as2011(t, readCorpus(t, "mosip-bio-utils/images/FingerPrintLeft_Index.iso"), iso.FIR2011)
	enrolled := as2011(t, readCorpus(t, "mosip-bio-utils/images/FingerPrintRight_Thumb.iso"), iso.FIR2011)
	srv, got := capture(t, notMatched)
	created := time.Date(2026, 12, 3, 20, 0, 0, 123000000, time.UTC)
	b, err := mosip.New(srv.URL+"/biosdk-service", newStore(t), mosip.Options{
		Now: func() time.Time { return created }, Flags: map[string]string{"FINGER.format": "default"},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := b.Enrol(ctx, "g", "s1", finger(enrolled, 1)); err != nil {
		t.Fatal(err)
	}
	c, err := b.Identify(ctx, "g", finger(probe, 7), 10)
	if err != nil || len(c) != 0 {
		t.Fatalf("identify: %v, %v; want no candidate, no error", c, err)
	}
	if len(*got) != 1 {
		t.Fatalf("%d requests, want 1", len(*got))
	}
	req := (*got)[0]
	// MainController: @PostMapping(path = "/match", consumes = JSON).
	if req.method != "POST" || req.path != "/biosdk-service/match" || req.contentType != "application/json" {
		t.Errorf("request line %s %s (%s), want POST /biosdk-service/match (application/json)", req.method, req.path, req.contentType)
	}
	// RequestDto: exactly version and request.
	var env map[string]string
	if err := json.Unmarshal(req.body, &env); err != nil {
		t.Fatal(err)
	}
	if len(env) != 2 || env["version"] != "1.0" {
		t.Errorf("envelope %v: want exactly version \"1.0\" and request", keys(env))
	}
	// Base64.getEncoder(): basic alphabet, padded.
	if len(env["request"])%4 != 0 {
		t.Errorf("request is %d Base64 characters, not padded", len(env["request"]))
	}
	payload, err := base64.StdEncoding.Strict().DecodeString(env["request"])
	if err != nil {
		t.Fatalf("request is not padded standard Base64: %v", err)
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	// MatchRequestDto: sample, gallery, modalitiesToMatch, flags.
	if ks := keys(m); !reflect.DeepEqual(ks, []string{"flags", "gallery", "modalitiesToMatch", "sample"}) {
		t.Errorf("match request fields %v", ks)
	}
	if !reflect.DeepEqual(m["modalitiesToMatch"], []any{"FINGER"}) {
		t.Errorf("modalitiesToMatch %v, want [FINGER]", m["modalitiesToMatch"])
	}
	if !reflect.DeepEqual(m["flags"], map[string]any{"FINGER.format": "default"}) {
		t.Errorf("flags %v", m["flags"])
	}
	checkRecord(t, "sample", m["sample"], probe, []any{"Left", "IndexFinger"}, "IDENTIFY")
	gallery, _ := m["gallery"].([]any)
	if len(gallery) != 1 {
		t.Fatalf("gallery of %d records, want 1", len(gallery))
	}
	checkRecord(t, "gallery[0]", gallery[0], enrolled, []any{"Right", "Thumb"}, "ENROLL")

	// The whole payload, bdb arrays summarised, against the golden file.
	golden := filepath.Join("testdata", "match-request.golden.json")
	summary, _ := json.MarshalIndent(summarise(m), "", "  ")
	summary = append(summary, '\n')
	if *update {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(golden, summary, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if !bytes.Equal(summary, want) {
		t.Errorf("payload differs from %s:\n%s", golden, summary)
	}
}

// checkRecord checks one BiometricRecord holding one BIR of data.
func checkRecord(t *testing.T, where string, v any, data []byte, subtype []any, purpose string) {
	t.Helper()
	rec, _ := v.(map[string]any)
	segs, _ := rec["segments"].([]any)
	if len(segs) != 1 {
		t.Fatalf("%s: %d segments, want 1", where, len(segs))
	}
	bir, _ := segs[0].(map[string]any)
	info, _ := bir["bdbInfo"].(map[string]any)
	// BDBInfo.format: RegistryIDType {organization "Mosip", type "7"}.
	if f := info["format"]; !reflect.DeepEqual(f, map[string]any{"organization": "Mosip", "type": "7"}) {
		t.Errorf("%s: format %v, want Mosip 7 (finger image)", where, f)
	}
	if !reflect.DeepEqual(info["type"], []any{"FINGER"}) || !reflect.DeepEqual(info["subtype"], subtype) {
		t.Errorf("%s: type %v subtype %v, want [FINGER] %v", where, info["type"], info["subtype"], subtype)
	}
	if info["level"] != "RAW" || info["purpose"] != purpose {
		t.Errorf("%s: level %v purpose %v, want RAW %s", where, info["level"], info["purpose"], purpose)
	}
	// creationDate in LocalDateTimeToDateTimeObjectSerializer's object form.
	wantDate := map[string]any{
		"date": map[string]any{"year": json.Number("2026"), "month": json.Number("12"), "day": json.Number("3")},
		"time": map[string]any{"hour": json.Number("20"), "minute": json.Number("0"), "second": json.Number("0"), "nano": json.Number("123000000")},
	}
	if purpose == "IDENTIFY" && !reflect.DeepEqual(info["creationDate"], wantDate) {
		t.Errorf("%s: creationDate %v", where, info["creationDate"])
	}
	// bdb: @JsonFormat(shape = ARRAY), signed bytes.
	arr, ok := bir["bdb"].([]any)
	if !ok || len(arr) != len(data) {
		t.Fatalf("%s: bdb is not an array of %d numbers", where, len(data))
	}
	negative := false
	for i, x := range arr {
		n, err := x.(json.Number).Int64()
		if err != nil || n < -128 || n > 127 || byte(int8(n)) != data[i] {
			t.Fatalf("%s: bdb[%d] = %v, want the signed byte of %#x", where, i, x, data[i])
		}
		negative = negative || n < 0
	}
	if !negative {
		t.Errorf("%s: no negative byte in bdb: the record does not test signedness", where)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

// summarise replaces each bdb array by its length and SHA-256.
func summarise(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if arr, ok := e.([]any); ok && k == "bdb" {
				b := make([]byte, len(arr))
				for i, n := range arr {
					v, _ := n.(json.Number).Int64()
					b[i] = byte(int8(v))
				}
				sum := sha256.Sum256(b)
				out[k] = map[string]any{"signedBytes": len(arr), "sha256": hex.EncodeToString(sum[:])}
				continue
			}
			out[k] = summarise(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = summarise(e)
		}
		return out
	}
	return v
}

// TestSubtypes checks the position to subtype mapping over every finger
// and eye (SingleAnySubtypeType spellings).
func TestSubtypes(t *testing.T) {
	fingers := [][]any{{}, {"Right", "Thumb"}, {"Right", "IndexFinger"}, {"Right", "MiddleFinger"}, {"Right", "RingFinger"}, {"Right", "LittleFinger"},
		{"Left", "Thumb"}, {"Left", "IndexFinger"}, {"Left", "MiddleFinger"}, {"Left", "RingFinger"}, {"Left", "LittleFinger"}}
	rec := as2011(t, readCorpus(t, "mosip-bio-utils/images/FingerPrintLeft_Index.iso"), iso.FIR2011)
	iris := readCorpus(t, "libbiomeval/iris01.iso2011")
	type tc struct {
		s    backend.Sample
		want []any
	}
	var cases []tc
	for pos, want := range fingers {
		cases = append(cases, tc{backend.Sample{Format: backend.FingerImage, Position: pos, Data: rec}, want})
	}
	cases = append(cases, tc{backend.Sample{Format: backend.IrisImage, Position: 1, Data: iris}, []any{"Right"}},
		tc{backend.Sample{Format: backend.IrisImage, Position: 2, Data: iris}, []any{"Left"}},
		tc{backend.Sample{Format: backend.IrisImage, Position: 0, Data: iris}, []any{}})
	for _, c := range cases {
		srv, got := capture(t, notMatched)
		b, err := mosip.New(srv.URL, newStore(t), mosip.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if err := b.Enrol(ctx, "g", "s", []backend.Sample{c.s}); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Verify(ctx, "g", "s", []backend.Sample{c.s}); err != nil && c.s.Format == backend.FingerImage {
			t.Fatal(err)
		}
		var env struct{ Request string }
		json.Unmarshal((*got)[0].body, &env)
		payload, _ := base64.StdEncoding.DecodeString(env.Request)
		var m struct {
			Sample struct {
				Segments []struct {
					BDBInfo struct {
						Type    []any `json:"type"`
						Subtype []any `json:"subtype"`
						Format  struct{ Type string }
					} `json:"bdbInfo"`
				}
			}
		}
		json.Unmarshal(payload, &m)
		info := m.Sample.Segments[0].BDBInfo
		if !reflect.DeepEqual(info.Subtype, c.want) {
			t.Errorf("%s position %d: subtype %v, want %v", c.s.Format, c.s.Position, info.Subtype, c.want)
		}
		if c.s.Format == backend.IrisImage && (info.Format.Type != "9" || !reflect.DeepEqual(info.Type, []any{"IRIS"})) {
			t.Errorf("iris: format type %q, type %v; want 9, [IRIS]", info.Format.Type, info.Type)
		}
	}
}

func sortStrings(s []string) { slices.Sort(s) }
