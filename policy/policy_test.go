package policy

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/nist"
	nistxml "github.com/biogate/biogate/xml"
)

const sample = "../testdata/sample.an2"

const corpusDir = "../../shared/corpus"

const ipsg = `{
  "partner": "ipsg",
  "submit": {"transactionTypes": ["CAR", "CNA"], "recordTypes": [2, 4, 14]},
  "read": {"transactionTypes": ["*"], "recordTypes": [2, 14], "type2Fields": [22]},
  "retentionDays": 30
}`

func TestLoad(t *testing.T) {
	p, err := Load([]byte(ipsg))
	if err != nil {
		t.Fatal(err)
	}
	if p.Partner != "ipsg" || p.Retention() != 30*24*time.Hour || !slices.Equal(p.Read.Type2Fields, []int{22}) || p.Read.AllType2 {
		t.Errorf("%+v", p)
	}
	all, err := Load([]byte(strings.Replace(ipsg, `"type2Fields": [22]`, `"type2Fields": "*"`, 1)))
	if err != nil || !all.Read.AllType2 {
		t.Fatalf("%+v %v", all, err)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, from, to string
		path, msg      string
	}{
		{"record type out of range", `"recordTypes": [2, 14]`, `"recordTypes": [2, 140]`, "read.recordTypes[1]", "99"},
		{"unknown member", `"retentionDays": 30`, `"retentionDays": 30, "colour": 1`, "", "colour"},
		{"missing type2Fields", `, "type2Fields": [22]`, ``, "read", "type2Fields"},
		{"bad TOT", `["CAR", "CNA"]`, `["CAR", "C N A"]`, "submit.transactionTypes[1]", "pattern"},
		{"negative retention", `"retentionDays": 30`, `"retentionDays": -1`, "retentionDays", "-1 is less than 1"},
		{"type2Fields wrong", `"type2Fields": [22]`, `"type2Fields": "all"`, "read.type2Fields", ""},
		{"duplicate record type", `[2, 4, 14]`, `[2, 4, 4]`, "submit.recordTypes", "equal"},
		{"not JSON", `"partner": "ipsg",`, `"partner": "ipsg"`, "", "line 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Replace(ipsg, tt.from, tt.to, 1)
			if doc == ipsg {
				t.Fatal("the test changes nothing")
			}
			_, err := Load([]byte(doc))
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v", err)
			}
			t.Log(err)
			if pe.Path != tt.path || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("got %q (path %q), want path %q and %q", err, pe.Path, tt.path, tt.msg)
			}
		})
	}
}

func loadSample(t *testing.T, name string) *nist.Transaction {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Skipf("sample not available (%v)", err)
	}
	tr, err := nist.DecodeBytes(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestAllowSubmit(t *testing.T) {
	p, _ := Load([]byte(ipsg))
	tr := loadSample(t, sample)
	if err := p.AllowSubmit(tr); err != nil {
		t.Fatal(err)
	}
	tr.Header().SetTypeOfTransaction("MPR")
	var de *DeniedError
	if err := p.AllowSubmit(tr); !errors.As(err, &de) || de.Action != "submit" || !strings.Contains(err.Error(), `"MPR"`) {
		t.Errorf("TOT: %v", err)
	}
	tr.Header().SetTypeOfTransaction("CAR")
	tr.AddRecord(nist.NewRecord(10))
	if err := p.AllowSubmit(tr); !errors.As(err, &de) || de.Record != len(tr.Records) {
		t.Errorf("Type-10: %v", err)
	}
	p.Read.TransactionTypes = []string{"CNA"}
	if err := p.AllowRead(tr); err == nil {
		t.Error("AllowRead accepts CAR")
	}
}

// TestRedactEveryFormat checks that what a partner reads holds only its
// record types and Type-2 fields, in the traditional encoding, the JSON
// form and XML, and that the stored transaction is left as it was.
func TestRedactEveryFormat(t *testing.T) {
	files := []string{sample,
		filepath.Join(corpusDir, "nbis/testdata/valid1.1.an2"),
		filepath.Join(corpusDir, "jnbis/ansi/references/type-9-10-14.an2")}
	p, _ := Load([]byte(ipsg))
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			tr := loadSample(t, name)
			before, _ := nist.Marshal(tr)
			view, removed := p.Redact(tr)
			after, _ := nist.Marshal(tr)
			if !bytes.Equal(before, after) {
				t.Fatal("Redact changed the stored transaction")
			}
			wantRemoved := 0
			for _, r := range tr.Records {
				switch {
				case r.Type == 1:
				case !p.Read.allowsRecord(r.Type):
					wantRemoved++
				case r.Type == 2:
					for _, f := range r.Fields {
						if f.Number > 2 && f.Number != 22 {
							wantRemoved++
						}
					}
				}
			}
			if len(removed) != wantRemoved || wantRemoved == 0 {
				t.Errorf("%d removals, want %d (and some): %v", len(removed), wantRemoved, removed)
			}
			for _, form := range []string{"an2", "json", "xml"} {
				got := reencode(t, view, form)
				checkView(t, form, got, p)
			}
			if name == sample {
				for _, form := range []string{"an2", "json", "xml"} {
					var buf bytes.Buffer
					encodeTo(t, &buf, view, form)
					if bytes.Contains(buf.Bytes(), []byte("MÜLLER")) {
						t.Errorf("%s output holds the withheld 2.018", form)
					}
				}
			}
		})
	}
}

