package xml

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
)

// parser is a small, strict, non-validating XML 1.0 parser that builds an
// etree tree in one pass. encoding/xml (and so etree's own reader) moves a
// byte at a time through character data, which bounds decoding near
// 15 MB/s on image-heavy documents; here character data is scanned with
// bytes.IndexByte, so the base64 of a 3 MB image costs little more than
// its copy.
//
// What it accepts: the XML declaration, comments, processing instructions,
// CDATA sections, the five predefined entities and character references,
// and namespaces (Namespaces in XML 1.0), resolved as the tree is built.
// What it refuses, with a *SyntaxError carrying line and column: any
// <!DOCTYPE> or other markup declaration (ErrDTD), undeclared entities,
// unbound prefixes, mismatched tags, invalid UTF-8 or characters outside
// the XML Char production, and documents over the depth, element,
// per-element attribute and namespace, or memory bounds (ErrLimit).
//
// Its work is linear in the input: attributes are checked for repeats
// with a set, namespace bindings are looked up in one map per declaring
// element (at most MaxDepth of them), and attributes are appended to the
// etree element directly (etree's CreateAttr scans the attributes already
// there, which made one element of n attributes cost n²). The context is
// checked every ctxEvery elements and attributes.
type parser struct {
	b       []byte
	p       int
	o       *DecodeOptions
	ctx     context.Context
	q       map[*etree.Element]qname
	uris    map[string]bool
	count   int
	records int   // children of the root element
	steps   int   // elements and attributes read, for the context checks
	memory  int64 // estimated bytes of the tree built so far
	pending int64 // of memory, not yet passed to Account
	ops     int   // attribute and namespace checks made, which tests compare across input sizes
}

// ctxEvery is how many elements and attributes the parser reads between
// two checks of its context.
const ctxEvery = 1024

// parseDocument parses b into an element tree and records each element's
// namespace URI in q; uris collects the namespaces elements use.
func parseDocument(ctx context.Context, b []byte, o *DecodeOptions) (root *etree.Element, q map[*etree.Element]qname, uris map[string]bool, err error) {
	ps := &parser{b: b, o: o, ctx: ctx, q: map[*etree.Element]qname{}, uris: map[string]bool{}}
	root, err = ps.document()
	if err == nil {
		err = ps.flush(ps.p)
	}
	return root, ps.q, ps.uris, err
}

// step counts one element or attribute read at at and, every ctxEvery
// steps, stops when the context is done.
func (ps *parser) step(at int) error {
	ps.steps++
	if ps.steps%ctxEvery != 0 {
		return nil
	}
	if err := ps.ctx.Err(); err != nil {
		return ps.stopped(at, err)
	}
	return nil
}

// stopped is the error of a decode whose context ended at byte at.
func (ps *parser) stopped(at int, err error) error {
	line, col := ps.position(at)
	return fmt.Errorf("xml: line %d, column %d: decoding stopped: %w", line, col, err)
}

// charge adds n estimated bytes to the tree's memory, refusing past
// MaxMemory; Account, when set, is told in batches of accountBatch bytes
// (and of the rest at the end, see flush).
func (ps *parser) charge(at int, n int64) error {
	ps.memory += n
	if ps.memory > ps.o.MaxMemory {
		return ps.fail(at, ErrLimit, "the document needs more than %d bytes of memory to decode", ps.o.MaxMemory)
	}
	ps.pending += n
	if ps.pending >= accountBatch {
		return ps.flush(at)
	}
	return nil
}

// accountBatch is how many estimated bytes the parser gathers before it
// tells DecodeOptions.Account.
const accountBatch = 64 << 10

func (ps *parser) flush(at int) error {
	n := ps.pending
	ps.pending = 0
	if ps.o.Account == nil || n == 0 {
		return nil
	}
	if err := ps.o.Account(n); err != nil {
		return ps.fail(at, err, "%v", err)
	}
	return nil
}

