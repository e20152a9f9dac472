package api

import (
	"encoding/json"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestEnrolCrash: `biogate serve --dev` (the built binary, its embedded
// backend) takes enrolments from four clients at once, each scan of
// FVC2002 DB1_B as a subject of its own, and is killed with SIGKILL
// mid-way; restarted on the same data folder, it must find every
// enrolment it acknowledged (201) at rank 1 when searched with the very
// scan enrolled: an acknowledged enrolment is durable, and the index is
// rebuilt from the store at start.
func TestEnrolCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the service")
	}
	enrolled, probes := fvcPrints(t)
	prints := append(enrolled, probes...)
	bin := buildBiogate(t)
	data := t.TempDir()
	args := append([]string{"serve", "--dev", "--addr", "127.0.0.1:0", "--data", data}, serveStoreFlags(t)...)
	serve := func() *process { return startProcess(t, bin, true, args...) }
	p := serve()

	var mu sync.Mutex
	acked := map[string]fvcPrint{} // subject → its scan
	var wg sync.WaitGroup
	const workers = 4
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(prints); i += workers {
				pr := prints[i]
				subject := "p" + pr.name()
				status, _, _ := httpCall("PUT", p.url+"/v1/galleries/crash/subjects/"+subject, p.token, pr.read(t))
				if status == 0 {
					return // the service is gone
				}
				if status == 201 {
					mu.Lock()
					acked[subject] = pr
					mu.Unlock()
				}
			}
		}()
	}
	// Kill once a quarter of the enrolments are acknowledged.
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= len(prints)/4 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
	wg.Wait()
	if len(acked) == 0 {
		t.Fatal("no enrolment was acknowledged before the kill")
	}
	if len(acked) == len(prints) {
		t.Logf("every enrolment was acknowledged before the kill took effect")
	}

	p = serve()
	found := 0
	for subject, pr := range acked {
		status, _, body := httpCall("POST", p.url+"/v1/galleries/crash/search?limit=3", p.token, pr.read(t))
		var res struct {
			Candidates []struct {
				Subject string   `json:"subject"`
				Score   *float64 `json:"score"`
			} `json:"candidates"`
		}
		json.Unmarshal(body, &res)
		if status != 200 || len(res.Candidates) == 0 || res.Candidates[0].Subject != subject {
			t.Errorf("acknowledged %s: search with its own scan: status %d, %.300s", subject, status, body)
			continue
		}
		found++
	}
	t.Logf("%d of %d enrolments acknowledged before SIGKILL; after restart %d found at rank 1 by their own scan", len(acked), len(prints), found)
}
