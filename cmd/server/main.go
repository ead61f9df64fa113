// Command server serves a built lesson from dist/.
//
//	server [-addr 127.0.0.1:8080] [-dir dist] [-base /] [-frame-ancestors '*']
//
// It listens on loopback unless told otherwise, and says so when it does
// not. SIGINT or SIGTERM stops it after in-flight responses complete.
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

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	dir := flag.String("dir", "dist", "built lesson to serve")
	base := flag.String("base", "/", "URL path to serve the lesson under, e.g. /courses/ft/")
	frames := flag.String("frame-ancestors", "*", "who may embed the lesson in an iframe (CSP frame-ancestors), e.g. \"https://moodle.example.edu\"; \"'none'\" forbids it")
	flag.Parse()
	if err := run(*addr, *dir, *base, server.FrameAncestors(*frames)); err != nil {
		log.Fatal(err)
	}
}

func run(addr, dir, base string, opts ...server.Option) error {
	h, err := server.New(dir, base, opts...)
	if err != nil {
		return err
	}
	defer h.Close()

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		// Long enough for the wasm on a slow school network.
		WriteTimeout:   2 * time.Minute,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 16 << 10,
	}
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
	log.Print("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
