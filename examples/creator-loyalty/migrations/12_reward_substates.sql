-- Domain 7: Reward Sub-States
-- Type-specific state for redemptions. Each sub-state row repeats client_id and is tied to its
-- redemption by a composite FK (redemption_id, client_id) so it can never point to another tenant.

CREATE TABLE commission_boost_redemptions (
    id                         uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    redemption_id              uuid          NOT NULL UNIQUE REFERENCES redemptions (id) ON DELETE CASCADE,
    client_id                  uuid          NOT NULL REFERENCES clients (id),
    boost_status               text          NOT NULL DEFAULT 'scheduled'
                                             CHECK (boost_status IN ('scheduled', 'active', 'expired',
                                                                     'pending_info', 'pending_payout', 'paid')),
    scheduled_activation_date  date          NOT NULL,
    activated_at               timestamptz,
    expires_at                 timestamptz,
    duration_days              integer       NOT NULL DEFAULT 30 CHECK (duration_days > 0),
    boost_rate                 numeric(5,2)  NOT NULL CHECK (boost_rate > 0),
    sales_at_activation        numeric(12,2),
    sales_at_expiration        numeric(12,2),
    sales_delta                numeric(12,2),
    calculated_commission      numeric(12,2),
    final_payout_amount        numeric(12,2),
    payment_method             text          CHECK (payment_method IN ('paypal', 'venmo')),
    payment_account            text,
    payment_info_collected_at  timestamptz,
    payout_sent_at             timestamptz,
    payout_sent_by             uuid          REFERENCES users (id),
    payout_notes               text,
    created_at                 timestamptz   NOT NULL DEFAULT now(),
    updated_at                 timestamptz   NOT NULL DEFAULT now(),
    FOREIGN KEY (redemption_id, client_id) REFERENCES redemptions (id, client_id)
);

COMMENT ON TABLE commission_boost_redemptions IS '6-state boost lifecycle, payment tracking. ONE-TO-ONE with redemptions.';
COMMENT ON COLUMN commission_boost_redemptions.boost_status IS 'State machine: scheduled -> active -> expired -> pending_info -> pending_payout -> paid (TERMINAL).';

CREATE TABLE physical_gift_redemptions (
    id                             uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    redemption_id                  uuid         NOT NULL UNIQUE REFERENCES redemptions (id) ON DELETE CASCADE,
    client_id                      uuid         NOT NULL REFERENCES clients (id),
    requires_size                  boolean      NOT NULL DEFAULT false,
    size_category                  text         CHECK (size_category IN ('clothing', 'shoes')),
    size_value                     text,
    size_submitted_at              timestamptz,
    shipping_recipient_first_name  text,
    shipping_recipient_last_name   text,
    shipping_address_line1         text,
    shipping_address_line2         text,
    shipping_city                  text,
    shipping_state                 text,
    shipping_postal_code           text,
    shipping_country               text         NOT NULL DEFAULT 'USA',
    shipping_phone                 text,
    shipping_info_submitted_at     timestamptz,
    tracking_number                text,
    carrier                        text,
    shipped_at                     timestamptz,
    delivered_at                   timestamptz,
    created_at                     timestamptz  NOT NULL DEFAULT now(),
    updated_at                     timestamptz  NOT NULL DEFAULT now(),
    FOREIGN KEY (redemption_id, client_id) REFERENCES redemptions (id, client_id),
    CHECK (NOT requires_size OR size_category IS NOT NULL)
);

COMMENT ON TABLE physical_gift_redemptions IS 'Size & shipping info for physical gifts. ONE-TO-ONE with redemptions.';

CREATE TABLE raffle_participations (
    id                   uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    mission_id           uuid         NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    user_id              uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mission_progress_id  uuid         NOT NULL REFERENCES mission_progress (id) ON DELETE CASCADE,
    redemption_id        uuid         NOT NULL REFERENCES redemptions (id) ON DELETE CASCADE,
    client_id            uuid         NOT NULL REFERENCES clients (id),
    participated_at      timestamptz  NOT NULL DEFAULT now(),
    is_winner            boolean,
    winner_selected_at   timestamptz,
    selected_by          uuid         REFERENCES users (id),
    created_at           timestamptz  NOT NULL DEFAULT now(),
    updated_at           timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (mission_id, user_id),
    FOREIGN KEY (redemption_id, client_id) REFERENCES redemptions (id, client_id)
);

COMMENT ON TABLE raffle_participations IS 'Raffle entries & winner selection. ONE-TO-MANY with missions (per user).';
COMMENT ON COLUMN raffle_participations.is_winner IS 'NULL until the draw, then true/false.';

-- Admin fulfillment
CREATE INDEX idx_boost_tenant ON commission_boost_redemptions(client_id, boost_status);
CREATE INDEX idx_physical_gift_pending ON physical_gift_redemptions(created_at) WHERE shipped_at IS NULL;
