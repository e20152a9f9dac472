package api

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/biogate/biogate/internal/schema"
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
	scope    string                    // x-scope: the scope a caller needs, "" for public
	query    map[string]*schema.Schema // declared query parameters
	required []string                  // required query parameters
	path     map[string]*schema.Schema
	jsonBody *schema.Schema // schema of an application/json body, if any
	hasBody  bool           // the operation takes a request body
}

// spec is the compiled OpenAPI document: operations by "METHOD /echo/path".
type spec struct {
	ops map[string]*operation
}

type rawParam struct {
	Ref      string          `json:"$ref"`
	Name     string          `json:"name"`
	In       string          `json:"in"`
	Required bool            `json:"required"`
	Schema   json.RawMessage `json:"schema"`
}

type rawOp struct {
	OperationID string          `json:"operationId"`
	Scope       string          `json:"x-scope"`
	Parameters  []rawParam      `json:"parameters"`
	RequestBody json.RawMessage `json:"requestBody"`
}

// schemasURL is the $id of the JSON Schema document loadSpec makes of
// the OpenAPI document's schemas.
const schemasURL = "https://github.com/biogate/biogate/api/openapi-schemas.json"

// loadSpec compiles the schemas of every operation's parameters and
// JSON body.
func loadSpec(doc []byte) (*spec, error) {
	var d struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas       map[string]json.RawMessage `json:"schemas"`
			Parameters    map[string]rawParam        `json:"parameters"`
			RequestBodies map[string]struct {
				Content map[string]struct {
					Schema json.RawMessage `json:"schema"`
				} `json:"content"`
			} `json:"requestBodies"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	// The schemas of parameters and bodies go into one JSON Schema
	// document, beside the components' schemas, which they and each
	// other refer to ("#/components/schemas/X" becomes "#/$defs/X").
	defs := map[string]json.RawMessage{}
	for name, raw := range d.Components.Schemas {
		defs[name] = raw
	}
	type use struct {
		def    string // its name in $defs
		assign func(*schema.Schema)
	}
	var uses []use
	add := func(raw json.RawMessage, assign func(*schema.Schema)) {
		name := "_op" + strconv.Itoa(len(uses))
		defs[name] = raw
		uses = append(uses, use{name, assign})
	}
	s := &spec{ops: map[string]*operation{}}
	for path, item := range d.Paths {
		var shared []rawParam
		if b, ok := item["parameters"]; ok {
			if err := json.Unmarshal(b, &shared); err != nil {
				return nil, fmt.Errorf("%s parameters: %w", path, err)
			}
		}
		for method, b := range item {
			if method == "parameters" {
				continue
			}
			var ro rawOp
			if err := json.Unmarshal(b, &ro); err != nil {
				return nil, fmt.Errorf("%s %s: %w", method, path, err)
			}
			op := &operation{id: ro.OperationID, scope: ro.Scope, query: map[string]*schema.Schema{}, path: map[string]*schema.Schema{}}
			for _, p := range append(append([]rawParam(nil), shared...), ro.Parameters...) {
				if p.Ref != "" {
					p = d.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
				}
				if p.Schema == nil {
					return nil, fmt.Errorf("%s %s parameter %s: no schema", method, path, p.Name)
				}
				switch p.In {
				case "query":
					add(p.Schema, func(sch *schema.Schema) { op.query[p.Name] = sch })
					if p.Required {
						op.required = append(op.required, p.Name)
					}
				case "path":
					add(p.Schema, func(sch *schema.Schema) { op.path[p.Name] = sch })
				}
			}
			op.hasBody = ro.RequestBody != nil
			if ro.RequestBody != nil {
				var ref struct {
					Ref string `json:"$ref"`
				}
				if err := json.Unmarshal(ro.RequestBody, &ref); err != nil {
					return nil, fmt.Errorf("%s %s body: %w", method, path, err)
				}
				name := strings.TrimPrefix(ref.Ref, "#/components/requestBodies/")
				if mt, ok := d.Components.RequestBodies[name].Content["application/json"]; ok {
					add(mt.Schema, func(sch *schema.Schema) { op.jsonBody = sch })
				}
			}
			s.ops[strings.ToUpper(method)+" "+echoPath(path)] = op
		}
	}
	rawDefs, err := json.Marshal(defs)
	if err != nil {
		return nil, err
	}
	rawDefs = bytes.ReplaceAll(rawDefs, []byte(`"#/components/schemas/`), []byte(`"#/$defs/`))
	all, err := schema.Compile(fmt.Appendf(nil, `{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": %q, "$defs": %s}`, schemasURL, rawDefs))
	if err != nil {
		return nil, err
	}
	for _, u := range uses {
		sch, err := all.Sub("/$defs/" + u.def)
		if err != nil {
			return nil, err
		}
		u.assign(sch)
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
func checkValue(sch *schema.Schema, name, v string) string {
	var val any = v
	if t := sch.Types(); len(t) == 1 && t[0] == "integer" {
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

// leafMessage says where and what of a schema validation error.
func leafMessage(err error) string {
	se, ok := err.(*schema.Error)
	if !ok {
		return err.Error()
	}
	if se.Path != "" {
		return se.Path + ": " + se.Message
	}
	return se.Message
}
