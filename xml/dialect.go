package xml

// Dialect names a generation of the XML encoding.
type Dialect string

// The dialects Marshal writes and Unmarshal recognises (STANDARDS.md §6.1).
const (
	Dialect2008 Dialect = "2008" // ANSI/NIST-ITL 2-2008, NIEM 2.0 ansi-nist domain
	Dialect2011 Dialect = "2011" // ANSI/NIST-ITL 1-2011, NIEM 2.1 biometrics domain
	DialectINTI Dialect = "inti" // 2011 as profiled by INTERPOL INT-I v6 (int-i extension)
	Dialect2015 Dialect = "2015" // NIEM 4 element names of the 2015 update (partly unverified)
)

// Namespace URIs.
const (
	nsITL2008  = "http://biometrics.nist.gov/standard/2-2008"
	nsITL2011  = "http://biometrics.nist.gov/standard/2011"
	nsAN2008   = "http://niem.gov/niem/ansi-nist/2.0"
	nsBiom2011 = "http://niem.gov/niem/biometrics/1.0"
	nsNC2      = "http://niem.gov/niem/niem-core/2.0"
	nsINTI     = "http://interpol.gov/int-i/1.0"
	nsBiom4    = "http://publication.niem.gov/niem/domains/biometrics/4.0/1/" // UNVERIFIED for the 2015 XSD
	nsNC4      = "http://release.niem.gov/niem/niem-core/4.0/"
	nsXSI      = "http://www.w3.org/2001/XMLSchema-instance"

	// NSBiogate is the namespace of Biogate's extension elements
	// (schema/biogate-2011.xsd, schema/biogate-2008.xsd).
	NSBiogate = "urn:biogate:ansi-nist-itl:xml-extension:1"
)

// spaces binds the table prefixes of mapping.tsv to the namespace URIs of a
// dialect, and gives the prefixes Marshal writes.
func (d Dialect) spaces() map[string]string {
	switch d {
	case Dialect2008:
		return map[string]string{"itl": nsITL2008, "biom": nsAN2008, "nc": nsNC2, "int-i": nsINTI, "bg": NSBiogate}
	case Dialect2015:
		return map[string]string{"itl": nsITL2011, "biom": nsBiom4, "nc": nsNC4, "int-i": nsINTI, "bg": NSBiogate}
	}
	return map[string]string{"itl": nsITL2011, "biom": nsBiom2011, "nc": nsNC2, "int-i": nsINTI, "bg": NSBiogate}
}

// docPrefix is the prefix Marshal declares for a table prefix.
func (d Dialect) docPrefix(p string) string {
	if d == Dialect2008 && p == "biom" {
		return "ansi-nist"
	}
	return p
}

// valid reports whether d is a known dialect.
func (d Dialect) valid() bool {
	switch d {
	case Dialect2008, Dialect2011, DialectINTI, Dialect2015:
		return true
	}
	return false
}

// rowDialect is the dialect key of mapping.tsv rows that apply to d.
func (d Dialect) rowKey() string {
	if d == DialectINTI {
		return "inti"
	}
	return "2011"
}

// detect chooses the dialect from the namespace of the root element and the
// namespaces declared or used in the document.
func detect(rootURI string, uris map[string]bool) Dialect {
	switch {
	case rootURI == nsITL2008:
		return Dialect2008
	case uris[nsBiom4] || uris[nsNC4]:
		return Dialect2015
	case uris[nsINTI]:
		return DialectINTI
	}
	return Dialect2011
}
