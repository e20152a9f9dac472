package browsertest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"golang.org/x/net/websocket"
)

// firefox is the Firefox ESR of Debian's firefox-esr package.
const firefox = "/usr/bin/firefox-esr"

// bidi is a session of the W3C WebDriver BiDi protocol
// (https://w3c.github.io/webdriver-bidi/), which Firefox serves on its
// --remote-debugging-port: commands {id, method, params} answered by
// {id, type: "success", result} or {id, type: "error", error, message};
// events (no id) are skipped.
type bidi struct {
	ws *websocket.Conn
	id int
}

// startFirefox starts a headless Firefox with a fresh profile and opens a
// BiDi session on it. It skips only when Firefox is absent (and fails
// then under BIOGATE_REQUIRE_SERVICES=1).
func startFirefox(t *testing.T) *bidi {
	t.Helper()
	if _, err := os.Stat(firefox); err != nil {
		if os.Getenv("BIOGATE_REQUIRE_SERVICES") == "1" {
			t.Fatalf("%s absent and BIOGATE_REQUIRE_SERVICES=1: %v", firefox, err)
		}
		t.Skipf("%s absent (apt-get install firefox-esr; scripts/test installs it): %v", firefox, err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	profile := t.TempDir()
	// The remote agent refuses a WebSocket whose Origin it was not told
	// to allow; golang.org/x/net/websocket always sends one.
	const origin = "http://localhost"
	cmd := exec.Command(firefox, "--headless", "--no-remote", "--profile", profile,
		"--remote-debugging-port", port, "--remote-allow-origins", origin, "about:blank")
	cmd.Env = append(os.Environ(), "MOZ_HEADLESS=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	var ws *websocket.Conn
	deadline := time.Now().Add(60 * time.Second)
	for {
		ws, err = websocket.Dial("ws://127.0.0.1:"+port+"/session", "", origin)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no WebDriver BiDi endpoint on port %s: %v", port, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	ws.MaxPayloadBytes = 64 << 20
	b := &bidi{ws: ws}
	t.Cleanup(func() { ws.Close() })
	if err := b.call("session.new", map[string]any{"capabilities": map[string]any{}}, nil); err != nil {
		t.Fatalf("session.new: %v", err)
	}
	return b
}

// call sends one command and decodes its result into out (if not nil).
func (b *bidi) call(method string, params, out any) error {
	b.id++
	id := b.id
	if err := websocket.JSON.Send(b.ws, map[string]any{"id": id, "method": method, "params": params}); err != nil {
		return err
	}
	b.ws.SetReadDeadline(time.Now().Add(timeout))
	for {
		var msg struct {
			ID      *int            `json:"id"`
			Type    string          `json:"type"`
			Result  json.RawMessage `json:"result"`
			Error   string          `json:"error"`
			Message string          `json:"message"`
		}
		if err := websocket.JSON.Receive(b.ws, &msg); err != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
		if msg.ID == nil || *msg.ID != id {
			continue // an event, or the answer to an abandoned command
		}
		if msg.Type == "error" {
			return fmt.Errorf("%s: %s: %s", method, msg.Error, msg.Message)
		}
		if out == nil {
			return nil
		}
		return json.Unmarshal(msg.Result, out)
	}
}

// tab returns the id of the session's top-level browsing context.
func (b *bidi) tab() (string, error) {
	var tree struct {
		Contexts []struct {
			Context string `json:"context"`
		} `json:"contexts"`
	}
	if err := b.call("browsingContext.getTree", map[string]any{}, &tree); err != nil {
		return "", err
	}
	if len(tree.Contexts) == 0 {
		return "", errors.New("browsingContext.getTree: no context")
	}
	return tree.Contexts[0].Context, nil
}

// navigate loads url in the tab and waits for its load event.
func (b *bidi) navigate(tab, url string) error {
	return b.call("browsingContext.navigate", map[string]any{"context": tab, "url": url, "wait": "complete"}, nil)
}

// evalString evaluates a script whose value (awaited when a promise) is
// a string, and returns it.
func (b *bidi) evalString(tab, expr string) (string, error) {
	var r struct {
		Type   string `json:"type"`
		Result struct {
			Type  string `json:"type"`
			Value any    `json:"value"`
		} `json:"result"`
		ExceptionDetails struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	err := b.call("script.evaluate", map[string]any{"expression": expr, "target": map[string]any{"context": tab},
		"awaitPromise": true, "resultOwnership": "none"}, &r)
	if err != nil {
		return "", err
	}
	if r.Type == "exception" {
		return "", fmt.Errorf("the script threw: %s", r.ExceptionDetails.Text)
	}
	s, ok := r.Result.Value.(string)
	if !ok {
		return "", fmt.Errorf("the script gave a %s, not a string", r.Result.Type)
	}
	return s, nil
}
