package api

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/labstack/echo/v4"
)

// receive reads the body of an operation that takes one, before the
// request takes a concurrency slot (limited): a client that sends its
// body slowly holds a connection, never a slot. The body must keep to a
// minimum rate: after Options.BodyGrace, at least Options.BodyMinRate
// bytes per second on average, and it must be complete within the
// request timeout. The connection's read deadline enforces this while a
// read is blocked (a client that stops sending), and each read checks
// the pace; a body that falls behind is refused with 408.
func (s *Server) receive(op *operation) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if m := c.Request().Method; m != http.MethodPost && m != http.MethodPut || !op.hasBody {
				return next(c)
			}
			b, err := s.readPaced(c)
			if err != nil {
				return err
			}
			if len(b) == 0 {
				return problem(http.StatusBadRequest, "invalid-request", "the request has no body; send the file as the body")
			}
			c.Set(keyBody, b)
			return next(c)
		}
	}
}

// errTooSlow is a body that fell behind the minimum rate.
var errTooSlow = errors.New("api: the request body is too slow")

// paced reads a request body at no less than a minimum average rate.
type paced struct {
	r     io.Reader
	rc    *http.ResponseController
	start time.Time
	grace time.Duration
	rate  int64     // bytes per second
	limit time.Time // the request's deadline; zero for none
	n     int64
}

// deadline is when the bytes read so far plus the next must have come.
func (p *paced) deadline() time.Time {
	d := p.start.Add(p.grace + time.Duration(float64(p.n)/float64(p.rate)*float64(time.Second)))
	if !p.limit.IsZero() && p.limit.Before(d) {
		d = p.limit
	}
	return d
}

func (p *paced) Read(b []byte) (int, error) {
	d := p.deadline()
	if !time.Now().Before(d) {
		return 0, errTooSlow
	}
	_ = p.rc.SetReadDeadline(d) // not supported by every writer (tests' recorders): the pace check still holds
	n, err := p.r.Read(b)
	p.n += int64(n)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		err = errTooSlow
	}
	return n, err
}

// readPaced reads the request body (sized by Content-Length where
// given; the body limit has already refused what is too large).
func (s *Server) readPaced(c echo.Context) ([]byte, error) {
	r := c.Request()
	p := &paced{r: r.Body, rc: http.NewResponseController(c.Response()), start: time.Now(),
		grace: s.opts.BodyGrace, rate: int64(s.opts.BodyMinRate)}
	if d, ok := r.Context().Deadline(); ok {
		p.limit = d
	}
	defer p.rc.SetReadDeadline(time.Time{})
	var b []byte
	var err error
	if r.ContentLength > 0 {
		b = make([]byte, r.ContentLength)
		_, err = io.ReadFull(p, b)
	} else {
		b, err = io.ReadAll(p)
	}
	if errors.Is(err, errTooSlow) {
		pr := problem(http.StatusRequestTimeout, "too-slow",
			fmt.Sprintf("the request body came too slowly: %d bytes in %v, below the minimum of %d bytes/s after %v (or past the request timeout)",
				p.n, time.Since(p.start).Round(time.Millisecond), p.rate, p.grace))
		// Close rather than let net/http wait for the rest of the body.
		pr.header = http.Header{"Connection": {"close"}}
		return nil, pr
	}
	return b, err
}
