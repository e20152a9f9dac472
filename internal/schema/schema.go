// Package schema validates JSON documents against JSON Schema (draft
// 2020-12) with github.com/google/jsonschema-go, and says where an
// invalid document is wrong: the JSON Pointer (RFC 6901) of the
// offending value and what is wrong with it.
//
// The library compiles nothing at start-up (unlike the one it replaced,
// whose package init compiled every meta-schema: 7 ms of every biogate
// run), and validates in declaration order, stopping at the first
// failure. Its errors name the chain of schema locations that failed but
// not the instance location; [Schema.Validate] recovers that location by
// following the chain through the instance (see locate.go).
package schema

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"

	gjs "github.com/google/jsonschema-go/jsonschema"
)

// Schema is a compiled JSON Schema document, or one of its sub-schemas.
type Schema struct {
	doc     []byte // the whole document
	base    string // its $id, an absolute URI
	pointer string // of the sub-schema within doc; "" for the document
	rs      *gjs.Resolved

	mu   sync.Mutex
	subs map[string]*Schema // sub-schemas compiled by locate, by pointer
	root *Schema            // the document's Schema, which holds subs
}

// Error is a document that does not match its schema.
type Error struct {
	Path    string // JSON Pointer of the offending value; "" for the document
	Message string // what is wrong with it
}

func (e *Error) Error() string {
	if e.Path == "" {
		return "/: " + e.Message
	}
	return e.Path + ": " + e.Message
}

// Compile compiles the JSON Schema document doc, which must carry an
// absolute "$id"; its "$ref"s may point anywhere within it.
func Compile(doc []byte) (*Schema, error) {
	var id struct {
		ID string `json:"$id"`
	}
	if err := json.Unmarshal(doc, &id); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	if u, err := url.Parse(id.ID); err != nil || !u.IsAbs() {
		return nil, fmt.Errorf("schema: the document's $id %q is not an absolute URI", id.ID)
	}
	s := &Schema{doc: doc, base: id.ID}
	s.root = s
	sch, err := s.load()
	if err != nil {
		return nil, err
	}
	if s.rs, err = sch.Resolve(nil); err != nil {
		return nil, fmt.Errorf("schema: %s: %w", s.base, err)
	}
	return s, nil
}

// MustCompile is Compile for a document built into the program.
func MustCompile(doc []byte) *Schema {
	s, err := Compile(doc)
	if err != nil {
		panic(err)
	}
	return s
}

// load unmarshals a fresh copy of the document (a resolved schema must
// not be shared between resolutions).
func (s *Schema) load() (*gjs.Schema, error) {
	sch := new(gjs.Schema)
	if err := json.Unmarshal(s.doc, sch); err != nil {
		return nil, fmt.Errorf("schema: %s: %w", s.base, err)
	}
	return sch, nil
}

// Sub returns the sub-schema at pointer (a JSON Pointer within the
// document, such as "/$defs/Transaction"), compiled once.
func (s *Schema) Sub(pointer string) (*Schema, error) {
	r := s.root
	r.mu.Lock()
	defer r.mu.Unlock()
	if sub, ok := r.subs[pointer]; ok {
		return sub, nil
	}
	ref := &gjs.Schema{Ref: r.base + "#" + (&url.URL{Fragment: pointer}).EscapedFragment()}
	rs, err := ref.Resolve(&gjs.ResolveOptions{Loader: func(u *url.URL) (*gjs.Schema, error) {
		if u.String() != r.base {
			return nil, fmt.Errorf("schema: %s is outside %s", u, r.base)
		}
		return r.load()
	}})
	if err != nil {
		return nil, fmt.Errorf("schema: %s#%s: %w", r.base, pointer, err)
	}
	sub := &Schema{doc: r.doc, base: r.base, pointer: pointer, rs: rs, root: r}
	if r.subs == nil {
		r.subs = map[string]*Schema{}
	}
	r.subs[pointer] = sub
	return sub, nil
}

