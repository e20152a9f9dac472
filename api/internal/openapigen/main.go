// Command openapigen makes api/openapi.json self-contained: it embeds the
// JSON Schema of Biogate's JSON form of a transaction
// (nist/schema/transaction.schema.json) under components/schemas, its
// $defs as schemas of their own, and checks that every $ref of the
// document points inside it. It rewrites the document in place, indented,
// in the order it was written:
//
//	go run ./internal/openapigen -doc openapi.json -schema ../nist/schema/transaction.schema.json
//
// (go generate in package api runs it); a test fails when the committed
// document differs from what it generates.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
)

// formSchema is the name of the transaction schema in components/schemas;
// each of its $defs becomes formSchema followed by the def's name with an
// upper-case first letter (record: TransactionFormRecord).
const formSchema = "TransactionForm"

// source names the file the generated schemas come from (x-generated-from).
const source = "nist/schema/transaction.schema.json"

func main() {
	docPath := flag.String("doc", "openapi.json", "the OpenAPI document, rewritten in place")
	schemaPath := flag.String("schema", "../nist/schema/transaction.schema.json", "the JSON Schema of the JSON form")
	flag.Parse()
	if err := run(*docPath, *schemaPath); err != nil {
		fmt.Fprintln(os.Stderr, "openapigen:", err)
		os.Exit(1)
	}
}

func run(docPath, schemaPath string) error {
	doc, err := os.ReadFile(docPath)
	if err != nil {
		return err
	}
	schema, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	out, err := generate(doc, schema)
	if err != nil {
		return err
	}
	if bytes.Equal(out, doc) {
		return nil
	}
	return os.WriteFile(docPath, out, 0o644)
}

// generate returns doc with the schemas made from schema embedded.
func generate(doc, schema []byte) ([]byte, error) {
	d, err := parse(doc)
	if err != nil {
		return nil, fmt.Errorf("the OpenAPI document: %w", err)
	}
	s, err := parse(schema)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	schemas := d.get("components")
	if schemas != nil {
		schemas = schemas.get("schemas")
	}
	if schemas == nil || !schemas.obj || !s.obj {
		return nil, fmt.Errorf("the document has no components/schemas object, or the schema is not an object")
	}
	generated, err := split(s)
	if err != nil {
		return nil, err
	}
	for _, m := range generated {
		schemas.set(m.key, m.value)
	}
	if err := checkRefs(d, "#"); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	d.write(&b, "")
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// split turns the JSON Schema into OpenAPI component schemas: the root
// without $schema, $id and $defs, then each of its $defs, with every
// "#/$defs/NAME" reference pointing at the component.
func split(s *node) ([]member, error) {
	var out []member
	mark := func(n *node) *node {
		n.set("x-generated-from", &node{scalar: mustMarshal(source)})
		return n
	}
	out = append(out, member{formSchema, mark(s.without("$schema", "$id", "$defs"))})
	if defs := s.get("$defs"); defs != nil {
		for _, m := range defs.members {
			out = append(out, member{defName(m.key), mark(m.value)})
		}
	}
	for _, m := range out {
		if err := rewriteRefs(m.value, m.key); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func defName(def string) string {
	return formSchema + strings.ToUpper(def[:1]) + def[1:]
}

// rewriteRefs points the schema's "#/$defs/NAME" references at their
// components; any other reference is an error (it would leave the
// document).
func rewriteRefs(n *node, where string) error {
	return eachRef(n, where, func(ref *member, where string) error {
		var s string
		if err := unmarshalString(ref.value, &s); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		name, ok := strings.CutPrefix(s, "#/$defs/")
		if !ok || name == "" || strings.Contains(name, "/") {
			return fmt.Errorf("%s %q is not a reference to one of the schema's $defs", where, s)
		}
		ref.value = &node{scalar: mustMarshal("#/components/schemas/" + defName(name))}
		return nil
	})
}

// checkRefs fails on a $ref that does not point inside the document: the
// document must be usable alone (client generators, linters).
func checkRefs(n *node, where string) error {
	return eachRef(n, where, func(ref *member, where string) error {
		var s string
		if err := unmarshalString(ref.value, &s); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		if !strings.HasPrefix(s, "#/") {
			return fmt.Errorf("%s %q points outside the document", where, s)
		}
		return nil
	})
}

// eachRef calls f with every "$ref" member of the tree under n and its
// location (where, then the member keys and item indexes on the way, as
// in a JSON pointer but unescaped); f may replace the member's value.
func eachRef(n *node, where string, f func(ref *member, where string) error) error {
	for i := range n.members {
		m := &n.members[i]
		if m.key == "$ref" && !m.value.obj && !m.value.arr {
			if err := f(m, where+"/$ref"); err != nil {
				return err
			}
			continue
		}
		if err := eachRef(m.value, where+"/"+m.key, f); err != nil {
			return err
		}
	}
	for i, v := range n.items {
		if err := eachRef(v, fmt.Sprintf("%s/%d", where, i), f); err != nil {
			return err
		}
	}
	return nil
}
