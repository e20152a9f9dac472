package nist

//go:generate go run gen_fields.go

// FieldDef describes one field (or a range of user-defined fields) of the catalogue.
//
// The catalogue covers the record types of ANSI/NIST-ITL 1-2011 (STANDARDS.md §1.7), the types
// and fields added by Update 2013 and Update 2015, and the binary types 3, 5 and 6 withdrawn in 2011.
// The binary records 3-8 carry no field numbers in the standard; their header items are
// numbered in byte order as described in STANDARDS.md §2 (a convention of this package).
// The data lives in fields.tsv, which also records the source of each entry.
type FieldDef struct {
	RecordType int
	Number     int     // first field number of the entry
	Last       int     // last field number for a range entry, == Number otherwise
	Mnemonic   string  // e.g. "FGP"; "" where the standard gives none
	Name       string  // short lower-case name, e.g. "friction ridge generalized position"
	Since      Version // first version defining the field (the earliest a source confirms, see fields.tsv)
	Until      Version // last version defining it; 0 while still defined
	Source     string  // where the entry comes from, see fields.tsv
}

// RecordTypeDef describes a record type.
type RecordTypeDef struct {
	Type         int
	Name         string // e.g. "variable-resolution fingerprint image"
	Binary       bool   // binary record in the traditional encoding (types 3-8)
	Since, Until Version
}

// catalogueLatest is the version that v == 0 stands for in lookups.
const catalogueLatest = V0502

// LookupField returns the definition of field number in recordType as of version v
// (v == 0 means the latest version). For versions older than any entry, fall back
// to the oldest entry that has the field, so a VER 0300 file still gets names.
//
// The fallback applies to fields of the 2011 baseline only (Since <= V0500), whose Since is
// the earliest version a source confirms rather than a proven first version; fields added by
// the 2013 and 2015 updates are never reported for older versions. Fields of a record type
// withdrawn from the standard (types 3, 5 and 6) resolve to its last layout at later versions.
func LookupField(recordType, number int, v Version) (FieldDef, bool) {
	group := fieldGroup(recordType, number)
	if len(group) == 0 {
		return FieldDef{}, false
	}
	return pickVersion(group, v)
}

// Fields returns the catalogue entries of a record type valid at version v (0 = latest), in field order.
// It applies the same rules as LookupField: an entry is returned exactly when LookupField
// returns it for the entry's field numbers.
func Fields(recordType int, v Version) []FieldDef {
	lo, hi := typeBounds(recordType)
	var defs []FieldDef
	for i := lo; i < hi; {
		j := i + 1
		for j < hi && fieldDefs[j].Number == fieldDefs[i].Number {
			j++
		}
		if d, ok := pickVersion(fieldDefs[i:j], v); ok {
			defs = append(defs, d)
		}
		i = j
	}
	return defs
}

// LookupRecordType returns the definition of record type t.
func LookupRecordType(t int) (RecordTypeDef, bool) {
	lo, hi := 0, len(recordTypeDefs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if recordTypeDefs[m].Type < t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(recordTypeDefs) && recordTypeDefs[lo].Type == t {
		return recordTypeDefs[lo], true
	}
	return RecordTypeDef{}, false
}

// fieldGroup returns the entries covering field number of recordType: all version variants of
// one field number or range. fields.tsv guarantees that entries of a record type either
// share their field numbers exactly or do not overlap.
func fieldGroup(recordType, number int) []FieldDef {
	// hi is the first entry after (recordType, number).
	lo, hi := 0, len(fieldDefs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if d := &fieldDefs[m]; d.RecordType < recordType || d.RecordType == recordType && d.Number <= number {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if hi == 0 {
		return nil
	}
	last := &fieldDefs[hi-1]
	if last.RecordType != recordType || last.Last < number {
		return nil
	}
	lo = hi - 1
	for lo > 0 && fieldDefs[lo-1].RecordType == recordType && fieldDefs[lo-1].Number == last.Number {
		lo--
	}
	return fieldDefs[lo:hi]
}

// typeBounds returns the index range of recordType's entries in fieldDefs.
func typeBounds(recordType int) (lo, hi int) {
	search := func(t int) int {
		lo, hi := 0, len(fieldDefs)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if fieldDefs[m].RecordType < t {
				lo = m + 1
			} else {
				hi = m
			}
		}
		return lo
	}
	return search(recordType), search(recordType + 1)
}

// pickVersion chooses among the version variants of one field, sorted by Since.
func pickVersion(group []FieldDef, v Version) (FieldDef, bool) {
	if v == 0 {
		v = catalogueLatest
	}
	for _, d := range group {
		if d.Since <= v && (d.Until == 0 || v <= d.Until) {
			return d, true
		}
	}
	if oldest := group[0]; v < oldest.Since && oldest.Since <= V0500 {
		return oldest, true
	}
	if rt, ok := LookupRecordType(group[0].RecordType); ok && rt.Until != 0 && v > rt.Until {
		return pickVersion(group, rt.Until)
	}
	return FieldDef{}, false
}
