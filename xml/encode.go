package xml

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/beevik/etree"
	"github.com/biogate/biogate/nist"
)

// EncodeOptions configures Marshal. The zero value writes the 2011 dialect,
// indented.
type EncodeOptions struct {
	Dialect Dialect // default Dialect2011
	Compact bool    // no indentation
}

// Finding is something of the input that the other encoding cannot carry
// as it was, and what was done about it.
type Finding struct {
	Record int // index in the transaction, -1 for the whole
	Type   int // record type, 0 when unknown
	Field  int // field number, 0 for the whole record
	Msg    string
}

func (f Finding) String() string {
	switch {
	case f.Record < 0:
		return f.Msg
	case f.Field > 0:
		return fmt.Sprintf("record %d (Type-%d) field %d.%03d: %s", f.Record, f.Type, f.Type, f.Field, f.Msg)
	}
	return fmt.Sprintf("record %d (Type-%d): %s", f.Record, f.Type, f.Msg)
}

// Marshal writes t in the XML encoding. The findings list what the XML
// could not carry as it was (see the package documentation).
func Marshal(t *nist.Transaction, opts *EncodeOptions) ([]byte, []Finding, error) {
	var buf bytes.Buffer
	f, err := Encode(&buf, t, opts)
	if err != nil {
		return nil, f, err
	}
	return buf.Bytes(), f, nil
}

// Encode is Marshal writing to w.
func Encode(w io.Writer, t *nist.Transaction, opts *EncodeOptions) ([]Finding, error) {
	var o EncodeOptions
	if opts != nil {
		o = *opts
	}
	if o.Dialect == "" {
		o.Dialect = Dialect2011
	}
	if !o.Dialect.valid() {
		return nil, fmt.Errorf("xml: unknown dialect %q", o.Dialect)
	}
	tb, err := loadTables()
	if err != nil {
		return nil, err
	}
	if len(t.Records) == 0 || t.Records[0].Type != 1 {
		return nil, fmt.Errorf("xml: a transaction starts with a Type-1 record")
	}
	var pre []Finding
	if o.Dialect == DialectINTI || o.Dialect == Dialect2008 {
		// A transaction whose Type-1 record the dialect's XSDs cannot
		// accept (INT-I: not an INT-I transaction, e.g. a TOT outside
		// INT-I's codes or 1.017 without the organisation names and
		// countries INT-I requires; 2008: a TOT outside the 2-2008 code
		// list) cannot become a valid document of that dialect; it is
		// written in the 2011 dialect when that one can take it.
		why, err := type1Invalid(t, o.Dialect, tb)
		if err != nil {
			return nil, err
		}
		if why != "" {
			// INT-I: a transaction that is not an INT-I one is written as
			// what it is, a 2011 one. 2008: only when 2011 can take it.
			if why2011, _ := type1Invalid(t, Dialect2011, tb); why2011 == "" || o.Dialect == DialectINTI {
				pre = append(pre, Finding{Record: 0, Type: 1, Msg: fmt.Sprintf("%s: the Type-1 record is not valid in the %s dialect (%s); the transaction is written in the ANSI/NIST-ITL 1-2011 dialect instead", FallbackTo2011, o.Dialect, why)})
				o.Dialect = Dialect2011
			}
		}
	}
	e := &encoder{d: o.Dialect, tb: tb, sp: o.Dialect.spaces(), findings: pre}
	if err := e.initValidator(); err != nil {
		return nil, err
	}
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	root := doc.CreateElement(e.name("itl:NISTBiometricInformationExchangePackage"))
	for _, p := range []string{"itl", "biom", "nc"} {
		root.CreateAttr("xmlns:"+e.d.docPrefix(p), e.sp[p])
	}
	if e.d == DialectINTI {
		root.CreateAttr("xmlns:int-i", nsINTI)
	}
	// ANSI/NIST-ITL 1-2011 Annex C: Type-1, then every Type-2, then the
	// data records (the package's XSD sequence).
	var order []int
	for i, r := range t.Records {
		if r.Type <= 2 {
			order = append(order, i)
		}
	}
	for i, r := range t.Records {
		if r.Type > 2 {
			order = append(order, i)
		}
	}
	var written []int
	var ext []*extRecord
	for _, i := range order {
		x, ok := e.record(root, t.Records[i], i)
		if ok {
			written = append(written, i)
		}
		ext = append(ext, x)
	}
	if e.v != nil {
		e.contentSummary(root, t, written, ext[0])
		e.placeholderType2(root)
	}
	e.writeExt(root, t, written, ext)
	if e.usedBG {
		root.CreateAttr("xmlns:bg", NSBiogate)
	}
	if !o.Compact {
		doc.Indent(2)
	}
	_, err = doc.WriteTo(w)
	return e.findings, err
}

