package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/biogate/biogate/nist"
)

// Application profiles restrict the base standard for one community:
// INT-I (INTERPOL's machine-readable tables), EBTS (the FBI's, through
// OpenEBTS's verification file) and a partner's own written as JSON. Each
// loads into a *Catalogue added after the base one ([Options.Profiles]):
// its findings come on top of the base's, under assertion ids of its own
// ("INTI.2.064.value", "EBTS.2.005.present"), and it may raise base
// warnings to errors ([Catalogue.Raise]) but never hide a finding.

// LoadProfile loads the profile called name: "inti" reads INTERPOL's tables
// from corpusDir/interpol-inti/MRT, "ebts" OpenEBTS's verification file
// corpusDir/openebts/EBTS9.1_ENUS.txt, and any other name is the path of a
// JSON profile ([LoadProfileJSON]). "" and "base" mean no profile (nil).
func LoadProfile(name, corpusDir string) (*Catalogue, error) {
	switch strings.ToLower(name) {
	case "", "base":
		return nil, nil
	case "inti":
		return LoadINTIProfile(filepath.Join(corpusDir, "interpol-inti", "MRT"))
	case "ebts":
		return LoadEBTSProfile(filepath.Join(corpusDir, "openebts", "EBTS9.1_ENUS.txt"))
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("conformance: profile %q is not inti, ebts or a JSON file: %w", name, err)
	}
	c, err := LoadProfileJSON(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

// raised reports whether assertion id matches one of the patterns: an
// assertion id, or a prefix ending in "*".
func raised(patterns []string, id string) bool {
	for _, p := range patterns {
		if p == id || strings.HasSuffix(p, "*") && strings.HasPrefix(id, p[:len(p)-1]) {
			return true
		}
	}
	return false
}

// recordCount bounds the number of records of some types that a
// transaction type carries (OpenEBTS "414:1-14": Types 4 and 14 together,
// 1 to 14 records).
type recordCount struct {
	types    []int
	min, max int // max -1 for no limit
}

func (rc recordCount) String() string {
	var ts []string
	for _, t := range rc.types {
		ts = append(ts, "Type-"+strconv.Itoa(t))
	}
	return strings.Join(ts, " and ")
}

// totRule is a field rule that applies to some transaction types only
// (nil: to all), with the condition code it has under each.
type totRule struct {
	tots     map[string]string // TOT -> condition code (M, O); nil for every TOT
	cond     string            // condition code for every TOT (tots nil); "" keeps the rule's
	rule     *FieldRule
	tradOnly bool // of the traditional encoding only: not for a transaction decoded from XML
}

func (tr *totRule) condFor(tot string) (string, bool) {
	if tr.tots == nil {
		return tr.cond, true
	}
	c, ok := tr.tots[tot]
	return c, ok
}

// totProfile is a profile whose rules depend on 1.004 TOT: the field
// rules in force under each TOT are compiled once, on first use, into the
// same evaluator as the base catalogues.
type totProfile struct {
	prefix   string // assertion id prefix: "EBTS", "INTI", a partner's
	source   string // what findings cite
	rules    []totRule
	codes    CodeTables
	tots     map[string]bool          // the transaction types allowed; nil for any
	counts   map[string][]recordCount // by TOT; "*" for every TOT
	closed   bool                     // record types not named in a TOT's counts are not allowed
	notInTOT bool                     // a field with rules, none of them for the TOT, is not allowed
	extra    []Rule

	mu    sync.Mutex
	byTOT map[string]*fieldRules
	ruled map[[2]int]bool // fields some rule describes
}

func (p *totProfile) finding(id string, level Level, loc Location, format string, args ...any) Finding {
	return Finding{Assertion: p.prefix + "." + id, Level: level, Severity: Error, Location: loc,
		Message: fmt.Sprintf(format, args...), Source: p.source}
}

// compiled returns the evaluator of the rules in force under tot.
func (p *totProfile) compiled(tot string, xml bool) *fieldRules {
	p.mu.Lock()
	defer p.mu.Unlock()
	key := tot
	if xml {
		key += "\x00xml"
	}
	if fr, ok := p.byTOT[key]; ok {
		return fr
	}
	if p.byTOT == nil {
		p.byTOT, p.ruled = map[string]*fieldRules{}, map[[2]int]bool{}
		for _, tr := range p.rules {
			p.ruled[[2]int{tr.rule.RecordType, tr.rule.Field}] = true
		}
	}
	var rules []*FieldRule
	for _, tr := range p.rules {
		cond, ok := tr.condFor(tot)
		if !ok || xml && tr.tradOnly {
			continue
		}
		r := *tr.rule
		if cond != "" {
			r.CondCode = cond
		}
		rules = append(rules, &r)
	}
	fr := newFieldRules(&table{name: p.prefix, rules: rules, codes: p.codes}, 0, false)
	fr.open = true
	p.byTOT[key] = fr
	return fr
}

func (p *totProfile) Check(in *Input) []Finding {
	t := in.Transaction
	t1 := t.Records[0]
	tot := t.Header().TypeOfTransaction()
	totLoc := at(1, t1, 4, -1, -1)
	var out []Finding
	if p.tots != nil && !p.tots[tot] {
		out = append(out, p.finding("1.004.tot", Level1, totLoc, "1.004 TOT %q is not a transaction type of the profile (%s)", tot, strings.Join(sortedKeys(p.tots), ", ")))
		return out
	}
	if counts := append(p.counts[tot], p.counts["*"]...); len(counts) > 0 {
		out = append(out, p.checkCounts(in, tot, counts, totLoc)...)
	}
	fr := p.compiled(tot, in.XML)
	out = append(out, fr.Check(in)...)
	if p.notInTOT {
		out = append(out, p.checkNotInTOT(in, tot, fr)...)
	}
	for _, r := range p.extra {
		out = append(out, r.Check(in)...)
	}
	for i := range out {
		out[i].Level = max(out[i].Level, Level1)
	}
	return out
}

// checkCounts compares the records of each type with what TOT allows.
func (p *totProfile) checkCounts(in *Input, tot string, counts []recordCount, loc Location) []Finding {
	n := map[int]int{}
	for _, r := range in.Transaction.Records {
		n[r.Type]++
	}
	var out []Finding
	named := map[int]bool{}
	for _, rc := range counts {
		got := 0
		for _, t := range rc.types {
			got += n[t]
			named[t] = true
		}
		switch {
		case got < rc.min:
			out = append(out, p.finding("1.003.count", Level2, loc, "TOT %s needs at least %d %s records; the transaction has %d", tot, rc.min, rc, got))
		case rc.max >= 0 && got > rc.max:
			out = append(out, p.finding("1.003.count", Level2, loc, "TOT %s allows at most %d %s records; the transaction has %d", tot, rc.max, rc, got))
		}
	}
	if p.closed {
		var types []int
		for t := range n {
			if !named[t] {
				types = append(types, t)
			}
		}
		sort.Ints(types)
		for _, t := range types {
			out = append(out, p.finding("1.003.type", Level2, loc, "TOT %s does not carry Type-%d records; the transaction has %d", tot, t, n[t]))
		}
	}
	return out
}

// checkNotInTOT reports fields the profile describes for other
// transaction types but not for tot.
func (p *totProfile) checkNotInTOT(in *Input, tot string, fr *fieldRules) []Finding {
	var out []Finding
	for i, r := range in.Transaction.Records {
		if nist.IsBinaryType(r.Type) {
			continue
		}
		for _, f := range r.Fields {
			k := [2]int{r.Type, f.Number}
			if !p.ruled[k] || fr.has(r.Type, f.Number) {
				continue
			}
			tag := nist.FieldTag(r.Type, f.Number)
			out = append(out, p.finding(tag+".tot", Level1, at(i+1, r, f.Number, -1, -1), "field %s is not used in TOT %s transactions", tag, tot))
		}
	}
	return out
}

// has reports whether the evaluator has a rule for field num of type typ.
func (fr *fieldRules) has(typ, num int) bool {
	for _, g := range fr.groups[typ] {
		if g.num == num {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
