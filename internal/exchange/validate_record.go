package exchange

import (
	"context"
	"strings"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
)

// CheckRecord checks an ISO/IEC 19794 or ANSI/INCITS record up to a
// conformance level (0 for DefaultLevel) with conformance.CheckISO (ISO/IEC
// 29109 levels): read as the edition as, or, when as is "", as the edition
// its header identifies. It is the check `biogate validate` (with --as)
// and POST /v1/validate (with ?as=) make of a record. The report says
// which edition was read (Report.Format); a record that cannot be
// identified or decoded is a report with findings. An as that names no
// record edition is KindInvalid.
func CheckRecord(b []byte, as string, level conformance.Level) (*Report, error) {
	f := iso.Format(as)
	if as != "" && !f.Known() {
		return nil, errorf(KindInvalid, "as %q is not an ISO/IEC 19794 or INCITS record edition (one of %s)", as, strings.Join(recordFormats(), ", "))
	}
	if level == 0 {
		level = DefaultLevel
	}
	rep := conformance.CheckISO(b, f, &conformance.ISOOptions{MaxLevel: level})
	kept := rep.Findings[:0]
	for _, fd := range rep.Findings {
		if fd.Level <= level {
			kept = append(kept, fd)
		}
	}
	rep.Findings = kept
	out := reportOf(rep)
	out.Format = as
	if as == "" {
		if g, err := iso.Identify(b); err == nil {
			out.Format = string(g)
		}
	}
	return out, nil
}

func recordFormats() []string {
	var out []string
	for _, f := range iso.Formats {
		out = append(out, string(f))
	}
	return out
}

// ValidateRecord is CheckRecord, for the service (it checks the context
// first).
func (s *Service) ValidateRecord(ctx context.Context, b []byte, as string, level int) (*Report, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if level < 0 || level > 3 {
		return nil, errorf(KindInvalid, "level %d is not 1, 2 or 3", level)
	}
	return CheckRecord(b, as, conformance.Level(level))
}

// isRecordInput reports whether b is to be checked as an ISO/INCITS
// record: its header is one (sniff), or as names the edition.
func isRecordInput(b []byte, as string) bool {
	return as != "" || sniff.Format(b) == sniff.ISO
}
