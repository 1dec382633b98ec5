-- Database triggers for the reward / mission state machines.
--   1. boost_status -> redemptions.status sync
--   2. Commission boost state history logger (track_boost_transitions)
--   3. State transition validation (Pattern 3): invalid transitions raise EXCEPTION

-- ---------------------------------------------------------------------------
-- 3. State transition validation (Pattern 3)
-- One function shared by the three state-machine columns:
--   redemptions.status                         claimable -> claimed -> fulfilled -> concluded, claimed -> rejected
--   commission_boost_redemptions.boost_status  scheduled -> active -> expired -> pending_info -> pending_payout -> paid
--   mission_progress.status                    dormant -> active -> completed
-- Terminal states (concluded, rejected, paid, completed) have no outgoing transitions.
-- ---------------------------------------------------------------------------
CREATE FUNCTION validate_state_transition() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_state text;
    new_state text;
    valid     boolean;
BEGIN
    IF TG_TABLE_NAME = 'redemptions' THEN
        old_state := OLD.status;
        new_state := NEW.status;
        valid := (old_state, new_state) IN (
            ('claimable', 'claimed'),
            ('claimed',   'fulfilled'),
            ('claimed',   'rejected'),
            ('fulfilled', 'concluded'));
    ELSIF TG_TABLE_NAME = 'commission_boost_redemptions' THEN
        old_state := OLD.boost_status;
        new_state := NEW.boost_status;
        valid := (old_state, new_state) IN (
            ('scheduled',      'active'),
            ('active',         'expired'),
            ('expired',        'pending_info'),
            ('pending_info',   'pending_payout'),
            ('pending_payout', 'paid'));
    ELSIF TG_TABLE_NAME = 'mission_progress' THEN
        old_state := OLD.status;
        new_state := NEW.status;
        valid := (old_state, new_state) IN (
            ('dormant', 'active'),
            ('active',  'completed'));
    ELSE
        RAISE EXCEPTION 'validate_state_transition() is not defined for table %', TG_TABLE_NAME;
    END IF;

    -- An UPDATE that leaves the state unchanged is not a transition.
    IF old_state IS NOT DISTINCT FROM new_state THEN
        RETURN NEW;
    END IF;

    IF NOT valid THEN
        RAISE EXCEPTION 'Invalid state transition on %: % -> %', TG_TABLE_NAME, old_state, new_state
            USING ERRCODE = 'check_violation',
                  HINT = 'See the state machines in the schema documentation.';
    END IF;

    RETURN NEW;
END;
$$;

COMMENT ON FUNCTION validate_state_transition() IS 'Pattern 3: prevents invalid state transitions; invalid transitions raise EXCEPTION.';

CREATE TRIGGER validate_redemption_status_transition
    BEFORE UPDATE OF status ON redemptions
    FOR EACH ROW
    EXECUTE FUNCTION validate_state_transition();

CREATE TRIGGER validate_boost_status_transition
    BEFORE UPDATE OF boost_status ON commission_boost_redemptions
    FOR EACH ROW
    EXECUTE FUNCTION validate_state_transition();

CREATE TRIGGER validate_mission_progress_status_transition
    BEFORE UPDATE OF status ON mission_progress
    FOR EACH ROW
    EXECUTE FUNCTION validate_state_transition();

-- ---------------------------------------------------------------------------
-- 1. boost_status -> redemptions.status sync
--   scheduled/active/expired/pending_info -> claimed
--   pending_payout                        -> fulfilled
--   paid                                  -> concluded
-- The resulting redemptions UPDATE is itself checked by validate_redemption_status_transition.
-- ---------------------------------------------------------------------------
CREATE FUNCTION sync_boost_status_to_redemption() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    target_status text;
BEGIN
    target_status := CASE NEW.boost_status
        WHEN 'scheduled'      THEN 'claimed'
        WHEN 'active'         THEN 'claimed'
        WHEN 'expired'        THEN 'claimed'
        WHEN 'pending_info'   THEN 'claimed'
        WHEN 'pending_payout' THEN 'fulfilled'
        WHEN 'paid'           THEN 'concluded'
    END;

    UPDATE redemptions
       SET status     = target_status,
           updated_at = now()
     WHERE id = NEW.redemption_id
       AND client_id = NEW.client_id
       AND status IS DISTINCT FROM target_status;

    RETURN NULL;
END;
$$;

COMMENT ON FUNCTION sync_boost_status_to_redemption() IS 'Auto-updates redemptions.status when boost_status changes.';

CREATE TRIGGER sync_boost_status_to_redemption
    AFTER UPDATE OF boost_status ON commission_boost_redemptions
    FOR EACH ROW
    WHEN (OLD.boost_status IS DISTINCT FROM NEW.boost_status)
    EXECUTE FUNCTION sync_boost_status_to_redemption();

-- ---------------------------------------------------------------------------
-- 2. Commission boost state history logger
-- Logs all boost_status transitions to commission_boost_state_history.
-- ---------------------------------------------------------------------------
CREATE FUNCTION log_boost_transition() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    actor uuid;
BEGIN
    IF OLD.boost_status IS NOT DISTINCT FROM NEW.boost_status THEN
        RETURN NULL;
    END IF;

    actor := NULLIF(current_setting('app.current_user_id', true), '')::uuid;

    INSERT INTO commission_boost_state_history
        (boost_redemption_id, client_id, from_status, to_status, transitioned_by, transition_type)
    VALUES
        (NEW.id, NEW.client_id, OLD.boost_status, NEW.boost_status, actor,
         CASE WHEN actor IS NULL THEN 'cron' ELSE 'manual' END);

    RETURN NULL;
END;
$$;

COMMENT ON FUNCTION log_boost_transition() IS 'Logs all boost_status transitions to commission_boost_state_history.';

CREATE TRIGGER track_boost_transitions
  AFTER UPDATE ON commission_boost_redemptions
  FOR EACH ROW
  EXECUTE FUNCTION log_boost_transition();
