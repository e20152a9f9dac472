package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestDocumentUpToDate fails when api/openapi.json is not what the
// generator makes from it and nist/schema/transaction.schema.json: the
// embedded schema is stale, or the document was edited without running
// go generate in package api.
func TestDocumentUpToDate(t *testing.T) {
	doc, err := os.ReadFile("../../openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	schema, err := os.ReadFile("../../../nist/schema/transaction.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := generate(doc, schema)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, doc) {
		t.Error("api/openapi.json is stale: run go generate ./api")
	}
}

func TestGenerate(t *testing.T) {
	const doc = `{"openapi": "3.1.0", "paths": {"/x": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/TransactionForm"}}}}}}},
"components": {"schemas": {"A": {"enum": ["a<b", "c"]}, "TransactionForm": {"description": "stale"}}}}`
	const schema = `{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.org/t.json",
"type": "object", "properties": {"r": {"items": {"$ref": "#/$defs/record"}}, "s": {"pattern": "^[^\u001c]*$"}},
"$defs": {"record": {"properties": {"b": {"$ref": "#/$defs/base64"}}}, "base64": {"type": "string"}}}`
	got, err := generate([]byte(doc), []byte(schema))
	if err != nil {
		t.Fatal(err)
	}
	const want = `{
  "openapi": "3.1.0",
  "paths": {
    "/x": {
      "post": {
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TransactionForm"
              }
            }
          }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "A": {
        "enum": ["a<b", "c"]
      },
      "TransactionForm": {
        "type": "object",
        "properties": {
          "r": {
            "items": {
              "$ref": "#/components/schemas/TransactionFormRecord"
            }
          },
          "s": {
            "pattern": "^[^\u001c]*$"
          }
        },
        "x-generated-from": "nist/schema/transaction.schema.json"
      },
      "TransactionFormRecord": {
        "properties": {
          "b": {
            "$ref": "#/components/schemas/TransactionFormBase64"
          }
        },
        "x-generated-from": "nist/schema/transaction.schema.json"
      },
      "TransactionFormBase64": {
        "type": "string",
        "x-generated-from": "nist/schema/transaction.schema.json"
      }
    }
  }
}
`
	if string(got) != want {
		t.Errorf("generated:\n%s\nwant:\n%s", got, want)
	}
	again, err := generate(got, []byte(schema))
	if err != nil || !bytes.Equal(again, got) {
		t.Errorf("a second run changes the document (%v)", err)
	}
}

func TestGenerateRefusals(t *testing.T) {
	const okDoc = `{"components": {"schemas": {}}}`
	const okSchema = `{"type": "object"}`
	for _, c := range []struct{ name, doc, schema, want string }{
		{"outside ref in the document", `{"paths": {"/x": {"$ref": "https://example.org/x.json"}}, "components": {"schemas": {}}}`, okSchema, `#/paths//x/$ref "https://example.org/x.json" points outside the document`},
		{"ref outside the schema's defs", okDoc, `{"properties": {"a": {"$ref": "other.json#/x"}}}`, `TransactionForm/properties/a/$ref "other.json#/x" is not a reference to one of the schema's $defs`},
		{"no components", `{"openapi": "3.1.0"}`, okSchema, "no components/schemas"},
		{"document not JSON", `{"a": }`, okSchema, "the OpenAPI document: offset"},
		{"trailing data", okDoc + `{}`, okSchema, "data after the document"},
		{"schema not an object", okDoc, `[1]`, "the schema is not an object"},
	} {
		_, err := generate([]byte(c.doc), []byte(c.schema))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}
