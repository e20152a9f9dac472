package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// loadOpenAPI loads and validates an OpenAPI document with kin-openapi,
// refusing references outside it.
func loadOpenAPI(doc []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	d, err := loader.LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if err := d.Validate(context.Background(), openapi3.EnableMultiError()); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	return d, nil
}

// TestOpenAPIValid checks openapi.json with kin-openapi's validation: it
// loads without leaving the document and conforms to OpenAPI 3.1. The
// document the service published before it was made self-contained (its
// JSON bodies referring to the schema by a URL that resolves nowhere) is
// refused.
func TestOpenAPIValid(t *testing.T) {
	if _, err := loadOpenAPI(OpenAPI); err != nil {
		t.Fatal(err)
	}
	outside := bytes.ReplaceAll(OpenAPI, []byte(`"#/components/schemas/TransactionForm"`),
		[]byte(`"https://github.com/biogate/biogate/nist/schema/transaction.schema.json"`))
	if _, err := loadOpenAPI(outside); err == nil {
		t.Error("a document referring outside itself loads")
	}
}

// TestOpenAPITypeNames checks that no two components share a name across
// schemas, parameters, request bodies and responses: a client generator
// makes one type of each, and the document once had Transaction both as a
// schema and as a request body.
func TestOpenAPITypeNames(t *testing.T) {
	d, err := loadOpenAPI(OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	add := func(section, name string) {
		key := strings.ToLower(name)
		if prev, ok := seen[key]; ok {
			t.Errorf("%s %q has the name of %s", section, name, prev)
		}
		seen[key] = section + " " + name
	}
	c := d.Components
	for name := range c.Schemas {
		add("schema", name)
	}
	for name := range c.Parameters {
		add("parameter", name)
	}
	for name := range c.RequestBodies {
		add("request body", name)
	}
	for name := range c.Responses {
		add("response", name)
	}
}

// TestOpenAPIProblems checks that every operation documents the 4xx
// answers the service gives it, each an application/problem+json Problem:
// 400 for every operation (its query parameters are checked), 401 and 403
// for every authenticated one, 413, 415 and 422 for those that take a
// body, 404 for those that name a transaction.
func TestOpenAPIProblems(t *testing.T) {
	d, err := loadOpenAPI(OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range d.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			want := []int{http.StatusBadRequest}
			if op.Security == nil || len(*op.Security) > 0 { // the document's bearer requirement applies
				want = append(want, http.StatusUnauthorized, http.StatusForbidden)
			}
			if op.RequestBody != nil {
				want = append(want, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity)
			}
			if strings.Contains(path, "{id}") {
				want = append(want, http.StatusNotFound)
			}
			for _, code := range want {
				if op.Responses.Status(code) == nil {
					t.Errorf("%s does not document %d", name, code)
				}
			}
			for code, ref := range op.Responses.Map() {
				if code < "400" {
					continue
				}
				mt := ref.Value.Content.Get(MediaProblem)
				if mt == nil || mt.Schema == nil || mt.Schema.Ref != "#/components/schemas/Problem" || len(ref.Value.Content) != 1 {
					t.Errorf("%s %s: not an %s Problem", name, code, MediaProblem)
				}
			}
		}
	}
}
