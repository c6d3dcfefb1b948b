import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'

// Values JSON Schema lets through that the rest of the stack cannot take, checked
// once after validation so every route is covered without touching its schema:
// - U+0000 in a string: PostgreSQL text cannot store it (error 22021, was a 500);
// - a lone UTF-16 surrogate: PostgreSQL would silently store U+FFFD instead;
// - a non-finite number: ajv coerces "1e400" or "Infinity" in a query or path
//   parameter to Infinity and then skips minimum/maximum (ajv#2212, fastify#6718).
export default fp(
  async function inputGuards(fastify) {
    fastify.addHook('preHandler', async (request: FastifyRequest) => {
      const parts: Array<[string, unknown]> = [['body', request.body], ['querystring', request.query], ['params', request.params]]
      for (const [context, value] of parts) {
        const found = findUnstorable(value, '', 0)
        if (found) {
          throw Object.assign(new Error(`${context}${found.path} ${found.message}`), {
            statusCode: 400,
            code: 'FST_ERR_VALIDATION',
            validation: [{ instancePath: found.path, message: found.message }],
            validationContext: context,
          })
        }
      }
    })
  },
  { name: 'input-guards' },
)

/** The first value under `value` the stack cannot store, with its JSON pointer. Also used on CSV import rows, which no route schema sees. */
export function findUnstorable(value: unknown, path = '', depth = 0): { path: string; message: string } | undefined {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { path, message: 'must not contain NUL (U+0000) characters' }
    if (/\p{Surrogate}/u.test(value)) return { path, message: 'must be well-formed Unicode (no lone surrogates)' }
    return undefined
  }
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, message: 'must be a finite number' }
  if (typeof value !== 'object' || value === null || depth > 64) return undefined
  for (const [key, inner] of Object.entries(value)) {
    const found = findUnstorable(inner, `${path}/${key}`, depth + 1)
    if (found) return found
  }
  return undefined
}
