-- 20251105_workflow_runs.sql
-- Workflow runs queue (snake_case, written by the queue-worker team).

CREATE TABLE IF NOT EXISTS workflow_runs (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users (id),
  workflow_id uuid NOT NULL REFERENCES workflows (id),
  status      text NOT NULL DEFAULT 'queued',
  retries     integer NOT NULL DEFAULT 0 CHECK (retries >= 0),
  error       text,
  data        jsonb NOT NULL DEFAULT '{}'::jsonb,
  result      jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT workflow_runs_status_check CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled'))
);
COMMENT ON TABLE workflow_runs IS 'Workflow runs queue';

CREATE INDEX IF NOT EXISTS idx_workflow_runs_user_status ON workflow_runs (user_id, status);
COMMENT ON INDEX idx_workflow_runs_user_status IS 'Workflow run status';

-- update_updated_at_column() only knew the camelCase "updatedAt" column; make it work
-- for snake_case updated_at as well, so workflow_runs can reuse it.
CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  _row jsonb := to_jsonb(NEW);
BEGIN
  IF _row ? 'updatedAt' THEN
    NEW := jsonb_populate_record(NEW, jsonb_build_object('updatedAt', now()));
  ELSIF _row ? 'updated_at' THEN
    NEW := jsonb_populate_record(NEW, jsonb_build_object('updated_at', now()));
  END IF;
  RETURN NEW;
END;
$$;
COMMENT ON FUNCTION update_updated_at_column() IS 'Trigger function for updatedAt timestamps';

DROP TRIGGER IF EXISTS update_workflow_runs_updated_at ON workflow_runs;
CREATE TRIGGER update_workflow_runs_updated_at
  BEFORE UPDATE ON workflow_runs
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

ALTER TABLE workflow_runs ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS "Users can view own data" ON workflow_runs;
CREATE POLICY "Users can view own data" ON workflow_runs
  FOR SELECT TO authenticated USING (auth.uid() = user_id);
DROP POLICY IF EXISTS "Users can manage own data" ON workflow_runs;
CREATE POLICY "Users can manage own data" ON workflow_runs
  FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
DROP POLICY IF EXISTS "Service role bypass" ON workflow_runs;
CREATE POLICY "Service role bypass" ON workflow_runs
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
