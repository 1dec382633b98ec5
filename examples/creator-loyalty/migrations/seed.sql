-- Demo data (not a migration): two clients and a handful of creators/admins.
-- users has FORCE ROW LEVEL SECURITY, so each client's rows are inserted with
-- app.current_client_id set to that client (needed when not running as a superuser).

INSERT INTO clients (id, name, subdomain, primary_color, tier_calculation_mode, checkpoint_months, vip_metric) VALUES
    ('11111111-1111-4111-8111-111111111111', 'Glow Cosmetics', 'glow',  '#ec4899', 'fixed_checkpoint', 4, 'sales'),
    ('22222222-2222-4222-8222-222222222222', 'Peak Fitness',   'peak',  '#22c55e', 'lifetime',         4, 'units');

SET app.current_client_id = '11111111-1111-4111-8111-111111111111';

INSERT INTO users (id, client_id, tiktok_handle, email, email_verified, is_admin, current_tier) VALUES
    ('aaaaaaaa-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'glow_admin',    'admin@glow.example',  true,  true,  'tier_1'),
    ('aaaaaaaa-0000-4000-8000-000000000002', '11111111-1111-4111-8111-111111111111', 'makeupbymaya',  'maya@example.com',    true,  false, 'tier_2'),
    ('aaaaaaaa-0000-4000-8000-000000000003', '11111111-1111-4111-8111-111111111111', 'skincare.sam',  'sam@example.com',     false, false, 'tier_1');

SET app.current_client_id = '22222222-2222-4222-8222-222222222222';

INSERT INTO users (id, client_id, tiktok_handle, email, email_verified, is_admin, current_tier) VALUES
    ('bbbbbbbb-0000-4000-8000-000000000001', '22222222-2222-4222-8222-222222222222', 'peak_admin',    'admin@peak.example',  true,  true,  'tier_1'),
    ('bbbbbbbb-0000-4000-8000-000000000002', '22222222-2222-4222-8222-222222222222', 'liftwithleo',   'leo@example.com',     true,  false, 'tier_3');

RESET app.current_client_id;
