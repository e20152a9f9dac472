package natsmatch

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/store"
)

// The wire: JSON bodies, version wireVersion. Every decoder checks what
// it reads and returns an error (a *WireError), never panics (FuzzDecode).

const wireVersion = 1

// maxSamples bounds the samples of one enrolment or probe: ten fingers
// of a ten-print and their plain impressions, with room to spare.
const maxSamples = 64

// maxBudgetMs bounds the time a request asks a shard to wait (10 min).
const maxBudgetMs = 10 * 60 * 1000

// Stream message operations.
const (
	opEnrol  = "enrol"
	opRemove = "remove" // a tombstone: the subject's last state is "gone"
)

// enrolMsg is the body of a stream message.
type enrolMsg struct {
	V       int                    `json:"v"`
	Op      string                 `json:"op"`
	Gallery string                 `json:"gallery"`
	Subject string                 `json:"subject"`
	Samples []store.EnrolledSample `json:"samples,omitempty"`
}

// Request operations (the OP of PREFIX.match.OP.GALLERY.N.I).
const (
	reqSearch = "search"
	reqVerify = "verify"
	reqHealth = "health"
)

// request is the body of a request to a shard.
type request struct {
	V       int    `json:"v"`
	Gallery string `json:"gallery,omitempty"`
	Subject string `json:"subject,omitempty"` // verify
	K       int    `json:"k,omitempty"`       // search
	// Probe in the formats the gateway took (the shard reads them as its
	// embedded backend does).
	Probe []backend.Sample `json:"probe,omitempty"`
	// After is the stream sequence the shard must have applied before it
	// answers: the stream's last when the gateway asked.
	After uint64 `json:"after"`
	// BudgetMs is how long the gateway waits for the answer.
	BudgetMs int64 `json:"budgetMs"`
}

// reply is a shard's answer.
type reply struct {
	V int `json:"v"`
	// Shard is "I/N", checked by the gateway against the shard it asked.
	Shard string `json:"shard"`
	// Applied is the last stream sequence the shard has applied.
	Applied      uint64                `json:"applied"`
	Candidates   []backend.Candidate   `json:"candidates,omitempty"`
	Verification *backend.Verification `json:"verification,omitempty"`
	Subjects     map[string]int        `json:"subjects,omitempty"` // health
	Error        *replyError           `json:"error,omitempty"`
}

// replyError is a shard's failure: a code naming the backend sentinel,
// and its message.
type replyError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error codes and their sentinels.
var errorCodes = []struct {
	code string
	err  error
}{
	{"not-found", backend.ErrNotFound},
	{"invalid-sample", backend.ErrInvalidSample},
	{"unsupported", backend.ErrUnsupported},
	{"unavailable", backend.ErrUnavailable},
}

// errorOf is the reply error of err.
func errorOf(err error) *replyError {
	msg := err.Error()
	if len(msg) > 1024 {
		msg = msg[:1024]
	}
	for _, c := range errorCodes {
		if errors.Is(err, c.err) {
			return &replyError{Code: c.code, Message: msg}
		}
	}
	if backend.Retryable(err) {
		return &replyError{Code: "unavailable", Message: msg}
	}
	return &replyError{Code: "failed", Message: msg}
}

// err is the error a reply error stands for, wrapping its sentinel.
func (e *replyError) err(shard string) error {
	for _, c := range errorCodes {
		if e.Code == c.code {
			return fmt.Errorf("%w: shard %s: %s", c.err, shard, e.Message)
		}
	}
	return fmt.Errorf("shard %s failed: %s", shard, e.Message)
}

// WireError is a message or request that cannot be read.
type WireError struct {
	What string // "stream message", "request", "reply"
	Msg  string
}

func (e *WireError) Error() string { return "natsmatch: malformed " + e.What + ": " + e.Msg }

func wireErrorf(what, format string, args ...any) error {
	return &WireError{What: what, Msg: fmt.Sprintf(format, args...)}
}

// checkName refuses what embedded refuses (empty, NUL) and names no NATS
// subject can carry whole (beyond 256 bytes).
func checkName(what, name string) error {
	if name == "" || len(name) > 256 || strings.IndexByte(name, 0) >= 0 {
		return fmt.Errorf("%s name %q: 1 to 256 bytes, no NUL", what, name)
	}
	return nil
}

