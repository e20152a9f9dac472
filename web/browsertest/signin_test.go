package browsertest

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/internal/auth"
	"github.com/chromedp/chromedp"
)

// TestSignIn: a pasted token shows its partner and scopes and opens the
// Inspect view; something that is not a token is refused with a message;
// signing out forgets the token; without one every view asks for it.
func TestSignIn(t *testing.T) {
	c := startConsole(t)
	c.run(t, "open without a token", chromedp.Navigate(c.URL+"/#/inspect"), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
	c.run(t, "paste garbage",
		chromedp.SetValue(chromedp.CSS("#token"), "not a token"),
		chromedp.Click(chromedp.CSS("#signin")),
		chromedp.WaitVisible(chromedp.CSS(`#token[aria-invalid="true"]`)))
	if msg, _ := eval[string](c, `document.getElementById("signin-status").textContent`); !strings.Contains(msg, "not a token") {
		t.Errorf("a bad token says %q", msg)
	}
	c.signIn(t, "fbi")
	c.viewShot(t, "signed-in")
	type shown struct{ View, Who, Stored, Focus string }
	got, err := eval[shown](c, `({view: document.getElementById("main").dataset.view, who: document.getElementById("who").textContent,
		stored: sessionStorage.getItem("biogate.token") ? "yes" : "no", focus: document.activeElement.id})`)
	if err != nil {
		t.Fatal(err)
	}
	// The focus follows the navigation to the new view's content.
	if got.View != "inspect" || !strings.Contains(got.Who, "fbi") || !strings.Contains(got.Who, "submit read convert") || got.Stored != "yes" || got.Focus != "main" {
		t.Errorf("after sign-in: %+v", got)
	}
	c.run(t, "sign out",
		chromedp.Navigate(c.URL+"/#/signin"),
		chromedp.WaitVisible(chromedp.CSS("#signout")),
		chromedp.Click(chromedp.CSS("#signout")),
		chromedp.Navigate(c.URL+"/#/inspect"),
		chromedp.WaitVisible(chromedp.CSS("#signin-form")))
	if s, _ := eval[string](c, `String(sessionStorage.getItem("biogate.token"))`); s != "null" {
		t.Errorf("after sign-out the token is still stored")
	}
	c.checkClean(t)
}

// TestRefusedToken signs in with a well-formed token the server does not
// accept (signed by a key no issuer has): the first call answers 401, and
// the console forgets the token and asks for another.
func TestRefusedToken(t *testing.T) {
	c := startConsole(t)
	other, err := auth.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	tok, err := auth.Mint(other, auth.Claims{Issuer: "test-issuer", Partner: "local", Scopes: auth.AllScopes})
	if err != nil {
		t.Fatal(err)
	}
	c.Tokens["forged"] = tok
	c.signIn(t, "forged")
	abs, err := filepath.Abs(filepath.Join(corpus, "libbiomeval/img.wsq"))
	if err != nil {
		t.Fatal(err)
	}
	c.run(t, "inspect with the forged token",
		chromedp.WaitVisible(chromedp.CSS("#file")),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{abs}),
		chromedp.WaitVisible(chromedp.CSS("#signin-form")))
	type shown struct{ Status, Stored string }
	got, err := eval[shown](c, `({status: document.getElementById("signin-status").textContent, stored: String(sessionStorage.getItem("biogate.token"))})`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Status, "did not accept") || got.Stored != "null" {
		t.Errorf("after a 401: %+v, want the refusal said and the token forgotten", got)
	}
	c.checkClean(t)
}

// TestConvert converts an inspected Type-9 + Type-14 file to XML and one
// image record to PNG from the Inspect view.
func TestConvert(t *testing.T) {
	c := startConsole(t)
	c.signIn(t, "local")
	c.inspectFile(t, "jnbis/ansi/references/type-9-14-std.an2")
	for _, tc := range []struct{ to, record, want string }{
		{"xml", "", "type-9-14-std.xml"},
		{"png", "4", "type-9-14-std.png"},
	} {
		c.run(t, "convert to "+tc.to,
			chromedp.WaitReady(chromedp.CSS(`#convert-to option[value="`+tc.to+`"]`)),
			chromedp.SetValue(chromedp.CSS("#convert-to"), tc.to),
			chromedp.SetValue(chromedp.CSS("#convert-record"), tc.record),
			chromedp.Click(chromedp.CSS("#convert")),
			void(chromedp.Poll[bool](`document.getElementById("convert-status").textContent.startsWith("Downloaded") ||
				document.getElementById("convert-status").textContent.startsWith("Not converted")`)))
		msg, _ := eval[string](c, `document.getElementById("convert-status").textContent`)
		if !strings.HasPrefix(msg, "Downloaded "+tc.want) {
			t.Errorf("convert to %s: %q", tc.to, msg)
		}
	}
	c.checkClean(t)
}
