-- Gift card operations: atomic claiming, delivery status updates, lookup for a
-- recipient's card per condition, status lifecycle and pool inventory counters.

-- Lifecycle: available -> claimed -> delivered. Nothing goes backwards.
CREATE OR REPLACE FUNCTION public.enforce_gift_card_status_transition()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT (
         (OLD.status = 'available' AND NEW.status = 'claimed')
      OR (OLD.status = 'claimed'   AND NEW.status = 'delivered')
    ) THEN
      RAISE EXCEPTION 'Invalid gift card status transition: % -> %', OLD.status, NEW.status
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER enforce_gift_card_status_transition
  BEFORE UPDATE OF status ON public.gift_cards
  FOR EACH ROW EXECUTE FUNCTION public.enforce_gift_card_status_transition();

-- Keep gift_card_pools.total_cards / available_cards / claimed_cards in sync.
CREATE OR REPLACE FUNCTION public.sync_gift_card_pool_counts()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  v_pool_id uuid;
BEGIN
  FOR v_pool_id IN
    SELECT DISTINCT p FROM unnest(ARRAY[
      CASE WHEN TG_OP <> 'INSERT' THEN OLD.pool_id END,
      CASE WHEN TG_OP <> 'DELETE' THEN NEW.pool_id END
    ]) AS p
    WHERE p IS NOT NULL
  LOOP
    UPDATE public.gift_card_pools gp
    SET total_cards     = c.total,
        available_cards = c.available,
        claimed_cards   = c.claimed
    FROM (
      SELECT count(*)::int                                          AS total,
             count(*) FILTER (WHERE status = 'available')::int      AS available,
             count(*) FILTER (WHERE status IN ('claimed', 'delivered'))::int AS claimed
      FROM public.gift_cards
      WHERE pool_id = v_pool_id
    ) c
    WHERE gp.id = v_pool_id;
  END LOOP;
  RETURN NULL;
END;
$$;

CREATE TRIGGER sync_gift_card_pool_counts
  AFTER INSERT OR DELETE OR UPDATE OF status, pool_id ON public.gift_cards
  FOR EACH ROW EXECUTE FUNCTION public.sync_gift_card_pool_counts();

-- Claim one available card for (recipient, condition). Idempotent: a second call
-- for the same recipient and condition returns the card already assigned.
CREATE OR REPLACE FUNCTION public.claim_card_atomic(
  p_recipient_id uuid,
  p_campaign_id  uuid,
  p_condition_id uuid
)
RETURNS uuid
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  v_existing   uuid;
  v_brand_id   uuid;
  v_card_value numeric(10,2);
  v_client_id  uuid;
  v_card_id    uuid;
BEGIN
  SELECT rgc.gift_card_id INTO v_existing
  FROM public.recipient_gift_cards rgc
  WHERE rgc.recipient_id = p_recipient_id
    AND rgc.condition_id = p_condition_id;

  IF v_existing IS NOT NULL THEN
    RETURN v_existing;
  END IF;

  SELECT cc.brand_id, cc.card_value, c.client_id
  INTO v_brand_id, v_card_value, v_client_id
  FROM public.campaign_conditions cc
  JOIN public.campaigns c ON c.id = cc.campaign_id
  WHERE cc.id = p_condition_id
    AND cc.campaign_id = p_campaign_id;

  IF NOT FOUND THEN
    RAISE EXCEPTION 'Condition % does not belong to campaign %', p_condition_id, p_campaign_id;
  END IF;

  SELECT gc.id INTO v_card_id
  FROM public.gift_cards gc
  JOIN public.gift_card_pools gp ON gp.id = gc.pool_id
  WHERE gp.client_id = v_client_id
    AND gp.brand_id = v_brand_id
    AND gp.card_value = v_card_value
    AND gc.status = 'available'
  ORDER BY gc.created_at, gc.id
  LIMIT 1
  FOR UPDATE OF gc SKIP LOCKED;

  IF v_card_id IS NULL THEN
    RAISE EXCEPTION 'No available gift cards (brand %, value %) for client %', v_brand_id, v_card_value, v_client_id
      USING ERRCODE = 'P0002';
  END IF;

  UPDATE public.gift_cards
  SET status = 'claimed',
      claimed_at = now(),
      claimed_by_recipient_id = p_recipient_id
  WHERE id = v_card_id;

  INSERT INTO public.recipient_gift_cards (recipient_id, campaign_id, condition_id, gift_card_id)
  VALUES (p_recipient_id, p_campaign_id, p_condition_id, v_card_id);

  UPDATE public.recipients
  SET gift_card_assigned_id = v_card_id
  WHERE id = p_recipient_id
    AND gift_card_assigned_id IS NULL;

  RETURN v_card_id;
