-- Functions, procedures, aggregates and window functions defined outside the system schemas and extensions.
SELECT coalesce(json_agg(json_build_object(
  'oid', p.oid::bigint,
  'schema', n.nspname,
  'name', p.proname,
  'kind', p.prokind,
  'identityArgs', pg_get_function_identity_arguments(p.oid),
  'args', pg_get_function_arguments(p.oid),
  'returns', CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END,
  'language', l.lanname,
  'volatility', p.provolatile,
  'securityDefiner', p.prosecdef,
  'leakproof', p.proleakproof,
  'strict', p.proisstrict,
  'config', coalesce(to_json(p.proconfig), '[]'),
  'owner', pg_get_userbyid(p.proowner),
  'definition', CASE WHEN p.prokind IN ('f', 'p', 'w') THEN pg_get_functiondef(p.oid) END,
  'comment', d.description
) ORDER BY n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)), '[]') AS result
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN pg_description d ON d.classoid = 'pg_proc'::regclass AND d.objoid = p.oid AND d.objsubid = 0
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
