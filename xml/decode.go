package xml

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/beevik/etree"
	"github.com/biogate/biogate/nist"
)

// DecodeOptions bounds what Unmarshal accepts. Zero fields take the
// defaults in brackets. All are implementation limits except MaxRecords,
// which is the standard's own.
type DecodeOptions struct {
	MaxBytes      int64 // whole document [512 MiB]
	MaxDepth      int   // element nesting [64]
	MaxElements   int   // elements in the document [4,000,000]
	MaxBinary     int   // decoded bytes of one base64 object [256 MiB]
	MaxAttributes int   // attributes on one element, namespace declarations included [DefaultMaxAttributes]
	MaxNamespaces int   // namespace declarations on one element [DefaultMaxNamespaces]
	MaxRecords    int   // records in the transaction [nist.MaxRecords]

	// MaxMemory bounds the estimated memory of the parsed document: a
	// fixed cost per element and attribute plus their text [1 GiB].
	MaxMemory int64

	// Account, when set, is told the estimated memory the parsed document
	// takes as it grows, in batches; an error from it stops decoding and
	// is wrapped in the *SyntaxError returned. A service charges a
	// per-request memory budget with it.
	Account func(bytes int64) error
}

// Default per-element limits. Real packages declare a dozen or two
// namespaces on the root element and carry one or two attributes
// elsewhere.
const (
	DefaultMaxAttributes = 256
	DefaultMaxNamespaces = 64
)

func (o *DecodeOptions) withDefaults2() *DecodeOptions {
	d := o.withDefaults()
	return &d
}

func (o *DecodeOptions) withDefaults() DecodeOptions {
	var d DecodeOptions
	if o != nil {
		d = *o
	}
	if d.MaxBytes <= 0 {
		d.MaxBytes = 512 << 20
	}
	if d.MaxDepth <= 0 {
		d.MaxDepth = 64
	}
	if d.MaxElements <= 0 {
		d.MaxElements = 4000000
	}
	if d.MaxBinary <= 0 {
		d.MaxBinary = 256 << 20
	}
	if d.MaxAttributes <= 0 {
		d.MaxAttributes = DefaultMaxAttributes
	}
	if d.MaxNamespaces <= 0 {
		d.MaxNamespaces = DefaultMaxNamespaces
	}
	if d.MaxRecords <= 0 {
		d.MaxRecords = nist.MaxRecords
	}
	if d.MaxMemory <= 0 {
		d.MaxMemory = 1 << 30
	}
	return d
}

// Errors callers can test with errors.Is.
var (
	ErrDTD     = errors.New("xml: document type declarations are not accepted")
	ErrLimit   = errors.New("xml: limit exceeded")
	ErrPackage = errors.New("xml: not an ANSI/NIST-ITL exchange package")
)

