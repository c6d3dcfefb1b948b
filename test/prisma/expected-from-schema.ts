// What `prisma migrate` would create in PostgreSQL for a schema, computed from
// Prisma's own DMMF (see prisma-schema-wasm.ts) plus Prisma's documented
// PostgreSQL conventions, which the DMMF leaves implicit:
//
// - constraint and index names default to {table}_{columns}_{pkey|key|idx|fkey},
//   cut to 63 bytes: prisma-engines psl/psl-core/src/datamodel_connector/constraint_names.rs
//   (ConstraintNames::primary_key_name, index_name_impl, foreign_key_constraint_name);
// - scalar types map to text / integer / timestamp(3) / jsonb … unless a @db.*
//   native type says otherwise (Prisma docs, "PostgreSQL type mapping");
// - scalar lists are rendered without NOT NULL (the generated migration shows
//   `"skills" TEXT[] DEFAULT ARRAY[]::TEXT[]`);
// - onDelete defaults to SetNull for an optional relation and Restrict for a
//   required one, onUpdate to Cascade (Prisma docs, "Referential actions").
//
// Anything this does not understand throws, so a schema feature we have not
// mapped fails the test loudly instead of being skipped.
import { addToCatalog, type Catalog, quoteIdentifier } from './catalog.ts'
import type { DmmfField, DmmfModel, PrismaDmmf } from './prisma-schema-wasm.ts'

const MAX_IDENTIFIER_LENGTH = 63 // PostgreSQL's NAMEDATALEN - 1

export function expectedCatalog(dmmf: PrismaDmmf): Catalog {
  const catalog: Catalog = new Map()
  const { models, enums, indexes } = dmmf.datamodel
  const modelsByName = new Map(models.map((m) => [m.name, m]))
  const enumNames = new Map(enums.map((e) => [e.name, e.dbName ?? e.name]))

  for (const e of enums) {
    addToCatalog(catalog, { kind: 'enum', name: e.dbName ?? e.name, properties: { values: e.values.map((v) => v.dbName ?? v.name).join(', ') } })
  }

  for (const model of models) {
    const table = tableName(model)
    addToCatalog(catalog, { kind: 'table', name: table, properties: {} })
    for (const field of model.fields) {
      if (field.kind === 'object') continue
      const type = columnType(field, enumNames)
      addToCatalog(catalog, {
        kind: 'column',
        name: `${table}.${columnName(field)}`,
        properties: {
          type: field.isList ? `${type}[]` : type,
          nullable: field.isRequired && !field.isList ? 'not null' : 'null',
          default: columnDefault(field, table, type, enumNames),
        },
      })
    }
    for (const field of model.fields) {
      if (field.kind === 'object') addForeignKey(catalog, model, field, modelsByName)
    }
  }

  for (const index of indexes) {
    const model = modelsByName.get(index.model)
    if (!model) throw new Error(`DMMF index on unknown model ${index.model}`)
    const table = tableName(model)
    const columns = index.fields.map((f) => columnName(fieldOf(model, f.name)))
    const rendered = index.fields.map((f, i) => {
      if (f.length !== undefined) throw new Error(`schema-diff does not handle index lengths (${index.model}.${f.name})`)
      return [columns[i], operatorClass(f.operatorClass), f.sortOrder === 'desc' ? 'DESC' : ''].filter(Boolean).join(' ')
    })
    if (index.type === 'id') {
      addToCatalog(catalog, { kind: 'primary key', name: `${table}.${index.dbName ?? primaryKeyName(table)}`, properties: { columns: `(${columns.join(', ')})` } })
    } else if (index.type === 'unique' || index.type === 'normal') {
      const unique = index.type === 'unique'
      addToCatalog(catalog, {
        kind: unique ? 'unique index' : 'index',
        name: index.dbName ?? indexName(table, columns, unique ? '_key' : '_idx'),
        properties: { table, columns: `(${rendered.join(', ')})`, method: (index.algorithm ?? 'BTree').toLowerCase(), where: 'none' },
      })
    } else {
      throw new Error(`schema-diff does not handle ${index.type} indexes (${index.model})`)
    }
  }
  return catalog
}

