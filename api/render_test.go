package api

import (
	"bytes"
	"fmt"
	"image/png"
	"strconv"
	"testing"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/auth"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/nist"
)

// fieldValue is the first item of field tag of an inspected record.
func fieldValue(r exchange.RecordSummary, tag string) (int, bool) {
	for _, f := range r.Fields {
		if f.Tag == tag && len(f.Subfields) > 0 && len(f.Subfields[0]) > 0 {
			n, err := strconv.Atoi(f.Subfields[0][0])
			return n, err == nil
		}
	}
	return 0, false
}

// TestRenderConsoleFiles drives what the console does with the files of
// issue 15 (a ten-print with WSQ, Type-9 + Type-14 files, an INT-I XML
// sample, ISO records): inspect, then render every renderable image,
// which must decode at the size inspect gives; every minutiae object's
// count is the record's own (9.010 MIN or 9.136 NOM, read from inspect's
// own fields). Each render is audited.
func TestRenderConsoleFiles(t *testing.T) {
	e := startEnv(t, nil)
	tok := e.token(t, "fbi")
	rendered := 0
	render := func(name, query string, b []byte, w, h int) {
		t.Helper()
		r := e.do(t, "POST", "/v1/render?"+query, tok, b).expect(t, name+" "+query, 200)
		if r.status != 200 {
			return
		}
		rendered++
		if ct := r.header.Get("Content-Type"); ct != "image/png" {
			t.Errorf("%s %s: Content-Type %q", name, query, ct)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(r.body))
		if err != nil || cfg.Width != w || cfg.Height != h {
			t.Errorf("%s %s: PNG %dx%d (%v), inspect says %dx%d", name, query, cfg.Width, cfg.Height, err, w, h)
		}
	}
	minutiae := 0
	for _, name := range []string{
		"jnbis/ansi/references/type-4-tpcard.an2", slaps,
		"jnbis/ansi/references/type-9-14-m1.an2", "jnbis/ansi/references/type-9-14-std.an2",
		"interpol-inti/XMLsamples/Sample-MPS-INT-ITransaction.xml",
		"idemia-iso19794/twofingers.fir", "mosip-bio-utils/images/FingerPrintLeft_Index.iso",
	} {
		b := readCorpus(t, name)
		var in exchange.Inspection
		e.do(t, "POST", "/v1/inspect", tok, b).expect(t, name, 200).json(t, &in)
		switch {
		case in.Transaction != nil:
			for _, r := range in.Transaction.Records {
				if r.Image != nil && r.Image.Renderable {
					render(name, fmt.Sprintf("record=%d", r.Index), b, r.Image.Width, r.Image.Height)
				}
				if r.Minutiae == nil {
					continue
				}
				minutiae++
				want, ok := fieldValue(r, "9.136")
				if !ok {
					want, ok = fieldValue(r, "9.010")
				}
				if !ok || r.Minutiae.Count != want || len(r.Minutiae.Points) != want {
					t.Errorf("%s record %d: %d minutiae, %d points; the record says %d (%v)", name, r.Index, r.Minutiae.Count, len(r.Minutiae.Points), want, ok)
				}
			}
		case in.Record != nil:
			for _, v := range in.Record.Views {
				if v.Image != nil && v.Image.Renderable {
					render(name, fmt.Sprintf("view=%d", v.Index), b, v.Image.Width, v.Image.Height)
				}
			}
		}
	}
	if rendered < 20 || minutiae == 0 {
		t.Errorf("%d images rendered, %d minutiae records: the corpus files should give more", rendered, minutiae)
	}
	sum := e.auditSummary(t) // the file log, or PostgreSQL's
	if n := countCalls(sum, "fbi", "render", audit.OK); n != rendered {
		t.Errorf("%d render calls audited, %d made", n, rendered)
	}
}

