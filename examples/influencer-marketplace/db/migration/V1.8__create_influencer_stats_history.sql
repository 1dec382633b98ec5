-- Initial schema, step 9: periodic snapshots of an influencer's social-platform stats.

CREATE TABLE influencer_stats_history (
  id UUID PRIMARY KEY,
  user_id UUID NOT NULL REFERENCES users(id),
  platform VARCHAR(50) NOT NULL CHECK (platform IN ('instagram', 'tiktok', 'youtube', 'twitter')),
  followers INTEGER,
  following INTEGER,
  posts INTEGER,
  engagement_rate DECIMAL(5,2),
  engagement_count INTEGER,
  average_likes INTEGER,
  average_comments INTEGER,
  reach INTEGER,
  impressions INTEGER,
  audience_growth DECIMAL(5,2),
  authenticity_score DECIMAL(3,2), -- 0-1, from ML model
  fake_follower_risk VARCHAR(50) DEFAULT 'low' CHECK (fake_follower_risk IN ('low', 'medium', 'high')),
  fake_follower_risk_score DECIMAL(3,2), -- 0-100
  last_sync TIMESTAMP,
  snapshot_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  data_source VARCHAR(50), -- 'platform_api', 'user_submitted'
  data_hash VARCHAR(255) -- for tamper detection
);

CREATE INDEX idx_influencer_stats_user_platform_date ON influencer_stats_history(user_id, platform, snapshot_at DESC);
CREATE INDEX idx_influencer_stats_authenticity ON influencer_stats_history(authenticity_score);
CREATE INDEX idx_influencer_stats_fake_follower_risk ON influencer_stats_history(fake_follower_risk_score DESC);

COMMENT ON TABLE influencer_stats_history IS 'Per-platform influencer statistics over time. Retention: 2 years, configurable.';
COMMENT ON COLUMN influencer_stats_history.authenticity_score IS '0-1, from ML model';
COMMENT ON COLUMN influencer_stats_history.fake_follower_risk_score IS '0-100';
COMMENT ON COLUMN influencer_stats_history.data_source IS 'platform_api or user_submitted';
COMMENT ON COLUMN influencer_stats_history.data_hash IS 'For tamper detection';
