// Values that break one field of a request: wrong types, out-of-range numbers,
// wrong lengths, look-alike ids and the hostile-strings corpus. Each carries a
// label so a failure says exactly what was sent.
import type { JsonSchema } from './openapi-operations.ts'
import type { Rng } from './prng.ts'
import { validValue, primaryType } from './schema-values.ts'
import { DATE_TIME_LOOKALIKES, EMAIL_LOOKALIKES, HOSTILE_STRINGS, uuidLookalikes } from './hostile-strings.ts'

/** JSON text inserted verbatim, for numbers JSON.stringify cannot write (1e400, 2^53+1, -0). */
export class RawJson {
  constructor(readonly text: string) {}
}

export interface Mutation {
  label: string
  value: unknown
  /** Kept even when an operation has more cases than the budget allows. */
  priority?: boolean
}

export const HUGE_STRING_LENGTH = 100_000

/** {"a":{"a":…1…}} as raw JSON text: JSON.stringify itself would overflow the stack on it. */
export function deeplyNested(depth: number): RawJson {
  return new RawJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))
}

export function mutationsFor(schema: JsonSchema, rng: Rng): Mutation[] {
  const type = primaryType(schema)
  const union = schema.anyOf ?? schema.oneOf
  const enumerated = schema.enum ?? ('const' in schema ? [schema.const] : union?.every((s) => s.enum || 'const' in s) ? union.flatMap((s) => s.enum ?? [s.const]) : undefined)
  const list: Mutation[] = [...wrongTypes(type)]
  if (enumerated) list.push(...enumMutations(enumerated))
  if (type === 'string') list.push(...stringMutations(schema, rng))
  if (type === 'integer' || type === 'number') list.push(...numberMutations(schema, type === 'integer'))
  if (type === 'boolean') list.push({ label: 'boolean as "yes"', value: 'yes' }, { label: 'boolean as 2', value: 2 })
  if (type === 'array') list.push(...arrayMutations(schema, rng))
  if (type === 'object') list.push(...objectMutations(schema, rng))
  return list
}

function wrongTypes(type: string | undefined): Mutation[] {
  const all: Array<[string, string, unknown]> = [
    ['string', 'a string', 'not the right type'],
    ['number', 'a number', 12345],
    ['boolean', 'a boolean', true],
    ['null', 'null', null],
    ['array', 'an array', ['a', 'b']],
    ['object', 'an object', { nested: 'object' }],
  ]
  // The first wrong type is a priority case: every field gets at least one type confusion.
  return all.filter(([t]) => t !== type && !(t === 'number' && type === 'integer')).map(([, label, value], i) => ({ label: `${label} instead of ${type ?? 'any'}`, value, priority: i === 0 }))
}

function enumMutations(values: unknown[]): Mutation[] {
  const first = values.find((v) => typeof v === 'string') as string | undefined
  return [
    { label: 'value outside the enum', value: 'NOT_A_KNOWN_VALUE', priority: true },
    ...(first ? [{ label: 'enum value in other case', value: first === first.toLowerCase() ? first.toUpperCase() : first.toLowerCase() }, { label: 'enum value with trailing space', value: `${first} ` }] : []),
    { label: 'empty string for an enum', value: '' },
  ]
}

function stringMutations(schema: JsonSchema, rng: Rng): Mutation[] {
  const list: Mutation[] = [
    { label: 'empty string', value: '' },
    { label: '100 kB string', value: 'a'.repeat(HUGE_STRING_LENGTH), priority: true },
  ]
  if (schema.maxLength !== undefined) list.push({ label: `maxLength+1 (${schema.maxLength + 1})`, value: 'a'.repeat(schema.maxLength + 1) })
  if ((schema.minLength ?? 0) > 1) list.push({ label: `minLength-1 (${schema.minLength! - 1})`, value: 'a'.repeat(schema.minLength! - 1) })
  for (const [label, value] of HOSTILE_STRINGS) list.push({ label, value, priority: label === 'NUL byte' })
  if (schema.format === 'uuid') for (const [label, value] of uuidLookalikes(rng.uuid())) list.push({ label, value, priority: label === 'urn:uuid: prefix' })
  if (schema.format === 'email') for (const [label, value] of EMAIL_LOOKALIKES) list.push({ label, value })
  if (schema.format === 'date-time' || schema.format === 'date') for (const [label, value] of DATE_TIME_LOOKALIKES) list.push({ label, value })
  list.push(...opaqueTokenMutations(schema))
  return list
}

