package crawler

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"github.com/robfig/cron/v3"

	"github.com/trustwatch/trustwatch/schedule"
	"github.com/trustwatch/trustwatch/source"
)

// ScheduleOptions configure a Scheduler.
type ScheduleOptions struct {
	Sources []source.Source // required
	// Default is the schedule of sources that name none: a cron spec or
	// "@every 1h". Required.
	Default string
	// Crawl crawls the given sources once; required. Crawls never overlap:
	// they share the crawl state and the sites' politeness.
	Crawl  func(ctx context.Context, sources []source.Source) error
	Logger *slog.Logger
}

// Scheduler crawls each source on its own schedule (the source's schedule,
// else Default), one crawl at a time: sources due together are crawled
// together, and a source already waiting is not queued twice.
type Scheduler struct {
	o      ScheduleOptions
	groups []scheduleGroup
	queue  chan int // group indexes due
	mu     sync.Mutex
	queued []bool // group waiting in queue; guarded by mu
}

type scheduleGroup struct {
	spec    string
	sched   cron.Schedule
	sources []source.Source
}

// NewScheduler groups the sources by schedule and checks every spec.
func NewScheduler(o ScheduleOptions) (*Scheduler, error) {
	if len(o.Sources) == 0 || o.Crawl == nil {
		return nil, errors.New("crawl scheduler: sources and a crawl function are required")
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	s := &Scheduler{o: o}
	bySpec := map[string]int{}
	for _, src := range o.Sources {
		spec := cmp.Or(src.Schedule, o.Default)
		i, ok := bySpec[spec]
		if !ok {
			sched, err := schedule.Parse(spec)
			if err != nil {
				return nil, fmt.Errorf("crawl scheduler: source %s: %w", src.ID, err)
			}
			i = len(s.groups)
			bySpec[spec] = i
			s.groups = append(s.groups, scheduleGroup{spec: spec, sched: sched})
		}
		s.groups[i].sources = append(s.groups[i].sources, src)
	}
	s.queue = make(chan int, len(s.groups))
	s.queued = make([]bool, len(s.groups))
	return s, nil
}

// Plan describes the schedule: one line per group of sources.
func (s *Scheduler) Plan() []string {
	var out []string
	for _, g := range s.groups {
		ids := make([]string, len(g.sources))
		for i, src := range g.sources {
			ids[i] = src.ID
		}
		slices.Sort(ids)
		out = append(out, fmt.Sprintf("%s: %s", g.spec, strings.Join(ids, ", ")))
	}
	return out
}

// Run crawls every source once, then each group whenever its schedule says,
// until ctx ends. A failed crawl is logged; the schedule goes on.
func (s *Scheduler) Run(ctx context.Context) error {
	c := schedule.New()
	for i, g := range s.groups {
		s.enqueue(i)
		c.Schedule(g.sched, cron.FuncJob(func() { s.enqueue(i) }))
	}
	c.Start()
	defer func() { <-c.Stop().Done() }() // waits for running enqueue jobs
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case i := <-s.queue:
			s.take(i)
			g := s.groups[i]
			if err := s.o.Crawl(ctx, g.sources); err != nil && ctx.Err() == nil {
				s.o.Logger.Error("scheduled crawl", "schedule", g.spec, "err", err)
			}
		}
	}
}

// enqueue marks group i due, unless it is already waiting.
func (s *Scheduler) enqueue(i int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.queued[i] {
		return
	}
	s.queued[i] = true
	s.queue <- i // never blocks: one slot per group
}

func (s *Scheduler) take(i int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queued[i] = false
}
