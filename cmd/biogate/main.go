// Command biogate reads, checks, converts and signs biometric interchange
// files: ANSI/NIST-ITL transactions (traditional encoding, NIEM XML and
// Biogate's JSON form), ISO/IEC 19794 and INCITS records, and the
// fingerprint, face and iris images inside them or on their own (WSQ,
// PNG, JPEG, JPEG 2000); and it runs the REST service.
//
// "biogate help" lists the commands, "biogate help COMMAND" (or
// COMMAND --help) every flag of one. The work itself is done by the
// service core (internal/exchange); this package reads the arguments,
// prints, and maps outcomes to exit codes.
//
// FILE may be "-" for standard input. The input format is sniffed from the
// bytes. Exit codes (DESIGN.md): 0 success, 1 the input is readable but
// fails what was asked, 2 the input cannot be read or the command is
// wrong; every failure prints one line.
package main

import (
	"io"
	"os"
)

// Exit codes (DESIGN.md, "Contracts").
const (
	exitOK       = 0
	exitFailed   = 1
	exitUnusable = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// cli carries the streams a command uses, so tests can run it in-process.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// run executes the command line args and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	return c.execute(args)
}
