-- 20251105_crux_hardening.sql
-- Additional performance indexes: telemetry and transparency-log reads became the
-- slowest queries behind the privacy dashboard.

CREATE INDEX IF NOT EXISTS idx_telemetry_events_user_timestamp ON telemetry_events ("userId", "timestamp" DESC);
COMMENT ON INDEX idx_telemetry_events_user_timestamp IS 'User telemetry by time';

CREATE INDEX IF NOT EXISTS idx_telemetry_events_app_id ON telemetry_events ("appId");
COMMENT ON INDEX idx_telemetry_events_app_id IS 'App filtering';

CREATE INDEX IF NOT EXISTS idx_privacy_transparency_log_user_timestamp ON privacy_transparency_log ("userId", "timestamp" DESC);
COMMENT ON INDEX idx_privacy_transparency_log_user_timestamp IS 'User transparency logs';
