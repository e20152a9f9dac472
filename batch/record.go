package batch

import "github.com/biogate/biogate/conformance"

// Outcome is what became of one file.
type Outcome string

// The outcomes of report.jsonl (issue 14): every file has exactly one.
const (
	OK                 Outcome = "ok"
	Nonconformant      Outcome = "nonconformant"
	Failed             Outcome = "failed"
	SkippedUnsupported Outcome = "skipped-unsupported"
)

// maxFindings is how many findings of a file its report line carries;
// Assertions counts them all.
const maxFindings = 5

// Record is one line of report.jsonl, and of the journal: what became
// of one file.
type Record struct {
	// Source names the file: its path, or ARCHIVE!/ENTRY for an archive
	// entry.
	Source string `json:"source"`
	SHA256 string `json:"sha256,omitempty"` // of the source bytes
	Size   int64  `json:"size"`
	// Format is the sniffed format (internal/sniff); Version the
	// transaction's 1.002 VER or the record's edition, where known.
	Format  string  `json:"format"`
	Version string  `json:"version,omitempty"`
	Outcome Outcome `json:"outcome"`
	Reason  string  `json:"reason,omitempty"` // why a file failed or was skipped
	// Output is the file written, relative to the output folder.
	Output     string                `json:"output,omitempty"`
	Errors     int                   `json:"errors"`
	Warnings   int                   `json:"warnings"`
	Assertions map[string]int        `json:"assertions,omitempty"` // findings by assertion
	Findings   []conformance.Finding `json:"findings,omitempty"`   // the first few
	Losses     []string              `json:"losses,omitempty"`     // what a conversion could not carry
	Millis     int64                 `json:"ms"`
	// Resumed marks a file done by an earlier run (its journal entry).
	Resumed bool `json:"resumed,omitempty"`
}

// addFindings counts a report's findings into r and keeps the first.
func (r *Record) addFindings(rep *conformance.Report) {
	r.Errors, r.Warnings = rep.Count()
	for _, f := range rep.Findings {
		if r.Assertions == nil {
			r.Assertions = map[string]int{}
		}
		r.Assertions[f.Assertion]++
		if len(r.Findings) < maxFindings {
			r.Findings = append(r.Findings, f)
		}
	}
}
