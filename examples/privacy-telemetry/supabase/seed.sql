-- Local development seed data (run by `supabase db reset` after the migrations).

INSERT INTO feature_flags (key, enabled, description)
VALUES ('privacy_dashboard', true, 'Show the privacy transparency dashboard'),
       ('workflow_runs_queue', false, 'Route workflow executions through workflow_runs')
ON CONFLICT (key) DO NOTHING;

INSERT INTO retention_policies ("tableName", "retentionDays", enabled)
VALUES ('audit_logs', 365, true),
       ('metrics_log', 30, true)
ON CONFLICT ("tableName") DO NOTHING;
