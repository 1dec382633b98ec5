-- Functions, procedures, aggregates and window functions defined outside the system schemas and extensions.
SELECT coalesce(json_agg(x), '[]') AS result FROM (SELECT
  p.oid::bigint AS "oid",
  n.nspname AS "schema",
  p.proname AS "name",
  p.prokind AS "kind",
  pg_get_function_identity_arguments(p.oid) AS "identityArgs",
  pg_get_function_arguments(p.oid) AS "args",
  CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END AS "returns",
  l.lanname AS "language",
  p.provolatile AS "volatility",
  p.prosecdef AS "securityDefiner",
  p.proleakproof AS "leakproof",
  p.proisstrict AS "strict",
  coalesce(to_json(p.proconfig), '[]') AS "config",
  pg_get_userbyid(p.proowner) AS "owner",
  CASE WHEN p.prokind IN ('f', 'p', 'w') THEN pg_get_functiondef(p.oid) END AS "definition",
  d.description AS "comment"
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN pg_description d ON d.classoid = 'pg_proc'::regclass AND d.objoid = p.oid AND d.objsubid = 0
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
) x
