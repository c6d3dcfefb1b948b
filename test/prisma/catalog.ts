// The common shape both sides of the schema-match comparison are reduced to:
// one entry per database object, keyed by kind and name, with the properties
// that matter rendered as strings so differences print as plain sentences.

export type ObjectKind =
  | 'table'
  | 'column'
  | 'enum'
  | 'primary key'
  | 'unique index'
  | 'index'
  | 'foreign key'
  | 'unique constraint'
  | 'check constraint'
  | 'exclusion constraint'
  | 'constraint trigger'
  | 'trigger'
  | 'extension'
  | 'sequence'
  | 'view'
  | 'materialized view'
  | 'foreign table'
  | 'type'
  | 'domain'
  | 'function'
  | 'schema'

export interface CatalogObject {
  kind: ObjectKind
  /** Tables, indexes, types, extensions: their name. Columns and constraints: "table.name". */
  name: string
  properties: Record<string, string>
  /** PostgreSQL's own rendering, where it has one (pg_get_indexdef, pg_get_constraintdef, …). */
  definition?: string
}

export type Catalog = Map<string, CatalogObject>

export function catalogKey(kind: ObjectKind, name: string): string {
  return `${kind} ${name}`
}

export function addToCatalog(catalog: Catalog, object: CatalogObject): void {
  const key = catalogKey(object.kind, object.name)
  if (catalog.has(key)) throw new Error(`two objects map to ${key}`)
  catalog.set(key, object)
}

/** PostgreSQL's quote_ident rule for the identifiers we meet (no keyword list needed for type names). */
export function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`
}
