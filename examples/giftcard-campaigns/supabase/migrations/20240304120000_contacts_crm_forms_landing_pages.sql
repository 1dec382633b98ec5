-- CRM side of the platform: contacts and lists, campaign participation, CRM
-- integrations and their inbound events, ACE forms and AI-generated landing pages.

CREATE TABLE public.contacts (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id     uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  first_name    text,
  last_name     text,
  email         text,
  phone         text,
  company       text,
  address1      text,
  city          text,
  state         text,
  zip           text,
  custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by    uuid REFERENCES public.users (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.contact_lists (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id     uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  name          text NOT NULL,
  description   text,
  contact_count integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.contact_list_members (
  list_id    uuid NOT NULL REFERENCES public.contact_lists (id) ON DELETE CASCADE,
  contact_id uuid NOT NULL REFERENCES public.contacts (id) ON DELETE CASCADE,
  added_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (list_id, contact_id)
);

CREATE TABLE public.contact_campaign_participation (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_id           uuid NOT NULL REFERENCES public.contacts (id) ON DELETE CASCADE,
  campaign_id          uuid NOT NULL REFERENCES public.campaigns (id) ON DELETE CASCADE,
  recipient_id         uuid REFERENCES public.recipients (id) ON DELETE SET NULL,
  participation_status text NOT NULL DEFAULT 'targeted',
  participated_at      timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (contact_id, campaign_id)
);

CREATE TABLE public.crm_integrations (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id      uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  crm_provider   text NOT NULL,
  name           text,
  webhook_secret text,
  field_mappings jsonb NOT NULL DEFAULT '{}'::jsonb,
  is_active      boolean NOT NULL DEFAULT true,
  last_event_at  timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.crm_events (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  crm_integration_id uuid NOT NULL REFERENCES public.crm_integrations (id) ON DELETE CASCADE,
  campaign_id        uuid REFERENCES public.campaigns (id) ON DELETE SET NULL,
  recipient_id       uuid REFERENCES public.recipients (id) ON DELETE SET NULL,
  event_type         text NOT NULL,
  raw_payload        jsonb NOT NULL DEFAULT '{}'::jsonb,
  processed          boolean NOT NULL DEFAULT false,
  processed_at       timestamptz,
  error_message      text,
  created_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.ace_forms (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id        uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  campaign_id      uuid REFERENCES public.campaigns (id) ON DELETE SET NULL,
  name             text NOT NULL,
  slug             text UNIQUE,
  description      text,
  form_config      jsonb NOT NULL DEFAULT '{}'::jsonb,
  is_active        boolean NOT NULL DEFAULT true,
  submission_count integer NOT NULL DEFAULT 0,
  created_by       uuid REFERENCES public.users (id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.ace_form_fields (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  form_id     uuid NOT NULL REFERENCES public.ace_forms (id) ON DELETE CASCADE,
  field_key   text NOT NULL,
  label       text NOT NULL,
  field_type  text NOT NULL DEFAULT 'text',
  is_required boolean NOT NULL DEFAULT false,
  options     jsonb,
  sort_order  integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (form_id, field_key)
);

CREATE TABLE public.ace_form_submissions (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  form_id         uuid NOT NULL REFERENCES public.ace_forms (id) ON DELETE CASCADE,
  recipient_id    uuid REFERENCES public.recipients (id) ON DELETE SET NULL,
  redemption_code text,
  submission_data jsonb NOT NULL DEFAULT '{}'::jsonb,
  gift_card_id    uuid REFERENCES public.gift_cards (id) ON DELETE SET NULL,
  ip_address      inet,
  user_agent      text,
  submitted_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.landing_pages (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id       uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  campaign_id     uuid REFERENCES public.campaigns (id) ON DELETE SET NULL,
  name            text NOT NULL,
  slug            text NOT NULL UNIQUE,
  content_json    jsonb NOT NULL DEFAULT '{}'::jsonb,
  html_content    text,
  ai_generated    boolean NOT NULL DEFAULT false,
  ai_prompt       text,
  ai_model        text,
  ai_generated_at timestamptz,
  is_published    boolean NOT NULL DEFAULT false,
  published_at    timestamptz,
  created_by      uuid REFERENCES public.users (id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE public.landing_pages IS 'Campaign landing pages, with AI generation support (ai_generated, ai_prompt, ai_model).';

CREATE TRIGGER update_contacts_updated_at
  BEFORE UPDATE ON public.contacts
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

CREATE TRIGGER update_contact_lists_updated_at
  BEFORE UPDATE ON public.contact_lists
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

CREATE TRIGGER update_crm_integrations_updated_at
  BEFORE UPDATE ON public.crm_integrations
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

CREATE TRIGGER update_ace_forms_updated_at
  BEFORE UPDATE ON public.ace_forms
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

CREATE TRIGGER update_landing_pages_updated_at
  BEFORE UPDATE ON public.landing_pages
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
