// Command server serves a built lesson from dist/.
//
//	server [-addr 127.0.0.1:8080] [-dir dist] [-base /] [-frame-ancestors '*'] [-shutdown-timeout 2m5s]
//
// It listens on loopback unless told otherwise, and says so when it does
// not. SIGINT or SIGTERM stops it: new connections are refused at once,
// responses in flight run to their end for up to -shutdown-timeout, and it
// exits with status 0 (1 if it had to cut some off).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golesson/internal/server"
)

// writeTimeout bounds one response (it also stops clients that read
// slowly on purpose): enough for the 1.5 MB brotli wasm, which every
// browser gets, at 12.5 kB/s (100 kbit/s: a class of 30 sharing a 3 Mbit/s
// school line), and for the 8.75 MB raw wasm at 73 kB/s.
const writeTimeout = 2 * time.Minute

// defaultShutdown waits as long as a response may take at all, so every
// response that can finish does (the 8.75 MB download at 350 kB/s that a
// fixed 10 s deadline cut off takes 25 s). An orchestrator that waits less
// before it kills (Kubernetes: 30 s) should pass its own -shutdown-timeout.
const defaultShutdown = writeTimeout + 5*time.Second

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	dir := flag.String("dir", "dist", "built lesson to serve")
	base := flag.String("base", "/", "URL path to serve the lesson under, e.g. /courses/ft/")
	frames := flag.String("frame-ancestors", "*", "who may embed the lesson in an iframe (CSP frame-ancestors), e.g. \"https://moodle.example.edu\"; \"'none'\" forbids it")
	grace := flag.Duration("shutdown-timeout", defaultShutdown, "on SIGTERM or SIGINT, how long responses in flight may take to finish")
	flag.Parse()
	if err := run(*addr, *dir, *base, *grace, server.FrameAncestors(*frames)); err != nil {
		log.Fatal(err)
	}
}

func run(addr, dir, base string, grace time.Duration, opts ...server.Option) error {
	h, err := server.New(dir, base, opts...)
	if err != nil {
		return err
	}
	defer h.Close()

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	// The fast path (internal/server/fast.go) answers the common requests
	// itself, under the same timeouts, and hands the rest to net/http.
	srv := h.NewServer(&http.Server{
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    server.MaxHeaderBytes,
		// OPTIONS * goes to the handler (405 with the security headers),
		// not to net/http's bare 200.
		DisableGeneralOptionsHandler: true,
	})
	url := fmt.Sprintf("http://%s%s", ln.Addr(), h.Base())
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); !net.ParseIP(host).IsLoopback() {
		log.Printf("note: listening on %s, reachable from other machines", ln.Addr())
	}
	log.Printf("serving %s at %s", dir, url)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	stop() // a second Ctrl-C kills at once
	log.Printf("shutting down: waiting up to %s for responses in flight", grace)
	shutdown, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("responses still in flight after -shutdown-timeout %s were cut off: %w", grace, err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
