package app

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/trustwatch/trustwatch/auth"
	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/chhttp"
	"github.com/trustwatch/trustwatch/web"
)

// OpenEmbedded opens the embedded engine in the data directory whatever the
// clickhouse section says: `trustwatch store serve` owns it, and the other
// services, configured with clickhouse.addrs, reach it through that process.
func OpenEmbedded(ctx context.Context, cfg *config.Config, log *slog.Logger) (*Engine, error) {
	c := *cfg
	c.ClickHouse.Addrs = nil
	return Open(ctx, &c, log)
}

// StoreHandler serves the engine's store over ClickHouse's HTTP interface to
// other processes, beside OpsMux: the services' account
// (clickhouse.user, the password of clickhouse.password_env) writes; the
// desk's analysts and admins read under the read-only policy.
func (e *Engine) StoreHandler() (http.Handler, error) {
	writer, password := e.Cfg.ClickHouse.User, e.Cfg.Loaded.Secrets.ClickHousePassword
	if password == "" {
		env := e.Cfg.ClickHouse.PasswordEnv
		if env == "" {
			env = "(none named)"
		}
		return nil, fmt.Errorf("store serve: the services' account %q needs a password: set clickhouse.password_env and that variable (now %s)", writer, env)
	}
	users := auth.NewUsers(e.Cfg.Loaded.Users)
	limiter := auth.NewLimiter(5, 15*time.Minute, time.Now)
	statements := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "trustwatch_store_statements_total",
		Help: "Statements served over ClickHouse's HTTP interface, by role and outcome."}, []string{"role", "outcome"})
	e.Metrics.MustRegister(statements)
	h := &chhttp.Handler{
		Store:         e.Store,
		DeniedMessage: "only TrustWatch's services write; analysts and admins read",
		Authenticate: web.SQLLogin(users, limiter, func(name, pw string) bool {
			return name == writer && subtle.ConstantTimeCompare([]byte(pw), []byte(password)) == 1
		}),
		Done: func(r *http.Request, c chhttp.Caller, q string, err error) {
			outcome := "ok"
			switch {
			case errors.Is(err, store.ErrRefused):
				outcome = "refused"
			case err != nil:
				outcome = "error"
				e.Logger.Warn("store statement failed", "user", c.Name, "err", err)
			}
			statements.WithLabelValues(c.Role.String(), outcome).Inc()
		},
	}
	mux := e.OpsMux()
	mux.Handle("/", h)
	return mux, nil
}
