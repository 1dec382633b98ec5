DROP TABLE IF EXISTS webhook_events;
DROP TABLE IF EXISTS provider_sync_logs;
DROP TABLE IF EXISTS provider_configs;
DROP TYPE IF EXISTS sync_status;
