// Compares a database with prisma/schema.prisma: everything the schema
// implies (via Prisma's own parser) plus the hand-written objects, and nothing
// else. Returns one plain sentence per difference, sorted; [] means they match.
import type pg from 'pg'
import { catalogKey, type Catalog, type CatalogObject } from './catalog.ts'
import { databaseCatalog } from './database-catalog.ts'
import { expectedCatalog } from './expected-from-schema.ts'
import { HAND_WRITTEN_OBJECTS, type HandWrittenObject } from './hand-written-objects.ts'
import { loadSchemaModel } from './schema-model.ts'

/** `database`: a URL, or an open client (whose uncommitted changes are then seen). */
export async function diffDatabaseAgainstSchema(
  database: string | pg.ClientBase,
  schemaPath: string,
  handWritten: readonly HandWrittenObject[] = HAND_WRITTEN_OBJECTS,
): Promise<string[]> {
  const fromSchema = expectedCatalog(loadSchemaModel(schemaPath))
  const listed = new Map(handWritten.map((h) => [catalogKey(h.kind, h.name), h]))
  for (const key of listed.keys()) {
    if (fromSchema.has(key)) throw new Error(`hand-written-objects.ts lists ${key}, which schema.prisma already describes`)
  }
  return compareCatalogs(fromSchema, listed, await databaseCatalog(database))
}

function compareCatalogs(fromSchema: Catalog, handWritten: Map<string, HandWrittenObject>, actual: Catalog): string[] {
  const differences: string[] = []
  for (const [key, expected] of fromSchema) {
    const found = actual.get(key)
    if (!found) differences.push(`missing from the database: ${key}${describe(expected)}`)
    else differences.push(...compareProperties(key, expected, found))
  }
  for (const [key, listed] of handWritten) {
    const found = actual.get(key)
    if (!found) differences.push(`missing from the database: ${key} (listed in hand-written-objects.ts)`)
    else if (listed.definition !== undefined && listed.definition !== found.definition) {
      differences.push(`${key}: database has ${found.definition}; hand-written-objects.ts says ${listed.definition}`)
    }
  }
  for (const [key, found] of actual) {
    if (!fromSchema.has(key) && !handWritten.has(key)) {
      differences.push(`in the database but not in schema.prisma or hand-written-objects.ts: ${key}${describe(found)}`)
    }
  }
  return differences.sort()
}

function compareProperties(key: string, expected: CatalogObject, actual: CatalogObject): string[] {
  const names = new Set([...Object.keys(expected.properties), ...Object.keys(actual.properties)])
  return [...names]
    .filter((name) => expected.properties[name] !== actual.properties[name])
    .map((name) => `${key}: ${name} is ${actual.properties[name] ?? '(unset)'} in the database, ${expected.properties[name] ?? '(unset)'} in schema.prisma`)
}

function describe(object: CatalogObject): string {
  const parts = Object.entries(object.properties).map(([name, value]) => `${name} ${value}`)
  if (!parts.length && object.definition) parts.push(object.definition)
  return parts.length ? ` (${parts.join('; ')})` : ''
}
