package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Server serves a Handler on a listener: every connection starts on the
// fast path (fast.go), and the first request that the fast path does not
// answer itself hands the connection to HTTP, an http.Server whose
// Handler is the same Handler and whose timeouts both follow.
//
// Shutdown keeps net/http's promise for both kinds of connection: the
// listener closes at once, idle connections are closed, and responses in
// flight run to their end. A fast connection is idle while it waits for
// the first byte of a request (under the idle timeout); Shutdown wakes it
// through its read deadline, and a busy one closes after its answer.
type Server struct {
	HTTP *http.Server

	h       *Handler
	extra   []byte // security headers for the guard (conn.go)
	handoff *handoffListener
	closing atomic.Bool

	mu    sync.Mutex
	ln    net.Listener
	conns map[*fastConn]struct{}
	wg    sync.WaitGroup // one per fast connection
}

// NewServer serves h with srv for what the fast path leaves to net/http;
// srv.Handler is set to h.
func (h *Handler) NewServer(srv *http.Server) *Server {
	srv.Handler = h
	return &Server{
		HTTP:    srv,
		h:       h,
		extra:   []byte(h.SecurityHeaders()),
		handoff: &handoffListener{conns: make(chan net.Conn), closed: make(chan struct{})},
		conns:   map[*fastConn]struct{}{},
	}
}

// Serve accepts connections on ln until Shutdown, which makes it return
// http.ErrServerClosed.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	s.ln = ln
	s.handoff.addr = ln.Addr()
	s.mu.Unlock()
	if s.closing.Load() {
		ln.Close()
		return http.ErrServerClosed
	}
	go s.HTTP.Serve(s.handoff)
	var pause time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if s.closing.Load() {
				return http.ErrServerClosed
			}
			if errors.Is(err, net.ErrClosed) {
				return err
			}
			// Out of file descriptors, say: wait a little, as net/http does.
			pause = min(max(2*pause, 5*time.Millisecond), time.Second)
			time.Sleep(pause)
			continue
		}
		pause = 0
		fc := &fastConn{s: s, c: c}
		s.mu.Lock()
		s.conns[fc] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go fc.serve()
	}
}

// forget stops tracking a fast connection that was closed or handed off.
func (s *Server) forget(fc *fastConn) {
	s.mu.Lock()
	delete(s.conns, fc)
	s.mu.Unlock()
	s.wg.Done()
}

// timeouts are the header and idle timeouts, as net/http reads them.
func (s *Server) timeouts() (header, idle time.Duration) {
	header, idle = s.HTTP.ReadHeaderTimeout, s.HTTP.IdleTimeout
	if header <= 0 {
		header = s.HTTP.ReadTimeout
	}
	if idle <= 0 {
		idle = s.HTTP.ReadTimeout
	}
	if header <= 0 {
		header = time.Hour * 24 * 365 // none, as in net/http
	}
	if idle <= 0 {
		idle = header
	}
	return header, idle
}

// Shutdown stops the server gracefully: the listener closes at once, idle
// connections are closed, and it waits for the fast connections'
// answers, then for net/http's (http.Server.Shutdown), until ctx ends.
// Connections handed off meanwhile are still served (with
// Connection: close).
func (s *Server) Shutdown(ctx context.Context) error {
	s.closing.Store(true)
	s.mu.Lock()
	if s.ln != nil {
		s.ln.Close()
	}
	for fc := range s.conns {
		fc.mu.Lock()
		if fc.idle {
			fc.c.SetReadDeadline(time.Unix(1, 0)) // wakes its read
		}
		fc.mu.Unlock()
	}
	s.mu.Unlock()
	s.HTTP.SetKeepAlivesEnabled(false) // closes net/http's idle connections
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		return ctx.Err()
	}
	return s.HTTP.Shutdown(ctx)
}

// Close closes the listener and every connection at once, as
// http.Server.Close does.
func (s *Server) Close() error {
	s.closing.Store(true)
	s.mu.Lock()
	if s.ln != nil {
		s.ln.Close()
	}
	for fc := range s.conns {
		fc.c.Close()
	}
	s.mu.Unlock()
	return s.HTTP.Close()
}

// handOff passes a connection to net/http.
func (s *Server) handOff(c net.Conn) {
	select {
	case s.handoff.conns <- c:
	case <-s.handoff.closed:
		c.Close()
	}
}

// handoffListener is how connections reach net/http: its Accept returns
// the connections the fast path hands off.
type handoffListener struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
	addr   net.Addr
}

func (l *handoffListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *handoffListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *handoffListener) Addr() net.Addr { return l.addr }