type encoder struct {
	d          Dialect
	tb         *tables
	sp         map[string]string
	usedBG     bool
	findings   []Finding
	v          *validator // the dialect's schema checks; nil without XSDs
	totText    bool       // write bg:TransactionCategoryText for a TOT outside the code list
	datText    bool       // write bg:DateText for a DAT that is not an xs:date
	verNorm    string     // four-digit form of a 1.002 VER with fewer digits, written as the version elements
	emptyCache map[string]bool
}

// FallbackTo2011 begins the finding Marshal reports when it writes the
// 2011 dialect instead of the one asked for (see [Encode]).
const FallbackTo2011 = "dialect fallback"

// type1Invalid reports why the Type-1 record of t, written in d, is not
// valid against d's XSDs ("" when it is), with the stand-in content
// summary Encode would add (see contentSummary) for the records d has an
// element for.
func type1Invalid(t *nist.Transaction, d Dialect, tb *tables) (string, error) {
	r := t.Records[0]
	e := &encoder{d: d, tb: tb, sp: d.spaces()}
	if err := e.initValidator(); err != nil || e.v == nil {
		return "", err
	}
	root := etree.NewElement("scratch")
	x1, ok := e.record(root, r, 0)
	if !ok || len(root.ChildElements()) == 0 {
		return "no Type-1 record element", nil
	}
	var written []int
	for i, rr := range t.Records {
		if _, has := tb.recordElement(rr.Type, d); has && i > 0 {
			written = append(written, i)
		}
	}
	e.contentSummary(root, t, written, x1)
	if bad := e.v.check(root.ChildElements()[0]); bad != nil {
		return bad.msg, nil
	}
	return "", nil
}

// contentSummary writes, when 1.003 CNT cannot be the required
// biom:TransactionContentSummary (it lists record types the dialect has no
// code for, such as Types 3, 5 and 6 in 2011), a stand-in that summarises
// the record elements the document does hold; the field itself travels in
// bg:TraditionalEncodingRecord, which says the element is a stand-in.
func (e *encoder) contentSummary(root *etree.Element, t *nist.Transaction, written []int, x1 *extRecord) {
	rel := root.SelectElement(e.name("itl:PackageInformationRecord"))
	if rel == nil {
		return
	}
	tr := rel.SelectElement(e.name("biom:Transaction"))
	inExt := false
	for _, f := range x1.fields {
		inExt = inExt || f.Number == 3
	}
	if tr == nil || !inExt || tr.SelectElement(e.name("biom:TransactionContentSummary")) != nil {
		return
	}
	cs := etree.NewElement(e.name("biom:TransactionContentSummary"))
	cs.CreateElement(e.name("biom:ContentFirstRecordCategoryCode")).SetText("1")
	q := cs.CreateElement(e.name("biom:ContentRecordQuantity"))
	n := 0
	for _, i := range written {
		r := t.Records[i]
		if r.Type == 1 {
			continue
		}
		n++
		s := cs.CreateElement(e.name("biom:ContentRecordSummary"))
		idc := ""
		if f := r.Field(2); f != nil {
			idc = string(f.Value)
		}
		s.CreateElement(e.name("biom:ImageReferenceIdentification")).CreateElement(e.name("nc:IdentificationID")).SetText(idc)
		s.CreateElement(e.name("biom:RecordCategoryCode")).SetText(strconv.Itoa(r.Type))
	}
	q.SetText(strconv.Itoa(n))
	insertBefore(tr, cs, e.name("biom:TransactionCharacterSetDirectory"), e.name("biom:TransactionGeographicNameSetCode"))
	if bad := e.v.check(rel); bad != nil {
		tr.RemoveChild(cs)
		return
	}
	x1.standIn = append(x1.standIn, 3)
	e.find(0, 1, 3, "CNT lists record types the dialect's XSDs have no code for; biom:TransactionContentSummary summarises the record elements of the document instead, and the field travels in bg:TraditionalEncodingRecord")
}

