package policy

import (
	"fmt"

	"github.com/biogate/biogate/nist"
)

// DeniedError reports a transaction the partner may not submit or read.
type DeniedError struct {
	Partner string
	Action  string // "submit" or "read"
	Record  int    // the record refused, from 1; 0 for the transaction as a whole
	Reason  string
}

func (e *DeniedError) Error() string {
	return fmt.Sprintf("policy: partner %s may not %s this transaction: %s", e.Partner, e.Action, e.Reason)
}

// AllowSubmit checks that the partner may submit t: its 1.004 TOT and
// every record type in it.
func (p *Policy) AllowSubmit(t *nist.Transaction) error {
	if err := p.allowTOT(t, "submit", p.Submit); err != nil {
		return err
	}
	for i, r := range t.Records {
		if !p.Submit.allowsRecord(r.Type) {
			return &DeniedError{p.Partner, "submit", i + 1,
				fmt.Sprintf("record %d is a Type-%d record, not one of the types it may submit %v", i+1, r.Type, p.Submit.RecordTypes)}
		}
	}
	return nil
}

// AllowRead checks that the partner may read t at all: its 1.004 TOT.
// What it may see of t is Redact's business.
func (p *Policy) AllowRead(t *nist.Transaction) error {
	return p.allowTOT(t, "read", p.Read.Access)
}

// AllowReadType is AllowRead for a transaction known only by its 1.004
// TOT (from stored metadata, say).
func (p *Policy) AllowReadType(tot string) error {
	if !p.Read.allowsTOT(tot) {
		return &DeniedError{p.Partner, "read", 0,
			fmt.Sprintf("1.004 TOT %q is not one of %v", tot, p.Read.TransactionTypes)}
	}
	return nil
}

func (p *Policy) allowTOT(t *nist.Transaction, action string, a Access) error {
	if tot := t.Header().TypeOfTransaction(); !a.allowsTOT(tot) {
		return &DeniedError{p.Partner, action, 0,
			fmt.Sprintf("1.004 TOT %q is not one of %v", tot, a.TransactionTypes)}
	}
	return nil
}

// Removal is one thing Redact removed.
type Removal struct {
	Record int // index in the transaction given to Redact, from 1; 0 for bytes outside every record
	Type   int // record type
	IDC    int // the record's IDC, -1 when it has none
	Field  int // the Type-2 field number; 0 when the whole record was removed

	// Unplaced is the number of bytes withheld that belong to no record
	// (nist.Transaction.Trailing), when Record is 0.
	Unplaced int
}

func (r Removal) String() string {
	if r.Record == 0 {
		return fmt.Sprintf("%d bytes after the last record (in no record, so under no field number) removed", r.Unplaced)
	}
	if r.Field == 0 {
		return fmt.Sprintf("record %d (Type-%d, IDC %d) removed", r.Record, r.Type, r.IDC)
	}
	return fmt.Sprintf("record %d (Type-%d, IDC %d): field %s removed", r.Record, r.Type, r.IDC, nist.FieldTag(r.Type, r.Field))
}

// ALF returns the removal as the items of a 98.900 ALF subfield (EVT,
// EVR, IID, AGT; ANSI/NIST-ITL 1-2011 Update 2013 §8.98, STANDARDS.md
// §5.1): event "deleted", the reason, the information identifier (a removed
// field is "IDC,-2.018,NA,NA"; a whole record, which IID has no syntax for,
// "IDC,NA,NA,NA") and the agent.
func (r Removal) ALF(partner, agent string) []string {
	if r.Record == 0 {
		return []string{"deleted", fmt.Sprintf("bytes in no record withheld by the disclosure policy of %s", partner), "NA,NA,NA,NA", agent}
	}
	iid := fmt.Sprintf("%d,NA,NA,NA", r.IDC)
	reason := fmt.Sprintf("Type-%d record withheld by the disclosure policy of %s", r.Type, partner)
	if r.Field != 0 {
		iid = fmt.Sprintf("%d,-%s,NA,NA", r.IDC, nist.FieldTag(r.Type, r.Field))
		reason = fmt.Sprintf("field withheld by the disclosure policy of %s", partner)
	}
	return []string{"deleted", reason, iid, agent}
}

// Redact returns the partner's view of t: a copy without the records whose
// type it may not read and without the Type-2 fields it may not see, with
// 1.003 CNT listing the records left, and what was removed. What has no
// record type or field number to be allowed by is denied: bytes the
// decoder could place in no record (t.Trailing) are removed too. t itself
// is not modified; the copy shares image data (binary fields) with it,
// which neither may modify in place.
func (p *Policy) Redact(t *nist.Transaction) (*nist.Transaction, []Removal) {
	c := Copy(t)
	var removed []Removal
	// Records first, from the end so that indices stay valid.
	for i := len(c.Records) - 1; i > 0; i-- {
		r := c.Records[i]
		if p.Read.allowsRecord(r.Type) {
			continue
		}
		removed = append(removed, Removal{Record: i + 1, Type: r.Type, IDC: idc(r)})
		c.RemoveRecord(i)
	}
	// Restore file order in the list.
	for i, j := 0, len(removed)-1; i < j; i, j = i+1, j-1 {
		removed[i], removed[j] = removed[j], removed[i]
	}
	for i, r := range t.Records {
		if r.Type != 2 || !p.Read.allowsRecord(2) {
			continue
		}
		for _, f := range r.Fields {
			if !p.Read.allowsType2(f.Number) {
				removed = append(removed, Removal{Record: i + 1, Type: 2, IDC: idc(r), Field: f.Number})
			}
		}
	}
	for _, rc := range c.Records {
		if rc.Type != 2 {
			continue
		}
		kept := rc.Fields[:0]
		for _, f := range rc.Fields {
			if p.Read.allowsType2(f.Number) {
				kept = append(kept, f)
			}
		}
		rc.Fields = kept
	}
	if len(c.Trailing) > 0 {
		removed = append(removed, Removal{Record: 0, IDC: -1, Unplaced: len(c.Trailing)})
		c.Trailing = nil
	}
	return c, removed
}

func idc(r *nist.Record) int {
	if n, ok := r.IDC(); ok {
		return n
	}
	return -1
}

// Copy returns a copy of t that can be changed without changing t: new
// records and fields, text values copied; binary values (image data) are
// shared.
func Copy(t *nist.Transaction) *nist.Transaction {
	c := &nist.Transaction{Records: make([]*nist.Record, len(t.Records))}
	if t.Trailing != nil {
		c.Trailing = append([]byte(nil), t.Trailing...)
	}
	for i, r := range t.Records {
		rc := &nist.Record{Type: r.Type, Offset: r.Offset, Fields: make([]*nist.Field, len(r.Fields))}
		for j, f := range r.Fields {
			fc := *f
			if !f.Binary {
				fc.Value = append([]byte(nil), f.Value...)
			}
			rc.Fields[j] = &fc
		}
		c.Records[i] = rc
	}
	return c
}
