//go:build !linux

package server

// watcher without inotify: every request reads its file again, as simple
// static servers do. Linux (where the server is meant to run) keeps the
// files in memory until they change; see watch_linux.go.
type watcher struct{}

func watch(dir string) (*watcher, error) { return &watcher{}, nil }

func (w *watcher) sync(forget func()) { forget() }

func (w *watcher) Close() error { return nil }
