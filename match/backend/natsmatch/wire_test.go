package natsmatch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/store"
)

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeEnrolMsg(t *testing.T) {
	one := []store.EnrolledSample{{Format: backend.FingerMinutiae, Data: []byte{1}}}
	good := enrolMsg{V: wireVersion, Op: opEnrol, Gallery: "g", Subject: "S1", Samples: one}
	tok, hash := galleryToken("g"), subjectHash("g", "S1")
	for _, tt := range []struct {
		name string
		edit func(m *enrolMsg)
		raw  string // used instead of the edited message when set
		want string // "" = decodes
	}{
		{"enrolment", func(*enrolMsg) {}, "", ""},
		{"removal", func(m *enrolMsg) { m.Op, m.Samples = opRemove, nil }, "", ""},
		{"not JSON", nil, "{", "unexpected end"},
		{"wrong type", nil, `{"v": "1"}`, "cannot unmarshal"},
		{"version", func(m *enrolMsg) { m.V = 2 }, "", "version 2"},
		{"empty subject", func(m *enrolMsg) { m.Subject = "" }, "", "subject name"},
		{"NUL in gallery", func(m *enrolMsg) { m.Gallery = "g\x00" }, "", "no NUL"},
		{"another subject's token", func(m *enrolMsg) { m.Subject = "S2" }, "", "another subject's token"},
		{"unknown operation", func(m *enrolMsg) { m.Op = "merge" }, "", `operation "merge"`},
		{"enrolment without samples", func(m *enrolMsg) { m.Samples = nil }, "", "0 samples"},
		{"too many samples", func(m *enrolMsg) { m.Samples = make([]store.EnrolledSample, maxSamples+1) }, "", "65 samples"},
		{"removal with samples", func(m *enrolMsg) { m.Op = opRemove }, "", "a removal with 1 samples"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.raw)
			if tt.edit != nil {
				m := good
				tt.edit(&m)
				data = mustJSON(t, m)
			}
			m, err := decodeEnrolMsg(tok, hash, data)
			var we *WireError
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want == "" && (m.Gallery != "g" || m.Subject != "S1"):
				t.Fatalf("decoded %+v", m)
			case tt.want != "" && (!errors.As(err, &we) || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("got %v, want a *WireError saying %q", err, tt.want)
			}
		})
	}
}

func TestDecodeRequest(t *testing.T) {
	probe := []backend.Sample{{Format: backend.FingerMinutiae, Data: []byte{1}}}
	for _, tt := range []struct {
		name, op string
		r        request
		want     string
	}{
		{"search", reqSearch, request{Gallery: "g", K: 3, Probe: probe}, ""},
		{"verify", reqVerify, request{Gallery: "g", Subject: "S", Probe: probe}, ""},
		{"health", reqHealth, request{}, ""},
		{"no budget", reqSearch, request{Gallery: "g", K: 3, Probe: probe, BudgetMs: -1}, "budget"},
		{"budget too long", reqHealth, request{BudgetMs: maxBudgetMs + 1}, "budget"},
		{"no gallery", reqSearch, request{K: 3, Probe: probe}, "gallery name"},
		{"no probe", reqSearch, request{Gallery: "g", K: 3}, "0 probe samples"},
		{"k of 0", reqSearch, request{Gallery: "g", Probe: probe}, "k = 0"},
		{"k above MaxK", reqSearch, request{Gallery: "g", K: MaxK + 1, Probe: probe}, "k = 1001"},
		{"verify without subject", reqVerify, request{Gallery: "g", Probe: probe}, "subject name"},
		{"unknown operation", "enrol", request{Gallery: "g", Probe: probe}, `operation "enrol"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			r.V = wireVersion
			if r.BudgetMs == 0 {
				r.BudgetMs = 1000
			}
			_, err := decodeRequest(tt.op, mustJSON(t, r))
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := decodeRequest(reqHealth, []byte(`{"v": 2, "budgetMs": 5}`)); err == nil {
		t.Error("a request of version 2 taken")
	}
}

func TestDecodeReply(t *testing.T) {
	for _, tt := range []struct {
		name, op, body, want string
	}{
		{"search", reqSearch, `{"v":1,"shard":"0/2","candidates":[{"subject":"a","score":0.5},{"subject":"b","score":0.1}]}`, ""},
		{"shard's error", reqSearch, `{"v":1,"shard":"0/2","error":{"code":"not-found","message":"x"}}`, ""},
		{"another shard", reqSearch, `{"v":1,"shard":"1/2"}`, `from shard "1/2"`},
		{"version", reqSearch, `{"v":3,"shard":"0/2"}`, "version 3"},
		{"more than k", reqSearch, `{"v":1,"shard":"0/2","candidates":[{"subject":"a"},{"subject":"b"},{"subject":"c"}]}`, "3 candidates for k = 2"},
		{"subject twice", reqSearch, `{"v":1,"shard":"0/2","candidates":[{"subject":"a"},{"subject":"a"}]}`, "repeated"},
		{"empty subject", reqSearch, `{"v":1,"shard":"0/2","candidates":[{"subject":""}]}`, "empty"},
		{"score out of range", reqSearch, `{"v":1,"shard":"0/2","candidates":[{"subject":"a","score":1e999}]}`, "cannot unmarshal number 1e999"},
		{"verify without verification", reqVerify, `{"v":1,"shard":"0/2"}`, "verification <nil>"},
		{"negative count", reqHealth, `{"v":1,"shard":"0/2","subjects":{"g":-1}}`, "-1 subjects"},
		{"not JSON", reqHealth, `nope`, "invalid character"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeReply(tt.op, "0/2", 2, []byte(tt.body))
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// TestReplyErrors: a shard's error crosses the wire as the sentinel the
// gateway's caller branches on (and the retryable ones stay retryable).
func TestReplyErrors(t *testing.T) {
	for _, tt := range []struct {
		err       error
		want      error
		retryable bool
	}{
		{fmt.Errorf("%w: subject x", backend.ErrNotFound), backend.ErrNotFound, false},
		{fmt.Errorf("%w: garbage", backend.ErrInvalidSample), backend.ErrInvalidSample, false},
		{fmt.Errorf("%w: face", backend.ErrUnsupported), backend.ErrUnsupported, false},
		{fmt.Errorf("%w: closed", backend.ErrUnavailable), backend.ErrUnavailable, true},
		{context.DeadlineExceeded, backend.ErrUnavailable, true},
		{errors.New("disk on fire"), nil, false},
	} {
		got := errorOf(tt.err).err("1/3")
		if tt.want != nil && !errors.Is(got, tt.want) || backend.Retryable(got) != tt.retryable || !strings.Contains(got.Error(), "shard 1/3") {
			t.Errorf("%v crossed as %v (retryable %v)", tt.err, got, backend.Retryable(got))
		}
	}
	if long := errorOf(errors.New(strings.Repeat("x", 5000))); len(long.Message) != 1024 {
		t.Errorf("a long message kept %d bytes", len(long.Message))
	}
}
