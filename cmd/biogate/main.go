// Command biogate reads, checks and converts biometric interchange files:
// ANSI/NIST-ITL transactions (traditional encoding and Biogate's JSON form)
// and the fingerprint, face and iris images inside them or on their own
// (WSQ, PNG, JPEG, JPEG 2000).
//
// Usage:
//
//	biogate inspect [--json] [--strict] FILE
//	biogate convert --to an2|json [-o OUT] [--strict] FILE
//	biogate convert --to png|wsq|jpeg|jp2 [-o OUT] [--record N] [--bitrate B] [--quality Q] [--ratio R] [--lossless] FILE
//	biogate validate [--profile base|ebts|inti|FILE] [--json] [--level N] FILE...
//
// Converting a transaction to an image format writes the image of record N
// (numbered from 1 as inspect shows them) or, without --record, every
// image into the folder given by -o.
//
// FILE may be "-" for standard input. The input format is sniffed from the
// bytes. Exit codes: 0 success, 1 the input is readable but fails what was
// asked, 2 the input cannot be read or the command is wrong.
package main

import (
	"errors"
	"fmt"
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

// command is one subcommand: it returns an exit code and prints its own
// one-line failures to stderr.
type command struct {
	name, usage string
	run         func(c *cli, args []string) int
}

var commands = []command{
	{"inspect", "inspect [--json] [--strict] FILE    show a transaction as a tree of records and fields", runInspect},
	{"convert", convertUsage + "    convert a transaction or an image", runConvert},
	{"serve", serveUsage + "    run the REST service", runServe},
	{"token", tokenUsage + "    mint a partner token from the development key", runToken},
	{"validate", validateUsage + "    check conformance to the standard and a profile", runValidate},
	{"keygen", keygenUsage + "    make a signing key and its public JWK set", runKeygen},
	{"sign", signUsage + "    sign a transaction (Type-98 JWS, image hashes)", runSign},
	{"verify", verifyUsage + "    check a transaction's signature against trusted keys", runVerify},
	{"audit", auditUsage + "    check the audit log's hash chain, or summarise it", runAudit},
}

// cli carries the streams a command uses, so tests can run it in-process.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		c.usage(stdout)
		if len(args) == 0 {
			return exitUnusable
		}
		return exitOK
	}
	for _, cmd := range commands {
		if cmd.name == args[0] {
			return cmd.run(c, args[1:])
		}
	}
	c.failf("unknown command %q (try: biogate help)", args[0])
	return exitUnusable
}

func (c *cli) usage(w io.Writer) {
	fmt.Fprintln(w, "usage: biogate COMMAND [options] FILE")
	for _, cmd := range commands {
		fmt.Fprintln(w, "  biogate "+cmd.usage)
	}
	fmt.Fprintln(w, "FILE may be - for standard input; formats are sniffed from the bytes.")
	fmt.Fprintln(w, "exit codes: 0 success, 1 readable but fails what was asked, 2 unreadable input or wrong command")
}

// failf prints one line saying what went wrong.
func (c *cli) failf(format string, a ...any) {
	fmt.Fprintf(c.stderr, "biogate: "+format+"\n", a...)
}

// readInput reads FILE, or standard input for "-".
func (c *cli) readInput(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(c.stdin)
	}
	b, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such file", name)
	}
	return b, err
}
