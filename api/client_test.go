package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"testing"

	"github.com/biogate/biogate/api/client"
	"github.com/biogate/biogate/internal/sniff"
)

// clientPartners route the project's sample transaction (1.007 DAI
// XX0000001, 1.008 ORI YY0000002) from agency to bureau, which receives
// XML; stranger sees neither side; reader may only read.
const clientPartners = `{
  "issuers": [{"name": "test-issuer", "jwks": %s}],
  "partners": [
    {"name": "agency", "issuer": "test-issuer", "scopes": ["submit", "read", "convert"], "agencies": ["YY0000002"], "receive": {"format": "an2"}},
    {"name": "bureau", "issuer": "test-issuer", "scopes": ["read"], "agencies": ["XX0000001"], "receive": {"format": "xml", "dialect": "2011"}},
    {"name": "stranger", "issuer": "test-issuer", "scopes": ["submit", "read", "convert"], "receive": {"format": "an2"}}
  ]
}`

// generatedClient is the client oapi-codegen made from openapi.json,
// calling e as partner ("" for no token).
func (e *env) generatedClient(t *testing.T, partner string) *client.ClientWithResponses {
	t.Helper()
	var opts []client.ClientOption
	if partner != "" {
		tok := e.token(t, partner)
		opts = append(opts, client.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", "Bearer "+tok)
			return nil
		}))
	}
	c, err := client.NewClientWithResponses(e.url, append(opts, client.WithHTTPClient(e.client))...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wantStatus fails the test unless the answer has the status wanted.
func wantStatus(t *testing.T, what string, res *http.Response, err error, want int) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if res.StatusCode != want {
		t.Fatalf("%s: status %d, want %d", what, res.StatusCode, want)
	}
}

