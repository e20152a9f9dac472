package exchange

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/store"
)

// disclose returns stored transaction bytes b as reader may see them, in
// the same form (format, XML dialect), under the reader's current
// disclosure policy. Deny by default: a policy covers records (by type)
// and fields (by number), so what has neither is never disclosed to a
// reader with a policy, even one that removes nothing:
//
//   - bytes in no record (after the last record of a traditional file)
//     are removed by policy.Redact;
//   - an XML or JSON document as received may hold what maps to no field
//     number (an element such as nc:PersonSurName where the mapping has no
//     field, comments, foreign namespaces): the transaction model never
//     holds it, so such a document is never served as received but
//     re-encoded from the model, after redaction.
//
// b is served unchanged only without a policy, or when nothing was removed
// and b says nothing beyond the model: a traditional file (whose decoding
// keeps every byte in the model) or bytes Biogate encoded from the model
// (derived: a delivery body that is not the original).
func (s *Service) disclose(ctx context.Context, reader string, b []byte, derived bool) (*Output, error) {
	format := sniff.Format(b)
	if s.cfg.Policy(reader) == nil {
		return &Output{Body: b, Format: format, ContentType: ContentType(format)}, nil
	}
	l, err := loadTransaction(ctx, b)
	if err != nil {
		return nil, err
	}
	view, removed, err := s.view(reader, l.t)
	if err != nil {
		return nil, err
	}
	out := &Output{Format: l.format, ContentType: ContentType(l.format), Removed: removalStrings(removed)}
	if len(removed) == 0 && (l.format == sniff.AN2 || derived) {
		out.Body = b
		return out, nil
	}
	if out.Body, out.Notes, err = encodeTransaction(view, l.format, string(l.dialect)); err != nil {
		return nil, err
	}
	if l.format != sniff.AN2 && !derived {
		out.Removed = append(out.Removed, "the "+l.format+" document as received (re-encoded from the records and fields the policy allows; content that maps to no field number is not disclosed)")
	}
	return out, nil
}

// seesWhole reports whether c reads t's original without redaction: its
// sender, or a reader without a disclosure policy.
func (s *Service) seesWhole(c Caller, t *store.Transaction) bool {
	return t.Sender == c.Partner || s.cfg.Policy(c.Partner) == nil
}

// figures sets t's Size and SHA256 to those of what c reads: the
// original's when c sees it whole, otherwise those of c's redacted view
// (Meta, when the view is computed) or none (listings: computing every
// view of a page would decode every transaction in it).
func (s *Service) figures(ctx context.Context, c Caller, t *store.Transaction, computeView bool) error {
	if s.seesWhole(c, t) {
		return nil
	}
	t.Size, t.SHA256 = 0, ""
	if !computeView {
		return nil
	}
	b, err := s.store.Original(ctx, t.ID)
	if err != nil {
		return storeError(err, "transaction "+t.ID)
	}
	out, err := s.disclose(ctx, c.Partner, b, false)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(out.Body)
	t.Size, t.SHA256 = len(out.Body), hex.EncodeToString(sum[:])
	return nil
}
