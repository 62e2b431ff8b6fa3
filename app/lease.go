package app

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/bus"
)

// Lead runs lead whenever this process holds the scheduler's lease (a Kafka
// consumer group's single partition, schedule.* of the config), until ctx
// ends; trustwatch_schedule_leader says whether it does.
func (e *Engine) Lead(ctx context.Context, lead func(ctx context.Context, t analytics.Term)) error {
	o, err := e.Bus(ctx)
	if err != nil {
		return err
	}
	leader := prometheus.NewGauge(prometheus.GaugeOpts{Name: "trustwatch_schedule_leader",
		Help: "1 while this process holds the scheduler's lease and runs the scheduled jobs."})
	generation := prometheus.NewGauge(prometheus.GaugeOpts{Name: "trustwatch_schedule_generation",
		Help: "The lease generation (fencing token) of this process's latest term."})
	e.Metrics.MustRegister(leader, generation)
	s := e.Cfg.Schedule
	return bus.Lead(ctx, o, bus.LeaseOptions{Topic: s.Topic, Group: s.Group, SessionTimeout: s.SessionTimeout, Logger: e.Logger},
		func(ctx context.Context, t bus.Term) {
			leader.Set(1)
			generation.Set(float64(t.Generation))
			defer leader.Set(0)
			lead(ctx, analytics.Term{Leader: analytics.DefaultLeader(), Generation: int64(t.Generation)})
		})
}
