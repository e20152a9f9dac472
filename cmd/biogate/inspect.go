package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/iso"
	"github.com/spf13/cobra"
)

func init() { register("", newInspectCommand) }

func newInspectCommand(c *cli) *cobra.Command {
	var (
		asJSON, strict bool
		as             string
		in             inputFlags
	)
	cmd := &cobra.Command{
		Use:   "inspect [flags] FILE",
		Short: "show a transaction, an ISO/INCITS record or an image as a tree of its parts",
		Args:  oneFile,
		RunE: runs(func(args []string) int {
			l, code := c.load("inspect", args[0], in.maxSize, &exchange.LoadOptions{Strict: strict, As: iso.Format(as)})
			if code != exitOK {
				return code
			}
			return c.inspect(l, asJSON)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the tree as JSON")
	cmd.Flags().BoolVar(&strict, "strict", false, "treat every decoding problem as an error")
	cmd.Flags().StringVar(&as, "as", "", "read the input as this ISO/INCITS `FORMAT` (the card formats and INCITS 385, which the bytes cannot tell)")
	in.add(cmd)
	return cmd
}

func (c *cli) inspect(l *exchange.Input, asJSON bool) int {
	var report any
	switch {
	case l.Record != nil:
		return c.inspectISO(l, asJSON)
	case l.Image != nil:
		b := l.Image.Bounds()
		report = map[string]any{"format": l.Format, "bytes": l.Size, "width": b.Dx(), "height": b.Dy()}
		if !asJSON {
			fmt.Fprintf(c.stdout, "%s image, %d bytes, %dx%d pixels\n", l.Format, l.Size, b.Dx(), b.Dy())
			return exitOK
		}
	default:
		report = describe(l)
		if !asJSON {
			printTree(c.stdout, report.(*inspectReport))
			return exitOK
		}
	}
	if err := writeJSON(c.stdout, report); err != nil {
		c.failf("inspect: %v", err)
		return exitUnusable
	}
	return exitOK
}

// The inspect report: the transaction's tree with names from the field
// catalogue, binary data summarised rather than dumped.
type inspectReport struct {
	Format   string                   `json:"format"`
	Bytes    int                      `json:"bytes"`
	Version  string                   `json:"version,omitempty"`
	Standard string                   `json:"standard,omitempty"`
	Records  []exchange.RecordSummary `json:"records"`
	Trailing int                      `json:"trailingBytes,omitempty"`
	Problems []inspectIssue           `json:"problems,omitempty"`
	Dialect  string                   `json:"xmlDialect,omitempty"`
	Findings []string                 `json:"xmlFindings,omitempty"`
	Notes    []string                 `json:"notes,omitempty"` // what could not be read (minutiae)
}

type inspectIssue struct {
	Record     int    `json:"record,omitempty"`
	RecordType int    `json:"recordType,omitempty"`
	Field      string `json:"field,omitempty"`
	Subfield   int    `json:"subfield,omitempty"`
	Item       int    `json:"item,omitempty"`
	Offset     int64  `json:"offset"`
	Message    string `json:"message"`
}

func describe(l *exchange.Input) *inspectReport {
	t := l.Transaction
	rep := &inspectReport{Format: l.Format, Bytes: l.Size, Trailing: len(t.Trailing)}
	ver, ok := t.Header().Version()
	if ok {
		rep.Version = ver.String()
		rep.Standard = ver.Standard()
	} else {
		rep.Version = t.Header().Record().Text(2)
	}
	var notes []string
	rep.Records, notes = l.Records()
	rep.Notes = notes
	rep.Dialect = string(l.Dialect)
	for _, f := range l.XMLNotes {
		rep.Findings = append(rep.Findings, exchange.NoteText(f))
	}
	for _, p := range l.Problems {
		rep.Problems = append(rep.Problems, inspectIssue{Record: p.Record, RecordType: p.RecordType, Field: p.FieldTag(),
			Subfield: p.Subfield, Item: p.Item, Offset: p.Offset, Message: p.Msg})
	}
	return rep
}

// maxShown is how many bytes of a text item the readable tree prints.
const maxShown = 120

func printTree(w io.Writer, rep *inspectReport) {
	format := rep.Format
	if rep.Dialect != "" {
		format += ", dialect " + rep.Dialect
	}
	fmt.Fprintf(w, "ANSI/NIST-ITL transaction (%s), %d bytes, %d records", format, rep.Bytes, len(rep.Records))
	if rep.Version != "" {
		fmt.Fprintf(w, ", VER %s", rep.Version)
		if rep.Standard != "" {
			fmt.Fprintf(w, " (%s)", rep.Standard)
		}
	}
	fmt.Fprintln(w)
	for _, r := range rep.Records {
		fmt.Fprintf(w, "\nrecord %d: Type-%d", r.Index, r.Type)
		if r.Name != "" {
			fmt.Fprintf(w, " %s", r.Name)
		}
		if r.Offset != nil {
			fmt.Fprintf(w, " (byte %d)", *r.Offset)
		}
		fmt.Fprintln(w)
		if r.Minutiae != nil {
			fmt.Fprintf(w, "  %d minutiae", r.Minutiae.Count)
			if r.Minutiae.ImageRecord != nil {
				fmt.Fprintf(w, " of the image in record %d", *r.Minutiae.ImageRecord)
			}
			fmt.Fprintln(w)
		}
		for _, f := range r.Fields {
			label := fmt.Sprintf("  %-9s %-4s %-38s", f.Tag, f.Mnemonic, clip(f.Name, 38))
			switch {
			case f.Binary != nil:
				fmt.Fprintf(w, "%s %s\n", label, binarySummary(f.Binary))
			case len(f.Subfields) == 1:
				fmt.Fprintf(w, "%s %s\n", label, showItems(f.Subfields[0]))
			default:
				fmt.Fprintf(w, "%s %d subfields\n", label, len(f.Subfields))
				for i, s := range f.Subfields {
					fmt.Fprintf(w, "  %54s[%d] %s\n", "", i+1, showItems(s))
				}
			}
		}
	}
	if rep.Trailing > 0 {
		fmt.Fprintf(w, "\n%d trailing bytes after the last record (kept)\n", rep.Trailing)
	}
	if len(rep.Findings) > 0 {
		fmt.Fprintf(w, "\n%d elements of the XML not carried as they were:\n", len(rep.Findings))
		for _, f := range rep.Findings {
			fmt.Fprintf(w, "  %s\n", f)
		}
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "\nnote: %s\n", n)
	}
	if len(rep.Problems) > 0 {
		fmt.Fprintf(w, "\n%d problems:\n", len(rep.Problems))
		for _, p := range rep.Problems {
			fmt.Fprintf(w, "  %s\n", problemLine(p))
		}
	}
}

func problemLine(p inspectIssue) string {
	var loc []string
	if p.Record > 0 {
		loc = append(loc, fmt.Sprintf("record %d (Type-%d)", p.Record, p.RecordType))
	}
	if p.Field != "" {
		s := "field " + p.Field
		if p.Subfield > 0 {
			s += fmt.Sprintf(" subfield %d", p.Subfield)
		}
		if p.Item > 0 {
			s += fmt.Sprintf(" item %d", p.Item)
		}
		loc = append(loc, s)
	}
	if p.Offset >= 0 {
		loc = append(loc, fmt.Sprintf("byte %d", p.Offset))
	}
	return strings.Join(loc, ", ") + ": " + p.Message
}

func binarySummary(b *exchange.BinarySummary) string {
	var parts []string
	if b.Compression != "" {
		parts = append(parts, b.Compression)
	}
	if b.Width > 0 || b.Height > 0 {
		parts = append(parts, fmt.Sprintf("%dx%d", b.Width, b.Height))
	}
	if b.BitsPerPix > 0 {
		parts = append(parts, fmt.Sprintf("%d bpp", b.BitsPerPix))
	}
	parts = append(parts, fmt.Sprintf("%d bytes", b.Bytes), "sha256 "+b.SHA256[:16]+"…")
	return "<" + strings.Join(parts, ", ") + ">"
}

// showItems prints a subfield's items separated by " | ", each quoted when
// it holds control characters or is not UTF-8, and clipped when long.
func showItems(items []string) string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = showText(it)
	}
	return strings.Join(out, " | ")
}

func showText(s string) string {
	clipped := len(s) > maxShown
	if clipped {
		s = s[:maxShown]
		for !utf8.ValidString(s) && len(s) > maxShown-4 {
			s = s[:len(s)-1]
		}
	}
	plain := utf8.ValidString(s)
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			plain = false
			break
		}
	}
	if !plain {
		s = fmt.Sprintf("%q", s)
	}
	if clipped {
		s += fmt.Sprintf("… (%d bytes in all)", len(s))
	}
	return s
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
