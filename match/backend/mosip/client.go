package mosip

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/mosip/internal/wire"
)

// post sends an operation's JSON to a route in the request envelope and
// returns the decoded match result. Errors wrap the backend sentinels
// where one applies (see classify).
func (b *Backend) post(ctx context.Context, route string, payload []byte) (*wire.MatchResponse, error) {
	body := wire.EncodeEnvelope(payload)
	if int64(len(body)) > b.o.MaxRequestBytes {
		return nil, fmt.Errorf("request of %d bytes is over the %d-byte limit: %w", len(body), b.o.MaxRequestBytes, backend.ErrInvalidSample)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.base+route, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	raw, status, err := b.do(req)
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, httpStatusError(req, status, raw)
	}
	m, err := wire.DecodeMatchResponse(raw)
	if err != nil {
		var se *wire.ServiceErrors
		if errors.As(err, &se) {
			return nil, serviceError(se)
		}
		// Not the service's JSON: a proxy's page, a truncated answer.
		return nil, fmt.Errorf("POST %s answered what is not a Bio-SDK response: %v: %w", route, err, backend.ErrUnavailable)
	}
	if err := sdkStatus(m); err != nil {
		return nil, err
	}
	return m, nil
}

// do runs one request, reading at most MaxResponseBytes of the answer.
// Transport failures (refused, reset, timed out) wrap ErrUnavailable.
func (b *Backend) do(req *http.Request) ([]byte, int, error) {
	resp, err := b.http.Do(req)
	if err != nil {
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return nil, 0, fmt.Errorf("%s %s: %w (%w)", req.Method, req.URL.Path, ctxErr, backend.ErrUnavailable)
		}
		return nil, 0, fmt.Errorf("%s %s: %v: %w", req.Method, req.URL.Redacted(), err, backend.ErrUnavailable)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, b.o.MaxResponseBytes+1))
	if err != nil {
		return nil, 0, fmt.Errorf("%s %s: reading the answer: %v: %w", req.Method, req.URL.Path, err, backend.ErrUnavailable)
	}
	if int64(len(raw)) > b.o.MaxResponseBytes {
		return nil, 0, fmt.Errorf("%s %s: answer over the %d-byte limit", req.Method, req.URL.Path, b.o.MaxResponseBytes)
	}
	return raw, resp.StatusCode, nil
}

// httpStatusError: 5xx, 408 and 429 say the service is down, busy or
// slow (retryable); another status (404: a wrong base URL, 401/403: a
// gateway refusing us) is a configuration fault a retry does not mend.
func httpStatusError(req *http.Request, status int, body []byte) error {
	err := fmt.Errorf("%s %s: HTTP %d: %.200s", req.Method, req.URL.Path, status, strings.TrimSpace(string(body)))
	if status >= 500 || status == http.StatusRequestTimeout || status == http.StatusTooManyRequests {
		return fmt.Errorf("%w: %w", err, backend.ErrUnavailable)
	}
	return err
}

// serviceError maps the service's error codes (mosip/biosdk-services
// constants/ErrorMessages.java @59db5007), answered with HTTP 200:
//   - INVALID_REQUEST_BODY: the service could not read the request, which
//     this adapter builds from the samples: ErrInvalidSample;
//   - BIO_SDK_001 (utils/ErrorCode.java NO_PROVIDERS, what the factory
//     throws) or NO_BIOSDK_PROVIDER_FOUND: no SDK for the spec version
//     sent: ErrUnsupported;
//   - BIOSDK_LIB_EXCEPTION, UNCHECKED_EXCEPTION and any other code: the
//     SDK library failed (licence, memory, a crash inside it):
//     ErrUnavailable, so that the search is retried later rather than lost.
func serviceError(se *wire.ServiceErrors) error {
	sentinel := backend.ErrUnavailable
	for _, e := range se.Errors {
		switch e.Code {
		case wire.CodeInvalidRequestBody:
			sentinel = backend.ErrInvalidSample
		case wire.CodeNoProviders, wire.CodeNoProvider:
			sentinel = backend.ErrUnsupported
		default:
			continue
		}
		break
	}
	return fmt.Errorf("%w: %w", se, sentinel)
}

// sdkStatus maps the SDK's own statusCode (constants/ResponseStatus.java
// @59db5007): 200 is success; 401, 402, 403, 406 (invalid or missing
// input, quality check failed, poor quality) say the samples are the
// matter: ErrInvalidSample; 500 and other codes: ErrUnavailable. An absent
// statusCode is taken as success when decisions came back.
func sdkStatus(m *wire.MatchResponse) error {
	if m.StatusCode == nil || *m.StatusCode == wire.StatusOK {
		return nil
	}
	msg := ""
	if m.StatusMessage != nil {
		msg = *m.StatusMessage
	}
	err := fmt.Errorf("SDK status %d: %.200s", *m.StatusCode, msg)
	switch *m.StatusCode {
	case wire.StatusInvalidInput, wire.StatusMissingInput, wire.StatusQualityCheckFailed, wire.StatusPoorDataQuality:
		return fmt.Errorf("%w: %w", err, backend.ErrInvalidSample)
	}
	return fmt.Errorf("%w: %w", err, backend.ErrUnavailable)
}
