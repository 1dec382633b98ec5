-- Domain 6: Rewards
-- One row per claim of a reward. 5-state lifecycle:
--   claimable -> claimed -> fulfilled -> concluded (TERMINAL)
--                claimed -> rejected (TERMINAL)

CREATE TABLE redemptions (
    id                         uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id                    uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reward_id                  uuid         NOT NULL REFERENCES rewards (id) ON DELETE CASCADE,
    mission_progress_id        uuid         REFERENCES mission_progress (id) ON DELETE CASCADE,
    client_id                  uuid         NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    status                     text         NOT NULL DEFAULT 'claimable'
                                            CHECK (status IN ('claimable', 'claimed', 'fulfilled', 'concluded', 'rejected')),
    tier_at_claim              text         NOT NULL,
    redemption_type            text         NOT NULL DEFAULT 'instant'
                                            CHECK (redemption_type IN ('instant', 'scheduled')),
    claimed_at                 timestamptz,
    scheduled_activation_date  date,
    fulfilled_at               timestamptz,
    fulfilled_by               uuid         REFERENCES users (id),
    fulfillment_notes          text,
    concluded_at               timestamptz,
    rejected_at                timestamptz,
    rejection_reason           text,
    created_at                 timestamptz  NOT NULL DEFAULT now(),
    updated_at                 timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (user_id, reward_id, tier_at_claim, claimed_at),
    UNIQUE (user_id, mission_progress_id),
    -- target of the (redemption_id, client_id) composite FKs of the sub-state tables
    UNIQUE (id, client_id)
);

COMMENT ON TABLE redemptions IS '5-state lifecycle (claimable -> claimed -> fulfilled -> concluded | rejected).';
COMMENT ON COLUMN redemptions.status IS 'State machine: claimable -> claimed -> fulfilled -> concluded (TERMINAL); claimed -> rejected (TERMINAL).';

CREATE INDEX idx_redemptions_tenant ON redemptions(client_id, user_id, status);
