// One plausible request per catalogue route: path parameters filled with values
// their schema accepts (so the request gets past validation when access allows
// it), and an empty JSON object as the body where a body is expected.
import type { RouteEntry } from '../../src/plugins/app/access-control.ts'
import { routeUrlOf, type Operation } from '../fuzz/openapi-operations.ts'
import { validValue } from '../fuzz/schema-values.ts'
import type { Rng } from '../fuzz/prng.ts'

export interface RouteRequest {
  method: string
  url: string
  payload?: object
}

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH'])

export function requestFor(entry: RouteEntry, operations: Operation[], rng: Rng): RouteRequest {
  // A HEAD route is Fastify's copy of the GET route: same parameters.
  const documentedMethod = entry.method === 'HEAD' ? 'GET' : entry.method
  const operation = operations.find((o) => o.method === documentedMethod && routeUrlOf(o.path) === entry.url)
  const url = entry.url
    // :name, optionally with a regexp constraint, e.g. :id(^\\d+$)
    .replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, (_m, name: string) => {
      const schema = operation?.pathParams.find((p) => p.name === name)?.schema
      return encodeURIComponent(String(schema ? validValue(schema, { rng }) : rng.uuid()))
    })
    .replace(/\*$/, 'x')
  return { method: entry.method, url, ...(METHODS_WITH_BODY.has(entry.method) ? { payload: {} } : {}) }
}
