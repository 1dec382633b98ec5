-- Initial schema, step 11: campaign metric snapshots.
-- The design keeps these in ClickHouse (MergeTree, ORDER BY (campaign_id, created_at),
-- PARTITION BY toYYYYMM(created_at)). Here they live in PostgreSQL as a declaratively
-- partitioned table with one RANGE partition per month.
--   String -> TEXT, Float32 -> REAL, JSON -> JSONB, DateTime -> TIMESTAMP.
--   ClickHouse columns are non-Nullable unless declared Nullable(...), hence NOT NULL.
--   A partitioned table's primary key must contain the partition key, so the PK is
--   (id, created_at) instead of a plain id.
--   Campaign (1) - (N) MetricSnapshot from the ER diagram becomes a real FK.

CREATE TABLE metric_snapshots (
  id UUID NOT NULL,
  campaign_id UUID NOT NULL REFERENCES campaigns(id),
  platform TEXT NOT NULL,
  metric_type TEXT NOT NULL, -- 'impressions', 'clicks', 'engagement', etc
  metric_value REAL NOT NULL,
  data JSONB NOT NULL,
  provenance JSONB NOT NULL, -- { source: 'platform_api', token_id: '...', pull_time: '...' }
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

-- ClickHouse sorting key (campaign_id, created_at); propagated to every partition.
CREATE INDEX idx_metric_snapshots_campaign_created ON metric_snapshots(campaign_id, created_at);

-- Monthly partitions (YYYY-MM). New months are added by the partition-maintenance job.
CREATE TABLE metric_snapshots_2026_09 PARTITION OF metric_snapshots
  FOR VALUES FROM ('2026-09-01') TO ('2026-10-01');
CREATE TABLE metric_snapshots_2026_10 PARTITION OF metric_snapshots
  FOR VALUES FROM ('2026-10-01') TO ('2026-11-01');
CREATE TABLE metric_snapshots_2026_11 PARTITION OF metric_snapshots
  FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');
CREATE TABLE metric_snapshots_2026_12 PARTITION OF metric_snapshots
  FOR VALUES FROM ('2026-12-01') TO ('2027-01-01');
CREATE TABLE metric_snapshots_2027_01 PARTITION OF metric_snapshots
  FOR VALUES FROM ('2027-01-01') TO ('2027-02-01');
CREATE TABLE metric_snapshots_2027_02 PARTITION OF metric_snapshots
  FOR VALUES FROM ('2027-02-01') TO ('2027-03-01');
-- Catch-all so a late or early snapshot never fails to insert.
CREATE TABLE metric_snapshots_default PARTITION OF metric_snapshots DEFAULT;

COMMENT ON TABLE metric_snapshots IS 'Campaign performance metrics pulled from platform APIs, partitioned by month (YYYY-MM). Retention: 1 year hot + archive, configurable.';
COMMENT ON COLUMN metric_snapshots.metric_type IS 'e.g. impressions, clicks, engagement';
COMMENT ON COLUMN metric_snapshots.provenance IS '{ source: ''platform_api'', token_id: ''...'', pull_time: ''...'' }';

-- Historical metrics older than 2 years are moved here (by the archiving job).
CREATE SCHEMA archive;
COMMENT ON SCHEMA archive IS 'Archive for historical metrics older than 2 years, moved out of metric_snapshots.';
