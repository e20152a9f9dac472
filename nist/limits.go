package nist

// MaxRecords is the most records a transaction holds: the Type-1 record
// and the 999 that 1.003 CNT can list after it (ANSI/NIST-ITL 1-2011
// §7.2.3 Table 9: CRC, the count of records after Type-1, is 1 to 999).
// Decoders of every encoding refuse more, which also bounds the work and
// memory a transaction can ask for.
const MaxRecords = 1000
