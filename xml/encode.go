package xml

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
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
	e := &encoder{d: o.Dialect, tb: tb, sp: o.Dialect.spaces()}
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
	d        Dialect
	tb       *tables
	sp       map[string]string
	usedBG   bool
	findings []Finding
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
	index  int
	whole  *nist.Record  // the record itself, when the dialect has no element for it
	fields []*nist.Field // Type-1 fields without an element
	tags   []*nist.Field // fields whose written tag is not canonical
	order  []int         // field numbers in written order, when not ascending
}

func (x *extRecord) empty() bool {
	return x.whole == nil && len(x.fields) == 0 && len(x.tags) == 0 && x.order == nil
}

func (e *encoder) record(root *etree.Element, r *nist.Record, idx int) (*extRecord, bool) {
	x := &extRecord{index: idx}
	name, ok := e.tb.recordElement(r.Type, e.d)
	if !ok {
		x.whole = r
		return x, false
	}
	rel := root.CreateElement(e.name(name))
	rcc := strconv.Itoa(r.Type)
	if e.d == Dialect2008 && r.Type < 10 {
		rcc = "0" + rcc
	}
	rel.CreateElement(e.name("biom:RecordCategoryCode")).SetText(rcc)
	var idcEl *etree.Element
	rows := e.tb.rowsFor(r.Type, e.d)
	byField := map[int][]*row{}
	for _, rw := range rows {
		byField[rw.Field] = append(byField[rw.Field], rw)
	}
	semantic := map[int]*nist.Field{}
	var udf []*nist.Field
	prev, ascending := 0, true
	for _, f := range r.Fields {
		if f.Number <= prev {
			ascending = false
		}
		prev = f.Number
		if f.Tag != "" {
			x.tags = append(x.tags, f)
		}
		plain := f
		if f.Tag != "" {
			c := *f
			c.Tag = ""
			plain = &c
		}
		switch {
		case f.Number == 1:
			continue
		case f.Number == 2 && r.Type != 1:
			if idcEl == nil {
				idcEl = e.idc(rel, string(f.Value))
				if !f.Binary && xmlSafe(string(f.Value)) && !bytes.ContainsAny(f.Value, "\x1e\x1f") {
					continue
				}
			}
		case semantic[f.Number] == nil && len(byField[f.Number]) > 0 && e.roundTrips(plain, byField[f.Number]):
			semantic[f.Number] = plain
			continue
		case r.Type == 1:
			x.fields = append(x.fields, plain)
			continue
		}
		udf = append(udf, plain)
	}
	if !ascending {
		for _, f := range r.Fields {
			x.order = append(x.order, f.Number)
		}
	}
	if idcEl == nil && r.Type != 1 {
		idcEl = e.idc(rel, "")
	}
	e.writeRows(rel, rows, semantic)
	if len(udf) > 0 {
		c := etree.NewElement("bg:UserDefinedFields")
		for _, f := range udf {
			writeUDF(c, f)
		}
		rel.InsertChildAt(idcEl.Parent().Index()+1, c)
		e.usedBG = true
	}
	return x, true
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

// roundTrips reports whether f written through its rows and read back gives
// the same bytes: the test that decides between the standard elements and
// the user-defined-fields extension.
func (e *encoder) roundTrips(f *nist.Field, rows []*row) bool {
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
	e.writeRows(scratch, rows, map[int]*nist.Field{f.Number: f})
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
		key := strconv.Itoa(rw.Field) + rw.Subs + strings.Join(rw.Group, "/")
		inst, ok := groups[key]
		if !ok {
			parent := e.ensure(rel, rw.Group[:len(rw.Group)-1])
			for i := from; i < len(subs); i++ {
				inst = append(inst, parent.CreateElement(e.name(rw.Group[len(rw.Group)-1])))
			}
			groups[key] = inst
		}
		for i, g := range inst {
			e.put(g, rw, subs[from+i])
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
	if rw.Item > len(items) || items[rw.Item-1] == "" {
		return
	}
	v := items[rw.Item-1]
	path := rw.Path
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
	e.ensure(base, path).SetText(v)
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
