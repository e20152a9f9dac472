package nist

import (
	"reflect"
	"strings"
	"testing"
)

// TestType9Views writes both minutiae blocks, encodes and decodes the
// transaction, and reads the same blocks back.
func TestType9Views(t *testing.T) {
	leg := &LegacyMinutiae{System: "NIST_LFS_VER2", Method: "A", Positions: []int{7}, Pattern: [][]string{{"T", "UN"}},
		Cores: []LegacyPoint{{1234, 2345}}, Deltas: []LegacyPoint{{10000, 5}}, RidgeCounts: true, Count: 2,
		Minutiae: []LegacyMinutia{
			{Index: 1, X: 508, Y: 2522, Theta: 292, Quality: 1, Type: "A", Neighbours: []NeighbourCount{{2, 5}}},
			{Index: 2, X: 12000, Y: 7, Theta: 0, Quality: 63, Type: "B", Wide: true},
		}}
	m1 := &M1Minutiae{FormatOwner: 27, FormatType: 513, Product: "unspecified", Compliance: "APPF", EquipmentID: "0",
		Width: 800, Height: 768, ScaleUnits: 2, HPS: 197, VPS: 197, View: 0, Position: 8, Count: 2,
		Quality:        []M1Quality{{Score: 90, Vendor: 0x000F, Algorithm: 1}},
		Minutiae:       []M1Minutia{{1, 100, 14, 56, 1, 90}, {2, 0, 767, 179, 2, 0}},
		HasRidgeCounts: true, RidgeMethod: 2, RidgeCounts: []M1RidgeCount{{1, 2, 5}},
		Cores:  []M1Core{{X: 402, Y: 259, HasAngle: true, Theta: 0}},
		Deltas: []M1Delta{{X: 500, Y: 401, Angles: []int{1, 2, 3}}, {X: 5, Y: 6, Angles: []int{7}}},
	}
	r := NewRecord(9)
	r.Set(3, "0")
	leg.Put(r)
	m1.Put(r)
	tr := NewTransaction(V0502)
	tr.AddRecord(r)
	b, err := Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	tr2, err := DecodeBytes(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	r2 := tr2.Records[1]
	if !HasLegacyMinutiae(r2) || !HasM1Minutiae(r2) {
		t.Fatal("blocks not found")
	}
	if r2.Text(4) != "S" {
		t.Errorf("9.004 FMT = %q, want S", r2.Text(4))
	}
	gl, err := ParseLegacyMinutiae(r2)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gl, leg) {
		t.Errorf("legacy block:\n got %+v\nwant %+v", gl, leg)
	}
	gm, err := ParseM1Minutiae(r2)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gm, m1) {
		t.Errorf("M1 block:\n got %+v\nwant %+v", gm, m1)
	}
	if s, _ := r2.Field(12).Item(0, 1); s != "05082522292" {
		t.Errorf("9.012 item 2 = %q, want 05082522292 (STANDARDS.md §4.2)", s)
	}
	if s, _ := r2.Field(12).Item(1, 1); s != "1200000007000" {
		t.Errorf("wide 9.012 item 2 = %q", s)
	}
}

// TestType9Malformed reports items that are not numbers, with their place.
func TestType9Malformed(t *testing.T) {
	r := NewRecord(9)
	r.Set(12, "001\x1f0508X522292\x1f1\x1fA\x1e002\x1f05082522292\x1f1\x1fB\x1f3;4")
	r.Set(137, "1\x1f2")
	m, err := ParseLegacyMinutiae(r)
	if err == nil || !strings.Contains(err.Error(), "9.012") {
		t.Errorf("error %v, want one naming 9.012", err)
	}
	if len(m.Minutiae) != 2 {
		t.Errorf("%d minutiae read, want 2 (the bad item read as 0)", len(m.Minutiae))
	}
	if _, err := ParseM1Minutiae(r); err == nil {
		t.Error("a 9.137 subfield of two items accepted")
	}
}
