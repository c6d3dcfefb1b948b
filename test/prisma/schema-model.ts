// The DMMF of prisma/schema.prisma, including the fields the DMMF leaves out.
//
// Prisma drops `Unsupported("…")` fields from the DMMF (the client cannot read
// them), yet `prisma migrate` creates their columns, and indexes may use them.
// To still have Prisma's parser read those fields (@map, optionality, lists,
// defaults), the schema is parsed a second time with each `Unsupported("type")`
// swapped for a supported stand-in type that the field's indexes accept (Gin:
// Json; Gist/SpGist: String @db.Inet; otherwise String). The parsed field is
// then turned back into an "unsupported" field of the original database type.
// Only that one token per field is touched; the rest is Prisma's own reading.
import { readFileSync } from 'node:fs'
import { getDmmf, type DmmfField, type PrismaDmmf } from './prisma-schema-wasm.ts'

// A field line: indentation, name, Unsupported("type"), then ? or [] (comments never match: they start with //).
const UNSUPPORTED_FIELD = /^(\s*)(\w+)(\s+)Unsupported\(\s*"((?:[^"\\]|\\.)*)"\s*\)(\?|\[\])?/
const BLOCK_START = /^\s*(model|view)\s+(\w+)\s*\{/

// Parsing takes a few hundred milliseconds (the DMMF carries Prisma Client's whole
// query schema), and the test compares many databases with the same file.
const cache = new Map<string, PrismaDmmf>()

/** The schema's DMMF with Unsupported fields restored. Callers must not modify it (it is cached). */
export function loadSchemaModel(schemaPath: string): PrismaDmmf {
  const text = readFileSync(schemaPath, 'utf8')
  const key = `${schemaPath}\0${text}`
  let model = cache.get(key)
  if (!model) cache.set(key, (model = parse(schemaPath, text)))
  return model
}

function parse(schemaPath: string, text: string): PrismaDmmf {
  const dmmf = getDmmf(schemaPath, text) // reports Prisma's own errors against the real file
  const lines = text.split('\n')
  const unsupported = new Map<string, string>() // "Model.field" → database type
  let block = ''
  const marked = lines.map((line) => {
    block = BLOCK_START.exec(line)?.[2] ?? block
    const match = UNSUPPORTED_FIELD.exec(line)
    if (!match) return line
    const [whole, indent, name, space, type, suffix = ''] = match
    unsupported.set(`${block}.${name}`, JSON.parse(`"${type}"`) as string)
    return `${indent}${name}${space}${standIn(dmmf, block, name!, suffix)}${line.slice(whole.length)}`
  })
  if (unsupported.size === 0) return dmmf

  const withStandIns = getDmmf(schemaPath, marked.join('\n'))
  for (const model of dmmf.datamodel.models) {
    const parsed = withStandIns.datamodel.models.find((m) => m.name === model.name)!
    // Keep Prisma's field order: take the stand-in parse's list, restoring the real type where swapped.
    model.fields = parsed.fields.map((field): DmmfField => {
      const type = unsupported.get(`${model.name}.${field.name}`)
      return type === undefined ? model.fields.find((f) => f.name === field.name) ?? field : { ...field, kind: 'unsupported', type, nativeType: null }
    })
  }
  return dmmf
}

function standIn(dmmf: PrismaDmmf, model: string, field: string, suffix: string): string {
  const algorithms = dmmf.datamodel.indexes
    .filter((index) => index.model === model && index.fields.some((f) => f.name === field))
    .map((index) => index.algorithm)
  if (algorithms.includes('Gin')) return `Json${suffix}`
  if (algorithms.includes('Gist') || algorithms.includes('SpGist')) return `String${suffix} @db.Inet`
  return `String${suffix}`
}
