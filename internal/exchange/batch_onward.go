package exchange

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/store"
)

// Limits of a batch over stored transactions and of one onward
// submission.
const (
	maxStoredBatch   = 10000     // transactions named in one body
	maxStoredBytes   = 256 << 20 // their originals, together
	maxOnwardOutputs = 1000      // outputs submitted by one call
)

// storedBatch is the JSON body of POST /v1/batches naming stored
// transactions instead of uploading an archive.
type storedBatch struct {
	Transactions []string `json:"transactions"`
}

// storedArchive turns a body naming stored transactions into a tar
// archive of their originals, entry "ID" each: ok is false when body is
// not such a document. Only what the caller reads whole may be named (it
// submitted it, or no policy restricts what it reads); any other id is
// not found, as GET /v1/transactions/{id} says.
func (s *Service) storedArchive(ctx context.Context, c Caller, body []byte) (archive []byte, ok bool, err error) {
	var req storedBatch
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if len(body) == 0 || body[0] != '{' || dec.Decode(&req) != nil {
		return nil, false, nil
	}
	switch n := len(req.Transactions); {
	case n == 0:
		return nil, true, errorf(KindInvalid, "transactions: the list is empty")
	case n > maxStoredBatch:
		return nil, true, errorf(KindInvalid, "transactions: %d named; at most %d in one batch", n, maxStoredBatch)
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	seen := map[string]bool{}
	for i, id := range req.Transactions {
		if seen[id] {
			return nil, true, errorf(KindInvalid, "transactions[%d]: %s is named twice", i, id)
		}
		seen[id] = true
		t, err := s.meta(ctx, c, id)
		if err != nil {
			return nil, true, err
		}
		if !s.seesWhole(c, t) {
			return nil, true, errorf(KindNotFound, "transaction %s not found", id)
		}
		b, err := s.store.Original(ctx, id)
		if err != nil {
			return nil, true, storeError(err, "transaction "+id)
		}
		if buf.Len()+len(b) > maxStoredBytes {
			return nil, true, errorf(KindInvalid, "transactions: their originals pass %d bytes; split the batch", maxStoredBytes)
		}
		if err := tw.WriteHeader(&tar.Header{Name: id + "." + t.Format, Mode: 0o644, Size: int64(len(b)), ModTime: t.Received}); err != nil {
			return nil, true, err
		}
		if _, err := tw.Write(b); err != nil {
			return nil, true, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, true, err
	}
	return buf.Bytes(), true, nil
}

// Onward is what submitting one batch output did.
type Onward struct {
	Output      string `json:"output"`
	Transaction string `json:"transaction,omitempty"` // the stored id when accepted
	Error       string `json:"error,omitempty"`       // why it was not
}

// BatchSubmitted is the answer of SubmitBatch.
type BatchSubmitted struct {
	Submitted int      `json:"submitted"`
	Refused   int      `json:"refused"`
	Outputs   []Onward `json:"outputs"`
	// More is true when the job has more outputs than one call submits
	// (maxOnwardOutputs); a second call would submit the same first ones
	// again, so a partner with more splits the job.
	More bool `json:"more,omitempty"`
}

// SubmitBatch submits the outputs of a finished batch job onward, each
// as POST /v1/transactions does (the caller's profile, routing by 1.007
// DAI, the recipient's form and policy, audit): the outputs the report
// marks ok that are transactions. Each result, accepted or refused, is
// in the answer; one refusal does not stop the others.
func (s *Service) SubmitBatch(ctx context.Context, c Caller, id string) (*BatchSubmitted, error) {
	j, err := s.batchOf(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if j.State != store.JobDone {
		return nil, errorf(KindNotFound, "batch job %s has no outputs to submit (it is %s)", id, j.State)
	}
	report, err := s.readBatchFile(id, batchReport)
	if err != nil {
		return nil, err
	}
	out := &BatchSubmitted{Outputs: []Onward{}}
	sc := bufio.NewScanner(bytes.NewReader(report))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		var r struct {
			Outcome string `json:"outcome"`
			Output  string `json:"output"`
		}
		if json.Unmarshal(sc.Bytes(), &r) != nil || r.Outcome != "ok" || r.Output == "" {
			continue
		}
		b, err := s.readBatchFile(id, r.Output)
		if err != nil {
			return nil, err
		}
		if f := sniff.Format(b); f != sniff.AN2 && f != sniff.XML && f != sniff.JSON {
			continue // an image or record output is fetched, not submitted
		}
		if len(out.Outputs) == maxOnwardOutputs {
			out.More = true
			break
		}
		o := Onward{Output: r.Output}
		if t, err := s.Submit(ctx, c, b); err != nil {
			var e *Error
			if !errors.As(err, &e) {
				return out, err // the store or the context: stop, say what was done
			}
			o.Error = err.Error()
			out.Refused++
		} else {
			o.Transaction = t.ID
			out.Submitted++
		}
		out.Outputs = append(out.Outputs, o)
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("batch job %s: report: %w", id, err)
	}
	return out, nil
}
