/**
 * The catalog of several PostgreSQL schemas, read with PostgreSQL's own
 * queries (pg_catalog, information_schema), every row naming its schema:
 * what two databases built from the same SQL, or one by hand and one by
 * strata, must agree on.
 */
import { Client } from 'pg'

const HISTORY = 'strata_migrations'

async function rows(client: Client, sql: string, schemas: readonly string[]): Promise<unknown[]> {
  return (await client.query(sql, [schemas])).rows
}

export async function postgresSchemasCatalog(url: string, schemas: readonly string[]): Promise<Record<string, unknown>> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    return {
      schemas: await rows(client, `SELECT nspname FROM pg_namespace WHERE nspname = ANY($1) ORDER BY 1`, schemas),
      relations: await rows(
        client,
        `SELECT n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity, obj_description(c.oid, 'pg_class') AS comment
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'i', 'S') AND c.relname NOT LIKE '${HISTORY}%' ORDER BY 1, 2`,
        schemas,
      ),
      columns: await rows(
        client,
        `SELECT table_schema, table_name, column_name, data_type, udt_schema, udt_name, numeric_precision, numeric_scale,
                is_nullable, column_default, is_identity, identity_generation, col_description(format('%I.%I', table_schema, table_name)::regclass, ordinal_position::int) AS comment
         FROM information_schema.columns WHERE table_schema = ANY($1) AND table_name <> '${HISTORY}'
         ORDER BY 1, 2, 3`,
        schemas,
      ),
      constraints: await rows(
        client,
        `SELECT n.nspname, c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid) AS definition, fn.nspname AS ref_schema, f.relname AS ref_table,
                con.condeferrable, con.convalidated, obj_description(con.oid, 'pg_constraint') AS comment
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_class f ON f.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
         WHERE n.nspname = ANY($1) AND c.relname <> '${HISTORY}' ORDER BY 1, 2, 3`,
        schemas,
      ),
      indexes: await rows(
        client,
        `SELECT schemaname, tablename, indexname, indexdef, obj_description(format('%I.%I', schemaname, indexname)::regclass, 'pg_class') AS comment
         FROM pg_indexes WHERE schemaname = ANY($1) AND tablename <> '${HISTORY}' ORDER BY 1, 2, 3`,
        schemas,
      ),
      enums: await rows(
        client,
        `SELECT n.nspname, t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = ANY($1) GROUP BY 1, 2 ORDER BY 1, 2`,
        schemas,
      ),
      policies: await rows(
        client,
        `SELECT schemaname, tablename, policyname, permissive, roles::text[] AS roles, cmd, qual, with_check FROM pg_policies WHERE schemaname = ANY($1) ORDER BY 1, 2, 3`,
        schemas,
      ),
      sequences: await rows(
        client,
        `SELECT s.schemaname, s.sequencename, s.data_type, s.start_value, s.increment_by, d.refobjid::regclass::text AS owned_by
         FROM pg_sequences s JOIN pg_class c ON c.relname = s.sequencename JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname
         LEFT JOIN pg_depend d ON d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
         WHERE s.schemaname = ANY($1) ORDER BY 1, 2`,
        schemas,
      ),
    }
  } finally {
    await client.end()
  }
}
