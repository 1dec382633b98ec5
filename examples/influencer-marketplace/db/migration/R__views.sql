-- Repeatable: reporting views. Re-applied by Flyway whenever this file changes,
-- always after all versioned migrations.

-- Active campaigns with metrics
CREATE OR REPLACE VIEW v_active_campaigns AS
SELECT c.*, COUNT(DISTINCT o.id) as offer_count,
       SUM(p.amount) as total_spent
FROM campaigns c
LEFT JOIN offers o ON c.id = o.campaign_id AND o.status IN ('accepted', 'completed')
LEFT JOIN payments p ON c.id = p.campaign_id AND p.status = 'captured'
WHERE c.status IN ('active', 'paused')
GROUP BY c.id;

-- Influencer leaderboard
CREATE OR REPLACE VIEW v_influencer_leaderboard AS
SELECT u.id, p.display_name, COUNT(DISTINCT c.id) as completed_campaigns,
       AVG(ish.engagement_rate) as avg_engagement,
       SUM(p2.amount) as total_earnings
FROM users u
JOIN profiles p ON u.id = p.user_id
LEFT JOIN contracts c ON u.id = c.influencer_id AND c.status = 'completed'
LEFT JOIN influencer_stats_history ish ON u.id = ish.user_id
LEFT JOIN payments p2 ON c.campaign_id = p2.campaign_id AND p2.payee_id = u.id
WHERE u.role = 'influencer'
GROUP BY u.id, p.display_name
ORDER BY total_earnings DESC;

COMMENT ON VIEW v_active_campaigns IS 'Active campaigns with metrics: active/paused campaigns with accepted/completed offer count and captured payment total.';
COMMENT ON VIEW v_influencer_leaderboard IS 'Influencer leaderboard: completed campaigns, average engagement and total earnings per influencer.';
