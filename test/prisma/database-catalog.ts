// What a PostgreSQL database actually contains, read from pg_catalog and
// reduced to the same shape as expected-from-schema.ts produces.
//
// Read from the `public` schema: tables, views, sequences not owned by a column,
// composite/range/domain/enum types, columns, indexes, constraints (primary,
// foreign, unique, check, exclusion), triggers and functions; plus extensions
// and any other non-system schema. (Not read: policies, rules, statistics
// objects, grants; the migrations create none.) Objects that belong to an
// extension (citext's type and functions, pg_trgm's operators …) are left out:
// the extension itself is the object. The migration runner's own bookkeeping
// table is left out as well; test/db/migrations.test.ts checks it.
import pg from 'pg'
import { addToCatalog, type Catalog, type ObjectKind } from './catalog.ts'

export const MIGRATIONS_TABLE = '_prisma_migrations'

// Objects created by an extension depend on it with deptype 'e'.
const NOT_FROM_EXTENSION = (catalogTable: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalogTable}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`

/**
 * Reads the catalog of the database at `database` (a URL), or through an open
 * client, which then sees its own uncommitted changes: the schema-match test
 * alters a database inside a transaction, reads it, and rolls back.
 */
export async function databaseCatalog(database: string | pg.ClientBase): Promise<Catalog> {
  if (typeof database !== 'string') return readCatalog(database)
  const client = new pg.Client({ connectionString: database })
  await client.connect()
  try {
    return await readCatalog(client)
  } finally {
    await client.end()
  }
}

async function readCatalog(client: pg.ClientBase): Promise<Catalog> {
  const catalog: Catalog = new Map()
  const q = async <R extends pg.QueryResultRow>(sql: string) => (await client.query<R>(sql)).rows

  for (const { nspname } of await q<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%'`,
  )) {
    addToCatalog(catalog, { kind: 'schema', name: nspname, properties: {} })
  }

  for (const { extname } of await q<{ extname: string }>(`SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'`)) {
    // plpgsql comes with every database (template1); it is nobody's choice.
    addToCatalog(catalog, { kind: 'extension', name: extname, properties: {} })
  }

  const relationKinds: Record<string, ObjectKind> = { r: 'table', p: 'table', v: 'view', m: 'materialized view', f: 'foreign table', S: 'sequence', c: 'type' }
  for (const rel of await q<{ relname: string; relkind: string; owned: boolean }>(`
    SELECT c.relname, c.relkind,
           EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')) AS owned
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'c') AND c.relname <> '${MIGRATIONS_TABLE}'
      AND ${NOT_FROM_EXTENSION('pg_class', 'c.oid')}`)) {
    // A sequence owned by a column (serial / autoincrement) shows up as that column's default.
    if (rel.relkind === 'S' && rel.owned) continue
    addToCatalog(catalog, { kind: relationKinds[rel.relkind]!, name: rel.relname, properties: {} })
  }

  for (const col of await q<{ table: string; column: string; type: string; notnull: boolean; default: string | null; identity: string; generated: string }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
           pg_get_expr(ad.adbin, ad.adrelid) AS default, a.attidentity AS identity, a.attgenerated AS generated
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> '${MIGRATIONS_TABLE}' AND a.attnum > 0 AND NOT a.attisdropped`)) {
    const properties: Record<string, string> = {
      // format_type quotes mixed-case names ("Role"); the schema side does not.
      type: col.type.replaceAll('"', ''),
      nullable: col.notnull ? 'not null' : 'null',
      default: col.default ?? 'none',
    }
    if (col.identity) properties.identity = col.identity === 'a' ? 'always' : 'by default'
    if (col.generated) properties.generated = 'stored'
    addToCatalog(catalog, { kind: 'column', name: `${col.table}.${col.column}`, properties })
  }

  for (const t of await q<{ typname: string; typtype: string; values: string | null; definition: string }>(`
    SELECT t.typname, t.typtype,
           (SELECT string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) AS values,
           format_type(t.oid, NULL) AS definition
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm', 'b')
      AND NOT EXISTS (SELECT 1 FROM pg_type el WHERE el.typarray = t.oid)
      AND ${NOT_FROM_EXTENSION('pg_type', 't.oid')}`)) {
    if (t.typtype === 'e') addToCatalog(catalog, { kind: 'enum', name: t.typname, properties: { values: t.values ?? '' } })
    else addToCatalog(catalog, { kind: t.typtype === 'd' ? 'domain' : 'type', name: t.typname, properties: {}, definition: t.definition })
  }

  // Indexes that back a constraint (primary keys, UNIQUE/EXCLUDE constraints) are reported as that constraint.
  for (const ix of await q<{ name: string; table: string; unique: boolean; columns: string; method: string; predicate: string | null; nulls_not_distinct: boolean; definition: string }>(`
    SELECT i.relname AS name, t.relname AS table, x.indisunique AS unique, am.amname AS method,
           pg_get_expr(x.indpred, x.indrelid) AS predicate, x.indnullsnotdistinct AS nulls_not_distinct,
           pg_get_indexdef(x.indexrelid) AS definition,
           '(' || (SELECT string_agg(
                      CASE WHEN k.attnum = 0 THEN pg_get_indexdef(x.indexrelid, k.ord::int, true)
                           ELSE (SELECT attname FROM pg_attribute WHERE attrelid = x.indrelid AND attnum = k.attnum) END
                      || (SELECT CASE WHEN oc.opcdefault THEN '' ELSE ' ' || oc.opcname END FROM pg_opclass oc WHERE oc.oid = x.indclass[k.ord - 1])
                      || CASE WHEN x.indoption[k.ord - 1] & 1 = 1 THEN ' DESC' ELSE '' END
                      || CASE WHEN x.indoption[k.ord - 1] & 2 = 2 AND x.indoption[k.ord - 1] & 1 = 0 THEN ' NULLS FIRST'
                              WHEN x.indoption[k.ord - 1] & 2 = 0 AND x.indoption[k.ord - 1] & 1 = 1 THEN ' NULLS LAST' ELSE '' END,
                      ', ' ORDER BY k.ord)
                   FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) WHERE k.ord <= x.indnkeyatts) || ')' AS columns
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam
    WHERE n.nspname = 'public' AND t.relname <> '${MIGRATIONS_TABLE}'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u', 'x'))`)) {
    const properties: Record<string, string> = { table: ix.table, columns: ix.columns, method: ix.method, where: ix.predicate ?? 'none' }
    if (ix.nulls_not_distinct) properties['nulls not distinct'] = 'yes'
    addToCatalog(catalog, { kind: ix.unique ? 'unique index' : 'index', name: ix.name, properties, definition: ix.definition })
  }

  const constraintKinds: Record<string, ObjectKind> = { p: 'primary key', f: 'foreign key', u: 'unique constraint', c: 'check constraint', x: 'exclusion constraint', t: 'constraint trigger' }
  const actions: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' }
  for (const con of await q<{ table: string; name: string; contype: string; columns: string; references: string | null; confdeltype: string; confupdtype: string; definition: string }>(`
    SELECT t.relname AS table, c.conname AS name, c.contype, pg_get_constraintdef(c.oid) AS definition,
           '(' || (SELECT string_agg(a.attname, ', ' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) || ')' AS columns,
           CASE WHEN c.contype = 'f' THEN ft.relname || ' (' || (SELECT string_agg(a.attname, ', ' ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) || ')' END AS references,
           c.confdeltype, c.confupdtype
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    LEFT JOIN pg_class ft ON ft.oid = c.confrelid
    WHERE n.nspname = 'public' AND t.relname <> '${MIGRATIONS_TABLE}'`)) {
    const kind = constraintKinds[con.contype] ?? 'check constraint'
    const properties: Record<string, string> =
      con.contype === 'p' ? { columns: con.columns }
      : con.contype === 'f' ? { columns: con.columns, references: con.references ?? '?', 'on delete': actions[con.confdeltype]!, 'on update': actions[con.confupdtype]! }
      : {}
    addToCatalog(catalog, { kind, name: `${con.table}.${con.name}`, properties, definition: con.definition })
  }

  for (const tg of await q<{ table: string; name: string; definition: string }>(`
    SELECT t.relname AS table, g.tgname AS name, pg_get_triggerdef(g.oid) AS definition
    FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND NOT g.tgisinternal`)) {
    addToCatalog(catalog, { kind: 'trigger', name: `${tg.table}.${tg.name}`, properties: {}, definition: tg.definition })
  }

  for (const fn of await q<{ signature: string }>(`
    SELECT p.oid::regprocedure::text AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND ${NOT_FROM_EXTENSION('pg_proc', 'p.oid')}`)) {
    addToCatalog(catalog, { kind: 'function', name: fn.signature, properties: {} })
  }
  return catalog
}
