-- Initial schema, step 3: one public profile per user (influencer handles, audience data).

CREATE TABLE profiles (
  id UUID PRIMARY KEY,
  user_id UUID UNIQUE NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  display_name VARCHAR(255),
  bio TEXT,
  avatar_url VARCHAR(255),
  handles JSONB, -- { instagram: { username, followers, verified }, tiktok: {...}, youtube: {...} }
  country VARCHAR(2),
  timezone VARCHAR(50),
  audience_demographics JSONB, -- { age_groups: {...}, gender: {...}, locations: [...] }
  verified BOOLEAN DEFAULT FALSE,
  verification_method VARCHAR(50), -- 'email', 'sms', 'kyc'
  verified_at TIMESTAMP,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_profiles_user_id ON profiles(user_id);
CREATE INDEX idx_profiles_verified ON profiles(verified);

COMMENT ON TABLE profiles IS 'User profile (one per user). Retention: until account deletion, not configurable (GDPR DSAR).';
COMMENT ON COLUMN profiles.handles IS '{ instagram: { username, followers, verified }, tiktok: {...}, youtube: {...} }';
COMMENT ON COLUMN profiles.audience_demographics IS '{ age_groups: {...}, gender: {...}, locations: [...] }';
COMMENT ON COLUMN profiles.verification_method IS 'email, sms or kyc';