// placeholderType2 adds, in 2008, the Type-2 record the package schema
// requires when the transaction has none as an element: a placeholder
// (bg:UserDefinedFields placeholder="true") that Unmarshal drops.
func (e *encoder) placeholderType2(root *etree.Element) {
	if e.d != Dialect2008 || root.SelectElement(e.name("itl:PackageDescriptiveTextRecord")) != nil {
		return
	}
	t1 := root.SelectElement(e.name("itl:PackageInformationRecord"))
	if t1 == nil {
		return
	}
	rel := etree.NewElement(e.name("itl:PackageDescriptiveTextRecord"))
	rel.CreateElement(e.name("biom:RecordCategoryCode")).SetText("02")
	e.idc(rel, "0")
	rel.CreateElement("bg:UserDefinedFields").CreateAttr("placeholder", "true")
	e.addStandIns(rel, &nist.Record{Type: 2}, nil, nil)
	root.InsertChildAt(t1.Index()+1, rel)
	e.usedBG = true
	e.find(-1, 2, 0, "the 2-2008 package requires a Type-2 record and the transaction has none: a placeholder PackageDescriptiveTextRecord (bg:UserDefinedFields placeholder=\"true\") is written, which Unmarshal drops")
}

// addStandIns adds to a record element what the schema requires and the
// traditional record cannot give, as Biogate's substitutions for abstract
// elements: bg:TransactionCategoryText (Type-1, a TOT outside the code
// list), bg:DateText in biom:TransactionDate (a DAT that is no date), and in 2008 the required domain element of a Type-2 record
// (itl:UserDefinedDescriptiveText/bg:DomainDefinedDescriptiveText; the
// fields themselves travel in bg:UserDefinedFields).
func (e *encoder) addStandIns(rel *etree.Element, r *nist.Record, place []int, plain []*nist.Field) {
	if r.Type == 2 && e.d == Dialect2008 {
		if rel.SelectElement(e.name("itl:UserDefinedDescriptiveDetail")) == nil {
			rel.CreateElement(e.name("itl:UserDefinedDescriptiveDetail")).CreateElement("bg:DomainDefinedDescriptiveText")
			e.usedBG = true
		}
		return
	}
	if r.Type != 1 {
		return
	}
	for i, p := range place {
		if p != placeExt {
			continue
		}
		switch n := plain[i].Number; {
		case n == 5 && e.datText:
			tr := e.ensure(rel, []string{"biom:Transaction"})
			td := etree.NewElement(e.name("biom:TransactionDate"))
			td.CreateElement("bg:DateText").SetText(string(plain[i].Value))
			tr.InsertChildAt(0, td)
			e.usedBG = true
		case n == 4 && e.totText:
			tr := e.ensure(rel, []string{"biom:Transaction"})
			el := etree.NewElement("bg:TransactionCategoryText")
			el.SetText(string(plain[i].Value))
			insertBefore(tr, el, e.name("biom:TransactionContentSummary"), e.name("biom:TransactionCharacterSetDirectory"), e.name("biom:TransactionGeographicNameSetCode"))
			e.usedBG = true
		}
	}
}

// insertBefore inserts el into parent before its first child named one of
// names, or at the end.
func insertBefore(parent, el *etree.Element, names ...string) {
	for _, c := range parent.ChildElements() {
		for _, n := range names {
			if c.FullTag() == n {
				parent.InsertChildAt(c.Index(), el)
				return
			}
		}
	}
	parent.AddChild(el)
}

// initValidator sets up the schema checks of e.d (none for 2015, whose
// XSDs are not at hand).
func (e *encoder) initValidator() error {
	s, err := schemaSet(e.d)
	if err != nil || s == nil {
		return err
	}
	uris := map[string]string{}
	for p, u := range e.sp {
		uris[e.d.docPrefix(p)] = u
	}
	e.v = &validator{s: s, name: func(el *etree.Element) qname { return qname{uris[el.Space], el.Tag} }}
	return nil
}

func (e *encoder) find(rec, ty, field int, msg string) {
	e.findings = append(e.findings, Finding{Record: rec, Type: ty, Field: field, Msg: msg})
}

// name turns a table name into the prefixed name written in e.d.
func (e *encoder) name(step string) string {
	if r, ok := e.tb.renames[e.d][step]; ok {
		step = r
	}
	p, local, _ := strings.Cut(step, ":")
	return e.d.docPrefix(p) + ":" + local
}

// ensure finds or creates the chain of elements steps below parent.
func (e *encoder) ensure(parent *etree.Element, steps []string) *etree.Element {
	for _, s := range steps {
		n := e.name(s)
		var next *etree.Element
		for _, c := range parent.ChildElements() {
			if c.FullTag() == n {
				next = c
			}
		}
		if next == nil {
			next = parent.CreateElement(n)
		}
		parent = next
	}
	return parent
}

// extRecord is what Biogate's bg:TraditionalEncodingRecord carries for one
// traditional record: what its standard elements cannot say.
type extRecord struct {
	index   int
	whole   *nist.Record  // the record itself, when the dialect has no element for it
	fields  []*nist.Field // Type-1 fields without an element
	tags    []*nist.Field // fields whose written tag is not canonical
	order   []int         // field numbers in written order, when not ascending
	standIn []int         // fields whose standard elements are stand-ins (bg:Record standIn)
}