// TestGeneratedClient drives the running service through the Go client
// generated from openapi.json (api/client): submit, read back, validate,
// convert, the recipient's inbox, and the documented problems, each
// decoded into the type the document gives it.
func TestGeneratedClient(t *testing.T) {
	e := startEnv(t, &envOptions{partners: clientPartners})
	an2, err := os.ReadFile("../testdata/sample.an2")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	agency, bureau, stranger := e.generatedClient(t, "agency"), e.generatedClient(t, "bureau"), e.generatedClient(t, "stranger")

	doc, err := agency.OpenapiWithResponse(ctx)
	wantStatus(t, "openapi", doc.HTTPResponse, err, 200)
	if !bytes.Equal(doc.Body, OpenAPI) {
		t.Error("the client read another document than openapi.json")
	}

	// Submit, then read back the original, its JSON form and metadata.
	sub, err := agency.SubmitWithBodyWithResponse(ctx, "application/vnd.ansi-nist-itl", bytes.NewReader(an2))
	wantStatus(t, "submit", sub.HTTPResponse, err, 201)
	tr := sub.JSON201
	sum := sha256.Sum256(an2)
	if tr == nil || tr.Sha256 == nil || *tr.Sha256 != hex.EncodeToString(sum[:]) || tr.Size == nil || *tr.Size != len(an2) || !tr.Conformant ||
		tr.Format != client.TransactionFormatAn2 || tr.Deliveries == nil || len(*tr.Deliveries) != 1 || (*tr.Deliveries)[0].Partner != "bureau" {
		t.Fatalf("submit: %s", sub.Body)
	}
	if loc := sub.HTTPResponse.Header.Get("Location"); loc != "/v1/transactions/"+tr.Id {
		t.Errorf("submit: Location %q", loc)
	}
	orig, err := agency.GetWithResponse(ctx, tr.Id, &client.GetParams{})
	wantStatus(t, "get", orig.HTTPResponse, err, 200)
	if !bytes.Equal(orig.Body, an2) {
		t.Error("get: not the bytes submitted")
	}
	asJSON := "json"
	js, err := agency.GetWithResponse(ctx, tr.Id, &client.GetParams{Format: &asJSON})
	wantStatus(t, "get json", js.HTTPResponse, err, 200)
	var form client.TransactionForm
	if err := json.Unmarshal(js.Body, &form); err != nil || len(form.Records) != 4 || form.Records[0].Type != 1 {
		t.Fatalf("get json: %v: %d records", err, len(form.Records))
	}
	meta, err := agency.MetaWithResponse(ctx, tr.Id)
	wantStatus(t, "meta", meta.HTTPResponse, err, 200)
	if meta.JSON200.Id != tr.Id || meta.JSON200.Report == nil || !meta.JSON200.Report.Conformant {
		t.Errorf("meta: %s", meta.Body)
	}
	limit := 10
	list, err := agency.ListWithResponse(ctx, &client.ListParams{Limit: &limit})
	wantStatus(t, "list", list.HTTPResponse, err, 200)
	if len(list.JSON200.Items) != 1 || list.JSON200.Items[0].Id != tr.Id {
		t.Errorf("list: %s", list.Body)
	}

	// Validate: the typed JSON form (marshalled by the client) and the
	// traditional bytes reach the same verdict.
	level := 2
	vj, err := agency.ValidateWithResponse(ctx, &client.ValidateParams{Level: &level}, form)
	wantStatus(t, "validate json", vj.HTTPResponse, err, 200)
	va, err := agency.ValidateWithBodyWithResponse(ctx, &client.ValidateParams{}, "application/vnd.ansi-nist-itl", bytes.NewReader(an2))
	wantStatus(t, "validate an2", va.HTTPResponse, err, 200)
	if !vj.JSON200.Conformant || !va.JSON200.Conformant || vj.JSON200.Errors != va.JSON200.Errors || vj.JSON200.Warnings != va.JSON200.Warnings {
		t.Errorf("validate: json %s, an2 %s", vj.Body, va.Body)
	}

	// Convert to XML and back: the traditional bytes again.
	dialect := client.Dialect2011
	x, err := agency.ConvertWithBodyWithResponse(ctx, &client.ConvertParams{To: client.FormatXml, Dialect: &dialect}, "application/vnd.ansi-nist-itl", bytes.NewReader(an2))
	wantStatus(t, "convert to xml", x.HTTPResponse, err, 200)
	if sniff.Format(x.Body) != "xml" || x.HTTPResponse.Header.Get("X-Biogate-Format") != "xml" {
		t.Fatalf("convert to xml: %.200s", x.Body)
	}
	back, err := agency.ConvertWithBodyWithResponse(ctx, &client.ConvertParams{To: client.FormatAn2}, "application/xml", bytes.NewReader(x.Body))
	wantStatus(t, "convert to an2", back.HTTPResponse, err, 200)
	if !bytes.Equal(back.Body, an2) {
		t.Error("convert: traditional -> xml -> traditional changed the bytes")
	}

	// The recipient's inbox: the delivery in its own form, acknowledged.
	in, err := bureau.InboxWithResponse(ctx, &client.InboxParams{})
	wantStatus(t, "inbox", in.HTTPResponse, err, 200)
	if len(in.JSON200.Items) != 1 || in.JSON200.Items[0].Id != tr.Id || in.JSON200.Items[0].Format != client.DeliveryFormatXml {
		t.Fatalf("inbox: %s", in.Body)
	}
	got, err := bureau.InboxGetWithResponse(ctx, tr.Id)
	wantStatus(t, "inbox get", got.HTTPResponse, err, 200)
	if sniff.Format(got.Body) != "xml" {
		t.Error("inbox get: not XML")
	}
	ack, err := bureau.AckWithResponse(ctx, tr.Id)
	wantStatus(t, "ack", ack.HTTPResponse, err, 204)

	// Problems, each decoded into the operation's documented type.
	anon := e.generatedClient(t, "")
	r401, err := anon.ListWithResponse(ctx, &client.ListParams{})
	wantStatus(t, "no token", r401.HTTPResponse, err, 401)
	if r401.ApplicationproblemJSON401 == nil || r401.ApplicationproblemJSON401.Status != 401 || r401.HTTPResponse.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("no token: %s", r401.Body)
	}
	r403, err := bureau.SubmitWithBodyWithResponse(ctx, "application/vnd.ansi-nist-itl", bytes.NewReader(an2))
	wantStatus(t, "submit without scope", r403.HTTPResponse, err, 403)
	if r403.ApplicationproblemJSON403 == nil || r403.ApplicationproblemJSON403.Type != ProblemType+"insufficient-scope" {
		t.Errorf("submit without scope: %s", r403.Body)
	}
	r404, err := stranger.MetaWithResponse(ctx, tr.Id)
	wantStatus(t, "another partner's transaction", r404.HTTPResponse, err, 404)
	if r404.ApplicationproblemJSON404 == nil {
		t.Errorf("another partner's transaction: %s", r404.Body)
	}
	zero := 0
	r400, err := agency.ListWithResponse(ctx, &client.ListParams{Limit: &zero})
	wantStatus(t, "limit 0", r400.HTTPResponse, err, 400)
	if r400.ApplicationproblemJSON400 == nil || r400.ApplicationproblemJSON400.Detail == nil {
		t.Errorf("limit 0: %s", r400.Body)
	}
	r415, err := agency.InspectWithBodyWithResponse(ctx, "application/octet-stream", bytes.NewReader([]byte("hello")))
	wantStatus(t, "not a format", r415.HTTPResponse, err, 415)
	if r415.ApplicationproblemJSON415 == nil {
		t.Errorf("not a format: %s", r415.Body)
	}
	r422, err := agency.SubmitWithBodyWithResponse(ctx, "application/vnd.ansi-nist-itl", bytes.NewReader(an2[:len(an2)-100]))
	wantStatus(t, "truncated", r422.HTTPResponse, err, 422)
	if p := r422.ApplicationproblemJSON422; p == nil || p.Findings == nil || len(*p.Findings) == 0 {
		t.Errorf("truncated: %s", r422.Body)
	}
	unsigned, err := agency.VerifyWithBodyWithResponse(ctx, nil, "application/vnd.ansi-nist-itl", bytes.NewReader(an2))
	wantStatus(t, "verify unsigned", unsigned.HTTPResponse, err, 422)
	if p := unsigned.ApplicationproblemJSON422; p == nil || p.Verification == nil || p.Verification.Reason == nil || *p.Verification.Reason != client.VerificationUnsigned {
		t.Errorf("verify unsigned: %s", unsigned.Body)
	}
}
