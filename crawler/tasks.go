package crawler

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Task asks a crawler worker to crawl one source once. Tasks travel on a
// Kafka topic keyed by the source's site, so several worker processes share
// the sources while one site is crawled by one worker at a time — its
// delay, parallelism and robots.txt hold across processes.
type Task struct {
	Source string    `json:"source"`
	Due    time.Time `json:"due"` // when the schedule asked for it
}

// Encode writes the task as JSON.
func (t Task) Encode() ([]byte, error) { return json.Marshal(t) }

// DecodeTask reads a task strictly: unknown fields and a missing source are
// errors, so a message from something else is not taken for a task.
func DecodeTask(b []byte) (Task, error) {
	var t Task
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return Task{}, fmt.Errorf("crawl task: %w", err)
	}
	if dec.More() {
		return Task{}, errors.New("crawl task: data after the task")
	}
	if t.Source == "" {
		return Task{}, errors.New("crawl task: no source")
	}
	return t, nil
}
