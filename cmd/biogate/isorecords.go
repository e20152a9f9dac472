package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/biogate/biogate/internal/exchange"
)

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
func (c *cli) inspectISO(l *exchange.Input, asJSON bool) int {
	tree := isoTree(reflect.ValueOf(l.Record))
	if asJSON {
		out := map[string]any{"format": string(l.RecordFormat), "kind": l.Record.Kind().String(), "bytes": l.Size, "record": tree}
		if len(l.RecordProblems) > 0 {
			out["problems"] = l.RecordProblems
		}
		// The views as POST /v1/inspect describes them (image, minutiae).
		views, notes := l.Views()
		out["views"] = views
		if len(notes) > 0 {
			out["notes"] = notes
		}
		if err := writeJSON(c.stdout, out); err != nil {
			c.failf("inspect: %v", err)
			return exitUnusable
		}
		return exitOK
	}
	fmt.Fprintf(c.stdout, "%s record (%s), %d bytes\n\n", l.Record.Kind(), l.RecordFormat, l.Size)
	printISOTree(c.stdout, tree, "")
	if len(l.RecordProblems) > 0 {
		fmt.Fprintf(c.stdout, "\n%d problems:\n", len(l.RecordProblems))
		for _, p := range l.RecordProblems {
			fmt.Fprintf(c.stdout, "  %s\n", p)
		}
	}
	return exitOK
}
