-- Row-level security policies, with expressions as Postgres prints them.
SELECT coalesce(json_agg(x), '[]') AS result FROM (SELECT
  n.nspname || '.' || c.relname AS "table",
  p.polname AS "name",
  p.polpermissive AS "permissive",
  p.polcmd AS "command",
  (SELECT coalesce(json_agg(CASE WHEN r.oid = 0 THEN 'public' ELSE pg_get_userbyid(r.oid) END
                             ORDER BY CASE WHEN r.oid = 0 THEN 'public' ELSE pg_get_userbyid(r.oid) END), '[]')
    FROM unnest(p.polroles) AS r(oid)) AS "roles",
  pg_get_expr(p.polqual, p.polrelid, true) AS "using",
  pg_get_expr(p.polwithcheck, p.polrelid, true) AS "withCheck",
  d.description AS "comment"
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_policy'::regclass AND d.objoid = p.oid AND d.objsubid = 0
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
) x
