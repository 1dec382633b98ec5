-- 2025-11-05_trust_audit.sql
-- Alternative audit log (snake_case) for the trust/safety review flow.
-- Coexists with the camelCase audit_logs table from 20240101000000_initial_schema.sql.
--
-- NOTE: this file name does not match <digits>_<name>.sql, so the Supabase CLI never
-- applies it; audit_log only exists where someone ran this file by hand.

CREATE TABLE IF NOT EXISTS audit_log (
  id      bigserial PRIMARY KEY,
  user_id uuid REFERENCES users (id),
  action  text NOT NULL,
  meta    jsonb NOT NULL DEFAULT '{}'::jsonb,
  ts      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE audit_log IS 'Alternative audit log table';

CREATE INDEX IF NOT EXISTS idx_audit_log_user_id_ts ON audit_log (user_id, ts DESC);

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS "audit_log_select_own" ON audit_log;
CREATE POLICY "audit_log_select_own" ON audit_log
  FOR SELECT TO authenticated USING (auth.uid() = user_id);
DROP POLICY IF EXISTS "audit_log_service_role" ON audit_log;
CREATE POLICY "audit_log_service_role" ON audit_log
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
