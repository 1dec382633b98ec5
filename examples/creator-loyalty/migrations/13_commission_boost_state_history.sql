-- Domain 7: Reward Sub-States (audit)
-- Financial compliance audit trail of boost_status transitions. Populated by database trigger
-- (track_boost_transitions, see 14_state_machine_triggers.sql); the application never writes it.

CREATE TABLE commission_boost_state_history (
    id                   uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    boost_redemption_id  uuid         NOT NULL REFERENCES commission_boost_redemptions (id) ON DELETE CASCADE,
    client_id            uuid         NOT NULL REFERENCES clients (id),
    from_status          text         NOT NULL,
    to_status            text         NOT NULL,
    transitioned_at      timestamptz  NOT NULL DEFAULT now(),
    transitioned_by      uuid         REFERENCES users (id),
    transition_type      text         NOT NULL DEFAULT 'manual'
                                      CHECK (transition_type IN ('manual', 'cron')),
    notes                text,
    CHECK (from_status IN ('scheduled', 'active', 'expired', 'pending_info', 'pending_payout', 'paid')),
    CHECK (to_status   IN ('scheduled', 'active', 'expired', 'pending_info', 'pending_payout', 'paid'))
);

COMMENT ON TABLE commission_boost_state_history IS 'Financial compliance audit trail. ONE-TO-MANY with commission_boost_redemptions. Populated by database trigger.';
COMMENT ON COLUMN commission_boost_state_history.transitioned_by IS 'From the app.current_user_id session setting; NULL (transition_type = cron) when no user is set.';
