import { fullFormats } from 'ajv-formats/dist/formats.js'

const rfc3339 = fullFormats['date-time'] as { validate: (value: string) => boolean; compare: (a: string, b: string) => number | undefined }

/**
 * RFC 3339 allows what neither JavaScript nor PostgreSQL stores: a leap second
 * ("23:59:60", an invalid Date in JavaScript) and year 0000 (PostgreSQL has no
 * year 0). ajv-formats' date-time accepts both, and the route code then fails
 * on them with a 500. Every date-time in the API is an instant we store or
 * compare, so the format itself refuses them, in one place.
 */
export function isStorableInstant(value: string): boolean {
  return rfc3339.validate(value) && !value.startsWith('0000') && Number.isFinite(Date.parse(value))
}

/** Replaces ajv-formats' date-time (added by Fastify's compiler before onCreate runs), keeping its comparison for formatMinimum and the like. */
export function useStorableInstants(ajv: { addFormat(name: string, format: typeof rfc3339): unknown }): void {
  ajv.addFormat('date-time', { validate: isStorableInstant, compare: rfc3339.compare })
}
