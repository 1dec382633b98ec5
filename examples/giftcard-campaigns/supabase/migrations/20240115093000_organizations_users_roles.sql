-- Platform core: organizations (agencies and their clients), application users,
-- roles/permissions and organization membership, plus the auth helper functions
-- every RLS policy in this project relies on.

CREATE OR REPLACE FUNCTION public.update_updated_at_column()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.updated_at = now();
  RETURN NEW;
END;
$$;

-- ---------------------------------------------------------------------------
-- Organizations: one table for agencies and clients
-- ---------------------------------------------------------------------------
CREATE TABLE public.organizations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL,
  org_type      text NOT NULL CHECK (org_type IN ('agency', 'client')),
  parent_org_id uuid REFERENCES public.organizations (id) ON DELETE SET NULL,
  industry      text,
  settings      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE public.organizations IS 'Organizations (agencies/clients). A client organization points at its agency through parent_org_id; client_id columns elsewhere reference this table.';

CREATE TRIGGER update_organizations_updated_at
  BEFORE UPDATE ON public.organizations
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- ---------------------------------------------------------------------------
-- Users: application profile mirrored from auth.users
-- ---------------------------------------------------------------------------
CREATE TABLE public.users (
  id         uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
  email      text,
  full_name  text,
  phone      text,
  avatar_url text,
  is_active  boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE public.users IS 'Application users (one row per auth.users account).';

CREATE TRIGGER update_users_updated_at
  BEFORE UPDATE ON public.users
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

CREATE OR REPLACE FUNCTION public.handle_new_user()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
  INSERT INTO public.users (id, email, full_name)
  VALUES (NEW.id, NEW.email, NEW.raw_user_meta_data ->> 'full_name')
  ON CONFLICT (id) DO NOTHING;
  RETURN NEW;
END;
$$;

CREATE TRIGGER on_auth_user_created
  AFTER INSERT ON auth.users
  FOR EACH ROW EXECUTE FUNCTION public.handle_new_user();

-- ---------------------------------------------------------------------------
-- Roles and permissions
-- ---------------------------------------------------------------------------
CREATE TABLE public.roles (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL UNIQUE,
  description text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.permissions (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  role_id        uuid NOT NULL REFERENCES public.roles (id) ON DELETE CASCADE,
  permission_key text NOT NULL,
  description    text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (role_id, permission_key)
);

CREATE TABLE public.user_roles (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  role_id    uuid NOT NULL REFERENCES public.roles (id) ON DELETE CASCADE,
  granted_by uuid REFERENCES public.users (id) ON DELETE SET NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, role_id)
);

-- ---------------------------------------------------------------------------
-- Organization membership (drives client/org isolation)
-- ---------------------------------------------------------------------------
CREATE TABLE public.organization_members (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id      uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  user_id     uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  member_role text NOT NULL DEFAULT 'member',
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, user_id)
);

-- ---------------------------------------------------------------------------
-- Auth & permission helpers
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION public.has_role(_user_id uuid, _role text)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
  SELECT EXISTS (
    SELECT 1
    FROM public.user_roles ur
    JOIN public.roles r ON r.id = ur.role_id
    WHERE ur.user_id = _user_id
      AND r.name = _role
  )
$$;

-- A user can access a client when they are a member of that organization or of
-- the agency the client belongs to.
CREATE OR REPLACE FUNCTION public.user_can_access_client(_user_id uuid, _client_id uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
  SELECT EXISTS (
    SELECT 1
    FROM public.organizations o
    JOIN public.organization_members m
      ON m.org_id = o.id OR m.org_id = o.parent_org_id
    WHERE o.id = _client_id
      AND m.user_id = _user_id
  )
$$;

CREATE OR REPLACE FUNCTION public.grant_role(_user_id uuid, _role text)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  v_role_id uuid;
BEGIN
  IF auth.uid() IS NOT NULL AND NOT public.has_role(auth.uid(), 'admin') THEN
    RAISE EXCEPTION 'Only admins can grant roles' USING ERRCODE = '42501';
  END IF;

  SELECT id INTO v_role_id FROM public.roles WHERE name = _role;
  IF v_role_id IS NULL THEN
    RAISE EXCEPTION 'Unknown role: %', _role;
  END IF;

  INSERT INTO public.user_roles (user_id, role_id, granted_by)
  VALUES (_user_id, v_role_id, auth.uid())
  ON CONFLICT (user_id, role_id) DO NOTHING;
END;
$$;

CREATE OR REPLACE FUNCTION public.revoke_role(_user_id uuid, _role text)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
  IF auth.uid() IS NOT NULL AND NOT public.has_role(auth.uid(), 'admin') THEN
    RAISE EXCEPTION 'Only admins can revoke roles' USING ERRCODE = '42501';
  END IF;

  DELETE FROM public.user_roles ur
  USING public.roles r
  WHERE r.id = ur.role_id
    AND ur.user_id = _user_id
    AND r.name = _role;
END;
$$;

-- Role management is not for anonymous callers (auth.uid() is NULL for them).
REVOKE EXECUTE ON FUNCTION public.grant_role(uuid, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION public.revoke_role(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.grant_role(uuid, text) TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION public.revoke_role(uuid, text) TO authenticated, service_role;
