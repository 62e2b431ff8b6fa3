package chdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unsafe"

	"github.com/trustwatch/trustwatch/store"
)

// QueryReadOnly runs an analyst's query (store's read-only policy) on a
// connection of its own whose settings are the limits — readonly=1 among
// them, so a SETTINGS clause cannot lift them — after chDB's own parser has
// confirmed it is one read-only statement. The output streams to w block by
// block; a cancelled ctx cancels the query between blocks.
func (b *Backend) QueryReadOnly(ctx context.Context, query, format string, lim store.Limits, w io.Writer) error {
	stmt, err := store.CheckReadOnly(query)
	if err != nil {
		return err
	}
	ro, err := b.readOnly(lim)
	if err != nil {
		return err
	}
	if err := ro.classify(stmt); err != nil {
		return err
	}
	return ro.Stream(ctx, stmt, format, w)
}

// readOnly returns the read-only connection for lim, opening it on first use.
func (b *Backend) readOnly(lim store.Limits) (*Session, error) {
	var args []string
	for _, kv := range lim.Settings() {
		args = append(args, "--"+kv[0]+"="+kv[1])
	}
	key := fmt.Sprint(args)
	b.mu.Lock()
	defer b.mu.Unlock()
	if s, ok := b.readers[key]; ok {
		return s, nil
	}
	s, err := b.s.connectMore(args)
	if err != nil {
		return nil, err
	}
	if b.readers == nil {
		b.readers = map[string]*Session{}
	}
	b.readers[key] = s
	return s, nil
}

// classify asks chDB's parser what the statement does: exactly one
// statement, and one that changes nothing.
func (s *Session) classify(stmt string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil {
		return fmt.Errorf("chdb session is closed: %w", store.ErrUnavailable)
	}
	a := queryAnalysis{StructSize: uint32(unsafe.Sizeof(queryAnalysis{}))}
	if rc := chdbClassify(s.conn.internal, stmt, uintptr(len(stmt)), "", 0, &a); rc != 0 {
		return fmt.Errorf("classify query: chdb refused")
	}
	switch {
	case a.StatementCount == 0:
		return &store.RefusedError{Reason: "the engine cannot parse it as a statement"}
	case a.StatementCount > 1:
		return &store.RefusedError{Reason: fmt.Sprintf("one statement at a time (the engine sees %d)", a.StatementCount)}
	case a.QueryClass != queryReadOnly:
		return &store.RefusedError{Reason: "the engine classifies it as a statement that changes state"}
	}
	return nil
}

// Stream runs query and writes its output in format to w as the engine
// produces it, one block at a time. A statement the engine does not stream
// (DDL, DESCRIBE, SHOW, INSERT) runs whole and its output is written at once.
func (s *Session) Stream(ctx context.Context, query, format string, w io.Writer) error {
	err := s.stream(ctx, query, format, w)
	var ce *Error
	if !errors.As(err, &ce) || !strings.Contains(ce.Message, "Streaming query is not supported") {
		return err
	}
	out, err := s.Query(ctx, query, format)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

func (s *Session) stream(ctx context.Context, query, format string, w io.Writer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil {
		return fmt.Errorf("chdb session is closed: %w", store.ErrUnavailable)
	}
	res := chdbStreamQuery(s.conn.internal, query, format)
	if res == nil {
		return fmt.Errorf("chdb: streaming query returned no handle")
	}
	defer chdbDestroyResult(res)
	if msg := chdbResultError(res); msg != "" {
		return newError(msg)
	}
	for {
		if err := ctx.Err(); err != nil {
			chdbStreamCancel(s.conn.internal, res)
			return err
		}
		chunk, err := s.fetch(res)
		if err != nil || len(chunk) == 0 {
			return err
		}
		if _, err := w.Write(chunk); err != nil {
			chdbStreamCancel(s.conn.internal, res)
			return fmt.Errorf("write query output: %w", err)
		}
	}
}

// fetch returns the next block of a streaming query; empty at its end.
func (s *Session) fetch(res *result) ([]byte, error) {
	chunk := chdbStreamFetch(s.conn.internal, res)
	if chunk == nil {
		return nil, fmt.Errorf("chdb: streaming fetch returned no result")
	}
	defer chdbDestroyResult(chunk)
	if msg := chdbResultError(chunk); msg != "" {
		return nil, newError(msg)
	}
	n := int(chdbResultLength(chunk))
	if n == 0 {
		return nil, nil
	}
	return append([]byte(nil), unsafe.Slice(chdbResultBuffer(chunk), n)...), nil // copied: the chunk is freed on return
}
