-- User triggers (not the internal ones behind FKs; not the clones on partitions).
SELECT coalesce(json_agg(x), '[]') AS result FROM (SELECT
  n.nspname || '.' || c.relname AS "table",
  t.tgname AS "name",
  t.tgtype AS "type",
  (SELECT coalesce(json_agg(a.attname ORDER BY u.ord), '[]')
    FROM unnest(t.tgattr::int2[]) WITH ORDINALITY u(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = u.attnum) AS "columns",
  fn.nspname || '.' || f.proname || '(' || pg_get_function_identity_arguments(f.oid) || ')' AS "function",
  t.tgenabled AS "enabled",
  t.tgconstraint <> 0 AS "constraint",
  pg_get_triggerdef(t.oid, true) AS "definition",
  d.description AS "comment"
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc f ON f.oid = t.tgfoid
JOIN pg_namespace fn ON fn.oid = f.pronamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_trigger'::regclass AND d.objoid = t.oid AND d.objsubid = 0
WHERE NOT t.tgisinternal
  AND coalesce((to_jsonb(t) ->> 'tgparentid')::oid, 0) = 0
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
) x
