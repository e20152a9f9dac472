// Package reply builds the response transaction that answers a search
// transaction, in the form the search's community exchanges them:
//
//   - INT-I (INTERPOL's implementation of ANSI/NIST-ITL, v6.00): a search
//     of TOT CPS, NPS or MPS (MRT_INT-I_LookupCodes.csv, table TOT) is
//     answered by TOT SRE ("Search Results"). Field 2.064 RLS (Respondent
//     List) is one set of five items, A CSI candidate sequence id, B MVI
//     manual verification indicator ("true"/"false"), C CTQ candidates
//     total quantity, D CAC the search's TOT, E SRC search results code
//     ("I" hit, "N" no hit) (MRT_INT-I_FieldDefinition.csv rows
//     [02.064-A] to [02.064-E]); MaxOccur of 2.064 is 1, and the row's
//     summary says "Each search response message can convey at most one
//     candidate. In case of multiple hits, multiple SRE must be sent to
//     the requester. The identifiers of the candidates are not transmitted
//     in this structure, but rather in the standard identifier fields of
//     the Type 2." So a hit gets one SRE per candidate (CSI 1..n, CTQ n)
//     and a no-hit one SRE; INTERPOL's samples Sample-SRE-HIT_CPS,
//     -HIT_MPS and -NOHIT have that shape (the no-hit one carries CSI 1,
//     MVI false, CTQ 0: int-i.xsd's RespondentsListType requires the
//     TransactionCandidate element even then).
//   - EBTS (the FBI's): a TPIS search (Tenprint Fingerprint Image Search)
//     is answered by TOT SRT ("Search Result - Tenprint"), whose 2.064 CAN
//     (Candidate List) holds one subfield per candidate of two items, UCN
//     (Universal Control Number, AN 1-9, "can contain an FBI number") and
//     NAM (AS 3-30), at most 25 candidates for SRT (OpenEBTS's EBTS 9.1
//     verification file, corpus openebts/EBTS9.1_ENUS.txt, rules
//     "[O, SRT] 2.064: T2_CAN ANS 4-39 1-25", "2.064..1 T2_CAN_UCN AN 1-9",
//     "2.064..2 T2_CAN_NAM AS 3-30"; the TOT list "SRT ... 1:1 2:1 414:0-14").
//
// In both, 1.010 TCR names the search's 1.009 TCN, the reply goes back to
// where the search came from (1.007 DAI = the search's 1.008 ORI, 1.008
// ORI = the search's 1.007 DAI), and 1.002 VER is the search's, so the
// reply is checked against the same base standard as the search.
//
// What a reply discloses of a candidate is the identity the family
// defines, taken from the Type-2 record of the candidate's enrolment
// transaction (see [intiIdentity] and [Candidate.Type2]); what the
// receiving partner may see of that is the disclosure policy's business,
// applied by the service when it delivers the reply.
package reply
