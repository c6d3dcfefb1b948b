// Counts the routes Fastify's router really holds, per method, from printRoutes
// (the only public view of the router), to prove the route catalogue misses none.
import type { FastifyInstance } from 'fastify'
import type { RouteEntry } from '../../src/plugins/app/access-control.ts'

export function methodCounts(methods: string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const method of methods) counts.set(method, (counts.get(method) ?? 0) + 1)
  return counts
}

/** Every method of every route in the router's tree, e.g. "├── /users (GET, HEAD, POST)". */
export function routerMethods(app: FastifyInstance): string[] {
  return app
    .printRoutes({ commonPrefix: false })
    .split('\n')
    .flatMap((line) => /\(([A-Z, ]+)\)\s*$/.exec(line)?.[1]?.split(', ') ?? [])
}

/** Methods the router has more routes for than the catalogue lists, with the router's tree to find them in. */
export function routesMissingFromCatalogue(app: FastifyInstance, catalogue: RouteEntry[]): string[] {
  const inRouter = methodCounts(routerMethods(app))
  const inCatalogue = methodCounts(catalogue.map((r) => r.method))
  return [...inRouter]
    .filter(([method, count]) => count > (inCatalogue.get(method) ?? 0))
    .map(([method, count]) => `${count - (inCatalogue.get(method) ?? 0)} ${method} route(s) in the router but not in app.routeCatalogue`)
}
