package schema

import (
	"encoding/json"
	"strings"
	"testing"
)

// testSchema uses the keywords Biogate's schemas use: $ref into $defs,
// properties, required, additionalProperties false, items, enum, const,
// pattern, minimum/maximum, minLength, uniqueItems, oneOf, if/then,
// propertyNames and patternProperties.
const testSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://biogate.test/t.json",
  "type": "object",
  "required": ["name", "tot"],
  "additionalProperties": false,
  "properties": {
    "name": {"type": "string", "minLength": 1},
    "tot": {"type": "array", "uniqueItems": true, "items": {"$ref": "#/$defs/tot"}},
    "types": {"type": "array", "items": {"type": "integer", "minimum": 2, "maximum": 99}},
    "kind": {"enum": ["a", "b"]},
    "version": {"const": 1},
    "fields": {"oneOf": [{"const": "*"}, {"type": "array", "items": {"type": "integer"}}]},
    "mode": {"type": "string"},
    "codes": {"type": "object", "propertyNames": {"pattern": "^[A-Z]+$"}, "additionalProperties": {"type": "array", "items": {"type": "string", "maxLength": 3}}},
    "extra": {"type": "object", "patternProperties": {"^x-": {"type": "integer"}}}
  },
  "if": {"properties": {"mode": {"const": "strict"}}, "required": ["mode"]},
  "then": {"required": ["kind"]},
  "$defs": {"tot": {"type": "string", "pattern": "^[A-Z]{3,4}$"}}
}`

func TestValidate(t *testing.T) {
	s, err := Compile([]byte(testSchema))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, doc, path, msg string
	}{
		{"valid", `{"name": "n", "tot": ["CAR", "MPR"], "types": [2, 14], "fields": "*", "codes": {"AB": ["x"]}, "extra": {"x-a": 1}}`, "", ""},
		{"missing member", `{"name": "n"}`, "", `missing properties: ["tot"]`},
		{"unknown member", `{"name": "n", "tot": [], "colour": 1}`, "", `"colour"`},
		{"pattern through $ref", `{"name": "n", "tot": ["CAR", "C N A"]}`, "/tot/1", `"C N A" does not match regular expression "^[A-Z]{3,4}$"`},
		{"maximum", `{"name": "n", "tot": [], "types": [2, 14, 140]}`, "/types/2", "140 is greater than 99"},
		{"minimum json.Number", `{"name": "n", "tot": [], "types": [1]}`, "/types/0", "1 is less than 2"},
		{"type", `{"name": "n", "tot": [], "types": [2, "x"]}`, "/types/1", `want "integer"`},
		{"enum", `{"name": "n", "tot": [], "kind": "c"}`, "/kind", "enum"},
		{"const", `{"name": "n", "tot": [], "version": 2}`, "/version", "const"},
		{"minLength", `{"name": "", "tot": []}`, "/name", "fewer than 1"},
		{"uniqueItems", `{"name": "n", "tot": ["CAR", "CAR"]}`, "/tot", "are equal"},
		{"oneOf", `{"name": "n", "tot": [], "fields": "all"}`, "/fields", `none of the 2 alternatives (oneOf): const: all does not equal *; or type: all has type "string", want "array"`},
		{"oneOf item", `{"name": "n", "tot": [], "fields": [1, "x"]}`, "/fields", `/1: type: x has type "string", want "integer"`},
		{"if/then", `{"name": "n", "tot": [], "mode": "strict"}`, "", `missing properties: ["kind"]`},
		{"propertyNames", `{"name": "n", "tot": [], "codes": {"AB": [], "a/b": []}}`, "/codes/a~1b", "does not match"},
		{"additionalProperties schema", `{"name": "n", "tot": [], "codes": {"AB": ["x"], "CD": ["x", "long"]}}`, "/codes/CD/1", "more than 3"},
		{"patternProperties", `{"name": "n", "tot": [], "extra": {"x-a": 1, "x-b": "s"}}`, "/extra/x-b", `want "integer"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec := json.NewDecoder(strings.NewReader(tt.doc))
			dec.UseNumber()
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			err := s.Validate(v)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("valid document refused: %v", err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("got %v (%T), want an *Error", err, err)
			}
			if e.Path != tt.path || !strings.Contains(e.Message, tt.msg) {
				t.Errorf("got path %q message %q, want path %q and %q", e.Path, e.Message, tt.path, tt.msg)
			}
		})
	}
}

// TestSub validates against a sub-schema, as the OpenAPI checker does.
func TestSub(t *testing.T) {
	s := MustCompile([]byte(testSchema))
	sub, err := s.Sub("/properties/types")
	if err != nil {
		t.Fatal(err)
	}
	if err := sub.Validate([]any{json.Number("5")}); err != nil {
		t.Errorf("valid value refused: %v", err)
	}
	err = sub.Validate([]any{json.Number("5"), json.Number("500")})
	if e, ok := err.(*Error); !ok || e.Path != "/1" || !strings.Contains(e.Message, "500 is greater than 99") {
		t.Errorf("got %v", err)
	}
	tot, err := s.Sub("/$defs/tot")
	if err != nil {
		t.Fatal(err)
	}
	if got := tot.Types(); len(got) != 1 || got[0] != "string" {
		t.Errorf("types %v", got)
	}
	if _, err := s.Sub("/properties/nothing"); err == nil {
		t.Error("a pointer to nothing compiled")
	}
}

func TestCompileErrors(t *testing.T) {
	for _, doc := range []string{`{`, `{"type": "object"}`, `{"$id": "relative.json"}`, `{"$id": "https://x.test/a.json", "type": 3}`} {
		if _, err := Compile([]byte(doc)); err == nil {
			t.Errorf("%s compiled", doc)
		}
	}
}

// TestNumberOutOfRange: a json.Number no float64 holds is refused at its
// pointer, not read as a string or as infinity.
func TestNumberOutOfRange(t *testing.T) {
	s := MustCompile([]byte(testSchema))
	doc := map[string]any{"name": "n", "tot": []any{}, "types": []any{json.Number("2"), json.Number("1e999")}}
	e, ok := s.Validate(doc).(*Error)
	if !ok || e.Path != "/types/1" || !strings.Contains(e.Message, "out of range") {
		t.Errorf("got %v, want /types/1 out of range", e)
	}
}