// A string the client is told is opaque (a cursor, a token) is often decoded by
// the server. If the pattern allows base64url, send base64url-encoded JSON the
// decoder will accept but the code after it may not expect.
function opaqueTokenMutations(schema: JsonSchema): Mutation[] {
  if (!schema.pattern) return []
  const pattern = new RegExp(schema.pattern, 'u')
  const decodedValues: Array<[string, unknown]> = [
    ['36 hyphens', '-'.repeat(36)],
    ['UUID-shaped non-UUID', '0000000000000000000000000000000000ff'],
    ['UUID with a non-hex digit', 'g0000000-0000-0000-0000-000000000000'],
    ['empty object', {}],
    ['array', [1, 2]],
    ['huge number', 1e308],
    ['null', null],
    ['nested object', { id: { $gt: '' } }],
  ]
  return decodedValues
    .map(([label, decoded], i) => ({ label: `base64url JSON token: ${label}`, value: Buffer.from(JSON.stringify(decoded)).toString('base64url'), priority: i === 0 }))
    .filter((m) => pattern.test(m.value) && m.value.length <= (schema.maxLength ?? Infinity))
}

function numberMutations(schema: JsonSchema, integer: boolean): Mutation[] {
  const list: Mutation[] = [
    { label: 'numeric string that is not a number', value: 'abc' },
    { label: 'negative number', value: -1 },
    { label: 'zero', value: 0 },
    { label: 'int32 max + 1', value: 2_147_483_648 },
    { label: 'int32 min - 1', value: -2_147_483_649 },
    { label: '2^53 + 1 (beyond double precision)', value: new RawJson('9007199254740993') },
    { label: '30-digit integer', value: new RawJson('123456789012345678901234567890') },
    { label: '1e308', value: 1e308 },
    { label: '-1e308', value: -1e308 },
    { label: '1e400 (overflows to Infinity)', value: new RawJson('1e400'), priority: true },
    { label: 'negative zero', value: new RawJson('-0') },
  ]
  if (integer) list.push({ label: 'fraction for an integer', value: 1.5 }, { label: 'exponent-form integer', value: new RawJson('1e2') })
  if (schema.minimum !== undefined) list.push({ label: `minimum-1 (${schema.minimum - 1})`, value: schema.minimum - 1 })
  if (schema.maximum !== undefined) list.push({ label: `maximum+1 (${schema.maximum + 1})`, value: schema.maximum + 1, priority: true })
  return list
}

function arrayMutations(schema: JsonSchema, rng: Rng): Mutation[] {
  const item = () => validValue(schema.items ?? {}, { rng })
  const list: Mutation[] = [
    { label: 'array of nulls', value: [null, null] },
    { label: '10 000 items', value: Array.from({ length: 10_000 }, item) },
    { label: 'arrays nested 5 000 levels', value: new RawJson('['.repeat(5000) + ']'.repeat(5000)) },
  ]
  if (schema.maxItems !== undefined) list.push({ label: `maxItems+1 (${schema.maxItems + 1})`, value: Array.from({ length: schema.maxItems + 1 }, item), priority: true })
  return list
}

function objectMutations(schema: JsonSchema, rng: Rng): Mutation[] {
  const base = validValue(schema, { rng }) as Record<string, unknown>
  const list: Mutation[] = [
    { label: 'empty object', value: {} },
    { label: 'object with an unknown property', value: { ...base, unknownPropertyFromFuzzer: 1 }, priority: true },
    { label: 'object nested 1 000 levels', value: deeplyNested(1000) },
  ]
  for (const name of schema.required ?? []) {
    const { [name]: _dropped, ...rest } = base
    list.push({ label: `object missing required ${name}`, value: rest })
  }
  return list
}
