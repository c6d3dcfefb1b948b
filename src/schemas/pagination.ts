import { Type, type TSchema } from 'typebox'
import { UUID_PATTERN } from './common.ts'

// Keyset pagination: `cursor` is opaque to clients (the last row's sort key).
export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
}

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) })

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/**
 * Decodes a cursor made by encodeCursor: undefined when absent, a 400 when it
 * is not one this API issued (a client that sends one expects that page, not
 * the first).
 */
export function decodeCursor<T>(cursor: string | undefined, isValid: (v: unknown) => v is T): T | undefined {
  if (!cursor) return undefined
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw badCursor()
  }
  if (!isValid(value)) throw badCursor()
  return value
}

// Lower case, as the API writes ids (and so cursors).
const UUID = new RegExp(UUID_PATTERN)

/** A real UUID: anything else inside a decoded cursor would make PostgreSQL fail (500). */
export const isUuidCursor = (v: unknown): v is string => typeof v === 'string' && UUID.test(v)

// An instant exactly as toISOString writes it, from year 1 (PostgreSQL has no year 0).
const ISO_INSTANT = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/**
 * An instant as this API writes it into cursors. Date.parse alone is not
 * enough: it takes "1", "2026" or year 275760, which PostgreSQL refuses (500);
 * the round trip also refuses impossible dates such as a 30th of February.
 */
export const isInstantCursor = (v: unknown): v is string => typeof v === 'string' && ISO_INSTANT.test(v) && new Date(v).toISOString() === v

/** 400 for a cursor this API did not issue, shaped like a validation error (pointer /querystring/cursor). */
function badCursor(): Error {
  return Object.assign(new Error('cursor is not valid'), {
    statusCode: 400,
    code: 'FST_ERR_VALIDATION',
    validationContext: 'querystring',
    validation: [{ instancePath: '/cursor', message: 'is not a cursor this list returned' }],
  })
}
