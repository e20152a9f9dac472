package nist

import (
	"bytes"
	"strconv"
	"testing"
)

// TestRecordLength checks the LEN fixed point across the digit boundaries:
// LEN = other bytes + digits(LEN), and no shorter LEN satisfies it.
func TestRecordLength(t *testing.T) {
	for base := 0; base < 200000; base++ {
		n := recordLength(base)
		if n != base+len(strconv.Itoa(n)) {
			t.Fatalf("recordLength(%d) = %d, not a fixed point", base, n)
		}
		for m := base + 1; m < n; m++ {
			if m == base+len(strconv.Itoa(m)) {
				t.Fatalf("recordLength(%d) = %d but %d also fits", base, n, m)
			}
		}
	}
	for _, c := range []struct{ base, want int }{{7, 8}, {8, 9}, {9, 11}, {97, 99}, {98, 101}, {996, 999}, {997, 1001}, {998, 1002}} {
		if got := recordLength(c.base); got != c.want {
			t.Errorf("recordLength(%d) = %d, want %d", c.base, got, c.want)
		}
	}
}

// TestLENAcrossDigitBoundary grows a Type-2 record byte by byte through 99
// and 999 bytes and checks every encoding decodes strictly with the LEN
// it states.
func TestLENAcrossDigitBoundary(t *testing.T) {
	for n := 0; n < 1100; n++ {
		tr := NewTransaction(V0502)
		r := NewRecord(2)
		r.Set(3, string(bytes.Repeat([]byte{'x'}, n)))
		tr.AddRecord(r)
		b, err := Marshal(tr)
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeBytes(b, nil)
		if err != nil {
			t.Fatalf("value of %d bytes: %v", n, err)
		}
		want := len("2.001:") + len(back.Records[1].Text(1)) + len("\x1d2.002:00\x1d2.003:") + n + 1
		if got, _ := back.Records[1].Field(1).Int(); got != want {
			t.Fatalf("value of %d bytes: LEN %d, record %d bytes", n, got, want)
		}
	}
}

// TestBuilderKeepsCNT edits a transaction with the builder and checks that
// 1.003 and the IDCs stay consistent, and that strict decoding accepts
// every result.
func TestBuilderKeepsCNT(t *testing.T) {
	tr := buildSample()
	check := func(step string, want []ContentEntry) {
		t.Helper()
		b, err := Marshal(tr)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		back, err := DecodeBytes(b, nil)
		if err != nil {
			t.Fatalf("%s: strict decode: %v", step, err)
		}
		got, ok := back.Header().Content()
		if !ok || len(got) != len(want) {
			t.Fatalf("%s: CNT %v, want %v", step, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s: CNT %v, want %v", step, got, want)
			}
		}
	}
	check("built", []ContentEntry{{2, 0}, {4, 1}, {14, 2}})

	t10 := NewRecord(10)
	t10.Set(3, "FACE")
	t10.SetBinary(999, []byte{0xFF, 0xD8, 0xFF, 0xD9})
	tr.AddRecord(t10)
	check("Type-10 added", []ContentEntry{{2, 0}, {4, 1}, {14, 2}, {10, 3}})

	if !tr.RemoveRecord(2) {
		t.Fatal("RemoveRecord(2) = false")
	}
	check("Type-4 removed", []ContentEntry{{2, 0}, {14, 2}, {10, 3}})

	tr.SetIDC(3, 17)
	check("IDC changed", []ContentEntry{{2, 0}, {14, 2}, {10, 17}})

	t4 := NewRecord(4)
	t4.Set(6, "1")
	t4.Set(7, "1")
	t4.SetBinary(9, []byte{0x80})
	tr.AddRecord(t4)
	check("Type-4 added back with the lowest free IDC", []ContentEntry{{2, 0}, {14, 2}, {10, 17}, {4, 1}})

	if tr.RemoveRecord(0) || tr.RemoveRecord(99) {
		t.Error("RemoveRecord removed the Type-1 or a record that does not exist")
	}

	// Editing a field changes LEN on encode and nothing else.
	tr.Records[1].Set(18, "DOE,JANE")
	check("Type-2 edited", []ContentEntry{{2, 0}, {14, 2}, {10, 17}, {4, 1}})
}

// TestSyncCNTKeepsText checks that a CNT that already agrees keeps its
// exact text (IDC "1" rather than "01"), so decoded files stay as they are.
func TestSyncCNTKeepsText(t *testing.T) {
	tr := buildSample()
	tr.Records[0].Field(3).Value = []byte("1\x1f3\x1e2\x1f0\x1e4\x1f1\x1e14\x1f2")
	tr.SyncCNT()
	if got := tr.Records[0].Text(3); got != "1\x1f3\x1e2\x1f0\x1e4\x1f1\x1e14\x1f2" {
		t.Fatalf("CNT rewritten to %q", got)
	}
	tr.Records = tr.Records[:3]
	tr.SyncCNT()
	if got := tr.Records[0].Text(3); got != "1\x1f2\x1e2\x1f0\x1e4\x1f1" {
		t.Fatalf("CNT %q after dropping a record by hand", got)
	}
}

