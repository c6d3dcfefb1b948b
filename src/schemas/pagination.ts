import { Type, type TSchema } from 'typebox'

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

/** Decodes a cursor made by encodeCursor; undefined when absent or not one of ours. */
export function decodeCursor<T>(cursor: string | undefined, isValid: (v: unknown) => v is T): T | undefined {
  if (!cursor) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    return isValid(value) ? value : undefined
  } catch {
    return undefined
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A real UUID: anything else inside a decoded cursor would make PostgreSQL fail (500). */
export const isUuidCursor = (v: unknown): v is string => typeof v === 'string' && UUID.test(v)

/** 400 for a cursor this API did not issue, shaped like a validation error (pointer /querystring/cursor). */
export function badCursor(): Error {
  return Object.assign(new Error('cursor is not valid'), {
    statusCode: 400,
    code: 'FST_ERR_VALIDATION',
    validationContext: 'querystring',
    validation: [{ instancePath: '/cursor', message: 'is not a cursor this list returned' }],
  })
}
