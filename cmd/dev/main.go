// Command dev is the authoring loop: it serves the course on a loopback
// address, rebuilds the pages on every save in content/ (or web/), and
// reloads the open tab. A content error is printed here and shown in the
// page as "file:line: what is wrong"; the last good build stays served.
//
//	dev [-addr 127.0.0.1:8080] [-course content/course.yaml] [-web web]
//
// Changes to Go code need a restart: the wasm is compiled once.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golesson/internal/dev"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// loopback refuses an address other machines could reach: the dev server
// streams events and serves whatever is being written, for this machine
// only.
func loopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %s: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-addr %s: make dev serves on a loopback address only (127.0.0.1); use make run to serve others", addr)
	}
	return nil
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:8080", "loopback address to serve on")
	course := flag.String("course", "content/course.yaml", "course manifest")
	web := flag.String("web", "web", "static assets folder")
	flag.Parse()
	if err := loopback(*addr); err != nil {
		return err
	}
	out, err := os.MkdirTemp("", "golesson-dev-site-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(out)
	d, err := dev.New(dev.Options{Course: *course, Web: *web, Out: out, Log: os.Stderr})
	if err != nil {
		return err
	}
	defer d.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: d, ReadHeaderTimeout: 5 * time.Second, IdleTimeout: time.Minute}
	stop := make(chan struct{})
	go d.Watch(stop, 50*time.Millisecond)
	fmt.Fprintf(os.Stderr, "serving %s at http://%s/ — save a content file to rebuild; Ctrl-C stops\n", *course, ln.Addr())

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	go func() {
		<-ctx.Done()
		close(stop)
		shut, done := context.WithTimeout(context.Background(), 2*time.Second)
		defer done()
		srv.Shutdown(shut) // event streams end with their tabs' connections
		srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
