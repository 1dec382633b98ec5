-- Provider system: provider configurations, their sync logs, and inbound webhook
-- events from external providers (no foreign key: the provider is external).

CREATE TYPE sync_status AS ENUM (
    'STARTED',
    'SUCCESS',
    'PARTIAL',
    'FAILED'
);

CREATE TABLE provider_configs (
    id            uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    provider_name varchar(50)  NOT NULL,
    display_name  varchar(255) NOT NULL,
    api_base_url  varchar(500),
    config        jsonb        NOT NULL DEFAULT '{}'::jsonb,
    is_active     boolean      NOT NULL DEFAULT true,
    last_sync_at  timestamptz,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT uq_provider_configs_provider_name UNIQUE (provider_name)
);
COMMENT ON TABLE provider_configs IS
    'Configuration of an external provider integration (ProviderConfig). Logs ProviderSyncLogs.';

CREATE TABLE provider_sync_logs (
    id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    provider_config_id uuid        NOT NULL REFERENCES provider_configs (id) ON DELETE CASCADE,
    sync_type          varchar(50) NOT NULL,
    status             sync_status NOT NULL DEFAULT 'STARTED',
    started_at         timestamptz NOT NULL DEFAULT now(),
    completed_at       timestamptz,
    records_processed  integer     NOT NULL DEFAULT 0,
    records_failed     integer     NOT NULL DEFAULT 0,
    error_message      text,
    details            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT ck_provider_sync_logs_records_processed_non_negative CHECK (records_processed >= 0),
    CONSTRAINT ck_provider_sync_logs_records_failed_non_negative CHECK (records_failed >= 0)
);
COMMENT ON TABLE provider_sync_logs IS
    'One synchronisation run of a provider (ProviderSyncLog). Cascade-deleted with the provider config.';

CREATE INDEX ix_provider_sync_logs_provider_config_id ON provider_sync_logs (provider_config_id);

CREATE TABLE webhook_events (
    id                uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    provider          varchar(50)  NOT NULL,
    external_event_id varchar(255) NOT NULL,
    event_type        varchar(100) NOT NULL,
    payload           jsonb        NOT NULL,
    signature         varchar(512),
    processed         boolean      NOT NULL DEFAULT false,
    processed_at      timestamptz,
    error_message     text,
    received_at       timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT uq_webhook_events_provider_event UNIQUE (provider, external_event_id)
);
COMMENT ON TABLE webhook_events IS
    'Inbound webhook events (WebhookEvent) received from an external provider.';
