package exchange

import "github.com/biogate/biogate/conformance"

// Report is a validation report with its verdict and counts, as the
// service returns it.
type Report struct {
	Conformant bool `json:"conformant"`
	Errors     int  `json:"errors"`
	Warnings   int  `json:"warnings"`
	// Format is the ISO/INCITS record edition checked (CheckRecord); ""
	// for a transaction.
	Format string `json:"format,omitempty"`
	*conformance.Report
}

func reportOf(r *conformance.Report) *Report {
	if r.Findings == nil {
		r.Findings = []conformance.Finding{}
	}
	e, w := r.Count()
	return &Report{Conformant: r.Conformant(), Errors: e, Warnings: w, Report: r}
}
