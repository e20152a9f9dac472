package convert

import (
	"fmt"
	"strings"
)

// Severity says what happened to a piece of information the target format
// could not carry as it was.
type Severity int

const (
	// Dropped: the target format has no place for it; it is not in the
	// result.
	Dropped Severity = iota
	// Approximated: it is in the result, but changed (rescaled, rounded
	// beyond the unit rules, mapped onto a nearby code).
	Approximated
	// Assumed: the source did not say and the result holds a default or a
	// value derived from other data.
	Assumed
)

var severityNames = [...]string{"dropped", "approximated", "assumed"}

func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("Severity(%d)", int(s))
	}
	return severityNames[s]
}

// Finding is one thing a conversion could not carry over unchanged.
type Finding struct {
	Severity Severity
	// What names the information, in the source's terms: "minutia
	// quality", "9.007 FPC pattern classification", "zonal quality block".
	What string
	// Where says which part of the source it concerns ("view 1",
	// "representation 2, minutia 14"); "" for the whole record.
	Where string
	// Count is the number of values concerned when one finding stands for
	// many (every minutia of a view, say); 0 or 1 otherwise.
	Count int
	// Detail is a sentence saying why and what the result holds instead.
	Detail string
}

func (f Finding) String() string {
	var b strings.Builder
	b.WriteString(f.Severity.String())
	b.WriteString(": ")
	b.WriteString(f.What)
	if f.Where != "" {
		b.WriteString(" (" + f.Where + ")")
	}
	if f.Count > 1 {
		fmt.Fprintf(&b, " ×%d", f.Count)
	}
	if f.Detail != "" {
		b.WriteString(": " + f.Detail)
	}
	return b.String()
}

// Report is returned with every conversion: the source and target
// formats and every finding. A conversion with no findings carried
// everything the source held (within the unit rules of the package doc).
type Report struct {
	From, To string
	Findings []Finding
}

// Strings returns each finding as a sentence (Finding.String), nil for
// a nil report.
func (r *Report) Strings() []string {
	if r == nil {
		return nil
	}
	out := make([]string, 0, len(r.Findings))
	for _, f := range r.Findings {
		out = append(out, f.String())
	}
	return out
}

// Lossless reports whether the conversion has no findings.
func (r *Report) Lossless() bool { return r == nil || len(r.Findings) == 0 }

// Has reports whether some finding's What contains s, for tests and
// callers that look for one kind of loss.
func (r *Report) Has(s string) bool {
	if r == nil {
		return false
	}
	for _, f := range r.Findings {
		if strings.Contains(f.What, s) {
			return true
		}
	}
	return false
}

func (r *Report) String() string {
	if r == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s → %s", r.From, r.To)
	if len(r.Findings) == 0 {
		b.WriteString(": nothing lost")
	}
	for _, f := range r.Findings {
		b.WriteString("\n  ")
		b.WriteString(f.String())
	}
	return b.String()
}

func (r *Report) add(s Severity, what, where string, count int, format string, args ...any) {
	r.Findings = append(r.Findings, Finding{Severity: s, What: what, Where: where, Count: count, Detail: fmt.Sprintf(format, args...)})
}

func (r *Report) drop(what, where, format string, args ...any) {
	r.add(Dropped, what, where, 0, format, args...)
}

func (r *Report) approx(what, where string, count int, format string, args ...any) {
	r.add(Approximated, what, where, count, format, args...)
}

func (r *Report) assume(what, where, format string, args ...any) {
	r.add(Assumed, what, where, 0, format, args...)
}

// Note appends a finding, for packages that build on these conversions
// and have losses of their own to name (match/templateio).
func (r *Report) Note(s Severity, what, where, detail string) {
	r.Findings = append(r.Findings, Finding{Severity: s, What: what, Where: where, Detail: detail})
}

// Merge appends o's findings (o may be nil), prefixing their Where with
// where when it is not "".
func (r *Report) Merge(o *Report, where string) {
	if o != nil {
		r.merge(o, where)
	}
}

// merge appends o's findings, prefixing their Where with where.
func (r *Report) merge(o *Report, where string) {
	for _, f := range o.Findings {
		if where != "" {
			if f.Where == "" {
				f.Where = where
			} else {
				f.Where = where + ", " + f.Where
			}
		}
		r.Findings = append(r.Findings, f)
	}
}

// counter tallies per-value findings so that one finding per kind and
// place is reported with a count, not one per minutia.
type counter struct {
	n      map[string]int
	order  []string
	detail map[string]string
	sev    map[string]Severity
}

func (c *counter) note(s Severity, what, detail string) {
	if c.n == nil {
		c.n, c.detail, c.sev = map[string]int{}, map[string]string{}, map[string]Severity{}
	}
	if _, ok := c.n[what]; !ok {
		c.order = append(c.order, what)
		c.detail[what] = detail
		c.sev[what] = s
	}
	c.n[what]++
}

func (c *counter) flush(r *Report, where string) {
	for _, w := range c.order {
		r.add(c.sev[w], w, where, c.n[w], "%s", c.detail[w])
	}
	*c = counter{}
}