func TestRecordFieldEditing(t *testing.T) {
	r := NewRecord(14)
	r.SetBinary(999, []byte{1, 2, 3})
	r.Set(13, "7")
	r.Set(3, "1")
	var order []int
	for _, f := range r.Fields {
		order = append(order, f.Number)
	}
	if want := []int{1, 2, 3, 13, 999}; len(order) != len(want) || order[2] != 3 || order[3] != 13 || order[4] != 999 {
		t.Fatalf("field order %v, want %v", order, want)
	}
	r.SetSubfields(13, []string{"7"}, []string{"8"})
	if got := r.Field(13).Subfields(); len(got) != 2 || got[1][0] != "8" {
		t.Fatalf("subfields %v", got)
	}
	if it, ok := r.Field(13).Item(1, 0); !ok || it != "8" {
		t.Fatalf("Item(1,0) = %q, %v", it, ok)
	}
	if _, ok := r.Field(13).Item(2, 0); ok {
		t.Fatal("Item(2,0) exists")
	}
	if !r.Remove(13) || r.Remove(13) || r.Field(13) != nil {
		t.Fatal("Remove did not remove exactly once")
	}
}

// TestEncodeErrors checks that the encoder refuses models it cannot write
// so that they read back.
func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(tr *Transaction)
		where string
		msg   string
	}{
		{"no records", func(tr *Transaction) { tr.Records = nil }, "", "needs a Type-1 record"},
		{"Type-1 not first", func(tr *Transaction) { tr.Records[0], tr.Records[1] = tr.Records[1], tr.Records[0] }, "record 1 (Type-2)", "must be Type-1"},
		{"separator in a value", func(tr *Transaction) { tr.Records[1].Set(18, "A\x1dB") }, "record 2 (Type-2), field 2.018", "GS (0x1D)"},
		{"image field not last", func(tr *Transaction) {
			tr.Records[3].Fields = append(tr.Records[3].Fields, &Field{Number: 1000, Value: []byte("x")})
		}, "field 14.999", "must be the last field"},
		{"binary value out of range", func(tr *Transaction) { tr.Records[2].Set(6, "70000") }, "record 3 (Type-4), field 4.006", "fits 2 byte(s)"},
		{"binary FGP short", func(tr *Transaction) { tr.Records[2].Set(4, "2") }, "field 4.004", "needs 6 values, has 1"},
		{"binary field unknown", func(tr *Transaction) { tr.Records[2].Set(10, "1") }, "field 4.010", "has no field"},
		{"binary element skipped", func(tr *Transaction) { tr.Records[2].Remove(5) }, "field 4.005", "missing but later fields are present"},
		{"binary IDC unset", func(tr *Transaction) { tr.Records[2].Set(2, "") }, "field 4.002", `IDC value "" is not a number`},
		{"bad tag spelling", func(tr *Transaction) { tr.Records[1].Field(18).Tag = "2.19" }, "field 2.018", `tag "2.19" does not spell`},
		{"record type out of range", func(tr *Transaction) { tr.Records[1].Type = 100 }, "record 2 (Type-100)", "outside 1-99"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := buildSample()
			tt.edit(tr)
			_, err := Marshal(tr)
			if err == nil {
				t.Fatal("encoded")
			}
			if s := err.Error(); !bytes.Contains([]byte(s), []byte(tt.where)) || !bytes.Contains([]byte(s), []byte(tt.msg)) {
				t.Fatalf("error %q, want %q and %q", s, tt.where, tt.msg)
			}
		})
	}
}

// TestReread gives a transaction built or read from another form the LEN
// values of its traditional encoding.
func TestReread(t *testing.T) {
	tr := buildSample()
	for _, r := range tr.Records {
		if !IsBinaryType(r.Type) {
			r.Set(1, "0") // a placeholder, as XML and the JSON form may leave
		}
	}
	back, err := Reread(tr)
	if err != nil {
		t.Fatal(err)
	}
	want := readSample(t)
	got, _ := Marshal(back)
	if !bytes.Equal(got, want) || back.Records[1].Text(1) != "101" || back.Records[1].Offset != -1 {
		t.Fatalf("Reread: LEN %q, offset %d", back.Records[1].Text(1), back.Records[1].Offset)
	}
}