END;
$$;

COMMENT ON FUNCTION public.claim_card_atomic(uuid, uuid, uuid) IS 'Atomic card claiming (FOR UPDATE SKIP LOCKED).';

CREATE OR REPLACE FUNCTION public.update_delivery_status(
  p_delivery_id   uuid,
  p_status        text,
  p_error_message text DEFAULT NULL,
  p_message_sid   text DEFAULT NULL
)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  v_gift_card_id uuid;
BEGIN
  IF p_status NOT IN ('pending', 'sent', 'delivered', 'failed') THEN
    RAISE EXCEPTION 'Invalid delivery status: %', p_status;
  END IF;

  UPDATE public.gift_card_deliveries
  SET delivery_status = p_status,
      error_message   = coalesce(p_error_message, error_message),
      sms_message_sid = coalesce(p_message_sid, sms_message_sid),
      sent_at         = CASE WHEN p_status IN ('sent', 'delivered') THEN coalesce(sent_at, now()) ELSE sent_at END,
      delivered_at    = CASE WHEN p_status = 'delivered' THEN now() ELSE delivered_at END,
      retry_count     = CASE WHEN p_status = 'failed' THEN retry_count + 1 ELSE retry_count END
  WHERE id = p_delivery_id
  RETURNING gift_card_id INTO v_gift_card_id;

  IF NOT FOUND THEN
    RAISE EXCEPTION 'Gift card delivery % not found', p_delivery_id;
  END IF;

  IF p_status = 'delivered' THEN
    UPDATE public.gift_cards
    SET status = 'delivered',
        delivered_at = now()
    WHERE id = v_gift_card_id
      AND status = 'claimed';

    UPDATE public.recipient_gift_cards
    SET delivered_at = now()
    WHERE gift_card_id = v_gift_card_id
      AND delivered_at IS NULL;
  END IF;
END;
$$;

COMMENT ON FUNCTION public.update_delivery_status(uuid, text, text, text) IS 'Delivery updates (called from the Twilio status webhook).';

CREATE OR REPLACE FUNCTION public.get_recipient_gift_card_for_condition(
  p_recipient_id uuid,
  p_condition_id uuid
)
RETURNS TABLE (
  gift_card_id uuid,
  card_code    text,
  card_number  text,
  card_value   numeric,
  brand_name   text,
  logo_url     text,
  status       text,
  assigned_at  timestamptz
)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
  SELECT gc.id, gc.card_code, gc.card_number, gp.card_value, b.brand_name, b.logo_url, gc.status, rgc.assigned_at
  FROM public.recipient_gift_cards rgc
  JOIN public.gift_cards gc ON gc.id = rgc.gift_card_id
  JOIN public.gift_card_pools gp ON gp.id = gc.pool_id
  JOIN public.gift_card_brands b ON b.id = gp.brand_id
  WHERE rgc.recipient_id = p_recipient_id
    AND rgc.condition_id = p_condition_id
$$;

-- Analytics: per-campaign redemption funnel.
CREATE OR REPLACE FUNCTION public.get_campaign_redemption_stats(p_campaign_id uuid)
RETURNS TABLE (
  total_recipients bigint,
  approved         bigint,
  rejected         bigint,
  redeemed         bigint,
  cards_claimed    bigint,
  cards_delivered  bigint,
  calls            bigint
)
LANGUAGE sql
STABLE
AS $$
  SELECT
    (SELECT count(*) FROM public.recipients r JOIN public.campaigns c ON c.audience_id = r.audience_id WHERE c.id = p_campaign_id),
    (SELECT count(*) FROM public.recipients r JOIN public.campaigns c ON c.audience_id = r.audience_id WHERE c.id = p_campaign_id AND r.approval_status = 'approved'),
    (SELECT count(*) FROM public.recipients r JOIN public.campaigns c ON c.audience_id = r.audience_id WHERE c.id = p_campaign_id AND r.approval_status = 'rejected'),
    (SELECT count(*) FROM public.recipients r JOIN public.campaigns c ON c.audience_id = r.audience_id WHERE c.id = p_campaign_id AND r.approval_status = 'redeemed'),
    (SELECT count(*) FROM public.recipient_gift_cards rgc WHERE rgc.campaign_id = p_campaign_id),
    (SELECT count(*) FROM public.recipient_gift_cards rgc WHERE rgc.campaign_id = p_campaign_id AND rgc.delivered_at IS NOT NULL),
    (SELECT count(*) FROM public.call_sessions cs WHERE cs.campaign_id = p_campaign_id)
$$;
