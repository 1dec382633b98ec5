-- Call center tracking (Twilio inbound calls, conditions met on a call) and
-- SMS tracking (opt-in requests/responses, SMS delivery, gift card deliveries).

CREATE TABLE public.call_sessions (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id           uuid REFERENCES public.campaigns (id) ON DELETE CASCADE,
  recipient_id          uuid REFERENCES public.recipients (id) ON DELETE SET NULL,
  twilio_call_sid       text UNIQUE,
  caller_phone          text,
  call_status           text NOT NULL DEFAULT 'ringing',
  match_status          text NOT NULL DEFAULT 'unmatched' CHECK (match_status IN ('matched', 'unmatched')),
  agent_user_id         uuid REFERENCES public.users (id) ON DELETE SET NULL,
  recording_url         text,
  call_duration_seconds integer,
  call_started_at       timestamptz NOT NULL DEFAULT now(),
  call_ended_at         timestamptz,
  notes                 text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE public.call_sessions IS 'Inbound call center sessions (Twilio), matched to a recipient when the caller can be identified.';

CREATE INDEX idx_call_sessions_campaign_id ON public.call_sessions (campaign_id);

CREATE TABLE public.call_conditions_met (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  call_session_id  uuid NOT NULL REFERENCES public.call_sessions (id) ON DELETE CASCADE,
  campaign_id      uuid NOT NULL REFERENCES public.campaigns (id) ON DELETE CASCADE,
  recipient_id     uuid REFERENCES public.recipients (id) ON DELETE CASCADE,
  condition_id     uuid REFERENCES public.campaign_conditions (id) ON DELETE CASCADE,
  condition_number integer NOT NULL,
  met_by_agent_id  uuid REFERENCES public.users (id) ON DELETE SET NULL,
  gift_card_id     uuid REFERENCES public.gift_cards (id) ON DELETE SET NULL,
  notes            text,
  met_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.sms_opt_in_log (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recipient_id       uuid NOT NULL REFERENCES public.recipients (id) ON DELETE CASCADE,
  campaign_id        uuid REFERENCES public.campaigns (id) ON DELETE CASCADE,
  phone              text NOT NULL,
  direction          text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
  message_body       text,
  twilio_message_sid text,
  status             text,
  created_at         timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE public.sms_opt_in_log IS 'Opt-in requests (outbound) and responses (inbound).';

CREATE TABLE public.sms_delivery_log (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recipient_id       uuid REFERENCES public.recipients (id) ON DELETE SET NULL,
  campaign_id        uuid REFERENCES public.campaigns (id) ON DELETE CASCADE,
  gift_card_id       uuid REFERENCES public.gift_cards (id) ON DELETE SET NULL,
  phone              text NOT NULL,
  message_body       text,
  twilio_message_sid text UNIQUE,
  delivery_status    text NOT NULL DEFAULT 'queued',
  error_code         text,
  error_message      text,
  sent_at            timestamptz,
  delivered_at       timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE public.sms_delivery_log IS 'SMS delivery tracking.';

CREATE TABLE public.gift_card_deliveries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gift_card_id     uuid NOT NULL REFERENCES public.gift_cards (id) ON DELETE CASCADE,
  recipient_id     uuid NOT NULL REFERENCES public.recipients (id) ON DELETE CASCADE,
  campaign_id      uuid REFERENCES public.campaigns (id) ON DELETE CASCADE,
  condition_id     uuid REFERENCES public.campaign_conditions (id) ON DELETE SET NULL,
  delivery_method  text NOT NULL DEFAULT 'sms',
  delivery_address text NOT NULL,
  delivery_status  text NOT NULL DEFAULT 'pending',
  sms_message_sid  text,
  error_message    text,
  retry_count      integer NOT NULL DEFAULT 0,
  sent_at          timestamptz,
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE public.gift_card_deliveries IS 'Delivery audit trail: one row per attempt to send a claimed gift card to a recipient.';

CREATE TRIGGER update_call_sessions_updated_at
  BEFORE UPDATE ON public.call_sessions
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

CREATE TRIGGER update_gift_card_deliveries_updated_at
  BEFORE UPDATE ON public.gift_card_deliveries
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
