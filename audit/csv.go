package audit

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// WriteCSV writes the summary as CSV (RFC 4180), one section per table:
// a line naming the table, its header line, its rows, then an empty
// line. The sections are period, totals, days, shares, matching,
// withheld, purges, rejections and calls, in that order.
//
// A cell that a spreadsheet would read as a formula (starting with =, +,
// -, @, a tab or a carriage return: reasons and names come from callers)
// is prefixed with a single quote, as OWASP's "CSV Injection" advice
// says, so that opening the export cannot run anything.
func (s *Summary) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180 §2.1
	n := strconv.Itoa
	bound := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	totals := func(t Totals) []string {
		return []string{n(t.Calls), n(t.Shares), n(t.Searches), n(t.Hits), n(t.Rejections), n(t.Failures), n(t.Purges), n(t.Withheld)}
	}
	totalsHeader := []string{"calls", "shares", "searches", "hits", "rejections", "failures", "purges", "withheld"}
	var rows [][]string
	section := func(name string, header []string) {
		rows = append(rows, []string{name}, header)
	}
	end := func() { rows = append(rows, nil) }

	section("period", []string{"since", "until", "entries", "truncated"})
	rows = append(rows, []string{bound(s.Since), bound(s.Until), n(s.Entries), strings.Join(s.Truncated, " ")})
	end()
	section("totals", totalsHeader)
	rows = append(rows, totals(s.Totals))
	end()
	section("days", append([]string{"date"}, totalsHeader...))
	for _, d := range s.Days {
		rows = append(rows, append([]string{d.Date}, totals(d.Totals)...))
	}
	end()
	section("shares", []string{"from", "to", "action", "type", "n", "transactions"})
	for _, x := range s.Shares {
		rows = append(rows, []string{x.From, x.To, x.Action, x.Type, n(x.N), n(x.Transactions)})
	}
	end()
	section("matching", []string{"partner", "gallery", "enrolments", "unenrolments", "searches", "hits", "disclosed", "verifications", "expired"})
	for _, x := range s.Matching {
		rows = append(rows, []string{x.Partner, x.Gallery, n(x.Enrolments), n(x.Unenrolments), n(x.Searches), n(x.Hits), n(x.Disclosed), n(x.Verifications), n(x.Expired)})
	}
	end()
	section("withheld", []string{"partner", "action", "item", "n"})
	for _, x := range s.Withheld {
		rows = append(rows, []string{x.Partner, x.Action, x.Item, n(x.N)})
	}
	end()
	section("purges", []string{"partner", "kind", "type", "gallery", "n"})
	for _, x := range s.Purges {
		rows = append(rows, []string{x.Partner, x.Kind, x.Type, x.Gallery, n(x.N)})
	}
	end()
	section("rejections", []string{"actor", "action", "outcome", "reason", "n"})
	for _, x := range s.Rejections {
		rows = append(rows, []string{x.Actor, x.Action, x.Outcome, x.Reason, n(x.N)})
	}
	end()
	section("calls", []string{"actor", "action", "outcome", "n"})
	for _, x := range s.Calls {
		rows = append(rows, []string{x.Actor, x.Action, x.Outcome, n(x.N)})
	}
	for _, r := range rows {
		if r == nil {
			cw.Flush()
			if _, err := io.WriteString(w, "\r\n"); err != nil {
				return err
			}
			continue
		}
		for i, c := range r {
			r[i] = defuse(c)
		}
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse prefixes a cell a spreadsheet would evaluate with a quote.
func defuse(c string) string {
	if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return "'" + c
	}
	return c
}
