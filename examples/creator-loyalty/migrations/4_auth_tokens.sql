-- Domain 2: User Management
-- Signup email verification and password reset. These tables have no client_id:
-- they are user-scoped and inherit the tenant through users.

CREATE TABLE otp_codes (
    id          uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id  text         NOT NULL UNIQUE,
    code_hash   text         NOT NULL,
    expires_at  timestamptz  NOT NULL,
    attempts    integer      NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    used        boolean      NOT NULL DEFAULT false,
    created_at  timestamptz  NOT NULL DEFAULT now()
);

COMMENT ON TABLE otp_codes IS 'Email verification during signup. User-scoped (no client_id): inherits tenant via user.';

CREATE TABLE password_reset_tokens (
    id          uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  text         NOT NULL,
    expires_at  timestamptz  NOT NULL,
    used_at     timestamptz,
    ip_address  inet,
    created_at  timestamptz  NOT NULL DEFAULT now()
);

COMMENT ON TABLE password_reset_tokens IS 'Magic link password reset. User-scoped (no client_id): inherits tenant via user.';
