package httpmatcher

import _ "embed"

// OpenAPI is the protocol's OpenAPI 3.1 document (openapi.json), linted
// in CI with Redocly CLI and validated by this package's tests with
// kin-openapi, which also check that NewHandler serves exactly its paths.
//
//go:embed openapi.json
var OpenAPI []byte
