-- 20250101000000_performance_indexes.sql
-- Performance indexes for the hot dashboard queries.

-- Composite user+time for the activity timeline.
-- (Same key as idx_events_user_id_timestamp from the initial schema.)
CREATE INDEX IF NOT EXISTS idx_events_user_timestamp ON events ("userId", "timestamp");
COMMENT ON INDEX idx_events_user_timestamp IS 'Composite user+time';

CREATE INDEX IF NOT EXISTS idx_patterns_file_extension ON patterns ("fileExtension");
COMMENT ON INDEX idx_patterns_file_extension IS 'Extension lookups';

CREATE INDEX IF NOT EXISTS idx_relationships_source_target ON relationships ("sourceFile", "targetFile");
COMMENT ON INDEX idx_relationships_source_target IS 'File relationship lookups';
