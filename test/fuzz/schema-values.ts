// Makes one value that satisfies a JSON schema: the baseline each fuzz case
// breaks in exactly one place, so the rejection (or crash) can be blamed on that place.
import type { Rng } from './prng.ts'
import type { JsonSchema } from './openapi-operations.ts'

export interface ValueContext {
  rng: Rng
  /** Ids of rows that exist: a valid id should often name one, so requests reach past the 404. */
  knownIds?: readonly string[]
}

// Tried, in order, for a string with a `pattern` we cannot invert; covers the
// kinds of patterns APIs use (slugs, names, time zones, tokens, codes).
const PATTERN_CANDIDATES = ['abc', 'Europe/Berlin', 'UTC', 'a', 'A', 'abc123', 'ABC', 'a-b_c', 'x1', '1', '123', 'a.b', 'a b', '#a1b2c3', 'en-US', '+15551234567']

export function validValue(schema: JsonSchema, context: ValueContext): unknown {
  const { rng } = context
  if ('const' in schema) return schema.const
  if (schema.enum?.length) return rng.pick(schema.enum)
  if (schema.default !== undefined && rng.chance(0.3)) return schema.default
  const union = schema.anyOf ?? schema.oneOf
  if (union?.length) {
    const branches = union.filter((s) => s.type !== 'null')
    return validValue({ ...withoutUnion(schema), ...rng.pick(branches.length ? branches : union) }, context)
  }
  if (schema.allOf?.length) return validValue(schema.allOf.reduce((merged, part) => mergeSchemas(merged, part), withoutUnion(schema)), context)

  switch (primaryType(schema)) {
    case 'object':
      return validObject(schema, context)
    case 'array': {
      const count = Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 2, 1))
      return Array.from({ length: count }, () => validValue(schema.items ?? {}, context))
    }
    case 'string':
      return validString(schema, context)
    case 'integer':
      return validNumber(schema, rng, true)
    case 'number':
      return validNumber(schema, rng, false)
    case 'boolean':
      return rng.chance(0.5)
    case 'null':
      return null
    default:
      return 'x'
  }
}

export function primaryType(schema: JsonSchema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') ?? schema.type[0] : schema.type
  if (type) return type
  if (schema.properties || schema.additionalProperties !== undefined) return 'object'
  if (schema.items) return 'array'
  if (schema.minLength !== undefined || schema.maxLength !== undefined || schema.pattern || schema.format) return 'string'
  if (schema.minimum !== undefined || schema.maximum !== undefined) return 'number'
  return undefined
}

function validObject(schema: JsonSchema, context: ValueContext): Record<string, unknown> {
  const properties = schema.properties ?? {}
  const required = new Set(schema.required ?? [])
  const result: Record<string, unknown> = {}
  for (const [name, property] of Object.entries(properties)) {
    if (required.has(name) || context.rng.chance(0.5)) result[name] = validValue(property, context)
  }
  // minProperties: add optional properties until there are enough.
  for (const [name, property] of Object.entries(properties)) {
    if (Object.keys(result).length >= (schema.minProperties ?? 0)) break
    if (!(name in result)) result[name] = validValue(property, context)
  }
  return result
}

function validString(schema: JsonSchema, context: ValueContext): string {
  const { rng } = context
  const min = schema.minLength ?? 0
  const max = schema.maxLength ?? Infinity
  const fits = (s: string) => s.length >= min && s.length <= max && (!schema.pattern || new RegExp(schema.pattern, 'u').test(s))
  const formatted = formattedString(schema.format, context)
  if (formatted !== undefined && fits(formatted)) return formatted
  if (schema.pattern) {
    const candidate = PATTERN_CANDIDATES.find(fits)
    if (candidate) return candidate
  }
  const length = Math.min(max, Math.max(min, rng.int(3, 12)))
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  return Array.from({ length }, () => letters[rng.int(0, letters.length - 1)]).join('')
}

function formattedString(format: string | undefined, { rng, knownIds }: ValueContext): string | undefined {
  switch (format) {
    case 'uuid':
      return knownIds?.length && rng.chance(0.9) ? rng.pick(knownIds) : rng.uuid()
    case 'email':
      return `fuzz.${rng.hex(8)}@example.test`
    case 'date-time':
      return new Date(Date.UTC(2026, rng.int(0, 11), rng.int(1, 28), rng.int(0, 23))).toISOString()
    case 'date':
      return `2026-0${rng.int(1, 9)}-1${rng.int(0, 9)}`
    case 'time':
      return `1${rng.int(0, 9)}:30:00Z`
    case 'uri':
    case 'url':
      return `https://example.test/${rng.hex(6)}`
    case 'hostname':
      return 'example.test'
    case 'ipv4':
      return '192.0.2.1'
    default:
      return undefined
  }
}

function validNumber(schema: JsonSchema, rng: Rng, integer: boolean): number {
  const low = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : schema.minimum ?? 0
  const high = schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : schema.maximum ?? Math.max(low, 0) + 100
  const value = low + rng.next() * (high - low)
  const rounded = integer ? Math.min(Math.ceil(high), Math.max(Math.ceil(low), Math.round(value))) : value
  return schema.multipleOf ? Math.ceil(rounded / schema.multipleOf) * schema.multipleOf : rounded
}

function withoutUnion(schema: JsonSchema): JsonSchema {
  const { anyOf: _anyOf, oneOf: _oneOf, allOf: _allOf, ...rest } = schema
  return rest
}

function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  return {
    ...a,
    ...b,
    properties: { ...a.properties, ...b.properties },
    required: [...(a.required ?? []), ...(b.required ?? [])],
  }
}