func encodeTo(t *testing.T, buf *bytes.Buffer, tr *nist.Transaction, form string) {
	t.Helper()
	var err error
	switch form {
	case "an2":
		err = nist.Encode(buf, tr)
	case "json":
		err = nist.EncodeJSON(buf, tr)
	case "xml":
		var b []byte
		b, _, err = nistxml.Marshal(tr, nil)
		buf.Write(b)
	}
	if err != nil {
		t.Fatalf("%s: %v", form, err)
	}
}

// reencode writes tr in form and reads it back, as the receiving partner
// would.
func reencode(t *testing.T, tr *nist.Transaction, form string) *nist.Transaction {
	t.Helper()
	var buf bytes.Buffer
	encodeTo(t, &buf, tr, form)
	var got *nist.Transaction
	var err error
	switch form {
	case "an2":
		got, err = nist.DecodeBytes(buf.Bytes(), nil)
	case "json":
		got, err = nist.DecodeJSON(&buf)
	case "xml":
		var doc *nistxml.Document
		if doc, err = nistxml.Unmarshal(buf.Bytes(), nil); err == nil {
			got = doc.Transaction
		}
	}
	if err != nil {
		t.Fatalf("%s: reading back: %v", form, err)
	}
	return got
}

func checkView(t *testing.T, form string, tr *nist.Transaction, p *Policy) {
	t.Helper()
	content, ok := tr.Header().Content()
	if !ok || len(content) != len(tr.Records)-1 {
		t.Errorf("%s: 1.003 CNT lists %d records, %d present", form, len(content), len(tr.Records)-1)
	}
	for i, r := range tr.Records {
		if !p.Read.allowsRecord(r.Type) {
			t.Errorf("%s: record %d is Type-%d", form, i+1, r.Type)
		}
		if i > 0 && i <= len(content) && content[i-1].Type != r.Type {
			t.Errorf("%s: CNT says Type-%d for record %d (Type-%d)", form, content[i-1].Type, i+1, r.Type)
		}
		if r.Type != 2 {
			continue
		}
		for _, f := range r.Fields {
			if !p.Read.allowsType2(f.Number) {
				t.Errorf("%s: field %s is visible", form, nist.FieldTag(2, f.Number))
			}
		}
	}
}

func TestRemovalALF(t *testing.T) {
	r := Removal{Record: 2, Type: 2, IDC: 0, Field: 18}
	if got := r.ALF("ipsg", "biogate"); got[0] != "deleted" || got[2] != "0,-2.018,NA,NA" || got[3] != "biogate" {
		t.Errorf("%q", got)
	}
	if s := r.String(); !strings.Contains(s, "2.018") {
		t.Error(s)
	}
}

func TestDue(t *testing.T) {
	p, _ := Load([]byte(ipsg))
	now := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	held := []Held{
		{"a", "ipsg", now.Add(-31 * 24 * time.Hour)},
		{"b", "ipsg", now.Add(-29 * 24 * time.Hour)},
		{"c", "nobody", now.Add(-1000 * 24 * time.Hour)},
		{"d", "ipsg", now.Add(-30 * 24 * time.Hour)},
	}
	due := Due(held, map[string]*Policy{"ipsg": p}, now)
	if len(due) != 2 || due[0].ID != "a" || due[1].ID != "d" {
		t.Errorf("due %v", due)
	}
}
