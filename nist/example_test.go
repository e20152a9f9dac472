package nist_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/biogate/biogate/nist"
)

// Build a transaction with the builder API, encode it, and read it back.
func Example() {
	t := nist.NewTransaction(nist.V0502)
	h := t.Header()
	h.SetTypeOfTransaction("CAR")
	h.SetDestinationAgency("XX0000001")
	h.SetOriginatingAgency("YY0000002")
	h.SetControlNumber("TCN-1")

	t2 := nist.NewRecord(2)
	t2.Set(18, "DOE,JOHN")
	t.AddRecord(t2) // gets IDC 00; 1.003 CNT now lists it

	var buf bytes.Buffer
	if err := nist.Encode(&buf, t); err != nil { // LEN computed here
		log.Fatal(err)
	}
	back, err := nist.Decode(&buf, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range back.Records {
		fmt.Printf("Type-%d LEN %s\n", r.Type, r.Text(1))
	}
	fmt.Printf("%q\n", back.Records[0].Text(3))
	// Output:
	// Type-1 LEN 89
	// Type-2 LEN 33
	// "1\x1f1\x1e2\x1f00"
}

// Read a broken transaction leniently: the problems come back with the
// transaction, each saying where it is.
func ExampleDecodeBytes_lenient() {
	in := []byte("1.001:35\x1d1.002:0502\x1d1.003:1\x1f1\x1e2\x1f00\x1c2.001:99\x1d2.002:00\x1c")
	t, err := nist.DecodeBytes(in, &nist.DecodeOptions{Lenient: true})
	fmt.Println(len(t.Records), "records")
	for _, p := range err.(nist.Problems) {
		fmt.Println(p)
	}
	// Output:
	// 2 records
	// nist: record 2 (Type-2), field 2.001, byte 35: LEN is 99 but the record is 18 bytes long (up to and including its FS at byte 52; LEN is 81 bytes too long)
}
