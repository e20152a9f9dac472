package nist

// BinaryElement is one element of a binary record's fixed layout, presented
// in the model as field Number.
type BinaryElement struct {
	Number   int
	Mnemonic string
	Size     int // bytes per value, big-endian; 0 for the data that fills the rest of the record
	Count    int // values in the element (6 for FGP), written as US-separated items
}

// Binary record layouts. Types 3-6 share the 18-byte header of ANSI/NIST-ITL
// 1-2011 §8.4 (Table 14, Type-4); Type-7 defines only LEN and IDC, the rest
// being user-defined (§8.7) and kept as one opaque element; Type-8 has the
// 12-byte header of §8.8 (Table 15).
var (
	layoutFingerprint = []BinaryElement{
		{1, "LEN", 4, 1}, {2, "IDC", 1, 1}, {3, "IMP", 1, 1}, {4, "FGP", 1, 6},
		{5, "ISR", 1, 1}, {6, "HLL", 2, 1}, {7, "VLL", 2, 1}, {8, "GCA", 1, 1},
		{9, "DATA", 0, 0},
	}
	layoutBinaryFingerprint = []BinaryElement{
		{1, "LEN", 4, 1}, {2, "IDC", 1, 1}, {3, "IMP", 1, 1}, {4, "FGP", 1, 6},
		{5, "ISR", 1, 1}, {6, "HLL", 2, 1}, {7, "VLL", 2, 1}, {8, "BCA", 1, 1},
		{9, "DATA", 0, 0},
	}
	layoutUserDefined = []BinaryElement{
		{1, "LEN", 4, 1}, {2, "IDC", 1, 1}, {3, "", 0, 0},
	}
	layoutSignature = []BinaryElement{
		{1, "LEN", 4, 1}, {2, "IDC", 1, 1}, {3, "SIG", 1, 1}, {4, "SRT", 1, 1},
		{5, "ISR", 1, 1}, {6, "HLL", 2, 1}, {7, "VLL", 2, 1}, {8, "DATA", 0, 0},
	}
)

// BinaryLayout returns the layout of binary record type t, or nil when t is
// not a binary type. The slice must not be modified.
func BinaryLayout(t int) []BinaryElement {
	switch t {
	case 3, 4:
		return layoutFingerprint
	case 5, 6:
		return layoutBinaryFingerprint
	case 7:
		return layoutUserDefined
	case 8:
		return layoutSignature
	}
	return nil
}

// binaryHeaderSize is the number of bytes before the data element.
func binaryHeaderSize(layout []BinaryElement) int {
	n := 0
	for _, e := range layout {
		n += e.Size * e.Count
	}
	return n
}

func readUint(b []byte) uint64 {
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v
}
