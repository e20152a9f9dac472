package batch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
	"github.com/biogate/biogate/sign"
	nistxml "github.com/biogate/biogate/xml"
)

// processor applies a Job's operation to one file's bytes.
type processor struct {
	job       Job
	validator exchange.Validator
}

// result is a processed file: its report line and the output to write.
type result struct {
	rec  Record
	rel  string // the file's path under the output folder (its source's top folder, then its path in the source)
	body []byte // nil: nothing to write
	ext  string // the output's extension; "" keeps the source name
}

func newProcessor(j Job) *processor {
	return &processor{job: j, validator: exchange.NewValidator(j.Tables)}
}

// check refuses a Job whose profile cannot be loaded before any file is
// read (the Validator loads the profile before it reads its input).
func (p *processor) check(ctx context.Context) error {
	if p.job.Op != OpValidate && p.job.Op != OpModernise {
		return nil
	}
	if _, err := p.validator.Validate(ctx, nil, p.job.Profile, p.job.Level); errors.Is(err, exchange.ErrUnknownProfile) {
		return jobErrorf("profile: %v", err)
	}
	return nil
}

// process fills r (Source, Size, SHA256 already set) from b. A panic in
// the core over one file is that file's failure, not the batch's end: an
// archive of legacy files is where a reader's unknown bug shows.
func (p *processor) process(ctx context.Context, b []byte, r *result) {
	defer func() {
		if v := recover(); v != nil {
			r.body = nil
			r.rec.Outcome, r.rec.Reason = Failed, fmt.Sprintf("internal error (please report it with the file): %v", v)
		}
	}()
	r.rec.Format = sniff.Format(b)
	if r.rec.Format == sniff.Unknown {
		r.rec.Format = "unknown"
	}
	r.rec.Version = versionOf(b, r.rec.Format)
	switch p.job.Op {
	case OpValidate:
		p.validate(ctx, b, r)
	case OpConvert:
		p.convert(ctx, b, r)
	case OpSign:
		p.sign(ctx, b, r)
	case OpModernise:
		p.modernise(ctx, b, r)
	}
}

// validate checks b as `biogate validate` does: an ISO/INCITS record
// with exchange.CheckRecord, a transaction through the Validator (XML and
// JSON read first, so one that cannot be read at all is failed).
func (p *processor) validate(ctx context.Context, b []byte, r *result) {
	switch r.rec.Format {
	case sniff.ISO:
		rep, err := exchange.CheckRecord(b, "", p.job.Level)
		if err != nil {
			r.fail(err)
			return
		}
		r.rec.Version = rep.Format
		r.rec.addFindings(rep.Report)
	case sniff.XML, sniff.JSON, sniff.AN2:
		if r.rec.Format != sniff.AN2 {
			in, err := exchange.Load(ctx, b, nil)
			if err != nil {
				r.fail(err)
				return
			}
			r.rec.Version = transactionVersion(in.Transaction)
		}
		rep, err := p.validator.Validate(ctx, b, p.job.Profile, p.job.Level)
		if err != nil {
			r.fail(err)
			return
		}
		r.rec.addFindings(rep)
	default:
		r.skip(unsupportedReason(r.rec.Format))
		return
	}
	r.rec.Outcome = OK
	if r.rec.Errors > 0 {
		r.rec.Outcome = Nonconformant
	}
}

// convert writes b in the Job's target format with exchange.Convert (the
// core of `biogate convert`); its notes are the losses.
func (p *processor) convert(ctx context.Context, b []byte, r *result) {
	out, err := exchange.Convert(ctx, b, exchange.ConvertOptions{To: p.job.To, Dialect: p.job.Dialect})
	if err != nil {
		r.fail(err)
		return
	}
	r.rec.Outcome, r.rec.Losses = OK, out.Notes
	r.body, r.ext = out.Body, extension(p.job.To)
}

// sign signs a transaction as `biogate sign` does (package sign) and
// writes it in the Job's format.
func (p *processor) sign(ctx context.Context, b []byte, r *result) {
	if !isTransaction(r.rec.Format) {
		r.skip("sign: the input is " + r.rec.Format + ", not a transaction")
		return
	}
	in, err := exchange.Load(ctx, b, nil)
	if err != nil {
		r.fail(err)
		return
	}
	r.rec.Version = transactionVersion(in.Transaction)
	if err := sign.Sign(in.Transaction, p.job.Key, &sign.Options{Source: p.job.SignSource, Replace: p.job.SignReplace}); err != nil {
		r.fail(err)
		return
	}
	var buf bytes.Buffer
	switch p.job.To {
	case sniff.JSON:
		err = nist.EncodeJSON(&buf, in.Transaction)
	case sniff.XML:
		_, err = nistxml.Encode(&buf, in.Transaction, nil)
	default:
		err = nist.Encode(&buf, in.Transaction)
	}
	if err != nil {
		r.fail(err)
		return
	}
	r.rec.Outcome, r.rec.Losses = OK, in.Notes()
	if v, ok := in.Transaction.Header().Version(); ok && v < nist.V0500 {
		// As biogate sign warns: ANSI/NIST-ITL 1-2011 added Type-98 and
		// xx.996 HAS.
		r.rec.Losses = append(r.rec.Losses, "VER "+v.String()+" predates the Type-98 record and xx.996 HAS (ANSI/NIST-ITL 1-2011); a validator of that version will reject them")
	}
	r.body, r.ext = buf.Bytes(), extension(p.job.To)
}

