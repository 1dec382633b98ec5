-- Domain 2: User Management
-- Creator profiles (one row per TikTok creator per client) with payment info.

CREATE TABLE users (
    id                       uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id                uuid         NOT NULL REFERENCES clients (id),
    tiktok_handle            text         NOT NULL,
    email                    text,
    email_verified           boolean      NOT NULL DEFAULT false,
    password_hash            text,
    is_admin                 boolean      NOT NULL DEFAULT false,
    current_tier             text         NOT NULL DEFAULT 'tier_1',
    tier_achieved_at         timestamptz  NOT NULL DEFAULT now(),
    next_checkpoint_at       timestamptz,
    checkpoint_sales_target  numeric(12,2),
    checkpoint_units_target  integer,
    -- payment info (used for commission boost payouts)
    default_payment_method   text         CHECK (default_payment_method IN ('paypal', 'venmo')),
    default_payment_account  text,
    payment_info_updated_at  timestamptz,
    first_video_date         timestamptz,
    last_login_at            timestamptz,
    created_at               timestamptz  NOT NULL DEFAULT now(),
    updated_at               timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (client_id, tiktok_handle)
);

COMMENT ON TABLE users IS 'Creator profiles, 16 precomputed fields, payment info.';
COMMENT ON COLUMN users.current_tier IS 'tiers.tier_id of the creator''s current tier (e.g. tier_1).';

-- Dashboard queries
CREATE INDEX idx_users_client ON users(client_id);
CREATE INDEX idx_users_tier ON users(client_id, current_tier);
