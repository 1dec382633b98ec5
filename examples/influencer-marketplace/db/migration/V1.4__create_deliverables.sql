-- Initial schema, step 5: content deliverables requested by a campaign.

CREATE TABLE deliverables (
  id UUID PRIMARY KEY,
  campaign_id UUID NOT NULL REFERENCES campaigns(id),
  type VARCHAR(50) NOT NULL CHECK (type IN ('static_post', 'carousel', 'reel', 'story', 'video_ad', 'unboxing', 'review')),
  count INTEGER NOT NULL DEFAULT 1,
  price_min DECIMAL(19,2),
  price_max DECIMAL(19,2),
  price_suggested DECIMAL(19,2),
  instructions TEXT,
  guidelines JSONB, -- brand guidelines, hashtags, @ mentions
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_deliverables_campaign_id ON deliverables(campaign_id);

COMMENT ON TABLE deliverables IS 'Content pieces a campaign asks for (type, count, price range).';
COMMENT ON COLUMN deliverables.guidelines IS 'Brand guidelines, hashtags, @ mentions';
