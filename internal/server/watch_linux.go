package server

import (
	"encoding/binary"
	"io/fs"
	"path/filepath"
	"sync"
	"syscall"
)

// watcher tells whether anything in the served folder changed since it
// was last asked. On Linux it is an inotify descriptor on every directory
// of the tree: the kernel queues an event when a write, rename or delete
// happens, so one non-blocking read per request, with no path walk, sees
// every change made before the request arrived.
type watcher struct {
	mu   sync.Mutex
	fd   int
	dirs map[int32]string // watch descriptor → directory
	buf  []byte
}

const watchMask = syscall.IN_MODIFY | syscall.IN_ATTRIB | syscall.IN_CLOSE_WRITE | syscall.IN_CREATE |
	syscall.IN_DELETE | syscall.IN_MOVED_FROM | syscall.IN_MOVED_TO | syscall.IN_DELETE_SELF | syscall.IN_MOVE_SELF

func watch(dir string) (*watcher, error) {
	fd, err := syscall.InotifyInit1(syscall.IN_NONBLOCK | syscall.IN_CLOEXEC)
	if err != nil {
		return nil, err
	}
	w := &watcher{fd: fd, dirs: map[int32]string{}, buf: make([]byte, 64<<10)}
	if err := w.addTree(dir); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return w, nil
}

// addTree watches dir and every directory below it (symlinks are not
// followed: os.Root refuses those that lead out, and a change inside is
// seen where it happens).
func (w *watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil // gone meanwhile, or a file
		}
		wd, err := syscall.InotifyAddWatch(w.fd, p, watchMask)
		if err != nil {
			return err
		}
		w.dirs[int32(wd)] = p
		return nil
	})
}

// sync drains the queued events and, if there were any, calls forget
// before any other request can go on: a request that arrives after a
// change never sees what was there before it. A new directory is watched
// at once.
func (w *watcher) sync(forget func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	changed := false
	for {
		n, err := syscall.Read(w.fd, w.buf)
		if n <= 0 || err != nil {
			break // EAGAIN: nothing (more) queued
		}
		changed = true
		for i := 0; i+syscall.SizeofInotifyEvent <= n; {
			wd := int32(binary.NativeEndian.Uint32(w.buf[i:]))
			mask := binary.NativeEndian.Uint32(w.buf[i+4:])
			size := int(binary.NativeEndian.Uint32(w.buf[i+12:]))
			name := w.buf[i+syscall.SizeofInotifyEvent : i+syscall.SizeofInotifyEvent+size]
			if mask&syscall.IN_ISDIR != 0 && mask&(syscall.IN_CREATE|syscall.IN_MOVED_TO) != 0 {
				if parent, ok := w.dirs[wd]; ok {
					w.addTree(filepath.Join(parent, cString(name)))
				}
			}
			i += syscall.SizeofInotifyEvent + size
		}
	}
	if changed {
		forget()
	}
}

func (w *watcher) Close() error { return syscall.Close(w.fd) }

// cString is a NUL-padded name from an inotify event.
func cString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}