// decodeEnrolMsg reads a stream message published on the subject of
// gallery token tok and hash; the body must name that gallery and
// subject.
func decodeEnrolMsg(tok, hash string, data []byte) (*enrolMsg, error) {
	const what = "stream message"
	var m enrolMsg
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, wireErrorf(what, "%v", err)
	}
	if m.V != wireVersion {
		return nil, wireErrorf(what, "version %d, want %d", m.V, wireVersion)
	}
	for _, n := range [][2]string{{"gallery", m.Gallery}, {"subject", m.Subject}} {
		if err := checkName(n[0], n[1]); err != nil {
			return nil, wireErrorf(what, "%v", err)
		}
	}
	if galleryToken(m.Gallery) != tok || subjectHash(m.Gallery, m.Subject) != hash {
		return nil, wireErrorf(what, "gallery %q subject %q published on another subject's token %s.%s", m.Gallery, m.Subject, tok, hash)
	}
	switch m.Op {
	case opEnrol:
		if len(m.Samples) == 0 || len(m.Samples) > maxSamples {
			return nil, wireErrorf(what, "%d samples, want 1 to %d", len(m.Samples), maxSamples)
		}
	case opRemove:
		if len(m.Samples) != 0 {
			return nil, wireErrorf(what, "a removal with %d samples", len(m.Samples))
		}
	default:
		return nil, wireErrorf(what, "operation %q", m.Op)
	}
	return &m, nil
}

// decodeRequest reads a request for op.
func decodeRequest(op string, data []byte) (*request, error) {
	const what = "request"
	var r request
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, wireErrorf(what, "%v", err)
	}
	if r.V != wireVersion {
		return nil, wireErrorf(what, "version %d, want %d", r.V, wireVersion)
	}
	if r.BudgetMs <= 0 || r.BudgetMs > maxBudgetMs {
		return nil, wireErrorf(what, "budget %d ms, want 1 to %d", r.BudgetMs, maxBudgetMs)
	}
	if op == reqHealth {
		return &r, nil
	}
	if err := checkName("gallery", r.Gallery); err != nil {
		return nil, wireErrorf(what, "%v", err)
	}
	if len(r.Probe) == 0 || len(r.Probe) > maxSamples {
		return nil, wireErrorf(what, "%d probe samples, want 1 to %d", len(r.Probe), maxSamples)
	}
	switch op {
	case reqSearch:
		if r.K < 1 || r.K > MaxK {
			return nil, wireErrorf(what, "k = %d, want 1 to %d", r.K, MaxK)
		}
	case reqVerify:
		if err := checkName("subject", r.Subject); err != nil {
			return nil, wireErrorf(what, "%v", err)
		}
	default:
		return nil, wireErrorf(what, "operation %q", op)
	}
	return &r, nil
}

// decodeReply reads shard's reply to op; a search's lists at most k
// candidates, each named once, with finite scores.
func decodeReply(op, shard string, k int, data []byte) (*reply, error) {
	const what = "reply"
	var r reply
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, wireErrorf(what, "shard %s: %v", shard, err)
	}
	if r.V != wireVersion || r.Shard != shard {
		return nil, wireErrorf(what, "version %d from shard %q, want %d from %s", r.V, r.Shard, wireVersion, shard)
	}
	if r.Error != nil {
		return &r, nil
	}
	switch op {
	case reqSearch:
		if len(r.Candidates) > k {
			return nil, wireErrorf(what, "shard %s: %d candidates for k = %d", shard, len(r.Candidates), k)
		}
		seen := make(map[string]bool, len(r.Candidates))
		for _, c := range r.Candidates {
			if c.Subject == "" || seen[c.Subject] || math.IsNaN(c.Score) || math.IsInf(c.Score, 0) {
				return nil, wireErrorf(what, "shard %s: candidate %+v (empty, repeated or not a finite score)", shard, c)
			}
			seen[c.Subject] = true
		}
	case reqVerify:
		v := r.Verification
		if v == nil || math.IsNaN(v.Score) || math.IsInf(v.Score, 0) || math.IsNaN(v.Threshold) || math.IsInf(v.Threshold, 0) {
			return nil, wireErrorf(what, "shard %s: verification %+v", shard, v)
		}
	case reqHealth:
		for g, n := range r.Subjects {
			if n < 0 {
				return nil, wireErrorf(what, "shard %s: %d subjects in gallery %q", shard, n, g)
			}
		}
	}
	return &r, nil
}

func shardName(i, n int) string { return fmt.Sprintf("%d/%d", i, n) }
