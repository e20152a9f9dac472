package exchange

import (
	"fmt"

	"github.com/biogate/biogate/nist"
	"github.com/biogate/biogate/policy"
)

// withINTICountries prepares a transaction for delivery in INT-I XML.
// INT-I's XML encoding requires the ISO 3166-1 alpha-3 country of the
// destination and originating agencies beside their names (INTERPOL MRT
// 01.017-C DAC and 01.017-D OAC, marked XML-only), which a traditional
// INT-I transaction does not carry: its 1.017 ANM holds the two names
// only. The countries come from the partner configuration of the agencies
// named in 1.007 DAI and 1.008 ORI. The transaction is copied, never
// changed in place; a signed one is left as it is (adding items would
// break its signature). The note says what was done or why not.
func (s *Service) withINTICountries(t *nist.Transaction) (*nist.Transaction, string) {
	if len(t.Records) == 0 {
		return t, ""
	}
	f := t.Records[0].Field(17)
	if f == nil || f.SubfieldCount() != 1 {
		return t, ""
	}
	items := f.Subfields()[0]
	if len(items) != 2 {
		return t, ""
	}
	h := t.Header()
	dst, ok1 := s.cfg.Owner(h.DestinationAgency())
	org, ok2 := s.cfg.Owner(h.OriginatingAgency())
	switch {
	case !ok1 || !ok2 || dst.Country == "" || org.Country == "":
		return t, fmt.Sprintf("1.017 ANM: the INT-I country codes of %q and %q are not in the partner configuration (\"country\")", h.DestinationAgency(), h.OriginatingAgency())
	case signed(t):
		return t, "1.017 ANM: the transaction is signed, so the INT-I country codes were not added"
	}
	c := policy.Copy(t)
	c.Records[0].SetSubfields(17, []string{items[0], items[1], dst.Country, org.Country})
	return c, fmt.Sprintf("1.017 ANM: INT-I country codes %s (destination) and %s (originating) added from the partner configuration", dst.Country, org.Country)
}