// TestRenderProblems: a wrong record, a record without an image, corrupt
// WSQ data and missing rights are problems saying where, never a panic.
func TestRenderProblems(t *testing.T) {
	e := startEnv(t, nil)
	tok := e.token(t, "fbi")
	b := readCorpus(t, slaps)
	tx, err := nist.DecodeBytes(b, &nist.DecodeOptions{Lenient: true})
	if tx == nil {
		t.Fatal(err)
	}
	wsq, corrupt := 0, []byte(nil)
	for i, r := range tx.Records {
		if r.Type != 14 {
			continue
		}
		f := r.Field(999)
		off := r.ValueOffset(f)
		corrupt = bytes.Clone(b)
		for j := off + 8; j < off+int64(len(f.Value)); j++ {
			corrupt[j] = 0xA5
		}
		wsq = i + 1
		break
	}
	if wsq == 0 {
		t.Fatalf("%s has no Type-14 record", slaps)
	}
	readOnly := e.token(t, "fbi", auth.ScopeRead)
	for _, c := range []struct {
		name, query, token string
		body               []byte
		status             int
		kind               string
		record             int // the finding's record; 0 for none
	}{
		{"record past the end", "record=999", tok, b, 400, "invalid-request", 0},
		{"Type-1 holds no image", "record=1", tok, b, 422, "no-image", 1},
		{"corrupt WSQ", fmt.Sprintf("record=%d", wsq), tok, corrupt, 422, "unreadable-input", wsq},
		{"not a number", "record=x", tok, b, 400, "", 0},
		{"read scope only", "record=2", readOnly, b, 403, "insufficient-scope", 0},
		{"no token", "record=2", "", b, 401, "unauthenticated", 0},
	} {
		r := e.do(t, "POST", "/v1/render?"+c.query, c.token, c.body).expect(t, c.name, c.status)
		var p Problem
		r.json(t, &p)
		if c.kind != "" && p.Type != ProblemType+c.kind {
			t.Errorf("%s: type %q, want %s", c.name, p.Type, c.kind)
		}
		if c.record == 0 {
			continue
		}
		if len(p.Findings) == 0 || p.Findings[0].Location.Record != c.record || p.Findings[0].Location.Offset < 0 {
			t.Errorf("%s: findings %+v do not locate record %d in the input", c.name, p.Findings, c.record)
		}
	}
}

// TestFindingsLinkToInspectedFields: the findings of POST /v1/validate
// name records by inspect's index and type, and fields by inspect's tag;
// a finding with a byte offset in a field lies within that field's span.
func TestFindingsLinkToInspectedFields(t *testing.T) {
	e := startEnv(t, nil)
	tok := e.token(t, "fbi")
	linked := 0
	for _, name := range []string{
		"nist4j/standards/AN2011/Traditional_Encoding/fail_validator/fail-type-14-L1.an2",
		"nist4j/standards/AN2011/Traditional_Encoding/fail_validator/fail-type-1-L1.an2",
		"nist4j/standards/AN2011/Traditional_Encoding/fail_validator/fail-type-13-L2.an2",
	} {
		b := readCorpus(t, name)
		var in exchange.Inspection
		e.do(t, "POST", "/v1/inspect", tok, b).expect(t, name, 200).json(t, &in)
		var rep exchange.Report
		e.do(t, "POST", "/v1/validate?level=2", tok, b).expect(t, name, 200).json(t, &rep)
		for _, f := range rep.Findings {
			loc := f.Location
			if loc.Record == 0 {
				continue
			}
			if loc.Record > len(in.Transaction.Records) {
				t.Errorf("%s %s: record %d of %d", name, f.Assertion, loc.Record, len(in.Transaction.Records))
				continue
			}
			r := in.Transaction.Records[loc.Record-1]
			if loc.RecordType != 0 && loc.RecordType != r.Type {
				t.Errorf("%s %s: record %d is Type-%d, the finding says Type-%d", name, f.Assertion, loc.Record, r.Type, loc.RecordType)
			}
			for _, fs := range r.Fields {
				if fs.Tag != loc.Field {
					continue
				}
				linked++
				if loc.Offset >= 0 && fs.Offset != nil && (loc.Offset < *fs.Offset || loc.Offset > *fs.Offset+*fs.Length) {
					t.Errorf("%s %s: offset %d outside field %s at %d+%d", name, f.Assertion, loc.Offset, fs.Tag, *fs.Offset, *fs.Length)
				}
				break
			}
		}
	}
	t.Logf("%d findings linked to an inspected field", linked)
	if linked == 0 {
		t.Error("no finding names a field inspect lists")
	}
}