function addForeignKey(catalog: Catalog, model: DmmfModel, field: DmmfField, modelsByName: Map<string, DmmfModel>) {
  const target = modelsByName.get(field.type)
  if (!target) throw new Error(`relation ${model.name}.${field.name} to unknown model ${field.type}`)
  const from = field.relationFromFields ?? []
  if (from.length === 0) {
    // The back side of a relation: the foreign key is on the other model. Both
    // sides being lists would be an implicit many-to-many with a hidden join table.
    const back = target.fields.find((f) => f.relationName === field.relationName && f !== field)
    if (field.isList && back?.isList) throw new Error(`schema-diff does not handle implicit many-to-many relations (${model.name}.${field.name})`)
    return
  }
  const table = tableName(model)
  const columns = from.map((name) => columnName(fieldOf(model, name)))
  const referenced = (field.relationToFields ?? []).map((name) => columnName(fieldOf(target, name)))
  // Relation `map:` names are not in the DMMF; this schema uses none, so the default name is expected.
  addToCatalog(catalog, {
    kind: 'foreign key',
    name: `${table}.${foreignKeyName(table, columns)}`,
    properties: {
      columns: `(${columns.join(', ')})`,
      references: `${tableName(target)} (${referenced.join(', ')})`,
      'on delete': referentialAction(field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull')),
      'on update': referentialAction(field.relationOnUpdate ?? 'Cascade'),
    },
  })
}

function tableName(model: DmmfModel): string {
  return model.dbName ?? model.name
}

function columnName(field: DmmfField): string {
  return field.dbName ?? field.name
}

function fieldOf(model: DmmfModel, name: string): DmmfField {
  const field = model.fields.find((f) => f.name === name)
  if (!field) throw new Error(`DMMF refers to unknown field ${model.name}.${name}`)
  return field
}

// ConstraintNames in prisma-engines: cut "{table}_{columns}" so that it plus the suffix fits in 63 bytes.
function truncatedWithSuffix(base: string, suffix: string): string {
  const limit = MAX_IDENTIFIER_LENGTH - suffix.length
  const bytes = Buffer.from(base, 'utf8')
  if (bytes.length < limit) return `${base}${suffix}`
  let cut = limit
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut-- // keep whole UTF-8 characters
  return `${bytes.subarray(0, cut).toString('utf8')}${suffix}`
}

export function primaryKeyName(table: string): string {
  return truncatedWithSuffix(table, '_pkey')
}

export function indexName(table: string, columns: string[], suffix: '_key' | '_idx'): string {
  return truncatedWithSuffix(`${table}_${columns.join('_')}`, suffix)
}

export function foreignKeyName(table: string, columns: string[]): string {
  return truncatedWithSuffix(`${table}_${columns.join('_')}`, '_fkey')
}

// `ops: raw("gin_trgm_ops")` arrives as the SQL name; Prisma's named classes (e.g. JsonbPathOps) as PascalCase.
function operatorClass(name: string | undefined): string {
  if (!name) return ''
  return /^[A-Z]/.test(name) ? name.replace(/(?<!^)([A-Z])/g, '_$1').toLowerCase() : name
}

function referentialAction(action: string): string {
  const actions: Record<string, string> = { Cascade: 'cascade', Restrict: 'restrict', NoAction: 'no action', SetNull: 'set null', SetDefault: 'set default' }
  const sql = actions[action]
  if (!sql) throw new Error(`unknown referential action ${action}`)
  return sql
}

// Types as PostgreSQL's format_type() prints them (double quotes removed, see database-catalog.ts).
const DEFAULT_TYPES: Record<string, string> = {
  String: 'text',
  Boolean: 'boolean',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
}

function withArgs(name: string, args: string[]): string {
  return args.length ? `${name}(${args.join(',')})` : name
}

const NATIVE_TYPES: Record<string, (args: string[]) => string> = {
  Text: () => 'text',
  Char: (a) => withArgs('character', a),
  VarChar: (a) => withArgs('character varying', a),
  Bit: (a) => withArgs('bit', a),
  VarBit: (a) => withArgs('bit varying', a),
  Uuid: () => 'uuid',
  Xml: () => 'xml',
  Inet: () => 'inet',
  Citext: () => 'citext',
  Boolean: () => 'boolean',
  Integer: () => 'integer',
  SmallInt: () => 'smallint',
  BigInt: () => 'bigint',
  Oid: () => 'oid',
  Real: () => 'real',
  DoublePrecision: () => 'double precision',
  Decimal: (a) => withArgs('numeric', a),
  Money: () => 'money',
  Date: () => 'date',
  Timestamp: (a) => `${withArgs('timestamp', a)} without time zone`,
  Timestamptz: (a) => `${withArgs('timestamp', a)} with time zone`,
  Time: (a) => `${withArgs('time', a)} without time zone`,
  Timetz: (a) => `${withArgs('time', a)} with time zone`,
  Json: () => 'json',
  JsonB: () => 'jsonb',
  ByteA: () => 'bytea',
}

function columnType(field: DmmfField, enumNames: Map<string, string>): string {
  if (field.kind === 'enum') return enumNames.get(field.type) ?? field.type
  if (field.kind === 'unsupported') return field.type // Unsupported("tsvector"): the database type as written (see schema-model.ts)
  if (field.nativeType) {
    const [name, args] = field.nativeType
    const native = NATIVE_TYPES[name]
    if (!native) throw new Error(`schema-diff does not know native type @db.${name} (${field.name})`)
    return native(args)
  }
  const type = DEFAULT_TYPES[field.type]
  if (!type) throw new Error(`schema-diff does not know scalar type ${field.type} (${field.name})`)
  return type
}

// Defaults as PostgreSQL's pg_get_expr() prints the ones Prisma renders.
function columnDefault(field: DmmfField, table: string, type: string, enumNames: Map<string, string>): string {
  if (!('default' in field) || field.default === undefined) return 'none'
  const value = field.default
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const { name, args } = value as { name: string; args: unknown[] }
    switch (name) {
      case 'now':
        return 'CURRENT_TIMESTAMP'
      case 'uuid':
      case 'cuid':
      case 'ulid':
      case 'nanoid':
        return 'none' // generated by Prisma Client, not by the database
      case 'autoincrement': // a serial column's sequence (PostgreSQL cuts long names its own way: not handled)
        return `nextval('${table}_${columnName(field)}_seq'::regclass)`
      case 'dbgenerated':
        return String(args[0])
      default:
        throw new Error(`schema-diff does not handle @default(${name}()) (${field.name})`)
    }
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return `ARRAY[]::${field.kind === 'enum' ? quoteIdentifier(type) : type}[]`
    return `ARRAY[${value.map((v) => literal(v, field, type, enumNames)).join(', ')}]`
  }
  return literal(value, field, type, enumNames)
}

function literal(value: unknown, field: DmmfField, type: string, enumNames: Map<string, string>): string {
  const quote = (s: string) => `'${s.replaceAll("'", "''")}'`
  if (field.kind === 'enum') return `${quote(String(value))}::${quoteIdentifier(enumNames.get(field.type) ?? field.type)}`
  if (typeof value === 'boolean') return String(value)
  if (typeof value === 'number') return value < 0 ? `(${value})` : String(value)
  const castTo = type === 'character varying' || type.startsWith('character varying(') ? 'character varying' : type.startsWith('character(') ? 'bpchar' : type
  return `${quote(String(value))}::${castTo}`
}