// modernise runs the Job's ModerniseFunc, the file's name in its context
// (SourceName); the output keeps the source name, with .an2 added when a
// loose image became a transaction.
func (p *processor) modernise(ctx context.Context, b []byte, r *result) {
	in := r.rec.Format
	out, rep, err := p.job.Modernise(WithSourceName(ctx, r.rel), b)
	if err != nil {
		r.fail(err)
		return
	}
	// Each output is validated (its own version or edition, and the Job's
	// profile): a modernised file with errors is nonconformant, its
	// findings in the report. Version stays the source's, for the summary.
	// Format too stays the source's; the output is validated as what it
	// is (a loose image's is a transaction).
	version := r.rec.Version
	r.rec.Format = sniff.Format(out)
	p.validate(ctx, out, r)
	r.rec.Version, r.rec.Format = version, in
	if r.rec.Outcome == Failed || r.rec.Outcome == SkippedUnsupported {
		r.rec.Reason = "the modernised output cannot be validated: " + r.rec.Reason
		r.rec.Outcome = Failed
		return
	}
	r.body = out
	if isImage(in) && sniff.Format(out) == sniff.AN2 {
		r.ext = extension(sniff.AN2)
	}
	if rep != nil {
		r.rec.Losses = rep.Losses
	}
}

// fail records err: an unsupported input or conversion is
// skipped-unsupported, and so is an XML document that is no exchange
// package at all (a schema, a rules file: xml.ErrPackage), as a text
// file is; anything else failed.
func (r *result) fail(err error) {
	var e *exchange.Error
	if errors.As(err, &e) && e.Kind == exchange.KindUnsupported || errors.Is(err, nistxml.ErrPackage) {
		r.skip(err.Error())
		return
	}
	r.rec.Outcome, r.rec.Reason = Failed, err.Error()
}

func (r *result) skip(reason string) {
	r.rec.Outcome, r.rec.Reason = SkippedUnsupported, reason
}

func unsupportedReason(format string) string {
	if format == "unknown" {
		return "the format is not one Biogate reads (sniffed from the first bytes)"
	}
	return "the input is a " + format + " image; validate the transaction or record that holds it"
}

func isTransaction(format string) bool {
	return format == sniff.AN2 || format == sniff.XML || format == sniff.JSON
}

// extension is the file extension of an output format.
func extension(format string) string {
	switch {
	case format == sniff.JPEG:
		return ".jpg"
	case iso.Format(format).Known():
		return ".iso"
	}
	return "." + format
}

// outputName is the output path of rel in ext: rel itself when it ends
// in ext already, else rel with ext appended (keeping the source's own
// extension, so a.eft and a.an2 do not meet in one output).
func outputName(rel, ext string) string {
	if ext == "" || strings.EqualFold(filepath.Ext(rel), ext) {
		return rel
	}
	return rel + ext
}

// versionOf is the version of a traditional transaction (1.002 VER, read
// from the Type-1 record's text without decoding the transaction) or the
// edition of an ISO/INCITS record (iso.Identify); "" otherwise.
func versionOf(b []byte, format string) string {
	switch format {
	case sniff.ISO:
		if f, err := iso.Identify(b); err == nil {
			return string(f)
		}
	case sniff.AN2:
		// ANSI/NIST-ITL 1-2011 7.1: fields of a traditional record are
		// separated by GS (0x1D); 1.002 follows 1.001 in the Type-1 record.
		head := b[:min(len(b), 4096)]
		for _, f := range bytes.Split(head, []byte{0x1D}) {
			tag, value, ok := bytes.Cut(f, []byte{':'})
			if !ok {
				continue
			}
			if t := bytes.TrimLeft(tag, "0"); string(t) == "1.002" || string(t) == "1.2" {
				if v, ok := nist.ParseVersion(string(value)); ok {
					return v.String()
				}
				return ""
			}
			if bytes.IndexByte(f, 0x1C) >= 0 {
				return "" // the end of the Type-1 record (FS)
			}
		}
	}
	return ""
}

func transactionVersion(t *nist.Transaction) string {
	if t == nil {
		return ""
	}
	if v, ok := t.Header().Version(); ok {
		return v.String()
	}
	return ""
}
