package alerts

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/store"
)

// Silence keeps matching warnings from being mailed until it ends. Empty
// matchers match anything; at least one is set.
type Silence struct {
	ID        string     `json:"id"`
	Rule      string     `json:"rule"`
	UnitID    string     `json:"unit_id"`
	Level     rule.Level `json:"level"`
	Reason    string     `json:"reason"`
	Creator   string     `json:"creator"`
	StartsAt  time.Time  `json:"starts_at"`
	EndsAt    time.Time  `json:"ends_at"`
	RevokedBy string     `json:"revoked_by"`
	ChangedAt time.Time  `json:"changed_at"`
}

// Matches reports whether s covers w.
func (s Silence) Matches(w Warning) bool {
	return (s.Rule == "" || s.Rule == w.Rule) && (s.UnitID == "" || s.UnitID == w.UnitID) &&
		(s.Level == "" || s.Level == w.Level)
}

// Active reports whether s is in force at t.
func (s Silence) Active(t time.Time) bool {
	return s.RevokedBy == "" && !t.Before(s.StartsAt) && t.Before(s.EndsAt)
}

// Silence checks and stores a new silence and returns it with its id.
func (a *Alerter) Silence(ctx context.Context, s Silence) (Silence, error) {
	var errs []error
	if s.Rule == "" && s.UnitID == "" && s.Level == "" {
		errs = append(errs, errors.New("give at least one of -rule, -unit, -level: a silence of everything hides every warning"))
	}
	if _, ok := a.o.Rules.Named(s.Rule); s.Rule != "" && !ok {
		errs = append(errs, fmt.Errorf("-rule %q: no such rule in %s", s.Rule, "alerts.yaml"))
	}
	if s.UnitID != "" && !a.known(s.UnitID) {
		errs = append(errs, fmt.Errorf("-unit %q: no such unit id in units.yaml", s.UnitID))
	}
	if s.Level != "" && !slices.Contains(rule.Levels, s.Level) {
		errs = append(errs, fmt.Errorf("-level %q: want one of 红, 橙, 黄, 蓝", s.Level))
	}
	if strings.TrimSpace(s.Reason) == "" {
		errs = append(errs, errors.New("-reason is required: whoever sees the silence must know why"))
	}
	if strings.TrimSpace(s.Creator) == "" {
		errs = append(errs, errors.New("-by is required: who silences"))
	}
	now := a.o.Now().UTC()
	if s.StartsAt.IsZero() {
		s.StartsAt = now
	}
	if !s.EndsAt.After(s.StartsAt) || !s.EndsAt.After(now) {
		errs = append(errs, fmt.Errorf("the silence ends at %s, before it starts or in the past", s.EndsAt.Format(time.RFC3339)))
	}
	if len(errs) > 0 {
		return s, errors.Join(errs...)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	s.ID, s.ChangedAt = hex.EncodeToString(b), now
	a.mu.Lock()
	defer a.mu.Unlock()
	return s, a.storeSilence(ctx, s)
}

// Unsilence revokes a silence.
func (a *Alerter) Unsilence(ctx context.Context, id, by string) (Silence, error) {
	if strings.TrimSpace(by) == "" {
		return Silence{}, errors.New("-by is required: who revokes the silence")
	}
	ss, err := a.Silences(ctx, true)
	if err != nil {
		return Silence{}, err
	}
	for _, s := range ss {
		if s.ID == id {
			if s.RevokedBy != "" {
				return s, fmt.Errorf("silence %s was already revoked by %s", id, s.RevokedBy)
			}
			s.RevokedBy, s.ChangedAt = by, a.o.Now().UTC()
			a.mu.Lock()
			defer a.mu.Unlock()
			return s, a.storeSilence(ctx, s)
		}
	}
	return Silence{}, fmt.Errorf("no silence %q (see trustwatch alerts silences)", id)
}

func (a *Alerter) storeSilence(ctx context.Context, s Silence) error {
	cols := []string{"id", "rule", "unit_id", "level", "reason", "creator", "starts_at", "ends_at", "revoked_by", "changed_at"}
	row := []any{s.ID, s.Rule, s.UnitID, string(s.Level), s.Reason, s.Creator, s.StartsAt.UTC(), s.EndsAt.UTC(), s.RevokedBy, s.ChangedAt}
	if err := a.o.Store.Insert(ctx, store.Database+".silences", cols, [][]any{row}); err != nil {
		return fmt.Errorf("store silence %s: %w", s.ID, err)
	}
	return nil
}

// Silences lists the silences in force now, or every silence when all.
func (a *Alerter) Silences(ctx context.Context, all bool) ([]Silence, error) {
	var ss []Silence
	if err := a.o.Store.SelectInto(ctx, "SELECT * FROM trustwatch.v_silences ORDER BY starts_at, id", &ss); err != nil {
		return nil, fmt.Errorf("read silences: %w", err)
	}
	if all {
		return ss, nil
	}
	now := a.o.Now()
	return slices.DeleteFunc(ss, func(s Silence) bool { return !s.Active(now) }), nil
}

// mute sets each firing warning's silence and inhibitor as they are now,
// and records those that changed; it returns how many are firing.
// Inhibition: a firing warning of a level that inhibits another's, on the
// same unit with the same cause.
func (a *Alerter) mute(ctx context.Context, now time.Time, ws []Warning) (int, error) {
	ss, err := a.Silences(ctx, false)
	if err != nil {
		return 0, err
	}
	firing := slices.DeleteFunc(slices.Clone(ws), func(w Warning) bool { return w.Status != Firing })
	var changed []Warning
	for i := range ws {
		w := &ws[i]
		if w.Status != Firing {
			continue
		}
		silence, inhibitor := "", ""
		for _, s := range ss {
			if s.Matches(*w) {
				silence = s.ID
				break
			}
		}
		for _, o := range firing {
			if o.UnitID == w.UnitID && o.Cause == w.Cause && o.Fingerprint != w.Fingerprint && a.o.Rules.Inhibits(o.Level, w.Level) {
				inhibitor = o.Fingerprint
				break
			}
		}
		if silence == w.SilencedBy && inhibitor == w.InhibitedBy {
			continue
		}
		switch {
		case silence != w.SilencedBy && silence != "":
			w.Change = Silenced
		case silence != w.SilencedBy:
			w.Change = Unsilenced
		case inhibitor != "":
			w.Change = Inhibited
		default:
			w.Change = Uninhibited
		}
		w.SilencedBy, w.InhibitedBy, w.ChangedAt = silence, inhibitor, now.UTC()
		changed = append(changed, *w)
	}
	return len(firing), a.storeChanges(ctx, changed)
}
