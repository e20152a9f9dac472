package nist

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// JSONSchema is the JSON Schema (draft 2020-12) of the JSON form that
// EncodeJSON writes and DecodeJSON reads.
//
//go:embed schema/transaction.schema.json
var JSONSchema []byte

// The JSON form's identification, in its "format" and "formatVersion" members.
const (
	JSONFormat        = "biogate-an2"
	JSONFormatVersion = 1
)

type jsonTransaction struct {
	Format        string       `json:"format"`
	FormatVersion int          `json:"formatVersion"`
	Records       []jsonRecord `json:"records"`
	Trailing      *string      `json:"trailing,omitempty"`
}

type jsonRecord struct {
	Type   int         `json:"type"`
	Name   string      `json:"name,omitempty"`
	Fields []jsonField `json:"fields"`
}

type jsonField struct {
	Tag       string     `json:"tag"`
	Written   string     `json:"written,omitempty"`
	Mnemonic  string     `json:"mnemonic,omitempty"`
	Value     *string    `json:"value,omitempty"`
	Subfields [][]string `json:"subfields,omitempty"`
	Bytes     *string    `json:"bytes,omitempty"`
	Binary    *string    `json:"binary,omitempty"`
}

// EncodeJSON writes Biogate's lossless JSON form of t (see JSONSchema): every
// record and field in order, text values as a single "value" or as
// "subfields" of items, text that is not valid UTF-8 as base64 "bytes",
// binary data as base64 "binary". Record names and field mnemonics from the
// field catalogue are added for readers and ignored by DecodeJSON.
func EncodeJSON(w io.Writer, t *Transaction) error {
	v := t.Header()
	ver, _ := v.Version()
	jt := jsonTransaction{Format: JSONFormat, FormatVersion: JSONFormatVersion, Records: make([]jsonRecord, len(t.Records))}
	for i, r := range t.Records {
		jr := jsonRecord{Type: r.Type, Fields: make([]jsonField, len(r.Fields))}
		if def, ok := LookupRecordType(r.Type); ok {
			jr.Name = def.Name
		}
		for k, f := range r.Fields {
			jf := jsonField{Tag: FieldTag(r.Type, f.Number), Written: f.Tag}
			if def, ok := LookupField(r.Type, f.Number, ver); ok {
				jf.Mnemonic = def.Mnemonic
			}
			switch {
			case f.Binary:
				s := base64.StdEncoding.EncodeToString(f.Value)
				jf.Binary = &s
			case !utf8.Valid(f.Value):
				s := base64.StdEncoding.EncodeToString(f.Value)
				jf.Bytes = &s
			case bytes.IndexByte(f.Value, RS) < 0 && bytes.IndexByte(f.Value, US) < 0:
				s := string(f.Value)
				jf.Value = &s
			default:
				jf.Subfields = f.Subfields()
			}
			jr.Fields[k] = jf
		}
		jt.Records[i] = jr
	}
	if len(t.Trailing) > 0 {
		s := base64.StdEncoding.EncodeToString(t.Trailing)
		jt.Trailing = &s
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(jt)
}

// JSONError reports a JSON document that is not a valid JSON form, with the
// path of the offending member ("records[2].fields[5]", or a JSON pointer
// such as "/records/2/fields/5/value" for bytes that are not UTF-8).
type JSONError struct {
	Path string
	Msg  string
	Err  error // what stopped decoding (a context or budget error), or nil
}

func (e *JSONError) Unwrap() error { return e.Err }

func (e *JSONError) Error() string {
	if e.Path == "" {
		return "nist: json: " + e.Msg
	}
	return "nist: json: " + e.Path + ": " + e.Msg
}

// DecodeJSON reads the JSON form written by EncodeJSON. Records are rebuilt
// exactly, so encoding the result in the traditional encoding gives the
// bytes the JSON was made from. It is DecodeJSONContext with the default
// bounds.
func DecodeJSON(r io.Reader) (*Transaction, error) {
	return DecodeJSONContext(context.Background(), r, nil)
}

func decodeJSON(ctx context.Context, b []byte, o *DecodeJSONOptions) (*Transaction, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var jt jsonTransaction
	if err := dec.Decode(&jt); err != nil {
		return nil, &JSONError{Msg: err.Error()}
	}
	if jt.Format != JSONFormat || jt.FormatVersion != JSONFormatVersion {
		return nil, &JSONError{Msg: fmt.Sprintf("format %q version %d, want %q version %d", jt.Format, jt.FormatVersion, JSONFormat, JSONFormatVersion)}
	}
	if len(jt.Records) > o.MaxRecords {
		return nil, &JSONError{Path: "records", Msg: fmt.Sprintf("%d records; at most %d are accepted (ANSI/NIST-ITL 1-2011 §7.2.3, 1.003 CNT: 999 after the Type-1 record)", len(jt.Records), o.MaxRecords)}
	}
	if err := ctx.Err(); err != nil {
		return nil, &JSONError{Msg: "decoding stopped: " + err.Error(), Err: err}
	}
	t := &Transaction{Records: make([]*Record, len(jt.Records))}
	for i, jr := range jt.Records {
		path := fmt.Sprintf("records[%d]", i)
		if jr.Type < 1 || jr.Type > 99 {
			return nil, &JSONError{Path: path + ".type", Msg: fmt.Sprintf("record type %d is outside 1-99", jr.Type)}
		}
		r := &Record{Type: jr.Type, Offset: -1, Fields: make([]*Field, len(jr.Fields))}
		for k, jf := range jr.Fields {
			f, err := jf.field(jr.Type, fmt.Sprintf("%s.fields[%d]", path, k))
			if err != nil {
				return nil, err
			}
			r.Fields[k] = f
		}
		t.Records[i] = r
	}
	if jt.Trailing != nil {
		b, err := base64.StdEncoding.DecodeString(*jt.Trailing)
		if err != nil {
			return nil, &JSONError{Path: "trailing", Msg: "not base64: " + err.Error()}
		}
		t.Trailing = b
	}
	return t, nil
}

func (jf *jsonField) field(recordType int, path string) (*Field, error) {
	typ, num, ok := splitTag(jf.Tag)
	if !ok || typ != recordType {
		return nil, &JSONError{Path: path + ".tag", Msg: fmt.Sprintf("tag %q is not a field tag of a Type-%d record", jf.Tag, recordType)}
	}
	f := &Field{Number: num, Tag: jf.Written, Offset: -1}
	if jf.Written != "" {
		if wt, wn, ok := splitTag(jf.Written); !ok || wn != num || wt < 1 || wt > 99 {
			return nil, &JSONError{Path: path + ".written", Msg: fmt.Sprintf("%q does not spell field number %d", jf.Written, num)}
		}
	}
	set := 0
	for _, p := range []bool{jf.Value != nil, jf.Subfields != nil, jf.Bytes != nil, jf.Binary != nil} {
		if p {
			set++
		}
	}
	if set != 1 {
		return nil, &JSONError{Path: path, Msg: "a field needs exactly one of value, subfields, bytes and binary"}
	}
	var err error
	switch {
	case jf.Value != nil:
		if strings.ContainsAny(*jf.Value, "\x1c\x1d\x1e\x1f") {
			return nil, &JSONError{Path: path + ".value", Msg: "holds a separator character; use subfields"}
		}
		f.Value = []byte(*jf.Value)
	case jf.Subfields != nil:
		for i, s := range jf.Subfields {
			if len(s) == 0 {
				return nil, &JSONError{Path: fmt.Sprintf("%s.subfields[%d]", path, i), Msg: "a subfield needs at least one item"}
			}
			for j, it := range s {
				if strings.ContainsAny(it, "\x1c\x1d\x1e\x1f") {
					return nil, &JSONError{Path: fmt.Sprintf("%s.subfields[%d][%d]", path, i, j), Msg: "holds a separator character"}
				}
			}
		}
		f.Value = joinSubfields(jf.Subfields)
	case jf.Bytes != nil:
		f.Value, err = base64.StdEncoding.DecodeString(*jf.Bytes)
	case jf.Binary != nil:
		f.Value, err = base64.StdEncoding.DecodeString(*jf.Binary)
		f.Binary = true
	}
	if err != nil {
		return nil, &JSONError{Path: path, Msg: "not base64: " + err.Error()}
	}
	return f, nil
}

// splitTag reads "T.F" into its record type and field number.
func splitTag(s string) (typ, num int, ok bool) {
	a, b, found := strings.Cut(s, ".")
	if !found {
		return 0, 0, false
	}
	t, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || t < 0 || n < 0 || len(a) > 9 || len(b) > 9 {
		return 0, 0, false
	}
	return t, n, true
}
