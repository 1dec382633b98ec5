-- Domain 6: Rewards
-- Reward templates. A reward is granted either by reaching a VIP tier or by completing a mission.

CREATE TABLE rewards (
    id                      uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id               uuid         NOT NULL REFERENCES clients (id),
    type                    text         NOT NULL
                                         CHECK (type IN ('gift_card', 'commission_boost', 'spark_ads',
                                                         'discount', 'physical_gift', 'experience')),
    name                    text,
    description             text,
    value_data              jsonb,
    reward_source           text         NOT NULL DEFAULT 'mission'
                                         CHECK (reward_source IN ('vip_tier', 'mission')),
    tier_eligibility        text         NOT NULL,
    preview_from_tier       text,
    redemption_frequency    text         NOT NULL DEFAULT 'one-time'
                                         CHECK (redemption_frequency IN ('one-time', 'monthly', 'weekly', 'unlimited')),
    redemption_quantity     integer      CHECK (redemption_quantity > 0),
    redemption_type         text         NOT NULL DEFAULT 'instant'
                                         CHECK (redemption_type IN ('instant', 'scheduled')),
    expires_days            integer,
    display_order           integer      NOT NULL DEFAULT 0,
    enabled                 boolean      NOT NULL DEFAULT true,
    created_at              timestamptz  NOT NULL DEFAULT now(),
    updated_at              timestamptz  NOT NULL DEFAULT now()
);

COMMENT ON TABLE rewards IS 'Reward templates (6 types: gift_card, commission_boost, spark_ads, discount, physical_gift, experience).';

-- Reward lookups
CREATE INDEX idx_rewards_lookup ON rewards(client_id, enabled, tier_eligibility, reward_source, display_order);
