-- Domain 2: User Management
-- TikTok handle change tracking (detected during the Cruva sync, resolved by an admin).

CREATE TABLE handle_changes (
    id           uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid         NOT NULL REFERENCES users (id),
    old_handle   text         NOT NULL,
    new_handle   text         NOT NULL,
    detected_at  timestamptz  NOT NULL DEFAULT now(),
    resolved_by  uuid         REFERENCES users (id),
    resolved_at  timestamptz
);

COMMENT ON TABLE handle_changes IS 'TikTok handle change tracking. User-scoped (no client_id): inherits tenant via user.';