// Estimated memory a document costs per element and attribute beyond
// their text. The parsed tree alone keeps about 180 bytes per small element
// (BenchmarkUnmarshalManyElements); the decoder's indexes and findings
// and the conversion and validation after it bring a submitted document
// to about 1.2 KB per element (TestHostileInputsMemory in
// internal/exchange, without a budget). The estimate is charged while the
// tree is built, so that a request stops before it has spent it.
const (
	elementCost = 1024
	attrCost    = 64
)

func (ps *parser) fail(at int, kind error, format string, args ...any) error {
	line, col := ps.position(at)
	return &SyntaxError{Line: line, Column: col, Msg: fmt.Sprintf(format, args...), Err: kind}
}

// position is the line and column of byte at.
func (ps *parser) position(at int) (line, col int) {
	if at > len(ps.b) {
		at = len(ps.b)
	}
	return 1 + bytes.Count(ps.b[:at], []byte{'\n'}), at - bytes.LastIndexByte(ps.b[:at], '\n')
}

func (ps *parser) document() (*etree.Element, error) {
	ps.p = 0
	if bytes.HasPrefix(ps.b, []byte("\xef\xbb\xbf")) {
		ps.p = 3
	}
	var root *etree.Element
	for {
		ps.skipSpace()
		if ps.p >= len(ps.b) {
			break
		}
		if ps.b[ps.p] != '<' {
			return nil, ps.fail(ps.p, nil, "text outside the root element")
		}
		switch {
		case ps.has("<?"):
			if err := ps.pi(ps.p == 0 || (ps.p == 3 && root == nil)); err != nil {
				return nil, err
			}
		case ps.has("<!--"):
			if err := ps.comment(); err != nil {
				return nil, err
			}
		case ps.has("<!"):
			return nil, ps.fail(ps.p, ErrDTD, "a <!DOCTYPE> or other declaration is not accepted")
		default:
			if root != nil {
				return nil, ps.fail(ps.p, nil, "more than one root element")
			}
			var err error
			if root, err = ps.element(nil, 1); err != nil {
				return nil, err
			}
		}
	}
	if root == nil {
		return nil, ps.fail(ps.p, nil, "no root element")
	}
	return root, nil
}

func (ps *parser) has(s string) bool { return bytes.HasPrefix(ps.b[ps.p:], []byte(s)) }

func (ps *parser) skipSpace() {
	for ps.p < len(ps.b) {
		switch ps.b[ps.p] {
		case ' ', '\t', '\n', '\r':
			ps.p++
		default:
			return
		}
	}
}

// pi skips a processing instruction; the XML declaration is allowed only
// at the very start.
func (ps *parser) pi(first bool) error {
	start := ps.p
	end := bytes.Index(ps.b[ps.p+2:], []byte("?>"))
	if end < 0 {
		return ps.fail(start, nil, "unterminated processing instruction")
	}
	body := ps.b[ps.p+2 : ps.p+2+end]
	target, _, _ := bytes.Cut(body, []byte(" "))
	if strings.EqualFold(string(target), "xml") && !first {
		return ps.fail(start, nil, "XML declaration not at the start of the document")
	}
	if err := ps.checkChars(body, ps.p+2); err != nil {
		return err
	}
	ps.p += 2 + end + 2
	return nil
}

func (ps *parser) comment() error {
	start := ps.p
	end := bytes.Index(ps.b[ps.p+4:], []byte("--"))
	if end < 0 || ps.p+4+end+2 >= len(ps.b) || ps.b[ps.p+4+end+2] != '>' {
		return ps.fail(start, nil, "unterminated comment or -- inside a comment")
	}
	if err := ps.checkChars(ps.b[ps.p+4:ps.p+4+end], ps.p+4); err != nil {
		return err
	}
	ps.p += 4 + end + 3
	return nil
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80
}

// name reads an XML name (the ASCII subset plus any non-ASCII letters).
func (ps *parser) name() (string, error) {
	start := ps.p
	for ps.p < len(ps.b) && isNameByte(ps.b[ps.p]) {
		ps.p++
	}
	n := ps.b[start:ps.p]
	if len(n) == 0 || (n[0] >= '0' && n[0] <= '9') || n[0] == '-' || n[0] == '.' || !utf8.Valid(n) {
		return "", ps.fail(start, nil, "invalid name")
	}
	return string(n), nil
}

