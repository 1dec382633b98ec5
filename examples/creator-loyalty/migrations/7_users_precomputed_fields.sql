-- Domain 2: User Management
-- The 16 precomputed dashboard fields on users, refreshed by the daily sync so the
-- dashboard never aggregates videos/sales_adjustments at request time.

ALTER TABLE users
    ADD COLUMN leaderboard_rank                integer,
    ADD COLUMN total_sales                     numeric(12,2) NOT NULL DEFAULT 0,
    ADD COLUMN total_units                     integer       NOT NULL DEFAULT 0,
    ADD COLUMN manual_adjustments_total        numeric(12,2) NOT NULL DEFAULT 0,
    ADD COLUMN manual_adjustments_units        integer       NOT NULL DEFAULT 0,
    ADD COLUMN checkpoint_sales_current        numeric(12,2) NOT NULL DEFAULT 0,
    ADD COLUMN checkpoint_units_current        integer       NOT NULL DEFAULT 0,
    ADD COLUMN projected_tier_at_checkpoint    text,
    ADD COLUMN checkpoint_videos_posted        integer       NOT NULL DEFAULT 0,
    ADD COLUMN checkpoint_total_views          bigint        NOT NULL DEFAULT 0,
    ADD COLUMN checkpoint_total_likes          bigint        NOT NULL DEFAULT 0,
    ADD COLUMN checkpoint_total_comments       bigint        NOT NULL DEFAULT 0,
    ADD COLUMN next_tier_name                  text,
    ADD COLUMN next_tier_threshold             numeric(12,2),
    ADD COLUMN next_tier_threshold_units       integer,
    ADD COLUMN checkpoint_progress_updated_at  timestamptz;

COMMENT ON COLUMN users.leaderboard_rank IS 'Precomputed field 1/16.';
COMMENT ON COLUMN users.total_sales IS 'Precomputed field 2/16.';
COMMENT ON COLUMN users.total_units IS 'Precomputed field 3/16.';
COMMENT ON COLUMN users.manual_adjustments_total IS 'Precomputed field 4/16.';
COMMENT ON COLUMN users.manual_adjustments_units IS 'Precomputed field 5/16.';
COMMENT ON COLUMN users.checkpoint_sales_current IS 'Precomputed field 6/16.';
COMMENT ON COLUMN users.checkpoint_units_current IS 'Precomputed field 7/16.';
COMMENT ON COLUMN users.projected_tier_at_checkpoint IS 'Precomputed field 8/16.';
COMMENT ON COLUMN users.checkpoint_videos_posted IS 'Precomputed field 9/16.';
COMMENT ON COLUMN users.checkpoint_total_views IS 'Precomputed field 10/16.';
COMMENT ON COLUMN users.checkpoint_total_likes IS 'Precomputed field 11/16.';
COMMENT ON COLUMN users.checkpoint_total_comments IS 'Precomputed field 12/16.';
COMMENT ON COLUMN users.next_tier_name IS 'Precomputed field 13/16.';
COMMENT ON COLUMN users.next_tier_threshold IS 'Precomputed field 14/16.';
COMMENT ON COLUMN users.next_tier_threshold_units IS 'Precomputed field 15/16.';
COMMENT ON COLUMN users.checkpoint_progress_updated_at IS 'Precomputed field 16/16.';
