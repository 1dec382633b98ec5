-- 20250106000000_metrics_log.sql
-- Metrics log table: performance metrics pushed by the collectors (snake_case).

CREATE TABLE IF NOT EXISTS metrics_log (
  id         bigserial PRIMARY KEY,
  ts         timestamptz NOT NULL DEFAULT now(),
  source     text NOT NULL,
  metric     jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE metrics_log IS 'Performance metrics';

ALTER TABLE metrics_log ENABLE ROW LEVEL SECURITY;

CREATE POLICY "Service role bypass" ON metrics_log
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
