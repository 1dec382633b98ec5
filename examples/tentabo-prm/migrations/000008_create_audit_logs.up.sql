-- Audit system: an audit entry is performed either by a User or by an AdminUser.

CREATE TABLE audit_logs (
    id            uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       uuid         REFERENCES users (id),
    admin_user_id uuid         REFERENCES admin_users (id),
    action        varchar(50)  NOT NULL,
    entity_type   varchar(100) NOT NULL,
    entity_id     uuid,
    changes       jsonb        NOT NULL DEFAULT '{}'::jsonb,
    ip_address    inet,
    user_agent    varchar(500),
    created_at    timestamptz  NOT NULL DEFAULT now()
);
COMMENT ON TABLE audit_logs IS
    'Audit trail (AuditLog). Each entry is performed by a User or an AdminUser.';

CREATE INDEX ix_audit_logs_user_id       ON audit_logs (user_id);
CREATE INDEX ix_audit_logs_admin_user_id ON audit_logs (admin_user_id);
