-- Domain 5: Missions

CREATE TABLE missions (
    id                 uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id          uuid          NOT NULL REFERENCES clients (id),
    title              text          NOT NULL,
    display_name       text          NOT NULL,
    description        text,
    mission_type       text          NOT NULL
                                     CHECK (mission_type IN ('sales', 'videos', 'views', 'likes', 'raffle')),
    target_value       numeric(12,2) NOT NULL DEFAULT 0 CHECK (target_value >= 0),
    reward_id          uuid          NOT NULL REFERENCES rewards (id),
    tier_eligibility   text          NOT NULL,
    preview_from_tier  text,
    display_order      integer       NOT NULL,
    raffle_end_date    timestamptz,
    activated          boolean       NOT NULL DEFAULT false,
    enabled            boolean       NOT NULL DEFAULT true,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (client_id, tier_eligibility, mission_type, display_order),
    CHECK (mission_type <> 'raffle' OR raffle_end_date IS NOT NULL)
);

COMMENT ON TABLE missions IS 'Mission templates (sales, videos, views, likes, raffle).';

CREATE TABLE mission_progress (
    id                uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id           uuid          NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mission_id        uuid          NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    client_id         uuid          NOT NULL REFERENCES clients (id),
    current_value     numeric(12,2) NOT NULL DEFAULT 0,
    status            text          NOT NULL DEFAULT 'active'
                                    CHECK (status IN ('dormant', 'active', 'completed')),
    completed_at      timestamptz,
    checkpoint_start  timestamptz   NOT NULL,
    checkpoint_end    timestamptz,
    created_at        timestamptz   NOT NULL DEFAULT now(),
    updated_at        timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (user_id, mission_id, checkpoint_start)
);

COMMENT ON TABLE mission_progress IS 'User progress on missions (current_value, status).';
COMMENT ON COLUMN mission_progress.status IS 'State machine: dormant -> active -> completed (TERMINAL).';

-- Mission lookups
CREATE INDEX idx_missions_lookup ON missions(client_id, enabled, tier_eligibility, display_order);
CREATE INDEX idx_mission_progress_tenant ON mission_progress(client_id, user_id, status);
