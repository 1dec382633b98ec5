-- Indexing strategy: full-text search indices (TSVECTOR) on bio and descriptions.
-- Expression GIN indexes; the two-argument to_tsvector is IMMUTABLE, so it is indexable.

CREATE INDEX idx_profiles_bio_fts ON profiles
  USING GIN (to_tsvector('english'::regconfig, COALESCE(bio, '')));
CREATE INDEX idx_organizations_description_fts ON organizations
  USING GIN (to_tsvector('english'::regconfig, COALESCE(description, '')));
CREATE INDEX idx_campaigns_description_fts ON campaigns
  USING GIN (to_tsvector('english'::regconfig, COALESCE(description, '')));
