-- Direct-mail campaigns: audiences (uploaded mailing lists), mail templates,
-- campaigns and the recipients of each audience.

CREATE TYPE public.campaign_status AS ENUM (
  'draft',
  'proofed',
  'in_production',
  'mailed',
  'completed',
  'cancelled'
);

CREATE TABLE public.audiences (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id   uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  name        text NOT NULL,
  source      text NOT NULL DEFAULT 'csv',
  total_count integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.templates (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id     uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  name          text NOT NULL,
  size          text NOT NULL DEFAULT '4x6',
  front_design  jsonb NOT NULL DEFAULT '{}'::jsonb,
  back_design   jsonb NOT NULL DEFAULT '{}'::jsonb,
  thumbnail_url text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.campaigns (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id      uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  audience_id    uuid REFERENCES public.audiences (id) ON DELETE SET NULL,
  template_id    uuid REFERENCES public.templates (id) ON DELETE SET NULL,
  name           text NOT NULL,
  status         public.campaign_status NOT NULL DEFAULT 'draft',
  mail_date      date,
  mailing_method text NOT NULL DEFAULT 'customer_handled',
  created_by     uuid REFERENCES public.users (id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

COMMENT ON COLUMN public.campaigns.mailing_method IS 'How the mail piece is sent: customer_handled, etc.';

CREATE INDEX idx_campaigns_client_id ON public.campaigns (client_id);

CREATE TABLE public.recipients (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  audience_id   uuid NOT NULL REFERENCES public.audiences (id) ON DELETE CASCADE,
  token         text NOT NULL UNIQUE,
  first_name    text,
  last_name     text,
  company       text,
  address1      text,
  address2      text,
  city          text,
  state         text,
  zip           text,
  phone         text,
  email         text,
  custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

COMMENT ON COLUMN public.recipients.phone IS 'Customer phone';
COMMENT ON COLUMN public.recipients.email IS 'Customer email';
COMMENT ON COLUMN public.recipients.custom_fields IS 'Industry-specific data';

CREATE INDEX idx_recipients_phone ON public.recipients (phone);

-- Personal URL token printed on each mail piece.
CREATE OR REPLACE FUNCTION public.generate_recipient_token()
RETURNS text
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  v_token text;
BEGIN
  LOOP
    v_token := substr(replace(gen_random_uuid()::text, '-', ''), 1, 12);
    EXIT WHEN NOT EXISTS (SELECT 1 FROM public.recipients WHERE token = v_token);
  END LOOP;
  RETURN v_token;
END;
$$;

CREATE OR REPLACE FUNCTION public.set_recipient_token()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.token IS NULL OR NEW.token = '' THEN
    NEW.token := public.generate_recipient_token();
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER set_recipient_token
  BEFORE INSERT ON public.recipients
  FOR EACH ROW EXECUTE FUNCTION public.set_recipient_token();

CREATE TRIGGER update_audiences_updated_at
  BEFORE UPDATE ON public.audiences
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

CREATE TRIGGER update_templates_updated_at
  BEFORE UPDATE ON public.templates
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

CREATE TRIGGER update_campaigns_updated_at
  BEFORE UPDATE ON public.campaigns
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

CREATE TRIGGER update_recipients_updated_at
  BEFORE UPDATE ON public.recipients
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
