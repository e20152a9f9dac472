// Package policy reads a partner's disclosure policy and applies it to
// ANSI/NIST-ITL transactions: which transaction types (1.004 TOT) and
// record types the partner may submit and read, which Type-2 fields it may
// see, and how long its transactions are kept.
//
// A policy is a JSON document, one per partner, checked on load against
// [Schema] (JSON Schema draft 2020-12):
//
//	{
//	  "partner": "ipsg",
//	  "submit": {"transactionTypes": ["CAR", "CNA"], "recordTypes": [2, 4, 14]},
//	  "read":   {"transactionTypes": ["*"], "recordTypes": [2, 14],
//	             "type2Fields": [18, 22]},
//	  "retentionDays": 365,
//	  "galleries": [{"name": "criminal", "enrol": true, "search": true,
//	                 "purposes": ["criminal-records", "missing-persons"]}],
//	  "candidates": {"max": 10, "scores": true}
//	}
//
// "*" stands for any transaction type, or for every Type-2 field. Type-1
// is always allowed, and so are 2.001 LEN and 2.002 IDC (ANSI/NIST-ITL
// 1-2011 §8.2): a record cannot be written without them.
//
// [Policy.Redact] gives the partner's view of a transaction: a copy
// without the records and Type-2 fields it may not see, 1.003 CNT listing
// what is left, and the list of what was removed ([Removal], which can also
// be written as a 98.900 ALF entry). A redacted transaction that was signed
// no longer verifies; the service signs what it returns with its own key
// (package sign, Options.Replace).
//
// The service applies a policy on every call: AllowSubmit on the way in,
// AllowRead and Redact on every read and conversion it returns, Expired
// and Due for retention. This package does no I/O beyond [LoadFile] and
// keeps no state.
package policy

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/biogate/biogate/internal/schema"
)

// Schema is the JSON Schema (draft 2020-12) of a policy document.
//
//go:embed schema.json
var Schema []byte

// schema is compiled on first use, not at start-up.
var compiled = sync.OnceValue(func() *schema.Schema { return schema.MustCompile(Schema) })

// Any, in a list of transaction types or as type2Fields, allows all.
const Any = "*"

// Policy is one partner's disclosure policy.
type Policy struct {
	Partner       string `json:"partner"`
	Submit        Access `json:"submit"`
	Read          Read   `json:"read"`
	RetentionDays int    `json:"retentionDays"`
	// Galleries say which matching galleries the partner may enrol into
	// and search, for which purposes (gallery.go); none: no gallery.
	Galleries []GalleryAccess `json:"galleries,omitempty"`
	// Candidates limits what its searches disclose; nil: no limit beyond
	// the service's, scores shown.
	Candidates *Candidates `json:"candidates,omitempty"`
}

// Access lists what a partner may send or receive.
type Access struct {
	TransactionTypes []string `json:"transactionTypes"` // 1.004 TOT values, or Any
	RecordTypes      []int    `json:"recordTypes"`      // besides Type-1
}

// Read is what a partner may read: Access plus the Type-2 fields it sees.
type Read struct {
	Access
	// AllType2 is set by "type2Fields": "*"; otherwise Type2Fields lists
	// the field numbers (2.001 and 2.002 are always kept).
	AllType2    bool
	Type2Fields []int
}

// UnmarshalJSON reads "type2Fields" as either "*" or a list of numbers.
func (r *Read) UnmarshalJSON(b []byte) error {
	var v struct {
		Access
		Type2Fields json.RawMessage `json:"type2Fields"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	r.Access = v.Access
	if string(v.Type2Fields) == `"*"` {
		r.AllType2 = true
		return nil
	}
	return json.Unmarshal(v.Type2Fields, &r.Type2Fields)
}

// MarshalJSON writes the form UnmarshalJSON reads.
func (r Read) MarshalJSON() ([]byte, error) {
	var t2 any = r.Type2Fields
	if r.AllType2 {
		t2 = Any
	}
	return json.Marshal(struct {
		Access
		Type2Fields any `json:"type2Fields"`
	}{r.Access, t2})
}

// Error reports a policy document that is not valid, with the JSON path of
// the offending value ("read.recordTypes[2]"; "" for the document).
type Error struct {
	Path string
	Msg  string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return "policy: " + e.Msg
	}
	return "policy: " + e.Path + ": " + e.Msg
}

// Load reads a policy document and checks it against Schema.
func Load(b []byte) (*Policy, error) {
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line := 1 + bytes.Count(b[:se.Offset], []byte("\n"))
			return nil, &Error{Msg: fmt.Sprintf("not JSON: %v (line %d)", err, line)}
		}
		return nil, &Error{Msg: "not JSON: " + err.Error()}
	}
	if err := compiled().Validate(doc); err != nil {
		var se *schema.Error
		if errors.As(err, &se) {
			return nil, &Error{Path: jsonPath(se.Path), Msg: se.Message}
		}
		return nil, &Error{Msg: err.Error()}
	}
	p := new(Policy)
	if err := json.Unmarshal(b, p); err != nil {
		return nil, &Error{Msg: err.Error()}
	}
	seen := map[string]bool{}
	for i, g := range p.Galleries {
		if seen[g.Name] {
			return nil, &Error{Path: fmt.Sprintf("galleries[%d].name", i), Msg: fmt.Sprintf("gallery %q is listed twice", g.Name)}
		}
		seen[g.Name] = true
	}
	return p, nil
}

// LoadFile reads the policy document in file name.
func LoadFile(name string) (*Policy, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	p, err := Load(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return p, nil
}

// jsonPath turns a JSON Pointer (RFC 6901) into the dotted form
// "read.recordTypes[2]".
func jsonPath(pointer string) string {
	var sb strings.Builder
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		if _, err := strconv.Atoi(tok); err == nil {
			sb.WriteString("[" + tok + "]")
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte('.')
		}
		sb.WriteString(tok)
	}
	return sb.String()
}

// allowsTOT reports whether tot is in the list (or the list has Any).
func (a Access) allowsTOT(tot string) bool {
	return slices.Contains(a.TransactionTypes, Any) || slices.Contains(a.TransactionTypes, strings.TrimSpace(tot))
}

// allowsRecord reports whether records of type rt are allowed.
func (a Access) allowsRecord(rt int) bool {
	return rt == 1 || slices.Contains(a.RecordTypes, rt)
}

// allowsType2 reports whether the partner may see Type-2 field n.
func (r Read) allowsType2(n int) bool {
	return n <= 2 || r.AllType2 || slices.Contains(r.Type2Fields, n)
}

// Retention returns how long the partner's transactions are kept.
func (p *Policy) Retention() time.Duration {
	return time.Duration(p.RetentionDays) * 24 * time.Hour
}
