package api

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// OpenAPI is the OpenAPI 3.1 description of the service, served at
// /openapi.json and used to check every request's parameters and JSON
// bodies. It is self-contained: the JSON Schema of the JSON form
// (nist.JSONSchema) is embedded in it by internal/openapigen, and the Go
// client in api/client is generated from it (go generate ./api/...).
//
//go:generate go run ./internal/openapigen -doc openapi.json -schema ../nist/schema/transaction.schema.json
//go:embed openapi.json
var OpenAPI []byte

// operation is what the request checker knows of one operation.
type operation struct {
	id       string
	scope    string                        // x-scope: the scope a caller needs, "" for public
	query    map[string]*jsonschema.Schema // declared query parameters
	required []string                      // required query parameters
	path     map[string]*jsonschema.Schema
	jsonBody *jsonschema.Schema // schema of an application/json body, if any
	hasBody  bool               // the operation takes a request body
}

// spec is the compiled OpenAPI document: operations by "METHOD /echo/path".
type spec struct {
	ops map[string]*operation
}

type rawParam struct {
	Ref      string `json:"$ref"`
	Name     string `json:"name"`
	In       string `json:"in"`
	Required bool   `json:"required"`
}

type rawOp struct {
	OperationID string          `json:"operationId"`
	Scope       string          `json:"x-scope"`
	Parameters  []rawParam      `json:"parameters"`
	RequestBody json.RawMessage `json:"requestBody"`
}

const docURL = "https://github.com/biogate/biogate/api/openapi.json"

// loadSpec compiles the schemas of every operation's parameters and
// JSON body.
func loadSpec(doc []byte) (*spec, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(docURL, bytes.NewReader(doc)); err != nil {
		return nil, err
	}
	var d struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters    map[string]rawParam `json:"parameters"`
			RequestBodies map[string]struct {
				Content map[string]json.RawMessage `json:"content"`
			} `json:"requestBodies"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	s := &spec{ops: map[string]*operation{}}
	ptr := func(parts ...string) string {
		for i, p := range parts {
			parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~", "~0"), "/", "~1")
		}
		return docURL + "#/" + strings.Join(parts, "/")
	}
	for path, item := range d.Paths {
		var shared []rawParam
		if b, ok := item["parameters"]; ok {
			json.Unmarshal(b, &shared)
		}
		for method, b := range item {
			if method == "parameters" {
				continue
			}
			var ro rawOp
			if err := json.Unmarshal(b, &ro); err != nil {
				return nil, fmt.Errorf("%s %s: %w", method, path, err)
			}
			op := &operation{id: ro.OperationID, scope: ro.Scope, query: map[string]*jsonschema.Schema{}, path: map[string]*jsonschema.Schema{}}
			params := append(append([]rawParam(nil), shared...), ro.Parameters...)
			for i, p := range params {
				loc := ptr("paths", path, method, "parameters", strconv.Itoa(i-len(shared)), "schema")
				if i < len(shared) {
					loc = ptr("paths", path, "parameters", strconv.Itoa(i), "schema")
				}
				if p.Ref != "" {
					name := strings.TrimPrefix(p.Ref, "#/components/parameters/")
					p = d.Components.Parameters[name]
					loc = ptr("components", "parameters", name, "schema")
				}
				sch, err := c.Compile(loc)
				if err != nil {
					return nil, fmt.Errorf("%s %s parameter %s: %w", method, path, p.Name, err)
				}
				switch p.In {
				case "query":
					op.query[p.Name] = sch
					if p.Required {
						op.required = append(op.required, p.Name)
					}
				case "path":
					op.path[p.Name] = sch
				}
			}
			op.hasBody = ro.RequestBody != nil
			if ro.RequestBody != nil {
				var ref struct {
					Ref string `json:"$ref"`
				}
				json.Unmarshal(ro.RequestBody, &ref)
				name := strings.TrimPrefix(ref.Ref, "#/components/requestBodies/")
				if _, ok := d.Components.RequestBodies[name].Content["application/json"]; ok {
					sch, err := c.Compile(ptr("components", "requestBodies", name, "content", "application/json", "schema"))
					if err != nil {
						return nil, fmt.Errorf("%s %s body: %w", method, path, err)
					}
					op.jsonBody = sch
				}
			}
			key := strings.ToUpper(method) + " " + echoPath(path)
			s.ops[key] = op
		}
	}
	return s, nil
}

// echoPath turns /v1/transactions/{id} into /v1/transactions/:id.
func echoPath(p string) string {
	var b strings.Builder
	for _, seg := range strings.Split(p, "/") {
		if b.Len() > 0 || seg != "" {
			b.WriteByte('/')
		}
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			seg = ":" + seg[1:len(seg)-1]
		}
		b.WriteString(seg)
	}
	return b.String()
}

// checkParams checks query and path parameters against the operation:
// required ones present, unknown ones refused, values matching their
// schemas. It returns a message for a 400, or "".
func (op *operation) checkParams(query map[string][]string, path func(string) string) string {
	for _, name := range op.required {
		if len(query[name]) == 0 {
			return fmt.Sprintf("query parameter %q is required", name)
		}
	}
	for name, vs := range query {
		sch, ok := op.query[name]
		if !ok {
			return fmt.Sprintf("query parameter %q is not one of this operation's", name)
		}
		if len(vs) > 1 {
			return fmt.Sprintf("query parameter %q is given %d times", name, len(vs))
		}
		if msg := checkValue(sch, name, vs[0]); msg != "" {
			return msg
		}
	}
	for name, sch := range op.path {
		if msg := checkValue(sch, name, path(name)); msg != "" {
			return msg
		}
	}
	return ""
}

// checkValue checks a parameter's text, read as an integer where its
// schema wants one.
func checkValue(sch *jsonschema.Schema, name, v string) string {
	var val any = v
	if len(sch.Types) == 1 && sch.Types[0] == "integer" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Sprintf("parameter %q must be an integer, not %q", name, v)
		}
		val = json.Number(strconv.FormatInt(n, 10))
	}
	if err := sch.Validate(val); err != nil {
		return fmt.Sprintf("parameter %q: %q is not allowed (%s)", name, v, leafMessage(err))
	}
	return ""
}

// leafMessage returns the innermost cause of a schema validation error.
func leafMessage(err error) string {
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return err.Error()
	}
	for len(ve.Causes) > 0 {
		ve = ve.Causes[0]
	}
	if ve.InstanceLocation != "" {
		return ve.InstanceLocation + ": " + ve.Message
	}
	return ve.Message
}
