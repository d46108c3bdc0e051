-- FerretDB 1.24 on PostgreSQL pushes an equality filter down as `(_jsonb -> 'field') @> '<value>'`
-- and makes each MongoDB index a btree on `(_jsonb -> 'field')`, which that operator cannot use:
-- every pushed-down read is a sequential scan. This gives each field of every index FerretDB
-- creates a GIN twin (jsonb_path_ops serves `@>`), so the equalities our models declare indexes
-- for become index lookups, and drops the non-unique btree itself: no query can use it, and each
-- such expression index costs every query's planning (measured here: 13–15 ms → 0.1 ms for a
-- point read on residents). Unique btrees stay: they enforce uniqueness. Installed per database by
-- scripts/engines.mjs; needs a superuser (event triggers). FerretDB neither sees nor manages the
-- twins (a dropped table drops them); our services never drop indexes (`dropIndexes` of a
-- replaced btree would fail).
CREATE OR REPLACE FUNCTION jwh_gin_twin(index_oid oid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ix record;
  field text;
BEGIN
  SELECT t.relname AS tbl, n.nspname AS nsp, am.amname AS am, pg_get_expr(i.indexprs, i.indrelid) AS exprs,
         i.indisunique AS is_unique, c.relname AS idx
    INTO ix
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am am ON am.oid = c.relam
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE i.indexrelid = index_oid;
  IF ix IS NULL OR ix.am <> 'btree' OR ix.exprs IS NULL THEN
    RETURN;
  END IF;
  FOR field IN SELECT m[1] FROM regexp_matches(ix.exprs, '_jsonb -> ''([^'']+)''::text', 'g') AS m LOOP
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb -> %L) jsonb_path_ops)',
      left(ix.tbl, 40) || '_' || left(md5(field), 8) || '_gin', ix.nsp, ix.tbl, field);
  END LOOP;
  IF NOT ix.is_unique THEN
    EXECUTE format('DROP INDEX %I.%I', ix.nsp, ix.idx);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION jwh_gin_twins() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  obj record;
BEGIN
  FOR obj IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE INDEX' AND object_type = 'index' LOOP
    PERFORM jwh_gin_twin(obj.objid);
  END LOOP;
END $$;

DROP EVENT TRIGGER IF EXISTS jwh_gin_twins;
CREATE EVENT TRIGGER jwh_gin_twins ON ddl_command_end WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION jwh_gin_twins();

-- Indexes made before the trigger existed (a database kept from an earlier start).
SELECT jwh_gin_twin(i.indexrelid)
  FROM pg_index i
  JOIN pg_class t ON t.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%';
