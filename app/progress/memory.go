package progress

import (
	"maps"
	"slices"
)

// MemoryStore is a Store in memory: the prerender's (which saves nothing
// anyone reads) and the tests'. Other simulates another tab's save.
type MemoryStore struct {
	items    map[string]string
	watchers map[string][]func(string, bool)
}

// NewMemoryStore returns an empty store, or one holding items.
func NewMemoryStore(items map[string]string) *MemoryStore {
	return &MemoryStore{items: maps.Clone(items)}
}

func (m *MemoryStore) Get(key string) (string, bool) {
	v, ok := m.items[key]
	return v, ok
}

func (m *MemoryStore) Set(key, value string) {
	if m.items == nil {
		m.items = map[string]string{}
	}
	m.items[key] = value
}

func (m *MemoryStore) Remove(key string) { delete(m.items, key) }

func (m *MemoryStore) Keys() []string { return slices.Sorted(maps.Keys(m.items)) }

func (m *MemoryStore) Watch(key string, changed func(string, bool)) {
	if m.watchers == nil {
		m.watchers = map[string][]func(string, bool){}
	}
	m.watchers[key] = append(m.watchers[key], changed)
}

// Other stores value under key as another tab would, and tells the
// watchers; ok false removes it.
func (m *MemoryStore) Other(key, value string, ok bool) {
	if ok {
		m.Set(key, value)
	} else {
		m.Remove(key)
	}
	for _, f := range m.watchers[key] {
		f(value, ok)
	}
}
