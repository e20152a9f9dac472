package natsmatch

import (
	"encoding/json"
	"testing"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/embedded"
	"github.com/biogate/biogate/store"
)

// FuzzDecode feeds arbitrary stream messages and requests to the wire
// decoders and to a shard (which applies the messages to its index and
// answers the requests): errors, never a panic.
func FuzzDecode(f *testing.F) {
	s := fuzzShard(f)
	hash := subjectHash("g", "S1")
	msg, _ := json.Marshal(enrolMsg{V: wireVersion, Op: opEnrol, Gallery: "g", Subject: "S1",
		Samples: []store.EnrolledSample{{Format: backend.FingerMinutiae, Position: 2, Data: []byte("FMR\x00"), Index: []byte("PRP1")}}})
	rm, _ := json.Marshal(enrolMsg{V: wireVersion, Op: opRemove, Gallery: "g", Subject: "S1"})
	req, _ := json.Marshal(request{V: wireVersion, Gallery: "g", Subject: "S1", K: 3, BudgetMs: 50,
		Probe: []backend.Sample{{Format: backend.FingerMinutiae, Data: []byte("FMR\x00020\x00")}}})
	rep, _ := json.Marshal(reply{V: wireVersion, Shard: "0/1", Candidates: []backend.Candidate{{Subject: "a", Score: 0.5}},
		Verification: &backend.Verification{Score: 0.1}, Subjects: map[string]int{"g": 1}})
	f.Add("biogate.enrol.g."+hash, msg)
	f.Add("biogate.enrol.g."+hash, rm)
	f.Add("biogate.enrol.~Zw."+hash, req)
	f.Add("biogate.enrol.g.x", rep)
	f.Add("", []byte(`{"v":1,"candidates":[{"subject":"a","score":-1e308}]}`))
	f.Fuzz(func(t *testing.T, subject string, data []byte) {
		if tok, hash, err := parseEnrolSubject("biogate", subject); err == nil {
			decodeEnrolMsg(tok, hash, data)
		}
		s.applyMsg(subject, data)
		for _, op := range []string{reqSearch, reqVerify, reqHealth} {
			decodeRequest(op, data)
			decodeReply(op, "0/1", 3, data)
			if r := s.handle(op, data); r.V != wireVersion || r.Shard != "0/1" {
				t.Fatalf("reply %+v", r)
			}
		}
	})
}

// fuzzShard is a shard 0/1 without NATS: its index, and caught up.
func fuzzShard(tb testing.TB) *Shard {
	b, err := embedded.New(discard{}, embedded.Options{Log: quiet, Workers: 1})
	if err != nil {
		tb.Fatal(err)
	}
	o, _ := Options{}.withDefaults()
	return &Shard{o: ShardOptions{Options: o}, name: "0/1", b: b, log: quiet, live: true, changed: make(chan struct{})}
}