// Types returns the types the schema declares ("integer", ...).
func (s *Schema) Types() []string {
	sch := s.rs.Schema()
	if sch.Ref != "" {
		// A Sub: the declaration is at the pointer.
		if sch = lookup(s.rootSchema(), s.pointer); sch == nil {
			return nil
		}
	}
	if sch.Type != "" {
		return []string{sch.Type}
	}
	return sch.Types
}

func (s *Schema) rootSchema() *gjs.Schema { return s.root.rs.Schema() }

// Validate checks v, a document as encoding/json decodes it into an any
// (numbers may be json.Number), and returns an *Error saying where and
// what, or nil.
func (s *Schema) Validate(v any) error {
	v, bad := numbers(v, "")
	if bad != nil {
		return bad
	}
	err := s.rs.Validate(v)
	if err == nil {
		return nil
	}
	return s.locate(err, v)
}

// numbers returns v with each json.Number as an int64 or a float64: the
// library takes a json.Number for a string. A number that fits neither
// gives an *Error at its pointer (ptr is v's).
func numbers(v any, ptr string) (any, *Error) {
	switch x := v.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n, nil
		}
		f, err := x.Float64()
		if err != nil {
			return nil, &Error{Path: ptr, Message: fmt.Sprintf("the number %.40s is out of range", x)}
		}
		return f, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			var bad *Error
			if out[i], bad = numbers(e, ptr+"/"+strconv.Itoa(i)); bad != nil {
				return nil, bad
			}
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			var bad *Error
			if out[k], bad = numbers(e, ptr+"/"+Escape(k)); bad != nil {
				return nil, bad
			}
		}
		return out, nil
	}
	return v, nil
}

// lookup follows a JSON Pointer through a schema's sub-schemas.
func lookup(sch *gjs.Schema, pointer string) *gjs.Schema {
	if pointer == "" {
		return sch
	}
	toks := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	for i := 0; i < len(toks) && sch != nil; i++ {
		tok := unescape(toks[i])
		named := func(m map[string]*gjs.Schema) *gjs.Schema {
			if i+1 >= len(toks) {
				return nil
			}
			i++
			return m[unescape(toks[i])]
		}
		indexed := func(l []*gjs.Schema) *gjs.Schema {
			if i+1 >= len(toks) {
				return nil
			}
			i++
			n := 0
			if _, err := fmt.Sscan(toks[i], &n); err != nil || n < 0 || n >= len(l) {
				return nil
			}
			return l[n]
		}
		switch tok {
		case "properties":
			sch = named(sch.Properties)
		case "patternProperties":
			sch = named(sch.PatternProperties)
		case "$defs":
			sch = named(sch.Defs)
		case "definitions":
			sch = named(sch.Definitions)
		case "dependentSchemas":
			sch = named(sch.DependentSchemas)
		case "items":
			sch = sch.Items
		case "additionalProperties":
			sch = sch.AdditionalProperties
		case "propertyNames":
			sch = sch.PropertyNames
		case "contains":
			sch = sch.Contains
		case "not":
			sch = sch.Not
		case "if":
			sch = sch.If
		case "then":
			sch = sch.Then
		case "else":
			sch = sch.Else
		case "prefixItems":
			sch = indexed(sch.PrefixItems)
		case "allOf":
			sch = indexed(sch.AllOf)
		case "anyOf":
			sch = indexed(sch.AnyOf)
		case "oneOf":
			sch = indexed(sch.OneOf)
		default:
			return nil
		}
	}
	return sch
}

// unescape decodes one JSON Pointer token.
func unescape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}

// Escape encodes s as one JSON Pointer token.
func Escape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// errChain returns the schema locations an error of the library names,
// outermost first ("validating LOC: ..." at each level), and the
// innermost message.
func errChain(err error) (locs []string, leaf string) {
	for err != nil {
		next := errors.Unwrap(err)
		if next == nil {
			return locs, err.Error()
		}
		head := strings.TrimSuffix(err.Error(), ": "+next.Error())
		if loc, ok := strings.CutPrefix(head, "validating "); ok {
			locs = append(locs, loc)
		}
		err = next
	}
	return locs, leaf
}
