package main

import (
	"os"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// commands lists every command of the tree but the root.
func commands(root *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	for _, c := range root.Commands() {
		out = append(out, c)
		out = append(out, commands(c)...)
	}
	return out
}

// TestHelp: help on every command, asked in each of the three ways,
// exits 0 on standard output and lists every flag with its usage text
// (convert -h used to exit 2 with "flag: help requested", and --tot,
// --ppi and others were in no usage text).
func TestHelp(t *testing.T) {
	root := (&cli{}).newRoot()
	all := commands(root)
	if len(all) < 12 {
		t.Fatalf("only %d commands in the tree", len(all))
	}
	for _, cmd := range all {
		path := strings.Fields(cmd.CommandPath())[1:]
		for _, args := range [][]string{append(path, "--help"), append(path, "-h"), append([]string{"help"}, path...)} {
			code, out, errOut := biogate(t, nil, args...)
			if code != exitOK || errOut != "" {
				t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
				continue
			}
			cmd.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
				if strings.TrimSpace(f.Usage) == "" {
					t.Errorf("%v: --%s has no usage text", args, f.Name)
				}
				_, usage := pflag.UnquoteUsage(f)
				if !strings.Contains(out, "--"+f.Name) || !strings.Contains(oneLine(out), oneLine(usage)) {
					t.Errorf("%v: the help does not list --%s with its usage %q", args, f.Name, usage)
				}
			})
		}
	}
	for _, flag := range []string{"--tot", "--dai", "--ori", "--tcn", "--src", "--capture-date", "--type4", "--ppi", "--max-size"} {
		if _, out, _ := biogate(t, nil, "convert", "-h"); !strings.Contains(out, flag) {
			t.Errorf("convert -h does not list %s", flag)
		}
	}
}

// TestCompletion: the shells' completion scripts are written.
func TestCompletion(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		code, out, errOut := biogate(t, nil, "completion", sh)
		if code != exitOK || !strings.Contains(out, "biogate") || len(out) < 1000 {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %q", sh, code, len(out), errOut)
		}
	}
	// Dynamic completion offers the commands and a command's flags.
	code, out, _ := biogate(t, nil, "__complete", "conv")
	if code != exitOK || !strings.Contains(out, "convert") {
		t.Errorf("__complete conv: exit %d: %q", code, out)
	}
	if _, out, _ := biogate(t, nil, "__complete", "convert", "--capt"); !strings.Contains(out, "--capture-date") {
		t.Errorf("__complete convert --capt: %q", out)
	}
}

const (
	readme        = "../../README.md"
	commandsBegin = "<!-- commands: made from the command tree; go test ./cmd/biogate -run TestREADMECommands -update rewrites it -->\n"
	commandsEnd   = "<!-- end of commands -->\n"
)

// TestREADMECommands: the README's command list is the command tree's
// (every command, every flag); -update rewrites it.
func TestREADMECommands(t *testing.T) {
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, commandsBegin), strings.Index(doc, commandsEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no command list between %q and %q", commandsBegin, commandsEnd)
	}
	want := "\n" + commandList((&cli{}).newRoot()) + "\n"
	got := doc[i+len(commandsBegin) : j]
	if got == want {
		return
	}
	if *update {
		doc = doc[:i+len(commandsBegin)] + want + doc[j:]
		if err := os.WriteFile(readme, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's command list differs from the command tree (go test ./cmd/biogate -run TestREADMECommands -update rewrites it); the tree gives:\n%s", want)
}
