package natsmatch

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/store"
	"github.com/nats-io/nats.go/jetstream"
)

// TestMalformed: junk in the stream (published by something other than
// a gateway) and junk requests neither stop nor mislead the shards: the
// stream messages are skipped, the requests answered with an error, and
// the shards go on answering.
func TestMalformed(t *testing.T) {
	ctx := context.Background()
	c := startCluster(t, 2)
	js, err := jetstream.New(c.gw.nc)
	if err != nil {
		t.Fatal(err)
	}
	p := c.o.Prefix
	junkSamples, _ := json.Marshal(enrolMsg{V: wireVersion, Op: opEnrol, Gallery: "m", Subject: "junk",
		Samples: []store.EnrolledSample{{Format: backend.FingerMinutiae, Data: []byte("no record"), Index: []byte("no index")}}})
	otherHash, _ := json.Marshal(enrolMsg{V: wireVersion, Op: opRemove, Gallery: "m", Subject: "someone"})
	for _, m := range []struct{ subject, body string }{
		{p + ".enrol.m." + subjectHash("m", "a"), "not json"},
		{p + ".enrol.m." + subjectHash("m", "b"), `{"v": 1, "op": "enrol", "gallery": "m", "subject": "b", "samples": "x"}`},
		{p + ".enrol.m." + subjectHash("m", "junk"), string(junkSamples)},
		{p + ".enrol.m." + subjectHash("m", "c"), string(otherHash)},
		{p + ".enrol.m.nothex", `{}`},
		{p + ".enrol.m", `{}`},
		{p + ".enrol.m.x.y", `{}`},
	} {
		for i := range 2 { // each junk message for both shards' parts
			subj := m.subject
			if i == 1 {
				subj = strings.Replace(subj, ".m.", ".m2.", 1)
			}
			if _, err := js.Publish(ctx, subj, []byte(m.body)); err != nil {
				t.Fatalf("publish %s: %v", subj, err)
			}
		}
	}
	for op, body := range map[string]string{reqSearch: "garbage", reqVerify: `{"v":1}`, reqHealth: `{"v":1,"budgetMs":-5}`} {
		for i := range 2 {
			msg, err := c.gw.nc.Request(requestSubject(p, op, "m", 2, i), []byte(body), 10*time.Second)
			if err != nil {
				t.Fatalf("junk %s request to shard %d: %v", op, i, err)
			}
			r, err := decodeReply(op, shardName(i, 2), 1, msg.Data)
			if err != nil || r.Error == nil || r.Error.Code != "failed" || !strings.Contains(r.Error.Message, "malformed request") {
				t.Errorf("junk %s request to shard %d answered %s (%v)", op, i, msg.Data, err)
			}
		}
	}
	// The shards go on: a real enrolment is found, the junk is not.
	if err := c.gw.Enrol(ctx, "m", "real", backendtest.FVC(t, 105, 1, minutiae)); err != nil {
		t.Fatal(err)
	}
	cs, err := c.gw.Identify(ctx, "m", backendtest.FVC(t, 105, 2, minutiae), 10)
	if err != nil || len(cs) != 1 || cs[0].Subject != "real" {
		t.Errorf("after the junk: %v, %v; want only the subject enrolled", cs, err)
	}
	skipped := int64(0)
	for _, s := range c.shards {
		skipped += s.skipped.Load()
	}
	if skipped == 0 {
		t.Error("no shard skipped a junk message")
	}
	// A shard replaying the junk starts all the same.
	c.stopShard(0)
	c.startShard(0)
	if cs2, err := c.gw.Identify(ctx, "m", backendtest.FVC(t, 105, 2, minutiae), 10); err != nil || len(cs2) != 1 || cs2[0] != cs[0] {
		t.Errorf("after a replay of the junk: %v, %v", cs2, err)
	}
}
