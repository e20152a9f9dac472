package api

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/api/client"
)

// batchFiles are small corpus transactions: legacy Type-3 and Type-5
// (VER 0200-0300, modernised to 0502) and a Type-10 one.
var batchFiles = []string{
	"nbis/testdata/type_5_wvu.an2",
	"jnbis/ansi/references/type-10-sap10.an2",
}

// tarOf makes a tar archive of corpus files, each under its base name.
func tarOf(t *testing.T, names []string) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, n := range names {
		b := readCorpus(t, n)
		if err := tw.WriteHeader(&tar.Header{Name: filepath.Base(n), Mode: 0o644, Size: int64(len(b))}); err != nil {
			t.Fatal(err)
		}
		tw.Write(b)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type batchState struct {
	ID        string         `json:"id"`
	Op        string         `json:"op"`
	State     string         `json:"state"`
	Files     int            `json:"files"`
	ByOutcome map[string]int `json:"byOutcome"`
	Error     string         `json:"error"`
}

// startAndWait posts a batch and polls it until it ends.
func startAndWait(t *testing.T, e *env, tok, query string, body []byte) batchState {
	t.Helper()
	r := e.do(t, http.MethodPost, "/v1/batches?"+query, tok, body)
	if r.status != http.StatusAccepted {
		t.Fatalf("POST /v1/batches: %d %s", r.status, r.body)
	}
	var started struct {
		ID    string `json:"id"`
		Links struct{ Self, Report string }
	}
	r.json(t, &started)
	if started.Links.Self != "/v1/batches/"+started.ID {
		t.Fatalf("links %+v", started.Links)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		var st batchState
		g := e.do(t, http.MethodGet, started.Links.Self, tok, nil)
		if g.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", started.Links.Self, g.status, g.body)
		}
		g.json(t, &st)
		if st.State == "done" || st.State == "failed" {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("batch %s still %s after 60 s", st.ID, st.State)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// reportLines reads a job's report.
func reportLines(t *testing.T, e *env, tok, id string) []map[string]any {
	t.Helper()
	r := e.do(t, http.MethodGet, "/v1/batches/"+id+"/report", tok, nil)
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("report: %d %s %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	var lines []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(r.body))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("report line %q: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	return lines
}

func TestBatchValidate(t *testing.T) {
	body := tarOf(t, batchFiles)
	e := startEnv(t, &envOptions{batches: true})
	tok := e.token(t, "fbi")
	st := startAndWait(t, e, tok, "op=validate", body)
	if st.State != "done" || st.Op != "validate" || st.Files != len(batchFiles) {
		t.Fatalf("job %+v, want done with %d files", st, len(batchFiles))
	}
	lines := reportLines(t, e, tok, st.ID)
	if len(lines) != len(batchFiles) {
		t.Fatalf("%d report lines for %d files", len(lines), len(batchFiles))
	}
	for i, l := range lines {
		// Sources are named inside the upload, never by the server's folders.
		if src, _ := l["source"].(string); !strings.HasPrefix(src, "upload!/") {
			t.Errorf("line %d: source %q, want upload!/...", i, src)
		}
	}
	// Another partner's job is not found; an admin sees it.
	for _, tc := range []struct {
		partner string
		want    int
	}{{"bka", http.StatusNotFound}, {"root", http.StatusOK}} {
		for _, p := range []string{"", "/report"} {
			if r := e.do(t, http.MethodGet, "/v1/batches/"+st.ID+p, e.token(t, tc.partner), nil); r.status != tc.want {
				t.Errorf("%s GET %s: %d, want %d", tc.partner, p, r.status, tc.want)
			}
		}
	}
}

func TestBatchModerniseOutput(t *testing.T) {
	body := tarOf(t, batchFiles)
	e := startEnv(t, &envOptions{batches: true})
	tok := e.token(t, "fbi")
	st := startAndWait(t, e, tok, "op=modernise", body)
	lines := reportLines(t, e, tok, st.ID)
	if st.State != "done" || len(lines) != len(batchFiles) {
		t.Fatalf("job %+v, %d lines", st, len(lines))
	}
	var out string
	for _, l := range lines {
		if o, _ := l["output"].(string); o != "" && l["outcome"] == "ok" {
			out = o
		}
	}
	if out == "" {
		t.Fatalf("no file modernised: %v", lines)
	}
	r := e.do(t, http.MethodGet, "/v1/batches/"+st.ID+"/output?path="+url.QueryEscape(out), tok, nil)
	if r.status != http.StatusOK {
		t.Fatalf("output %s: %d %s", out, r.status, r.body)
	}
	if !bytes.Contains(r.body, []byte("0502")) {
		t.Errorf("output %s is not VER 0502: %.60q", out, r.body)
	}
	for _, bad := range []string{"../upload", "/etc/passwd", "x/../../upload", "missing.an2"} {
		r := e.do(t, http.MethodGet, "/v1/batches/"+st.ID+"/output?path="+url.QueryEscape(bad), tok, nil)
		if r.status != http.StatusBadRequest && r.status != http.StatusNotFound {
			t.Errorf("output %q: %d, want 400 or 404", bad, r.status)
		}
	}
	if r := e.do(t, http.MethodGet, "/v1/batches/"+st.ID+"/output?path="+url.QueryEscape(out), e.token(t, "bka"), nil); r.status != http.StatusNotFound {
		t.Errorf("another partner's output: %d, want 404", r.status)
	}
}

func TestBatchRefused(t *testing.T) {
	e := startEnv(t, &envOptions{batches: true})
	tok := e.token(t, "fbi")
	for _, tc := range []struct {
		name, query string
		body        []byte
		want        int
	}{
		{"not an archive", "op=validate", []byte("plain text, no archive"), http.StatusUnsupportedMediaType},
		{"unknown op", "op=shred", tarOf(t, batchFiles[:1]), http.StatusBadRequest},
		{"convert without to", "op=convert", tarOf(t, batchFiles[:1]), http.StatusBadRequest},
	} {
		if r := e.do(t, http.MethodPost, "/v1/batches?"+tc.query, tok, tc.body); r.status != tc.want {
			t.Errorf("%s: %d, want %d: %s", tc.name, r.status, tc.want, r.body)
		}
	}
	off := startEnv(t, nil)
	if r := off.do(t, http.MethodPost, "/v1/batches?op=validate", off.token(t, "fbi"), tarOf(t, batchFiles[:1])); r.status != http.StatusServiceUnavailable {
		t.Errorf("a service without a batch folder: %d, want 503", r.status)
	}
}

// TestBatchGeneratedClient starts a batch and reads it back through the
// client generated from openapi.json: the document describes what the
// handlers answer.
func TestBatchGeneratedClient(t *testing.T) {
	body := tarOf(t, batchFiles[1:])
	e := startEnv(t, &envOptions{batches: true})
	c := e.generatedClient(t, "fbi")
	ctx := context.Background()
	started, err := c.StartBatchWithBodyWithResponse(ctx, &client.StartBatchParams{Op: client.StartBatchParamsOp("validate")}, "application/x-tar", bytes.NewReader(body))
	wantStatus(t, "startBatch", started.HTTPResponse, err, http.StatusAccepted)
	if started.JSON202 == nil || started.JSON202.Id == "" {
		t.Fatalf("startBatch: %s", started.Body)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		got, err := c.GetBatchWithResponse(ctx, started.JSON202.Id)
		wantStatus(t, "getBatch", got.HTTPResponse, err, http.StatusOK)
		if got.JSON200.State == client.BatchJobStateDone {
			if got.JSON200.Files != 1 {
				t.Fatalf("getBatch: %+v, want 1 file", got.JSON200)
			}
			break
		}
		if got.JSON200.State == client.BatchJobStateFailed || time.Now().After(deadline) {
			t.Fatalf("getBatch: %s", got.Body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	rep, err := c.BatchReportWithResponse(ctx, started.JSON202.Id)
	wantStatus(t, "batchReport", rep.HTTPResponse, err, http.StatusOK)
	if bytes.Count(rep.Body, []byte("\n")) != 1 {
		t.Errorf("batchReport: %q, want one line", rep.Body)
	}
}

// TestBatchStoredOnward: a batch over stored transactions (a JSON body
// naming them), its outputs submitted onward; another partner cannot
// name the caller's transaction.
func TestBatchStoredOnward(t *testing.T) {
	e := startEnv(t, &envOptions{batches: true})
	fbi, bka, ipsg := e.token(t, "fbi"), e.token(t, "bka"), e.token(t, "ipsg")
	var tr struct{ ID string }
	e.do(t, http.MethodPost, "/v1/transactions", fbi, readCorpus(t, slaps)).expect(t, "submit", 201).json(t, &tr)
	named := []byte(`{"transactions": ["` + tr.ID + `"]}`)

	e.do(t, http.MethodPost, "/v1/batches?op=validate", bka, named).expect(t, "another partner's transaction", 404)
	e.do(t, http.MethodPost, "/v1/batches?op=validate", fbi, []byte(`{"transactions": []}`)).expect(t, "empty list", 400)

	st := startAndWait(t, e, fbi, "op=convert&to=an2", named)
	if st.State != "done" || st.Files != 1 || st.ByOutcome["ok"] != 1 {
		t.Fatalf("job %+v, want done with 1 ok file", st)
	}
	var sub struct {
		Submitted, Refused int
		Outputs            []struct{ Output, Transaction, Error string }
	}
	e.do(t, http.MethodPost, "/v1/batches/"+st.ID+"/submit", fbi, nil).expect(t, "submit onward", 200).json(t, &sub)
	if sub.Submitted != 1 || sub.Refused != 0 || len(sub.Outputs) != 1 || sub.Outputs[0].Transaction == "" || sub.Outputs[0].Transaction == tr.ID {
		t.Fatalf("onward: %+v", sub)
	}
	// The recipient of the slaps' 1.007 DAI has both: the original and the
	// batch's output, a transaction of its own.
	var inbox struct{ Items []struct{ ID string } }
	e.do(t, http.MethodGet, "/v1/inbox", ipsg, nil).expect(t, "inbox", 200).json(t, &inbox)
	ids := map[string]bool{}
	for _, d := range inbox.Items {
		ids[d.ID] = true
	}
	if !ids[tr.ID] || !ids[sub.Outputs[0].Transaction] {
		t.Errorf("ipsg's inbox %v, want %s and %s", ids, tr.ID, sub.Outputs[0].Transaction)
	}
	e.do(t, http.MethodPost, "/v1/batches/"+st.ID+"/submit", bka, nil).expect(t, "another partner's job", 404)
}