type rawAttr struct {
	name, value string
	at          int
}

// element parses one element, its content and its end tag; ps.p is at '<'.
func (ps *parser) element(scope *nsScope, depth int) (*etree.Element, error) {
	start := ps.p
	if depth > ps.o.MaxDepth {
		return nil, ps.fail(start, ErrLimit, "elements nested deeper than %d", ps.o.MaxDepth)
	}
	ps.count++
	if ps.count > ps.o.MaxElements {
		return nil, ps.fail(start, ErrLimit, "more than %d elements", ps.o.MaxElements)
	}
	if depth == 2 {
		// The root's children are the records (and Biogate's extension
		// record): bounded by the standard's record count before the
		// tree of a document of too many is built.
		if ps.records++; ps.records > ps.o.MaxRecords+1 {
			return nil, ps.fail(start, ErrLimit, "more than %d records (child elements of the root; ANSI/NIST-ITL 1-2011 §7.2.3, 1.003 CNT: at most 999 after the Type-1 record)", ps.o.MaxRecords)
		}
	}
	if err := ps.step(start); err != nil {
		return nil, err
	}
	ps.p++
	tag, err := ps.name()
	if err != nil {
		return nil, err
	}
	if err := ps.charge(start, elementCost+int64(len(tag))); err != nil {
		return nil, err
	}
	var attrs []rawAttr
	var seen map[string]bool // attribute names, once there are many
	decls := 0
	empty := false
	for {
		sp := ps.p
		ps.skipSpace()
		if ps.p >= len(ps.b) {
			return nil, ps.fail(start, nil, "unterminated start tag <%s", tag)
		}
		if ps.b[ps.p] == '>' {
			ps.p++
			break
		}
		if ps.has("/>") {
			ps.p += 2
			empty = true
			break
		}
		if sp == ps.p {
			return nil, ps.fail(ps.p, nil, "expected white space, > or /> in start tag <%s", tag)
		}
		at := ps.p
		if len(attrs) >= ps.o.MaxAttributes {
			return nil, ps.fail(at, ErrLimit, "more than %d attributes on element <%s>", ps.o.MaxAttributes, tag)
		}
		if err := ps.step(at); err != nil {
			return nil, err
		}
		n, err := ps.name()
		if err != nil {
			return nil, err
		}
		if n == "xmlns" || strings.HasPrefix(n, "xmlns:") {
			if decls++; decls > ps.o.MaxNamespaces {
				return nil, ps.fail(at, ErrLimit, "more than %d namespace declarations on element <%s>", ps.o.MaxNamespaces, tag)
			}
		}
		ps.skipSpace()
		if ps.p >= len(ps.b) || ps.b[ps.p] != '=' {
			return nil, ps.fail(ps.p, nil, "attribute %s without a value", n)
		}
		ps.p++
		ps.skipSpace()
		if ps.p >= len(ps.b) || (ps.b[ps.p] != '"' && ps.b[ps.p] != '\'') {
			return nil, ps.fail(ps.p, nil, "unquoted attribute value")
		}
		quote := ps.b[ps.p]
		ps.p++
		end := bytes.IndexByte(ps.b[ps.p:], quote)
		if end < 0 {
			return nil, ps.fail(at, nil, "unterminated attribute value")
		}
		raw := ps.b[ps.p : ps.p+end]
		if i := bytes.IndexByte(raw, '<'); i >= 0 {
			return nil, ps.fail(ps.p+i, nil, "< in attribute value")
		}
		v, err := ps.unescape(raw, ps.p, true)
		if err != nil {
			return nil, err
		}
		ps.p += end + 1
		if err := ps.charge(at, attrCost+int64(len(n)+len(v))); err != nil {
			return nil, err
		}
		if ps.repeated(attrs, &seen, n) {
			return nil, ps.fail(at, nil, "attribute %s repeated", n)
		}
		attrs = append(attrs, rawAttr{n, v, at})
	}

	// Namespace declarations first (Namespaces in XML 1.0 §3), then the
	// element's own name.
	inner := scope
	if decls > 0 {
		inner = scope.child(decls)
		for _, a := range attrs {
			switch {
			case a.name == "xmlns":
				inner.bind("", a.value)
			case strings.HasPrefix(a.name, "xmlns:"):
				if a.value == "" {
					return nil, ps.fail(a.at, nil, "prefix %s bound to the empty namespace", a.name[6:])
				}
				inner.bind(a.name[6:], a.value)
			}
		}
	}
	e := etree.NewElement(tag)
	prefix, local := "", tag
	if i := strings.IndexByte(tag, ':'); i >= 0 {
		prefix, local = tag[:i], tag[i+1:]
		if prefix == "" || local == "" || strings.IndexByte(local, ':') >= 0 {
			return nil, ps.fail(start, nil, "invalid qualified name %s", tag)
		}
	}
	uri, ok := ps.lookup(inner, prefix)
	if !ok {
		return nil, ps.fail(start, nil, "prefix %s is not declared", prefix)
	}
	ps.q[e] = qname{uri, local}
	ps.uris[uri] = true
	if len(attrs) > 0 {
		// Appended directly: the names are known to be distinct, and
		// CreateAttr would search the attributes already added. Attr's
		// Element and NamespaceURI are not set; the decoder resolves
		// names through q.
		e.Attr = make([]etree.Attr, 0, len(attrs))
	}
	for _, a := range attrs {
		space, key := "", a.name
		if p, k, ok := strings.Cut(a.name, ":"); ok {
			space, key = p, k
			if p != "xmlns" && p != "xml" {
				if _, bound := ps.lookup(inner, p); !bound {
					return nil, ps.fail(a.at, nil, "prefix %s is not declared", p)
				}
			}
		}
		e.Attr = append(e.Attr, etree.Attr{Space: space, Key: key, Value: a.value})
	}
	if empty {
		return e, nil
	}

	for {
		if ps.p >= len(ps.b) {
			return nil, ps.fail(start, nil, "element <%s> not closed", tag)
		}
		if ps.b[ps.p] != '<' {
			end := bytes.IndexByte(ps.b[ps.p:], '<')
			if end < 0 {
				end = len(ps.b) - ps.p
			}
			raw := ps.b[ps.p : ps.p+end]
			if i := bytes.Index(raw, []byte("]]>")); i >= 0 {
				return nil, ps.fail(ps.p+i, nil, "]]> in character data")
			}
			s, err := ps.unescape(raw, ps.p, false)
			if err != nil {
				return nil, err
			}
			if err := ps.charge(ps.p, int64(len(s))); err != nil {
				return nil, err
			}
			e.CreateText(s)
			ps.p += end
			continue
		}
		switch {
		case ps.has("</"):
			at := ps.p
			ps.p += 2
			n, err := ps.name()
			if err != nil {
				return nil, err
			}
			ps.skipSpace()
			if n != tag || ps.p >= len(ps.b) || ps.b[ps.p] != '>' {
				return nil, ps.fail(at, nil, "element <%s> closed by </%s>", tag, n)
			}
			ps.p++
			return e, nil
		case ps.has("<!--"):
			if err := ps.comment(); err != nil {
				return nil, err
			}
		case ps.has("<![CDATA["):
			at := ps.p + 9
			end := bytes.Index(ps.b[at:], []byte("]]>"))
			if end < 0 {
				return nil, ps.fail(ps.p, nil, "unterminated CDATA section")
			}
			raw := ps.b[at : at+end]
			if err := ps.checkChars(raw, at); err != nil {
				return nil, err
			}
			if err := ps.charge(at, int64(len(raw))); err != nil {
				return nil, err
			}
			e.CreateText(normaliseNewlines(string(raw)))
			ps.p = at + end + 3
		case ps.has("<!"):
			return nil, ps.fail(ps.p, ErrDTD, "a declaration is not accepted inside an element")
		case ps.has("<?"):
			if err := ps.pi(false); err != nil {
				return nil, err
			}
		default:
			c, err := ps.element(inner, depth+1)
			if err != nil {
				return nil, err
			}
			e.AddChild(c)
		}
	}
}