// SyntaxError is malformed XML or a rejected construct, with its position.
type SyntaxError struct {
	Line, Column int
	Msg          string
	Err          error // ErrDTD, ErrLimit or nil
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("xml: line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

func (e *SyntaxError) Unwrap() error { return e.Err }

// Document is a decoded XML transaction.
type Document struct {
	Transaction *nist.Transaction
	Dialect     Dialect
	Findings    []Finding // elements not carried into the transaction, values adjusted
}

// Decode reads at most opts.MaxBytes from r and decodes it.
func Decode(r io.Reader, opts *DecodeOptions) (*Document, error) {
	o := opts.withDefaults()
	b, err := io.ReadAll(io.LimitReader(r, o.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	return Unmarshal(b, &o)
}

// Unmarshal decodes an XML transaction of any dialect.
func Unmarshal(b []byte, opts *DecodeOptions) (*Document, error) {
	return UnmarshalContext(context.Background(), b, opts)
}

// UnmarshalContext is Unmarshal that stops, with an error wrapping
// ctx.Err() and saying where, once ctx is done. The context is checked
// every thousand or so elements and records, so the work ends promptly
// after a deadline rather than when the document is finished.
func UnmarshalContext(ctx context.Context, b []byte, opts *DecodeOptions) (*Document, error) {
	o := opts.withDefaults()
	if int64(len(b)) > o.MaxBytes {
		return nil, fmt.Errorf("%w: document larger than %d bytes", ErrLimit, o.MaxBytes)
	}
	root, q, uris, err := parseDocument(ctx, b, &o)
	if err != nil {
		return nil, err
	}
	tb, err := loadTables()
	if err != nil {
		return nil, err
	}
	d := &decoder{d: detect(q[root].uri, uris), tb: tb, consumed: map[*etree.Element]bool{}, q: q}
	d.initNames()
	if q := d.q[root]; q.local != "NISTBiometricInformationExchangePackage" || (q.uri != nsITL2011 && q.uri != nsITL2008) {
		return nil, fmt.Errorf("%w: root element {%s}%s", ErrPackage, q.uri, q.local)
	}
	d.ctx = ctx
	t, err := d.transaction(root, &o)
	if err != nil {
		return nil, err
	}
	return &Document{Transaction: t, Dialect: d.d, Findings: d.findings}, nil
}

type qname struct{ uri, local string }

type decoder struct {
	ctx      context.Context // nil: not checked
	d        Dialect
	tb       *tables
	q        map[*etree.Element]qname
	scratch  bool // elements carry the encoder's prefixes and no declarations
	prefixes map[string]string
	consumed map[*etree.Element]bool
	findings []Finding
	cands    map[string][]qname                            // table step ("a|b" allowed) -> names it matches
	kids     map[*etree.Element]map[qname][]*etree.Element // child elements by name, built once per element
}

func (d *decoder) initNames() {
	d.prefixes = map[string]string{}
	for p, u := range d.d.spaces() {
		d.prefixes[d.d.docPrefix(p)] = u
	}
	d.cands = map[string][]qname{}
	d.kids = map[*etree.Element]map[qname][]*etree.Element{}
}

func (d *decoder) name(e *etree.Element) qname {
	if d.scratch {
		return qname{d.prefixes[e.Space], e.Tag}
	}
	return d.q[e]
}

// candidates are the qualified names a table step (alternatives separated
// by |) matches in d.d.
func (d *decoder) candidates(step string) []qname {
	if c, ok := d.cands[step]; ok {
		return c
	}
	sp := d.d.spaces()
	var out []qname
	add := func(s string) {
		p, l, _ := strings.Cut(s, ":")
		q := qname{sp[p], l}
		for _, o := range out {
			if o == q {
				return
			}
		}
		out = append(out, q)
	}
	for _, alt := range strings.Split(step, "|") {
		if r, ok := d.tb.renames[d.d][alt]; ok {
			add(r)
		}
		add(alt)
		for _, a := range d.tb.aliases[alt] {
			add(a)
		}
	}
	d.cands[step] = out
	return out
}

// children indexes the child elements of e by name, once: every lookup
// after the first is a map access, so decoding is linear in the document.
func (d *decoder) children(e *etree.Element) map[qname][]*etree.Element {
	if m, ok := d.kids[e]; ok {
		return m
	}
	m := map[qname][]*etree.Element{}
	for _, t := range e.Child {
		if c, ok := t.(*etree.Element); ok {
			q := d.name(c)
			m[q] = append(m[q], c)
		}
	}
	d.kids[e] = m
	return m
}

// childrenNamed returns the children of e that step matches, in document
// order.
func (d *decoder) childrenNamed(e *etree.Element, step string) []*etree.Element {
	m := d.children(e)
	var hit []*etree.Element
	n := 0
	cands := d.candidates(step)
	for _, c := range cands {
		if l := m[c]; len(l) > 0 {
			hit = l
			n++
		}
	}
	if n <= 1 {
		return hit
	}
	var out []*etree.Element
	for _, t := range e.Child {
		if c, ok := t.(*etree.Element); ok {
			q := d.name(c)
			for _, k := range cands {
				if k == q {
					out = append(out, c)
					break
				}
			}
		}
	}
	return out
}

// findAll returns every element reached from base by steps.
func (d *decoder) findAll(base *etree.Element, steps []string) []*etree.Element {
	cur := []*etree.Element{base}
	for _, s := range steps {
		if len(cur) == 1 {
			cur = d.childrenNamed(cur[0], s)
			continue
		}
		var next []*etree.Element
		for _, e := range cur {
			next = append(next, d.childrenNamed(e, s)...)
		}
		cur = next
	}
	return cur
}

func (d *decoder) find(base *etree.Element, steps []string) *etree.Element {
	if all := d.findAll(base, steps); len(all) > 0 {
		return all[0]
	}
	return nil
}

// field reads one field through its rows; ok is false when no element of
// the field is present.
func (d *decoder) field(rel *etree.Element, rows []*row, o *DecodeOptions) (v []byte, binary, ok bool) {
	var subs [][]string
	set := func(si, item int, s string, appendTo bool) {
		for len(subs) <= si {
			subs = append(subs, nil)
		}
		for len(subs[si]) < item {
			subs[si] = append(subs[si], "")
		}
		if appendTo {
			subs[si][item-1] += s
		} else {
			subs[si][item-1] = s
		}
		ok = true
	}
	var bad error
	for _, rw := range rows {
		var bases []*etree.Element
		from := 0
		switch rw.Subs {
		case "1":
			bases = []*etree.Element{rel}
		case "*", "2-":
			bases = d.findAll(rel, rw.Group)
			if rw.Subs == "2-" {
				from = 1
			}
		}
		for i, b := range bases {
			si := from + i
			if b != rel && !rw.shared {
				// A group element present is a subfield present (a shared
				// one only when it holds this field's items).
				d.consumed[b] = true
				for len(subs) <= si {
					subs = append(subs, nil)
				}
				ok = true
			}
			if rw.Codec == "fgp" {
				els := d.findAll(b, rw.Path)
				items := make([]string, 0, 6)
				for _, e := range els {
					d.consumed[e] = true
					items = append(items, strings.TrimSpace(e.Text()))
				}
				if len(els) == 0 {
					continue
				}
				for len(items) < 6 {
					items = append(items, "255")
				}
				for k, it := range items {
					set(si, k+1, it, false)
				}
				continue
			}
			el := b
			if len(rw.Path) > 0 {
				if rw.Occ > 1 {
					el = nil
					if all := d.findAll(b, rw.Path); len(all) >= rw.Occ {
						el = all[rw.Occ-1]
					}
				} else {
					el = d.find(b, rw.Path)
				}
			}
			if el == nil {
				continue
			}
			if b != rel && rw.shared {
				d.consumed[b] = true
				for len(subs) <= si {
					subs = append(subs, nil)
				}
			}
			d.consumed[el] = true
			s := el.Text()
			switch rw.Codec {
			case "dt":
				in := s
				s = dtFromXML(s)
				if s != in && len(in) > 19 && in[19:] != "Z" {
					d.findings = append(d.findings, Finding{Record: -1, Msg: fmt.Sprintf("date-time %q converted to UTC %s (the traditional encoding has no zone offset)", in, s)})
				}
			case "base64":
				raw, err := decodeBase64(s, o.MaxBinary)
				if err != nil {
					bad = err
					continue
				}
				s = string(raw)
				binary = true
			}
			set(si, rw.Item, s, rw.Codec == "verminor")
		}
	}
	if bad != nil && !ok {
		d.findings = append(d.findings, Finding{Record: -1, Msg: bad.Error()})
	}
	if !ok {
		return nil, false, false
	}
	var buf bytes.Buffer
	for i, s := range subs {
		if i > 0 {
			buf.WriteByte(nist.RS)
		}
		for j, it := range s {
			if j > 0 {
				buf.WriteByte(nist.US)
			}
			buf.WriteString(it)
		}
	}
	return buf.Bytes(), binary, true
}

// decodeBase64 decodes base64 text, ignoring white space, refusing more
// than max decoded bytes before allocating.
func decodeBase64(s string, max int) ([]byte, error) {
	if n := base64.StdEncoding.DecodedLen(len(s)); n > max+2 {
		// White space may make s longer than its content; count.
		n = 0
		for i := 0; i < len(s); i++ {
			if !isSpace(s[i]) {
				n++
			}
		}
		if n/4*3 > max+2 {
			return nil, fmt.Errorf("%w: base64 object of %d bytes exceeds %d", ErrLimit, n/4*3, max)
		}
	}
	if strings.ContainsAny(s, " \t\n\r") {
		b := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			if !isSpace(s[i]) {
				b = append(b, s[i])
			}
		}
		s = string(b)
	}
	out := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Decode(out, []byte(s))
	return out[:n], err
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (d *decoder) transaction(root *etree.Element, o *DecodeOptions) (*nist.Transaction, error) {
	t := &nist.Transaction{}
	var ext *etree.Element
	for _, rel := range root.ChildElements() {
		q := d.name(rel)
		if q == (qname{NSBiogate, "TraditionalEncodingRecord"}) && ext == nil {
			ext = rel
			continue
		}
		ty, ok := d.recordType(q)
		if ok && d.placeholder(rel) {
			continue
		}
		if !ok {
			d.findings = append(d.findings, Finding{Record: -1, Msg: fmt.Sprintf("element {%s}%s is not a record; ignored", q.uri, q.local)})
			continue
		}
		if len(t.Records) >= o.MaxRecords {
			return nil, fmt.Errorf("%w: more than %d records (ANSI/NIST-ITL 1-2011 §7.2.3, 1.003 CNT: at most 999 after the Type-1 record)", ErrLimit, o.MaxRecords)
		}
		if d.ctx != nil && len(t.Records)%64 == 63 {
			if err := d.ctx.Err(); err != nil {
				return nil, fmt.Errorf("xml: decoding stopped at record %d: %w", len(t.Records)+1, err)
			}
		}
		r, err := d.record(rel, ty, len(t.Records), o)
		if err != nil {
			return nil, err
		}
		t.Records = append(t.Records, r)
	}
	if len(t.Records) == 0 || t.Records[0].Type != 1 {
		return nil, fmt.Errorf("%w: no Type-1 PackageInformationRecord first", ErrPackage)
	}
	if ext == nil {
		reorder(t)
		return t, nil
	}
	if err := d.applyExt(t, ext, o); err != nil {
		return nil, err
	}
	return t, nil
}

// applyExt restores from bg:TraditionalEncodingRecord what the standard
// elements could not carry: record order, records the dialect has no
// element for, Type-1 fields, written tags and field order.
func (d *decoder) applyExt(t *nist.Transaction, ext *etree.Element, o *DecodeOptions) error {
	d.markAll(ext)
	type ann struct {
		el    *etree.Element
		index int
	}
	var anns []ann
	var wholes []ann
	for _, re := range d.findAll(ext, []string{"bg:Record"}) {
		i, err := strconv.Atoi(re.SelectAttrValue("index", ""))
		if err != nil || i < 0 || i > 1<<20 {
			return fmt.Errorf("xml: bg:Record without a valid index")
		}
		if re.SelectAttr("type") != nil {
			wholes = append(wholes, ann{re, i})
		} else {
			anns = append(anns, ann{re, i})
		}
	}
	// Place the records: those written as elements at their recordOrder
	// index (document order when absent), the whole ones at theirs.
	var order []int
	if v := ext.SelectAttrValue("recordOrder", ""); v != "" {
		for _, s := range strings.Fields(v) {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 || n > 1<<20 {
				return fmt.Errorf("xml: bg:TraditionalEncodingRecord recordOrder %q", v)
			}
			order = append(order, n)
		}
	}
	n := len(t.Records) + len(wholes)
	if n > o.MaxRecords {
		return fmt.Errorf("%w: more than %d records (ANSI/NIST-ITL 1-2011 §7.2.3, 1.003 CNT: at most 999 after the Type-1 record)", ErrLimit, o.MaxRecords)
	}
	slots := make([]*nist.Record, n)
	var spill []*nist.Record
	place := func(i int, r *nist.Record) {
		if i < n && slots[i] == nil {
			slots[i] = r
		} else {
			spill = append(spill, r)
		}
	}
	for _, w := range wholes {
		ty, err := strconv.Atoi(w.el.SelectAttrValue("type", ""))
		if err != nil || ty < 1 || ty > 99 {
			return fmt.Errorf("xml: bg:Record with record type %q", w.el.SelectAttrValue("type", ""))
		}
		r := &nist.Record{Type: ty, Offset: -1}
		for _, c := range d.findAll(w.el, []string{"bg:Field"}) {
			f, err := d.udf(c, o)
			if err != nil {
				return err
			}
			r.Fields = append(r.Fields, f)
		}
		place(w.index, r)
	}
	for k, r := range t.Records {
		i := k
		if k < len(order) {
			i = order[k]
		}
		place(i, r)
	}
	out := make([]*nist.Record, 0, n)
	for _, r := range slots {
		if r != nil {
			out = append(out, r)
		}
	}
	t.Records = append(out, spill...)
	if len(t.Records) == 0 || t.Records[0].Type != 1 {
		return fmt.Errorf("%w: recordOrder does not put Type-1 first", ErrPackage)
	}
	for _, a := range anns {
		if a.index >= len(t.Records) {
			return fmt.Errorf("xml: bg:Record index %d beyond the %d records", a.index, len(t.Records))
		}
		r := t.Records[a.index]
		if v := a.el.SelectAttrValue("standIn", ""); v != "" {
			// The standard elements of these fields are stand-ins: the
			// fields here replace what was decoded from them.
			drop := map[int]bool{}
			for _, s := range strings.Fields(v) {
				if n, err := strconv.Atoi(s); err == nil {
					drop[n] = true
				}
			}
			kept := r.Fields[:0]
			for _, f := range r.Fields {
				if !drop[f.Number] {
					kept = append(kept, f)
				}
			}
			r.Fields = kept
		}
		for _, c := range d.findAll(a.el, []string{"bg:Field"}) {
			f, err := d.udf(c, o)
			if err != nil {
				return err
			}
			r.Fields = append(r.Fields, f)
		}
		sort.SliceStable(r.Fields, func(i, j int) bool { return r.Fields[i].Number < r.Fields[j].Number })
		for _, te := range d.findAll(a.el, []string{"bg:Tag"}) {
			num, _ := strconv.Atoi(te.SelectAttrValue("number", ""))
			tag := te.SelectAttrValue("tag", "")
			for _, f := range r.Fields {
				if f.Number == num && f.Tag == "" {
					f.Tag = tag
					break
				}
			}
		}
		if v := a.el.SelectAttrValue("fieldOrder", ""); v != "" {
			var sorted []*nist.Field
			used := make([]bool, len(r.Fields))
			for _, s := range strings.Fields(v) {
				num, err := strconv.Atoi(s)
				if err != nil {
					continue
				}
				for i, f := range r.Fields {
					if !used[i] && f.Number == num {
						used[i] = true
						sorted = append(sorted, f)
						break
					}
				}
			}
			for i, f := range r.Fields {
				if !used[i] {
					sorted = append(sorted, f)
				}
			}
			r.Fields = sorted
		}
	}
	if tr := d.find(ext, []string{"bg:Trailing"}); tr != nil {
		b, err := decodeBase64(tr.Text(), o.MaxBinary)
		if err != nil {
			return err
		}
		t.Trailing = b
	}
	return nil
}

// placeholder reports whether rel is a record Marshal wrote only because
// the schema requires one of its kind (bg:UserDefinedFields placeholder="true").
func (d *decoder) placeholder(rel *etree.Element) bool {
	for _, c := range d.findAll(rel, []string{"bg:UserDefinedFields"}) {
		if c.SelectAttrValue("placeholder", "") == "true" {
			return true
		}
	}
	return false
}

func (d *decoder) recordType(q qname) (int, bool) {
	sp := d.d.spaces()
	if q.uri != sp["itl"] {
		return 0, false
	}
	return d.tb.recordType("itl:" + q.local)
}

func (d *decoder) record(rel *etree.Element, ty, idx int, o *DecodeOptions) (*nist.Record, error) {
	r := &nist.Record{Type: ty, Offset: -1}
	add := func(n int, v []byte, bin bool) {
		r.Fields = append(r.Fields, &nist.Field{Number: n, Value: v, Binary: bin, Offset: -1})
	}
	add(1, []byte("0"), false) // LEN, computed by nist.Marshal
	if rcc := d.find(rel, []string{"biom:RecordCategoryCode"}); rcc != nil {
		d.consumed[rcc] = true
		if n, err := strconv.Atoi(strings.TrimSpace(rcc.Text())); err != nil || n != ty {
			d.findings = append(d.findings, Finding{Record: idx, Type: ty, Msg: "RecordCategoryCode " + strconv.Quote(rcc.Text()) + " disagrees with the record element"})
		}
	}
	if ty != 1 {
		steps := []string{"biom:ImageReferenceIdentification", "nc:IdentificationID"}
		if d.d == Dialect2015 {
			steps = []string{"biom:ImageReferenceID"}
		}
		if el := d.find(rel, steps); el != nil {
			d.consumed[el] = true
			add(2, []byte(el.Text()), false)
		}
	}
	byField := map[int][]*row{}
	var nums []int
	for _, rw := range d.tb.rows[ty] {
		if (ty != 1 && rw.Field == 2) || rw.Field == 1 {
			continue
		}
		if byField[rw.Field] == nil {
			nums = append(nums, rw.Field)
		}
		byField[rw.Field] = append(byField[rw.Field], rw)
	}
	for _, n := range nums {
		if v, bin, ok := d.field(rel, byField[n], o); ok {
			add(n, v, bin)
		}
	}
	for _, c := range d.findAll(rel, []string{"bg:UserDefinedFields", "bg:Field"}) {
		f, err := d.udf(c, o)
		if err != nil {
			return nil, fmt.Errorf("xml: record %d (Type-%d): %w", idx, ty, err)
		}
		d.markAll(c)
		if f.Number == 2 {
			// A user-defined copy of the IDC replaces the element's text.
			kept := r.Fields[:0]
			for _, g := range r.Fields {
				if g.Number != f.Number {
					kept = append(kept, g)
				}
			}
			r.Fields = kept
		}
		r.Fields = append(r.Fields, f)
	}
	sort.SliceStable(r.Fields, func(i, j int) bool { return r.Fields[i].Number < r.Fields[j].Number })
	d.unconsumed(rel, idx, ty)
	return r, nil
}

func (d *decoder) markAll(e *etree.Element) {
	d.consumed[e] = true
	for _, c := range e.ChildElements() {
		d.markAll(c)
	}
}

// unconsumed reports the leaf elements no row read.
func (d *decoder) unconsumed(e *etree.Element, idx, ty int) {
	if d.name(e).uri == NSBiogate {
		return // Biogate's stand-ins for required elements carry nothing more
	}
	kids := e.ChildElements()
	if len(kids) == 0 && !d.consumed[e] {
		q := d.name(e)
		d.findings = append(d.findings, Finding{Record: idx, Type: ty, Msg: fmt.Sprintf("element %s ({%s}%s) has no traditional field; dropped", e.GetPath(), q.uri, q.local)})
	}
	for _, c := range kids {
		d.unconsumed(c, idx, ty)
	}
}

func (d *decoder) udf(c *etree.Element, o *DecodeOptions) (*nist.Field, error) {
	n, err := strconv.Atoi(c.SelectAttrValue("number", ""))
	if err != nil || n < 1 {
		return nil, fmt.Errorf("bg:Field without a field number")
	}
	f := &nist.Field{Number: n, Tag: c.SelectAttrValue("tag", ""), Offset: -1}
	if b := d.find(c, []string{"bg:Base64"}); b != nil {
		raw, err := decodeBase64(b.Text(), o.MaxBinary)
		if err != nil {
			return nil, err
		}
		f.Value = raw
		f.Binary = c.SelectAttrValue("binary", "") == "true"
		return f, nil
	}
	var buf bytes.Buffer
	for i, s := range d.findAll(c, []string{"bg:Subfield"}) {
		if i > 0 {
			buf.WriteByte(nist.RS)
		}
		for j, it := range d.findAll(s, []string{"bg:Item"}) {
			if j > 0 {
				buf.WriteByte(nist.US)
			}
			buf.WriteString(it.Text())
		}
	}
	f.Value = buf.Bytes()
	return f, nil
}

// reorder puts the records in the order 1.003 CNT lists them (the XML
// encoding puts Type-2 records first), keeping unlisted ones at the end.
func reorder(t *nist.Transaction) {
	cnt := t.Records[0].Field(3)
	if cnt == nil {
		return
	}
	subs := cnt.Subfields()
	used := make([]bool, len(t.Records))
	used[0] = true
	out := []*nist.Record{t.Records[0]}
	for _, s := range subs[1:] {
		if len(s) < 2 {
			continue
		}
		ty, err1 := strconv.Atoi(s[0])
		idc, err2 := strconv.Atoi(s[1])
		if err1 != nil || err2 != nil {
			continue
		}
		for i, r := range t.Records {
			if used[i] || r.Type != ty {
				continue
			}
			if v, ok := r.IDC(); ok && v == idc {
				used[i] = true
				out = append(out, r)
				break
			}
		}
	}
	for i, r := range t.Records {
		if !used[i] {
			out = append(out, r)
		}
	}
	t.Records = out
}
