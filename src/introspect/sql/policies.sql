-- Row-level security policies, with expressions as Postgres prints them.
SELECT coalesce(json_agg(json_build_object(
  'table', n.nspname || '.' || c.relname,
  'name', p.polname,
  'permissive', p.polpermissive,
  'command', p.polcmd,
  'roles', (SELECT coalesce(json_agg(CASE WHEN r.oid = 0 THEN 'public' ELSE pg_get_userbyid(r.oid) END
                                     ORDER BY CASE WHEN r.oid = 0 THEN 'public' ELSE pg_get_userbyid(r.oid) END), '[]')
            FROM unnest(p.polroles) AS r(oid)),
  'using', pg_get_expr(p.polqual, p.polrelid, true),
  'withCheck', pg_get_expr(p.polwithcheck, p.polrelid, true),
  'comment', d.description
) ORDER BY n.nspname, c.relname, p.polname), '[]') AS result
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_policy'::regclass AND d.objoid = p.oid AND d.objsubid = 0
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
