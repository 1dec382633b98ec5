-- Server facts, schemas, extensions, roles and publications: the small, database-wide lists.
SELECT json_build_object(
  'serverVersion', current_setting('server_version'),
  'serverVersionNum', current_setting('server_version_num')::int,
  -- PostgREST's exposed schemas: the session's value, else what ALTER DATABASE / ALTER ROLE … SET stored.
  'pgrstDbSchemas', coalesce(
    nullif(current_setting('pgrst.db_schemas', true), ''),
    (SELECT substr(cfg, length('pgrst.db_schemas=') + 1)
     FROM pg_db_role_setting s, unnest(s.setconfig) AS cfg
     WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
       AND cfg LIKE 'pgrst.db\_schemas=%'
     ORDER BY s.setdatabase DESC, s.setrole LIMIT 1)),
  'schemas', (
    SELECT coalesce(json_agg(json_build_object(
      'oid', n.oid::bigint, 'name', n.nspname, 'owner', pg_get_userbyid(n.nspowner),
      'comment', d.description
    ) ORDER BY n.nspname), '[]')
    FROM pg_namespace n
    LEFT JOIN pg_description d ON d.classoid = 'pg_namespace'::regclass AND d.objoid = n.oid AND d.objsubid = 0
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')
  ),
  'extensions', (
    SELECT coalesce(json_agg(json_build_object(
      'name', x.extname, 'schema', n.nspname, 'version', x.extversion
    ) ORDER BY x.extname), '[]')
    FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
    WHERE x.extname <> 'plpgsql'
  ),
  'roles', (
    SELECT coalesce(json_agg(json_build_object(
      'name', r.rolname, 'superuser', r.rolsuper, 'bypassRls', r.rolbypassrls, 'login', r.rolcanlogin,
      'inherit', r.rolinherit,
      'memberOf', (SELECT coalesce(json_agg(DISTINCT g.rolname), '[]')
                   FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid)
    ) ORDER BY r.rolname), '[]')
    FROM pg_roles r
    WHERE r.rolname NOT LIKE 'pg\_%'
  ),
  'publications', (
    SELECT coalesce(json_agg(json_build_object(
      'name', p.pubname, 'allTables', p.puballtables,
      'insert', p.pubinsert, 'update', p.pubupdate, 'delete', p.pubdelete, 'truncate', p.pubtruncate,
      'tables', (SELECT coalesce(json_agg(pt.schemaname || '.' || pt.tablename ORDER BY pt.schemaname, pt.tablename), '[]')
                 FROM pg_publication_tables pt WHERE pt.pubname = p.pubname AND NOT p.puballtables)
    ) ORDER BY p.pubname), '[]')
    FROM pg_publication p
  )
) AS result
