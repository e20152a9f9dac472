package nist

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// nbisItem is one line of NBIS an2k2txt output:
// "record.field.subfield.item [T.FFF]=value" ended by US and a newline,
// with positions counted from 1.
type nbisItem struct {
	rec, field, sub, item int
	tag, value            string
}

func parseNBISDump(b []byte) ([]nbisItem, error) {
	var items []nbisItem
	for len(b) > 0 {
		end := bytes.Index(b, []byte("\x1f\n"))
		if end < 0 {
			return nil, fmt.Errorf("dump line without US and newline: %q", b[:min(len(b), 60)])
		}
		line := string(b[:end])
		b = b[end+2:]
		pos, rest, ok := strings.Cut(line, " [")
		if !ok {
			return nil, fmt.Errorf("dump line %q: no tag", line)
		}
		tag, value, ok := strings.Cut(rest, "]=")
		if !ok {
			return nil, fmt.Errorf("dump line %q: no value", line)
		}
		var it nbisItem
		if _, err := fmt.Sscanf(pos, "%d.%d.%d.%d", &it.rec, &it.field, &it.sub, &it.item); err != nil {
			return nil, fmt.Errorf("dump line %q: %v", line, err)
		}
		it.tag, it.value = tag, value
		items = append(items, it)
	}
	return items, nil
}

// TestNBISReference compares the tree of every corpus file that NIST's C
// implementation (NBIS an2k2txt) could read with its item-by-item dump:
// every item NBIS lists must come out of Biogate's tree at the same record,
// field, subfield and item position, with the same value, and Biogate's
// tree must hold no item NBIS lacks.
func TestNBISReference(t *testing.T) {
	refDir := filepath.Join(corpusDir, "reference", "nbis-an2k2txt")
	compared := 0
	for _, name := range corpusFiles(t) {
		dump, err := os.ReadFile(filepath.Join(refDir, name+".txt"))
		if os.IsNotExist(err) {
			continue // NBIS cannot read it (DCS, Type-18 and later): no dump
		}
		if err != nil {
			t.Fatal(err)
		}
		want, err := parseNBISDump(dump)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			t.Fatal(err)
		}
		tr, _ := DecodeBytes(b, &DecodeOptions{Lenient: true})
		if tr == nil {
			t.Errorf("%s: NBIS reads it but Biogate cannot", name)
			continue
		}
		got := treeItems(tr)
		if diff := compareWithNBIS(tr, got, want); diff != "" {
			t.Errorf("%s: %s", name, diff)
			continue
		}
		compared++
	}
	if compared == 0 {
		t.Fatal("no NBIS dump compared")
	}
	t.Logf("%d transactions agree item for item with NBIS an2k2txt", compared)
}

// treeItems flattens a transaction the way an2k2txt does. Binary fields
// become one item with the placeholder value "<binary>".
func treeItems(tr *Transaction) map[[4]int]nbisItem {
	out := map[[4]int]nbisItem{}
	for ri, r := range tr.Records {
		for fi, f := range r.Fields {
			tag := fmt.Sprintf("%d.%03d", r.Type, f.Number)
			if f.Binary {
				out[[4]int{ri + 1, fi + 1, 1, 1}] = nbisItem{ri + 1, fi + 1, 1, 1, tag, "<binary>"}
				continue
			}
			for si, s := range f.Subfields() {
				for ii, it := range s {
					out[[4]int{ri + 1, fi + 1, si + 1, ii + 1}] = nbisItem{ri + 1, fi + 1, si + 1, ii + 1, tag, it}
				}
			}
		}
	}
	return out
}

func compareWithNBIS(tr *Transaction, got map[[4]int]nbisItem, want []nbisItem) string {
	seen := map[[4]int]bool{}
	for _, w := range want {
		k := [4]int{w.rec, w.field, w.sub, w.item}
		if strings.HasPrefix(w.tag, "7.") && w.field > 2 {
			// NBIS reads Type-7 with the Type-4 layout; Biogate keeps the
			// bytes after the IDC as given (7.003). Check each NBIS value
			// against those bytes instead.
			if err := checkType7AsType4(tr.Records[w.rec-1], w); err != "" {
				return err
			}
			seen[[4]int{w.rec, 3, 1, 1}] = true
			continue
		}
		g, ok := got[k]
		if !ok {
			return fmt.Sprintf("NBIS item %d.%d.%d.%d [%s]=%q missing from Biogate's tree", w.rec, w.field, w.sub, w.item, w.tag, w.value)
		}
		seen[k] = true
		if g.tag != w.tag {
			return fmt.Sprintf("item %d.%d.%d.%d: tag %s, NBIS says %s", w.rec, w.field, w.sub, w.item, g.tag, w.tag)
		}
		if g.value == "<binary>" {
			if !strings.HasPrefix(w.value, "fld_") {
				return fmt.Sprintf("item %d.%d.%d.%d [%s]: binary in Biogate, NBIS value %q", w.rec, w.field, w.sub, w.item, w.tag, w.value)
			}
			continue
		}
		if g.value != w.value {
			return fmt.Sprintf("item %d.%d.%d.%d [%s]: %q, NBIS says %q", w.rec, w.field, w.sub, w.item, g.tag, g.value, w.value)
		}
	}
	for k, g := range got {
		if !seen[k] {
			return fmt.Sprintf("Biogate item %d.%d.%d.%d [%s]=%q is not in NBIS's dump", k[0], k[1], k[2], k[3], g.tag, g.value)
		}
	}
	return ""
}

// type7AsType4 gives, for each field NBIS reads from a Type-7 record with
// the Type-4 header layout, the offset and width of its values within the
// bytes after the IDC (Biogate's 7.003): IMP, 6 FGP, ISR, HLL, VLL, GCA.
var type7AsType4 = map[string]struct{ off, size int }{
	"7.003": {0, 1}, "7.004": {1, 1}, "7.005": {7, 1}, "7.006": {8, 2}, "7.007": {10, 2}, "7.008": {12, 1},
}

// checkType7AsType4 checks one NBIS Type-7 value against Biogate's 7.003 bytes.
func checkType7AsType4(r *Record, w nbisItem) string {
	f := r.Field(3)
	if f == nil || !f.Binary {
		return fmt.Sprintf("record %d: no binary 7.003 user-defined data", w.rec)
	}
	if w.tag == "7.009" {
		return "" // NBIS wrote the rest to a file; the bytes before it are checked above
	}
	l, ok := type7AsType4[w.tag]
	if !ok {
		return fmt.Sprintf("record %d: unexpected NBIS Type-7 field %s", w.rec, w.tag)
	}
	off := l.off + (w.item-1)*l.size
	if off+l.size > len(f.Value) {
		return fmt.Sprintf("record %d: 7.003 is too short for NBIS's %s", w.rec, w.tag)
	}
	if got := strconv.FormatUint(readUint(f.Value[off:off+l.size]), 10); got != w.value {
		return fmt.Sprintf("record %d: bytes %d-%d of 7.003 read %s, NBIS's %s item %d says %s", w.rec, off, off+l.size-1, got, w.tag, w.item, w.value)
	}
	return ""
}