func (x *extRecord) empty() bool {
	return x.whole == nil && len(x.fields) == 0 && len(x.tags) == 0 && x.order == nil && x.standIn == nil
}

// Where a field goes in the XML.
const (
	placeSkip     = iota // 1.001 LEN, not written
	placeIDC             // the IDC element only
	placeStandard        // its standard elements
	placeUDF             // bg:UserDefinedFields of the record
	placeExt             // bg:TraditionalEncodingRecord (Type-1 fields)
)

func (e *encoder) record(root *etree.Element, r *nist.Record, idx int) (*extRecord, bool) {
	x := &extRecord{index: idx}
	name, ok := e.tb.recordElement(r.Type, e.d)
	if !ok {
		x.whole = r
		return x, false
	}
	rows := e.tb.rowsFor(r.Type, e.d)
	byField := map[int][]*row{}
	for _, rw := range rows {
		byField[rw.Field] = append(byField[rw.Field], rw)
	}
	place := make([]int, len(r.Fields))
	plain := make([]*nist.Field, len(r.Fields))
	standard := map[int]bool{}
	idcSeen := false
	prev, ascending := 0, true
	for i, f := range r.Fields {
		if f.Number <= prev {
			ascending = false
		}
		prev = f.Number
		if f.Tag != "" {
			x.tags = append(x.tags, f)
		}
		plain[i] = f
		if f.Tag != "" {
			c := *f
			c.Tag = ""
			plain[i] = &c
		}
		switch {
		case f.Number == 1:
			place[i] = placeSkip
		case f.Number == 2 && r.Type != 1 && !idcSeen:
			idcSeen = true
			place[i] = placeUDF
			if !f.Binary && xmlSafe(string(f.Value)) && !bytes.ContainsAny(f.Value, "\x1e\x1f") {
				place[i] = placeIDC
			}
		case !standard[f.Number] && len(byField[f.Number]) > 0 && e.roundTrips(plain[i], byField[f.Number], sharedContext(byField, f.Number, plain[:i], place[:i])):
			standard[f.Number] = true
			place[i] = placeStandard
		case r.Type == 1:
			place[i] = placeExt
		default:
			place[i] = placeUDF
		}
	}
	if !ascending {
		for _, f := range r.Fields {
			x.order = append(x.order, f.Number)
		}
	}
	rel := e.buildRecord(name, r, rows, place, plain)
	for try := 0; ; try++ {
		if e.v != nil {
			if bad := e.v.check(rel); bad != nil {
				rel = e.schemaFallback(name, r, idx, rows, place, plain, bad)
				if rel == nil {
					x.whole = r
					x.tags, x.order = nil, nil
					return x, false
				}
			}
		}
		// Fields sharing group elements were each checked with the
		// others in place; a field the schema check moved away changes
		// what the rest read back.
		if try > 8 || !e.moveUnfaithful(rel, r, idx, byField, place, plain) {
			break
		}
		rel = e.buildRecord(name, r, rows, place, plain)
	}
	for i, p := range place {
		if p == placeExt {
			x.fields = append(x.fields, plain[i])
			if plain[i].Number == 2 && e.verNorm != "" {
				x.standIn = append(x.standIn, 2)
			}
		}
	}
	root.AddChild(rel)
	return x, true
}

// buildRecord writes the record element of r (detached) with each field
// where place puts it.
func (e *encoder) buildRecord(name string, r *nist.Record, rows []*row, place []int, plain []*nist.Field) *etree.Element {
	rel := etree.NewElement(e.name(name))
	rcc := strconv.Itoa(r.Type)
	if e.d == Dialect2008 && r.Type < 10 {
		rcc = "0" + rcc
	}
	rel.CreateElement(e.name("biom:RecordCategoryCode")).SetText(rcc)
	var idcEl *etree.Element
	semantic := map[int]*nist.Field{}
	var udf []*nist.Field
	for i, p := range place {
		switch p {
		case placeIDC:
			idcEl = e.idc(rel, string(plain[i].Value))
		case placeStandard:
			semantic[plain[i].Number] = plain[i]
		case placeExt:
			if plain[i].Number == 2 && e.verNorm != "" {
				semantic[2] = &nist.Field{Number: 2, Value: []byte(e.verNorm)}
			}
		case placeUDF:
			if plain[i].Number == 2 && idcEl == nil {
				// The IDC element is required: it carries the value as
				// text and the user-defined copy gives the exact bytes.
				idcEl = e.idc(rel, string(plain[i].Value))
			}
			udf = append(udf, plain[i])
		}
	}
	if idcEl == nil && r.Type != 1 {
		idcEl = e.idc(rel, "")
	}
	e.writeRows(rel, rows, semantic)
	e.addStandIns(rel, r, place, plain)
	if len(udf) > 0 {
		c := etree.NewElement("bg:UserDefinedFields")
		for _, f := range udf {
			writeUDF(c, f)
		}
		rel.InsertChildAt(idcEl.Parent().Index()+1, c)
		e.usedBG = true
	}
	return rel
}

