package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/all" // register every edition's codec
)

// loadedISO is an ISO/IEC 19794 or INCITS record read from an input.
type loadedISO struct {
	format   iso.Format
	raw      []byte // the input
	size     int
	rec      iso.Record
	problems []string
}

// loadISO identifies and decodes an ISO/INCITS record (lenient unless
// strict), or the edition named by as when it is not empty (the card
// formats and INCITS 385 cannot be told from the bytes).
func loadISO(b []byte, as iso.Format, strict bool) (*loadedISO, error) {
	f := as
	if f == "" {
		var err error
		if f, err = iso.Identify(b); err != nil {
			return nil, err
		}
	}
	rec, err := iso.DecodeAs(b, f, &iso.DecodeOptions{Lenient: !strict})
	l := &loadedISO{format: f, raw: b, size: len(b), rec: rec}
	if rec == nil {
		return nil, err
	}
	if err != nil {
		var p iso.Problems
		if !errors.As(err, &p) {
			return nil, err
		}
		for _, e := range p {
			l.problems = append(l.problems, e.Error())
		}
	}
	return l, nil
}

// maxInline is the size up to which a byte slice is shown as hex; larger
// ones (image data) are summarised by size and hash.
const maxInline = 32

// isoTree turns a record into nested maps and lists for display: exported
// struct fields by name, zero-valued optional parts left out, byte slices
// as hex when short and as a size and SHA-256 when long.
func isoTree(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return isoTree(v.Elem())
	case reflect.Struct:
		m := map[string]any{}
		var order []string
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() || v.Field(i).IsZero() {
				continue
			}
			m[f.Name] = isoTree(v.Field(i))
			order = append(order, f.Name)
		}
		return orderedMap{keys: order, m: m}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			b := v.Bytes()
			if len(b) <= maxInline {
				return hex.EncodeToString(b)
			}
			sum := sha256.Sum256(b)
			return fmt.Sprintf("<%d bytes, sha256 %s>", len(b), hex.EncodeToString(sum[:8]))
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = isoTree(v.Index(i))
		}
		return out
	}
	return v.Interface()
}

// orderedMap keeps struct field order in JSON and text output.
type orderedMap struct {
	keys []string
	m    map[string]any
}

func (o orderedMap) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(o.m[k])
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// printISOTree writes the tree as indented "Name: value" lines.
func printISOTree(w io.Writer, v any, indent string) {
	switch t := v.(type) {
	case orderedMap:
		for _, k := range t.keys {
			switch c := t.m[k].(type) {
			case orderedMap:
				fmt.Fprintf(w, "%s%s:\n", indent, k)
				printISOTree(w, c, indent+"  ")
			case []any:
				if len(c) > 0 && isScalar(c[0]) {
					fmt.Fprintf(w, "%s%s: %v\n", indent, k, c)
					continue
				}
				for i, e := range c {
					if line, ok := inlineMap(e); ok {
						fmt.Fprintf(w, "%s%s[%d]: %s\n", indent, k, i, line)
						continue
					}
					fmt.Fprintf(w, "%s%s[%d]:\n", indent, k, i)
					printISOTree(w, e, indent+"  ")
				}
			default:
				fmt.Fprintf(w, "%s%s: %v\n", indent, k, c)
			}
		}
	default:
		fmt.Fprintf(w, "%s%v\n", indent, t)
	}
}

// inlineMap formats a struct of scalars (a minutia, a feature point) on
// one line, "Type=1 X=100 Y=14".
func inlineMap(v any) (string, bool) {
	m, ok := v.(orderedMap)
	if !ok {
		return "", false
	}
	parts := make([]string, 0, len(m.keys))
	for _, k := range m.keys {
		if !isScalar(m.m[k]) {
			return "", false
		}
		parts = append(parts, fmt.Sprintf("%s=%v", k, m.m[k]))
	}
	return strings.Join(parts, " "), true
}

func isScalar(v any) bool {
	switch v.(type) {
	case orderedMap, []any:
		return false
	}
	return true
}

// inspectISO prints an ISO/INCITS record.
func (c *cli) inspectISO(l *loadedISO, asJSON bool) int {
	tree := isoTree(reflect.ValueOf(l.rec))
	if asJSON {
		out := map[string]any{"format": string(l.format), "kind": l.rec.Kind().String(), "bytes": l.size, "record": tree}
		if len(l.problems) > 0 {
			out["problems"] = l.problems
		}
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			c.failf("inspect: %v", err)
			return exitUnusable
		}
		return exitOK
	}
	fmt.Fprintf(c.stdout, "%s record (%s), %d bytes\n\n", l.rec.Kind(), l.format, l.size)
	printISOTree(c.stdout, tree, "")
	if len(l.problems) > 0 {
		fmt.Fprintf(c.stdout, "\n%d problems:\n", len(l.problems))
		for _, p := range l.problems {
			fmt.Fprintf(c.stdout, "  %s\n", p)
		}
	}
	return exitOK
}
