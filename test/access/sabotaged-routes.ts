// Routes whose guard does not enforce what they declare, registered only in the
// access test's app. Each models a way the guard could break (authentication
// skipped, the role check skipped, roles widened or narrowed); the walk must
// report every one of them, which proves it compares behaviour with the declaration.
//
// How: access-control's onRoute hook records the declared access in the
// catalogue first; this plugin's own onRoute hook runs after it and swaps the
// access the onRequest guard will read for `enforcedAccess`.
import type { FastifyPluginAsync, RouteOptions } from 'fastify'
import { access, type Access } from '../../src/plugins/app/access-control.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Test only: the access the guard enforces instead of the declared one. */
    enforcedAccess?: Access
  }
}

export const SABOTAGE_PREFIX = '/__access-selftest'

interface Sabotage {
  path: string
  declared: Access
  enforced: Access
  /** The callers the walk must flag on this route. */
  flagged: string[]
}

export const SABOTAGES: Sabotage[] = [
  { path: '/authentication-skipped', declared: access.roles('ADMIN'), enforced: access.public, flagged: ['anonymous', 'RECRUITER', 'HIRING_MANAGER', 'INTERVIEWER'] },
  { path: '/role-check-skipped', declared: access.roles('ADMIN'), enforced: access.anyUser, flagged: ['RECRUITER', 'HIRING_MANAGER', 'INTERVIEWER'] },
  { path: '/one-role-too-many', declared: access.roles('ADMIN', 'HIRING_MANAGER'), enforced: access.roles('ADMIN', 'HIRING_MANAGER', 'RECRUITER'), flagged: ['RECRUITER'] },
  { path: '/one-role-too-few', declared: access.anyUser, enforced: access.roles('ADMIN', 'RECRUITER', 'HIRING_MANAGER'), flagged: ['INTERVIEWER'] },
  { path: '/public-route-guarded', declared: access.public, enforced: access.roles('ADMIN'), flagged: ['anonymous', 'RECRUITER', 'HIRING_MANAGER', 'INTERVIEWER'] },
]

export const sabotagedRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRoute', (route: RouteOptions) => {
    const enforced = route.config?.enforcedAccess
    if (enforced) route.config = { ...route.config, access: enforced }
  })
  for (const sabotage of SABOTAGES) {
    app.get(
      SABOTAGE_PREFIX + sabotage.path,
      { schema: { hide: true }, exposeHeadRoute: false, config: { access: sabotage.declared, enforcedAccess: sabotage.enforced } },
      async () => ({ reached: 'handler' }),
    )
  }
}