func subset(a, b map[string]bool) bool {
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func diffKeys(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// schemaFallback is called when the record element built from r is not
// valid against the dialect's XSDs (bad says why). It moves, field by
// field, what the schema does not accept at its standard place to the
// extension (bg:UserDefinedFields, or for Type-1 bg:TraditionalEncodingRecord),
// each with a finding; when the remaining fields still cannot fill the
// record's required elements it returns nil: the record then travels
// wholly in bg:TraditionalEncodingRecord.
func (e *encoder) schemaFallback(name string, r *nist.Record, idx int, rows []*row, place []int, plain []*nist.Field, bad *invalid) *etree.Element {
	lenient := *e.v
	lenient.lenient = true
	trial := make([]int, len(place))
	for i, p := range place {
		trial[i] = p
		if p == placeStandard {
			trial[i] = placeSkip
		}
	}
	for i, p := range place {
		if p != placeStandard {
			continue
		}
		trial[i] = placeStandard
		if why := lenient.check(e.buildRecord(name, r, rows, trial, plain)); why != nil {
			to := placeUDF
			where := "bg:UserDefinedFields"
			if r.Type == 1 {
				to, where = placeExt, "bg:TraditionalEncodingRecord"
			}
			trial[i] = to
			place[i] = to
			e.find(idx, r.Type, plain[i].Number, fmt.Sprintf("not valid against the %s XSDs at its standard element (%s); carried in %s", e.d, why.msg, where))
		}
	}
	// A required element missing inside an element that one field alone
	// creates (a group whose subfield lacks an item the schema requires)
	// is that field's: without it, fewer elements are missing.
	missing := func(place []int) map[string]bool {
		var m []string
		c := lenient
		c.missing = &m
		c.check(e.buildRecord(name, r, rows, place, plain))
		set := map[string]bool{}
		for _, s := range m {
			set[s] = true
		}
		return set
	}
	all := missing(place)
	for i, p := range place {
		if p != placeStandard || len(all) == 0 {
			continue
		}
		place[i] = placeSkip
		without := missing(place)
		place[i] = placeStandard
		if len(without) < len(all) && subset(without, all) {
			to, where := placeUDF, "bg:UserDefinedFields"
			if r.Type == 1 {
				to, where = placeExt, "bg:TraditionalEncodingRecord"
			}
			place[i] = to
			e.find(idx, r.Type, plain[i].Number, fmt.Sprintf("leaves elements the %s XSDs require empty (%s); carried in %s", e.d, strings.Join(diffKeys(all, without), "; "), where))
			all = without
		}
	}
	rel := e.buildRecord(name, r, rows, place, plain)
	why := e.v.check(rel)
	if why == nil {
		return rel
	}
	if r.Type == 1 && e.verNorm == "" {
		for i, p := range place {
			if p != placeExt || plain[i].Number != 2 {
				continue
			}
			// 1.002 VER with fewer than four digits ("500", "0"): the
			// same number as four digits fills the required version
			// elements; the field itself travels in
			// bg:TraditionalEncodingRecord, which says they are stand-ins.
			if v := string(plain[i].Value); allDigits(v) && len(v) < 4 {
				e.verNorm = strings.Repeat("0", 4-len(v)) + v
				e.find(idx, 1, 2, "VER "+strconv.Quote(v)+" is not four digits; the version elements hold "+e.verNorm+" and the field travels in bg:TraditionalEncodingRecord (bg:Record standIn)")
				rel = e.buildRecord(name, r, rows, place, plain)
				if why = e.v.check(rel); why == nil {
					return rel
				}
			}
			break
		}
	}
	if r.Type == 1 && !e.datText {
		for i, p := range place {
			if p == placeExt && plain[i].Number == 5 {
				// 1.005 DAT that is not a date: Biogate's substitution for
				// the abstract nc:DateRepresentation holds it as text.
				e.datText = true
				e.find(idx, 1, 5, "DAT "+strconv.Quote(string(plain[i].Value))+" is not a valid date; written as biom:TransactionDate/bg:DateText")
				rel = e.buildRecord(name, r, rows, place, plain)
				if why = e.v.check(rel); why == nil {
					return rel
				}
				break
			}
		}
	}
	if r.Type == 1 && e.d != Dialect2008 && !e.totText {
		for i, p := range place {
			if p == placeExt && plain[i].Number == 4 {
				// 1.004 TOT outside the schema's code list: the profile's
				// own substitution for biom:TransactionCategory, as INT-I
				// has int-i:TransactionCategoryCode, is Biogate's
				// bg:TransactionCategoryText.
				e.totText = true
				rel = e.buildRecord(name, r, rows, place, plain)
				if why = e.v.check(rel); why == nil {
					e.find(idx, 1, 4, "TOT "+strconv.Quote(string(plain[i].Value))+" is not in the code list of biom:TransactionCategoryCode; written as bg:TransactionCategoryText")
					return rel
				}
				break
			}
		}
	}
	if r.Type == 1 {
		// The package needs its Type-1 record: keep it, and say what the
		// schema misses.
		e.find(idx, r.Type, 0, fmt.Sprintf("the Type-1 record element is not valid against the %s XSDs: %s", e.d, why.msg))
		return rel
	}
	e.find(idx, r.Type, 0, fmt.Sprintf("the fields cannot fill the record element %s the %s XSDs require (%s); the record is carried whole in bg:TraditionalEncodingRecord", name, e.d, why.msg))
	return nil
}

// writeExt writes bg:TraditionalEncodingRecord, Biogate's substitution for
// the abstract itl:PackageDataRecord (schema/biogate-2011.xsd): the
// traditional order of the records, and per record what its standard
// elements cannot carry. written lists the traditional index of each record
// element in document order.
func (e *encoder) writeExt(root *etree.Element, t *nist.Transaction, written []int, ext []*extRecord) {
	// Without the extension Unmarshal restores the order from 1.003 CNT;
	// check that this gives back the traditional order.
	inXML := &nist.Transaction{}
	for _, i := range written {
		inXML.Records = append(inXML.Records, t.Records[i])
	}
	reorder(inXML)
	reordered := len(inXML.Records) != len(t.Records)
	for k, r := range inXML.Records {
		if !reordered && r != t.Records[k] {
			reordered = true
		}
	}
	var keep []*extRecord
	for _, x := range ext {
		if !x.empty() {
			keep = append(keep, x)
		}
	}
	if !reordered && len(keep) == 0 && len(t.Trailing) == 0 {
		return
	}
	e.usedBG = true
	el := root.CreateElement("bg:TraditionalEncodingRecord")
	{
		idx := make([]string, len(written))
		for k, i := range written {
			idx[k] = strconv.Itoa(i)
		}
		el.CreateAttr("recordOrder", strings.Join(idx, " "))
	}
	for _, x := range keep {
		re := el.CreateElement("bg:Record")
		re.CreateAttr("index", strconv.Itoa(x.index))
		if x.order != nil {
			n := make([]string, len(x.order))
			for i, v := range x.order {
				n[i] = strconv.Itoa(v)
			}
			re.CreateAttr("fieldOrder", strings.Join(n, " "))
		}
		if x.standIn != nil {
			n := make([]string, len(x.standIn))
			for i, v := range x.standIn {
				n[i] = strconv.Itoa(v)
			}
			re.CreateAttr("standIn", strings.Join(n, " "))
		}
		fields := x.fields
		if x.whole != nil {
			re.CreateAttr("type", strconv.Itoa(x.whole.Type))
			fields = x.whole.Fields
		} else {
			for _, f := range x.tags {
				te := re.CreateElement("bg:Tag")
				te.CreateAttr("number", strconv.Itoa(f.Number))
				te.CreateAttr("tag", f.Tag)
			}
		}
		for _, f := range fields {
			writeUDF(re, f)
		}
	}
	if len(t.Trailing) > 0 {
		el.CreateElement("bg:Trailing").SetText(base64.StdEncoding.EncodeToString(t.Trailing))
	}
}

func (e *encoder) idc(rel *etree.Element, v string) *etree.Element {
	var el *etree.Element
	if e.d == Dialect2015 {
		el = rel.CreateElement(e.name("biom:ImageReferenceID"))
	} else {
		el = rel.CreateElement(e.name("biom:ImageReferenceIdentification")).CreateElement(e.name("nc:IdentificationID"))
	}
	el.SetText(v)
	return el
}

// splitField splits a value into subfields and items (ANSI/NIST-ITL 1-2011
// §7.2: RS between subfields, US between items); binary data is one item.
func splitField(f *nist.Field) [][]string {
	if f.Binary {
		return [][]string{{string(f.Value)}}
	}
	return f.Subfields()
}

// sharedContext returns the fields placed at their standard elements so
// far that write into a group element field n's rows share (9.140 and
// 9.141), nil when there are none.
func sharedContext(byField map[int][]*row, n int, fields []*nist.Field, place []int) map[int]*nist.Field {
	var ctx map[int]*nist.Field
	for _, rw := range byField[n] {
		if !rw.shared {
			continue
		}
		for i, f := range fields {
			if place[i] != placeStandard || f.Number == n {
				continue
			}
			for _, o := range byField[f.Number] {
				if o.shared && o.Subs == rw.Subs && slices.Equal(o.Group, rw.Group) {
					if ctx == nil {
						ctx = map[int]*nist.Field{}
					}
					ctx[f.Number] = f
				}
			}
		}
	}
	return ctx
}

// moveUnfaithful reads back, from the record element rel, every field at
// its standard elements whose rows share group elements with another
// field, and moves one that does not come back as it was to the
// extension (true: rel must be rebuilt).
func (e *encoder) moveUnfaithful(rel *etree.Element, r *nist.Record, idx int, byField map[int][]*row, place []int, plain []*nist.Field) bool {
	var d *decoder
	for i, p := range place {
		if p != placeStandard {
			continue
		}
		rows := byField[plain[i].Number]
		shared := false
		for _, rw := range rows {
			shared = shared || rw.shared
		}
		if !shared {
			continue
		}
		if d == nil {
			d = &decoder{d: e.d, tb: e.tb, scratch: true, consumed: map[*etree.Element]bool{}}
			d.initNames()
		}
		v, bin, ok := d.field(rel, rows, &DecodeOptions{MaxBinary: len(plain[i].Value) + 16})
		if ok && bin == plain[i].Binary && bytes.Equal(v, plain[i].Value) {
			continue
		}
		place[i] = placeUDF
		e.find(idx, r.Type, plain[i].Number, "its items share group elements with a field carried elsewhere; carried in bg:UserDefinedFields")
		return true
	}
	return false
}

// roundTrips reports whether f written through its rows and read back gives
// the same bytes: the test that decides between the standard elements and
// the user-defined-fields extension. ctx holds other fields whose items
// share f's group elements, written alongside.
func (e *encoder) roundTrips(f *nist.Field, rows []*row, ctx map[int]*nist.Field) bool {
	if f.Binary && len(rows) == 1 && rows[0].Codec == "base64" && rows[0].Subs == "1" && rows[0].Item == 1 {
		return true // base64 carries any bytes
	}
	if !f.Binary {
		for _, sub := range splitField(f) {
			for _, it := range sub {
				if !xmlSafe(it) {
					return false
				}
			}
		}
	}
	scratch := etree.NewElement("scratch")
	if ctx == nil {
		e.writeRows(scratch, rows, map[int]*nist.Field{f.Number: f})
	} else {
		all := map[int]*nist.Field{f.Number: f}
		for n, g := range ctx {
			all[n] = g
		}
		e.writeRows(scratch, e.tb.rowsFor(rows[0].Type, e.d), all)
	}
	d := &decoder{d: e.d, tb: e.tb, scratch: true, consumed: map[*etree.Element]bool{}}
	d.initNames()
	v, bin, ok := d.field(scratch, rows, &DecodeOptions{MaxBinary: len(f.Value) + 16})
	return ok && bin == f.Binary && bytes.Equal(v, f.Value)
}

// writeRows writes the fields in rows order, which is schema order.
func (e *encoder) writeRows(rel *etree.Element, rows []*row, fields map[int]*nist.Field) {
	groups := map[string][]*etree.Element{}
	split := map[int][][]string{}
	for _, rw := range rows {
		f := fields[rw.Field]
		if f == nil {
			continue
		}
		subs, ok := split[rw.Field]
		if !ok {
			subs = splitField(f)
			split[rw.Field] = subs
		}
		if rw.Subs == "1" {
			e.put(rel, rw, subs[0])
			continue
		}
		from := 0
		if rw.Subs == "2-" {
			from = 1
		}
		key := rw.Subs + " " + strings.Join(rw.Group, "/")
		if !rw.shared {
			key = strconv.Itoa(rw.Field) + " " + key
		}
		inst := groups[key]
		if len(inst) < len(subs)-from {
			// A shared group (two fields' items in one element per
			// subfield) may need more instances for the second field.
			parent := e.ensure(rel, rw.Group[:len(rw.Group)-1])
			for i := len(inst) + from; i < len(subs); i++ {
				inst = append(inst, parent.CreateElement(e.name(rw.Group[len(rw.Group)-1])))
			}
			groups[key] = inst
		}
		for i := from; i < len(subs); i++ {
			e.put(inst[i-from], rw, subs[i])
		}
	}
}

// put writes item rw.Item of one subfield below base.
func (e *encoder) put(base *etree.Element, rw *row, items []string) {
	if rw.Codec == "fgp" {
		// 4.004 FGP: six positions, unused ones 255, which XML omits
		// (ANSI/NIST-ITL 1-2011 §8.4.4; CONV08 postProcess).
		parent := e.ensure(base, rw.Path[:len(rw.Path)-1])
		for _, v := range items {
			if v != "255" {
				parent.CreateElement(e.name(rw.Path[len(rw.Path)-1])).SetText(v)
			}
		}
		return
	}
	if rw.Item > len(items) {
		return
	}
	v := items[rw.Item-1]
	path := rw.Path
	if v == "" {
		// An empty item is an empty element where the element's type
		// accepts the empty string (Unmarshal reads it back as an empty
		// item), else no element (an absent optional element; Unmarshal
		// restores empty items before a present one).
		if rw.Codec != "text" || len(path) == 0 || !e.emptyOK(path[len(path)-1]) {
			return
		}
		path = append(append([]string(nil), path[:len(path)-1]...), strings.Split(path[len(path)-1], "|")[0])
		e.putAt(base, path, rw.Occ, "")
		return
	}
	switch rw.Codec {
	case "dt":
		x, isDT := dtToXML(v)
		v = x
		if last := path[len(path)-1]; strings.Contains(last, "|") {
			alt := strings.Split(last, "|")
			pick := alt[0]
			if isDT && len(alt) > 1 {
				pick = alt[1]
			}
			path = append(append([]string(nil), path[:len(path)-1]...), pick)
		}
	case "vermajor":
		if len(v) != 4 {
			return
		}
		v = v[:2]
	case "verminor":
		if len(v) != 4 {
			return
		}
		v = v[2:]
	case "base64":
		v = base64.StdEncoding.EncodeToString([]byte(v))
	}
	if n := len(path); n > 0 && strings.Contains(path[n-1], "|") {
		path = append(append([]string(nil), path[:n-1]...), strings.Split(path[n-1], "|")[0])
	}
	e.putAt(base, path, rw.Occ, v)
}

// putAt sets the text of the element path below base, the occ-th of its
// name among its siblings (occ > 1: created after the occ-1 before it).
func (e *encoder) putAt(base *etree.Element, path []string, occ int, v string) {
	if occ <= 1 || len(path) == 0 {
		e.ensure(base, path).SetText(v)
		return
	}
	parent := e.ensure(base, path[:len(path)-1])
	n := e.name(path[len(path)-1])
	var same []*etree.Element
	for _, c := range parent.ChildElements() {
		if c.FullTag() == n {
			same = append(same, c)
		}
	}
	if len(same) >= occ {
		same[occ-1].SetText(v)
		return
	}
	el := etree.NewElement(n)
	el.SetText(v)
	if len(same) > 0 {
		parent.InsertChildAt(same[len(same)-1].Index()+1, el)
	} else {
		parent.AddChild(el)
	}
}

// emptyOK reports whether the element step (a table name) of e.d accepts
// the empty string as its content.
func (e *encoder) emptyOK(step string) bool {
	if e.v == nil {
		return false
	}
	step, _, _ = strings.Cut(step, "|")
	if ok, seen := e.emptyCache[step]; seen {
		return ok
	}
	if e.emptyCache == nil {
		e.emptyCache = map[string]bool{}
	}
	ok := e.v.check(etree.NewElement(e.name(step))) == nil
	e.emptyCache[step] = ok
	return ok
}

// writeUDF writes f into Biogate's user-defined-fields element: items as
// text where XML can hold them, else the bytes in base64.
func writeUDF(c *etree.Element, f *nist.Field) {
	el := c.CreateElement("bg:Field")
	el.CreateAttr("number", strconv.Itoa(f.Number))
	if f.Tag != "" {
		el.CreateAttr("tag", f.Tag)
	}
	subs := splitField(f)
	safe := !f.Binary
	for _, s := range subs {
		for _, it := range s {
			safe = safe && xmlSafe(it)
		}
	}
	if !safe {
		if f.Binary {
			el.CreateAttr("binary", "true")
		}
		el.CreateElement("bg:Base64").SetText(base64.StdEncoding.EncodeToString(f.Value))
		return
	}
	for _, s := range subs {
		se := el.CreateElement("bg:Subfield")
		for _, it := range s {
			se.CreateElement("bg:Item").SetText(it)
		}
	}
}