// checkChars checks that raw is UTF-8 made of XML 1.0 Chars (§2.2).
func (ps *parser) checkChars(raw []byte, at int) error {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c < 0x80 {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return ps.fail(at+i, nil, "character %#x not allowed in XML", c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && n <= 1 || r == 0xFFFE || r == 0xFFFF {
			return ps.fail(at+i, nil, "invalid UTF-8 or non-character")
		}
		i += n
	}
	return nil
}

// unescape checks raw and replaces entity and character references; in
// attribute values white space is normalised (XML 1.0 §3.3.3).
func (ps *parser) unescape(raw []byte, at int, attr bool) (string, error) {
	if err := ps.checkChars(raw, at); err != nil {
		return "", err
	}
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 && (!attr || !bytes.ContainsAny(raw, "\t\n")) {
		return string(raw), nil
	}
	var sb strings.Builder
	sb.Grow(len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '&':
			end := bytes.IndexByte(raw[i:], ';')
			if end < 0 {
				return "", ps.fail(at+i, nil, "unterminated entity reference")
			}
			ref := string(raw[i+1 : i+end])
			switch ref {
			case "lt":
				sb.WriteByte('<')
			case "gt":
				sb.WriteByte('>')
			case "amp":
				sb.WriteByte('&')
			case "quot":
				sb.WriteByte('"')
			case "apos":
				sb.WriteByte('\'')
			default:
				var n uint64
				var err error
				switch {
				case strings.HasPrefix(ref, "#x"):
					n, err = strconv.ParseUint(ref[2:], 16, 32)
				case strings.HasPrefix(ref, "#"):
					n, err = strconv.ParseUint(ref[1:], 10, 32)
				default:
					return "", ps.fail(at+i, nil, "undeclared entity &%s;", ref)
				}
				r := rune(n)
				if err != nil || !isXMLChar(r) {
					return "", ps.fail(at+i, nil, "invalid character reference &%s;", ref)
				}
				sb.WriteRune(r)
			}
			i += end
		case c == '\r':
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			if attr {
				sb.WriteByte(' ')
			} else {
				sb.WriteByte('\n')
			}
		case attr && (c == '\t' || c == '\n'):
			sb.WriteByte(' ')
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String(), nil
}

func isXMLChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

func normaliseNewlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// repeated reports whether name is among attrs, keeping a set of the
// names once there are more than a few so that each check is constant
// time. ps.ops counts the comparisons and set operations.
func (ps *parser) repeated(attrs []rawAttr, seen *map[string]bool, name string) bool {
	const few = 8
	if len(attrs) < few {
		for _, a := range attrs {
			ps.ops++
			if a.name == name {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]bool, 2*few)
		for _, a := range attrs {
			ps.ops++
			(*seen)[a.name] = true
		}
	}
	ps.ops++
	if (*seen)[name] {
		return true
	}
	(*seen)[name] = true
	return false
}

// lookup resolves prefix in scope s; ps.ops counts the scopes visited.
func (ps *parser) lookup(s *nsScope, prefix string) (string, bool) {
	switch prefix {
	case "xml":
		return "http://www.w3.org/XML/1998/namespace", true
	case "xmlns":
		return "http://www.w3.org/2000/xmlns/", true
	}
	for ; s != nil; s = s.up {
		ps.ops++
		if uri, ok := s.binds[prefix]; ok {
			return uri, true
		}
	}
	return "", prefix == ""
}

// nsScope is the namespace bindings of one element that declares some,
// chained to those of the enclosing elements: a lookup (parser.lookup)
// costs at most one map access per declaring ancestor (bounded by
// MaxDepth), however many declarations each carries.
type nsScope struct {
	binds map[string]string // prefix ("" the default namespace) -> URI
	up    *nsScope
}

func (s *nsScope) child(n int) *nsScope {
	return &nsScope{binds: make(map[string]string, n), up: s}
}

// bind declares prefix in s; a repeated declaration is refused earlier,
// as a repeated attribute.
func (s *nsScope) bind(prefix, uri string) { s.binds[prefix] = uri }
