-- 2025-11-05_telemetry.sql
-- Alternative telemetry schema (snake_case), written for the analytics pipeline that
-- feeds upsert_events() / recompute_metrics_daily() (see 000000000800_upsert_functions.sql).
--
-- NOTE: this file name does not match <digits>_<name>.sql, so `supabase db push` /
-- `supabase migration up` never apply it. It also conflicts with the camelCase
-- file-system "events" table from 20240101000000_initial_schema.sql: on a database
-- that already has that table, CREATE TABLE IF NOT EXISTS below is a no-op and the
-- index on occurred_at fails.

CREATE TABLE IF NOT EXISTS events (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  occurred_at timestamptz NOT NULL DEFAULT now(),
  user_id     uuid,
  event_name  text NOT NULL,
  props       jsonb NOT NULL DEFAULT '{}'::jsonb
);
COMMENT ON TABLE events IS 'Generic events table';

CREATE INDEX IF NOT EXISTS idx_events_occurred_at ON events (occurred_at);

ALTER TABLE events ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS "events_select_own" ON events;
CREATE POLICY "events_select_own" ON events
  FOR SELECT TO authenticated USING (auth.uid() = user_id);
DROP POLICY IF EXISTS "events_insert_own" ON events;
CREATE POLICY "events_insert_own" ON events
  FOR INSERT TO authenticated WITH CHECK (auth.uid() = user_id);
