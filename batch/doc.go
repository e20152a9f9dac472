// Package batch runs one operation (validate, convert, sign, modernise)
// over whole folders and archives (issue 14): every file is sniffed
// (internal/sniff), processed through the HTTP-free core
// (internal/exchange), and its output written atomically
// (internal/atomicfile) under an output folder that mirrors the input
// tree. A journal in the output folder makes a run resumable after
// Ctrl-C, SIGKILL or a crash; report.jsonl has one line per file, and
// summary.json and summary.html sum the run up.
//
// The package knows nothing of HTTP or of the command line, so the
// service's POST /v1/batches can run the same Job as `biogate batch`.
package batch
