package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// State is what earlier crawls saw of each detail page — validators for
// conditional GETs and the version of the document published — so a crawl
// fetches and publishes only what is new or changed. One crawler process
// keeps it in a JSON file (OpenState; Save writes it atomically); several
// share it in the store (OpenSharedState), read when a source's crawl
// starts and written after each published batch, so a worker that takes
// over a source from a dead one publishes only what that one had not.
type State struct {
	path   string
	shared *sharedState
	mu     sync.Mutex
	// Pages maps source id → stable URL → what was seen.
	Pages map[string]map[string]PageState `json:"pages"`
	dirty map[string]map[string]PageState // put since the last checkpoint, by source (shared state only)
}

// PageState is what a crawl saw of one detail page.
type PageState struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	Version      string `json:"version"`           // of the document published (empty for an attachment file)
	Records      int    `json:"records,omitempty"` // rows of an attachment file, counted unchanged when it answers 304
}

// OpenState loads the state file at path, or starts an empty state.
func OpenState(path string) (*State, error) {
	s := &State{path: path, Pages: map[string]map[string]PageState{}}
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read crawl state: %w", err)
	}
	if err := json.Unmarshal(raw, s); err != nil {
		return nil, fmt.Errorf("read crawl state %s: %w (delete it to crawl everything again)", path, err)
	}
	if s.Pages == nil {
		s.Pages = map[string]map[string]PageState{}
	}
	return s, nil
}

func (s *State) get(source, u string) (PageState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.Pages[source][u]
	return p, ok
}

func (s *State) put(source, u string, p PageState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Pages[source] == nil {
		s.Pages[source] = map[string]PageState{}
	}
	s.Pages[source][u] = p
	if s.shared != nil {
		if s.dirty[source] == nil {
			s.dirty[source] = map[string]PageState{}
		}
		s.dirty[source][u] = p
	}
}

// Save writes the state: the pages changed since the last checkpoint to the
// store, or the whole state to its file.
func (s *State) Save() error {
	if s.shared != nil {
		return s.checkpoint(context.Background(), "")
	}
	return s.saveFile()
}

// saveFile writes the state to its file through a temporary file and a
// rename, so a crash never leaves half a state.
func (s *State) saveFile() error {
	s.mu.Lock()
	raw, err := json.Marshal(s)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return fmt.Errorf("save crawl state: %w", err)
	}
	tmp := s.path + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o644); err != nil {
		return fmt.Errorf("save crawl state: %w", err)
	}
	return os.Rename(tmp, s.path)
}
